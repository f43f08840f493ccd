"""Boundary tests for 长政办规〔2024〕1号 calculators. Every expected figure is worked out by hand in the comment."""

from __future__ import annotations

import pytest
from calc_test_support import run

T, F = True, False
YI = 100_000_000


# ---------------------------------------------------------------- 第7条 增加值率 tiers
@pytest.mark.parametrize(
    ("output", "rate", "amount"),
    [
        (5 * YI, 24, 50_000),  # 5亿（含）& 24%（含） -> 5万
        (5 * YI, "23.99", 30_000),  # 5亿 & 22% ≤ rate < 24% -> 3万
        (5 * YI, 22, 30_000),  # 22% exactly (含)
        (5 * YI, "21.99", 0),  # below 22%
        (5 * YI - 1, 24, 0),  # just below 5亿: falls in the 1亿-5亿 band, needs 25%
        (5 * YI - 1, 25, 20_000),  # 1亿-5亿 & 25% -> 2万
        (5 * YI, 25, 50_000),  # 5亿 exactly belongs to the first band, not the 2万 one
        (YI, 25, 20_000),  # 1亿（含）
        (YI - 1, 30, 0),  # below 1亿
        (YI, "24.99", 0),  # 1亿-5亿 needs 25%
        (10 * YI, 100, 50_000),
    ],
)
def test_value_added_tiers(output, rate, amount):
    r = run("value_added_rate_award_2024_7", is_above_scale_industrial=T, output_2023_yuan=output, value_added_rate_pct=rate)
    assert r.amount_yuan == amount
    assert r.eligible is (amount > 0)


def test_value_added_needs_above_scale():
    r = run("value_added_rate_award_2024_7", is_above_scale_industrial=F, output_2023_yuan=10 * YI, value_added_rate_pct=30)
    assert (r.eligible, r.amount_yuan) == (False, 0)


# ---------------------------------------------------------------- 第8条 一季度增产增效
def q1(municipal, og=10, eg=10, **kw):
    base = dict(is_above_scale_manufacturing=T, meets_provincial_q1_conditions=T, q1_output_growth_pct=og,
                q1_electricity_growth_pct=eg, municipal_award_yuan=municipal)
    base.update(kw)
    return run("q1_growth_award_2024_8", **base)


@pytest.mark.parametrize(
    ("municipal", "amount"),
    [
        (400_000, 200_000),  # 50% × 40万 = 20万 = cap exactly
        (400_002, 200_000),  # 50% × 400,002 = 200,001 > cap -> 20万
        (399_998, 199_999),  # 50% × 399,998 = 199,999
        (20_000, 0),  # 50% × 2万 = 1万: "1万元以下" includes 1万 -> not paid
        (20_001, 10_001),  # 50% × 20,001 = 10,000.5 > 1万 -> paid, rounds half up to 10,001
        (19_998, 0),  # 9,999 < 1万 -> not paid
        (20_002, 10_001),  # 10,001
        (0, 0),
    ],
)
def test_q1_growth_amounts(municipal, amount):
    r = q1(municipal)
    assert r.amount_yuan == amount
    assert r.eligible is (amount > 0)


@pytest.mark.parametrize(
    ("og", "eg", "ok"),
    [(10, 10, True), ("9.99", 10, False), ("10.01", 10, True), (-5, -6, True), (-6, -5, False)],  # 不低于 includes equal
)
def test_q1_growth_vs_electricity(og, eg, ok):
    r = q1(100_000, og=og, eg=eg)  # 50% × 10万 = 5万 when eligible
    assert r.amount_yuan == (50_000 if ok else 0)


def test_q1_growth_only_manufacturing_meeting_provincial_conditions():
    assert q1(100_000, is_above_scale_manufacturing=F).amount_yuan == 0
    assert q1(100_000, meets_provincial_q1_conditions=F).amount_yuan == 0


@pytest.mark.parametrize(("q1_output", "amount"), [(50_000_000, 50_000), (49_999_999, 0)])  # 5000万 及以上
def test_q1_new_entrant_output_threshold(q1_output, amount):
    r = q1(100_000, new_entrant_q1_2024=T, q1_output_yuan=q1_output)
    assert r.amount_yuan == amount


