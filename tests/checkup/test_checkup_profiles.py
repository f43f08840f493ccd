"""The six example profiles, each with its award list and totals worked out by hand from the clause text.

Nothing here calls the code under test to get an expected figure: the arithmetic is written out in comments.
Dates: 2024-03-15 (both documents in force), unless a test says otherwise.
"""

from datetime import date

import pytest

from assistant.checkup import match

from checkup_support import load

D = date(2024, 3, 15)
NO_FIGURE = "no figure"


def up_to(n: int) -> tuple[str, int]:
    return ("max", n)


def _amounts(report):
    out = {}
    for it in report.applicable:
        if it.no_figure:
            out[it.calculator] = NO_FIGURE
        elif it.amount_yuan is not None and not it.upper_bound:
            out[it.calculator] = it.amount_yuan
        else:
            out[it.calculator] = up_to(it.amount_max_yuan)
    return out


def _levels(report):
    return {lv.level: (lv.exact_yuan, lv.up_to_yuan) for lv in report.totals.by_level}


# ------------------------------------------------------------------------------------------------------ steel maker
STEEL_AWARDS = {
    # 2022#7 钢铁企业采购废钢“给予一定比例的奖励”: no rate stated -> no figure
    "scrap_steel_purchase_award_2022_7": NO_FIGURE,
    # 2022#7 国家级绿色工厂“积极争取上级奖励”: no figure
    "green_manufacturing_national_2022_7": NO_FIGURE,
    # 2022#11 技改“区级财政按照上级要求给予配套奖励”: no figure (provincial/municipal subsidy received -> meets policy)
    "tech_upgrade_matching_2022_11": NO_FIGURE,
    # 2022#14: Q2 output 46.5亿 vs 41亿: growth 5.5/41 = 13.4% ≥ 10%; kWh 6.12亿 > 5.98亿 (正增长);
    # increase 5.5亿 = 55 whole 1000万 -> 55万, cap “最高不超过20万元” -> 200,000
    "q2_growth_award_2022_14": 200_000,
    # 2022#15: revenue 215亿 > 200亿 boundary, previous highest 186亿 had passed 100亿 but not 200亿
    # -> not “首次超100亿”; one new 百亿 level (200亿) -> 50万 市级
    "revenue_100yi_award_2022_15": 500_000,
    # 2022#16 市级: 4200 tce ≥ 300 “以上”; 500元 × 4200 = 210万 > “最高奖励150万元” -> 1,500,000
    "energy_saving_municipal_2022_16": 1_500_000,
    # 2022#17 省级标杆 “最高给予50万元”; not a national benchmark -> ceiling 500,000
    "efficiency_benchmark_provincial_2022_17": up_to(500_000),
    # 2022#17 国家“能效之星”: “给予每家奖励50万元市级…专项资金”
    "efficiency_star_municipal_2022_17": 500_000,
    # 2024#7: 2023 output 198亿 ≥ 5亿, rate 23.1%: 22% ≤ 23.1 < 24% -> 3万
    "value_added_rate_award_2024_7": 30_000,
    # 2024#8: 规上制造业, provincial conditions met, output growth 8.2% ≥ electricity 5.1%;
    # 50% × 市级 300,000 = 150,000 ≤ cap 20万, > 1万 -> 150,000 区级
    "q1_growth_award_2024_8": 150_000,
    # 2024#9: Feb kWh 9800万 ≥ 50万; 50% × 400,000 = 200,000 > cap 15万 -> 150,000 区级
    "spring_festival_electricity_2024_9": 150_000,
    # 2024#14: started 2024-02-20 (Q1); 30% × 1,200,000 = 360,000 + 20% × 800,000 = 160,000 -> 520,000 区级
    "tech_upgrade_matching_2024_14": 520_000,
    # 2024#23 龙头企业: Q1 48.2亿 ≥ 90% × 51亿 = 45.9亿; insured 3080 ≥ 90% × 3150 = 2835 -> eligible, “按规定标准”
    "stable_employment_award_2024_23": NO_FIGURE,
    # 2024#23 招聘: 3 out-of-province + 1 in-province, at most 2 a year, highest first: 2 × 3000 = 6,000
    "recruitment_event_subsidy_2024_23": 6_000,
}


