"""Boundary tests for 长发改综〔2022〕51号 calculators. Every expected figure is worked out by hand in the comment."""

from __future__ import annotations

import pytest
from calc_test_support import run

T, F = True, False


# ---------------------------------------------------------------- 第2条 小额采购 (以下 includes the number)
@pytest.mark.parametrize(
    ("kind", "budget", "reserved"),
    [
        ("货物", 2_000_000, True),  # 200万 exactly: 以下 includes it
        ("服务", 2_000_001, False),  # 1 元 over
        ("服务", 1_999_999, True),
        ("工程", 4_000_000, True),  # 400万 exactly
        ("工程", 4_000_001, False),
        ("工程", 2_000_001, True),  # works have the higher 400万 line
    ],
)
def test_procurement_reservation(kind, budget, reserved):
    r = run("small_procurement_reservation_2022_2", procurement_type=kind, budget_yuan=budget)
    assert r.eligible is reserved
    assert r.no_figure and r.amount_yuan is None and r.decided_by


# ---------------------------------------------------------------- 第4条
@pytest.mark.parametrize(("kw", "ok"), [(160, True), ("159.9", True), ("160.01", False), (0, True)])
def test_low_voltage_capacity_threshold(kw, ok):
    r = run("low_voltage_access_2022_4", equipment_capacity_kw=kw, is_small_or_micro_enterprise=T, low_voltage_connection=T)
    assert r.eligible is ok
    assert r.no_figure and "供电公司" in r.decided_by


def test_low_voltage_needs_small_micro_and_low_voltage():
    assert run("low_voltage_access_2022_4", equipment_capacity_kw=10, is_small_or_micro_enterprise=F,
               low_voltage_connection=T).eligible is False
    assert run("low_voltage_access_2022_4", equipment_capacity_kw=10, is_small_or_micro_enterprise=T,
               low_voltage_connection=F).eligible is False


@pytest.mark.parametrize(("kv", "ok"), [(1, False), ("0.999", True), ("0.4", True), ("1.001", False)])
def test_spot_market_voltage_strictly_below_1kv(kv, ok):
    # 不满1千伏 excludes 1 kV itself
    r = run("spot_market_fee_exemption_2022_4", voltage_kv=kv, is_industrial_or_commercial_user=T,
            participates_in_spot_market=T)
    assert r.eligible is ok


def test_spot_market_needs_participation():
    r = run("spot_market_fee_exemption_2022_4", voltage_kv="0.4", is_industrial_or_commercial_user=T,
            participates_in_spot_market=F)
    assert r.eligible is False


def test_march_2022_deviation():
    assert run("march_2022_deviation_exemption_2022_4", in_fujian_power_market=T).eligible is True
    assert run("march_2022_deviation_exemption_2022_4", in_fujian_power_market=F).eligible is False
    # only March 2022's deviation: 2022-03-31 is in, 2022-04-01 and 2023-03-15 are not
    month = lambda d: run("march_2022_deviation_exemption_2022_4", in_fujian_power_market=T, deviation_month=d).eligible
    assert (month("2022-03-31"), month("2022-04-01"), month("2023-03-15"), month("2022-02-28")) == (True, False, False, False)


# ---------------------------------------------------------------- 第7条
def test_recycling_standard_is_a_provincial_ceiling():
    r = run("recycling_standard_award_2022_7", passed_standard_conditions=T)
    # 最高给予每家企业20万元 -> ceiling 200000, no fixed figure
    assert (r.eligible, r.amount_yuan, r.amount_max_yuan, r.upper_bound) == (True, None, 200_000, True)
    assert r.funding_levels == ["省级"]
    r = run("recycling_standard_award_2022_7", passed_standard_conditions=F)
    assert (r.eligible, r.amount_yuan, r.amount_max_yuan) == (False, 0, None)


def test_scrap_steel_has_no_rate():
    r = run("scrap_steel_purchase_award_2022_7", is_steel_producer_in_changle=T, scrap_purchase_yuan=10_000_000)
    assert r.eligible is True and r.no_figure and r.amount_yuan is None and r.amount_max_yuan is None
    assert "一定比例" in r.decided_by
    assert run("scrap_steel_purchase_award_2022_7", is_steel_producer_in_changle=T, scrap_purchase_yuan=0).eligible is False
    assert run("scrap_steel_purchase_award_2022_7", is_steel_producer_in_changle=F, scrap_purchase_yuan=1).eligible is False


def test_circular_municipal_is_one_of_two_bands():
    r = run("circular_economy_municipal_subsidy_2022_7", has_circular_economy_project=T)
    # 10万元或20万元: conditions not in the text -> undecidable, figure between the two bands
    assert r.eligible is None
    assert (r.amount_yuan, r.amount_min_yuan, r.amount_max_yuan, r.upper_bound) == (None, 100_000, 200_000, False)
    assert r.funding_levels == ["市级"]
    assert run("circular_economy_municipal_subsidy_2022_7", has_circular_economy_project=F).amount_yuan == 0


@pytest.mark.parametrize(("listed", "accepted", "amount"), [(T, T, 200_000), (T, F, 0), (F, T, 0)])
def test_circular_model_enterprise(listed, accepted, amount):
    # 每家奖励20万元 = 200000, only when listed AND accepted
    r = run("circular_economy_model_enterprise_2022_7", listed_provincial_model_enterprise=listed, passed_acceptance=accepted)
    assert r.amount_yuan == amount and r.eligible is (amount > 0)
    assert r.funding_levels == []  # the sentence names no payer


def test_green_factory_no_figure():
    r = run("green_manufacturing_national_2022_7", national_green_factory_or_supply_chain=T)
    assert r.eligible is True and r.no_figure and "上级" in r.decided_by


