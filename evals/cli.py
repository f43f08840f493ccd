"""`policy-assistant eval …`: run the gold dataset and gate on thresholds; validate a dataset file.

Exit codes: 0 all thresholds met / dataset valid; 1 a metric below its threshold; 2 bad dataset, thresholds or setup.
"""

from __future__ import annotations

from pathlib import Path

import typer

from assistant import cli_output

from evals.dataset import DatasetError, load_dataset, unknown_citations
from evals.thresholds import DEFAULT_THRESHOLDS, gate_failures, load_thresholds

eval_app = typer.Typer(help="评测：金标准问题集、引用准确率、报告与门槛", no_args_is_help=True)
console = cli_output.LazyConsole()  # a pipe gets no wrapping (assistant/cli_output.py)
err = cli_output.LazyConsole(stderr=True)


def _load(dataset: Path):
    try:
        return load_dataset(dataset)
    except FileNotFoundError:
        err.print(f"[red]no such dataset:[/red] {dataset}")
        raise typer.Exit(2) from None
    except DatasetError as e:
        err.print(f"[red]invalid dataset[/red] {e.path}:", highlight=False)
        for p in e.problems:
            err.print(f"  {p}", markup=False, highlight=False)
        raise typer.Exit(2) from None


@eval_app.command("run")
def run(
    dataset: Path = typer.Option(..., "--dataset", help="gold JSONL file"),
    report_dir: Path = typer.Option(..., "--report", help="directory for report.json, report.md, scores.png"),
    no_baselines: bool = typer.Option(False, "--no-baselines", help="skip the dense-only / BM25-only baselines"),
    limit: int | None = typer.Option(None, "--limit", min=1, help="only the first N cases"),
    thresholds_file: Path = typer.Option(DEFAULT_THRESHOLDS, "--thresholds", help="thresholds TOML"),
    allow_missing: bool = typer.Option(
        False, "--allow-missing", help="a thresholded metric with no applicable cases does not fail the run"
    ),
) -> None:
    """Ask every case, score it, write the report, exit 1 if a metric is below its threshold."""
    from evals.report import print_report, write_report
    from evals.runner import evaluate, open_assistant, open_retriever

    cases = _load(dataset)
    if limit is not None:
        cases = cases[:limit]
    try:
        thresholds = load_thresholds(thresholds_file)
    except (OSError, ValueError) as e:
        err.print(f"[red]bad thresholds file {thresholds_file}:[/red] {e}", highlight=False)
        raise typer.Exit(2) from None

    try:
        with console.status("loading the assistant…"):
            assistant = open_assistant()
    except Exception as e:  # noqa: BLE001 - a setup problem, not a score: say what and exit 2
        err.print(f"[red]cannot open the assistant:[/red] {type(e).__name__}: {e}", highlight=False)
        raise typer.Exit(2) from None
    retriever, retriever_error = None, None
    if not no_baselines:
        try:
            with console.status("loading the retriever for the baselines…"):
                retriever = open_retriever()
        except Exception as e:  # noqa: BLE001 - reported in the baselines table, not fatal
            retriever_error = f"retriever unavailable: {type(e).__name__}: {e}"
            err.print(f"[yellow]{retriever_error}[/yellow]", highlight=False)

    with console.status(f"asking {len(cases)} questions…"):
        report = evaluate(
            cases, assistant, dataset=str(dataset), retriever=retriever, retriever_error=retriever_error,
            thresholds=thresholds,
        )
    paths = write_report(report, report_dir)
    print_report(report, console)
    console.print("wrote " + ", ".join(str(p) for p in paths.values()), highlight=False)

    failing = gate_failures(report.thresholds, allow_missing=allow_missing)
    for t in report.thresholds:
        if t.status == "missing" and allow_missing:
            console.print(f"[yellow]not evaluated:[/yellow] {t.describe()}", highlight=False)
    if failing:
        err.print(f"[red]{len(failing)} metric(s) below threshold:[/red]")
        for t in failing:
            err.print(f"  {t.describe()}", markup=False, highlight=False)
        raise typer.Exit(1)
    console.print("[green]all thresholds met[/green]")


@eval_app.command("validate")
def validate(
    dataset: Path = typer.Option(..., "--dataset", help="gold JSONL file"),
    corpus_check: bool = typer.Option(True, "--corpus/--no-corpus", help="also check citation ids exist"),
) -> None:
    """Check every line against the GoldCase schema (and expected ids against the corpus)."""
    cases = _load(dataset)
    if corpus_check:
        try:
            from assistant.corpus import load_corpus

            known = set(load_corpus().items)
        except Exception as e:  # noqa: BLE001 - the schema check still stands
            err.print(f"[yellow]corpus not loadable, ids not checked against it:[/yellow] {e}", highlight=False)
        else:
            problems = unknown_citations(cases, known)
            if problems:
                err.print(f"[red]invalid dataset[/red] {dataset}:", highlight=False)
                for p in problems:
                    err.print(f"  {p}", markup=False, highlight=False)
                raise typer.Exit(2)
    by_cat: dict[str, int] = {}
    for c in cases:
        by_cat[c.category] = by_cat.get(c.category, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(by_cat.items()))
    console.print(f"[green]{dataset}: {len(cases)} valid cases[/green] ({summary})", highlight=False)
