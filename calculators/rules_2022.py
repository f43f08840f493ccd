"""Calculators for the document with key ``2022``: one pure function per rule, bound to its clause.

Every figure comes from the clause's table in ``corpus/figures/`` (``F14.cap`` is 第14条's cap), so no number of a
clause is typed here. Each step quotes the clause words it rests on. Where a clause names no funding level, ``funding_levels`` is empty and a
note says so (we do not guess 区级 from the responsible units). Validity (document and measure periods) is added by
the registry from the corpus, never hard-coded here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from calculators import blocks as b
from calculators.blocks import fmt_number
from calculators.blocks import fmt_yuan as y
from calculators.figures import figures
from calculators.models import (
    AwardPart,
    CalcInput,
    CalcResult,
    Count,
    GrowthPct,
    SharePct,
    Tce,
    Usd,
    Yuan,
    alternatives,
    calc,
    cond,
    decide,
)
from calculators.spec import calculator
from calculators.steps import capped, flag, in_window, per_unit, share_of, threshold, treatment

LEVEL_UNSTATED = "条文未写明该笔资金由哪一级财政支付（未按责任单位推定为区级）。"


# ============================================================================================ 第2条 政府采购预留
class ProcurementInput(CalcInput):
    procurement_type: Literal["货物", "服务", "工程"] = Field(
        title="采购类别", description="采购类别：货物、服务或工程 / procurement type: goods, services or works"
    )
    budget_yuan: Yuan = Field(title="采购项目金额（元）", description="采购项目金额，元 / project amount in yuan")


F2 = figures("2022#2")


@calculator(
    name="small_procurement_reservation_2022_2",
    citation="2022#2",
    title="小额政府采购项目预留给中小企业",
    no_figure=True,
)
def small_procurement_reservation(inputs: ProcurementInput) -> CalcResult:
    """Is a government procurement project a 小额采购项目 that is, in principle, wholly reserved for SMEs?"""
    limit = F2.works_limit if inputs.procurement_type == "工程" else F2.goods_services_limit
    size = threshold(limit, inputs.budget_yuan, f"{inputs.procurement_type}采购项目金额", y(inputs.budget_yuan),
                     met="→ 属于小额采购项目", unmet="→ 不属于小额采购项目")
    small = bool(size.passed)
    steps = [
        size,
        flag(small, "小额采购项目原则上全部预留给中小企业", "非小额采购项目，不适用“全部预留”", "原则上全部预留给中小企业"),
    ]
    return CalcResult(
        eligible=small,
        no_figure=True,
        decided_by="区财政局（采购预留，不是资金奖补）",
        steps=steps,
        interpretation=(
            "“符合条件”表示该项目属于小额采购项目、原则上全部预留给中小企业；“原则上”允许例外，由区财政局把握。"
            "金额以采购项目预算金额计。"
        ),
        notes=["本条是采购份额预留，不涉及奖补金额。", "超过小额标准、适宜由中小企业提供的项目，仍可“预留采购份额专门面向中小企业采购”。"],
    )


# ============================================================================================ 第4条 电力
class LowVoltageInput(CalcInput):
    equipment_capacity_kw: Decimal = Field(
        ge=0, title="用电设备容量（千瓦）", description="用电设备容量，千瓦 / installed equipment capacity in kW"
    )
    is_small_or_micro_enterprise: bool = Field(title="是否小微企业", description="是否小微企业 / small or micro enterprise")
    low_voltage_connection: bool = Field(
        title="是否采取低压方式接入电网", description="是否采取低压方式接入电网 / connected at low voltage"
    )


F4 = figures("2022#4")


@calculator(name="low_voltage_access_2022_4", citation="2022#4", title="低压小微企业电力接入工程由区供电公司投资建设", no_figure=True)
def low_voltage_access(inputs: LowVoltageInput) -> CalcResult:
    """Does a small/micro enterprise get its metering and grid connection built at the utility's cost?"""
    steps = [
        threshold(F4.capacity, inputs.equipment_capacity_kw, "用电设备容量", f"{inputs.equipment_capacity_kw} 千瓦"),
        flag(inputs.is_small_or_micro_enterprise, "是小微企业", "不是小微企业", "小微企业"),
        flag(inputs.low_voltage_connection, "采取低压方式接入电网", "未采取低压方式接入电网", "采取低压方式接入电网"),
    ]
    eligible = decide(steps)
    steps.append(
        flag(eligible, "计量装置及接入工程一并由区供电公司投资建设", "不适用", "其计量装置及接入工程一并由区供电公司投资建设")
    )
    return CalcResult(
        eligible=eligible,
        no_figure=True,
        decided_by="区供电公司（实物投资建设，条文未写金额）",
        steps=steps,
        notes=["本条是由区供电公司投资建设计量装置及接入工程，不是现金奖补，条文未写金额。"],
    )


class SpotMarketInput(CalcInput):
    voltage_kv: Decimal = Field(ge=0, title="电压等级（千伏）", description="用电电压等级，千伏 / supply voltage in kV")
    is_industrial_or_commercial_user: bool = Field(
        title="是否工商业用户", description="是否工商业用户 / industrial or commercial user"
    )
    participates_in_spot_market: bool = Field(
        title="是否参与现货市场交易", description="是否参与现货市场交易 / takes part in the spot market"
    )


@calculator(
    name="spot_market_fee_exemption_2022_4",
    citation="2022#4",
    title="不满1千伏工商业用户参与现货交易免市场分摊费用",
    measure_hint="1千伏",
    no_figure=True,
)
def spot_market_fee_exemption(inputs: SpotMarketInput) -> CalcResult:
    """Is a sub-1kV industrial/commercial spot-market user exempt from ancillary-service and cost-compensation shares?"""
    steps = [
        threshold(F4.voltage, inputs.voltage_kv, "电压等级", f"{inputs.voltage_kv} 千伏"),
        flag(inputs.is_industrial_or_commercial_user, "是工商业用户", "不是工商业用户", "工商业用户"),
        flag(inputs.participates_in_spot_market, "参与现货市场交易", "未参与现货市场交易", "参与现货市场交易的"),
    ]
    eligible = decide(steps)
    steps.append(
        flag(eligible, "不承担辅助服务、成本补偿等市场分摊费用", "不适用", "不承担辅助服务、成本补偿等市场分摊费用")
    )
    return CalcResult(
        eligible=eligible,
        no_figure=True,
        decided_by="电力市场运营机构按分摊规则免予分摊（条文未写金额）",
        steps=steps,
        notes=["本措施有自己的执行期限：2022年1月1日至2023年12月31日（见有效期说明）。", "免予分摊，不是现金奖补。"],
    )


class DeviationInput(CalcInput):
    in_fujian_power_market: bool = Field(
        title="是否参与福建电力市场交易的市场主体",
        description="是否参与福建电力市场交易（批发用户、零售用户、售电公司、发电企业）/ Fujian power-market participant",
    )
    # the month whose deviation is asked about, when said: only March 2022's is exempt ("2022年4月的偏差" is not)
    deviation_month: date | None = Field(
        default=None, title="交易偏差所在月份", description="交易偏差发生的月份（任一日）；未说明时按2022年3月理解 / month of the deviation"
    )


@calculator(
    name="march_2022_deviation_exemption_2022_4",
    citation="2022#4",
    title="2022年3月电力市场交易偏差免予考核",
    no_figure=True,
)
def march_2022_deviation_exemption(inputs: DeviationInput) -> CalcResult:
    """Was a market participant's March-2022 trading deviation exempt from assessment?"""
    month = inputs.deviation_month
    in_march, first, last = in_window(month, "2022#4", measure="偏差") if month is not None else (True, None, None)
    ok = inputs.in_fujian_power_market and in_march
    steps = [
        flag(inputs.in_fujian_power_market, "是参与福建电力市场交易的市场主体", "不是参与福建电力市场交易的市场主体",
             "对参与福建电力市场交易的市场主体（含批发用户、零售用户、售电公司、发电企业）"),
        cond(f"交易偏差在{month:%Y年%-m月}，" + ("在" if in_march else "不在") + f"{first:%Y年%-m月%-d日}至{last:%-m月%-d日}内",
             "在2022年3月电力市场交易偏差部分免予考核", in_march)
        if month is not None
        else flag(ok, "2022年3月电力市场交易偏差部分免予考核", "不适用", "在2022年3月电力市场交易偏差部分免予考核"),
    ]
    return CalcResult(
        eligible=ok,
        no_figure=True,
        decided_by="电力交易机构（免予偏差考核，条文未写金额）",
        steps=steps,
        notes=["“2022年3月”是免予考核的交易月份（2022-03-01至2022-03-31的偏差），不是有效期；措施随文件自2022年5月31日起施行。"],
    )


# ============================================================================================ 第7条 再生资源、循环经济
class RecyclingStandardInput(CalcInput):
    passed_standard_conditions: bool = Field(
        title="是否通过再生资源行业加工规范条件",
        description="是否通过再生资源行业加工规范条件（准入）/ passed the recycling-industry standard conditions",
    )


F7 = figures("2022#7")


@calculator(name="recycling_standard_award_2022_7", citation="2022#7", title="再生资源企业通过规范条件一次性奖励（省级）")
def recycling_standard_award(inputs: RecyclingStandardInput) -> CalcResult:
    """Provincial one-off award, up to a ceiling per enterprise, for passing the recycling standard conditions."""
    ceiling = F7.standard_award
    ok = inputs.passed_standard_conditions
    steps = [
        flag(ok, "已通过再生资源行业加工规范条件", "未通过规范条件", "省级节能和循环经济专项资金对通过规范条件的"),
        calc(f"最高给予每家企业 {ceiling.shown} 一次性奖励（上限，实际金额由省级确定）", ceiling.words),
    ]
    return CalcResult(
        eligible=ok,
        amount_yuan=None if ok else 0,
        amount_max_yuan=ceiling.yuan if ok else None,
        upper_bound=ok,
        funding_levels=["省级"],
        parts=[AwardPart(levels=["省级"], label="省级节能和循环经济专项资金", amount_max_yuan=ceiling.yuan)] if ok else [],
        steps=steps,
    )


class ScrapSteelInput(CalcInput):
    is_steel_producer_in_changle: bool = Field(
        title="是否长乐区钢铁生产企业", description="是否我区（长乐区）钢铁生产企业 / steel producer in Changle"
    )
    scrap_purchase_yuan: Yuan = Field(
        title="采购废钢、废铁等再生资源交易额（元）", description="采购废钢废铁等再生资源的交易额，元 / scrap purchases in yuan"
    )


@calculator(name="scrap_steel_purchase_award_2022_7", citation="2022#7", title="钢铁企业采购废钢废铁按交易额一定比例奖励", no_figure=True)
def scrap_steel_purchase_award(inputs: ScrapSteelInput) -> CalcResult:
    """Steel producers buying scrap get 'a certain share' of the purchase value; the clause states no rate."""
    steps = [
        flag(inputs.is_steel_producer_in_changle, "是我区钢铁生产企业", "不是我区钢铁生产企业", "对我区钢铁生产企业"),
        cond(
            f"采购废钢、废铁等再生资源交易额 {y(inputs.scrap_purchase_yuan)}"
            + ("（大于0）" if inputs.scrap_purchase_yuan > 0 else "（为0，无可奖励的交易额）"),
            "采购废钢、废铁等再生资源的交易额",
            inputs.scrap_purchase_yuan > 0,
        ),
        calc("奖励为交易额的“一定比例”，条文未写比例，不能计算金额", "给予一定比例的奖励"),
    ]
    return CalcResult(
        eligible=decide(steps),
        no_figure=True,
        decided_by="责任单位区工信局、生态环境局、财政局（条文只写“一定比例”，未写比例）",
        steps=steps,
        notes=[LEVEL_UNSTATED],
    )


class CircularMunicipalInput(CalcInput):
    has_circular_economy_project: bool = Field(
        title="是否有推进循环经济发展、节约资源的项目",
        description="是否实施推进循环经济发展、节能降耗的项目 / has a circular-economy / energy-saving project",
    )


