"""Calculators for the document with key ``2024``: one pure function per rule, bound to its clause.

Every figure comes from the clause's table in ``corpus/figures/`` (``F9.cap`` is 第9条's cap), and qualifying windows
from the corpus periods, so no number of the clause is typed here. The qualifying periods (2023 output, 2024 Q1,
February 2024 …) are what the inputs measure; whether the rule was in force on a date is added by the registry.
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
    Kwh,
    RatioPct,
    SharePct,
    Step,
    Usd,
    Yuan,
    calc,
    cond,
    decide,
    display_citation,
)
from calculators.spec import calculator
from calculators.steps import capped, flag, in_window, minimum, share_at_least, share_of, threshold, treatment

LEVEL_UNSTATED = "条文未写明该笔资金由哪一级财政支付（未按责任单位推定为区级）。"


# ============================================================================================ 第5条 交地即交证
class LandCertificateInput(CalcInput):
    land_handed_over: bool = Field(
        title="是否新取得（交付）土地", description="是否新取得、正在交付的土地 / land newly obtained or being handed over"
    )


@calculator(name="land_with_certificate_2024_5", citation="2024#5", title="“交地即交证”：土地交付与不动产权证一站式办理", no_figure=True)
def land_with_certificate(inputs: LandCertificateInput) -> CalcResult:
    """A procedure, not money: land handed over comes with its property certificate in one stop."""
    return treatment(
        [flag(inputs.land_handed_over, "新取得（交付）土地", "不是新交付的土地", "推行“交地即交证”模式")],
        "“一站式”办理土地交付和土地不动产权证", "“一站式”办理土地交付和土地不动产权证",
        decided_by="区资源规划局、不动产登记中心（办理方式，不是奖补）",
    )


# ============================================================================================ 第7条 增加值率
class ValueAddedInput(CalcInput):
    is_above_scale_industrial: bool = Field(
        title="是否规模以上工业企业", description="是否规模以上工业企业 / industrial enterprise above designated size"
    )
    output_2023_yuan: Yuan = Field(title="2023年产值（元）", description="2023年工业产值，元 / 2023 output in yuan")
    value_added_rate_pct: SharePct = Field(
        title="增加值率（%）",
        description="按联网报送平台成本费用调查表计算的增加值率，百分数如24.5 / value-added rate in percent",
    )


F7 = figures("2024#7")


def value_added_tiers() -> list[b.Tier]:
    """The clause's three bands, highest first (an enterprise in two bands gets the higher)."""
    top, second, lower = F7.top_output, F7.second_rate, F7.lower_output
    return [
        b.Tier(
            label=f"产值≥{top.shown}且增加值率≥{F7.top_rate.shown}",
            amount_yuan=F7.top_award.yuan,
            lower={"output": top.value, "rate": F7.top_rate.value},
            upper_exclusive={},
            clause_words="2023年产值5亿元（含）以上，且增加值率达到24%（含）以上",
        ),
        b.Tier(
            label=f"产值≥{top.shown}且{second.shown}≤增加值率<{F7.top_rate.shown}",
            amount_yuan=F7.second_award.yuan,
            lower={"output": top.value, "rate": second.value},
            upper_exclusive={"rate": F7.top_rate.value},
            clause_words=F7.second_award.words,
        ),
        b.Tier(
            label=f"{lower.shown}≤产值<{top.shown}且增加值率≥{F7.lower_rate.shown}",
            amount_yuan=F7.lower_award.yuan,
            lower={"output": lower.value, "rate": F7.lower_rate.value},
            upper_exclusive={"output": top.value},
            clause_words="2023年产值1亿元（含）-5亿元之间，且增加值率达到25%（含）以上给予2万元奖励",
        ),
    ]