# ---------------------------------------------------------------- 第9条
@pytest.mark.parametrize(
    ("municipal", "district"),
    [
        (1_000_000, 300_000),  # 30% × 1,000,000 = 300,000
        (1, 0),  # 30% × 1 = 0.3 -> rounds half-up to 0
        (5, 2),  # 30% × 5 = 1.5 -> 2 (half up)
        (12_345, 3_704),  # 30% × 12,345 = 3,703.5 -> 3,704
        (50_000_000, 15_000_000),  # no cap in the clause: 30% × 5000万 = 1500万
    ],
)
def test_first_set_matching(municipal, district):
    r = run("first_set_equipment_matching_2022_9", recognised_first_set=T, municipal_subsidy_yuan=municipal)
    assert r.amount_yuan == district
    assert r.funding_levels == ["区级"]


def test_first_set_needs_recognition_and_municipal_base():
    assert run("first_set_equipment_matching_2022_9", recognised_first_set=F, municipal_subsidy_yuan=1_000_000).amount_yuan == 0
    r = run("first_set_equipment_matching_2022_9", recognised_first_set=T, municipal_subsidy_yuan=0)
    assert r.eligible is False and r.amount_yuan == 0


# ---------------------------------------------------------------- 第11条
def test_tech_upgrade_2022_no_figure():
    r = run("tech_upgrade_matching_2022_11", meets_higher_level_techupgrade_policy=T)
    assert r.eligible is True and r.no_figure and "按照上级要求" in r.decided_by
    assert "区级" in r.funding_levels
    assert run("tech_upgrade_matching_2022_11", meets_higher_level_techupgrade_policy=F).eligible is False


# ---------------------------------------------------------------- 第13条
def test_scale_up_award():
    r = run("scale_up_award_2022_13", first_time_above_scale_or_new_entrant=T)
    # 30万 from 市、区两级 together
    assert r.amount_yuan == 300_000
    assert [(p.levels, p.amount_yuan) for p in r.parts] == [(["市级", "区级"], 300_000)]
    r = run("scale_up_award_2022_13", first_time_above_scale_or_new_entrant=T, entered_stats_in_2022_q2=T)
    # Q2 entrants: 省级10万 + 市区30万 = 40万
    assert r.amount_yuan == 400_000
    assert sorted((tuple(p.levels), p.amount_yuan) for p in r.parts) == [(("市级", "区级"), 300_000), (("省级",), 100_000)]
    r = run("scale_up_award_2022_13", first_time_above_scale_or_new_entrant=F)
    assert (r.eligible, r.amount_yuan) == (False, 0)


# ---------------------------------------------------------------- 第14条
def q2(cur, prev, e_cur=2, e_prev=1):
    return run("q2_growth_award_2022_14", q2_2022_output_yuan=cur, q2_2021_output_yuan=prev,
               q2_2022_electricity_kwh=e_cur, q2_2021_electricity_kwh=e_prev)


@pytest.mark.parametrize(
    ("cur", "prev", "amount"),
    [
        (110_000_000, 100_000_000, 10_000),  # +10.00% exactly (含), increase 1000万 -> 1 × 1万
        (109_999_999, 100_000_000, 0),  # 9.999999% < 10%
        (119_999_999, 100_000_000, 10_000),  # increase 1999.9999万 -> 1 whole increment
        (120_000_000, 100_000_000, 20_000),  # 2000万 -> 2 × 1万
        (300_000_000, 100_000_000, 200_000),  # 2亿 increase -> 20 × 1万 = 20万 = cap exactly
        (310_000_000, 100_000_000, 200_000),  # 21 × 1万 = 21万 > cap 20万 -> 20万
        (50_000_000, 40_000_000, 10_000),  # +25%, increase 1000万 -> 1万
        (49_999_999, 40_000_000, 0),  # +24.99...%, increase 999.9999万 -> 0 whole increments
    ],
)
def test_q2_growth_boundaries(cur, prev, amount):
    r = q2(cur, prev)
    assert r.amount_yuan == amount
    assert r.eligible is (amount > 0)


def test_q2_growth_needs_positive_electricity_growth():
    assert q2(300_000_000, 100_000_000, e_cur=100, e_prev=100).amount_yuan == 0  # 0% is not 正增长
    assert q2(300_000_000, 100_000_000, e_cur=101, e_prev=100).amount_yuan == 200_000


def test_q2_growth_without_base_is_undecidable():
    r = q2(30_000_000, 0)
    assert r.eligible is None  # growth against 0 cannot be computed


def q2_rel(increase, growth, **kw):
    return run("q2_growth_award_2022_14", q2_output_increase_yuan=increase, q2_output_growth_pct=growth, **kw)


@pytest.mark.parametrize(
    ("increase", "growth", "amount"),
    [
        (35_000_000, 12, 30_000),  # 3500万 -> 3 whole 1000万 × 1万 = 3万; 12% ≥ 10%
        (10_000_000, 10, 10_000),  # exactly 1000万 and exactly 10% (（含）以上) -> 1 × 1万
        (9_999_999, 10, 0),  # 999.9999万: no whole 1000万
        (10_000_001, 10, 10_000),  # just above 1000万 -> 1
        (19_990_000, 15, 10_000),  # 1999万 -> 1 whole increment -> 1万
        (20_000_000, 15, 20_000),  # 2000万 -> 2 × 1万
        (200_000_000, 25, 200_000),  # 2亿 -> 20 × 1万 = 20万 = cap exactly
        (199_999_999, 25, 190_000),  # 19 whole increments -> 19万, just under the cap
        (210_000_000, 25, 200_000),  # 21 × 1万 = 21万 > cap -> 20万
        (35_000_000, "9.9", 0),  # 9.9% < 10%: not eligible
        (35_000_000, "9.99", 0),  # just below 10%
        (35_000_000, "10.01", 30_000),  # just above 10%
    ],
)
def test_q2_growth_relative_figures(increase, growth, amount):
    r = q2_rel(increase, growth, electricity_grew=T)
    assert r.amount_yuan == amount
    assert r.eligible is (amount > 0)


