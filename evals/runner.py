"""Run a gold dataset through the assistant in-process, plus retrieval-only baselines, into one `EvalReport`."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from assistant.schema import AskRequest, AskResponse
from evals.dataset import GoldCase
from evals.scoring import (
    METRIC_DEFINITIONS,
    CaseScore,
    Metrics,
    aggregate,
    aggregate_by_category,
    mean,
    score_case,
    score_citations,
)
from evals.thresholds import ThresholdCheck, Thresholds, check_thresholds

BASELINE_MODES = ("dense", "bm25")
BASELINE_K = 3


class AskLike(Protocol):
    def ask(self, request: AskRequest) -> AskResponse: ...


class SearchLike(Protocol):
    def search(self, query: str, k: int = ..., mode: str = ...) -> Sequence[Any]: ...


class CitationMetrics(BaseModel):
    n_cases: int
    citation_hit_at_1: float | None
    citation_recall_at_3: float | None
    citation_precision: float | None


class BaselineCase(BaseModel):
    id: str
    category: str
    retrieved: list[str]
    hit_at_1: float
    recall_at_3: float
    precision: float


class BaselineResult(BaseModel):
    name: str = Field(description="dense-only / bm25-only retrieval, or the system itself on the same cases")
    k: int
    overall: CitationMetrics | None
    per_category: dict[str, CitationMetrics] = Field(default_factory=dict)
    cases: list[BaselineCase] = Field(default_factory=list)
    error: str | None = None


class EvalReport(BaseModel):
    dataset: str
    started_at: str
    duration_s: float
    commit: str | None
    n_cases: int
    overall: Metrics
    per_category: dict[str, Metrics]
    baselines: list[BaselineResult] = Field(default_factory=list)
    thresholds: list[ThresholdCheck] = Field(default_factory=list)
    metric_definitions: dict[str, str] = Field(default_factory=lambda: dict(METRIC_DEFINITIONS))
    cases: list[CaseScore]

    @property
    def failed_cases(self) -> list[CaseScore]:
        return [c for c in self.cases if c.failures]


# ---------------------------------------------------------------------------------------------------------------
# the system


def open_assistant() -> AskLike:
    from assistant.service import Assistant  # imported late: heavy (models), and only the real run needs it

    return Assistant.open()


def open_retriever() -> SearchLike:
    from assistant.retrieval import Retriever

    return Retriever.open()


def run_assistant(
    cases: Sequence[GoldCase],
    assistant: AskLike,
    *,
    warmup: int = 1,
    clock: Callable[[], float] = time.perf_counter,
    on_case: Callable[[CaseScore], None] | None = None,
) -> list[CaseScore]:
    """Ask every case once (after `warmup` untimed, unscored asks of the first case); an exception is recorded
    as that case's error, and the case scores as a miss on every applicable metric."""
    if cases:
        for _ in range(warmup):
            try:
                assistant.ask(cases[0].request())
            except Exception:  # noqa: BLE001 - the scored ask below records it
                break
    scores: list[CaseScore] = []
    for case in cases:
        request = case.request()
        t0 = clock()
        try:
            response = assistant.ask(request)
            error = None
        except Exception as e:  # noqa: BLE001 - one broken case must not stop the evaluation
            response, error = None, f"{type(e).__name__}: {e}"
        latency_ms = (clock() - t0) * 1000.0
        if response is not None and not isinstance(response, AskResponse):
            try:
                response = AskResponse.model_validate(response)
            except Exception as e:  # noqa: BLE001 - a response outside the contract is a failure of that case
                response, error = None, f"invalid response: {e}"
        score = score_case(case, response, latency_ms=latency_ms, error=error)
        scores.append(score)
        if on_case:
            on_case(score)
    return scores


# ---------------------------------------------------------------------------------------------------------------
# retrieval baselines


def citation_cases(cases: Sequence[GoldCase]) -> list[GoldCase]:
    """The cases the citation baselines are scored on: some citation expected (so never out_of_scope)."""
    return [c for c in cases if c.expected_citations and not c.out_of_scope]


def baseline_query(case: GoldCase) -> str:
    """Earlier user turns are prepended to the question (retrieval has no session)."""
    return " ".join([*case.history, case.question])


def _hit_id(hit: Any) -> str:
    cit = getattr(hit, "citation", hit)
    if isinstance(cit, str):
        return cit
    cid = getattr(cit, "id", None)
    if isinstance(cid, str):
        return cid
    raise TypeError(f"retrieval hit has no citation id: {hit!r}")