@calculator(name="value_added_rate_award_2024_7", citation="2024#7", title="规上工业企业增加值率奖励（5万/3万/2万元）")
def value_added_rate_award(inputs: ValueAddedInput) -> CalcResult:
    """Tier table on 2023 output and value-added rate (three bands, each with its award)."""
    values = {"output": inputs.output_2023_yuan, "rate": inputs.value_added_rate_pct}
    tier = b.pick_tier(value_added_tiers(), values)
    steps = [
        flag(inputs.is_above_scale_industrial, "是规模以上工业企业", "不是规模以上工业企业",
             "以规模以上工业企业在联网报送平台填报的成本费用调查表中计算的增加值率数据为依据")
    ]
    stated = f"2023年产值 {y(inputs.output_2023_yuan)}、增加值率 {inputs.value_added_rate_pct}%"
    if tier:
        steps.append(cond(f"{stated} → 档次“{tier.label}”：{y(tier.amount_yuan)}", tier.clause_words, True))
    else:
        steps.append(
            cond(
                f"{stated}：不在任何档次（需产值≥{F7.top_output.shown}且增加值率≥{F7.second_rate.shown}，"
                f"或{F7.lower_output.shown}≤产值<{F7.top_output.shown}且增加值率≥{F7.lower_rate.shown}）",
                "2023年产值5亿元（含）以上，且增加值率达到24%（含）以上、增加值率达到22%（含）以上的分别给予5万元、3万元奖励",
                False,
            )
        )
    ok = decide(steps)
    return CalcResult(
        eligible=ok,
        amount_yuan=tier.amount_yuan if ok and tier else 0,
        steps=steps,
        interpretation=(
            f"产值恰为{F7.top_output.shown}归入“{F7.top_output.shown}（含）以上”档，不属“{F7.lower_output.shown}（含）-{F7.top_output.shown}之间”档；"
            "同时满足多档的按最高一档，不叠加。"
        ),
        notes=[LEVEL_UNSTATED],
    )


# ============================================================================================ 第8条 一季度增产增效
class Q1GrowthInput(CalcInput):
    is_above_scale_manufacturing: bool = Field(
        title="是否规模以上制造业企业", description="是否规模以上制造业企业 / manufacturing enterprise above designated size"
    )
    meets_provincial_q1_conditions: bool = Field(
        title="是否符合2024年一季度省级增产增效奖励条件",
        description="是否符合2024年一季度省级增产增效奖励条件 / meets the provincial Q1-2024 conditions",
    )
    q1_output_growth_pct: GrowthPct | None = Field(
        default=None,
        title="2024年一季度产值增幅（%）",
        description="一季度产值同比增幅，百分数；新投产纳统企业可不填 / Q1 output growth in percent",
    )
    q1_electricity_growth_pct: GrowthPct | None = Field(
        default=None,
        title="2024年一季度用电增幅（%）",
        description="一季度用电量同比增幅，百分数；新投产纳统企业可不填 / Q1 electricity growth in percent",
    )
    new_entrant_q1_2024: bool = Field(
        default=False,
        title="是否2024年一季度新投产纳统",
        description="是否2024年一季度新投产纳统的企业 / new entrant in 2024 Q1",
    )
    q1_output_yuan: Yuan | None = Field(
        default=None,
        title="2024年一季度总产值（元）",
        description="一季度总产值，元；新投产纳统企业必填 / Q1 gross output in yuan (required for new entrants)",
    )
    output_growth_not_below_electricity: bool | None = Field(
        default=None,
        title="一季度产值增幅是否不低于用电增幅",
        description="“产值增幅高于/不低于用电增幅”=true，“低于”=false；可代替两个增幅；两个增幅都填时以增幅为准 "
        "/ Q1 output growth not below electricity growth (instead of the two percentages)",
    )
    municipal_award_yuan: Yuan | None = Field(
        default=None,
        title="市级增产增效奖励（元）",
        description="已获市级奖励金额，元；不填 = 未说明（只判断资格，不算金额）/ municipal award in yuan",
    )

    @model_validator(mode="after")
    def _required_by_case(self) -> Q1GrowthInput:
        problems: list[str] = []
        if self.new_entrant_q1_2024 and self.q1_output_yuan is None:
            problems.append("q1_output_yuan: 一季度新投产纳统企业须填写一季度总产值 / required for new entrants")
        og, eg, stated = self.q1_output_growth_pct, self.q1_electricity_growth_pct, self.output_growth_not_below_electricity
        if not self.new_entrant_q1_2024 and stated is None:
            missing = [f for f, v in (("q1_output_growth_pct", og), ("q1_electricity_growth_pct", eg)) if v is None]
            if missing:
                problems.append(
                    f"{', '.join(missing)}, output_growth_not_below_electricity: 非新投产企业须填写产值增幅和用电增幅，"
                    "或说明产值增幅是否不低于用电增幅（output_growth_not_below_electricity）/ required"
                )
        if og is not None and eg is not None and stated is not None and b.at_least(og, eg, "不低于") != stated:
            problems.append(
                "output_growth_not_below_electricity, q1_output_growth_pct, q1_electricity_growth_pct: "
                f"所述“产值增幅{'不低于' if stated else '低于'}用电增幅”与所填增幅（产值 {og}%、用电 {eg}%）矛盾"
            )
        if problems:
            raise ValueError("\n".join(problems))  # one line per problem, each naming its fields
        return self


F8 = figures("2024#8")