@pytest.mark.parametrize(
    ("electricity", "ok"),
    [
        ({"electricity_grew": T}, True),  # "用电量也涨了"
        ({"electricity_grew": F}, False),  # "用电没变/下降": not 正增长
        ({"q2_electricity_growth_pct": 0}, False),  # unchanged: 0 is not > 0
        ({"q2_electricity_growth_pct": "0.01"}, True),  # just above 0
        ({"q2_electricity_growth_pct": -3}, False),
        ({"q2_2022_electricity_kwh": 100, "q2_2021_electricity_kwh": 100}, False),  # absolute pair, unchanged
        ({"q2_2022_electricity_kwh": 101, "q2_2021_electricity_kwh": 100}, True),
    ],
)
def test_q2_growth_electricity_three_ways(electricity, ok):
    r = q2_rel(35_000_000, 12, **electricity)  # eligible: 3 × 1万 = 3万
    assert r.amount_yuan == (30_000 if ok else 0)
    assert r.eligible is ok


def test_q2_growth_mixed_absolute_outputs_and_electricity_bool():
    # 2022: 1.35亿, 2021: 1亿 -> +35%, increase 3500万 -> 3 × 1万 = 3万
    r = run("q2_growth_award_2022_14", q2_2022_output_yuan=135_000_000, q2_2021_output_yuan=100_000_000,
            electricity_grew=T)
    assert (r.eligible, r.amount_yuan) == (True, 30_000)


def test_q2_growth_both_ways_agree_absolute_decides():
    # 2022 = 3.3亿, 2021 = 3亿: +10.00%, increase 3000万 -> 3 × 1万 = 3万; stated 10% and 3000万 agree;
    # electricity 105 over 100 = +5%, stated 5% agrees
    r = run("q2_growth_award_2022_14", q2_2022_output_yuan=330_000_000, q2_2021_output_yuan=300_000_000,
            q2_output_growth_pct=10, q2_output_increase_yuan=30_000_000, q2_electricity_growth_pct=5,
            q2_2022_electricity_kwh=105, q2_2021_electricity_kwh=100)
    assert (r.eligible, r.amount_yuan) == (True, 30_000)
    assert "按产值绝对数判断" in r.steps[0].check
    # stated "10" also agrees with +9.60% (less than 1 unit apart), but the absolute figures decide: 9.6% < 10%
    r = run("q2_growth_award_2022_14", q2_2022_output_yuan=328_800_000, q2_2021_output_yuan=300_000_000,
            q2_output_growth_pct=10, electricity_grew=T)
    assert (r.eligible, r.amount_yuan) == (False, 0)


def _q2_error(**payload):
    from calculators import registry
    from calculators.registry import CalculatorInputError

    with pytest.raises(CalculatorInputError) as info:
        registry.run("q2_growth_award_2022_14", payload)
    return [f for f, _ in info.value.errors], str(info.value)


def test_q2_growth_missing_combinations_name_the_fields():
    fields, _ = _q2_error(q2_output_growth_pct=12, electricity_grew=T)  # increase missing
    assert fields == ["q2_output_increase_yuan", "q2_2022_output_yuan", "q2_2021_output_yuan"]
    fields, _ = _q2_error(q2_output_increase_yuan=35_000_000, electricity_grew=T)  # growth missing
    assert fields == ["q2_output_growth_pct", "q2_2022_output_yuan", "q2_2021_output_yuan"]
    fields, _ = _q2_error(q2_output_increase_yuan=35_000_000, q2_output_growth_pct=12)  # electricity missing
    assert fields == ["q2_electricity_growth_pct", "electricity_grew", "q2_2022_electricity_kwh", "q2_2021_electricity_kwh"]
    fields, _ = _q2_error(q2_output_increase_yuan=35_000_000, q2_output_growth_pct=12, q2_2022_electricity_kwh=5)
    assert "q2_2021_electricity_kwh" in fields  # half an absolute pair does not decide electricity
    fields, _ = _q2_error()
    assert set(fields) == set(registry_fields("q2_growth_award_2022_14"))


def registry_fields(name):
    from calculators import registry

    return list(registry.get(name).input_model.model_fields)


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        # 1.3亿 over 1亿 is +30%, not the stated 12%
        ({"q2_2022_output_yuan": 130_000_000, "q2_2021_output_yuan": 100_000_000, "q2_output_growth_pct": 12,
          "electricity_grew": T}, ["q2_output_growth_pct", "q2_2022_output_yuan", "q2_2021_output_yuan"]),
        # increase stated 3500万, absolute difference 3000万
        ({"q2_2022_output_yuan": 130_000_000, "q2_2021_output_yuan": 100_000_000,
          "q2_output_increase_yuan": 35_000_000, "electricity_grew": T},
         ["q2_output_increase_yuan", "q2_2022_output_yuan", "q2_2021_output_yuan"]),
        # "用电也涨了" but the kWh figures fell
        ({"q2_output_growth_pct": 12, "q2_output_increase_yuan": 35_000_000, "electricity_grew": T,
          "q2_2022_electricity_kwh": 90, "q2_2021_electricity_kwh": 100},
         ["electricity_grew", "q2_2022_electricity_kwh", "q2_2021_electricity_kwh"]),
        # bool vs percentage
        ({"q2_output_growth_pct": 12, "q2_output_increase_yuan": 35_000_000, "electricity_grew": F,
          "q2_electricity_growth_pct": 3}, ["electricity_grew", "q2_electricity_growth_pct"]),
        # percentage vs kWh: 110 over 100 is +10%, not 3%
        ({"q2_output_growth_pct": 12, "q2_output_increase_yuan": 35_000_000, "q2_electricity_growth_pct": 3,
          "q2_2022_electricity_kwh": 110, "q2_2021_electricity_kwh": 100},
         ["q2_electricity_growth_pct", "q2_2022_electricity_kwh", "q2_2021_electricity_kwh"]),
    ],
)
def test_q2_growth_contradictions_name_the_fields(payload, named):
    fields, msg = _q2_error(**payload)
    assert fields == named
    assert "矛盾" in msg or "不符" in msg