@calculator(
    name="circular_economy_municipal_subsidy_2022_7",
    citation="2022#7",
    title="市级节能和循环经济专项资金补助（10万元或20万元）",
)
def circular_economy_municipal_subsidy(inputs: CircularMunicipalInput) -> CalcResult:
    """Municipal subsidy in one of two bands; which depends on conditions the clause does not spell out."""
    low, high = F7.municipal_low, F7.municipal_high
    ok = inputs.has_circular_economy_project
    steps = [
        flag(ok, "企业推进循环经济发展项目", "无循环经济发展项目", "支持企业推进循环经济发展，节约资源、保护环境"),
        cond(
            "“节能降耗效果和投资规模等条件”本条未写具体标准，是否达标及档次无法从条文判断",
            "按照节能降耗效果和投资规模等条件",
            None if ok else False,
        ),
        calc(f"补助为 {low.shown} 或 {high.shown} 两档之一（市级）", low.words),
    ]
    return CalcResult(
        eligible=None if ok else False,
        amount_yuan=None if ok else 0,
        amount_min_yuan=low.yuan if ok else None,
        amount_max_yuan=high.yuan if ok else None,
        funding_levels=["市级"],
        parts=[AwardPart(levels=["市级"], label="市级节能和循环经济专项资金", amount_min_yuan=low.yuan,
                         amount_max_yuan=high.yuan)]
        if ok
        else [],
        steps=steps,
        interpretation=f"{low.shown}或{high.shown}是两个档次，不是区间内任意金额；档次和是否给予由市级专项资金按节能降耗效果和"
        "投资规模评定。",
    )


class ModelEnterpriseInput(CalcInput):
    listed_provincial_model_enterprise: bool = Field(
        title="是否列入省级循环经济示范企业", description="是否列入省级循环经济示范企业 / provincial circular-economy model"
    )
    passed_acceptance: bool = Field(title="是否通过验收", description="示范是否通过验收 / passed acceptance")


@calculator(
    name="circular_economy_model_enterprise_2022_7", citation="2022#7", title="省级循环经济示范企业通过验收奖励20万元"
)
def circular_economy_model_enterprise(inputs: ModelEnterpriseInput) -> CalcResult:
    """A fixed award for each provincial circular-economy model enterprise that passed acceptance."""
    steps = [
        flag(inputs.listed_provincial_model_enterprise, "已列入省级循环经济示范企业", "未列入省级循环经济示范企业", "对列入省级循环经济的示范企业"),
        flag(inputs.passed_acceptance, "已通过验收", "未通过验收", "并通过验收的"),
    ]
    ok = decide(steps)
    steps.append(calc(f"每家奖励 {F7.model_award.shown}", F7.model_award.words))
    return CalcResult(
        eligible=ok,
        amount_yuan=b.fixed(F7.model_award.yuan) if ok else 0,
        steps=steps,
        notes=[LEVEL_UNSTATED],
    )


class GreenFactoryInput(CalcInput):
    national_green_factory_or_supply_chain: bool = Field(
        title="是否获得国家级绿色工厂或绿色供应链管理企业",
        description="是否获评国家级绿色工厂、绿色供应链管理企业 / national green factory or green supply chain",
    )


@calculator(name="green_manufacturing_national_2022_7", citation="2022#7", title="国家级绿色工厂、绿色供应链管理企业争取上级奖励", no_figure=True)
def green_manufacturing_national(inputs: GreenFactoryInput) -> CalcResult:
    """National green factories: the district only seeks higher-level awards; no figure."""
    ok = inputs.national_green_factory_or_supply_chain
    steps = [
        flag(ok, "已获得国家级绿色工厂或绿色供应链管理企业", "未获得国家级称号", "对获得国家级绿色工厂、绿色供应链管理企业积极争取上级奖励")
    ]
    return CalcResult(
        eligible=ok,
        no_figure=True,
        decided_by="上级（国家、省、市）奖励政策；区里只“积极争取”",
        steps=steps,
        notes=["条文只写“积极争取上级奖励”，不承诺金额，也未写由哪一级支付。"],
    )


# ============================================================================================ 第9条 首台（套）
class FirstSetInput(CalcInput):
    recognised_first_set: bool = Field(
        title="是否经认定属于国内、省内首台（套）",
        description="是否经认定属于国内、省内首台（套）重大技术装备 / recognised first-of-its-kind equipment",
    )
    municipal_subsidy_yuan: Yuan = Field(
        title="市级财政资金补助（元）", description="已获市级财政资金补助，元 / municipal subsidy received, yuan"
    )


F9 = figures("2022#9")


@calculator(name="first_set_equipment_matching_2022_9", citation="2022#9", title="首台（套）区级30%配套奖励", matter="首台（套）奖励")
def first_set_equipment_matching(inputs: FirstSetInput) -> CalcResult:
    """District adds a share of the municipal first-set subsidy; no cap is stated."""
    share = share_of(inputs.municipal_subsidy_yuan, F9.share)
    steps = [
        flag(inputs.recognised_first_set, "经认定属于国内、省内首台（套）", "未经认定为首台（套）", "对经认定属于国内、省内首台（套）的企业"),
        cond(
            f"市级财政资金补助 {y(inputs.municipal_subsidy_yuan)}"
            + ("" if inputs.municipal_subsidy_yuan > 0 else "，没有市级补助，区级配套无基数"),
            "在市级财政资金补助的基础上",
            inputs.municipal_subsidy_yuan > 0,
        ),
    ]
    ok = decide(steps)
    steps.append(
        calc(f"区级配套 {F9.share.shown} × {y(inputs.municipal_subsidy_yuan)} = {y(share.exact)} → {y(share.yuan)}",
             F9.share.words)
    )
    amount = share.yuan if ok else 0
    return CalcResult(
        eligible=ok,
        amount_yuan=amount,
        funding_levels=["区级"],
        parts=[AwardPart(levels=["区级"], label=f"区级财政配套（市级补助的{F9.share.shown}）", amount_yuan=amount)]
        if ok else [],
        steps=steps,
        notes=["省级、市级补助“及时兑现”，金额按省、市认定，不在本计算内；本条未设区级配套上限。"],
    )


# ============================================================================================ 第11条 技改配套
class TechUpgrade2022Input(CalcInput):
    meets_higher_level_techupgrade_policy: bool = Field(
        title="是否符合省、市技术改造项目补助政策",
        description="是否符合省、市技术改造项目补助政策 / meets provincial or municipal tech-upgrade subsidy policy",
    )


@calculator(name="tech_upgrade_matching_2022_11", citation="2022#11", title="技术改造项目区级配套奖励（按上级要求）", matter="技改项目区级配套", no_figure=True)
def tech_upgrade_matching_2022(inputs: TechUpgrade2022Input) -> CalcResult:
    """District matching for tech-upgrade projects 'as the higher level requires'; the clause states no figure."""
    ok = inputs.meets_higher_level_techupgrade_policy
    steps = [
        flag(ok, "符合省、市技术改造项目补助政策", "不符合省、市技术改造项目补助政策", "对符合省、市技术改造项目补助政策的企业"),
        calc("区级配套比例“按照上级要求”，本条未写比例或金额", "区级财政按照上级要求给予配套奖励"),
    ]
    return CalcResult(
        eligible=ok,
        no_figure=True,
        decided_by="按照上级要求（区工信局、财政局执行）",
        funding_levels=["省级", "市级", "区级"],
        steps=steps,
        notes=["省、市技改补助由区里“积极为其争取并兑现”，金额按省、市政策。"],
    )


# ============================================================================================ 第13条 新上规
class ScaleUpInput(CalcInput):
    first_time_above_scale_or_new_entrant: bool = Field(
        title="是否首次提升规模或新建投产纳统的规上工业企业",
        description="是否首次提升规模或新建投产纳统的规模以上工业企业 / first time above designated size or new entrant",
    )
    entered_stats_in_2022_q2: bool = Field(
        default=False,
        title="是否2022年二季度新投产纳统",
        description="是否2022年二季度新投产纳统的规上工业企业 / new entrant in 2022 Q2",
    )


F13 = figures("2022#13")


@calculator(name="scale_up_award_2022_13", citation="2022#13", title="首次提升规模或新建投产纳统奖励30万元", matter="新上规（榕升计划）奖励")
def scale_up_award(inputs: ScaleUpInput) -> CalcResult:
    """A fixed award from city+district together, paid over three years; 2022 Q2 entrants also have a provincial one."""
    award, provincial = F13.award, F13.provincial_q2
    ok = inputs.first_time_above_scale_or_new_entrant or inputs.entered_stats_in_2022_q2
    steps = [
        flag(ok, "是首次提升规模或新建投产纳统的规上工业企业", "不是首次提升规模或新建投产纳统的企业", "对首次提升规模或新建投产纳统的规模以上工业企业"),
        calc(f"市、区两级财政合计 {award.shown}，分三年兑现", award.words),
    ]
    parts = [AwardPart(levels=["市级", "区级"], label="市、区两级财政合计，分三年兑现", amount_yuan=award.yuan)]
    levels: list = ["市级", "区级"]
    if inputs.entered_stats_in_2022_q2:
        steps.append(
            cond(f"2022年二季度新投产纳统：另有省级财政 {provincial.shown}", provincial.words, True)
        )
        parts.insert(0, AwardPart(levels=["省级"], label="省级财政奖励（2022年二季度新投产纳统）",
                                  amount_yuan=provincial.yuan))
        levels = ["省级", "市级", "区级"]
    total = sum(p.amount_yuan or 0 for p in parts)
    return CalcResult(
        eligible=ok,
        amount_yuan=total if ok else 0,
        funding_levels=levels,
        parts=parts if ok else [],
        steps=steps,
        interpretation=(
            f"{award.shown}是市、区两级合计（条文未写两级各自份额），分三年兑现；2022年二季度新投产纳统企业另有省级"
            f"{provincial.shown}，合计{y(award.yuan + provincial.yuan)}。"
            "2022年二季度新投产纳统本身即属“新建投产纳统”，故只勾选该项也符合。"
        ),
    )


# ============================================================================================ 第14条 二季度增产增效
F14 = figures("2022#14")
#: A stated increase agrees with the two outputs when they differ by less than this (a convention for rounded
#: figures people say, “增加了两千万”; not a figure of the clause).
INCREASE_AGREES_WITHIN_YUAN = 10_000