@calculator(name="q1_growth_award_2024_8", citation="2024#8", title="2024年一季度工业企业增产增效区级奖励", matter="2024年一季度增产增效奖励", ceiling="cap")
def q1_growth_award(inputs: Q1GrowthInput) -> CalcResult:
    """District pays a share of the municipal award up to a cap; an award at or below the minimum is not paid.

    Growth vs electricity from the two percentages or the stated comparison; without the municipal figure,
    eligibility is decided from the conditions and the amount is left unknown."""
    share, cap, least, q1_floor = F8.share, F8.cap, F8.minimum, F8.new_entrant_output
    steps = [
        flag(inputs.is_above_scale_manufacturing, "是规模以上制造业企业", "不是规模以上制造业企业", "规模以上制造业企业"),
        flag(inputs.meets_provincial_q1_conditions, "符合2024年一季度省级增产增效奖励条件", "不符合省级增产增效奖励条件",
             "对符合2024年一季度省级增产增效奖励条件的"),
    ]
    og, eg = inputs.q1_output_growth_pct, inputs.q1_electricity_growth_pct
    if og is not None and eg is not None:
        ok_growth = b.at_least(og, eg, "不低于")
        steps.append(
            cond(
                f"一季度产值增幅 {og}% {'≥' if ok_growth else '<'} 用电增幅 {eg}%（“不低于”含相等）",
                "一季度产值增幅不低于用电增幅",
                ok_growth,
            )
        )
    elif inputs.output_growth_not_below_electricity is not None:
        ok_growth = inputs.output_growth_not_below_electricity
        given = [f"{label} {v}%" for label, v in (("产值增幅", og), ("用电增幅", eg)) if v is not None]
        steps.append(
            cond(
                f"据所述，一季度产值增幅{'不低于' if ok_growth else '低于'}用电增幅"
                + (f"（所报{'、'.join(given)}）" if given else ""),
                "一季度产值增幅不低于用电增幅",
                ok_growth,
            )
        )
    else:
        steps.append(
            cond(
                "一季度新投产纳统企业没有上年同期数据，无从比较同比增幅；按括号内对新投产纳统企业的要求"
                f"（一季度总产值达{q1_floor.shown}及以上）判断",
                q1_floor.words,
                True,
            )
        )
    if inputs.new_entrant_q1_2024:
        steps.append(threshold(q1_floor, inputs.q1_output_yuan or 0, "一季度新投产纳统，一季度总产值",
                               y(inputs.q1_output_yuan or 0)))
    m = inputs.municipal_award_yuan
    amount: int | None
    if m is None:
        steps.append(
            calc(
                f"需市级奖励金额才能计算金额：区级奖励为市级奖励的{share.shown}，最高{cap.shown}；"
                f"“{least.shown}以下不安排”要等金额确定后才能适用，故此处的资格只按上述条件判断，金额未知",
                f"{share.words}，{cap.words}，{least.words}",
            )
        )
        ok = decide(steps)
        amount = None if ok is not False else 0
    else:
        steps.append(
            cond(f"市级奖励 {y(m)}" + ("" if m > 0 else "，无市级奖励则区级无基数"), "在省、市奖励的基础上", m > 0)
        )
        award = share_of(m, share, cap)
        steps.append(capped(f"{share.shown} × {y(m)}", award, cap, f"{share.words}，{cap.words}"))
        steps.append(minimum(award.exact, least, "奖励金额"))
        ok = decide(steps)
        amount = award.yuan if ok is not False else 0
    return CalcResult(
        eligible=ok,
        amount_yuan=amount,
        funding_levels=["区级"],
        parts=[AwardPart(levels=["区级"], label=f"区财政（市级奖励的{share.shown}）", amount_yuan=amount)]
        if ok is not False else [],
        steps=steps,
        interpretation=(
            f"先封顶（{cap.shown}）再判断最低额：按精确金额比较，{least.shown}及以下不安排（不符合条件，金额为0）；"
            "最后四舍五入到元。"
            f"一季度新投产纳统企业没有上年同期数据：括号内的“一季度总产值达{q1_floor.shown}及以上”即对它们的要求，"
            "未填增幅时不再比较增幅（填了则仍按增幅比较）。"
            "产值增幅与用电增幅可按两个百分数比较，也可按企业所述“不低于/低于”判断；两个百分数都给时以百分数为准。"
            "未给市级奖励金额时只判断资格、不算金额，最低额规则待金额确定后适用。"
            "省、市奖励按其政策另行兑现，不在本计算内。"
        ),
        notes=["考核期为2024年一季度。"]
        + ([f"未提供市级奖励金额：资格按条件判断；金额须待市级奖励确定后按{share.shown}计算，"
            f"区级奖励{least.shown}及以下不安排。"] if m is None and ok is not False else []),
    )