def test_steel_maker_awards_and_totals():
    r = match(load("steel_maker"), D)
    assert _amounts(r) == STEEL_AWARDS
    assert {it.calculator for it in r.ruled_out} == {
        "scale_up_award_2022_13",  # entered the statistics in 2006, before 2022
        "energy_saving_provincial_2022_16",  # not a 省工业重点节能项目
        "rongsheng_new_entrant_2024_10",  # not in the 小升规 pool
    }
    # 市级: 500,000 (2022#15) + 1,500,000 (2022#16) + 500,000 (2022#17 star) = 2,500,000
    # 区级: 150,000 (2024#8) + 150,000 (2024#9) + 520,000 (2024#14) = 820,000
    # level not stated: 200,000 (2022#14) + 30,000 (2024#7) + 6,000 (2024#23) = 236,000
    # 省级 ceiling only: 500,000 (2022#17 benchmark)
    assert _levels(r) == {"省级": (0, 500_000), "市级": (2_500_000, 0), "区级": (820_000, 0), "未写明": (236_000, 0)}
    # 2,500,000 + 820,000 + 236,000 = 3,556,000
    assert r.totals.exact_total_yuan == 3_556_000
    assert r.totals.up_to_total_yuan == 500_000
    assert r.totals.no_figure_count == 4
    # 就高不重复: 2022#11 and 2024#14 are the same matter; 2022#11 has no district figure, so 2024#14 is kept
    (d,) = r.duplicates
    assert d.matter == "技改项目区级配套"
    assert d.kept == "tech_upgrade_matching_2024_14"
    assert d.not_comparable == ["tech_upgrade_matching_2022_11"]
    assert "就高不重复" in d.reason


def test_steel_maker_validity_after_2024_doc_expired():
    # 2024-06-30: the 2024 document ran to 2024-03-31, the 2022 one to 2024-12-31
    r = match(load("steel_maker"), date(2024, 6, 30))
    expired = {it.calculator for it in r.applicable if it.in_force is False}
    assert expired == {k for k in STEEL_AWARDS if k.endswith(("_2024_7", "_2024_8", "_2024_9", "_2024_14", "_2024_23"))}
    # still computed: the same total
    assert r.totals.exact_total_yuan == 3_556_000
    # in force: 市级 2,500,000 + 2022#14 200,000 = 2,700,000
    assert r.totals.exact_total_in_force_yuan == 2_700_000
    assert any("已过有效期" in v for v in r.validity_summary)


def test_everything_expired_on_2026_11_23_but_still_computed():
    r = match(load("steel_maker"), date(2026, 11, 23))
    assert all(it.in_force is False for it in r.applicable)
    assert _amounts(r) == STEEL_AWARDS
    assert r.totals.exact_total_in_force_yuan == 0
    spring = next(it for it in r.applicable if it.citation == "2024#9")
    assert "已失效" in spring.validity_note


def test_no_date_means_no_validity_judgement():
    r = match(load("steel_maker"))
    assert all(it.in_force is None for it in r.applicable)
    assert r.totals.exact_total_in_force_yuan is None


# ------------------------------------------------------------------------------------------------------ small textile
def test_small_textile_firm():
    r = match(load("small_textile"), D)
    assert _amounts(r) == {
        # 2022#4: 150 kW ≤ “160千瓦以下”, 小微, low-voltage -> 区供电公司 builds it, no cash figure
        "low_voltage_access_2022_4": NO_FIGURE,
        # 2022#30: 纺织业 is 工业; 12 new devices × 1000元 = 12,000 ≤ 5万, on top of the municipal award, 区级
        "cloud_device_award_2022_30": 12_000,
    }
    ruled = {it.calculator: it for it in r.ruled_out}
    assert set(ruled) == {
        "scale_up_award_2022_13",  # 规下
        "q2_growth_award_2022_14",  # increase 40万 < 1000万: no whole increment
        "value_added_rate_award_2024_7",  # 规下
        "q1_growth_award_2024_8",  # 规下
        "spring_festival_electricity_2024_9",  # 规下 (the Feb kWh is accepted, not contradictory)
        "rongsheng_new_entrant_2024_10",  # in the pool but still 规下: no entry
    }
    assert "规下" in ruled["spring_festival_electricity_2024_9"].reason
    assert ruled["spring_festival_electricity_2024_9"].clause_words == "规上工业企业"
    assert "1000万" in ruled["q2_growth_award_2022_14"].reason
    assert _levels(r) == {"区级": (12_000, 0)}
    assert r.totals.exact_total_yuan == 12_000


