"""The check-up report: what applies, what may apply if more is provided, what is ruled out, and the totals."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from assistant.checkup.profile import EnterpriseProfile
from calculators.models import Amount, AwardPart, Step


class ClauseInfo(BaseModel):
    calculator: str
    title: str
    citation: str = Field(description="条款编号，如 2024#9")
    citation_display: str = Field(description="文号+第N条，如 2024#9 的显示形式")
    responsible_units: list[str] = Field(default_factory=list, description="条款写明的责任单位")
    in_force: bool | None = Field(default=None, description="as_of 当日是否在有效期内；None = 未给日期")
    validity_note: str | None = None


class AwardItem(ClauseInfo, Amount):
    """An award that applies (eligible True); its amount is the calculator's :class:`Amount`."""

    matter: str | None = None
    decided_by: str | None = None
    amount_text: str = Field(description="人读金额：固定金额、最高X元、X至Y元，或“条文未写金额”")
    funding_levels: list[str] = Field(default_factory=list)
    parts: list[AwardPart] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    interpretation: str | None = None
    notes: list[str] = Field(default_factory=list)
    inputs: dict[str, Any] = Field(default_factory=dict, description="送入计算器的输入")
    not_repeated: bool = Field(default=False, description="因就高不重复不再享受（不计入合计）")
    not_repeated_reason: str | None = None


class MissingInput(BaseModel):
    fields: list[str] = Field(description="需要补充的企业画像字段")
    titles: list[str] = Field(description="字段中文名")
    note: str | None = Field(default=None, description="计算器的说明（如“二者填其一”）")


class MayApplyItem(ClauseInfo):
    """An award that may apply: named inputs are missing, or the clause leaves a condition to the responsible unit."""

    missing: list[MissingInput] = Field(default_factory=list)
    undecided: list[str] = Field(default_factory=list, description="计算后仍无法判断的条件（条文未写明）")
    prompt: str = Field(description="如：提供2024年2月1日至2月29日用电量以测算（文号）第9条")
    amount_text: str | None = None
    amount_min_yuan: int | None = None
    amount_max_yuan: int | None = None
    steps: list[Step] = Field(default_factory=list)


class RuledOutItem(ClauseInfo):
    reason: str = Field(description="不符合的条件")
    clause_words: str | None = Field(default=None, description="该条件的条文原文")
    steps: list[Step] = Field(default_factory=list)


class NotAssessedItem(BaseModel):
    calculator: str
    title: str
    citation: str
    citation_display: str
    provide: list[str] = Field(description="要评估本项需提供的信息（中文名）")


class DuplicateDecision(BaseModel):
    matter: str
    calculators: list[str]
    kept: str | None
    dropped: list[str] = Field(default_factory=list)
    not_comparable: list[str] = Field(default_factory=list)
    applies: bool
    reason: str
    citation: str | None = Field(default=None, description="规定就高不重复的段落，如 2022#funding-rule")
    rule_words: str | None = Field(default=None, description="该规定的原文")


class LevelTotal(BaseModel):
    level: str = Field(description="资金层级：省级、市级、区级、市级、区级（两级合计）、未写明")
    exact_yuan: int = Field(description="确定金额合计")
    up_to_yuan: int = Field(description="只有上限或区间的奖励，其上限合计（最高可达）")


class Totals(BaseModel):
    by_level: list[LevelTotal]
    exact_total_yuan: int = Field(description="确定金额合计（不含上限、区间、未写金额的奖励）")
    up_to_total_yuan: int = Field(description="上限、区间奖励的上限合计，另列，不与确定金额相加")
    exact_total_in_force_yuan: int | None = Field(description="其中 as_of 当日仍在有效期内条款的确定金额；未给日期为 None")
    no_figure_count: int = Field(description="适用但条文未写金额的项目数")


def total_lines(totals: Totals, as_of: date | None) -> list[str]:
    """The totals in the order a person needs them: first what can still be applied for on the check-up day (only
    clauses in force then), then what the clauses give for the facts, saying how much of it has expired. Shared by
    the HTML report and the CLI so both say it the same way."""
    from calculators.blocks import fmt_yuan

    total = totals.exact_total_yuan
    if totals.exact_total_in_force_yuan is None or as_of is None:
        return [f"确定金额合计：{fmt_yuan(total)}（未给体检日期，未判断有效期）"]
    in_force = totals.exact_total_in_force_yuan
    day = f"{as_of:%Y年%-m月%-d日}"
    lines = [f"{day}可以申请的确定金额（条款在有效期内）：{fmt_yuan(in_force)}"]
    if in_force != total:
        lines.append(f"按条文测算的确定金额合计{fmt_yuan(total)}，其中{fmt_yuan(total - in_force)}所依据的条款"
                     f"在{day}已不在有效期内（已到期或尚未施行），现在不能再申请。")
    return lines


class CheckupReport(BaseModel):
    enterprise_name: str | None
    as_of: date | None
    applicable: list[AwardItem]
    may_apply: list[MayApplyItem]
    ruled_out: list[RuledOutItem]
    duplicates: list[DuplicateDecision]
    not_assessed: list[NotAssessedItem]
    totals: Totals
    contact_units: list[str] = Field(description="适用奖励条款的责任单位（去重），即申报联系单位")
    validity_summary: list[str]
    notes: list[str]
    profile: EnterpriseProfile