class Q2GrowthInput(CalcInput):
    """Either the absolute figures of both years or what callers actually say (growth %, increase, "用电也涨了").

    Output growth: ``q2_output_growth_pct`` or both outputs. Increase: ``q2_output_increase_yuan`` or both outputs.
    Electricity: both kWh figures, ``q2_electricity_growth_pct`` or ``electricity_grew``. Where both ways are given
    the absolute figures decide and the other must agree with them (else an error naming the fields)."""

    q2_2022_output_yuan: Yuan | None = Field(
        default=None, title="2022年二季度累计产值（元）", description="2022年4-6月累计产值，元 / 2022 Q2 output in yuan"
    )
    q2_2021_output_yuan: Yuan | None = Field(
        default=None,
        title="2021年二季度累计产值（元）",
        description="上年同期（2021年4-6月）累计产值，元 / 2021 Q2 output in yuan",
    )
    q2_2022_electricity_kwh: Count | None = Field(
        default=None,
        title="2022年二季度累计用电量（千瓦时）",
        description="2022年4-6月累计用电量，千瓦时 / 2022 Q2 electricity in kWh",
    )
    q2_2021_electricity_kwh: Count | None = Field(
        default=None,
        title="2021年二季度累计用电量（千瓦时）",
        description="2021年4-6月累计用电量，千瓦时 / 2021 Q2 electricity in kWh",
    )
    q2_output_growth_pct: GrowthPct | None = Field(
        default=None,
        title="二季度累计产值同比增幅（%）",
        description="二季度累计产值同比增幅，百分数，如12表示12%；可代替两年产值 / Q2 output growth in percent",
    )
    q2_output_increase_yuan: Yuan | None = Field(
        default=None,
        title="二季度产值同比增加额（元）",
        description="二季度产值比上年同期增加的金额，元；可代替两年产值 / year-on-year increase of Q2 output in yuan",
    )
    q2_electricity_growth_pct: GrowthPct | None = Field(
        default=None,
        title="二季度累计用电量同比增幅（%）",
        description="二季度累计用电量同比增幅，百分数；可代替两年用电量 / Q2 electricity growth in percent",
    )
    electricity_grew: bool | None = Field(
        default=None,
        title="二季度用电量是否同比增长",
        description="“用电量也涨了”=true；“用电没变/下降”=false；可代替用电数据 / did Q2 electricity grow year on year",
    )

    @model_validator(mode="after")
    def _each_figure_one_way(self) -> Q2GrowthInput:
        problems: list[tuple[tuple[str, ...], str]] = []
        cur, prev = self.q2_2022_output_yuan, self.q2_2021_output_yuan
        e_cur, e_prev = self.q2_2022_electricity_kwh, self.q2_2021_electricity_kwh
        outputs = cur is not None and prev is not None
        kwh = e_cur is not None and e_prev is not None
        og, inc, eg, grew = (
            self.q2_output_growth_pct, self.q2_output_increase_yuan, self.q2_electricity_growth_pct, self.electricity_grew
        )
        if og is None and not outputs:
            problems.append((
                ("q2_output_growth_pct", "q2_2022_output_yuan", "q2_2021_output_yuan"),
                "需填写二季度产值同比增幅（q2_output_growth_pct），或同时填写2022年和2021年二季度产值",
            ))
        already_fails = (og is not None and not F14.growth.met_by(og)) or grew is False or (eg is not None and eg <= 0)
        if inc is None and not outputs and not already_fails:  # a failed condition needs no increase figure
            problems.append((
                ("q2_output_increase_yuan", "q2_2022_output_yuan", "q2_2021_output_yuan"),
                "需填写二季度产值同比增加额（q2_output_increase_yuan），或同时填写2022年和2021年二季度产值",
            ))
        if eg is None and grew is None and not kwh:
            problems.append((
                ("q2_electricity_growth_pct", "electricity_grew", "q2_2022_electricity_kwh", "q2_2021_electricity_kwh"),
                "需说明二季度用电量是否同比增长：填写用电增幅（q2_electricity_growth_pct）、"
                "是否增长（electricity_grew），或同时填写两年二季度用电量",
            ))
        if outputs and og is not None:
            if prev == 0:
                problems.append((("q2_output_growth_pct", "q2_2021_output_yuan"), f"上年同期产值为0，没有同比增幅，与所填增幅{og}%矛盾"))
            elif not b.agrees(og, Decimal(cur - prev) * 100 / Decimal(prev)):
                computed = (Decimal(cur - prev) * 100 / Decimal(prev)).quantize(Decimal("0.01"))
                problems.append((
                    ("q2_output_growth_pct", "q2_2022_output_yuan", "q2_2021_output_yuan"),
                    f"所填增幅{og}%与两年产值算出的{computed}%矛盾",
                ))
        if outputs and inc is not None and not b.agrees(inc, cur - prev, INCREASE_AGREES_WITHIN_YUAN):
            problems.append((
                ("q2_output_increase_yuan", "q2_2022_output_yuan", "q2_2021_output_yuan"),
                f"所填增加额{inc:,}元与两年产值之差{cur - prev:,}元矛盾（相差{y(INCREASE_AGREES_WITHIN_YUAN)}及以上）",
            ))
        if not outputs and og is not None and inc is not None and og < 0 and inc > 0:
            problems.append((("q2_output_growth_pct", "q2_output_increase_yuan"), f"产值增幅{og}%为负，却填了增加额{inc:,}元，二者矛盾"))
        if kwh:
            grew_kwh = e_cur > e_prev
            if eg is not None and (
                (e_prev > 0 and not b.agrees(eg, Decimal(e_cur - e_prev) * 100 / Decimal(e_prev)))
                or (e_prev == 0 and (eg > 0) != grew_kwh)
            ):
                problems.append((
                    ("q2_electricity_growth_pct", "q2_2022_electricity_kwh", "q2_2021_electricity_kwh"),
                    f"所填用电增幅{eg}%与两年用电量不符",
                ))
            if grew is not None and grew != grew_kwh:
                problems.append((
                    ("electricity_grew", "q2_2022_electricity_kwh", "q2_2021_electricity_kwh"),
                    f"electricity_grew={str(grew).lower()}与两年用电量（{e_cur:,} 对 {e_prev:,} 千瓦时）矛盾",
                ))
        if eg is not None and grew is not None and grew != (eg > 0):
            problems.append((
                ("electricity_grew", "q2_electricity_growth_pct"),
                f"electricity_grew={str(grew).lower()}与用电增幅{eg}%矛盾（正增长须大于0）",
            ))
        if problems:
            raise ValueError("\n".join(f"{', '.join(fs)}: {m}" for fs, m in problems))  # one line per problem
        return self


@calculator(name="q2_growth_award_2022_14", citation="2022#14", title="2022年二季度增产增效奖励", ceiling="cap")
def q2_growth_award(inputs: Q2GrowthInput) -> CalcResult:
    """A sum per whole step of Q2 output increase, up to a cap, if output grew enough and electricity grew.

    Takes the absolute figures of both years or the relative ones callers state (growth %, increase, electricity
    grew yes/no); where both are given the absolute figures decide."""
    cur, prev = inputs.q2_2022_output_yuan, inputs.q2_2021_output_yuan
    e_cur, e_prev = inputs.q2_2022_electricity_kwh, inputs.q2_2021_electricity_kwh
    outputs = cur is not None and prev is not None
    least, step, per_step, cap = F14.growth, F14.increase_step, F14.per_step, F14.cap
    steps = []
    notes = [LEVEL_UNSTATED, "考核期为2022年4月、5月、6月累计，与上年同期比较。"]
    growth_ok: bool | None
    if outputs and prev == 0:
        growth_ok = None
        steps.append(cond("上年同期产值为0，同比增幅无法计算", least.words, None))
    elif outputs:
        growth_ok = least.met_by(Decimal(cur - prev) * 100 / Decimal(prev))  # exact unless it cannot be at the bound
        growth = (Decimal(cur - prev) * 100 / Decimal(prev)).quantize(Decimal("0.01"))
        stated = (
            f"（所报增幅 {inputs.q2_output_growth_pct}% 与之相符，按产值绝对数判断）"
            if inputs.q2_output_growth_pct is not None
            else ""
        )
        steps.append(
            cond(
                f"二季度产值同比增长 ({y(cur)} − {y(prev)}) ÷ {y(prev)} = {growth}% "
                f"{least.sign(growth_ok)} {least.shown}{least.word_note}{stated}",
                least.words,
                growth_ok,
            )
        )
    else:
        og = inputs.q2_output_growth_pct
        assert og is not None  # the input model guarantees it
        steps.append(threshold(least, og, "二季度累计产值同比增长", f"{og}%（所报增幅）"))
        growth_ok = steps[-1].passed
    if e_cur is not None and e_prev is not None:
        elec_ok = e_cur > e_prev
        steps.append(
            cond(
                f"二季度用电量 {e_cur:,} 千瓦时 {'>' if elec_ok else '≤'} 上年同期 {e_prev:,} 千瓦时（须正增长）",
                "二季度累计用电量同比正增长",
                elec_ok,
            )
        )
    elif inputs.q2_electricity_growth_pct is not None:
        eg = inputs.q2_electricity_growth_pct
        elec_ok = eg > 0
        steps.append(
            cond(
                f"二季度累计用电量同比增长 {eg}%（所报增幅）{'>' if elec_ok else '≤'} 0（须正增长，持平不算）",
                "二季度累计用电量同比正增长",
                elec_ok,
            )
        )
    else:
        elec_ok = bool(inputs.electricity_grew)
        steps.append(
            flag(elec_ok, "据所述，二季度用电量同比增长", "据所述，二季度用电量同比未增长（持平或下降），不是正增长", "二季度累计用电量同比正增长")
        )
    if outputs:
        increase = cur - prev
        source = f"{y(cur)} − {y(prev)}"
    elif inputs.q2_output_increase_yuan is None:  # only allowed when a condition above already failed
        ok = decide(steps)
        return CalcResult(eligible=ok, amount_yuan=0, steps=steps, notes=notes,
                          interpretation="条件不满足时无需产值增加额即可判断：不符合条件，无奖励。")
    else:
        increase = inputs.q2_output_increase_yuan
        source = "所报增加额"
    n = b.whole_increments(increase, step.yuan)
    award = per_unit(per_step, n, cap)
    steps.append(
        cond(
            f"产值增加 {y(max(increase, 0))}（{source}），含完整的{step.shown} {n} 个"
            + ("" if n else f"，不足{step.shown}，无奖励"),
            step.words,
            n > 0,
        )
    )
    steps.append(capped(f"{n} × {per_step.shown}", award, cap))
    for a, a_name, bb, b_name in (
        (cur, "2022年二季度产值", prev, "2021年二季度产值"),
        (e_cur, "2022年二季度用电量", e_prev, "2021年二季度用电量"),
    ):
        if (a is None) != (bb is None):
            have, lack = (a_name, b_name) if a is not None else (b_name, a_name)
            notes.append(f"只提供了{have}、未提供{lack}，单个绝对数无法计算同比，未用于计算（已按所报增幅/增加额/是否增长判断）。")
    ok = decide(steps)
    return CalcResult(
        eligible=ok,
        amount_yuan=award.yuan if ok is not False else 0,
        steps=steps,
        interpretation=(
            f"按完整的{step.shown}增量计（不足{step.shown}的部分不计），每个{per_step.shown}，上限{cap.shown}；"
            f"产值增幅≥{least.shown}（含），用电量须同比增加（>0）。"
            "可按两年绝对数或所报增幅、增加额、用电是否增长计算；两种都给时按绝对数，所报约数须与之相符"
            f"（增幅相差不足所报数字末位1个单位、增加额相差不足{y(INCREASE_AGREES_WITHIN_YUAN)}），否则报错。"
        ),
        notes=notes,
    )


# ============================================================================================ 第15条 百亿企业
F15 = figures("2022#15")


class Revenue100YiInput(CalcInput):
    is_industrial_enterprise: bool = Field(title="是否工业企业", description="是否工业企业 / industrial enterprise")
    revenue_yuan: int = Field(
        ge=0, le=10**16, title="本年度营业收入（元）", description="本年度营业收入，元 / this year's operating revenue"
    )
    previous_highest_revenue_yuan: int | None = Field(
        default=None,
        ge=0,
        le=10**16,
        title="此前历年最高营业收入（元）",
        description="此前各年度中最高的营业收入，元（用于判断“首次”）；本年未超100亿元时可不填 / highest earlier revenue",
    )

    @model_validator(mode="after")
    def _previous_needed(self) -> Revenue100YiInput:
        first = F15.first_level
        if self.previous_highest_revenue_yuan is None and first.met_by(self.revenue_yuan):
            raise ValueError(f"previous_highest_revenue_yuan: 本年营业收入超过{first.shown}，须填写此前最高营业收入以判断“首次”"
                             " / required")
        return self


def _levels_passed(revenue: int, level: int, inclusive: bool) -> int:
    """How many of level, 2×level, 3×level … ``revenue`` passes; with 超 (not inclusive) a level must be exceeded."""
    if inclusive:
        return revenue // level
    return (revenue - 1) // level if revenue > 0 else 0


