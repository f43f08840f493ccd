"""Profile → calculator input: one declared ``Feed`` per calculator input field, as data.

Why data: a test walks every feed and checks that ``target`` is a field of the calculator's input model and every
source is a profile field, so a rename on either side breaks a test instead of silently dropping an input.

Rules (issue 9): a value the profile does not give is *missing* (``None``), never defaulted. Derived values use
three-valued logic: 规下 makes "规上工业企业" False even when the industry is unknown, but 规上 with an unknown industry
is still missing. ``Gate`` is a condition the clause states but the calculator does not check (e.g. "工业企业" in
2022 第30条); it is never sent to the calculator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.checkup.profile import INDUSTRIAL, MANUFACTURING, EnterpriseProfile, Industry

P = EnterpriseProfile


# ---- three-valued helpers ------------------------------------------------------------------------------------------
def and3(*vals: bool | None) -> bool | None:
    if any(v is False for v in vals):
        return False
    if any(v is None for v in vals):
        return None
    return True


def above_scale(p: P) -> bool | None:
    return {"规上": True, "规下": False}.get(p.scale) if p.scale else None


def industrial(p: P) -> bool | None:
    """A named industry decides; without one, the stated 工业企业 / 制造业企业 flags (制造业 is 工业; not 工业 is not 制造业)."""
    if p.industry is not None:
        return p.industry in INDUSTRIAL
    if p.manufacturing_enterprise is True:
        return True
    return p.industrial_enterprise


def manufacturing(p: P) -> bool | None:
    if p.industry is not None:
        return p.industry in MANUFACTURING
    if p.industrial_enterprise is False:
        return False
    return p.manufacturing_enterprise


def _in(d: date | None, start: date, end: date) -> bool | None:
    return None if d is None else start <= d <= end


# 2022 第13条 names no entry period; we read "首次提升规模或新建投产纳统" as entering the statistics in the years the
# 2022 方案 is carried out (2022-01-01..2024-12-31; it also names 2022 Q2 entrants, so the whole of 2022 counts).
SCALE_UP_2022_WINDOW = (date(2022, 1, 1), date(2024, 12, 31))
SCALE_UP_2022_WINDOW_NOTE = (
    "本条未写纳统期间；体检按方案执行年度（2022年1月1日至2024年12月31日）纳入规上统计认定"
    "“首次提升规模或新建投产纳统”，更早纳统的不适用。"
)


def first_time_above_scale_2022(p: P) -> bool | None:
    if p.above_scale_entry_date is None:
        return False if p.scale == "规下" else None
    return _in(p.above_scale_entry_date, *SCALE_UP_2022_WINDOW)


def entered_2022_q2(p: P) -> bool | None:
    if p.above_scale_entry_date is None:
        return False if p.scale == "规下" else None
    if not _in(p.above_scale_entry_date, date(2022, 4, 1), date(2022, 6, 30)):
        return False
    if p.above_scale_entry_kind is None:
        return None
    return p.above_scale_entry_kind == "新建投产纳统"


def new_entrant_q1_2024(p: P) -> bool | None:
    if p.above_scale_entry_date is None:
        return False if p.scale == "规下" else None
    if not _in(p.above_scale_entry_date, date(2024, 1, 1), date(2024, 3, 31)):
        return False
    if p.above_scale_entry_kind is None:
        return None
    return p.above_scale_entry_kind == "新建投产纳统"


def entrant_type_2024(p: P) -> str | None:
    d = p.above_scale_entry_date
    if d is None:
        return "其他" if p.scale == "规下" else None
    if not _in(d, date(2024, 1, 1), date(2024, 12, 31)):
        return "其他"
    if p.above_scale_entry_kind is None:
        return None
    if p.above_scale_entry_kind == "规下转规上":
        return "规下转规上"
    return "第一季度新投产纳统" if d <= date(2024, 3, 31) else "2024年新投产纳统"


def above_scale_industrial_2023(p: P) -> bool | None:
    """2024 第7条 rests on 2023 data reported by 规上工业企业: an enterprise that entered the statistics in 2024 or later
    did not report the 2023 cost survey as 规上. Without an entry date the stated current scale is used."""
    if p.above_scale_entry_date is not None and p.above_scale_entry_date >= date(2024, 1, 1):
        return False
    return and3(above_scale(p), industrial(p))


def techupgrade_meets_policy(p: P) -> bool | None:
    if p.techupgrade_meets_higher_level_policy is not None:
        return p.techupgrade_meets_higher_level_policy
    if p.techupgrade_project is False:
        return False
    if (p.techupgrade_provincial_subsidy_yuan or 0) > 0 or (p.techupgrade_municipal_subsidy_yuan or 0) > 0:
        return True  # a provincial or municipal subsidy received means the project met that policy
    return None


def foreign_trade(p: P) -> bool | None:
    if p.foreign_trade_enterprise is not None:
        return p.foreign_trade_enterprise
    if p.export_usd_last_year is not None and p.export_usd_last_year > 0:
        return True  # a firm with its own exports is a foreign-trade enterprise
    return None


def industry_2022_36(p: P) -> str | None:
    if p.industry is None:
        return None
    return {Industry.REAL_ESTATE: "房地产业", Industry.FINANCE: "金融业"}.get(p.industry, "其他")


def new_or_increase_fie(p: P) -> bool | None:
    if p.foreign_invested is False:
        return False
    return p.foreign_new_or_capital_increase


def steel_producer(p: P) -> bool | None:
    # The 体检 is for 长乐区 enterprises; 钢铁生产企业 = 黑色金属冶炼和压延加工业.
    return None if p.industry is None else p.industry == Industry.STEEL


def industrial_or_commercial_user(p: P) -> bool | None:
    # every industry in the enum is an industrial or a commercial electricity user
    return None if p.industry is None else True


# ---- declarations --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Feed:
    """One calculator input. ``derive`` None = copy the single source. ``needed`` False = optional in the model and
    safe to leave out (the calculator then says what it cannot check). ``rules_out`` = values that settle the award
    as not applicable whatever the other inputs, with the clause words that say so."""

    target: str
    sources: tuple[str, ...]
    derive: Callable[[P], Any] | None = None
    needed: bool | Callable[[P], bool] = True
    rules_out: tuple[Any, ...] | Callable[[Any], bool] = ()
    clause_words: str | None = None

    def settles_no(self, v: Any) -> bool:
        return bool(self.rules_out(v)) if callable(self.rules_out) else v in self.rules_out

    def value(self, p: P) -> Any:
        if self.derive is not None:
            return self.derive(p)
        return getattr(p, self.sources[0]) if self.sources else None

    def is_needed(self, p: P) -> bool:
        return self.needed(p) if callable(self.needed) else self.needed


@dataclass(frozen=True)
class Gate:
    """A condition the clause states that the calculator does not check; must be True for the award to apply."""

    label: str
    sources: tuple[str, ...]
    derive: Callable[[P], bool | None]
    clause_words: str


@dataclass(frozen=True)
class Mapping:
    calculator: str
    feeds: tuple[Feed, ...]
    gates: tuple[Gate, ...] = ()
    #: also assess when only scale / industry are known (awards every 规上工业企业 should hear about)
    context_relevant: bool | Callable[[P], bool] = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    def sources(self) -> list[str]:
        out = [s for f in self.feeds for s in f.sources] + [s for g in self.gates for s in g.sources]
        return list(dict.fromkeys(out))


def F(target: str, source: str | None = None, **kw: Any) -> Feed:
    """Copy feed: profile field ``source`` (default: same name as target)."""
    return Feed(target=target, sources=(source or target,), **kw)


def D(target: str, sources: tuple[str, ...], derive: Callable[[P], Any], **kw: Any) -> Feed:
    return Feed(target=target, sources=sources, derive=derive, **kw)


NO = (False,)

#: the profile fields that say whether the enterprise is 工业 / 制造业 (a named industry, or the two flags)
INDUSTRY = ("industry", "industrial_enterprise", "manufacturing_enterprise")
ABOVE_SCALE_INDUSTRIAL = ("scale", *INDUSTRY)

INDUSTRIAL_GATE_13 = Gate(
    label="规模以上工业企业",
    sources=INDUSTRY,
    derive=industrial,
    clause_words="对首次提升规模或新建投产纳统的规模以上工业企业",
)

MAPPINGS: tuple[Mapping, ...] = (
    # ---------------------------------------------------------------------------------------------- 2022 第4条
    Mapping(
        "low_voltage_access_2022_4",
        (
            F("equipment_capacity_kw"),
            F("is_small_or_micro_enterprise", "small_or_micro", rules_out=NO, clause_words="小微企业"),
            F("low_voltage_connection"),
        ),
    ),
    Mapping(
        "spot_market_fee_exemption_2022_4",
        (
            F("voltage_kv", "supply_voltage_kv"),
            D("is_industrial_or_commercial_user", ("industry",), industrial_or_commercial_user),
            F("participates_in_spot_market", "in_spot_market", rules_out=NO, clause_words="参与现货市场交易的"),
        ),
    ),
    # a profile describes the enterprise, not one month's trading: the exemption is read for March 2022 itself
    Mapping("march_2022_deviation_exemption_2022_4",
            (F("in_fujian_power_market"), D("deviation_month", (), lambda p: None, needed=False))),
    # ---------------------------------------------------------------------------------------------- 2022 第7条
    Mapping("recycling_standard_award_2022_7", (F("passed_standard_conditions", "recycling_standard_passed"),)),
    Mapping(
        "scrap_steel_purchase_award_2022_7",
        (
            D("is_steel_producer_in_changle", ("industry",), steel_producer, rules_out=NO, clause_words="对我区钢铁生产企业"),
            F("scrap_purchase_yuan"),
        ),
    ),
    Mapping("circular_economy_municipal_subsidy_2022_7", (F("has_circular_economy_project", "circular_economy_project"),)),
    Mapping(
        "circular_economy_model_enterprise_2022_7",
        (
            F(
                "listed_provincial_model_enterprise",
                "provincial_circular_model",
                rules_out=NO,
                clause_words="对列入省级循环经济的示范企业",
            ),
            F("passed_acceptance", "circular_model_accepted", rules_out=NO, clause_words="并通过验收的"),
        ),
    ),
    Mapping("green_manufacturing_national_2022_7", (F("national_green_factory_or_supply_chain", "national_green_factory"),)),
    # ---------------------------------------------------------------------------------------------- 2022 第9条
    Mapping(
        "first_set_equipment_matching_2022_9",
        (
            F(
                "recognised_first_set",
                "first_set_recognised",
                rules_out=NO,
                clause_words="对经认定属于国内、省内首台（套）的企业",
            ),
            F("municipal_subsidy_yuan", "first_set_municipal_subsidy_yuan"),
        ),
    ),
    # ---------------------------------------------------------------------------------------------- 2022 第11条
    Mapping(
        "tech_upgrade_matching_2022_11",
        (
            D(
                "meets_higher_level_techupgrade_policy",
                (
                    "techupgrade_meets_higher_level_policy",
                    "techupgrade_project",
                    "techupgrade_provincial_subsidy_yuan",
                    "techupgrade_municipal_subsidy_yuan",
                ),
                techupgrade_meets_policy,
            ),
        ),
    ),
    # ---------------------------------------------------------------------------------------------- 2022 第13条
    Mapping(
        "scale_up_award_2022_13",
        (
            D(
                "first_time_above_scale_or_new_entrant",
                ("above_scale_entry_date", "scale"),
                first_time_above_scale_2022,
            ),
            D("entered_stats_in_2022_q2", ("above_scale_entry_date", "above_scale_entry_kind", "scale"), entered_2022_q2),
        ),
        gates=(INDUSTRIAL_GATE_13,),
        context_relevant=True,
        notes=(SCALE_UP_2022_WINDOW_NOTE,),
    ),
    # ---------------------------------------------------------------------------------------------- 2022 第14条
    Mapping(
        "q2_growth_award_2022_14",
        (
            F("q2_2022_output_yuan", needed=False),
            F("q2_2021_output_yuan", needed=False),
            F("q2_2022_electricity_kwh", needed=False),
            F("q2_2021_electricity_kwh", needed=False),
            F("q2_output_growth_pct", "q2_2022_output_growth_pct", needed=False),
            F("q2_output_increase_yuan", "q2_2022_output_increase_yuan", needed=False),
            F("q2_electricity_growth_pct", "q2_2022_electricity_growth_pct", needed=False),
            F("electricity_grew", "q2_2022_electricity_grew", needed=False, rules_out=NO, clause_words="二季度累计用电量同比正增长"),
        ),
        gates=(
            Gate(
                label="2022年二季度已在生产经营的企业（成立于2022年6月30日前）",
                sources=("founded_date",),
                # not a calculator input: only whether Q2 2022 figures can exist; an unknown date does not block
                derive=lambda p: True if p.founded_date is None else p.founded_date <= date(2022, 6, 30),
                clause_words="对2022年二季度（4月、5月、6月）累计产值同比增长10%（含）以上",
            ),
        ),
        context_relevant=lambda p: industrial(p) is True,
    ),
    # ---------------------------------------------------------------------------------------------- 2022 第15条
    Mapping(
        "revenue_100yi_award_2022_15",
        (
            D("is_industrial_enterprise", INDUSTRY, industrial, rules_out=NO, clause_words="工业企业"),
            F(
                "revenue_yuan",
                "revenue_this_year_yuan",
                rules_out=lambda v: v <= 100 * 100_000_000,
                clause_words="对营业收入首次超100亿元的工业企业",
            ),
            F("previous_highest_revenue_yuan"),
        ),
        # revenue is asked of every enterprise; only a revenue above 100亿 makes this award worth listing
        context_relevant=lambda p: (p.revenue_this_year_yuan or 0) > 100 * 100_000_000,
    ),
    # ---------------------------------------------------------------------------------------------- 2022 第16条
    Mapping(
        "energy_saving_municipal_2022_16",
        (F("annual_energy_saving_tce", "energy_saving_tce"), F("self_implemented", "energy_saving_self_implemented")),
    ),
    Mapping(
        "energy_saving_provincial_2022_16",
        (
            F("provincial_key_energy_project", rules_out=NO, clause_words="省工业重点节能项目"),
            F("in_operation", "energy_project_in_operation"),
            F("annual_energy_saving_tce", "energy_saving_tce"),
        ),
    ),
    # ---------------------------------------------------------------------------------------------- 2022 第17条
    Mapping(
        "efficiency_benchmark_provincial_2022_17",
        (F("provincial_benchmark", "provincial_efficiency_benchmark"), F("national_benchmark", "national_efficiency_benchmark")),
    ),
    Mapping("efficiency_star_municipal_2022_17", (F("national_efficiency_title"),)),
    # ---------------------------------------------------------------------------------------------- 2022 第19条
    Mapping(
        "rd_pre_subsidy_recommendation_2022_19",
        (
            F("largest_single_project_rd_yuan", "rd_largest_single_project_yuan", needed=False),
            F("prior_year_rd_yuan", "rd_prior_year_yuan", needed=False),
        ),
    ),
    # ---------------------------------------------------------------------------------------------- 2022 第20条
    Mapping(
        "specialized_sme_award_2022_20",
        (
            F("newly_recognised_provincial_specialized", "new_provincial_specialized"),
            F("newly_recognised_national_little_giant", "new_national_little_giant"),
        ),
    ),
    # ---------------------------------------------------------------------------------------------- 2022 第21条
    Mapping(
        "industrial_internet_platform_2022_21",
        (F("platform_type", needed=False), F("platform_investment_yuan")),
    ),
    Mapping("industrial_internet_application_2022_21", (F("selected_benchmark_or_case", "industrial_internet_benchmark"),)),
    Mapping("internet_tech_project_2022_21", (F("project_investment_yuan", "internet_project_investment_yuan"),)),
    Mapping(
        "informatization_key_project_2022_21",
        (
            F("provincial_key_project", "informatization_key_project", rules_out=NO, clause_words="对省级两化融合重点项目"),
            F("it_investment_3y_yuan"),
        ),
    ),
    Mapping("integration_standard_pilot_2022_21", (F("listed_miit_pilot", "miit_integration_pilot"),)),
    Mapping("industrial_app_solution_2022_21", (F("recognised_app_solution", "app_solution_recognised"),)),
    # ---------------------------------------------------------------------------------------------- 2022 第22-24条
    Mapping("national_fund_investment_2022_22", (F("received_national_fund_investment", "national_fund_investment"),)),
    Mapping(
        "enterprise_tech_centre_2022_23",
        (
            F("new_national_centre", "new_national_tech_centre"),
            F("new_provincial_centre", "new_provincial_tech_centre"),
            F("new_municipal_centre", "new_municipal_tech_centre"),
        ),
    ),
    Mapping(
        "five_g_startup_subsidy_2022_23",
        (
            F("does_5g_rd", rules_out=NO, clause_words="国内从事5G相关产品研发的企业"),
            F("registered_or_branch_in_changle", "registered_in_changle"),
            F("paid_in_capital_yuan"),
        ),
    ),
    Mapping("unveiling_project_2022_24", (F("selected_project", "unveiling_project_selected"),)),
    Mapping(
        "joint_rd_subsidy_2022_24",
        (
            F(
                "industrialised_joint_project",
                "joint_rd_industrialised",
                rules_out=NO,
                clause_words="对已实现产业化的联合开发项目",
            ),
            F("payments_to_institutes_yuan"),
            # the profile's payments are to universities and institutes by their name
            D("partner_is_institute", (), lambda p: None, needed=False),
        ),
    ),
    Mapping("provincial_key_tech_project_2022_24", (F("meets_provincial_key_tech_conditions", "provincial_key_tech_project"),)),
    # ---------------------------------------------------------------------------------------------- 2022 第30条
    Mapping(
        "cloud_device_award_2022_30",
        (F("new_devices_count", "cloud_new_devices_count"), # what the top-up is added to, not a condition to state: only a "no" changes the result
         F("received_municipal_award", "cloud_devices_municipal_award", needed=False)),
        gates=(
            Gate(
                label="工业企业",
                sources=INDUSTRY,
                derive=industrial,
                clause_words="支持工业企业“上云上平台”，对新增的工业设备“上平台”",
            ),
        ),
    ),
    Mapping("cloud_software_municipal_2022_30", (F("uses_cloud_software_or_resources", "cloud_software_used"),)),
    # ---------------------------------------------------------------------------------------------- 2022 第36、38条
    Mapping(
        "foreign_investment_2022_36",
        (
            D(
                "new_or_capital_increase",
                ("foreign_new_or_capital_increase", "foreign_invested"),
                new_or_increase_fie,
                rules_out=NO,
                clause_words="对新设（含增资）外资企业",
            ),
            D("industry", ("industry",), industry_2022_36, rules_out=("房地产业", "金融业"), clause_words="不含房地产业、金融业"),
            F("actual_paid_in_usd", "foreign_paid_in_usd"),
        ),
    ),
    Mapping(
        "foreign_logistics_design_2022_38",
        (
            F("is_foreign_invested", "foreign_invested", rules_out=NO, clause_words="外资物流、服务型制造、工业设计企业"),
            F(
                "category",
                "foreign_designation",
                rules_out=("其他",),
                clause_words="对被评为国家 4A、5A级的外资物流企业，或国家级服务型制造示范及国家级工业设计中心",
            ),
        ),
    ),
    # ---------------------------------------------------------------------------------------------- 2022 第51条
    Mapping(
        "matchmaking_event_2022_51",
        (
            F("is_organiser", "matchmaking_organiser", rules_out=NO, clause_words="对牵头组织开展产融合作政银企对接活动"),
            F("enterprises_count", "matchmaking_enterprises_per_event"),
            F("bank_institutions_count", "matchmaking_banks_per_event"),
            F("events_count", "matchmaking_events_count"),
        ),
    ),
    Mapping(
        "receivables_financing_2022_51",
        (
            F("is_large_or_core_enterprise", "receivables_core_enterprise", rules_out=NO, clause_words="辖区大型企业或供应链的核心企业"),
            F("via_qualified_platform", "receivables_via_platform"),
            F("annualised_financing_yuan", "receivables_annualised_financing_yuan"),
        ),
    ),
    # ---------------------------------------------------------------------------------------------- 2022 第59条
    Mapping(
        "recruitment_service_award_2022_59",
        (
            Feed("recipient_type", sources=(), needed=False),
            F("employer_is_key_industrial_enterprise", "workers_introduced_to_key_industrial"),
            F("workers_introduced", "workers_introduced_count"),
        ),
    ),
    # ---------------------------------------------------------------------------------------------- 2024 第7-10条
    Mapping(
        "value_added_rate_award_2024_7",
        (
            D(
                "is_above_scale_industrial",
                ("scale", *INDUSTRY, "above_scale_entry_date"),
                above_scale_industrial_2023,
                rules_out=NO,
                clause_words="以规模以上工业企业在联网报送平台填报的成本费用调查表中计算的增加值率数据为依据",
            ),
            F("output_2023_yuan"),
            F("value_added_rate_pct"),
        ),
        context_relevant=True,
    ),
    Mapping(
        "q1_growth_award_2024_8",
        (
            D(
                "is_above_scale_manufacturing",
                ABOVE_SCALE_INDUSTRIAL,
                lambda p: and3(above_scale(p), manufacturing(p)),
                rules_out=NO,
                clause_words="规模以上制造业企业",
            ),
            F(
                "meets_provincial_q1_conditions",
                "meets_provincial_q1_2024_conditions",
                rules_out=NO,
                clause_words="对符合2024年一季度省级增产增效奖励条件的",
            ),
            F("q1_output_growth_pct", "q1_2024_output_growth_pct", needed=False),
            F("q1_electricity_growth_pct", "q1_2024_electricity_growth_pct", needed=False),
            D(
                "new_entrant_q1_2024",
                ("above_scale_entry_date", "above_scale_entry_kind", "scale"),
                new_entrant_q1_2024,
            ),
            F("q1_output_yuan", "q1_2024_output_yuan", needed=False),
            F("output_growth_not_below_electricity", "q1_2024_output_growth_not_below_electricity", needed=False),
            # optional in the model: without it eligibility is decided and the amount stays unknown
            F("municipal_award_yuan", "municipal_q1_2024_growth_award_yuan", needed=False),
        ),
        context_relevant=True,
    ),
    Mapping(
        "spring_festival_electricity_2024_9",
        (
            D(
                "is_above_scale_industrial",
                ABOVE_SCALE_INDUSTRIAL,
                lambda p: and3(above_scale(p), industrial(p)),
                rules_out=NO,
                clause_words="规上工业企业",
            ),
            F("electricity_feb_2024_kwh"),
            F("municipal_award_yuan", "municipal_spring_festival_award_yuan", needed=False),
        ),
        context_relevant=True,
    ),
    Mapping(
        "rongsheng_new_entrant_2024_10",
        (
            F("in_small_to_scale_pool", rules_out=NO, clause_words="对纳入“小升规”培育库的"),
            D(
                "entrant_type",
                ("above_scale_entry_date", "above_scale_entry_kind", "scale"),
                entrant_type_2024,
                rules_out=("其他",),
                clause_words="2024年新投产纳统的规上工业企业、规下转规上工业企业、第一季度新投产纳统的规上工业企业",
            ),
        ),
        gates=(
            Gate(
                label="规上工业企业",
                sources=INDUSTRY,
                derive=industrial,
                clause_words="2024年新投产纳统的规上工业企业、规下转规上工业企业、第一季度新投产纳统的规上工业企业",
            ),
        ),
        context_relevant=True,
    ),
    # ---------------------------------------------------------------------------------------------- 2024 第14条
    Mapping(
        "tech_upgrade_matching_2024_14",
        (
            D(
                "is_industrial_techupgrade_project",
                ("techupgrade_project", *INDUSTRY),
                lambda p: and3(p.techupgrade_project, industrial(p)),
                rules_out=NO,
                clause_words="对一季度开工建设的工业技改项目",
            ),
            F("construction_start_date", "techupgrade_start_date"),
            F("provincial_subsidy_yuan", "techupgrade_provincial_subsidy_yuan"),
            F("municipal_subsidy_yuan", "techupgrade_municipal_subsidy_yuan"),
        ),
    ),
    # ---------------------------------------------------------------------------------------------- 2024 第19条
    Mapping(
        "export_credit_insurance_2024_19",
        (
            D("is_foreign_trade_enterprise", ("foreign_trade_enterprise", "export_usd_last_year"), foreign_trade),
            F("annual_export_usd", "export_usd_last_year"),
        ),
    ),
    # ---------------------------------------------------------------------------------------------- 2024 第23条
    Mapping(
        "stable_employment_award_2024_23",
        (
            F("is_fuzhou_industrial_leader", "fuzhou_industrial_leader"),
            # no profile field: "符合其他文件规定" is for 区人社局 to judge; only needed when not a listed leader
            Feed("meets_other_document", sources=(), needed=lambda p: p.fuzhou_industrial_leader is not True),
            # each 90% test: the stated ratio or both quarters (the calculator names what is missing)
            F("output_ratio_pct", "q1_2024_output_vs_q4_2023_pct", needed=False),
            F("insured_ratio_pct", "q1_2024_insured_vs_q4_2023_pct", needed=False),
            F("q1_2024_output_yuan", needed=False),
            F("q4_2023_output_yuan", needed=False),
            F("q1_2024_avg_insured", needed=False),
            F("q4_2023_avg_insured", needed=False),
        ),
    ),
    Mapping(
        "recruitment_event_subsidy_2024_23",
        (
            F("is_key_enterprise_or_project", "key_enterprise", rules_out=NO, clause_words="重点企业、重点项目"),
            F("events_outside_province", "recruitment_events_outside_province_2024"),
            F("events_inside_province", "recruitment_events_inside_province_2024"),
            F("already_subsidised_this_year", "recruitment_events_subsidised_2024"),
        ),
    ),
)

#: Calculators the 体检 does not run, and why (a test checks every registered calculator is mapped or listed here).
UNMAPPED: dict[str, str] = {
    "small_procurement_reservation_2022_2": "政府采购项目预留：针对采购项目而非企业画像",
    "plot_ratio_no_extra_land_price_2022_54": "厂房改造容积率：需逐个用地项目的规划审批信息",
    "supporting_facilities_ratio_2022_55": "园区配套设施用地比例：需逐个用地项目的规划数据",
    "worker_referral_award_2024_23": "引工奖励发给介绍新员工的社会机构或老员工，按每名新员工逐人认定，不是企业画像能回答的",
    "loan_renewal_2022_45": "续贷按正常业务办理：针对一笔到期贷款和银行的认定，不是奖补",
    "government_guarantee_2022_46": "取消反担保：针对一笔由政府性担保机构担保的贷款，不是奖补",
    "flexible_land_supply_2022_53": "产业用地供应方式：针对一宗用地，不是企业画像能回答的",
    "renewable_outside_energy_cap_2022_57": "能耗总量核算口径：针对新增的可再生能源或原料用能，不是奖补",
    "land_with_certificate_2024_5": "交地即交证：针对一宗土地的交付手续，不是奖补",
}

#: Profile fields that describe the enterprise in general; on their own they do not make an award worth listing.
CONTEXT_FIELDS = frozenset(
    {
        "name",
        "founded_date",
        "scale",
        "small_or_micro",
        "employees",
        "industry",
        "industrial_enterprise",
        "manufacturing_enterprise",
        "high_tech_enterprise",
        "revenue_this_year_yuan",
    }
)

BY_NAME = {m.calculator: m for m in MAPPINGS}