@pytest.mark.parametrize(("q1_output", "eligible", "amount"), [(60_000_000, True, 50_000), (49_000_000, False, 0)])
def test_q1_new_entrant_without_growth_figures_judged_by_output(q1_output, eligible, amount):
    # A Q1 new entrant has no year-on-year base: the bracket "其中…一季度总产值达5000万元及以上" is its test.
    # 6000万 ≥ 5000万 -> 50% × 10万 = 5万; 4900万 < 5000万 -> not eligible.
    r = run("q1_growth_award_2024_8", is_above_scale_manufacturing=T, meets_provincial_q1_conditions=T,
            new_entrant_q1_2024=T, q1_output_yuan=q1_output, municipal_award_yuan=100_000)
    assert r.eligible is eligible
    assert r.amount_yuan == amount


def q1_said(municipal=None, said=T, **kw):
    """Q1 award from what callers say: "产值增幅高于用电增幅" instead of the two percentages."""
    base = dict(is_above_scale_manufacturing=T, meets_provincial_q1_conditions=T,
                output_growth_not_below_electricity=said)
    if municipal is not None:
        base["municipal_award_yuan"] = municipal
    base.update(kw)
    return run("q1_growth_award_2024_8", **base)


@pytest.mark.parametrize(
    ("municipal", "eligible", "amount"),
    [
        (60_000, True, 30_000),  # 50% × 6万 = 3万
        (250_000, True, 125_000),  # 50% × 25万 = 12.5万
        (400_000, True, 200_000),  # 50% × 40万 = 20万 = cap exactly
        (400_002, True, 200_000),  # 200,001 > cap -> 20万
        (399_998, True, 199_999),  # 199,999, just under the cap
        (20_000, False, 0),  # 50% × 2万 = 1万: "1万元以下" includes 1万 -> not paid
        (20_002, True, 10_001),  # 10,001 > 1万, just above the minimum
        (19_998, False, 0),  # 9,999 < 1万
        (24_000, True, 12_000),  # 50% × 2.4万 = 1.2万
    ],
)
def test_q1_growth_stated_comparison(municipal, eligible, amount):
    r = q1_said(municipal)
    assert (r.eligible, r.amount_yuan) == (eligible, amount)


def test_q1_growth_stated_below_is_not_eligible():
    r = q1_said(100_000, said=F)  # "产值增幅低于用电增幅"
    assert (r.eligible, r.amount_yuan) == (False, 0)
    # one percentage beside the statement is shown, the statement decides
    r = q1_said(100_000, q1_output_growth_pct=8)
    assert r.amount_yuan == 50_000 and "所报产值增幅 8%" in r.steps[2].check  # 50% × 10万


@pytest.mark.parametrize(
    ("og", "eg", "ok"),
    [(8, 8, True), (5, 7, False), ("8.01", 8, True), ("7.99", 8, False)],  # 不低于 includes equal
)
def test_q1_growth_percentages_without_municipal(og, eg, ok):
    r = run("q1_growth_award_2024_8", is_above_scale_manufacturing=T, meets_provincial_q1_conditions=T,
            q1_output_growth_pct=og, q1_electricity_growth_pct=eg)
    assert r.eligible is ok
    assert r.amount_yuan == (None if ok else 0)  # no municipal figure: amount unknown when eligible


@pytest.mark.parametrize(("q1_output", "eligible", "amount"),
                         [(50_000_000, True, None), (50_000_001, True, None), (49_999_999, False, 0),
                          (49_000_000, False, 0)])  # 5000万 及以上
def test_q1_new_entrant_without_municipal_figure(q1_output, eligible, amount):
    r = q1_said(new_entrant_q1_2024=T, q1_output_yuan=q1_output)
    assert (r.eligible, r.amount_yuan) == (eligible, amount)
    step = next(s for s in r.steps if s.check.startswith("需市级奖励金额才能计算金额"))
    assert step.kind == "amount" and "1万元以下不安排" in step.check
    # the note about the missing municipal figure only where the figure could still matter
    assert any("未提供市级奖励金额" in n for n in r.notes) is eligible


def test_q1_new_entrant_without_municipal_is_eligible_amount_unknown():
    # 6000万 ≥ 5000万 (及以上); the amount needs the municipal award, so it stays unknown.
    r = run("q1_growth_award_2024_8", is_above_scale_manufacturing=T, meets_provincial_q1_conditions=T,
            new_entrant_q1_2024=T, q1_output_yuan=60_000_000)
    assert (r.eligible, r.amount_yuan) == (True, None)