@calculator(name="revenue_100yi_award_2022_15", citation="2022#15", title="营业收入首次超100亿元及每提升一个百亿级别奖励")
def revenue_100yi_award(inputs: Revenue100YiInput) -> CalcResult:
    """A provincial award on first exceeding the first level; a municipal one per further level first exceeded."""
    first_level, first_award, level_award = F15.first_level, F15.first_award, F15.level_award
    level = first_level.yuan
    rev = inputs.revenue_yuan
    prev = inputs.previous_highest_revenue_yuan or 0  # None only when rev is below the first level: nothing reached
    reached_now = _levels_passed(rev, level, first_level.inclusive)
    reached_before = _levels_passed(prev, level, first_level.inclusive)
    first = reached_now >= 1 and reached_before < 1
    new_levels = max(0, reached_now - max(1, reached_before))  # levels 2…reached_now not passed before
    rev_met, prev_met = first_level.met_by(rev), first_level.met_by(prev)
    shown = first_level.shown
    steps = [
        flag(inputs.is_industrial_enterprise, "是工业企业", "不是工业企业", "工业企业"),
        cond(
            f"营业收入 {y(rev)} {first_level.sign(rev_met)} {shown}；此前最高 {y(prev)} "
            f"{first_level.sign(prev_met)} {shown} → {'首次超' if first else '不是首次超'}{shown}"
            f"{first_level.word_note}",
            first_level.words,
            first,
        ),
        cond(
            f"新超过的百亿级别（{fmt_number(2 * level)}、{fmt_number(3 * level)}…，须严格超过且此前未超过）共 {new_levels} 个，"
            f"每个{level_award.shown}（市级）",
            "对营业收入超100亿元的工业企业，每提升一个百亿级别，市级财政给予50万元奖励",
            new_levels > 0,
        ),
    ]
    ok = inputs.is_industrial_enterprise and (first or new_levels > 0)
    parts = []
    if ok and first:
        parts.append(AwardPart(levels=["省级"], label=f"省级切块资金（首次超{shown}）", amount_yuan=first_award.yuan))
    if ok and new_levels:
        parts.append(
            AwardPart(levels=["市级"], label=f"市级财政（新提升{new_levels}个百亿级别）",
                      amount_yuan=level_award.yuan * new_levels)
        )
    total = sum(p.amount_yuan or 0 for p in parts)
    steps.append(calc(f"合计 {y(total)}", level_award.words))
    return CalcResult(
        eligible=ok,
        amount_yuan=total,
        funding_levels=[lv for lv in ("省级", "市级") if any(lv in p.levels for p in parts)] or ["省级", "市级"],
        parts=parts,
        steps=steps,
        interpretation=(
            f"“首次超{shown}”：本年营业收入严格超过{shown}且此前各年均未超过；"
            f"“每提升一个百亿级别”：每个k×{shown}（k≥2）本年严格超过而此前未超过，各{level_award.shown}；"
            f"恰好{fmt_number(2 * level)}元不算跨过{fmt_number(2 * level)}级别。"
        ),
    )


# ============================================================================================ 第16条 节能
class EnergySavingMunicipalInput(CalcInput):
    annual_energy_saving_tce: Tce = Field(
        title="项目年节能量（吨标准煤）", description="节能项目年节能量，吨标准煤 / annual energy saving in tce"
    )
    self_implemented: bool = Field(
        default=True,
        title="是否企业自身实施的节能技术改造",
        description="是否企业自身实施开展的节能技术改造 / energy-saving retrofit carried out by the enterprise",
    )


F16 = figures("2022#16")


@calculator(name="energy_saving_municipal_2022_16", citation="2022#16", title="节能技术改造市级补助（每吨标准煤500元）", ceiling="municipal_cap")
def energy_saving_municipal(inputs: EnergySavingMunicipalInput) -> CalcResult:
    """A sum per tce saved for projects saving enough a year, up to a cap (municipal fund)."""
    tce = inputs.annual_energy_saving_tce
    rate, cap = F16.municipal_rate, F16.municipal_cap
    award = per_unit(rate, tce, cap)
    steps = [
        flag(inputs.self_implemented, "企业自身实施节能技术改造", "不是企业自身实施的节能技术改造",
             "支持企业通过自身实施开展节能技术改造"),
        threshold(F16.municipal_saving, tce, "年节能量", f"{tce} 吨标准煤"),
        capped(f"{rate.shown} × {tce} 吨", award, cap, f"{rate.words}，{cap.words}"),
    ]
    ok = decide(steps)
    amount = award.yuan if ok else 0
    return CalcResult(
        eligible=ok,
        amount_yuan=amount,
        funding_levels=["市级"],
        parts=[AwardPart(levels=["市级"], label="市级节能和循环经济专项资金", amount_yuan=amount)] if ok else [],
        steps=steps,
        notes=["小数吨按实计算，最后四舍五入到元。"],
    )


class EnergySavingProvincialInput(CalcInput):
    provincial_key_energy_project: bool = Field(
        title="是否省工业重点节能项目",
        description="是否列入省工业重点节能项目（年节能量达一定规模且产品能效达行业先进值）/ provincial key energy project",
    )
    in_operation: bool = Field(title="是否已投用（投产）", description="项目是否已投用（投产）/ in operation")
    annual_energy_saving_tce: Tce = Field(
        title="项目年节能量（吨标准煤）", description="项目年节能量，吨标准煤 / annual energy saving in tce"
    )


@calculator(name="energy_saving_provincial_2022_16", citation="2022#16", title="省工业重点节能项目省级奖励（最高每吨500元）", ceiling="provincial_cap")
def energy_saving_provincial(inputs: EnergySavingProvincialInput) -> CalcResult:
    """Provincial award up to a sum per tce, at most a sum per project: a ceiling, not a fixed figure."""
    tce = inputs.annual_energy_saving_tce
    rate, cap = F16.provincial_rate, F16.provincial_cap
    ceiling = per_unit(rate, tce, cap)
    steps = [
        flag(
            inputs.provincial_key_energy_project, "是省工业重点节能项目", "不是省工业重点节能项目",
            "组织实施年节能量达一定规模且产品能效水平达到行业先进值的省工业重点节能项目",
        ),
        flag(inputs.in_operation, "已投用（投产）", "尚未投用（投产）", "对投用（投产）的重点项目"),
        capped(f"上限 {rate.shown} × {tce} 吨", ceiling, cap, f"{rate.words}，{cap.words}", over="超过单个项目上限，按",
               under="≤"),
    ]
    ok = decide(steps)
    rng = b.up_to(ceiling.exact)
    return CalcResult(
        eligible=ok,
        amount_yuan=None if ok else 0,
        amount_max_yuan=rng.max_yuan if ok else None,
        upper_bound=bool(ok),
        funding_levels=["省级"],
        parts=[AwardPart(levels=["省级"], label="省级节能和循环经济专项资金（上限）", amount_max_yuan=rng.max_yuan)] if ok else [],
        steps=steps,
        notes=["“年节能量达一定规模”的门槛本条未写，由省级遴选重点项目时确定；金额是上限，实际由省级确定。"],
    )


# ============================================================================================ 第17条 能效水效领跑者
class BenchmarkInput(CalcInput):
    provincial_benchmark: bool = Field(
        title="是否省级能效、水效领跑者标杆企业", description="是否省级标杆企业 / provincial efficiency benchmark"
    )
    national_benchmark: bool = Field(
        title="是否国家级能效、水效领跑者标杆企业", description="是否国家级标杆企业 / national efficiency benchmark"
    )


F17 = figures("2022#17")


@calculator(name="efficiency_benchmark_provincial_2022_17", citation="2022#17", title="能效水效领跑者标杆企业省级奖励")
def efficiency_benchmark_provincial(inputs: BenchmarkInput) -> CalcResult:
    """Provincial fund: up to a sum for provincial benchmarks, up to a further sum for national ones."""
    provincial, national = F17.provincial_benchmark, F17.national_benchmark
    steps = alternatives([
        flag(inputs.provincial_benchmark, f"是省级标杆企业：最高{provincial.shown}", "不是省级标杆企业", provincial.words),
        flag(inputs.national_benchmark, f"是国家级标杆企业：最高再给予{national.shown}", "不是国家级标杆企业", national.words),
    ])
    ceiling = (provincial.yuan if inputs.provincial_benchmark else 0) + (national.yuan if inputs.national_benchmark else 0)
    ok = ceiling > 0
    parts = []
    if inputs.provincial_benchmark:
        parts.append(AwardPart(levels=["省级"], label="省级标杆企业（上限）", amount_max_yuan=provincial.yuan))
    if inputs.national_benchmark:
        parts.append(AwardPart(levels=["省级"], label="国家级标杆企业再给予（上限）", amount_max_yuan=national.yuan))
    steps.append(calc(f"合计上限 {y(ceiling)}", "一次性奖励"))
    return CalcResult(
        eligible=ok,
        amount_yuan=None if ok else 0,
        amount_max_yuan=ceiling if ok else None,
        upper_bound=ok,
        funding_levels=["省级"],
        parts=parts,
        steps=steps,
        interpretation=f"“再给予”理解为在省级标杆奖励之外另计：省级+国家级标杆合计上限{y(provincial.yuan + national.yuan)}；"
        f"只有国家级标杆的，上限{national.shown}。",
    )


class EfficiencyStarInput(CalcInput):
    national_efficiency_title: bool = Field(
        title="是否获得国家“能效之星”“能效领跑者”等称号",
        description="是否获得国家“能效之星”“能效领跑者”等能效先进称号 / national energy-efficiency title",
    )


@calculator(name="efficiency_star_municipal_2022_17", citation="2022#17", title="国家能效先进称号市级奖励50万元")
def efficiency_star_municipal(inputs: EfficiencyStarInput) -> CalcResult:
    """A fixed municipal award for each enterprise with a national energy-efficiency title."""
    star = F17.efficiency_star
    ok = inputs.national_efficiency_title
    steps = [
        flag(ok, "已获得国家能效先进称号", "未获得国家能效先进称号", "对获得国家“能效之星”“能效领跑者”等能效先进称号的企业"),
        calc(f"每家奖励 {star.shown}（市级）", star.words),
    ]
    return CalcResult(
        eligible=ok,
        amount_yuan=star.yuan if ok else 0,
        funding_levels=["市级"],
        parts=[AwardPart(levels=["市级"], label="市级节能和循环经济专项资金", amount_yuan=star.yuan)] if ok else [],
        steps=steps,
    )


# ============================================================================================ 第19条 研发经费预补助
class RdPreSubsidyInput(CalcInput):
    largest_single_project_rd_yuan: Yuan | None = Field(
        default=None,
        title="单个项目研发经费投入（元）",
        description="单项（单个项目）研发经费投入，元；不填 = 未说明 / R&D spend of the largest single project",
    )
    prior_year_rd_yuan: Yuan | None = Field(
        default=None,
        title="上年度研发经费投入（元）",
        description="企业上年度研发经费投入总额，元；不填 = 未说明 / total R&D spend last year",
    )

    @model_validator(mode="after")
    def _one_route_stated(self) -> RdPreSubsidyInput:
        if self.largest_single_project_rd_yuan is None and self.prior_year_rd_yuan is None:
            raise ValueError(
                "largest_single_project_rd_yuan, prior_year_rd_yuan: 至少填写一项（单项研发经费投入或上年度研发经费投入）"
                " / state at least one"
            )
        return self


F19 = figures("2022#19")


@calculator(
    name="rd_pre_subsidy_recommendation_2022_19",
    citation="2022#19",
    title="研发经费分段补助：推荐申请预补助",
    no_figure=True,
)
def rd_pre_subsidy_recommendation(inputs: RdPreSubsidyInput) -> CalcResult:
    """Who is recommended for R&D pre-subsidy (either test suffices); the sum is the higher level's, not stated here.

    Either figure may be left out (not stated); at least one is needed. A route whose figure is not stated is not
    checked, and a note names it."""
    single, annual_rd = inputs.largest_single_project_rd_yuan, inputs.prior_year_rd_yuan
    project_route = f"单项研发经费投入{F19.project_rd.shown}{F19.project_rd.word}（市财政垫付）"
    annual_route = f"上年度研发经费投入{F19.annual_rd.shown}{F19.annual_rd.word}（省财政垫付）"
    steps = []
    if single is not None:
        steps.append(threshold(F19.project_rd, single, "单项研发经费投入", y(single), met="→ 由市财政预拨全额垫付"))
    if annual_rd is not None:
        steps.append(threshold(F19.annual_rd, annual_rd, "上年度研发经费投入", y(annual_rd), met="→ 由省财政预拨全额垫付"))
    project = None if single is None else F19.project_rd.met_by(single)
    annual = None if annual_rd is None else F19.annual_rd.met_by(annual_rd)
    steps.append(
        calc("符合任一项即第一时间向上级推荐申请预补助，分别由市、省财政预拨经费全额垫付", "分别由市、省财政预拔经费全额垫付")
    )
    eligible = bool(project or annual)
    notes = []
    unchecked = annual_route if annual_rd is None else project_route if single is None else None
    if unchecked and not eligible:
        notes.append(
            f"未提供{'上年度研发经费投入' if annual_rd is None else '单项研发经费投入'}，未核对另一途径：{unchecked}；"
            "若该项达到，仍可获推荐。"
        )
    elif unchecked:
        notes.append(
            f"未提供{'上年度研发经费投入' if annual_rd is None else '单项研发经费投入'}，未核对另一途径：{unchecked}"
            "（不影响已符合的推荐资格，但可能另有该级财政垫付）。"
        )
    levels: list = (["市级"] if project else []) + (["省级"] if annual else [])
    return CalcResult(
        eligible=eligible,
        no_figure=True,
        decided_by="市、省财政按研发经费分段补助政策（本条只写推荐与全额垫付，不写金额）",
        funding_levels=levels,
        steps=steps,
        interpretation=f"两项条件为“或”：单项≥{F19.project_rd.shown}对应市财政垫付，上年度≥{F19.annual_rd.shown}对应省财政垫付"
        "（“分别”按顺序对应）。",
        notes=notes,
    )


