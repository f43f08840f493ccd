"""Defects found by the independent clause-by-clause audit (issue 15, item 7); each test failed before its fix."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from calc_test_support import run
from test_calc_registry import SAMPLES

from calculators import registry
from calculators.highest import highest_not_repeated

T, F = True, False


# ---- 2022 第55条: "提高部分全部用于建设宿舍型保障性租赁住房" binds only an increase -----------------------------------------
def test_dormitory_condition_does_not_fail_a_project_without_an_increase():
    # land 7% is inside the old ceiling; the floor share's old ceiling is not stated, so whether an increase is
    # used at all cannot be told: never "not compliant" because of the dormitory condition.
    r = run("supporting_facilities_ratio_2022_55", in_industrial_park=T, complies_with_spatial_planning=T, approved=T,
            facilities_land_share_pct=7, facilities_floor_share_pct=20, extra_used_for_dormitory_rental=F)
    assert r.eligible is None
    assert not any(s.passed is False for s in r.steps)


def test_dormitory_condition_still_binds_a_land_increase():
    r = run("supporting_facilities_ratio_2022_55", in_industrial_park=T, complies_with_spatial_planning=T, approved=T,
            facilities_land_share_pct=12, facilities_floor_share_pct=20, extra_used_for_dormitory_rental=F)
    assert r.eligible is False


# ---- 2022 第4条: "2022年3月…偏差部分免予考核" is the trading month covered, not a period of validity -------------------------
@pytest.mark.parametrize(("day", "in_force"), [(date(2022, 6, 15), True), (date(2024, 12, 31), True),
                                              (date(2022, 3, 15), False), (date(2025, 1, 1), False)])
def test_march_2022_exemption_follows_the_document(day, in_force):
    r = run("march_2022_deviation_exemption_2022_4", as_of=day, in_fujian_power_market=T)
    assert r.in_force is in_force


def test_corpus_keeps_march_2022_as_a_qualifying_month():
    from assistant.corpus import load_corpus

    v = load_corpus().validity("2022#4", date(2022, 6, 15))
    assert v.in_force is True
    assert not any("偏差" in m.measure for m in v.measures)
    assert any("偏差" in q.measure and q.start == date(2022, 3, 1) for q in v.qualifying)
    assert "考核期，不是有效期" in v.note


# ---- 2024 第14条: round once ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("p", "m", "amount"), [
    (5, 3, 2),  # 1.5 + 0.6 = 2.1 -> 2 (rounding each part first gave 2 + 1 = 3)
    (1, 1, 1),  # 0.3 + 0.2 = 0.5 -> 1 (rounding each part first gave 0)
    (1_000_000, 500_000, 400_000),
])
def test_tech_upgrade_2024_rounds_once(p, m, amount):
    r = run("tech_upgrade_matching_2024_14", is_industrial_techupgrade_project=T, construction_start_date="2024-02-01",
            provincial_subsidy_yuan=p, municipal_subsidy_yuan=m)
    assert r.amount_yuan == amount
    assert sum(part.amount_yuan or 0 for part in r.parts) == amount


# ---- 就高不重复 with awards that carry no matter tag ------------------------------------------------------------------
def test_untagged_awards_are_not_taken_for_one_matter():
    a = run("efficiency_star_municipal_2022_17", national_efficiency_title=T)
    b = run("enterprise_tech_centre_2022_23", new_national_centre=T, new_provincial_centre=F, new_municipal_centre=F)
    assert a.matter is None and b.matter is None
    d = highest_not_repeated([a, b])
    assert d.applies is False and d.dropped == [] and "未标明所属事项" in d.reason


def test_two_runs_of_one_untagged_calculator_are_one_matter():
    a = run("efficiency_star_municipal_2022_17", national_efficiency_title=T)
    d = highest_not_repeated([a, a.model_copy()])
    assert "未标明所属事项" not in d.reason


# ---- steps: an alternative that does not hold is not a ✗ when the result is eligible --------------------------------
def _bool_variants(payload: dict) -> list[dict]:
    flags = [k for k, v in payload.items() if isinstance(v, bool)][:4]
    return [{**payload, **dict(zip(flags, combo))} for combo in itertools.product([T, F], repeat=len(flags))]


def test_no_eligible_result_shows_a_failed_condition():
    bad = []
    for name, payloads in SAMPLES.items():
        for payload in payloads:
            for variant in _bool_variants(payload):
                try:
                    r = registry.run(name, variant, None)
                except registry.CalculatorInputError:
                    continue
                if r.eligible is True and any(s.passed is False for s in r.steps):
                    bad.append((name, [s.check for s in r.steps if s.passed is False]))
    assert bad == []


def test_alternatives_still_fail_when_none_holds():
    r = run("efficiency_benchmark_provincial_2022_17", provincial_benchmark=F, national_benchmark=F)
    assert r.eligible is False and sum(s.passed is False for s in r.steps) == 2