# ============================================================================================ 第9条 春节用电
class SpringFestivalInput(CalcInput):
    is_above_scale_industrial: bool = Field(
        title="是否规上工业企业", description="是否规模以上工业企业 / industrial enterprise above designated size"
    )
    electricity_feb_2024_kwh: Kwh = Field(
        title="2024年2月1日至2月29日用电量（千瓦时）",
        description="春节期间（2024-02-01至2024-02-29）用电量，千瓦时 / electricity used 2024-02-01..02-29 in kWh",
    )
    municipal_award_yuan: Yuan | None = Field(
        default=None,
        title="市级春节用电奖励（元）",
        description="已获市级奖励，元；不填 = 未说明（只判断资格，不算金额）/ municipal award in yuan",
    )


F9 = figures("2024#9")


@calculator(name="spring_festival_electricity_2024_9", citation="2024#9", title="春节期间企业用电区级配套奖励", ceiling="cap")
def spring_festival_electricity(inputs: SpringFestivalInput) -> CalcResult:
    """District matches a share of the municipal award for enough electricity used in February 2024, up to a cap; an
    award at or below the minimum is not paid.

    Without the municipal figure, eligibility is decided from the conditions and the amount is left unknown."""
    share, cap, least = F9.share, F9.cap, F9.minimum
    kwh = inputs.electricity_feb_2024_kwh
    m = inputs.municipal_award_yuan
    steps = [
        flag(inputs.is_above_scale_industrial, "是规上工业企业", "不是规上工业企业", "规上工业企业"),
        threshold(F9.electricity, kwh, "2024年2月1日至2月29日用电量", f"{kwh:,} 千瓦时"),
    ]
    amount: int | None
    if m is None:
        steps.append(
            calc(
                f"需市级奖励金额才能计算金额：区级配套为市级奖励的{share.shown}，最高{cap.shown}；"
                f"“{least.shown}以下不安排”要等金额确定后才能适用，故此处的资格只按上述条件判断，金额未知",
                f"{share.words}，{cap.words}，{least.words}",
            )
        )
        ok = decide(steps)
        amount = None if ok is not False else 0
    else:
        award = share_of(m, share, cap)
        steps += [
            cond(f"市级奖励 {y(m)}" + ("" if m > 0 else "，无市级奖励则区级配套无基数"), "在市级奖励的基础上", m > 0),
            capped(f"{share.shown} × {y(m)}", award, cap, f"{share.words}，{cap.words}"),
            minimum(award.exact, least, "配套奖励"),
        ]
        ok = decide(steps)
        amount = award.yuan if ok else 0
    return CalcResult(
        eligible=ok,
        amount_yuan=amount,
        funding_levels=["区级"],
        parts=[AwardPart(levels=["区级"], label=f"区财政配套（市级奖励的{share.shown}）", amount_yuan=amount)] if ok else [],
        steps=steps,
        interpretation=(
            f"先封顶（{cap.shown}）再判断最低额：按精确金额比较，{least.shown}及以下不安排（不符合条件，金额为0）；"
            "最后四舍五入到元。未给市级奖励金额时只判断资格、不算金额，最低额规则待金额确定后适用。"
        ),
        notes=[f"未提供市级奖励金额：资格按条件判断；金额须待市级奖励确定后按{share.shown}计算，"
               f"区级配套{least.shown}及以下不安排。"]
        if m is None and ok is not False
        else [],
    )


# ============================================================================================ 第10条 榕升计划
class RongshengInput(CalcInput):
    in_small_to_scale_pool: bool = Field(
        title="是否纳入省“小升规”培育库", description="是否纳入省工业企业供需平台“小升规”培育库 / in the provincial pool"
    )
    entrant_type: Literal["2024年新投产纳统", "规下转规上", "第一季度新投产纳统", "其他"] = Field(
        title="纳统类型", description="2024年新投产纳统、规下转规上、第一季度新投产纳统或其他 / how it entered the statistics"
    )


F10 = figures("2024#10")