# ============================================================================================ 第20条 专精特新
class SpecializedInput(CalcInput):
    newly_recognised_provincial_specialized: bool = Field(
        title="是否新认定省“专精特新”中小企业", description="是否新认定的省“专精特新”中小企业 / new provincial SRDI SME"
    )
    newly_recognised_national_little_giant: bool = Field(
        title="是否新认定国家专精特新“小巨人”企业", description="是否新认定的国家专精特新“小巨人” / new national little giant"
    )


@calculator(name="specialized_sme_award_2022_20", citation="2022#20", title="新认定专精特新企业兑现省市奖励资金", no_figure=True)
def specialized_sme_award(inputs: SpecializedInput) -> CalcResult:
    """Newly recognised 专精特新 / 小巨人 get provincial and municipal awards paid promptly; no figure here."""
    ok = inputs.newly_recognised_provincial_specialized or inputs.newly_recognised_national_little_giant
    steps = [
        flag(ok, "属于新认定的省“专精特新”中小企业或国家专精特新“小巨人”企业", "不属于新认定的专精特新企业", "对新认定的省“专精特新”中小企业和国家专精特新“小巨人”企业"),
        calc("及时兑现省市奖励资金，本条未写金额", "及时兑现省市奖励资金"),
    ]
    return CalcResult(
        eligible=ok,
        no_figure=True,
        decided_by="省、市奖励政策（区工信局负责兑现）",
        funding_levels=["省级", "市级"],
        steps=steps,
    )


# ============================================================================================ 第21条 工业互联网、两化融合
class PlatformInput(CalcInput):
    platform_type: Literal["基础赋能平台", "行业特色平台", "服务应用平台"] | None = Field(
        default=None,
        title="平台类型",
        description="工业互联网平台类型；不填 = 未说明（三类平台补助规则相同）/ platform type, optional",
    )
    platform_investment_yuan: Yuan = Field(
        title="平台建设投资额（元）", description="平台建设投资额，元 / platform construction investment"
    )


F21 = figures("2022#21")


@calculator(name="industrial_internet_platform_2022_21", citation="2022#21", title="工业互联网平台建设补助（投资额20%，最高200万元）", ceiling="platform_cap")
def industrial_internet_platform(inputs: PlatformInput) -> CalcResult:
    """A share of platform investment, up to a cap."""
    rate, cap = F21.platform_rate, F21.platform_cap
    award = share_of(inputs.platform_investment_yuan, rate, cap)
    ok = inputs.platform_investment_yuan > 0
    kind = f"属于工业互联网{inputs.platform_type}建设" if inputs.platform_type else "平台类型未说明"
    steps = [
        cond(
            f"{kind}；基础赋能平台、行业特色平台、服务应用平台三类平台适用同一补助规则（投资额{rate.shown}，"
            f"最高{cap.shown}），类型不影响金额",
            "支持工业互联网基础赋能平台、行业特色平台、服务应用平台建设",
            True,
        ),
        cond(f"平台建设投资额 {y(inputs.platform_investment_yuan)}", rate.words, ok),
        capped(f"{rate.shown} × {y(inputs.platform_investment_yuan)}", award, cap),
    ]
    return CalcResult(eligible=ok, amount_yuan=award.yuan if ok else 0, steps=steps, notes=[LEVEL_UNSTATED])


class ApplicationBenchmarkInput(CalcInput):
    selected_benchmark_or_case: bool = Field(
        title="是否入选省级以上应用标杆企业或国家级应用典型案例",
        description="是否入选省级以上应用标杆企业或国家级应用典型案例 / selected as benchmark or national case",
    )


@calculator(
    name="industrial_internet_application_2022_21",
    citation="2022#21",
    title="工业互联网应用标杆：市级30万元+区级追加5万元",
)
def industrial_internet_application(inputs: ApplicationBenchmarkInput) -> CalcResult:
    """A municipal award plus a district top-up for selected application benchmarks."""
    municipal, district = F21.application_municipal, F21.application_district
    ok = inputs.selected_benchmark_or_case
    steps = [
        flag(ok, "已入选省级以上应用标杆企业或国家级应用典型案例", "未入选", "入选省级以上应用标杆企业和国家级应用典型案例的"),
        calc(f"市级 {municipal.shown} + 区级追加 {district.shown} = {y(municipal.yuan + district.yuan)}",
             municipal.words),
    ]
    parts = [
        AwardPart(levels=["市级"], label="市级奖励", amount_yuan=municipal.yuan),
        AwardPart(levels=["区级"], label="区级追加", amount_yuan=district.yuan),
    ]
    return CalcResult(
        eligible=ok,
        amount_yuan=municipal.yuan + district.yuan if ok else 0,
        funding_levels=["市级", "区级"],
        parts=parts if ok else [],
        steps=steps,
        interpretation="“入选省级以上应用标杆企业和国家级应用典型案例的”理解为入选其一即可（“和”并列列举两类入选情形）。",
    )


class InternetProjectInput(CalcInput):
    project_investment_yuan: Yuan = Field(
        title="项目投资额（元）", description="基于互联网技术的建设项目投资额，元 / project investment"
    )


@calculator(name="internet_tech_project_2022_21", citation="2022#21", title="基于互联网技术的建设项目补助（投资额20%，最高200万元）", ceiling="project_cap")
def internet_tech_project(inputs: InternetProjectInput) -> CalcResult:
    """A share of a company's internet-based project investment, up to a cap."""
    rate, cap = F21.project_rate, F21.project_cap
    award = share_of(inputs.project_investment_yuan, rate, cap)
    ok = inputs.project_investment_yuan > 0
    steps = [
        cond(
            f"基于互联网技术的建设项目，投资额 {y(inputs.project_investment_yuan)}",
            "支持企业基于互联网技术在研发设计、生产制造、经营管理、物流配送、电子商务、售后服务、节能减排、安全生产等方面建设项目",
            ok,
        ),
        capped(f"{rate.shown} × {y(inputs.project_investment_yuan)}", award, cap),
    ]
    return CalcResult(eligible=ok, amount_yuan=award.yuan if ok else 0, steps=steps, notes=[LEVEL_UNSTATED])


class InformatizationInput(CalcInput):
    provincial_key_project: bool = Field(
        title="是否省级两化融合重点项目", description="是否省级两化融合重点项目 / provincial IT-industrialisation key project"
    )
    it_investment_3y_yuan: Yuan = Field(
        title="近三年信息化相关软硬件投资额（元）", description="近三年信息化相关软硬件投资额，元 / 3-year IT investment"
    )


@calculator(name="informatization_key_project_2022_21", citation="2022#21", title="省级两化融合重点项目补助（不超过5%，最高100万元）", ceiling="informatization_cap")
def informatization_key_project(inputs: InformatizationInput) -> CalcResult:
    """Selected projects get at most a share of 3-year IT investment, at most a sum per project: a ceiling only."""
    rate, cap = F21.informatization_rate, F21.informatization_cap
    ceiling = share_of(inputs.it_investment_3y_yuan, rate, cap)
    ok = inputs.provincial_key_project and inputs.it_investment_3y_yuan > 0
    steps = [
        flag(inputs.provincial_key_project, "是省级两化融合重点项目", "不是省级两化融合重点项目", "对省级两化融合重点项目"),
        capped(f"上限 {rate.shown} × {y(inputs.it_investment_3y_yuan)}", ceiling, cap, f"{rate.words}，{cap.words}",
               over="超过单个项目上限，按", under="≤"),
    ]
    rng = b.up_to(ceiling.exact)
    return CalcResult(
        eligible=ok,
        amount_yuan=None if ok else 0,
        amount_max_yuan=rng.max_yuan if ok else None,
        upper_bound=ok,
        steps=steps,
        notes=["“择优”：符合条件不等于必然获补，金额是上限。", LEVEL_UNSTATED],
    )


class StandardPilotInput(CalcInput):
    listed_miit_pilot: bool = Field(
        title="是否列入工信部两化融合管理体系贯标试点",
        description="是否列入工信部两化融合管理体系贯标试点 / MIIT integration-management pilot",
    )


@calculator(name="integration_standard_pilot_2022_21", citation="2022#21", title="两化融合管理体系贯标试点一次性奖励10万元")
def integration_standard_pilot(inputs: StandardPilotInput) -> CalcResult:
    """A fixed one-off award for MIIT integration-management pilot enterprises."""
    ok, award = inputs.listed_miit_pilot, F21.pilot_award
    steps = [
        flag(ok, "已列入贯标试点", "未列入贯标试点", "对列入工信部两化融合管理体系贯标试点的企业"),
        calc(f"一次性奖励 {award.shown}", award.words),
    ]
    return CalcResult(eligible=ok, amount_yuan=award.yuan if ok else 0, steps=steps, notes=[LEVEL_UNSTATED])


class AppSolutionInput(CalcInput):
    recognised_app_solution: bool = Field(
        title="是否入选工业互联网APP优秀解决方案", description="是否入选工业互联网APP优秀解决方案 / recognised app solution"
    )


@calculator(name="industrial_app_solution_2022_21", citation="2022#21", title="工业互联网APP优秀解决方案省级奖励15万元")
def industrial_app_solution(inputs: AppSolutionInput) -> CalcResult:
    """A fixed provincial award for an outstanding industrial-internet app solution."""
    ok, award = inputs.recognised_app_solution, F21.app_solution_award
    steps = [
        flag(ok, "入选工业互联网APP优秀解决方案", "未入选", "支持工业互联网APP优秀解决方案"),
        calc(f"省级财政 {award.shown}", award.words),
    ]
    return CalcResult(
        eligible=ok,
        amount_yuan=award.yuan if ok else 0,
        funding_levels=["省级"],
        parts=[AwardPart(levels=["省级"], label="省级财政", amount_yuan=award.yuan)] if ok else [],
        steps=steps,
    )


# ============================================================================================ 第22条 国家基金
class NationalFundInput(CalcInput):
    received_national_fund_investment: bool = Field(
        title="是否获得国家制造业转型升级基金、中小企业发展基金或其一级子基金股权投资",
        description="是否获得国家制造业转型升级基金、中小企业发展基金或其一级子基金股权投资 / national fund equity",
    )


@calculator(name="national_fund_investment_2022_22", citation="2022#22", title="获国家基金股权投资落实省级财政奖励", no_figure=True)
def national_fund_investment(inputs: NationalFundInput) -> CalcResult:
    """Enterprises backed by national funds get the provincial award; the clause states no figure."""
    ok = inputs.received_national_fund_investment
    steps = [
        flag(ok, "已获得国家基金或其一级子基金股权投资", "未获得国家基金股权投资", "对获得国家制造业转型升级基金、中小企业发展基金或其一级子基金股权投资支持的"),
        calc("严格落实省级财政资金奖励，本条未写金额", "严格落实省级财政资金奖励"),
    ]
    return CalcResult(
        eligible=ok, no_figure=True, decided_by="省级财政奖励政策", funding_levels=["省级"], steps=steps
    )


