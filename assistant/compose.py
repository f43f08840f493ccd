"""Deterministic answer text: direct answer first, then steps, the quoted clause, units and validity.

No language model: every figure in an answer comes from a calculator result or the clause text.
"""

from __future__ import annotations

from datetime import date

from assistant.corpus import Corpus
from assistant.models import Clause, Validity
from assistant.schema import CalculationOut, Citation, ValidityOut
from calculators.models import CalcResult

SCOPE_NOTE = (
    "我只解答福州市长乐区两份产业扶持政策的问题：《长发改综〔2022〕51号》（促进工业经济平稳增长实施方案）和"
    "《长政办规〔2024〕1号》（2024年一季度“开门红”“开门稳”工作方案），包括条款内容、奖补金额计算、申请条件、"
    "责任单位和有效期。"
)


def yuan(amount: int | None) -> str:
    """Money for people: 30000 -> 3万元, 12500 -> 1.25万元, 800 -> 800元."""
    if amount is None:
        return "—"
    if amount >= 100_000_000 and amount % 1_000_000 == 0:
        return f"{amount / 100_000_000:g}亿元"
    if amount >= 10_000:
        return f"{amount / 10_000:g}万元"
    return f"{amount}元"


def citation_for(corpus: Corpus, citation_id: str) -> Citation:
    item = corpus.get(citation_id)
    return Citation(
        id=item.id,
        doc=item.wenhao,
        clause=item.number if isinstance(item, Clause) else None,
        display=item.display,
        title=item.title,
        responsible_units=list(item.responsible_units),
        implementing_units=list(item.implementing_units) if isinstance(item, Clause) else [],
        quote=item.text,
    )


def validity_out(v: Validity) -> ValidityOut:
    return ValidityOut(
        doc=v.doc, citation=v.citation, effective_from=v.doc_effective_from, expires=v.doc_expires,
        in_force=v.in_force, as_of=v.as_of,
        measures=[m.model_dump(mode="json") for m in v.measures], note=v.note,
    )


def units_line(c: Citation) -> str:
    units = "、".join(c.responsible_units) or "条文未列明"
    line = f"责任单位：{units}"
    if c.implementing_units and not set(c.implementing_units) <= set(c.responsible_units):
        line += f"（{'、'.join(c.implementing_units)}按全文件要求落实）"
    return line


def source_block(c: Citation, v: ValidityOut | None) -> str:
    parts = [f"依据：{c.display}", f"原文：“{c.quote}”", units_line(c)]
    if v is not None:
        parts.append(f"有效性：{v.note}")
    return "\n".join(parts)


def amount_phrase(calc: CalculationOut | CalcResult) -> str:
    """The amount as people say it; takes an answer's calculation or a calculator result alike."""
    if calc.no_figure:
        return "条文没有写明具体金额或比例"
    if calc.amount_yuan is not None:
        return yuan(calc.amount_yuan)
    if calc.amount_min_yuan is not None and calc.amount_max_yuan is not None:
        return f"{yuan(calc.amount_min_yuan)}至{yuan(calc.amount_max_yuan)}"
    if calc.amount_max_yuan is not None:
        return f"最高{yuan(calc.amount_max_yuan)}（条文只规定上限）"
    return "无法确定金额"


def today() -> date:
    return date.today()


def expiry_line(c: Citation, v: ValidityOut) -> str:
    """The first line when the measure is not in force on the day asked: say so before any figure."""
    if v.as_of < v.effective_from:
        return (f"注意：{c.display}自{v.effective_from:%Y年%-m月%-d日}起施行，{v.as_of:%Y年%-m月%-d日}尚未生效；"
                f"以下是按条文计算的结果。")
    return (f"注意：{c.display}已于{v.expires:%Y年%-m月%-d日}到期，{v.as_of:%Y年%-m月%-d日}已不能再按本条申请；"
            f"以下是按条文当时规定计算的结果。")