def test_q1_growth_statement_contradicting_percentages_names_the_fields():
    from calculators import registry
    from calculators.registry import CalculatorInputError

    payload = dict(is_above_scale_manufacturing=T, meets_provincial_q1_conditions=T, q1_output_growth_pct=5,
                   q1_electricity_growth_pct=7, output_growth_not_below_electricity=T)  # 5% < 7% but "不低于" said
    with pytest.raises(CalculatorInputError) as info:
        registry.run("q1_growth_award_2024_8", payload)
    assert [f for f, _ in info.value.errors] == [
        "output_growth_not_below_electricity", "q1_output_growth_pct", "q1_electricity_growth_pct"]
    assert "矛盾" in str(info.value)
    # agreeing: 8% vs 8% and "不低于" -> percentages decide, 50% × 6万 = 3万
    r = run("q1_growth_award_2024_8", **{**payload, "q1_output_growth_pct": 8, "q1_electricity_growth_pct": 8,
                                         "municipal_award_yuan": 60_000})
    assert r.amount_yuan == 30_000


def test_q1_growth_nothing_on_growth_names_all_three_fields():
    from calculators import registry
    from calculators.registry import CalculatorInputError

    with pytest.raises(CalculatorInputError) as info:
        registry.run("q1_growth_award_2024_8", {"is_above_scale_manufacturing": T, "meets_provincial_q1_conditions": T})
    assert [f for f, _ in info.value.errors] == [
        "q1_output_growth_pct", "q1_electricity_growth_pct", "output_growth_not_below_electricity"]


# ---------------------------------------------------------------- 第9条 春节用电
def spring(kwh, municipal, above=T):
    return run("spring_festival_electricity_2024_9", is_above_scale_industrial=above, electricity_feb_2024_kwh=kwh,
               municipal_award_yuan=municipal)


@pytest.mark.parametrize(
    ("kwh", "municipal", "amount"),
    [
        (500_000, 100_000, 50_000),  # 50万千瓦时（含）; 50% × 10万 = 5万
        (499_999, 100_000, 0),  # below 50万千瓦时
        ("499999.9", 100_000, 0),
        (500_000, 300_000, 150_000),  # 50% × 30万 = 15万 = cap exactly
        (500_000, 300_002, 150_000),  # 150,001 > cap -> 15万
        (500_000, 20_000, 0),  # 50% × 2万 = 1万 -> not paid (以下 includes)
        (500_000, 20_001, 10_001),  # 10,000.5 > 1万 -> 10,001
        (500_000, 0, 0),  # no municipal award, nothing to match
    ],
)
def test_spring_festival(kwh, municipal, amount):
    r = spring(kwh, municipal)
    assert r.amount_yuan == amount
    assert r.eligible is (amount > 0)


@pytest.mark.parametrize(
    ("kwh", "above", "eligible", "amount"),
    [
        (500_000, T, True, None),  # 50万千瓦时 exactly (（含）以上): eligible, amount needs the municipal figure
        ("500000.1", T, True, None),  # just above
        ("499999.9", T, False, 0),  # just below: not eligible, so 0 whatever the municipal award
        (10**7, F, False, 0),  # not 规上工业
    ],
)
def test_spring_festival_without_municipal_figure(kwh, above, eligible, amount):
    r = run("spring_festival_electricity_2024_9", is_above_scale_industrial=above, electricity_feb_2024_kwh=kwh)
    assert (r.eligible, r.amount_yuan) == (eligible, amount)
    assert any(s.check.startswith("需市级奖励金额才能计算金额") and s.passed is None for s in r.steps)


def test_spring_festival_needs_above_scale_industrial():
    assert spring(10**7, 100_000, above=F).amount_yuan == 0


# ---------------------------------------------------------------- 第10条 榕升计划
@pytest.mark.parametrize(
    ("pool", "kind", "amount"),
    [(T, "2024年新投产纳统", 300_000), (T, "规下转规上", 300_000), (T, "第一季度新投产纳统", 300_000),
     (T, "其他", 0), (F, "规下转规上", 0)],
)
def test_rongsheng(pool, kind, amount):
    r = run("rongsheng_new_entrant_2024_10", in_small_to_scale_pool=pool, entrant_type=kind)
    assert r.amount_yuan == amount
    if amount:
        assert r.parts[0].levels == ["市级", "区级"]


# ---------------------------------------------------------------- 第14条 技改配套
def tech(start, p, m, project=T):
    return run("tech_upgrade_matching_2024_14", is_industrial_techupgrade_project=project, construction_start_date=start,
               provincial_subsidy_yuan=p, municipal_subsidy_yuan=m)