# ============================================================================================ 第23条 技术中心、5G开办补助
class TechCentreInput(CalcInput):
    new_national_centre: bool = Field(
        title="是否新认定国家级企业技术中心", description="新认定国家级企业技术中心 / new national centre"
    )
    new_provincial_centre: bool = Field(
        title="是否新认定省级企业技术中心", description="新认定省级企业技术中心 / new provincial centre"
    )
    new_municipal_centre: bool = Field(
        title="是否新认定市级企业技术中心", description="新认定市级企业技术中心 / new municipal centre"
    )


F23 = figures("2022#23")


@calculator(name="enterprise_tech_centre_2022_23", citation="2022#23", title="新认定企业技术中心奖励（200/70/30万元，可重复享受）")
def enterprise_tech_centre(inputs: TechCentreInput) -> CalcResult:
    """A fixed award per newly recognised national, provincial or municipal centre; the clause lets them add up."""
    rows = [
        (inputs.new_national_centre, "国家级", F23.national_centre),
        (inputs.new_provincial_centre, "省级", F23.provincial_centre),
        (inputs.new_municipal_centre, "市级", F23.municipal_centre),
    ]
    steps = alternatives([
        flag(got, f"新认定{label}企业技术中心：{award.shown}", f"未新认定{label}企业技术中心", award.words)
        for got, label, award in rows
    ])
    total = sum(award.yuan for got, _, award in rows if got)
    steps.append(calc(f"可重复享受，合计 {y(total)}", "上述奖励可重复享受"))
    return CalcResult(
        eligible=total > 0,
        amount_yuan=total,
        steps=steps,
        notes=["“国家级/省级/市级”是技术中心的认定级别，不是付款的财政层级。", LEVEL_UNSTATED],
    )


class FiveGInput(CalcInput):
    does_5g_rd: bool = Field(
        title="是否国内从事5G相关产品研发的企业", description="是否国内从事5G相关产品研发的企业 / domestic 5G R&D company"
    )
    registered_or_branch_in_changle: bool = Field(
        title="是否在长乐区注册或设立研发中心、分支机构",
        description="是否在长乐区注册，或在长乐区以子公司形式设立研发中心或分支机构 / registered or branch in Changle",
    )
    paid_in_capital_yuan: Yuan = Field(title="实缴注册资本（元）", description="实缴注册资本，元 / paid-in registered capital")


@calculator(name="five_g_startup_subsidy_2022_23", citation="2022#23", title="5G研发企业开办补助200万元（市财政）")
def five_g_startup_subsidy(inputs: FiveGInput) -> CalcResult:
    """A one-off municipal start-up subsidy for 5G R&D firms with enough paid-in capital."""
    award = F23.five_g_award
    steps = [
        flag(inputs.does_5g_rd, "从事5G相关产品研发", "不从事5G相关产品研发", "国内从事5G相关产品研发的企业"),
        flag(
            inputs.registered_or_branch_in_changle, "在长乐区注册或设立研发中心、分支机构", "未在长乐区注册或设立机构",
            "在长乐区注册或在长乐区以子公司形式设立研发中心或分支机构",
        ),
        threshold(F23.five_g_capital, inputs.paid_in_capital_yuan, "实缴注册资本", y(inputs.paid_in_capital_yuan)),
        calc(f"市财政一次性 {award.shown}", award.words),
    ]
    ok = decide(steps)
    return CalcResult(
        eligible=ok,
        amount_yuan=award.yuan if ok else 0,
        funding_levels=["市级"],
        parts=[AwardPart(levels=["市级"], label="市财政开办补助", amount_yuan=award.yuan)] if ok else [],
        steps=steps,
    )


# ============================================================================================ 第24条 揭榜挂帅、产学研
class UnveilingInput(CalcInput):
    selected_project: bool = Field(
        title="是否列入实施的“揭榜挂帅”项目", description="是否列入年度实施的“揭榜挂帅”项目 / selected unveiling project"
    )


F24 = figures("2022#24")


@calculator(name="unveiling_project_2022_24", citation="2022#24", title="“揭榜挂帅”项目资金支持（最高300万元）", ceiling="unveiling_max")
def unveiling_project(inputs: UnveilingInput) -> CalcResult:
    """Up to a ceiling per 揭榜挂帅 project."""
    ok, ceiling = inputs.selected_project, F24.unveiling_max
    steps = [
        flag(ok, "已列入实施的“揭榜挂帅”项目", "未列入“揭榜挂帅”项目", "每年实施“揭榜挂帅”项目1-3个"),
        calc(f"每个项目最高 {ceiling.shown}", ceiling.words),
    ]
    return CalcResult(
        eligible=ok,
        amount_yuan=None if ok else 0,
        amount_max_yuan=ceiling.yuan if ok else None,
        upper_bound=ok,
        steps=steps,
        notes=[LEVEL_UNSTATED],
    )


class JointRdInput(CalcInput):
    industrialised_joint_project: bool = Field(
        title="是否已实现产业化的联合开发项目", description="是否已实现产业化的联合开发项目 / industrialised joint R&D project"
    )
    payments_to_institutes_yuan: Yuan = Field(
        title="支付给高校、科研院所的技术开发合作费用（元）",
        description="企业支付给高等院校、科研院所的技术开发合作费用，元 / payments to universities and institutes",
    )
    # the payment's name already says whom it went to; only a partner said to be something else (a design company)
    # decides the other way
    partner_is_institute: bool | None = Field(
        default=None, title="合作方是否高等院校、科研院所",
        description="合作方是否高等院校、科研院所；只有说明是其他单位时才影响结果 / partner is a university or institute",
    )


@calculator(name="joint_rd_subsidy_2022_24", citation="2022#24", title="产学研联合开发项目市级补助（支付额50%，最高50万元）", ceiling="joint_cap")
def joint_rd_subsidy(inputs: JointRdInput) -> CalcResult:
    """A share of enough payments to universities/institutes, up to a cap per enterprise (municipal)."""
    paid = inputs.payments_to_institutes_yuan
    rate, cap = F24.joint_rate, F24.joint_cap
    award = share_of(paid, rate, cap)
    steps = [
        flag(inputs.industrialised_joint_project, "已实现产业化的联合开发项目", "联合开发项目尚未实现产业化", "对已实现产业化的联合开发项目"),
        *([] if inputs.partner_is_institute is not False else [
            cond("合作方不是高等院校、科研院所", "企业支付给高等院校、科研院所的技术开发合作费用", False)]),
        threshold(F24.joint_payments, paid, "技术开发合作费用", y(paid)),
        capped(f"{rate.shown} × {y(paid)}", award, cap, f"{rate.words}，{cap.words}"),
    ]
    ok = decide(steps)
    amount = award.yuan if ok else 0
    return CalcResult(
        eligible=ok,
        amount_yuan=amount,
        funding_levels=["市级"],
        parts=[AwardPart(levels=["市级"], label="市级财政", amount_yuan=amount)] if ok else [],
        steps=steps,
    )


class ProvincialKeyTechInput(CalcInput):
    meets_provincial_key_tech_conditions: bool = Field(
        title="是否符合省级技术创新重点攻关及产业化项目条件",
        description="是否为符合条件的省级技术创新重点攻关及产业化项目 / provincial key tech project",
    )


@calculator(name="provincial_key_tech_project_2022_24", citation="2022#24", title="省级技术创新重点攻关项目争取省级奖励", no_figure=True)
def provincial_key_tech_project(inputs: ProvincialKeyTechInput) -> CalcResult:
    """The district seeks provincial awards for qualifying key-tech projects; no figure."""
    ok = inputs.meets_provincial_key_tech_conditions
    steps = [
        flag(ok, "符合省级技术创新重点攻关及产业化项目条件", "不符合条件", "对符合条件的项目积极为其争取省级奖励资金")
    ]
    return CalcResult(eligible=ok, no_figure=True, decided_by="省级（区里“积极争取”）", funding_levels=["省级"], steps=steps)


# ============================================================================================ 第30条 上云上平台
class CloudDeviceInput(CalcInput):
    new_devices_count: Count = Field(
        title="新增“上平台”工业设备台（套）数", description="新增上平台的工业设备台（套）数 / newly connected devices"
    )
    # "在市级奖补的基础上" says what the district money is added to (docs/conventions.md reading 10): it is not a
    # condition the asker must state, but a municipal award the user says was refused or never granted leaves
    # nothing to add to.
    received_municipal_award: bool | None = Field(
        default=None, title="这些设备是否已获市级奖补",
        description="新增上平台设备是否已获市级奖补；只有说明未获时才影响结果 / municipal award received (False only when said)",
    )


F30 = figures("2022#30")


@calculator(name="cloud_device_award_2022_30", citation="2022#30", title="工业设备“上平台”区级追加奖补（每台1000元，最高5万元）", ceiling="cap")
def cloud_device_award(inputs: CloudDeviceInput) -> CalcResult:
    """District top-up per newly connected device on top of the municipal award, up to a cap per enterprise."""
    n = inputs.new_devices_count
    each, cap = F30.per_device, F30.cap
    award = per_unit(each, n, cap)
    steps = [
        cond(f"新增上平台工业设备 {n} 台（套）", "对新增的工业设备“上平台”", n > 0),
        calc("区级资金在市级奖补的基础上追加", "在市级奖补的基础上")
        if inputs.received_municipal_award is None
        else flag(inputs.received_municipal_award, "已获市级奖补", "未获市级奖补（区级是“追加”，以市级奖补为基础）",
                  "在市级奖补的基础上"),
        capped(f"{each.shown} × {n}", award, cap, f"{each.words}，{cap.words}", over="超过单家企业上限，按"),
    ]
    ok = decide(steps)
    amount = award.yuan if ok else 0
    return CalcResult(
        eligible=ok,
        amount_yuan=amount,
        funding_levels=["区级"],
        parts=[AwardPart(levels=["区级"], label="区级追加奖补", amount_yuan=amount)] if ok else [],
        steps=steps,
        interpretation=f"“追加”是在市级奖补基础上另给的区级资金；“{cap.words}”按企业累计计。",
        notes=["同个企业同时开展多类型“上云上平台”的，可叠加享受。"],
    )


class CloudSoftwareInput(CalcInput):
    uses_cloud_software_or_resources: bool = Field(
        title="核心业务是否使用云化工业软件或计算、存储、网络、安全资源服务",
        description="核心业务使用云化工业软件及工具，或使用计算、存储、网络、安全防护资源服务 / uses cloud software or resources",
    )


@calculator(name="cloud_software_municipal_2022_30", citation="2022#30", title="使用云化工业软件、云资源服务申报市级奖补", no_figure=True)
def cloud_software_municipal(inputs: CloudSoftwareInput) -> CalcResult:
    """The district helps apply for municipal awards; no figure in the clause."""
    ok = inputs.uses_cloud_software_or_resources
    steps = [
        flag(ok, "核心业务使用云化工业软件或云资源服务", "未使用", "对核心业务使用云化工业软件及工具的工业企业以及使用计算资源服务、存储资源服务、网络资源、安全防护服务的工业企业"),
        calc("积极为其申报市级奖补资金，本条未写金额", "积极为其申报市级奖补资金"),
    ]
    return CalcResult(eligible=ok, no_figure=True, decided_by="市级奖补政策", funding_levels=["市级"], steps=steps)


# ============================================================================================ 第36条 外资
F36 = figures("2022#36")


class ForeignInvestmentInput(CalcInput):
    new_or_capital_increase: bool = Field(
        title="是否新设（含增资）外资企业", description="是否新设（含增资）外资企业 / new or capital-increasing FIE"
    )
    industry: Literal["房地产业", "金融业", "其他"] = Field(
        title="所属行业", description="所属行业：房地产业、金融业或其他 / industry"
    )
    actual_paid_in_usd: Usd | None = Field(
        default=None, title="实际到资（美元）",
        description="实际到资金额，美元；房地产业、金融业已被排除时可不填 / actual paid-in capital, USD",
    )

    @model_validator(mode="after")
    def _paid_in_needed(self) -> ForeignInvestmentInput:
        if self.actual_paid_in_usd is None and self.industry == "其他" and self.new_or_capital_increase:
            raise ValueError(f"actual_paid_in_usd: 需填写实际到资金额（美元）才能判断是否达{F36.paid_in.shown} / required")
        return self