# ------------------------------------------------------------------------------------------------------ new entrant
def test_new_above_scale_entrant():
    r = match(load("new_entrant"), D)
    assert _amounts(r) == {
        # 2022#13: entered 2024-01-31 (within 2022–2024), 化纤 is 工业 -> 30万 市、区两级
        "scale_up_award_2022_13": 300_000,
        # 2024#8: Q1 new entrant, Q1 output 6200万 ≥ 5000万, growth 35% ≥ 28%; 50% × 60,000 = 30,000 > 1万 -> 区级
        "q1_growth_award_2024_8": 30_000,
        # 2024#10: in the pool, 第一季度新投产纳统 -> 30万 (shown, but not paid twice: see below)
        "rongsheng_new_entrant_2024_10": 300_000,
    }
    # 就高不重复: 2022#13 and 2024#10 are the same matter (首次提升规模或新建投产纳统奖励), 30万 each -> only one
    (d,) = r.duplicates
    assert d.matter == "新上规（榕升计划）奖励"
    assert d.kept == "scale_up_award_2022_13" and d.dropped == ["rongsheng_new_entrant_2024_10"]
    dropped = next(it for it in r.applicable if it.calculator == "rongsheng_new_entrant_2024_10")
    assert dropped.not_repeated and "就高不重复" in dropped.not_repeated_reason
    ruled = {it.calculator: it.reason for it in r.ruled_out}
    assert set(ruled) == {
        "q2_growth_award_2022_14",  # founded 2022-09-01, after Q2 2022
        "value_added_rate_award_2024_7",  # entered the statistics in 2024: no 2023 规上 cost survey
        "spring_festival_electricity_2024_9",  # 42万 kWh < 50万
    }
    assert "50万" in ruled["spring_festival_electricity_2024_9"]
    # 市级、区级 (joint): 300,000 (2022#13; 2024#10 not repeated); 区级: 30,000 -> 330,000
    assert _levels(r) == {"市级、区级": (300_000, 0), "区级": (30_000, 0)}
    assert r.totals.exact_total_yuan == 330_000


# ------------------------------------------------------------------------------------------------------ foreign-invested
def test_foreign_invested_manufacturer():
    r = match(load("foreign_manufacturer"), D)
    assert _amounts(r) == {
        # 2022#9: 30% × 市级 1,000,000 = 300,000 区级
        "first_set_equipment_matching_2022_9": 300_000,
        # 2022#19: single project 1200万 ≥ 1000万 -> recommended for pre-subsidy, no figure
        "rd_pre_subsidy_recommendation_2022_19": NO_FIGURE,
        # 2022#23: new provincial centre “省级企业技术中心奖励70万元”
        "enterprise_tech_centre_2022_23": 700_000,
        # 2022#24: 50% × 150万 = 75万 > “单个企业最高补助50万元” -> 500,000 市级
        "joint_rd_subsidy_2022_24": 500_000,
        # 2022#36: 增资, 其他制造业 (not 房地产/金融), 800万美元 ≥ 500万 -> 省市政策, no figure
        "foreign_investment_2022_36": NO_FIGURE,
        # 2022#38: 外资 + 国家级服务型制造示范 -> 争取省市区奖励, no figure
        "foreign_logistics_design_2022_38": NO_FIGURE,
        # 2024#7: 7.6亿 ≥ 5亿 and rate 24.0% ≥ 24% (含) -> 5万
        "value_added_rate_award_2024_7": 50_000,
    }
    ruled = {it.calculator: it.reason for it in r.ruled_out}
    assert set(ruled) == {
        "scale_up_award_2022_13",  # entered 2013
        "q2_growth_award_2022_14",  # (3.1亿 − 2.95亿) / 2.95亿 = 5.08% < 10%
        "q1_growth_award_2024_8",  # provincial Q1 conditions not met
        "spring_festival_electricity_2024_9",  # 50% × 16,000 = 8,000 ≤ 1万: “1万元以下的企业不安排”
        "rongsheng_new_entrant_2024_10",  # entered 2013: 纳统类型 其他
        "export_credit_insurance_2024_19",  # 1250万美元 > 700万美元
    }
    assert "5.08%" in ruled["q2_growth_award_2022_14"]
    assert "8,000" in ruled["spring_festival_electricity_2024_9"]
    # 市级 500,000; 区级 300,000; not stated 700,000 + 50,000 = 750,000; total 1,550,000
    assert _levels(r) == {"市级": (500_000, 0), "区级": (300_000, 0), "未写明": (750_000, 0)}
    assert r.totals.exact_total_yuan == 1_550_000
    assert r.totals.no_figure_count == 3


