"""Registry-wide checks: every calculator cites a real clause and quotes it verbatim, in every branch we exercise."""

from __future__ import annotations

import re

import pytest
from calc_test_support import ALL_CLAUSES, run, squash

from calculators import registry

T, F = True, False

# Several payloads per calculator, chosen to walk the different branches (eligible, not, capped, undecidable).
SAMPLES: dict[str, list[dict]] = {
    "small_procurement_reservation_2022_2": [
        {"procurement_type": "货物", "budget_yuan": 2_000_000},
        {"procurement_type": "工程", "budget_yuan": 4_000_001},
    ],
    "low_voltage_access_2022_4": [
        {"equipment_capacity_kw": 160, "is_small_or_micro_enterprise": T, "low_voltage_connection": T},
        {"equipment_capacity_kw": "160.1", "is_small_or_micro_enterprise": F, "low_voltage_connection": F},
    ],
    "spot_market_fee_exemption_2022_4": [
        {"voltage_kv": "0.4", "is_industrial_or_commercial_user": T, "participates_in_spot_market": T},
        {"voltage_kv": 1, "is_industrial_or_commercial_user": T, "participates_in_spot_market": F},
    ],
    "march_2022_deviation_exemption_2022_4": [{"in_fujian_power_market": T}, {"in_fujian_power_market": F}],
    "loan_renewal_2022_45": [{"good_credit_record": T, "hit_by_epidemic": T}, {"good_credit_record": F, "hit_by_epidemic": T}],
    "government_guarantee_2022_46": [{"small_or_agricultural": T, "government_guarantor": T},
                                     {"small_or_agricultural": F, "government_guarantor": T}],
    "flexible_land_supply_2022_53": [{"industrial_land": T}, {"industrial_land": F}],
    "renewable_outside_energy_cap_2022_57": [{"new_renewable_or_feedstock": T}, {"new_renewable_or_feedstock": F}],
    "land_with_certificate_2024_5": [{"land_handed_over": T}, {"land_handed_over": F}],
    "recycling_standard_award_2022_7": [{"passed_standard_conditions": T}, {"passed_standard_conditions": F}],
    "scrap_steel_purchase_award_2022_7": [
        {"is_steel_producer_in_changle": T, "scrap_purchase_yuan": 1},
        {"is_steel_producer_in_changle": F, "scrap_purchase_yuan": 0},
    ],
    "circular_economy_municipal_subsidy_2022_7": [{"has_circular_economy_project": T}, {"has_circular_economy_project": F}],
    "circular_economy_model_enterprise_2022_7": [
        {"listed_provincial_model_enterprise": T, "passed_acceptance": T},
        {"listed_provincial_model_enterprise": T, "passed_acceptance": F},
    ],
    "green_manufacturing_national_2022_7": [{"national_green_factory_or_supply_chain": T}],
    "first_set_equipment_matching_2022_9": [
        {"recognised_first_set": T, "municipal_subsidy_yuan": 1_000_000},
        {"recognised_first_set": T, "municipal_subsidy_yuan": 0},
    ],
    "tech_upgrade_matching_2022_11": [{"meets_higher_level_techupgrade_policy": T}],
    "scale_up_award_2022_13": [
        {"first_time_above_scale_or_new_entrant": T, "entered_stats_in_2022_q2": T},
        {"first_time_above_scale_or_new_entrant": F},
    ],
    "q2_growth_award_2022_14": [
        {"q2_2022_output_yuan": 330_000_000, "q2_2021_output_yuan": 100_000_000,
         "q2_2022_electricity_kwh": 2, "q2_2021_electricity_kwh": 1},
        {"q2_2022_output_yuan": 5, "q2_2021_output_yuan": 0, "q2_2022_electricity_kwh": 1, "q2_2021_electricity_kwh": 1},
        {"q2_output_growth_pct": 12, "q2_output_increase_yuan": 35_000_000, "electricity_grew": T},
        {"q2_output_growth_pct": "9.9", "q2_output_increase_yuan": 210_000_000, "q2_electricity_growth_pct": 0},
        {"q2_output_growth_pct": 25, "q2_output_increase_yuan": 200_000_000, "electricity_grew": F,
         "q2_2022_output_yuan": 1},
    ],
    "revenue_100yi_award_2022_15": [
        {"is_industrial_enterprise": T, "revenue_yuan": 25_000_000_000, "previous_highest_revenue_yuan": 0},
        {"is_industrial_enterprise": T, "revenue_yuan": 10_000_000_000, "previous_highest_revenue_yuan": 0},
    ],
    "energy_saving_municipal_2022_16": [{"annual_energy_saving_tce": 300}, {"annual_energy_saving_tce": 5000}],
    "energy_saving_provincial_2022_16": [
        {"provincial_key_energy_project": T, "in_operation": T, "annual_energy_saving_tce": 20000},
        {"provincial_key_energy_project": T, "in_operation": F, "annual_energy_saving_tce": 1},
    ],
    "efficiency_benchmark_provincial_2022_17": [
        {"provincial_benchmark": T, "national_benchmark": T},
        {"provincial_benchmark": F, "national_benchmark": F},
    ],
    "efficiency_star_municipal_2022_17": [{"national_efficiency_title": T}],
    "rd_pre_subsidy_recommendation_2022_19": [
        {"largest_single_project_rd_yuan": 10_000_000, "prior_year_rd_yuan": 100_000_000},
        {"largest_single_project_rd_yuan": 0, "prior_year_rd_yuan": 0},
        {"largest_single_project_rd_yuan": 8_000_000},
        {"prior_year_rd_yuan": 100_000_000},
    ],
    "specialized_sme_award_2022_20": [
        {"newly_recognised_provincial_specialized": T, "newly_recognised_national_little_giant": F}
    ],
    "industrial_internet_platform_2022_21": [
        {"platform_type": "行业特色平台", "platform_investment_yuan": 20_000_000},
        {"platform_investment_yuan": 6_000_000},
    ],
    "industrial_internet_application_2022_21": [{"selected_benchmark_or_case": T}],
    "internet_tech_project_2022_21": [{"project_investment_yuan": 1_000_000}],
    "informatization_key_project_2022_21": [{"provincial_key_project": T, "it_investment_3y_yuan": 30_000_000}],
    "integration_standard_pilot_2022_21": [{"listed_miit_pilot": T}],
    "industrial_app_solution_2022_21": [{"recognised_app_solution": T}],
    "national_fund_investment_2022_22": [{"received_national_fund_investment": T}],
    "enterprise_tech_centre_2022_23": [{"new_national_centre": T, "new_provincial_centre": T, "new_municipal_centre": T}],
    "five_g_startup_subsidy_2022_23": [
        {"does_5g_rd": T, "registered_or_branch_in_changle": T, "paid_in_capital_yuan": 50_000_000}
    ],
    "unveiling_project_2022_24": [{"selected_project": T}],
    "joint_rd_subsidy_2022_24": [{"industrialised_joint_project": T, "payments_to_institutes_yuan": 2_000_000}],
    "provincial_key_tech_project_2022_24": [{"meets_provincial_key_tech_conditions": T}],
    "cloud_device_award_2022_30": [{"new_devices_count": 60, "received_municipal_award": T}],
    "cloud_software_municipal_2022_30": [{"uses_cloud_software_or_resources": T}],
    "foreign_investment_2022_36": [
        {"new_or_capital_increase": T, "industry": "其他", "actual_paid_in_usd": 5_000_000},
        {"new_or_capital_increase": T, "industry": "金融业", "actual_paid_in_usd": 4_999_999},
    ],
    "foreign_logistics_design_2022_38": [{"is_foreign_invested": T, "category": "国家5A级物流企业"}],
    "matchmaking_event_2022_51": [
        {"is_organiser": T, "enterprises_count": 30, "bank_institutions_count": 5},
        {"is_organiser": T, "enterprises_count": 35, "bank_institutions_count": 6, "events_count": 2},
        {"is_organiser": T, "enterprises_count": 35, "bank_institutions_count": 6, "events_count": 0},
    ],
    "receivables_financing_2022_51": [
        {"is_large_or_core_enterprise": T, "via_qualified_platform": T, "annualised_financing_yuan": 300_000_000},
        {"is_large_or_core_enterprise": F, "via_qualified_platform": T, "annualised_financing_yuan": 1},
    ],
    "plot_ratio_no_extra_land_price_2022_54": [
        {"complies_with_planning_and_safety": T, "use_unchanged": T, "in_park": T,
         "meets_access_and_tax_requirements": T, "on_original_land": T, "increases_plot_ratio": T}
    ],
    "supporting_facilities_ratio_2022_55": [
        {"in_industrial_park": T, "complies_with_spatial_planning": T, "approved": T,
         "facilities_land_share_pct": 15, "facilities_floor_share_pct": 30, "extra_used_for_dormitory_rental": T},
        {"in_industrial_park": T, "complies_with_spatial_planning": T, "approved": F,
         "facilities_land_share_pct": 5, "facilities_floor_share_pct": 10, "extra_used_for_dormitory_rental": F},
        {"in_industrial_park": T, "complies_with_spatial_planning": T, "approved": T,
         "facilities_land_share_pct": "15.01", "facilities_floor_share_pct": "30.5", "extra_used_for_dormitory_rental": T},
        {"in_industrial_park": T, "complies_with_spatial_planning": T, "approved": T,
         "facilities_land_share_pct": 6, "facilities_floor_share_pct": 20, "extra_used_for_dormitory_rental": F},
    ],
    "recruitment_service_award_2022_59": [
        {"recipient_type": "个人", "employer_is_key_industrial_enterprise": T, "workers_introduced": 10},
        {"employer_is_key_industrial_enterprise": T, "workers_introduced": 20},
    ],
    "value_added_rate_award_2024_7": [
        {"is_above_scale_industrial": T, "output_2023_yuan": 500_000_000, "value_added_rate_pct": 24},
        {"is_above_scale_industrial": T, "output_2023_yuan": 500_000_000, "value_added_rate_pct": 22},
        {"is_above_scale_industrial": T, "output_2023_yuan": 100_000_000, "value_added_rate_pct": 25},
        {"is_above_scale_industrial": T, "output_2023_yuan": 99_999_999, "value_added_rate_pct": 30},
    ],
    "q1_growth_award_2024_8": [
        {"is_above_scale_manufacturing": T, "meets_provincial_q1_conditions": T, "q1_output_growth_pct": 10,
         "q1_electricity_growth_pct": 10, "municipal_award_yuan": 500_000},
        {"is_above_scale_manufacturing": T, "meets_provincial_q1_conditions": T, "new_entrant_q1_2024": T,
         "q1_output_yuan": 50_000_000, "municipal_award_yuan": 20_000},
        {"is_above_scale_manufacturing": T, "meets_provincial_q1_conditions": T,
         "output_growth_not_below_electricity": T, "municipal_award_yuan": 60_000},
        {"is_above_scale_manufacturing": T, "meets_provincial_q1_conditions": T, "new_entrant_q1_2024": T,
         "q1_output_yuan": 50_000_000, "output_growth_not_below_electricity": T},
        {"is_above_scale_manufacturing": T, "meets_provincial_q1_conditions": T, "q1_output_growth_pct": 5,
         "output_growth_not_below_electricity": F},
    ],
    "spring_festival_electricity_2024_9": [
        {"is_above_scale_industrial": T, "electricity_feb_2024_kwh": 500_000, "municipal_award_yuan": 400_000},
        {"is_above_scale_industrial": T, "electricity_feb_2024_kwh": 500_000},
        {"is_above_scale_industrial": T, "electricity_feb_2024_kwh": 499_999},
    ],
    "rongsheng_new_entrant_2024_10": [{"in_small_to_scale_pool": T, "entrant_type": "规下转规上"}],
    "tech_upgrade_matching_2024_14": [
        {"is_industrial_techupgrade_project": T, "construction_start_date": "2024-03-31",
         "provincial_subsidy_yuan": 1_000_000, "municipal_subsidy_yuan": 500_000}
    ],
    "export_credit_insurance_2024_19": [{"is_foreign_trade_enterprise": T, "annual_export_usd": 7_000_000}],
    "stable_employment_award_2024_23": [
        {"is_fuzhou_industrial_leader": T, "q1_2024_output_yuan": 90, "q4_2023_output_yuan": 100,
         "q1_2024_avg_insured": 90, "q4_2023_avg_insured": 100},
        {"is_fuzhou_industrial_leader": T, "output_ratio_pct": 95, "insured_ratio_pct": "89.9"},
        {"is_fuzhou_industrial_leader": T, "output_ratio_pct": 95, "q1_2024_avg_insured": 90, "q4_2023_avg_insured": 100},
    ],
    "worker_referral_award_2024_23": [
        {"referrer_type": "企业老员工", "employer_is_key_enterprise": T, "first_time_in_fuzhou": T,
         "hire_date": "2024-01-01", "stable_one_month_or_more": T}
    ],
    "recruitment_event_subsidy_2024_23": [
        {"is_key_enterprise_or_project": T, "events_outside_province": 1, "events_inside_province": 3}
    ],
}