@calculator(name="foreign_investment_2022_36", citation="2022#36", title="新设（含增资）外资企业实际到资500万美元以上落实省市政策", no_figure=True)
def foreign_investment(inputs: ForeignInvestmentInput) -> CalcResult:
    """FIEs (not real estate or finance) with enough capital paid in get the provincial/municipal policies; no figure."""
    paid, least = inputs.actual_paid_in_usd, F36.paid_in
    industry_ok = inputs.industry == "其他"
    steps = [
        flag(inputs.new_or_capital_increase, "是新设（含增资）外资企业", "不是新设或增资外资企业", "对新设（含增资）外资企业"),
        cond(
            f"所属行业：{inputs.industry}" + ("" if industry_ok else "，被排除"),
            "不含房地产业、金融业",
            industry_ok,
        ),
        cond("未提供实际到资金额（已因其他条件不符，无需判断）", least.words, None) if paid is None
        else threshold(least, paid, "实际到资", f"{paid:,} 美元"),
        calc("落实省市稳外资工作优惠政策，本条未写金额", "落实省市稳外资工作优惠政策"),
    ]
    return CalcResult(
        eligible=decide(steps),
        no_figure=True,
        decided_by="省、市稳外资工作优惠政策（区发改局、商务局、财政局落实）",
        funding_levels=["省级", "市级"],
        steps=steps,
    )


# ============================================================================================ 第38条 外资物流、服务型制造、工业设计
class ForeignLogisticsInput(CalcInput):
    is_foreign_invested: bool = Field(title="是否外资企业", description="是否外资企业 / foreign-invested")
    category: Literal[
        "国家4A级物流企业", "国家5A级物流企业", "国家级服务型制造示范", "国家级工业设计中心", "其他"
    ] = Field(title="称号类别", description="获评的国家级称号类别 / national designation")


@calculator(name="foreign_logistics_design_2022_38", citation="2022#38", title="外资4A/5A物流、国家级服务型制造示范、工业设计中心争取奖励", no_figure=True)
def foreign_logistics_design(inputs: ForeignLogisticsInput) -> CalcResult:
    """The district seeks provincial, municipal and district awards for them; the clause states no figure."""
    cat_ok = inputs.category != "其他"
    steps = [
        flag(inputs.is_foreign_invested, "是外资企业", "不是外资企业", "引导和支持外资物流、服务型制造、工业设计企业来航投资"),
        cond(
            f"称号：{inputs.category}",
            "对被评为国家 4A、5A级的外资物流企业，或国家级服务型制造示范及国家级工业设计中心",
            cat_ok,
        ),
        calc("积极为其争取省市区级奖励资金，本条未写金额", "积极为其争取省市区级奖励资金"),
    ]
    return CalcResult(
        eligible=decide(steps),
        no_figure=True,
        decided_by="省、市、区各级奖励政策（区工信局、商务局争取）",
        funding_levels=["省级", "市级", "区级"],
        steps=steps,
    )


# ============================================================================================ 第51条 产融对接、应收账款融资
class MatchmakingInput(CalcInput):
    is_organiser: bool = Field(title="是否牵头组织单位", description="是否该场对接活动的牵头组织单位 / lead organiser")
    enterprises_count: Count = Field(
        title="参会企业数（家）", description="每场参会企业数（计入的每一场均适用）/ enterprises attending each event counted"
    )
    bank_institutions_count: Count = Field(
        title="参会银行金融机构数（家）",
        description="每场参会银行金融机构数（计入的每一场均适用）/ banks attending each event counted",
    )
    events_count: Count = Field(
        default=1,
        title="举办场次（场）",
        description="牵头组织、且每场参会企业30家以上、银行金融机构5家以上的对接活动场次；默认1场 / qualifying events held",
    )


F51 = figures("2022#51")


@calculator(name="matchmaking_event_2022_51", citation="2022#51", title="政银企对接活动牵头组织单位奖励（每场5万元）")
def matchmaking_event(inputs: MatchmakingInput) -> CalcResult:
    """A fixed sum per event × events held, to the organiser, if each had enough enterprises and banks (municipal
    allocation)."""
    n = inputs.events_count
    firms, banks, each = F51.enterprises, F51.banks, F51.event_award
    steps = [
        flag(inputs.is_organiser, "是牵头组织单位", "不是牵头组织单位", "对牵头组织开展产融合作政银企对接活动"),
        threshold(firms, inputs.enterprises_count, "每场参会企业", f"{inputs.enterprises_count} 家"),
        threshold(banks, inputs.bank_institutions_count, "每场银行金融机构", f"{inputs.bank_institutions_count} 家"),
        cond(
            f"计入场次 {n} 场" + ("（每场参会规模按上述人数计）" if n else "，没有举办符合条件的场次"),
            "每场次给予牵头组织单位一次性奖励5万元",
            n > 0,
        ),
    ]
    ok = decide(steps)
    total = each.yuan * n
    steps.append(calc(f"每场次 {each.shown} × {n} 场 = {y(total)}（市级分配资金）", each.words))
    return CalcResult(
        eligible=ok,
        amount_yuan=total if ok else 0,
        funding_levels=["市级"],
        parts=[AwardPart(levels=["市级"], label=f"市级分配资金（每场次{each.shown} × {n} 场）", amount_yuan=total)]
        if ok else [],
        steps=steps,
        notes=[f"参会企业数、银行金融机构数对计入的每一场都适用；各场规模不同的，只计达到“企业{firms.shown}{firms.word}、"
               f"银行{banks.shown}{banks.word}”的场次。"],
    )


class ReceivablesInput(CalcInput):
    is_large_or_core_enterprise: bool = Field(
        title="是否辖区大型企业或供应链核心企业", description="是否辖区大型企业或供应链核心企业 / large or core enterprise"
    )
    via_qualified_platform: bool = Field(
        title="是否通过中征应收账款融资服务平台或银行自建供应链融资平台",
        description="是否通过“中征应收账款融资服务平台”或银行业金融机构自建的供应链融资平台 / via qualified platform",
    )
    annualised_financing_yuan: Yuan = Field(
        title="年化融资金额（元）", description="帮助中小企业开展应收账款融资的年化融资金额，元 / annualised financing"
    )


@calculator(name="receivables_financing_2022_51", citation="2022#51", title="核心企业帮助中小企业应收账款融资奖励（不超过1%，最高200万元）", ceiling="receivables_cap")
def receivables_financing(inputs: ReceivablesInput) -> CalcResult:
    """At most a share of annualised financing, at most a cap, from the municipal allocation: a ceiling only."""
    rate, cap = F51.receivables_rate, F51.receivables_cap
    ceiling = share_of(inputs.annualised_financing_yuan, rate, cap)
    steps = [
        flag(inputs.is_large_or_core_enterprise, "是辖区大型企业或供应链核心企业", "不是大型企业或核心企业", "鼓励辖区大型企业或供应链的核心企业"),
        flag(inputs.via_qualified_platform, "通过规定平台开展", "未通过规定平台", "通过“中征应收账款融资服务平台”（或银行业金融机构自建的供应链融资平台）"),
        cond(f"年化融资金额 {y(inputs.annualised_financing_yuan)}", "帮助我区中小企业开展应收账款融资", inputs.annualised_financing_yuan > 0),
        cond("“符合条件的核心企业”：其余条件本条未写，无法判断", "对符合条件的核心企业", None),
        capped(f"上限 {rate.shown} × {y(inputs.annualised_financing_yuan)}", ceiling, cap, under="≤"),
    ]
    ok = decide(steps)
    rng = b.up_to(ceiling.exact)
    return CalcResult(
        eligible=ok,
        amount_yuan=0 if ok is False else None,
        amount_max_yuan=None if ok is False else rng.max_yuan,
        upper_bound=ok is not False,
        funding_levels=["市级"],
        parts=[] if ok is False else [AwardPart(levels=["市级"], label="市级分配资金（上限）", amount_max_yuan=rng.max_yuan)],
        steps=steps,
        interpretation="“对符合条件的核心企业”还有本条未写明的条件，所以即使所列条件都满足，也只能说“无法判断是否符合条件”；金额只有上限。",
        notes=["应收账款融资试点奖励另按申报通知“及时兑现”，本条未写金额。"],
    )


# ============================================================================================ 第45条 续贷
class LoanRenewalInput(CalcInput):
    good_credit_record: bool = Field(title="是否日常征信良好", description="日常征信是否良好 / good everyday credit record")
    hit_by_epidemic: bool = Field(title="是否确受疫情影响", description="是否确受疫情影响 / genuinely affected by the epidemic")


@calculator(name="loan_renewal_2022_45", citation="2022#45", title="征信良好、确受疫情影响的市场主体按正常续贷业务办理", no_figure=True)
def loan_renewal(inputs: LoanRenewalInput) -> CalcResult:
    """A treatment, not money: banks renew such a market participant's loans as ordinary renewals."""
    return treatment(
        [flag(inputs.good_credit_record, "日常征信良好", "日常征信不良", "对日常征信良好"),
         flag(inputs.hit_by_epidemic, "确受疫情影响", "未受疫情影响", "确受疫情影响的市场主体")],
        "按正常续贷业务办理，应续尽续、能续快续，不得盲目惜贷、抽贷、断贷、压贷",
        "按正常续贷业务办理，切实做到应续尽续、能续快续，不得盲目惜贷、抽贷、断贷、压贷",
        decided_by="辖区银行业金融机构（按正常续贷业务办理，不是奖补）",
    )


# ============================================================================================ 第46条 政府性融资担保
class GovernmentGuaranteeInput(CalcInput):
    small_or_agricultural: bool = Field(
        title="是否中小微企业或“三农”主体", description="是否中小微企业或“三农”主体 / SME or agricultural entity"
    )
    government_guarantor: bool = Field(
        title="是否由区政府性融资担保机构担保", description="贷款是否由区政府性融资担保机构担保 / guaranteed by the district's public guarantor"
    )


@calculator(name="government_guarantee_2022_46", citation="2022#46", title="区政府性融资担保：取消反担保、担保费减免", no_figure=True)
def government_guarantee(inputs: GovernmentGuaranteeInput) -> CalcResult:
    """A treatment, not money: the district's public guarantor asks no counter-guarantee; fee waivers are a district
    target (2亿 of guaranteed loans), not a quota per enterprise."""
    return treatment(
        [flag(inputs.small_or_agricultural, "是中小微企业或“三农”主体", "不是中小微企业或“三农”主体", "为中小微企业和“三农”主体贷款担保"),
         flag(inputs.government_guarantor, "由区政府性融资担保机构担保", "不是区政府性融资担保机构担保", "进一步完善区政府性担保机构运行机制")],
        "取消反担保；“免收担保费”是全区2亿元贷款担保的年度目标，不是单家企业的额度",
        "力争2022年为中小微企业和“三农”主体贷款担保2亿元免收担保费，融资担保放大倍数超过6倍，取消反担保",
        decided_by="区政府性融资担保机构（取消反担保，不是奖补）",
    )


# ============================================================================================ 第53条 产业用地供应方式
class LandSupplyInput(CalcInput):
    industrial_land: bool = Field(title="是否产业（工业）用地", description="所说的用地是否产业（工业）用地 / industrial land")


@calculator(name="flexible_land_supply_2022_53", citation="2022#53", title="长期租赁、先租后让、弹性年期供应产业用地", no_figure=True)
def flexible_land_supply(inputs: LandSupplyInput) -> CalcResult:
    """A way of supplying land the district encourages, not money."""
    return treatment(
        [flag(inputs.industrial_land, "是产业用地", "不是产业用地", "供应产业用地")],
        "鼓励采用长期租赁、先租后让、弹性年期供应等方式供应产业用地", "鼓励采用长期租赁、先租后让、弹性年期供应等方式供应产业用地",
        decided_by="区资源规划局、土发中心（供地方式，不是奖补）",
    )