# ------------------------------------------------------------------------------------------------------ software
def test_software_industrial_internet_firm():
    r = match(load("software_internet"), D)
    assert _amounts(r) == {
        "specialized_sme_award_2022_20": NO_FIGURE,  # new provincial 专精特新: “及时兑现省市奖励资金”
        # 2022#21 platform: 20% × 650万 = 130万 ≤ 200万
        "industrial_internet_platform_2022_21": 1_300_000,
        # 2022#21 两化融合重点项目: “不超过…5%”: 5% × 900万 = 45万 ≤ 100万 -> ceiling 450,000
        "informatization_key_project_2022_21": up_to(450_000),
        "integration_standard_pilot_2022_21": 100_000,  # 贯标试点 “10万元的一次性奖励”
        "industrial_app_solution_2022_21": 150_000,  # APP “由省级财政给予15万元”
        "enterprise_tech_centre_2022_23": 300_000,  # new municipal centre: 30万
        # 2022#24: 30万 ≥ 20万 (含); 50% × 30万 = 15万 ≤ 50万, 市级
        "joint_rd_subsidy_2022_24": 150_000,
        "cloud_software_municipal_2022_30": NO_FIGURE,  # 积极为其申报市级奖补, no figure
    }
    ruled = {it.calculator for it in r.ruled_out}
    # software is not 工业: the industrial-only awards are ruled out; R&D 300万 < 1000万 and 800万 < 1亿
    assert ruled == {
        "scale_up_award_2022_13",
        "rd_pre_subsidy_recommendation_2022_19",
        "value_added_rate_award_2024_7",
        "q1_growth_award_2024_8",
        "spring_festival_electricity_2024_9",
        "rongsheng_new_entrant_2024_10",
    }
    # 省级 150,000; 市级 150,000; not stated 1,300,000 + 100,000 + 300,000 = 1,700,000 (+ ceiling 450,000)
    assert _levels(r) == {"省级": (150_000, 0), "市级": (150_000, 0), "未写明": (1_700_000, 450_000)}
    assert r.totals.exact_total_yuan == 2_000_000
    assert r.totals.up_to_total_yuan == 450_000


# ------------------------------------------------------------------------------------------------------ exporter
def test_exporter():
    r = match(load("exporter"), D)
    assert _amounts(r) == {
        # 2022#30: 60 × 1000 = 60,000 > “单家企业不超过5万元” -> 50,000 区级
        "cloud_device_award_2022_30": 50_000,
        # 2024#9: 52万 kWh ≥ 50万; 50% × 30,000 = 15,000 > 1万 -> 区级
        "spring_festival_electricity_2024_9": 15_000,
        # 2024#19: 630万美元 ≤ 700万美元 -> “单一窗口+信保”, no figure
        "export_credit_insurance_2024_19": NO_FIGURE,
        # 2024#23: 1 out-of-province (3000) + best 1 in-province (1000), max 2 -> 4,000
        "recruitment_event_subsidy_2024_23": 4_000,
    }
    ruled = {it.calculator for it in r.ruled_out}
    assert ruled == {
        "scale_up_award_2022_13",  # entered 2019
        "q2_growth_award_2022_14",  # 4100万 − 3550万 = 550万 < 1000万 (growth 15.5% is enough, increment is not)
        "value_added_rate_award_2024_7",  # 9500万 < 1亿: no tier though rate 27%
        "q1_growth_award_2024_8",  # output growth 11% < electricity growth 13.5%
        "rongsheng_new_entrant_2024_10",  # entered 2019
    }
    # 区级 50,000 + 15,000 = 65,000; not stated 4,000; total 69,000
    assert _levels(r) == {"区级": (65_000, 0), "未写明": (4_000, 0)}
    assert r.totals.exact_total_yuan == 69_000


# ------------------------------------------------------------------------------------------------------ cross-cutting
@pytest.mark.parametrize(
    "name", ["steel_maker", "small_textile", "new_entrant", "foreign_manufacturer", "software_internet", "exporter"]
)
def test_every_item_carries_citation_units_and_validity(name):
    r = match(load(name), D)
    for it in [*r.applicable, *r.may_apply, *r.ruled_out]:
        assert it.citation_display.endswith(f"第{it.citation.split('#')[1]}条")
        assert it.in_force is True
    for it in r.applicable:
        assert it.responsible_units, it.calculator
        assert it.steps
    assert set(r.contact_units) == {u for it in r.applicable if not it.not_repeated for u in it.responsible_units}
    assert len(r.contact_units) == len(set(r.contact_units))


def test_match_is_deterministic():
    a = match(load("steel_maker"), D).model_dump_json()
    b = match(load("steel_maker"), D).model_dump_json()
    assert a == b
