"""就高不重复: several district-level awards for the same matter -> only the highest is paid.

Source: 长发改综〔2022〕51号 closing passage (2022#funding-rule): "上述政策措施涉及资金奖补的，在区本级范围内按就高不重复原则执行".
It binds the 2022 document. The 2024 document states no such rule, so a 2024 award is brought under it only where it
overlaps a 2022 award on the same matter, and the decision says so.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from calculators.models import CalcResult

CITATION = "2022#funding-rule"
RULE_WORDS = "上述政策措施涉及资金奖补的，在区本级范围内按就高不重复原则执行"


class Decision(BaseModel):
    applies: bool = Field(description="就高不重复是否适用于这组奖励")
    citation: str = CITATION
    rule_words: str = RULE_WORDS
    kept: str | None = Field(default=None, description="保留的计算器名 / calculator kept")
    kept_district_yuan: int | None = None
    dropped: list[str] = Field(default_factory=list)
    not_comparable: list[str] = Field(default_factory=list, description="无区级金额、无法比较的奖励")
    reason: str


def _district_amount(r: CalcResult) -> tuple[int | None, bool]:
    """District-level money of a result and whether it is only a ceiling. Parts shared with 市级 count whole."""
    parts = [p for p in r.parts if "区级" in p.levels]
    if not parts:
        if r.funding_levels == ["区级"] and r.amount_yuan is not None:
            return r.amount_yuan, False
        if r.funding_levels == ["区级"] and r.amount_max_yuan is not None:
            return r.amount_max_yuan, True
        return None, False
    if all(p.amount_yuan is not None for p in parts):
        return sum(p.amount_yuan or 0 for p in parts), False
    if all(p.amount_yuan is not None or p.amount_max_yuan is not None for p in parts):
        return sum((p.amount_yuan if p.amount_yuan is not None else p.amount_max_yuan) or 0 for p in parts), True
    return None, False


def highest_not_repeated(awards: list[CalcResult]) -> Decision:
    """Keep the highest district-level award among ``awards`` (all for the same matter) and say why."""
    docs = {a.citation.split("#")[0] for a in awards}
    names = [a.calculator for a in awards]
    if len(awards) < 2:
        return Decision(applies=False, kept=names[0] if names else None, reason="只有一项奖励，无需就高。")
    # An award with no matter tag is only known to be the same matter as another run of its own calculator.
    keys = {a.matter or a.calculator for a in awards}
    if len(keys) > 1:
        untagged = sorted({a.calculator for a in awards if not a.matter})
        matters = sorted({a.matter for a in awards if a.matter})
        if untagged:
            return Decision(
                applies=False,
                reason=f"{'、'.join(untagged)} 未标明所属事项，不能认定与其他奖励是同一事项；就高不重复只针对同一事项，"
                "各自计发，是否重叠需责任单位确认。",
            )
        return Decision(
            applies=False,
            reason=f"这些奖励属于不同事项（{'、'.join(matters)}），就高不重复只针对同一事项，各自计发。",
        )
    if "2022" not in docs:
        return Decision(
            applies=False,
            reason="长政办规〔2024〕1号本身没有就高不重复的规定；只有与长发改综〔2022〕51号同一事项重叠时才适用。这组奖励都来自2024文件，不适用。",
        )
    eligible = [a for a in awards if a.eligible is not False]
    amounts = {a.calculator: _district_amount(a) for a in eligible}
    comparable = [a for a in eligible if amounts[a.calculator][0] is not None]
    not_comparable = [a.calculator for a in eligible if amounts[a.calculator][0] is None]
    scope = (
        "长发改综〔2022〕51号规定“在区本级范围内按就高不重复原则执行”"
        + ("；长政办规〔2024〕1号本身无此规定，此处因与2022文件同一事项重叠而一并适用" if "2024" in docs else "")
        + "。"
    )
    if not comparable:
        return Decision(
            applies=True,
            not_comparable=not_comparable,
            reason=scope + "但这些奖励都没有可比较的区级金额（未写金额或未写资金层级），须由责任单位确定只享受其中一项。",
        )
    best = max(comparable, key=lambda a: amounts[a.calculator][0] or 0)  # first one wins a tie
    best_amount, best_ceiling = amounts[best.calculator]
    dropped = [a.calculator for a in comparable if a is not best]
    tie = [a.calculator for a in comparable if a is not best and amounts[a.calculator][0] == best_amount]
    reason = (
        scope
        + f"区级金额最高的是 {best.calculator}（{best.citation}）：{best_amount:,}元"
        + ("（上限）" if best_ceiling else "")
        + "，只享受这一项"
        + (f"；{'、'.join(tie)} 金额相同，同样只享受一项" if tie else "")
        + (f"；不再享受：{'、'.join(dropped)}" if dropped else "")
        + "。"
    )
    if not_comparable:
        reason += f"{'、'.join(not_comparable)} 无可比较的区级金额，未参与比较，需责任单位确认。"
    if any(amounts[a.calculator][1] for a in comparable):
        reason += "部分金额只是上限，实际金额确定后可能改变比较结果。"
    return Decision(
        applies=True,
        kept=best.calculator,
        kept_district_yuan=best_amount,
        dropped=dropped,
        not_comparable=not_comparable,
        reason=reason,
    )