# ============================================================================================ 第54条 提高容积率不增收地价
class PlotRatioInput(CalcInput):
    complies_with_planning_and_safety: bool = Field(
        title="是否符合规划和安全要求", description="是否符合规划和安全要求 / complies with planning and safety"
    )
    use_unchanged: bool = Field(title="是否不改变用途", description="是否不改变土地用途 / land use unchanged")
    in_park: bool = Field(title="是否园区内工业企业", description="是否园区内的工业企业 / industrial enterprise in a park")
    meets_access_and_tax_requirements: bool = Field(
        title="是否具备准入条件和税收要求", description="是否具备准入条件和税收要求 / meets access and tax requirements"
    )
    on_original_land: bool = Field(
        title="是否在原有建设用地上新建、扩建、拆建或组合方式升级改造",
        description="是否在原有建设用地上通过新建、扩建、拆建或其组合进行厂房升级改造 / rebuild on own existing land",
    )
    increases_plot_ratio: bool = Field(
        title="是否增加用地容积率", description="改造是否增加用地容积率 / raises plot ratio"
    )


@calculator(name="plot_ratio_no_extra_land_price_2022_54", citation="2022#54", title="厂房升级改造增加容积率不再增收土地价款", no_figure=True)
def plot_ratio_no_extra_land_price(inputs: PlotRatioInput) -> CalcResult:
    """When raising plot ratio on own industrial land does not trigger an extra land price."""
    steps = [
        flag(inputs.complies_with_planning_and_safety, "符合规划和安全要求", "不符合规划和安全要求", "在符合规划和安全要求"),
        flag(inputs.use_unchanged, "不改变用途", "改变了用途", "不改变用途的前提下"),
        flag(inputs.in_park, "是园区内工业企业", "不在园区内", "园区内"),
        flag(inputs.meets_access_and_tax_requirements, "具备准入条件和税收要求", "不具备准入条件或税收要求", "具备准入条件和税收要求的工业企业"),
        flag(
            inputs.on_original_land, "在原有建设用地上通过新建、扩建、拆建或组合方式改造", "不是在原有建设用地上改造",
            "可在原有建设用地上通过新建、扩建、拆建或三种方式组合的路径进行厂房升级改造",
        ),
        flag(inputs.increases_plot_ratio, "增加用地容积率", "未增加容积率（本条不涉及）", "适当增加用地容积率的"),
    ]
    ok = decide(steps)
    steps.append(flag(ok, "不再增收土地价款", "不适用", "不再增收土地价款"))
    return CalcResult(
        eligible=ok,
        no_figure=True,
        decided_by="区资源规划局（免增收的地价款按评估，不是奖补）",
        steps=steps,
        notes=["“适当增加”的幅度本条未写，由区资源规划局按规划审批确定。", "“税收要求”的具体标准本条未写。"],
    )


# ============================================================================================ 第55条 配套设施用地比例
class FacilitiesInput(CalcInput):
    in_industrial_park: bool = Field(
        title="是否工业（产业）园区中的工业项目", description="是否工业（产业）园区中的工业项目 / industrial project in a park"
    )
    complies_with_spatial_planning: bool = Field(
        title="是否符合国土空间规划、用途管制和安全要求",
        description="是否符合国土空间规划、用途管制和安全要求 / complies with spatial planning",
    )
    approved: bool = Field(title="是否已报经批准", description="提高比例是否已报经批准 / approved")
    # Each share has its own ceiling: a plan asked about one of them ("配套用地想占到12%") is judged on that one, and
    # the answer names the other's ceiling; at least one is needed.
    facilities_land_share_pct: SharePct | None = Field(
        default=None,
        title="配套设施用地面积占项目总用地面积比例（%）",
        description="行政办公及生活服务设施用地面积占项目总用地面积的比例，% / facilities land share in percent",
    )
    facilities_floor_share_pct: SharePct | None = Field(
        default=None,
        title="配套设施建筑面积占比（%）",
        description="行政办公及生活服务设施建筑面积占比，% / facilities floor-area share in percent",
    )
    extra_used_for_dormitory_rental: bool = Field(
        title="提高部分是否全部用于宿舍型保障性租赁住房",
        description="提高部分是否全部用于建设宿舍型保障性租赁住房 / raised part all used for dormitory rental housing",
    )

    @model_validator(mode="after")
    def _one_share(self) -> FacilitiesInput:
        if self.facilities_land_share_pct is None and self.facilities_floor_share_pct is None:
            raise ValueError("facilities_land_share_pct: 用地面积占比或建筑面积占比至少给出一项 (expected a percent 0–100)")
        return self


F55 = figures("2022#55")


@calculator(name="supporting_facilities_ratio_2022_55", citation="2022#55", title="园区工业项目配套设施用地、建筑面积比例上限", no_figure=True)
def supporting_facilities_ratio(inputs: FacilitiesInput) -> CalcResult:
    """Whether a project's office/living-facility shares fit the raised ceilings (land share raised, floor-area share
    capped)."""
    land, floor = inputs.facilities_land_share_pct, inputs.facilities_floor_share_pct
    before, raised, floor_cap = F55.land_before, F55.land_raised, F55.floor_raised
    land_words, floor_words = raised.words, floor_cap.words
    steps = [
        flag(inputs.complies_with_spatial_planning, "符合国土空间规划、用途管制和安全要求", "不符合", "在符合国土空间规划、用途管制和安全要求的前提下"),
        flag(inputs.in_industrial_park, "是工业（产业）园区中的工业项目", "不是园区工业项目", "工业（产业）园区中工业项目配套建设行政办公及生活服务设施"),
    ]
    if land is None:
        steps.append(calc(f"用地面积占比未说明（原上限{before.shown}，报经批准后可提高到{raised.shown}）", land_words))
    elif before.met_by(land):
        steps.append(cond(f"用地面积占比 {land}% ≤ 原上限 {before.shown}", land_words, True))
    elif raised.met_by(land):
        steps.append(cond(f"用地面积占比 {land}% 超过原上限 {before.shown}、≤ 提高后上限 {raised.shown}（上限含本数）",
                          land_words, True))
    else:
        steps.append(cond(f"用地面积占比 {land}% > 提高后上限 {raised.shown}", land_words, False))
    floor_ok = floor is None or floor_cap.met_by(floor)
    if floor is None:
        steps.append(calc(f"建筑面积占比未说明（报经批准后上限{floor_cap.shown}）", floor_words))
    elif not floor_ok:
        steps.append(cond(f"建筑面积占比 {floor}% > 提高后上限 {floor_cap.shown}", floor_words, False))
    elif inputs.approved:
        steps.append(cond(f"建筑面积占比 {floor}% ≤ 提高后上限 {floor_cap.shown}（上限含本数）", floor_words, True))
    else:
        steps.append(
            cond(
                f"建筑面积占比 {floor}% ≤ {floor_cap.shown}，但未报经批准；本条未写原建筑面积占比上限，无法判断是否超出原上限",
                floor_words,
                None,
            )
        )
    # a land share above the old 7% uses the raise; a floor share alone (its old ceiling unwritten) uses it when
    # the plan is approved for it, as the asker says
    uses_raise = (land is not None and not before.met_by(land)) or (land is None and floor is not None and inputs.approved)
    if uses_raise:
        steps.append(flag(inputs.approved, "已报经批准", "未报经批准，不能适用提高后的比例", "报经批准后"))
        steps.append(
            flag(
                inputs.extra_used_for_dormitory_rental, "提高部分全部用于宿舍型保障性租赁住房", "提高部分未全部用于宿舍型保障性租赁住房",
                "提高部分全部用于建设宿舍型保障性租赁住房",
            )
        )
    elif inputs.approved and floor_ok:
        # Land within the old 7%: an increase is used only if the floor share is above the old floor-area
        # ceiling, which this clause does not state. The dormitory condition binds only an increase.
        steps.append(
            cond(
                "提高部分全部用于宿舍型保障性租赁住房（已满足）"
                if inputs.extra_used_for_dormitory_rental
                else f"用地占比未超过原上限{before.shown}；建筑面积占比只有超出原上限才算用了“提高部分”，须全部用于宿舍型保障性租赁住房，"
                "本条未写原上限，无法判断是否用了提高部分",
                "提高部分全部用于建设宿舍型保障性租赁住房",
                True if inputs.extra_used_for_dormitory_rental else None,
            )
        )
    return CalcResult(
        eligible=decide(steps),
        no_figure=True,
        decided_by="区资源规划局、住建局（报经批准；本条是用地比例，不是奖补）",
        steps=steps,
        interpretation=(
            f"“上限”含本数：用地占比恰为{raised.shown}、建筑面积占比恰为{floor_cap.shown}仍符合。用地占比超过{before.shown}即使用了"
            "“提高部分”，须报经批准且提高部分全部用于宿舍型保障性租赁住房；"
            "没有用提高部分的，宿舍要求不适用。"
            "本条未写原建筑面积占比上限，未报批时建筑面积占比是否合规无法判断。"
        ),
    )


# ============================================================================================ 第57条 能耗总量
class EnergyTotalInput(CalcInput):
    new_renewable_or_feedstock: bool = Field(
        title="是否新增可再生能源或原料用能消费", description="所说的是否新增可再生能源或原料用能消费 / new renewable or feedstock energy use"
    )


@calculator(name="renewable_outside_energy_cap_2022_57", citation="2022#57", title="新增可再生能源和原料用能消费不纳入能源消费总量控制", no_figure=True)
def renewable_outside_energy_cap(inputs: EnergyTotalInput) -> CalcResult:
    """A treatment, not money: new renewable and feedstock energy use is left out of the total energy-use control."""
    return treatment(
        [flag(inputs.new_renewable_or_feedstock, "是新增可再生能源或原料用能消费", "不是新增可再生能源或原料用能消费",
              "落实新增可再生能源和原料用能消费不纳入能源消费总量控制政策")],
        "不纳入能源消费总量控制", "不纳入能源消费总量控制政策",
        decided_by="区生态环境局、工信局（能耗总量核算，不是奖补）",
    )


# ============================================================================================ 第59条 用工服务奖补
class RecruitmentServiceInput(CalcInput):
    recipient_type: Literal["社会机构", "人力资源服务机构", "个人"] | None = Field(
        default=None,
        title="引进劳动力的主体",
        description="社会机构、人力资源服务机构或个人；不填 = 未说明（三者标准相同）/ who brought the workers, optional",
    )
    employer_is_key_industrial_enterprise: bool = Field(
        title="用工企业是否重点工业企业", description="用工企业是否重点工业企业 / employer is a key industrial enterprise"
    )
    workers_introduced: Count = Field(title="引进劳动力人数", description="为重点工业企业引进的劳动力人数 / workers introduced")


F59 = figures("2022#59")


@calculator(
    name="recruitment_service_award_2022_59",
    citation="2022#59",
    title="为重点工业企业引进劳动力一次性用工服务奖补（300至600元）",
    matter="引进劳动力（引工）奖励",
)
def recruitment_service_award(inputs: RecruitmentServiceInput) -> CalcResult:
    """A range per worker introduced to a key industrial enterprise; the point in the range is decided by the payer."""
    n = inputs.workers_introduced
    low, high = F59.low, F59.high
    per_head = f"{fmt_number(low.value)}至{high.shown}"
    steps = [
        cond(
            (f"引进主体：{inputs.recipient_type}" if inputs.recipient_type else "引进主体未说明")
            + f"；社会机构、人力资源服务机构、个人适用同一标准（每人{per_head}），主体类别不影响金额",
            "鼓励各类社会机构、人力资源服务机构、个人",
            True,
        ),
        flag(inputs.employer_is_key_industrial_enterprise, "用工企业是重点工业企业", "用工企业不是重点工业企业", "为重点工业企业引进劳动力"),
        cond(f"引进劳动力 {n} 人", "引进劳动力", n > 0),
    ]
    ok = decide(steps)
    rng = b.range_per_unit(low.yuan, high.yuan, n)
    steps.append(calc(f"{low.shown} × {n} 人 = {y(rng.min_yuan or 0)} 至 {high.shown} × {n} 人 = {y(rng.max_yuan)}",
                      high.words))
    return CalcResult(
        eligible=ok,
        amount_yuan=None if ok else 0,
        amount_min_yuan=rng.min_yuan if ok else None,
        amount_max_yuan=rng.max_yuan if ok else None,
        steps=steps,
        interpretation=f"“{per_head}”按每引进一名劳动力计；区间内具体金额由区人社局、财政局确定。",
        notes=[LEVEL_UNSTATED],
    )