@calculator(
    name="rongsheng_new_entrant_2024_10",
    citation="2024#10",
    title="“榕升计划”新增纳统企业奖励30万元",
    matter="新上规（榕升计划）奖励",
    citations=("2022#13",),
)
def rongsheng_new_entrant(inputs: RongshengInput) -> CalcResult:
    """The 榕升计划 award for pool enterprises newly entering the above-scale statistics in 2024."""
    award = F10.award
    type_ok = inputs.entrant_type != "其他"
    steps = [
        flag(inputs.in_small_to_scale_pool, "已纳入“小升规”培育库", "未纳入“小升规”培育库", "对纳入“小升规”培育库的"),
        cond(
            f"纳统类型：{inputs.entrant_type}",
            "2024年新投产纳统的规上工业企业、规下转规上工业企业、第一季度新投产纳统的规上工业企业",
            type_ok,
        ),
    ]
    ok = decide(steps)
    steps.append(calc(f"在省级财政奖励基础上，给予 {award.shown}", award.words))
    return CalcResult(
        eligible=ok,
        amount_yuan=award.yuan if ok else 0,
        funding_levels=["省级", "市级", "区级"],
        parts=[AwardPart(levels=["市级", "区级"], label="“榕升计划”奖励（市、区两级，见2022#13）", amount_yuan=award.yuan)]
        if ok
        else [],
        steps=steps,
        interpretation=(
            f"本条未写{award.shown}由哪级支付；按同区“榕升计划”规定（{display_citation('2022#13')}：市、区两级财政，"
            "分三年兑现）理解。省级财政奖励另按省级政策，金额本条未写。“规下转规上”按2024年转入理解。"
        ),
        notes=["与2022#13同一事项（首次提升规模或新建投产纳统奖励），在区本级按就高不重复，不重复享受。"],
    )


# ============================================================================================ 第14条 技改配套
class TechUpgrade2024Input(CalcInput):
    is_industrial_techupgrade_project: bool = Field(
        title="是否工业技改项目", description="是否工业技术改造项目 / industrial tech-upgrade project"
    )
    construction_start_date: date = Field(
        title="开工建设日期", description="项目开工建设日期 YYYY-MM-DD / construction start date"
    )
    provincial_subsidy_yuan: Yuan = Field(
        default=0, title="省级技改补助（元）", description="已获省级技改补助，元 / provincial subsidy received"
    )
    municipal_subsidy_yuan: Yuan = Field(
        default=0, title="市级技改补助（元）", description="已获市级技改补助，元 / municipal subsidy received"
    )


F14 = figures("2024#14")


@calculator(name="tech_upgrade_matching_2024_14", citation="2024#14", title="一季度开工技改项目区级配套（省级30%、市级20%）", matter="技改项目区级配套")
def tech_upgrade_matching_2024(inputs: TechUpgrade2024Input) -> CalcResult:
    """District matching: a share of the provincial and a share of the municipal tech-upgrade subsidy; no cap stated."""
    started, first, last = in_window(inputs.construction_start_date, "2024#14")
    p, m = inputs.provincial_subsidy_yuan, inputs.municipal_subsidy_yuan
    prov_share, muni_share = F14.provincial_share, F14.municipal_share
    steps = [
        flag(inputs.is_industrial_techupgrade_project, "是工业技改项目", "不是工业技改项目", "引导企业扩大技术改造投资"),
        cond(
            f"开工日期 {inputs.construction_start_date.isoformat()} "
            + (f"在{first.year}年一季度（{first:%-m月%-d日}至{last:%-m月%-d日}）内" if started
               else f"不在{first.year}年一季度内"),
            "对一季度开工建设的工业技改项目",
            started,
        ),
        cond(f"省级技改补助 {y(p)}、市级技改补助 {y(m)}", "对获得省、市技改补助的项目", p > 0 or m > 0),
    ]
    ok = decide(steps)
    # Exact shares, added, then rounded once (blocks.to_yuan): rounding each share first is 1元 off at .5 boundaries.
    prov_exact = share_of(p, prov_share).exact
    muni_exact = share_of(m, muni_share).exact
    total = b.to_yuan(prov_exact + muni_exact)
    steps.append(
        calc(
            f"{prov_share.shown} × {y(p)} = {y(prov_exact)}；{muni_share.shown} × {y(m)} = {y(muni_exact)}；"
            f"合计 {y(total)}（合计后四舍五入到元）",
            prov_share.words,
        )
    )
    return CalcResult(
        eligible=ok,
        amount_yuan=total if ok else 0,
        funding_levels=["区级"],
        parts=[AwardPart(levels=["区级"], label=f"区级配套（省级补助的{prov_share.shown}、市级补助的{muni_share.shown}）",
                         amount_yuan=total)]
        if ok and total else [],
        steps=steps,
        interpretation=f"“一季度”指{first:%Y年%-m月%-d日}至{last:%-m月%-d日}（含）开工；两部分按精确金额相加后只四舍五入一次；"
        "本条未设上限。",
        notes=["融资贷款贴息、项目投资补助等省、市政策补助另按其政策，本条未写金额。"],
    )