def test_q2_growth_lone_absolute_figure_is_noted_not_used():
    # only this year's output given beside the relative figures: 3500万 -> 3 × 1万 = 3万, and a note says so
    r = q2_rel(35_000_000, 12, electricity_grew=T, q2_2022_output_yuan=300_000_000)
    assert r.amount_yuan == 30_000
    assert any("未提供2021年二季度产值" in n and "未用于计算" in n for n in r.notes)


def test_q2_growth_increase_within_a_wan_agrees():
    # 3500万 stated, absolute difference 35,009,999 (< 1万 apart) -> accepted; 3 × 1万 = 3万
    r = run("q2_growth_award_2022_14", q2_2022_output_yuan=135_009_999, q2_2021_output_yuan=100_000_000,
            q2_output_increase_yuan=35_000_000, electricity_grew=T)
    assert r.amount_yuan == 30_000


# ---------------------------------------------------------------- 第15条
YI100 = 10_000_000_000


def rev(now, before):
    return run("revenue_100yi_award_2022_15", is_industrial_enterprise=T, revenue_yuan=now, previous_highest_revenue_yuan=before)


@pytest.mark.parametrize(
    ("now", "before", "amount"),
    [
        (YI100, 0, 0),  # exactly 100亿 is not 超100亿
        (YI100 + 1, 0, 3_000_000),  # first time over 100亿 -> 300万 provincial
        (YI100 + 1, YI100, 3_000_000),  # before: exactly 100亿 never exceeded -> still first time
        (YI100 + 1, YI100 + 1, 0),  # already exceeded before: not 首次
        (2 * YI100, YI100 + 1, 0),  # exactly 200亿: 200亿 level not passed
        (2 * YI100 + 1, YI100 + 1, 500_000),  # passed 200亿: 1 level × 50万
        (2 * YI100 + 1, 0, 3_500_000),  # 0 -> 200亿+1 in one year: 300万 + 50万
        (35 * YI100 // 10, 15 * YI100 // 10, 1_000_000),  # 150亿 -> 350亿: levels 200, 300 -> 2 × 50万
        (35 * YI100 // 10, 25 * YI100 // 10, 500_000),  # 250亿 -> 350亿: only 300亿 -> 50万
        (25 * YI100 // 10, 35 * YI100 // 10, 0),  # revenue fell below an earlier peak
    ],
)
def test_revenue_levels(now, before, amount):
    r = rev(now, before)
    assert r.amount_yuan == amount
    assert r.eligible is (amount > 0)


def test_revenue_parts_levels():
    r = rev(2 * YI100 + 1, 0)
    assert {(p.levels[0], p.amount_yuan) for p in r.parts} == {("省级", 3_000_000), ("市级", 500_000)}
    r = run("revenue_100yi_award_2022_15", is_industrial_enterprise=F, revenue_yuan=2 * YI100 + 1, previous_highest_revenue_yuan=0)
    assert (r.eligible, r.amount_yuan) == (False, 0)


# ---------------------------------------------------------------- 第16条
@pytest.mark.parametrize(
    ("tce", "amount"),
    [
        (300, 150_000),  # 300 tce exactly (以上 includes): 500 × 300 = 150,000
        ("299.99", 0),  # below 300
        ("300.001", 150_001),  # 500 × 300.001 = 150,000.5 -> 150,001 (half up)
        (3000, 1_500_000),  # 500 × 3000 = 1,500,000 = cap exactly
        (3001, 1_500_000),  # 500 × 3001 = 1,500,500 > cap -> 1,500,000
    ],
)
def test_energy_saving_municipal(tce, amount):
    r = run("energy_saving_municipal_2022_16", annual_energy_saving_tce=tce)
    assert r.amount_yuan == amount
    assert r.funding_levels == ["市级"]


def test_energy_saving_municipal_needs_self_implemented():
    assert run("energy_saving_municipal_2022_16", annual_energy_saving_tce=1000, self_implemented=F).amount_yuan == 0


@pytest.mark.parametrize(
    ("tce", "ceiling"),
    [(1, 500), (16_000, 8_000_000), (16_001, 8_000_000), (100, 50_000)],  # 500×16000 = 800万 = cap; 16001 over
)
def test_energy_saving_provincial_ceiling(tce, ceiling):
    r = run("energy_saving_provincial_2022_16", provincial_key_energy_project=T, in_operation=T, annual_energy_saving_tce=tce)
    assert (r.amount_yuan, r.amount_max_yuan, r.upper_bound) == (None, ceiling, True)


def test_energy_saving_provincial_not_in_operation():
    r = run("energy_saving_provincial_2022_16", provincial_key_energy_project=T, in_operation=F, annual_energy_saving_tce=100)
    assert (r.eligible, r.amount_yuan, r.amount_max_yuan) == (False, 0, None)


# ---------------------------------------------------------------- 第17条
@pytest.mark.parametrize(
    ("prov", "nat", "ceiling"),
    [(T, F, 500_000), (F, T, 1_000_000), (T, T, 1_500_000)],  # 50万; 100万; 50万 + 再100万 = 150万
)
def test_efficiency_benchmark(prov, nat, ceiling):
    r = run("efficiency_benchmark_provincial_2022_17", provincial_benchmark=prov, national_benchmark=nat)
    assert (r.amount_max_yuan, r.upper_bound, r.amount_yuan) == (ceiling, True, None)


def test_efficiency_benchmark_none():
    r = run("efficiency_benchmark_provincial_2022_17", provincial_benchmark=F, national_benchmark=F)
    assert (r.eligible, r.amount_yuan) == (False, 0)


def test_efficiency_star():
    r = run("efficiency_star_municipal_2022_17", national_efficiency_title=T)
    assert (r.amount_yuan, r.funding_levels) == (500_000, ["市级"])
    assert run("efficiency_star_municipal_2022_17", national_efficiency_title=F).amount_yuan == 0


# ---------------------------------------------------------------- 第19条
@pytest.mark.parametrize(
    ("project", "annual", "eligible", "levels"),
    [
        (10_000_000, 0, True, ["市级"]),  # 1000万 exactly (以上)
        (9_999_999, 0, False, []),
        (0, 100_000_000, True, ["省级"]),  # 1亿 exactly (及以上)
        (0, 99_999_999, False, []),
        (10_000_000, 100_000_000, True, ["市级", "省级"]),
    ],
)
def test_rd_pre_subsidy(project, annual, eligible, levels):
    r = run("rd_pre_subsidy_recommendation_2022_19", largest_single_project_rd_yuan=project, prior_year_rd_yuan=annual)
    assert r.eligible is eligible and r.no_figure
    assert r.funding_levels == levels


@pytest.mark.parametrize(
    ("payload", "eligible", "levels", "unchecked"),
    [
        ({"largest_single_project_rd_yuan": 10_000_000}, True, ["市级"], "上年度研发经费投入1亿元及以上"),  # 1000万 (以上)
        ({"largest_single_project_rd_yuan": 9_999_999}, False, [], "上年度研发经费投入1亿元及以上"),  # just below
        ({"largest_single_project_rd_yuan": 10_000_001}, True, ["市级"], "上年度研发经费投入1亿元及以上"),
        ({"prior_year_rd_yuan": 100_000_000}, True, ["省级"], "单项研发经费投入1000万元以上"),  # 1亿 (及以上)
        ({"prior_year_rd_yuan": 99_999_999}, False, [], "单项研发经费投入1000万元以上"),
        ({"prior_year_rd_yuan": 100_000_001}, True, ["省级"], "单项研发经费投入1000万元以上"),
        ({"prior_year_rd_yuan": 98_000_000, "largest_single_project_rd_yuan": 8_000_000}, False, [], None),  # both fail
    ],
)
def test_rd_pre_subsidy_one_route_stated(payload, eligible, levels, unchecked):
    r = run("rd_pre_subsidy_recommendation_2022_19", **payload)
    assert r.eligible is eligible and r.no_figure and r.funding_levels == levels
    if unchecked:
        assert len(r.notes) == 1 and "未核对另一途径" in r.notes[0] and unchecked in r.notes[0]
    else:
        assert r.notes == []


def test_rd_pre_subsidy_needs_one_figure():
    from calculators import registry
    from calculators.registry import CalculatorInputError

    with pytest.raises(CalculatorInputError) as info:
        registry.run("rd_pre_subsidy_recommendation_2022_19", {})
    assert [f for f, _ in info.value.errors] == ["largest_single_project_rd_yuan", "prior_year_rd_yuan"]
    assert "至少填写一项" in str(info.value)


def test_specialized_sme():
    r = run("specialized_sme_award_2022_20", newly_recognised_provincial_specialized=F, newly_recognised_national_little_giant=T)
    assert r.eligible is True and r.no_figure and r.funding_levels == ["省级", "市级"]
    r = run("specialized_sme_award_2022_20", newly_recognised_provincial_specialized=F, newly_recognised_national_little_giant=F)
    assert r.eligible is False


# ---------------------------------------------------------------- 第21条
@pytest.mark.parametrize(
    ("investment", "amount"),
    [
        (10_000_000, 2_000_000),  # 20% × 1000万 = 200万 = cap exactly
        (10_000_005, 2_000_000),  # 20% × 10,000,005 = 2,000,001 > cap -> 200万
        (9_999_995, 1_999_999),  # 20% × 9,999,995 = 1,999,999
        (3, 1),  # 20% × 3 = 0.6 -> 1
        (0, 0),
    ],
)
@pytest.mark.parametrize("name", ["industrial_internet_platform_2022_21", "internet_tech_project_2022_21"])
def test_twenty_percent_capped(name, investment, amount):
    payload = {"project_investment_yuan": investment}
    if name.startswith("industrial_internet_platform"):
        payload = {"platform_type": "基础赋能平台", "platform_investment_yuan": investment}
    r = run(name, **payload)
    assert r.amount_yuan == amount


@pytest.mark.parametrize(
    ("kind", "investment", "amount"),
    [
        (None, 6_000_000, 1_200_000),  # type not stated: 20% × 600万 = 120万
        (None, 15_000_000, 2_000_000),  # 20% × 1500万 = 300万 > cap -> 200万
        (None, 10_000_000, 2_000_000),  # 20% × 1000万 = 200万 = cap exactly
        (None, 9_999_995, 1_999_999),  # 20% × 9,999,995 = 1,999,999, just under the cap
        (None, 10_000_005, 2_000_000),  # 2,000,001 > cap -> 200万
        ("服务应用平台", 6_000_000, 1_200_000),  # same rule whatever the kind
        ("行业特色平台", 15_000_000, 2_000_000),
    ],
)
def test_platform_type_optional_same_rule(kind, investment, amount):
    payload = {"platform_investment_yuan": investment} | ({"platform_type": kind} if kind else {})
    r = run("industrial_internet_platform_2022_21", **payload)
    assert (r.eligible, r.amount_yuan) == (True, amount)
    assert "三类平台适用同一补助规则" in r.steps[0].check
    if kind is None:
        assert "平台类型未说明" in r.steps[0].check


def test_application_benchmark_parts():
    r = run("industrial_internet_application_2022_21", selected_benchmark_or_case=T)
    # 市级30万 + 区级追加5万 = 35万
    assert r.amount_yuan == 350_000
    assert [(p.levels, p.amount_yuan) for p in r.parts] == [(["市级"], 300_000), (["区级"], 50_000)]
    assert run("industrial_internet_application_2022_21", selected_benchmark_or_case=F).amount_yuan == 0


@pytest.mark.parametrize(
    ("invest", "ceiling"),
    [(20_000_000, 1_000_000), (20_000_020, 1_000_000), (19_999_980, 999_999), (1_000_000, 50_000)],
    # 5% × 2000万 = 100万 = cap; 5% × 20,000,020 = 1,000,001 > cap; 5% × 19,999,980 = 999,999; 5% × 100万 = 5万
)
def test_informatization_ceiling(invest, ceiling):
    r = run("informatization_key_project_2022_21", provincial_key_project=T, it_investment_3y_yuan=invest)
    assert (r.amount_yuan, r.amount_max_yuan, r.upper_bound) == (None, ceiling, True)


def test_fixed_awards_of_21_22():
    assert run("integration_standard_pilot_2022_21", listed_miit_pilot=T).amount_yuan == 100_000
    assert run("integration_standard_pilot_2022_21", listed_miit_pilot=F).amount_yuan == 0
    r = run("industrial_app_solution_2022_21", recognised_app_solution=T)
    assert (r.amount_yuan, r.funding_levels) == (150_000, ["省级"])
    r = run("national_fund_investment_2022_22", received_national_fund_investment=T)
    assert r.no_figure and r.funding_levels == ["省级"] and r.eligible is True


# ---------------------------------------------------------------- 第23条
@pytest.mark.parametrize(
    ("nat", "prov", "muni", "amount"),
    [
        (T, F, F, 2_000_000),
        (F, T, F, 700_000),
        (F, F, T, 300_000),
        (T, T, T, 3_000_000),  # 可重复享受: 200 + 70 + 30 = 300万
        (F, F, F, 0),
    ],
)
def test_tech_centre(nat, prov, muni, amount):
    r = run("enterprise_tech_centre_2022_23", new_national_centre=nat, new_provincial_centre=prov, new_municipal_centre=muni)
    assert r.amount_yuan == amount


@pytest.mark.parametrize(("capital", "amount"), [(50_000_000, 2_000_000), (49_999_999, 0), (50_000_001, 2_000_000)])
def test_five_g_capital_threshold(capital, amount):
    # 5000万元（含）以上 includes 5000万
    r = run("five_g_startup_subsidy_2022_23", does_5g_rd=T, registered_or_branch_in_changle=T, paid_in_capital_yuan=capital)
    assert r.amount_yuan == amount


def test_five_g_needs_changle_presence():
    r = run("five_g_startup_subsidy_2022_23", does_5g_rd=T, registered_or_branch_in_changle=F, paid_in_capital_yuan=10**9)
    assert r.amount_yuan == 0


# ---------------------------------------------------------------- 第24条
def test_unveiling_ceiling():
    r = run("unveiling_project_2022_24", selected_project=T)
    assert (r.amount_yuan, r.amount_max_yuan, r.upper_bound) == (None, 3_000_000, True)


@pytest.mark.parametrize(
    ("paid", "amount"),
    [
        (200_000, 100_000),  # 20万 exactly (含): 50% × 200,000 = 100,000
        (199_999, 0),  # below 20万
        (1_000_000, 500_000),  # 50% × 100万 = 50万 = cap exactly
        (1_000_002, 500_000),  # 50% × 1,000,002 = 500,001 > cap -> 500,000
        (200_001, 100_001),  # 50% × 200,001 = 100,000.5 -> 100,001 (half up)
    ],
)
def test_joint_rd(paid, amount):
    r = run("joint_rd_subsidy_2022_24", industrialised_joint_project=T, payments_to_institutes_yuan=paid)
    assert r.amount_yuan == amount


def test_joint_rd_needs_industrialisation_and_provincial_key_tech():
    assert run("joint_rd_subsidy_2022_24", industrialised_joint_project=F, payments_to_institutes_yuan=10**6).amount_yuan == 0
    r = run("provincial_key_tech_project_2022_24", meets_provincial_key_tech_conditions=T)
    assert r.no_figure and r.funding_levels == ["省级"]


# ---------------------------------------------------------------- 第30条
@pytest.mark.parametrize(
    ("devices", "amount"),
    [(1, 1000), (49, 49_000), (50, 50_000), (51, 50_000), (0, 0)],  # 1000 × n, cap 5万 reached at 50 devices
)
def test_cloud_devices(devices, amount):
    r = run("cloud_device_award_2022_30", new_devices_count=devices, received_municipal_award=T)
    assert r.amount_yuan == amount
    if amount:
        assert r.parts[0].levels == ["区级"]


def test_cloud_devices_need_municipal_award():
    assert run("cloud_device_award_2022_30", new_devices_count=10, received_municipal_award=F).amount_yuan == 0
    assert run("cloud_software_municipal_2022_30", uses_cloud_software_or_resources=T).no_figure


# ---------------------------------------------------------------- 第36条、第38条
@pytest.mark.parametrize(
    ("industry", "usd", "ok"),
    [("其他", 5_000_000, True), ("其他", 4_999_999, False), ("房地产业", 9_000_000, False), ("金融业", 9_000_000, False)],
)
def test_foreign_investment(industry, usd, ok):
    r = run("foreign_investment_2022_36", new_or_capital_increase=T, industry=industry, actual_paid_in_usd=usd)
    assert r.eligible is ok and r.no_figure and r.funding_levels == ["省级", "市级"]


def test_foreign_logistics():
    assert run("foreign_logistics_design_2022_38", is_foreign_invested=T, category="国家级工业设计中心").eligible is True
    assert run("foreign_logistics_design_2022_38", is_foreign_invested=T, category="其他").eligible is False
    assert run("foreign_logistics_design_2022_38", is_foreign_invested=F, category="国家4A级物流企业").eligible is False


# ---------------------------------------------------------------- 第51条
@pytest.mark.parametrize(
    ("firms", "banks", "amount"),
    [(30, 5, 50_000), (29, 5, 0), (30, 4, 0), (100, 20, 50_000)],  # 30家以上、5家以上 both inclusive
)
def test_matchmaking(firms, banks, amount):
    r = run("matchmaking_event_2022_51", is_organiser=T, enterprises_count=firms, bank_institutions_count=banks)
    assert r.amount_yuan == amount


@pytest.mark.parametrize(
    ("firms", "banks", "events", "amount"),
    [
        (35, 6, 2, 100_000),  # 2 events × 5万 = 10万
        (30, 5, 2, 100_000),  # thresholds exactly (以上 includes) on every event counted
        (29, 6, 2, 0),  # 29 firms per event: below 30 -> no event qualifies
        (35, 4, 3, 0),  # 4 banks per event: below 5
        (35, 6, 0, 0),  # no event held
        (35, 6, 1, 50_000),  # default single event
        (31, 5, 5, 250_000),  # 5 × 5万 = 25万 (no cap in the clause)
    ],
)
def test_matchmaking_several_events(firms, banks, events, amount):
    r = run("matchmaking_event_2022_51", is_organiser=T, enterprises_count=firms, bank_institutions_count=banks,
            events_count=events)
    assert r.amount_yuan == amount
    assert r.eligible is (amount > 0)
    if amount:
        assert [(p.levels, p.amount_yuan) for p in r.parts] == [(["市级"], amount)]


def test_matchmaking_events_default_to_one_and_need_organiser():
    assert run("matchmaking_event_2022_51", is_organiser=T, enterprises_count=35,
               bank_institutions_count=6).amount_yuan == 50_000  # events_count defaults to 1
    r = run("matchmaking_event_2022_51", is_organiser=F, enterprises_count=35, bank_institutions_count=6, events_count=2)
    assert (r.eligible, r.amount_yuan) == (False, 0)


@pytest.mark.parametrize(
    ("financing", "ceiling"),
    [(200_000_000, 2_000_000), (200_000_100, 2_000_000), (199_999_900, 1_999_999), (150, 2)],
    # 1% × 2亿 = 200万 = cap; 1% × 200,000,100 = 2,000,001 > cap; 1% × 199,999,900 = 1,999,999; 1% × 150 = 1.5 -> 2
)
def test_receivables_ceiling(financing, ceiling):
    r = run("receivables_financing_2022_51", is_large_or_core_enterprise=T, via_qualified_platform=T,
            annualised_financing_yuan=financing)
    assert r.eligible is None  # "符合条件的核心企业": other conditions not in the text
    assert (r.amount_yuan, r.amount_max_yuan, r.upper_bound) == (None, ceiling, True)


def test_receivables_not_core():
    r = run("receivables_financing_2022_51", is_large_or_core_enterprise=F, via_qualified_platform=T,
            annualised_financing_yuan=10**8)
    assert (r.eligible, r.amount_yuan, r.amount_max_yuan) == (False, 0, None)


# ---------------------------------------------------------------- 第54条、第55条
PLOT = dict(complies_with_planning_and_safety=T, use_unchanged=T, in_park=T, meets_access_and_tax_requirements=T,
            on_original_land=T, increases_plot_ratio=T)


@pytest.mark.parametrize("field", sorted(PLOT))
def test_plot_ratio_every_condition_matters(field):
    assert run("plot_ratio_no_extra_land_price_2022_54", **PLOT).eligible is True
    r = run("plot_ratio_no_extra_land_price_2022_54", **{**PLOT, field: False})
    assert r.eligible is False and r.no_figure


def facilities(land, floor, approved=T, dorm=T):
    return run("supporting_facilities_ratio_2022_55", in_industrial_park=T, complies_with_spatial_planning=T,
               approved=approved, facilities_land_share_pct=land, facilities_floor_share_pct=floor,
               extra_used_for_dormitory_rental=dorm)


@pytest.mark.parametrize(
    ("land", "floor", "approved", "dorm", "ok"),
    [
        (15, 30, T, T, True),  # both raised ceilings exactly (上限 includes)
        ("15.01", 30, T, T, False),  # land above 15%
        (15, "30.01", T, T, False),  # floor above 30%
        (12, 20, F, T, False),  # above 7% needs approval
        (12, 20, T, F, False),  # raised part must all be dormitory rental housing
        (7, 20, T, T, True),  # 7% is within the old ceiling
        (7, 20, F, F, None),  # old floor-area ceiling not stated: cannot tell
        (12, None, T, T, True),  # land share alone: 12% ≤ 15% raised, approved, dormitories; floor share not asked
        ("15.5", None, T, T, False),
        (None, 28, T, T, True),  # floor share alone: 28% ≤ 30% raised, approved, dormitories
        (None, 28, T, F, False),  # the raise used for other than dormitory rental housing
        (None, 31, T, T, False),
        (None, 28, F, T, None),  # not approved: the old floor-area ceiling is not stated
    ],
)
def test_facilities_ratio(land, floor, approved, dorm, ok):
    assert facilities(land, floor, approved, dorm).eligible is ok


def test_facilities_ratio_needs_one_share():
    with pytest.raises(Exception, match="facilities_land_share_pct"):
        facilities(None, None)


# ---------------------------------------------------------------- 第59条
@pytest.mark.parametrize(("n", "lo", "hi"), [(1, 300, 600), (10, 3_000, 6_000)])  # 300×n .. 600×n
def test_recruitment_service_range(n, lo, hi):
    r = run("recruitment_service_award_2022_59", recipient_type="人力资源服务机构", employer_is_key_industrial_enterprise=T,
            workers_introduced=n)
    assert (r.amount_yuan, r.amount_min_yuan, r.amount_max_yuan, r.upper_bound) == (None, lo, hi, False)


def test_recruitment_service_needs_key_enterprise_and_workers():
    r = run("recruitment_service_award_2022_59", recipient_type="个人", employer_is_key_industrial_enterprise=F,
            workers_introduced=5)
    assert (r.eligible, r.amount_yuan) == (False, 0)
    r = run("recruitment_service_award_2022_59", recipient_type="个人", employer_is_key_industrial_enterprise=T,
            workers_introduced=0)
    assert (r.eligible, r.amount_yuan) == (False, 0)


@pytest.mark.parametrize(
    ("kind", "n", "lo", "hi"),
    [
        (None, 20, 6_000, 12_000),  # recipient not stated: 300×20 = 6000 .. 600×20 = 12000
        ("社会机构", 20, 6_000, 12_000),  # same for every kind of recipient
        ("个人", 20, 6_000, 12_000),
        (None, 1, 300, 600),
    ],
)
def test_recruitment_service_recipient_optional(kind, n, lo, hi):
    payload = {"employer_is_key_industrial_enterprise": T, "workers_introduced": n}
    if kind:
        payload["recipient_type"] = kind
    r = run("recruitment_service_award_2022_59", **payload)
    assert (r.eligible, r.amount_yuan, r.amount_min_yuan, r.amount_max_yuan) == (True, None, lo, hi)
    assert "社会机构、人力资源服务机构、个人适用同一标准" in r.steps[0].check


def test_foreign_investment_excluded_industry_needs_no_paid_in_figure():
    from calculators import registry

    # 不含房地产业、金融业: a real-estate FIE is out whatever it paid in.
    r = registry.run("foreign_investment_2022_36", {"new_or_capital_increase": True, "industry": "房地产业"})
    assert r.eligible is False
    with pytest.raises(registry.CalculatorInputError, match="actual_paid_in_usd"):
        registry.run("foreign_investment_2022_36", {"new_or_capital_increase": True, "industry": "其他"})


@pytest.mark.parametrize("payload", [{"q2_output_growth_pct": 9.9, "electricity_grew": True},
                                     {"q2_output_growth_pct": 20, "electricity_grew": False}])
def test_q2_growth_failed_condition_needs_no_increase(payload):
    from calculators import registry

    # 9.9% < 10%（含）; or electricity not 正增长: not eligible without asking for the increase.
    r = registry.run("q2_growth_award_2022_14", payload)
    assert (r.eligible, r.amount_yuan) == (False, 0)


def test_treatments_without_money_apply_only_on_their_conditions():
    # 2022#45 按正常续贷业务办理: 日常征信良好 and 确受疫情影响, both
    renew = lambda c, e: run("loan_renewal_2022_45", good_credit_record=c, hit_by_epidemic=e)
    assert (renew(T, T).eligible, renew(F, T).eligible, renew(T, F).eligible) == (True, False, False)
    assert renew(T, T).no_figure and renew(T, T).amount_yuan is None
    # 2022#46 取消反担保: 中小微企业或“三农”主体, through the district's public guarantor
    guarantee = lambda s, g: run("government_guarantee_2022_46", small_or_agricultural=s, government_guarantor=g).eligible
    assert (guarantee(T, T), guarantee(F, T), guarantee(T, F)) == (True, False, False)
    # 2022#53 先租后让 is a way of supplying 产业用地; 2022#57 new renewable energy use is outside the total control
    assert run("flexible_land_supply_2022_53", industrial_land=F).eligible is False
    assert run("renewable_outside_energy_cap_2022_57", new_renewable_or_feedstock=T).eligible is True


def test_joint_rd_payments_to_a_company_are_not_to_an_institute():
    # 2022#24 counts payments to 高等院校、科研院所: 30万 × 50% = 15万 with one; nothing when the partner is a company
    paid = dict(industrialised_joint_project=T, payments_to_institutes_yuan=300000)
    assert run("joint_rd_subsidy_2022_24", **paid).amount_yuan == 150000
    assert run("joint_rd_subsidy_2022_24", **paid, partner_is_institute=F).eligible is False