def _citation_metrics(rows: Sequence[BaselineCase]) -> CitationMetrics:
    return CitationMetrics(
        n_cases=len(rows),
        citation_hit_at_1=mean(r.hit_at_1 for r in rows),
        citation_recall_at_3=mean(r.recall_at_3 for r in rows),
        citation_precision=mean(r.precision for r in rows),
    )


def _summarise(name: str, k: int, rows: list[BaselineCase]) -> BaselineResult:
    groups: dict[str, list[BaselineCase]] = {}
    for r in rows:
        groups.setdefault(r.category, []).append(r)
    return BaselineResult(
        name=name,
        k=k,
        overall=_citation_metrics(rows) if rows else None,
        per_category={cat: _citation_metrics(g) for cat, g in sorted(groups.items())},
        cases=rows,
    )


def run_baseline(cases: Sequence[GoldCase], retriever: SearchLike, mode: str, *, k: int = BASELINE_K) -> BaselineResult:
    """Score top-k retrieval (ids de-duplicated, rank kept) as if it were the answer's citation list."""
    rows: list[BaselineCase] = []
    for case in citation_cases(cases):
        hits = retriever.search(baseline_query(case), k=k, mode=mode)
        ids = list(dict.fromkeys(_hit_id(h) for h in hits))[:k]
        s = score_citations(ids, case.expected_citations, out_of_scope=False)
        rows.append(
            BaselineCase(
                id=case.id, category=case.category, retrieved=ids,
                hit_at_1=s.hit_at_1, recall_at_3=s.recall_at_3, precision=s.precision,
            )
        )
    return _summarise(f"{mode}-only", k, rows)


def system_on_citation_cases(cases: Sequence[GoldCase], scores: Sequence[CaseScore]) -> BaselineResult:
    """The assistant's own citation metrics on exactly the baselines' cases, for a like-for-like row."""
    wanted = {c.id for c in citation_cases(cases)}
    rows = [
        BaselineCase(
            id=s.id, category=s.category, retrieved=s.cited[:BASELINE_K],
            hit_at_1=s.citation_hit_at_1, recall_at_3=s.citation_recall_at_3, precision=s.citation_precision,
        )
        for s in scores
        if s.id in wanted
    ]
    return _summarise("system", BASELINE_K, rows)


# ---------------------------------------------------------------------------------------------------------------


def _commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5,
            cwd=Path(__file__).resolve().parent,
        )
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def evaluate(
    cases: Sequence[GoldCase],
    assistant: AskLike,
    *,
    dataset: str = "",
    retriever: SearchLike | None = None,
    retriever_error: str | None = None,
    baseline_modes: Sequence[str] = BASELINE_MODES,
    thresholds: Thresholds | None = None,
    warmup: int = 1,
    clock: Callable[[], float] = time.perf_counter,
    on_case: Callable[[CaseScore], None] | None = None,
) -> EvalReport:
    """Everything in one report. Baselines run when `retriever` is given (or `retriever_error` explains why not)."""
    started = datetime.now(timezone.utc)
    t0 = time.perf_counter()
    scores = run_assistant(cases, assistant, warmup=warmup, clock=clock, on_case=on_case)
    overall = aggregate(scores)
    baselines: list[BaselineResult] = []
    if retriever is not None or retriever_error is not None:
        baselines.append(system_on_citation_cases(cases, scores))
        for mode in baseline_modes:
            if retriever is None:
                baselines.append(BaselineResult(name=f"{mode}-only", k=BASELINE_K, overall=None, error=retriever_error))
                continue
            try:
                baselines.append(run_baseline(cases, retriever, mode))
            except Exception as e:  # noqa: BLE001 - a broken baseline is reported, not fatal
                baselines.append(
                    BaselineResult(name=f"{mode}-only", k=BASELINE_K, overall=None, error=f"{type(e).__name__}: {e}")
                )
    return EvalReport(
        dataset=dataset,
        started_at=started.isoformat(timespec="seconds"),
        duration_s=round(time.perf_counter() - t0, 3),
        commit=_commit(),
        n_cases=len(scores),
        overall=overall,
        per_category=aggregate_by_category(scores),
        baselines=baselines,
        thresholds=check_thresholds(overall, thresholds) if thresholds is not None else [],
        cases=scores,
    )