# ============================================================================================ 第19条 出口信保
class ExportCreditInput(CalcInput):
    is_foreign_trade_enterprise: bool = Field(title="是否外贸企业", description="是否我区外贸企业 / foreign-trade enterprise")
    annual_export_usd: Usd = Field(
        title="年出口额（美元）", description="年出口额（上一年度），美元 / annual exports in USD (last year)"
    )


F19 = figures("2024#19")


@calculator(name="export_credit_insurance_2024_19", citation="2024#19", title="出口700万美元以下外贸企业申领“单一窗口+信保”", no_figure=True)
def export_credit_insurance(inputs: ExportCreditInput) -> CalcResult:
    """Small exporters (up to the clause's export figure) are targeted for the 单一窗口+信保 policy; premium and
    credit-check support have no figure."""
    exports = F19.exports
    steps = [
        flag(inputs.is_foreign_trade_enterprise, "是外贸企业", "不是外贸企业", "外贸企业"),
        threshold(exports, inputs.annual_export_usd, "出口额", f"{inputs.annual_export_usd:,} 美元"),
        calc("投保保费给予支持、资信调查费给予一定比例补助：本条均未写金额或比例", "对企业资信调查费给予一定比例补助"),
    ]
    return CalcResult(
        eligible=decide(steps),
        no_figure=True,
        decided_by="省、市信保政策（区商务办、财政局落实）",
        steps=steps,
        interpretation=f"出口额按上一年度计（条文未写期间）；{exports.shown}恰好属“以下”。"
        f"保费支持与资信调查费补助本条未限于{exports.shown}以下企业。",
        notes=[LEVEL_UNSTATED],
    )


# ============================================================================================ 第23条 用工保障
class StableEmploymentInput(CalcInput):
    """Each 90% test from its ratio (what callers say: "一季度产值是四季度的95%") or from the two absolute figures.

    Where both are given the absolute figures decide and the ratio must agree with them (else an error naming the
    fields)."""

    is_fuzhou_industrial_leader: bool = Field(
        title="是否被市工信局列为福州市工业龙头企业", description="是否被市工信局列为福州市工业龙头企业 / listed leader"
    )
    meets_other_document: bool = Field(
        default=False, title="是否符合其他文件规定", description="是否符合其他文件规定的企业 / qualifies under other documents"
    )
    output_ratio_pct: RatioPct | None = Field(
        default=None,
        title="2024年一季度工业总产值为2023年四季度的百分比（%）",
        description="一季度工业总产值占2023年四季度的百分比，如95；可代替两季产值 / Q1-2024 output as % of Q4-2023",
    )
    insured_ratio_pct: RatioPct | None = Field(
        default=None,
        title="2024年一季度月平均参保缴费人数为2023年四季度的百分比（%）",
        description="一季度失业保险月平均参保缴费人数占2023年四季度的百分比，如92；可代替两季人数 / Q1 insured as % of Q4",
    )
    q1_2024_output_yuan: Yuan | None = Field(
        default=None, title="2024年第一季度工业总产值（元）", description="2024年一季度工业总产值，元"
    )
    q4_2023_output_yuan: Yuan | None = Field(
        default=None, title="2023年第四季度工业总产值（元）", description="2023年四季度工业总产值，元"
    )
    q1_2024_avg_insured: Decimal | None = Field(
        default=None, ge=0, title="2024年第一季度失业保险月平均参保缴费人数", description="2024年一季度失业保险月平均参保缴费人数"
    )
    q4_2023_avg_insured: Decimal | None = Field(
        default=None, ge=0, title="2023年第四季度失业保险月平均参保缴费人数", description="2023年四季度失业保险月平均参保缴费人数"
    )

    @model_validator(mode="after")
    def _each_test_one_way(self) -> StableEmploymentInput:
        problems = []
        for ratio_f, q1_f, q4_f, what in STABLE_TESTS:
            ratio, q1, q4 = getattr(self, ratio_f), getattr(self, q1_f), getattr(self, q4_f)
            pair = q1 is not None and q4 is not None
            if ratio is None and not pair:
                problems.append(f"{ratio_f}, {q1_f}, {q4_f}: 需填写一季度{what}为2023年四季度的百分比（{ratio_f}），或同时填写两季{what}")
            elif ratio is not None and pair:
                if q4 == 0:
                    problems.append(f"{ratio_f}, {q4_f}: 2023年四季度{what}为0，没有百分比，与所填{ratio}%矛盾")
                elif not b.agrees(ratio, Decimal(q1) * 100 / Decimal(q4)):
                    computed = (Decimal(q1) * 100 / Decimal(q4)).quantize(Decimal("0.01"))
                    problems.append(f"{ratio_f}, {q1_f}, {q4_f}: 所填{ratio}%与两季{what}算出的{computed}%矛盾")
        if problems:
            raise ValueError("\n".join(problems))  # one line per problem, each naming its fields
        return self


