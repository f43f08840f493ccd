"""就高不重复: several district-level awards for the same matter -> only the highest is paid.

The rule is a document-wide rule: a document whose metadata has ``document_rules.funding_rule_quote`` states it
(today the closing passage of the 2022 plan: "上述政策措施涉及资金奖补的，在区本级范围内按就高不重复原则执行"), and it binds
that document. A document that states no such rule is brought under it only where one of its awards overlaps an award
of a document that does, on the same matter, and the decision says so. Which documents state it, and where, is read
from the document registry, never written here.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from calculators.models import CalcResult


class Decision(BaseModel):
    applies: bool = Field(description="就高不重复是否适用于这组奖励")
    citation: str | None = Field(default=None, description="规定就高不重复的段落，如 2022#funding-rule")
    rule_words: str | None = Field(default=None, description="该规定的原文")
    kept: str | None = Field(default=None, description="保留的计算器名 / calculator kept")
    kept_district_yuan: int | None = None
    dropped: list[str] = Field(default_factory=list)
    not_comparable: list[str] = Field(default_factory=list, description="无区级金额、无法比较的奖励")
    reason: str


def funding_rule(doc_keys: list[str] | None = None) -> tuple[str | None, str | None]:
    """(citation, words) of the 就高不重复 rule of the first of ``doc_keys`` (default: any document) that states it."""
    from assistant.documents import registry

    reg = registry()
    for key in reg.funding_rule_keys():
        if doc_keys is None or key in doc_keys:
            return reg.funding_rule_citation(key), reg.get(key).document_rules.funding_rule_quote
    return None, None


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
    from assistant.documents import registry

    reg = registry()
    cited = {a.citation.split("#")[0] for a in awards}
    docs = [k for k in reg.keys if k in cited]
    with_rule = [k for k in docs if k in reg.funding_rule_keys()]
    without_rule = [k for k in docs if k not in with_rule]

    def named(keys: list[str]) -> str:
        return "、".join(reg.wenhao(k) for k in keys)

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
    if not with_rule:
        elsewhere = reg.funding_rule_keys()
        return Decision(
            applies=False,
            reason=f"{named(docs)}本身没有就高不重复的规定"
            + (f"；只有与{named(elsewhere)}同一事项重叠时才适用。这组奖励都来自{named(docs)}，不适用。"
               if elsewhere else "，不适用。"),
        )
    citation, words = funding_rule(with_rule)
    eligible = [a for a in awards if a.eligible is not False]
    amounts = {a.calculator: _district_amount(a) for a in eligible}
    comparable = [a for a in eligible if amounts[a.calculator][0] is not None]
    not_comparable = [a.calculator for a in eligible if amounts[a.calculator][0] is None]
    scope = (
        f"{named(with_rule)}规定“{words}”"
        + (f"；{named(without_rule)}本身无此规定，此处因与{named(with_rule)}同一事项重叠而一并适用" if without_rule else "")
        + "。"
    )
    if not comparable:
        return Decision(
            applies=True,
            citation=citation,
            rule_words=words,
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
        citation=citation,
        rule_words=words,
        kept=best.calculator,
        kept_district_yuan=best_amount,
        dropped=dropped,
        not_comparable=not_comparable,
        reason=reason,
    )
