"""Pure scoring: one `AskResponse` against one gold case, and aggregation per category and overall.

Every per-case metric is a number in [0, 1] or None ("not applicable to this case"); an aggregate is the mean over
the cases where it applies, and None when no case applies -- never 0 or 1 by default.
Metric definitions where a choice had to be made are documented in `METRIC_DEFINITIONS` (also written to the report).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field

from assistant.schema import AskResponse
from evals.dataset import GoldCase

OUT_OF_SCOPE = "out_of_scope"
# A figure of money in an answer ("3万元", "30,000元", "五万"): an out-of-scope answer must carry none.
FIGURE_RE = re.compile(r"[0-9０-９][0-9,，.]*\s*(万|亿)?元|[一二三四五六七八九十两][一二三四五六七八九十百千两]*(万|亿)元?")

# Metric name -> how it is computed. The same names are used in thresholds.toml and in the reports.
METRIC_DEFINITIONS: dict[str, str] = {
    "intent_accuracy": "response.intent == expected_intent; all cases (an error counts as wrong).",
    "citation_hit_at_1": "citations[0].id in expected_citations; cases with expected_citations (not out_of_scope). "
    "No citation = miss.",
    "citation_recall_at_3": "any of the first 3 cited ids in expected_citations; same cases as hit@1.",
    "citation_precision": "share of cited ids (all, de-duplicated) that are in expected_citations, mean over cases "
    "(ALCE-style); cited nothing where citations were expected = 0. out_of_scope: 1 if no citations else 0. "
    "Cases with no expected citations that are not out_of_scope: not applicable.",
    "unit_precision": "|P & E| / |P| with P = set(citations[0].responsible_units), E = set(expected_units); "
    "cases with expected_units not null. P empty: 1 if E empty else 0. Exact strings.",
    "unit_recall": "|P & E| / |E|; cases with expected_units not null. E empty: 1 if P empty else 0.",
    "amount_exact_match": "calculation.amount_yuan == expected_amount_yuan AND calculation.amount_max_yuan == "
    "expected_amount_max_yuan (both compared, null included); cases where either expected field is not null. "
    "No calculation = miss.",
    "eligibility_accuracy": "calculation.eligible == expected_eligible; cases with expected_eligible not null. "
    "No calculation = miss.",
    "validity_accuracy": "validity[0].in_force == expected_in_force; cases with expected_in_force not null. "
    "Empty validity = miss.",
    "abstention_precision": "abstained / predicted out_of_scope, where predicted = response.intent == out_of_scope "
    "(all cases) and abstained = expected out_of_scope AND intent out_of_scope AND no citations AND null calculation.",
    "abstention_recall": "abstained / expected out_of_scope.",
    "needs_recall": "share of expected_needs matched (an expected need matches a response need if either is a "
    "substring of the other), mean over cases with expected_needs.",
    "false_refusal_rate": "share of in-scope cases (expected intent not out_of_scope) answered out_of_scope.",
    "oos_figure_rate": "share of expected out_of_scope cases whose response carries a calculation or a figure "
    "(any calculation, or an amount in 元/万元 in the answer text).",
    "no_assumed_condition": "cases with unstated_conditions: the response does not decide the condition — a "
    "clarification, or a calculation with eligible null; an out_of_scope refusal or eligible true/false fails.",
    "multi_turn_full": "cases with history: every applicable check of the last turn right (intent, hit@1, amount, "
    "eligibility, validity, abstention).",
    "parts_exact": "cases with expected_parts: every part matched by a response calculation (calculations[], or the "
    "single calculation) with the same citation, amount_yuan, amount_max_yuan and eligible; for a part that is not "
    "eligible, 'no award' written as 0 or null is the same answer.",
    "latency_p50_ms": "median wall time of assistant.ask per case (linear interpolation), errors excluded.",
    "latency_p95_ms": "95th percentile, same method.",
}

RATE_METRICS = (
    "intent_accuracy",
    "citation_hit_at_1",
    "citation_recall_at_3",
    "citation_precision",
    "unit_precision",
    "unit_recall",
    "amount_exact_match",
    "eligibility_accuracy",
    "validity_accuracy",
    "abstention_precision",
    "abstention_recall",
    "needs_recall",
    "false_refusal_rate",
    "oos_figure_rate",
    "no_assumed_condition",
    "multi_turn_full",
    "parts_exact",
)
LATENCY_METRICS = ("latency_p50_ms", "latency_p95_ms")
ALL_METRICS = RATE_METRICS + LATENCY_METRICS

# Per-case fields that are averaged into the aggregate of the same metric name.
_MEAN_FIELDS = {
    "intent_accuracy": "intent_correct",
    "citation_hit_at_1": "citation_hit_at_1",
    "citation_recall_at_3": "citation_recall_at_3",
    "citation_precision": "citation_precision",
    "unit_precision": "unit_precision",
    "unit_recall": "unit_recall",
    "amount_exact_match": "amount_exact_match",
    "eligibility_accuracy": "eligibility_correct",
    "validity_accuracy": "validity_correct",
    "needs_recall": "needs_recall",
    "false_refusal_rate": "false_refusal",
    "oos_figure_rate": "oos_figure",
    "no_assumed_condition": "no_assumed_condition",
    "multi_turn_full": "multi_turn_full",
    "parts_exact": "parts_exact",
}


class CitationScore(BaseModel):
    hit_at_1: float | None
    recall_at_3: float | None
    precision: float | None


class CaseScore(BaseModel):
    id: str
    category: str
    question: str
    expected_intent: str
    predicted_intent: str | None
    intent_correct: float
    cited: list[str]
    citation_hit_at_1: float | None
    citation_recall_at_3: float | None
    citation_precision: float | None
    unit_precision: float | None
    unit_recall: float | None
    amount_exact_match: float | None
    eligibility_correct: float | None
    validity_correct: float | None
    needs_recall: float | None
    false_refusal: float | None = None
    oos_figure: float | None = None
    no_assumed_condition: float | None = None
    multi_turn_full: float | None = None
    parts_exact: float | None = None
    abstention_expected: bool
    abstention_predicted: bool = Field(description="response.intent == out_of_scope")
    abstained: bool = Field(description="a correct, clean abstention: expected and predicted out_of_scope, "
                            "no citations, null calculation")
    latency_ms: float | None = None
    error: str | None = None
    failures: list[str] = Field(default_factory=list, description="what went wrong, one entry per failed check")
    expected: dict[str, Any] = Field(default_factory=dict)
    got: dict[str, Any] = Field(default_factory=dict)


class Metrics(BaseModel):
    n_cases: int
    n_errors: int
    applicable: dict[str, int] = Field(description="number of cases each metric was computed on")
    intent_accuracy: float | None
    citation_hit_at_1: float | None
    citation_recall_at_3: float | None
    citation_precision: float | None
    unit_precision: float | None
    unit_recall: float | None
    amount_exact_match: float | None
    eligibility_accuracy: float | None
    validity_accuracy: float | None
    abstention_precision: float | None
    abstention_recall: float | None
    needs_recall: float | None
    false_refusal_rate: float | None = None
    oos_figure_rate: float | None = None
    no_assumed_condition: float | None = None
    multi_turn_full: float | None = None
    parts_exact: float | None = None
    latency_p50_ms: float | None
    latency_p95_ms: float | None

    def value(self, name: str) -> float | None:
        if name not in ALL_METRICS:
            raise KeyError(f"unknown metric {name!r}; known: {', '.join(ALL_METRICS)}")
        return getattr(self, name)


# ---------------------------------------------------------------------------------------------------------------
# per-case pieces


def _dedupe(ids: Iterable[str]) -> list[str]:
    out: list[str] = []
    for i in ids:
        if i not in out:
            out.append(i)
    return out


def score_citations(cited: Sequence[str], expected: Sequence[str], *, out_of_scope: bool) -> CitationScore:
    """hit@1, recall@3 (any of the first 3) and ALCE-style precision for one ranked list of cited ids."""
    cited = _dedupe(cited)
    if out_of_scope:
        return CitationScore(hit_at_1=None, recall_at_3=None, precision=1.0 if not cited else 0.0)
    if not expected:
        return CitationScore(hit_at_1=None, recall_at_3=None, precision=None)
    gold = set(expected)
    hit = 1.0 if cited and cited[0] in gold else 0.0
    recall3 = 1.0 if any(c in gold for c in cited[:3]) else 0.0
    precision = sum(c in gold for c in cited) / len(cited) if cited else 0.0
    return CitationScore(hit_at_1=hit, recall_at_3=recall3, precision=precision)


def score_units(predicted: Sequence[str] | None, expected: Sequence[str] | None) -> tuple[float | None, float | None]:
    """(precision, recall) of the predicted unit set; (None, None) when the case has no expected units."""
    if expected is None:
        return None, None
    p = {u.strip() for u in (predicted or [])}
    e = {u.strip() for u in expected}
    inter = len(p & e)
    precision = inter / len(p) if p else (1.0 if not e else 0.0)
    recall = inter / len(e) if e else (1.0 if not p else 0.0)
    return precision, recall


def needs_match(expected_need: str, response_needs: Sequence[str]) -> bool:
    e = expected_need.strip()
    return any(e in n or (n.strip() and n.strip() in e) for n in response_needs)


def score_needs(expected: Sequence[str], got: Sequence[str]) -> float | None:
    if not expected:
        return None
    return sum(needs_match(e, got) for e in expected) / len(expected)


def _as_response(response: AskResponse | Mapping[str, Any] | None) -> AskResponse | None:
    if response is None or isinstance(response, AskResponse):
        return response
    return AskResponse.model_validate(response)


def _expected_view(case: GoldCase) -> dict[str, Any]:
    out: dict[str, Any] = {"intent": case.expected_intent}
    if case.expected_citations:
        out["citations"] = case.expected_citations
    if case.expected_units is not None:
        out["units"] = case.expected_units
    if case.expected_amount_yuan is not None or case.expected_amount_max_yuan is not None:
        out["amount_yuan"] = case.expected_amount_yuan  # both compared, null included
        out["amount_max_yuan"] = case.expected_amount_max_yuan
    for name in ("eligible", "in_force"):
        v = getattr(case, f"expected_{name}")
        if v is not None:
            out[name] = v
    if case.expected_needs:
        out["needs"] = case.expected_needs
    return out


def _got_view(r: AskResponse | None, error: str | None) -> dict[str, Any]:
    if r is None:
        return {"error": error or "no response"}
    out: dict[str, Any] = {"intent": r.intent, "citations": [c.id for c in r.citations]}
    if r.citations:
        out["units"] = r.citations[0].responsible_units
    if r.calculation is not None:
        out["amount_yuan"] = r.calculation.amount_yuan
        out["amount_max_yuan"] = r.calculation.amount_max_yuan
        out["eligible"] = r.calculation.eligible
    if r.validity:
        out["in_force"] = r.validity[0].in_force
    if r.needs:
        out["needs"] = r.needs
    return out


def score_case(
    case: GoldCase,
    response: AskResponse | Mapping[str, Any] | None,
    *,
    latency_ms: float | None = None,
    error: str | None = None,
) -> CaseScore:
    """Score one response (None = the system raised; every applicable check is then a miss)."""
    r = _as_response(response)
    cited = [c.id for c in r.citations] if r else []
    predicted_intent = r.intent if r else None
    intent_ok = 1.0 if predicted_intent == case.expected_intent else 0.0

    cit = score_citations(cited, case.expected_citations, out_of_scope=case.out_of_scope)

    units_pred = r.citations[0].responsible_units if (r and r.citations) else []
    unit_p, unit_r = score_units(units_pred, case.expected_units)

    calc = r.calculation if r else None
    amount = None
    if case.expected_amount_yuan is not None or case.expected_amount_max_yuan is not None:
        amount = float(
            calc is not None
            and calc.amount_yuan == case.expected_amount_yuan
            and calc.amount_max_yuan == case.expected_amount_max_yuan
        )
    eligible = None
    if case.expected_eligible is not None:
        eligible = float(calc is not None and calc.eligible == case.expected_eligible)
    validity = None
    if case.expected_in_force is not None:
        validity = float(bool(r and r.validity) and r.validity[0].in_force == case.expected_in_force)

    needs = score_needs(case.expected_needs, r.needs if r else [])

    predicted_oos = predicted_intent == OUT_OF_SCOPE
    clean = r is not None and not r.citations and r.calculation is None
    abstained = case.out_of_scope and predicted_oos and clean

    failures: list[str] = []
    if error:
        failures.append("error")
    if not intent_ok:
        failures.append("intent")
    checks = {
        "citation_hit_at_1": cit.hit_at_1,
        "citation_precision": cit.precision,
        "unit_precision": unit_p,
        "unit_recall": unit_r,
        "amount_exact_match": amount,
        "eligibility": eligible,
        "validity": validity,
        "needs_recall": needs,
    }
    failures += [name for name, v in checks.items() if v is not None and v < 1.0]
    if case.out_of_scope and not abstained:
        failures.append("abstention")
    elif predicted_oos and not case.out_of_scope:
        failures.append("false_abstention")
    false_refusal = None if case.out_of_scope else float(predicted_oos)
    oos_figure = None
    if case.out_of_scope:
        oos_figure = float(r is not None and (r.calculation is not None or bool(r.calculations)
                                               or bool(FIGURE_RE.search(r.answer))))
        if oos_figure:
            failures.append("oos_figure")
    assumed = None
    if case.unstated_conditions:
        assumed = float(r is not None and (r.intent == "clarification"
                                           or (r.intent != OUT_OF_SCOPE and calc is not None and calc.eligible is None)))
        if not assumed:
            failures.append("assumed_condition")
    multi = None
    if case.history:
        parts_ok = [intent_ok, cit.hit_at_1, amount, eligible, validity]
        multi = float(all(v is None or v >= 1.0 for v in parts_ok) and (abstained or not case.out_of_scope))
    parts = None
    if case.expected_parts:
        got_parts = list(r.calculations) if (r and r.calculations) else ([calc] if calc is not None else [])
        parts = float(all(
            any(g.citation == p.citation and g.eligible == p.eligible and (
                    (g.amount_yuan == p.amount_yuan and g.amount_max_yuan == p.amount_max_yuan)
                    or (p.eligible is False and not g.amount_yuan and not p.amount_yuan
                        and not g.amount_max_yuan and not p.amount_max_yuan))
                for g in got_parts)
            for p in case.expected_parts
        ))
        if not parts:
            failures.append("parts")

    return CaseScore(
        id=case.id,
        category=case.category,
        question=case.question,
        expected_intent=case.expected_intent,
        predicted_intent=predicted_intent,
        intent_correct=intent_ok,
        cited=cited,
        citation_hit_at_1=cit.hit_at_1,
        citation_recall_at_3=cit.recall_at_3,
        citation_precision=cit.precision,
        unit_precision=unit_p,
        unit_recall=unit_r,
        amount_exact_match=amount,
        eligibility_correct=eligible,
        validity_correct=validity,
        needs_recall=needs,
        false_refusal=false_refusal,
        oos_figure=oos_figure,
        no_assumed_condition=assumed,
        multi_turn_full=multi,
        parts_exact=parts,
        abstention_expected=case.out_of_scope,
        abstention_predicted=predicted_oos,
        abstained=abstained,
        latency_ms=latency_ms,
        error=error,
        failures=failures,
        expected=_expected_view(case),
        got=_got_view(r, error),
    )


# ---------------------------------------------------------------------------------------------------------------
# aggregation


def mean(values: Iterable[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """q in [0, 100]; linear interpolation between closest ranks (numpy's default); None for no values."""
    vals = sorted(values)
    if not vals:
        return None
    if not 0 <= q <= 100:
        raise ValueError(f"percentile q must be in [0, 100], got {q}")
    pos = (len(vals) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return vals[lo] + (vals[hi] - vals[lo]) * (pos - lo)


def aggregate(scores: Sequence[CaseScore]) -> Metrics:
    values: dict[str, float | None] = {}
    applicable: dict[str, int] = {}
    for metric, field in _MEAN_FIELDS.items():
        vals = [getattr(s, field) for s in scores if getattr(s, field) is not None]
        applicable[metric] = len(vals)
        values[metric] = mean(vals)
    predicted = [s for s in scores if s.abstention_predicted]
    expected = [s for s in scores if s.abstention_expected]
    applicable["abstention_precision"] = len(predicted)
    applicable["abstention_recall"] = len(expected)
    values["abstention_precision"] = sum(s.abstained for s in predicted) / len(predicted) if predicted else None
    values["abstention_recall"] = sum(s.abstained for s in expected) / len(expected) if expected else None
    latencies = [s.latency_ms for s in scores if s.latency_ms is not None and s.error is None]
    applicable["latency_p50_ms"] = applicable["latency_p95_ms"] = len(latencies)
    values["latency_p50_ms"] = percentile(latencies, 50)
    values["latency_p95_ms"] = percentile(latencies, 95)
    return Metrics(
        n_cases=len(scores),
        n_errors=sum(s.error is not None for s in scores),
        applicable=applicable,
        **values,
    )


def aggregate_by_category(scores: Sequence[CaseScore]) -> dict[str, Metrics]:
    groups: dict[str, list[CaseScore]] = {}
    for s in scores:
        groups.setdefault(s.category, []).append(s)
    return {cat: aggregate(group) for cat, group in sorted(groups.items())}