#: (ratio field, 2024 Q1 field, 2023 Q4 field, what is compared) for the two 90% tests of 2024#23.
STABLE_TESTS = (
    ("output_ratio_pct", "q1_2024_output_yuan", "q4_2023_output_yuan", "工业总产值"),
    ("insured_ratio_pct", "q1_2024_avg_insured", "q4_2023_avg_insured", "失业保险月平均参保缴费人数"),
)
F23 = figures("2024#23")
F59 = figures("2022#59")  # the same matter in the other document, named in a note


def _ninety_pct_step(inputs: StableEmploymentInput, ratio_f: str, q1_f: str, q4_f: str, what: str) -> Step:
    ratio, q1, q4 = getattr(inputs, ratio_f), getattr(inputs, q1_f), getattr(inputs, q4_f)
    money = q1_f.endswith("_yuan")

    def fmt(v: Decimal | int) -> str:
        return y(v) if money else f"{v}"

    fig = F23.ratio  # 不低于 …的90%（含90%）
    if q1 is not None and q4 is not None:
        ok = share_at_least(q1, q4, fig)  # exact: q1 ≥ 90% × q4, no division
        stated = f"（所报{ratio}%与之相符，按两季绝对数判断）" if ratio is not None else ""
        return cond(
            f"一季度{what} {fmt(q1)} {fig.sign(ok)} 2023年四季度 {fmt(q4)} 的{fig.shown}（含{fig.shown}）{stated}",
            fig.words,
            ok,
        )
    ok = fig.met_by(ratio)
    return cond(
        f"一季度{what}为2023年四季度的 {ratio}%（所报比例）{fig.sign(ok)} {fig.shown}（含{fig.shown}）",
        fig.words,
        ok,
    )


@calculator(
    name="stable_employment_award_2024_23",
    citation="2024#23",
    title="龙头企业一次性稳定就业奖补（按规定标准）",
    no_figure=True,
)
def stable_employment_award(inputs: StableEmploymentInput) -> CalcResult:
    """Eligibility for the one-off stable-employment award (both Q1 figures at least the clause's share of 2023 Q4);
    the amount is not stated.

    Each 90% test is decided by the ratio callers state or by the two absolute figures."""
    listed = inputs.is_fuzhou_industrial_leader or inputs.meets_other_document
    steps = [
        flag(listed, "被市工信局列为福州市工业龙头企业或符合其他文件规定", "既非福州市工业龙头企业，也不符合其他文件规定", "对被市工信局列为福州市工业龙头企业或符合其他文件规定的"),
        *(_ninety_pct_step(inputs, *t) for t in STABLE_TESTS),
        calc("一次性稳定就业奖补“按规定标准”，本条未写金额", "按规定标准给予企业一次性稳定就业奖补"),
    ]
    notes = [LEVEL_UNSTATED]
    for ratio_f, q1_f, q4_f, what in STABLE_TESTS:
        q1, q4 = getattr(inputs, q1_f), getattr(inputs, q4_f)
        if (q1 is None) != (q4 is None):
            have = "2024年一季度" if q1 is not None else "2023年四季度"
            notes.append(f"只提供了{have}{what}，单个绝对数无法比较，未用于计算（已按所报百分比判断）。")
    return CalcResult(
        eligible=decide(steps),
        no_figure=True,
        decided_by="按规定标准（区人社局、工信局、财政局依相关文件执行）",
        steps=steps,
        interpretation=(
            "两项90%测试各自可按所报百分比或两季绝对数判断；两种都给时按绝对数，所报百分比须与之相符"
            "（相差不足所报数字末位1个单位），否则报错。“（含90%）”含本数。"
        ),
        notes=notes,
    )


class WorkerReferralInput(CalcInput):
    referrer_type: Literal["社会机构", "企业老员工"] = Field(
        title="介绍人类别", description="各类社会机构或企业老员工 / agency or existing employee"
    )
    employer_is_key_enterprise: bool = Field(title="用工企业是否重点企业", description="用工企业是否重点企业 / key enterprise")
    first_time_in_fuzhou: bool = Field(title="新员工是否首次来榕", description="新员工是否首次来榕 / first time in Fuzhou")
    hire_date: date = Field(title="招用日期", description="新员工招用日期 YYYY-MM-DD / hire date")
    stable_one_month_or_more: bool = Field(
        title="是否稳定就业一个月以上", description="是否稳定就业一个月以上（含一个月）/ stayed at least one month"
    )


