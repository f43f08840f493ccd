"""Report files (`report.json`, `report.md`, `scores.png`) and the terminal table."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from evals.runner import EvalReport
from evals.scoring import LATENCY_METRICS, RATE_METRICS, Metrics

# Short column labels; the order is the order of the tables.
LABELS = {
    "intent_accuracy": "intent",
    "citation_hit_at_1": "hit@1",
    "citation_recall_at_3": "recall@3",
    "citation_precision": "cite prec",
    "unit_precision": "unit P",
    "unit_recall": "unit R",
    "amount_exact_match": "amount EM",
    "eligibility_accuracy": "eligible",
    "validity_accuracy": "validity",
    "abstention_precision": "abstain P",
    "abstention_recall": "abstain R",
    "needs_recall": "needs R",
    "false_refusal_rate": "false refusals",
    "oos_figure_rate": "refusal figures",
    "no_assumed_condition": "no assumed cond",
    "multi_turn_full": "multi-turn full",
    "parts_exact": "parts exact",
    "latency_p50_ms": "p50 ms",
    "latency_p95_ms": "p95 ms",
}
# What the chart shows per category (the rates that matter most; latency is not a score).
CHART_METRICS = (
    "intent_accuracy",
    "citation_hit_at_1",
    "citation_precision",
    "unit_recall",
    "amount_exact_match",
    "eligibility_accuracy",
    "validity_accuracy",
    "abstention_recall",
    "needs_recall",
)


def fmt(value: float | None, metric: str = "") -> str:
    if value is None:
        return "–"
    if metric in LATENCY_METRICS:
        return f"{value:.1f}"
    return f"{value:.3f}"


def _metric_row(m: Metrics) -> list[str]:
    return [fmt(m.value(k), k) for k in (*RATE_METRICS, *LATENCY_METRICS)]


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(esc(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _short(value: object, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_markdown(report: EvalReport) -> str:
    header = ["", "n", *[LABELS[k] for k in (*RATE_METRICS, *LATENCY_METRICS)]]
    out = [
        "# Evaluation report",
        "",
        f"Dataset `{report.dataset}` · {report.n_cases} cases · commit {report.commit or '?'} · "
        f"{report.started_at} · {report.duration_s:.1f} s · errors: {report.overall.n_errors}",
        "",
        "“–” = no applicable case in that group (not a score).",
        "",
        "## Overall",
        "",
        _md_table(header, [["overall", str(report.overall.n_cases), *_metric_row(report.overall)]]),
        "",
        "## Per category",
        "",
        _md_table(header, [[cat, str(m.n_cases), *_metric_row(m)] for cat, m in report.per_category.items()]),
        "",
    ]
    if report.thresholds:
        out += ["## Thresholds", ""]
        out.append(
            _md_table(
                ["metric", "needs", "value", "status"],
                [
                    [t.metric, f"{'≥' if t.kind == 'min' else '≤'} {t.threshold:g}", fmt(t.value, t.metric), t.status]
                    for t in report.thresholds
                ],
            )
        )
        out.append("")
    if report.baselines:
        out += [
            "## Citation baselines",
            "",
            "Cases with an expected citation (not out-of-scope); earlier turns prepended to the question. "
            "Baselines cite their top-3 retrieval hits, so their precision is bounded by |gold ids| / 3; "
            "`system` is the assistant on the same cases.",
            "",
        ]
        rows = []
        for b in report.baselines:
            if b.overall is None:
                rows.append([b.name, "0", "–", "–", "–", b.error or "no cases"])
            else:
                o = b.overall
                rows.append([
                    b.name, str(o.n_cases), fmt(o.citation_hit_at_1), fmt(o.citation_recall_at_3),
                    fmt(o.citation_precision), b.error or "",
                ])
        out.append(_md_table(["", "n", "hit@1", "recall@3", "precision", "note"], rows))
        out.append("")
    failed = report.failed_cases
    out += [f"## Failures ({len(failed)} of {report.n_cases} cases)", ""]
    if failed:
        out.append(
            _md_table(
                ["id", "category", "question", "failed", "expected", "got"],
                [
                    [f.id, f.category, _short(f.question, 80), ", ".join(f.failures), _short(f.expected),
                     _short(f.got)]
                    for f in failed
                ],
            )
        )
    else:
        out.append("None.")
    out += ["", "## Metric definitions", ""]
    out += [f"- `{k}`: {v}" for k, v in report.metric_definitions.items()]
    return "\n".join(out) + "\n"


def write_chart(report: EvalReport, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cats = list(report.per_category)
    groups = [("overall", report.overall)] + [(c, report.per_category[c]) for c in cats]
    metrics = [m for m in CHART_METRICS if any(g.value(m) is not None for _, g in groups)]
    fig, ax = plt.subplots(figsize=(max(8.0, 1.3 * len(groups) * max(1, len(metrics)) / 3), 5.0), dpi=110)
    width = 0.8 / max(1, len(metrics))
    cmap = plt.get_cmap("tab10")
    for j, metric in enumerate(metrics):
        xs, ys = [], []
        for i, (_, m) in enumerate(groups):
            v = m.value(metric)
            if v is not None:  # a metric that does not apply to a group is left out, not drawn as 0
                xs.append(i - 0.4 + width * (j + 0.5))
                ys.append(v)
        ax.bar(xs, ys, width=width, label=LABELS[metric], color=cmap(j % 10))
        for x, y in zip(xs, ys):
            if y == 0:  # a real 0 must not look like a missing (not applicable) bar
                ax.text(x, 0.01, "0", ha="center", va="bottom", fontsize=7, color=cmap(j % 10), fontweight="bold")
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([f"{name}\n(n={m.n_cases})" for name, m in groups], fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title(f"policy-assistant evaluation · {report.n_cases} cases (missing bar = not applicable)")
    ax.grid(axis="y", alpha=0.3)
    if metrics:
        ax.legend(fontsize=7, ncol=min(len(metrics), 5), loc="upper center", bbox_to_anchor=(0.5, -0.15))
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
    return path


def write_report(report: EvalReport, directory: Path | str) -> dict[str, Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": directory / "report.json",
        "md": directory / "report.md",
        "png": directory / "scores.png",
    }
    paths["json"].write_text(report.model_dump_json(indent=2), encoding="utf-8")
    paths["md"].write_text(render_markdown(report), encoding="utf-8")
    write_chart(report, paths["png"])
    return paths


def print_report(report: EvalReport, console: Console | None = None, *, max_failures: int = 20) -> None:
    console = console or Console()
    table = Table(title=f"evaluation · {report.n_cases} cases · {report.dataset}", show_lines=False)
    table.add_column("group")
    table.add_column("n", justify="right")
    for k in (*RATE_METRICS, *LATENCY_METRICS):
        table.add_column(LABELS[k], justify="right")
    table.add_row("overall", str(report.overall.n_cases), *_metric_row(report.overall), style="bold")
    for cat, m in report.per_category.items():
        table.add_row(cat, str(m.n_cases), *_metric_row(m))
    console.print(table)
    if report.baselines:
        bt = Table(title="citation baselines (cases with expected citations)")
        for col in ("", "n", "hit@1", "recall@3", "precision", "note"):
            bt.add_column(col)
        for b in report.baselines:
            o = b.overall
            bt.add_row(
                b.name, str(o.n_cases if o else 0), fmt(o.citation_hit_at_1 if o else None),
                fmt(o.citation_recall_at_3 if o else None), fmt(o.citation_precision if o else None), b.error or "",
            )
        console.print(bt)
    failed = report.failed_cases
    if failed:
        console.print(f"[yellow]{len(failed)} case(s) with failures[/yellow] (all in report.md):")
        for f in failed[:max_failures]:
            console.print(f"  {f.id}: {', '.join(f.failures)}", markup=False)
        if len(failed) > max_failures:
            console.print(f"  … {len(failed) - max_failures} more")