@pytest.mark.parametrize(
    ("start", "p", "m", "amount"),
    [
        ("2024-01-01", 1_000_000, 500_000, 400_000),  # 30% × 100万 + 20% × 50万 = 30万 + 10万
        ("2024-03-31", 1_000_000, 0, 300_000),  # last day of Q1; only provincial: 30% × 100万
        ("2024-04-01", 1_000_000, 500_000, 0),  # started after Q1
        ("2023-12-31", 1_000_000, 500_000, 0),  # started before Q1
        ("2024-02-15", 0, 500_000, 100_000),  # only municipal: 20% × 50万
        ("2024-02-15", 0, 0, 0),  # no higher-level subsidy
        ("2024-02-15", 5, 5, 3),  # 30% × 5 = 1.5; 20% × 5 = 1; 2.5 -> 3 (rounded once, after adding)
    ],
)
def test_tech_upgrade_2024(start, p, m, amount):
    r = tech(start, p, m)
    assert r.amount_yuan == amount
    if amount:
        assert r.funding_levels == ["区级"]


def test_tech_upgrade_2024_needs_techupgrade_project():
    assert tech("2024-01-10", 10**6, 10**6, project=F).amount_yuan == 0


# ---------------------------------------------------------------- 第19条 出口信保
@pytest.mark.parametrize(("usd", "ok"), [(7_000_000, True), (7_000_001, False), (0, True)])  # 700万美元以下 includes
def test_export_credit(usd, ok):
    r = run("export_credit_insurance_2024_19", is_foreign_trade_enterprise=T, annual_export_usd=usd)
    assert r.eligible is ok and r.no_figure and r.amount_yuan is None


# ---------------------------------------------------------------- 第23条
def stable(out_q1, out_q4, ins_q1, ins_q4, leader=T, other=F):
    return run("stable_employment_award_2024_23", is_fuzhou_industrial_leader=leader, meets_other_document=other,
               q1_2024_output_yuan=out_q1, q4_2023_output_yuan=out_q4, q1_2024_avg_insured=ins_q1,
               q4_2023_avg_insured=ins_q4)


@pytest.mark.parametrize(
    ("out_q1", "ins_q1", "ok"),
    [
        (90_000_000, 900, True),  # both exactly 90% of 1亿 / 1000 (含90%)
        (89_999_999, 900, False),  # output just under 90%
        (90_000_000, "899.9", False),  # insured just under 90%
        (120_000_000, 1000, True),
    ],
)
def test_stable_employment_90pct(out_q1, ins_q1, ok):
    r = stable(out_q1, 100_000_000, ins_q1, 1000)
    assert r.eligible is ok
    assert r.no_figure and "按规定标准" in r.decided_by and r.amount_yuan is None


def test_stable_employment_listing():
    assert stable(10**8, 10**8, 10, 10, leader=F, other=T).eligible is True
    assert stable(10**8, 10**8, 10, 10, leader=F, other=F).eligible is False


def stable_ratio(output_pct, insured_pct, **kw):
    return run("stable_employment_award_2024_23", is_fuzhou_industrial_leader=T, output_ratio_pct=output_pct,
               insured_ratio_pct=insured_pct, **kw)


@pytest.mark.parametrize(
    ("output_pct", "insured_pct", "ok"),
    [
        (95, 92, True),  # both ≥ 90%
        (90, 90, True),  # both exactly 90% (含90%)
        ("89.99", 95, False),  # output just below 90%
        (95, "89.9", False),  # insured just below 90%
        ("90.01", "90.01", True),  # just above
        (120, 100, True),  # Q1 above Q4
    ],
)
def test_stable_employment_ratios(output_pct, insured_pct, ok):
    r = stable_ratio(output_pct, insured_pct)
    assert r.eligible is ok
    assert r.no_figure and "按规定标准" in r.decided_by and r.amount_yuan is None


def test_stable_employment_ratio_and_absolute_mixed():
    # output by ratio 95%; insured by absolute figures 900 of 1000 = 90% exactly (含90%)
    r = run("stable_employment_award_2024_23", is_fuzhou_industrial_leader=T, output_ratio_pct=95,
            q1_2024_avg_insured=900, q4_2023_avg_insured=1000)
    assert r.eligible is True and r.no_figure
    # 899 of 1000 = 89.9% < 90%
    r = run("stable_employment_award_2024_23", is_fuzhou_industrial_leader=T, output_ratio_pct=95,
            q1_2024_avg_insured=899, q4_2023_avg_insured=1000)
    assert r.eligible is False


def test_stable_employment_both_ways_absolute_decides():
    # stated 90% agrees with 89.6% (less than 1 unit apart), but the absolute figures decide: 8960万 < 90% × 1亿
    r = run("stable_employment_award_2024_23", is_fuzhou_industrial_leader=T, output_ratio_pct=90,
            q1_2024_output_yuan=89_600_000, q4_2023_output_yuan=100_000_000, insured_ratio_pct=95)
    assert r.eligible is False
    assert "按两季绝对数判断" in r.steps[1].check


