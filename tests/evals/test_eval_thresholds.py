"""Threshold comparison and the thresholds file."""

from __future__ import annotations

import pytest
from eval_helpers import cite, gold, resp

from evals.scoring import aggregate, score_case
from evals.thresholds import DEFAULT_THRESHOLDS, Thresholds, check_thresholds, gate_failures, load_thresholds


def metrics_with_hit(hits: int, total: int):
    scores = [
        score_case(gold(f"c{i}"), resp(citations=[cite("2024#9" if i < hits else "2024#8")]), latency_ms=100.0 + i)
        for i in range(total)
    ]
    return aggregate(scores)


def test_metric_below_floor_fails_and_at_floor_passes():
    t = Thresholds(min={"citation_hit_at_1": 0.95})
    below = check_thresholds(metrics_with_hit(18, 20), t)  # 0.90 < 0.95
    assert [c.status for c in below] == ["fail"]
    assert below[0].value == pytest.approx(0.9)
    assert gate_failures(below) == below
    assert "citation_hit_at_1 = 0.9000 (needs >= 0.95)" == below[0].describe()
    at = check_thresholds(metrics_with_hit(19, 20), t)  # exactly 0.95
    assert [c.status for c in at] == ["pass"] and gate_failures(at) == []


def test_ceiling_on_latency():
    m = metrics_with_hit(1, 1)  # one case, 100 ms
    assert check_thresholds(m, Thresholds(max={"latency_p95_ms": 150}))[0].status == "pass"
    assert check_thresholds(m, Thresholds(max={"latency_p95_ms": 50}))[0].status == "fail"


def test_metric_without_cases_is_missing_and_fails_unless_allowed():
    checks = check_thresholds(metrics_with_hit(1, 1), Thresholds(min={"amount_exact_match": 1.0}))
    assert checks[0].status == "missing" and checks[0].value is None
    assert gate_failures(checks) == checks
    assert gate_failures(checks, allow_missing=True) == []


def test_unknown_metric_is_rejected(tmp_path):
    f = tmp_path / "t.toml"
    f.write_text("[min]\nhit_at_one = 0.9\n")
    with pytest.raises(ValueError, match="hit_at_one"):
        load_thresholds(f)


def test_shipped_thresholds_hold_issue_8_targets():
    t = load_thresholds(DEFAULT_THRESHOLDS)
    assert t.min["amount_exact_match"] == 1.0
    assert t.min["eligibility_accuracy"] == 1.0
    assert t.min["validity_accuracy"] == 1.0
    assert t.min["abstention_recall"] == 1.0
    assert t.min["citation_hit_at_1"] == 0.95
    assert t.min["citation_precision"] == 0.90
    assert t.min["unit_recall"] == 0.95
    assert 0.9 <= t.min["intent_accuracy"] < 1.0