@calculator(
    name="worker_referral_award_2024_23",
    citation="2024#23",
    title="为重点企业介绍首次来榕新员工引工奖励（按规定标准）",
    matter="引进劳动力（引工）奖励",
    no_figure=True,
)
def worker_referral_award(inputs: WorkerReferralInput) -> CalcResult:
    """Referral award for bringing first-time-in-Fuzhou workers to key enterprises in the clause's window; amount not
    stated."""
    hired, first, last = in_window(inputs.hire_date, "2024#23", measure="引工")
    window = f"{first:%Y年%-m月%-d日}至{last:%-m月%-d日}期间"
    steps = [
        cond(f"介绍人：{inputs.referrer_type}", "各类社会机构、企业老员工", True),
        cond(f"招用日期 {inputs.hire_date.isoformat()} " + ("在" if hired else "不在") + window, window, hired),
        flag(inputs.employer_is_key_enterprise, "用工企业是重点企业", "用工企业不是重点企业", "为重点企业介绍招用"),
        flag(inputs.first_time_in_fuzhou, "新员工首次来榕", "新员工不是首次来榕", "首次来榕的新员工"),
        flag(inputs.stable_one_month_or_more, "稳定就业一个月以上", "未稳定就业满一个月", "稳定就业一个月以上"),
        calc("引工奖励“按规定标准”，本条未写金额", "按规定标准予以引工奖励"),
    ]
    return CalcResult(
        eligible=decide(steps),
        no_figure=True,
        decided_by="按规定标准（区人社局依相关文件执行）",
        steps=steps,
        notes=[
            LEVEL_UNSTATED,
            f"按同一事项理解：与{display_citation('2022#59')}（为重点工业企业引进劳动力{fmt_number(F59.low.value)}至"
            f"{F59.high.shown}）可能是同一事项，在区本级按就高不重复。",
        ],
    )


class RecruitmentEventInput(CalcInput):
    is_key_enterprise_or_project: bool = Field(
        title="是否重点企业、重点项目", description="是否重点企业或重点项目 / key enterprise or key project"
    )
    events_outside_province: Count = Field(
        title="赴省外参加或举办招聘活动次数", description="本年度赴省外参加或举办招聘活动次数 / events outside Fujian"
    )
    events_inside_province: Count = Field(
        title="赴省内参加或举办招聘活动次数", description="本年度赴省内参加或举办招聘活动次数 / events inside Fujian"
    )
    already_subsidised_this_year: int = Field(
        default=0,
        ge=0,
        le=2,
        title="本年度已获补助次数",
        description="本年度已获此项补助的次数（0-2）/ events already subsidised this year",
    )


@calculator(name="recruitment_event_subsidy_2024_23", citation="2024#23", title="重点企业赴省内外招聘活动一次性补助（省外3000元/次、省内1000元/次）")
def recruitment_event_subsidy(inputs: RecruitmentEventInput) -> CalcResult:
    """A sum per out-of-province event and a smaller one per in-province event, at most a number of events a year."""
    away, home, most = F23.outside_event, F23.inside_event, F23.events_a_year
    slots = most.n - inputs.already_subsidised_this_year
    outside = min(inputs.events_outside_province, slots)
    inside = min(inputs.events_inside_province, slots - outside)
    amount = away.yuan * outside + home.yuan * inside
    steps = [
        flag(inputs.is_key_enterprise_or_project, "是重点企业、重点项目", "不是重点企业、重点项目", "对赴省内、外参加或举办招聘活动的重点企业、重点项目"),
        cond(
            f"省外 {inputs.events_outside_province} 次、省内 {inputs.events_inside_province} 次；本年已补助 "
            f"{inputs.already_subsidised_this_year} 次，尚可补助 {slots} 次",
            most.words,
            slots > 0 and inputs.events_outside_province + inputs.events_inside_province > 0,
        ),
        calc(
            f"按金额高者优先计入：省外 {outside} 次 × {away.shown} + 省内 {inside} 次 × {home.shown} = {y(amount)}",
            away.words,
        ),
    ]
    ok = decide(steps)
    return CalcResult(
        eligible=ok,
        amount_yuan=amount if ok else 0,
        steps=steps,
        interpretation=f"每年最多{most.shown}，计入金额最高的{most.shown}（省外优先）；已获补助的次数从{most.shown}中扣除；"
        "本条未写资金层级。",
        notes=[LEVEL_UNSTATED, "“每年”按自然年计。"],
    )
