"""`policy-assistant index build|status`: the retrieval index lifecycle from the command line."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

index_app = typer.Typer(help="检索索引：构建与状态", no_args_is_help=True)
console = Console()

_STAGES = {"embedding": "向量化条款", "storing": "写入 Chroma", "onnx": "导出并校验 ONNX 查询模型", "done": "切换到新索引"}


@index_app.command("build")
def build(force: bool = typer.Option(False, "--force", help="rebuild even when the index is up to date"),
          as_json: bool = typer.Option(False, "--json", help="print the build's status as JSON")) -> None:
    """Build (or rebuild when stale or damaged) the retrieval index; the previous index stays usable until the swap.

    A current build that cannot be opened is set aside under <index_dir>/broken/ first and built again."""
    from assistant.corpus import CorpusError
    from assistant.model_check import ModelIntegrityError
    from assistant.retrieval import ChromaUnavailable, ModelNotFound, OnnxExportRefused, Retriever, health
    from assistant.settings import get_settings

    recovery = health.recover(get_settings())
    if recovery.acted:
        console.print(f"[yellow]damaged index:[/yellow] {recovery.summary()}", highlight=False)
        force = True  # asked to build: build, rather than settle for the previous build

    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=False,
    ) as progress:
        tasks: dict[str, int] = {}
        loading = progress.add_task("加载语料和模型", total=None)

        def report(stage: str, done: int, total: int) -> None:
            progress.update(loading, total=1, completed=1)
            if stage not in tasks:
                tasks[stage] = progress.add_task(_STAGES.get(stage, stage), total=total)
            progress.update(tasks[stage], completed=done, total=total)

        try:
            retriever = Retriever.open(rebuild=force, progress=report)
        except (ModelNotFound, ModelIntegrityError, CorpusError, ChromaUnavailable, OnnxExportRefused) as e:
            progress.stop()
            console.print(f"[red]index build failed:[/red] {e}", markup=False, highlight=False)
            raise typer.Exit(2) from None
        except Exception as e:  # noqa: BLE001 - one line that says what failed, not a traceback
            progress.stop()
            console.print(f"index build failed: {e.__class__.__name__}: {e}", markup=False, highlight=False)
            raise typer.Exit(2) from None
        progress.update(loading, total=1, completed=1)
    s = retriever.status()
    if as_json:
        typer.echo(json.dumps({**s, "built": retriever.built, "recovery": recovery.__dict__}, ensure_ascii=False,
                              indent=2, default=str))
        return
    if retriever.built:
        console.print(f"[green]built[/green] {s['n_nodes']} nodes for {s['n_items']} items in {s['build_seconds']} s "
                      f"→ {s['index_dir']}")
        if s.get("onnx"):
            o = s["onnx"]
            console.print(f"ONNX query encoder: {'reused' if o['reused'] else 'exported'} ({o['dir']}), largest cosine "
                          f"difference to sentence-transformers over {o['verified_texts']} nodes: "
                          f"{o['max_cosine_diff']:.1e}")
    else:
        console.print(f"[green]index is up to date[/green] ({s['index_dir']}); use --force to rebuild")
    for p in s.get("enrichment_problems") or []:
        console.print(f"[yellow]enrichment:[/yellow] {p}")


@index_app.command("status")
def status(as_json: bool = typer.Option(False, "--json")) -> None:
    """Show the current index build and whether it is stale (does not load the model)."""
    from assistant.retrieval.health import verify_current
    from assistant.retrieval.index import index_status
    from assistant.settings import get_settings

    settings = get_settings()
    info = index_status(settings)
    opens = verify_current(settings)  # the build is read, not just its manifest: a damaged file shows here
    info["opens"], info["problems"] = opens["opens"], opens["problems"]
    if info["built"] and not opens["opens"]:
        info["up_to_date"] = False
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2))
        if not info["up_to_date"]:
            raise typer.Exit(1)
        return
    table = Table("field", "value")
    for key in ("index_dir", "build_dir", "built_at", "build_seconds", "model_spec", "model_sha256", "layout",
                "chroma", "collection", "n_items", "n_nodes", "n_enriched", "corpus_fingerprint"):
        if key in info:
            table.add_row(key, str(info[key]))
    console.print(table)
    if not info["built"]:
        console.print("[yellow]no index yet[/yellow]: run `policy-assistant index build`")
    elif not info["opens"]:
        console.print("[red]damaged[/red]: " + "; ".join(info["problems"]) + " — run `policy-assistant index build`"
                      " (the damaged build is set aside and built again; the service does this by itself at start)",
                      highlight=False)
    elif info["up_to_date"]:
        console.print("[green]up to date[/green]")
    else:
        console.print("[yellow]stale[/yellow]: " + "; ".join(info["stale_reasons"]))
    if not info["up_to_date"]:
        raise typer.Exit(1)