def _stable_error(**payload):
    from calculators import registry
    from calculators.registry import CalculatorInputError

    with pytest.raises(CalculatorInputError) as info:
        registry.run("stable_employment_award_2024_23", {"is_fuzhou_industrial_leader": T, **payload})
    return [f for f, _ in info.value.errors], str(info.value)


def test_stable_employment_missing_test_names_the_fields():
    fields, _ = _stable_error(output_ratio_pct=95)
    assert fields == ["insured_ratio_pct", "q1_2024_avg_insured", "q4_2023_avg_insured"]
    fields, _ = _stable_error(insured_ratio_pct=95, q1_2024_output_yuan=10**8)  # half a pair does not decide
    assert fields == ["output_ratio_pct", "q1_2024_output_yuan", "q4_2023_output_yuan"]
    fields, _ = _stable_error()
    assert fields == ["output_ratio_pct", "q1_2024_output_yuan", "q4_2023_output_yuan",
                      "insured_ratio_pct", "q1_2024_avg_insured", "q4_2023_avg_insured"]


def test_stable_employment_contradiction_names_the_fields():
    # 80% stated, but 9500万 of 1亿 is 95%
    fields, msg = _stable_error(output_ratio_pct=80, q1_2024_output_yuan=95_000_000, q4_2023_output_yuan=100_000_000,
                                insured_ratio_pct=95)
    assert fields == ["output_ratio_pct", "q1_2024_output_yuan", "q4_2023_output_yuan"] and "矛盾" in msg
    fields, msg = _stable_error(output_ratio_pct=95, insured_ratio_pct=95, q1_2024_avg_insured=50,
                                q4_2023_avg_insured=100)  # 50 of 100 is 50%
    assert fields == ["insured_ratio_pct", "q1_2024_avg_insured", "q4_2023_avg_insured"]


def test_stable_employment_lone_absolute_figure_is_noted():
    r = stable_ratio(95, 92, q1_2024_output_yuan=10**8)
    assert r.eligible is True and any("只提供了2024年一季度工业总产值" in n for n in r.notes)


@pytest.mark.parametrize(
    ("hire", "ok"), [("2024-01-01", True), ("2024-03-31", True), ("2023-12-31", False), ("2024-04-01", False)]
)
def test_worker_referral_window(hire, ok):
    r = run("worker_referral_award_2024_23", referrer_type="社会机构", employer_is_key_enterprise=T, first_time_in_fuzhou=T,
            hire_date=hire, stable_one_month_or_more=T)
    assert r.eligible is ok and r.no_figure


def test_worker_referral_first_time_and_stable():
    base = dict(referrer_type="社会机构", employer_is_key_enterprise=T, first_time_in_fuzhou=T, hire_date="2024-02-01",
                stable_one_month_or_more=T)
    assert run("worker_referral_award_2024_23", **{**base, "first_time_in_fuzhou": F}).eligible is False
    assert run("worker_referral_award_2024_23", **{**base, "stable_one_month_or_more": F}).eligible is False


@pytest.mark.parametrize(
    ("outside", "inside", "already", "amount"),
    [
        (1, 0, 0, 3_000),  # 1 × 3000
        (0, 1, 0, 1_000),  # 1 × 1000
        (3, 0, 0, 6_000),  # at most 2 events: 2 × 3000
        (1, 3, 0, 4_000),  # best two: 3000 + 1000
        (0, 5, 0, 2_000),  # 2 × 1000
        (2, 2, 1, 3_000),  # one slot left: the 省外 one, 3000
        (2, 2, 2, 0),  # no slots left this year
        (0, 0, 0, 0),
    ],
)
def test_recruitment_events(outside, inside, already, amount):
    r = run("recruitment_event_subsidy_2024_23", is_key_enterprise_or_project=T, events_outside_province=outside,
            events_inside_province=inside, already_subsidised_this_year=already)
    assert r.amount_yuan == amount
    assert r.eligible is (amount > 0)


def test_recruitment_events_need_key_enterprise():
    r = run("recruitment_event_subsidy_2024_23", is_key_enterprise_or_project=F, events_outside_province=2,
            events_inside_province=0)
    assert r.amount_yuan == 0


def test_land_handed_over_comes_with_its_certificate():
    # 2024#5 “交地即交证”: a procedure for land handed over, no money
    r = run("land_with_certificate_2024_5", land_handed_over=True)
    assert (r.eligible, r.no_figure, r.amount_yuan) == (True, True, None)
    assert run("land_with_certificate_2024_5", land_handed_over=False).eligible is False
