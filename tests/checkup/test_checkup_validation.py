"""Impossible or contradictory profiles are refused with errors that name the fields."""

from datetime import date

import pytest
from pydantic import ValidationError

from assistant.checkup import EnterpriseProfile, match
from assistant.checkup.profile import profile_errors


def errors_of(**kw):
    with pytest.raises(ValidationError) as exc:
        EnterpriseProfile(**kw)
    return profile_errors(exc.value)


def fields_of(**kw):
    return {f.strip() for fs, _ in errors_of(**kw) for f in fs.split(",")}


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"revenue_this_year_yuan": -1}, "revenue_this_year_yuan"),  # negative money
        ({"first_set_municipal_subsidy_yuan": -500}, "first_set_municipal_subsidy_yuan"),
        ({"q1_2024_output_yuan": -1}, "q1_2024_output_yuan"),  # 2024 Q1 output below 0
        ({"q1_2024_output_growth_pct": -100.5}, "q1_2024_output_growth_pct"),  # growth below -100%
        ({"q2_2022_electricity_growth_pct": -101}, "q2_2022_electricity_growth_pct"),
        ({"value_added_rate_pct": 100.1}, "value_added_rate_pct"),  # a share above 100%
        ({"value_added_rate_pct": -3}, "value_added_rate_pct"),
        ({"employees": -2}, "employees"),
        ({"recruitment_events_subsidised_2024": 3}, "recruitment_events_subsidised_2024"),  # at most 2 a year
        ({"electricity_feb_2024_kwh": "NaN"}, "electricity_feb_2024_kwh"),
        ({"scale": "中型"}, "scale"),
        ({"industry": "纺织"}, "industry"),
        ({"unknown_field": 1}, "unknown_field"),  # extra="forbid"
    ],
)
def test_impossible_single_figures(kw, field):
    assert field in fields_of(**kw)


def test_below_scale_with_an_above_scale_entry_in_2024_q1():
    errs = errors_of(scale="规下", above_scale_entry_kind="新建投产纳统", above_scale_entry_date=date(2024, 2, 1))
    (fields, msg), = errs
    assert "scale" in fields and "above_scale_entry_kind" in fields
    assert "规下" in msg


def test_entry_date_before_founding():
    errs = errors_of(founded_date=date(2023, 5, 1), above_scale_entry_date=date(2022, 12, 1))
    assert any("above_scale_entry_date" in f and "founded_date" in f and "早于成立日期" in m for f, m in errs)


def test_q2_growth_that_disagrees_with_the_two_outputs():
    # (1.1亿 − 1亿) / 1亿 = 10%, not 25%
    errs = errors_of(q2_2022_output_yuan=110_000_000, q2_2021_output_yuan=100_000_000, q2_2022_output_growth_pct=25)
    assert any("q2_2022_output_growth_pct" in f and "10.00%" in m for f, m in errs)


def test_q2_increase_that_disagrees_with_the_two_outputs():
    errs = errors_of(
        q2_2022_output_yuan=110_000_000, q2_2021_output_yuan=100_000_000, q2_2022_output_increase_yuan=20_000_000
    )
    assert any("q2_2022_output_increase_yuan" in f for f, _ in errs)


def test_electricity_grew_but_growth_negative():
    errs = errors_of(q2_2022_electricity_grew=True, q2_2022_electricity_growth_pct=-3)
    assert any("q2_2022_electricity_grew" in f and "q2_2022_electricity_growth_pct" in f for f, _ in errs)


def test_q1_comparison_contradicts_the_two_growths():
    errs = errors_of(
        q1_2024_output_growth_pct=5, q1_2024_electricity_growth_pct=9, q1_2024_output_growth_not_below_electricity=True
    )
    assert any("q1_2024_output_growth_not_below_electricity" in f for f, _ in errs)


def test_small_or_micro_but_medium_sized_industrial():
    # 工业: 从业人员 ≥ 300 且 营业收入 ≥ 2000万 is 中型 or larger
    errs = errors_of(
        small_or_micro=True, industry="纺织业", employees=450, revenue_this_year_yuan=80_000_000
    )
    assert any("small_or_micro" in f and "employees" in f for f, _ in errs)


def test_first_set_subsidy_without_recognition():
    assert {"first_set_recognised", "first_set_municipal_subsidy_yuan"} <= fields_of(
        first_set_recognised=False, first_set_municipal_subsidy_yuan=100_000
    )


def test_not_foreign_invested_but_foreign_capital():
    assert {"foreign_invested", "foreign_paid_in_usd"} <= fields_of(foreign_invested=False, foreign_paid_in_usd=6_000_000)


def test_not_a_trader_but_exports():
    assert {"foreign_trade_enterprise", "export_usd_last_year"} <= fields_of(
        foreign_trade_enterprise=False, export_usd_last_year=1_000_000
    )


def test_no_techupgrade_project_but_subsidy():
    assert "techupgrade_project" in fields_of(techupgrade_project=False, techupgrade_municipal_subsidy_yuan=50_000)


def test_more_subsidised_events_than_events():
    assert "recruitment_events_subsidised_2024" in fields_of(
        recruitment_events_subsidised_2024=2,
        recruitment_events_outside_province_2024=1,
        recruitment_events_inside_province_2024=0,
    )


def test_several_contradictions_are_all_reported():
    errs = errors_of(
        scale="规下",
        above_scale_entry_date=date(2024, 1, 10),
        first_set_recognised=False,
        first_set_municipal_subsidy_yuan=1,
        foreign_invested=False,
        foreign_new_or_capital_increase=True,
    )
    assert len(errs) == 3


def test_what_is_not_contradictory_is_accepted():
    # 规下 with February electricity: accepted; 2024#9 is then ruled out, not an error
    p = EnterpriseProfile(scale="规下", industry="纺织业", electricity_feb_2024_kwh=600_000, municipal_spring_festival_award_yuan=0)
    r = match(p, date(2024, 3, 1))
    ruled = {it.calculator: it for it in r.ruled_out}
    assert "spring_festival_electricity_2024_9" in ruled
    # a small firm can be 规上; a decline in output is a valid figure
    EnterpriseProfile(scale="规上", small_or_micro=True, q1_2024_output_growth_pct=-35)


def test_missing_is_not_defaulted():
    # 规上 manufacturer with February electricity but no municipal award: eligibility only, the amount stays unknown
    p = EnterpriseProfile(scale="规上", industry="纺织业", electricity_feb_2024_kwh=800_000)
    r = match(p, date(2024, 3, 1))
    item = next(it for it in r.applicable if it.calculator == "spring_festival_electricity_2024_9")
    assert item.amount_yuan is None and "待定" in item.amount_text
    assert r.totals.exact_total_yuan == 0
    # 规上 industrial with nothing else: 2024#9 may apply, asking for the February electricity by its Chinese name
    r = match(EnterpriseProfile(scale="规上", industry="纺织业"), date(2024, 3, 1))
    may = {it.calculator: it for it in r.may_apply}
    assert "2024年2月1日至2月29日用电量（千瓦时）" in may["spring_festival_electricity_2024_9"].prompt
    assert "长政办规〔2024〕1号 第9条" in may["spring_festival_electricity_2024_9"].prompt
    assert not r.applicable


def test_unstated_boolean_is_missing_not_false():
    # the enterprise says it has a new provincial 专精特新 title but says nothing about 小巨人: ask, do not assume 否
    r = match(EnterpriseProfile(new_provincial_specialized=True), date(2024, 3, 1))
    (item,) = [it for it in r.may_apply if it.calculator == "specialized_sme_award_2022_20"]
    assert item.missing[0].fields == ["new_national_little_giant"]