CASES = [(name, i, p) for name, payloads in SAMPLES.items() for i, p in enumerate(payloads)]


def test_every_calculator_has_samples_and_no_stale_samples():
    assert set(SAMPLES) == {c.name for c in registry.all()}


def test_clause_splitter_finds_all_clauses():
    # the documents have 65 and 25 numbered clauses
    assert sum(k.startswith("2022#") for k in ALL_CLAUSES) == 65
    assert sum(k.startswith("2024#") for k in ALL_CLAUSES) == 25
    assert "每吨标准煤500元" in ALL_CLAUSES["2022#16"] and "每吨标准煤500元" not in ALL_CLAUSES["2022#17"]


@pytest.mark.parametrize("calc", registry.all(), ids=lambda c: c.name)
def test_entry_metadata(calc):
    assert re.fullmatch(r"[a-z][a-z0-9_]*_(2022|2024)_\d+", calc.name)
    assert calc.citation in ALL_CLAUSES, f"{calc.citation} is not a clause of the corpus"
    assert calc.name.endswith("_" + calc.citation.replace("#", "_"))
    for extra in calc.citations:
        assert extra in ALL_CLAUSES
    assert re.search(r"[\u4e00-\u9fff]", calc.title)
    assert calc.description
    schema = calc.json_schema()
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    needed = [i for i in calc.inputs_needed if i["required"]]
    if not needed:
        # every field optional: the input model must then require a combination, and an empty payload must be an
        # error naming the fields to ask for (a calculator that runs on nothing cannot be asked about)
        with pytest.raises(registry.CalculatorInputError) as info:
            registry.run(calc.name, {})
        named = [f for f, _ in info.value.errors]
        assert named and set(named) <= set(calc.input_model.model_fields), named
    for item in calc.inputs_needed:
        assert re.search(r"[\u4e00-\u9fff]", item["name_zh"]), f"{calc.name}.{item['field']} has no Chinese name"


