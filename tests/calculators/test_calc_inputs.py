"""Bad input is an error that names the field — never a silent 0."""

from __future__ import annotations

import pytest

from calculators import registry
from calculators.registry import CalculatorInputError, UnknownCalculatorError

SPRING = {"is_above_scale_industrial": True, "electricity_feb_2024_kwh": 600_000, "municipal_award_yuan": 60_000}
Q1 = {
    "is_above_scale_manufacturing": True,
    "meets_provincial_q1_conditions": True,
    "q1_output_growth_pct": 12.5,
    "q1_electricity_growth_pct": 3,
    "municipal_award_yuan": 100_000,
}
FACILITIES = {
    "in_industrial_park": True,
    "complies_with_spatial_planning": True,
    "approved": True,
    "facilities_land_share_pct": 10,
    "facilities_floor_share_pct": 20,
    "extra_used_for_dormitory_rental": True,
}


def fields_of(exc: CalculatorInputError) -> list[str]:
    return [f for f, _ in exc.errors]


def test_good_payloads_run():
    assert registry.run("spring_festival_electricity_2024_9", SPRING).amount_yuan == 30_000  # 50% × 6万
    assert registry.run("q1_growth_award_2024_8", Q1).amount_yuan == 50_000  # 50% × 10万


@pytest.mark.parametrize(
    ("name", "base", "field", "bad"),
    [
        ("spring_festival_electricity_2024_9", SPRING, "municipal_award_yuan", -1),
        ("spring_festival_electricity_2024_9", SPRING, "electricity_feb_2024_kwh", -0.5),
        ("spring_festival_electricity_2024_9", SPRING, "municipal_award_yuan", "abc"),
        ("spring_festival_electricity_2024_9", SPRING, "municipal_award_yuan", 100.5),  # money is whole 元
        ("q1_growth_award_2024_8", Q1, "q1_output_growth_pct", "abc"),
        ("q1_growth_award_2024_8", Q1, "q1_output_growth_pct", "NaN"),
        ("q1_growth_award_2024_8", Q1, "is_above_scale_manufacturing", "maybe"),
        ("supporting_facilities_ratio_2022_55", FACILITIES, "facilities_land_share_pct", 150),  # a share above 100%
        ("supporting_facilities_ratio_2022_55", FACILITIES, "facilities_floor_share_pct", -1),
        ("value_added_rate_award_2024_7", {"is_above_scale_industrial": True, "output_2023_yuan": 1,
                                          "value_added_rate_pct": 10}, "value_added_rate_pct", 150),
        ("small_procurement_reservation_2022_2", {"procurement_type": "货物", "budget_yuan": 1},
         "procurement_type", "软件"),
        ("tech_upgrade_matching_2024_14", {"is_industrial_techupgrade_project": True,
                                          "construction_start_date": "2024-01-05"}, "construction_start_date", "Q1"),
        ("recruitment_event_subsidy_2024_23", {"is_key_enterprise_or_project": True, "events_outside_province": 1,
                                              "events_inside_province": 0}, "already_subsidised_this_year", 3),
    ],
)
def test_bad_value_names_the_field(name, base, field, bad):
    with pytest.raises(CalculatorInputError) as info:
        registry.run(name, {**base, field: bad})
    assert fields_of(info.value) == [field]
    assert field in str(info.value)
    assert info.value.expected[field] not in ("", "?")


@pytest.mark.parametrize("missing", sorted(set(SPRING) - {"municipal_award_yuan"}))
def test_missing_field_is_named(missing):
    payload = {k: v for k, v in SPRING.items() if k != missing}
    with pytest.raises(CalculatorInputError) as info:
        registry.run("spring_festival_electricity_2024_9", payload)
    assert fields_of(info.value) == [missing]
    assert "required" in info.value.errors[0][1].lower()


def test_missing_municipal_award_decides_eligibility_without_an_amount():
    payload = {k: v for k, v in SPRING.items() if k != "municipal_award_yuan"}
    r = registry.run("spring_festival_electricity_2024_9", payload)
    assert r.eligible is True and r.amount_yuan is None  # never a silent 0
    assert any(s.check.startswith("需市级奖励金额才能计算金额") for s in r.steps)


def test_unknown_field_is_rejected_not_ignored():
    with pytest.raises(CalculatorInputError) as info:
        registry.run("spring_festival_electricity_2024_9", {**SPRING, "municipal_award_wan": 6})
    assert fields_of(info.value) == ["municipal_award_wan"]


def test_case_dependent_requirement_names_the_field():
    # a Q1 new entrant must give its Q1 output (5000万 test); a normal enterprise must give both growth figures
    with pytest.raises(CalculatorInputError) as info:
        registry.run("q1_growth_award_2024_8", {**Q1, "new_entrant_q1_2024": True})
    assert fields_of(info.value) == ["q1_output_yuan"]
    payload = {k: v for k, v in Q1.items() if k != "q1_electricity_growth_pct"}
    with pytest.raises(CalculatorInputError) as info:
        registry.run("q1_growth_award_2024_8", payload)
    # the missing percentage, or the qualitative statement that may stand in for the two percentages
    assert fields_of(info.value) == ["q1_electricity_growth_pct", "output_growth_not_below_electricity"]


def test_several_errors_all_reported():
    with pytest.raises(CalculatorInputError) as info:
        registry.run("spring_festival_electricity_2024_9", {"municipal_award_yuan": -5, "electricity_feb_2024_kwh": "x"})
    assert sorted(fields_of(info.value)) == ["electricity_feb_2024_kwh", "is_above_scale_industrial", "municipal_award_yuan"]


def test_non_object_payload():
    with pytest.raises(CalculatorInputError):
        registry.run("spring_festival_electricity_2024_9", [1, 2])  # type: ignore[arg-type]


def test_unknown_calculator_suggests_close_names():
    with pytest.raises(UnknownCalculatorError) as info:
        registry.get("spring_festival_electricity_2024_99")
    assert "spring_festival_electricity_2024_9" in str(info.value)


def test_calculator_function_rejects_wrong_input_type():
    calc = registry.get("spring_festival_electricity_2024_9")
    with pytest.raises(TypeError):
        calc.func(SPRING)


def test_inputs_needed_lists_chinese_names_of_required_fields():
    needed = {i["field"]: i for i in registry.get("spring_festival_electricity_2024_9").inputs_needed}
    assert needed["electricity_feb_2024_kwh"]["name_zh"] == "2024年2月1日至2月29日用电量（千瓦时）"
    assert {f for f, i in needed.items() if i["required"]} == {"is_above_scale_industrial", "electricity_feb_2024_kwh"}
    assert needed["municipal_award_yuan"]["required"] is False  # optional: without it only eligibility is decided
    q1 = {i["field"]: i["required"] for i in registry.get("q1_growth_award_2024_8").inputs_needed}
    assert q1["is_above_scale_manufacturing"] is True
    assert q1["municipal_award_yuan"] is False and q1["q1_output_yuan"] is False
    assert q1["output_growth_not_below_electricity"] is False