@pytest.mark.parametrize(("name", "i", "payload"), CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_steps_quote_their_clause_verbatim(name, i, payload):
    result = run(name, **payload)
    assert result.calculator == name
    clause = squash(ALL_CLAUSES[result.citation])
    assert result.steps
    for step in result.steps:
        assert squash(step.clause_words) in clause, f"{name}: {step.clause_words!r} not in {result.citation}"
        assert re.search(r"[\u4e00-\u9fff]", step.check)
    if result.no_figure:
        assert result.amount_yuan is None and result.amount_max_yuan is None and result.decided_by
    if result.eligible is False and not result.no_figure:
        assert result.amount_yuan == 0


@pytest.mark.parametrize("calc", registry.all(), ids=lambda c: c.name)
def test_no_figure_flag_agrees_with_results(calc):
    # The registry flag says "this rule states no amount or rate at all"; the assistant answers from it without asking
    # for inputs. It must agree with what the calculator returns on every valid sample payload.
    results = [run(calc.name, **p) for p in SAMPLES[calc.name]]
    assert {r.no_figure for r in results} == {calc.no_figure}, calc.name
    assert registry.describe(calc)["no_figure"] is calc.no_figure


def test_no_figure_flag_set_on_the_rules_without_a_figure():
    flagged = {c.name for c in registry.all() if c.no_figure}
    assert "stable_employment_award_2024_23" in flagged and "rd_pre_subsidy_recommendation_2022_19" in flagged
    assert "q2_growth_award_2022_14" not in flagged and "recruitment_service_award_2022_59" not in flagged
    assert len(flagged) == 24


@pytest.mark.parametrize("calc", [c for c in registry.all() if c.ceiling], ids=lambda c: c.name)
def test_a_declared_ceiling_is_a_ceiling_in_money_and_bounds_every_sample(calc):
    # "最多能给多少" is answered from this figure: it must be money written as a ceiling in the clause, and no
    # sample's award may exceed it.
    cap = calc.ceiling_figure
    assert cap.unit == "元" and re.search(r"最高|不超过", cap.words), cap.words
    for p in SAMPLES[calc.name]:
        r = run(calc.name, **p)
        assert (r.amount_yuan or 0) <= cap.yuan and (r.amount_max_yuan or 0) <= cap.yuan


def test_ceilings_declared_on_the_rules_with_a_per_enterprise_or_project_cap():
    named = {c.name: c.ceiling for c in registry.all() if c.ceiling}
    assert named["spring_festival_electricity_2024_9"] == "cap" and named["energy_saving_provincial_2022_16"] == "provincial_cap"
    assert "value_added_rate_award_2024_7" not in named  # fixed tiers, no ceiling
    assert len(named) == 12
