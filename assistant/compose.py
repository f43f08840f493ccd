"""Deterministic answer text: direct answer first, then steps, the quoted clause, units and validity.

No language model: every figure in an answer comes from a calculator result or the clause text.
"""

from __future__ import annotations

from datetime import date

from assistant.corpus import Corpus
from assistant.models import Clause, Validity
from assistant.schema import CalculationOut, Citation, ValidityOut
from calculators.blocks import fmt_yuan
from calculators.models import CalcResult

def scope_note() -> str:
    """What the assistant covers, naming every document of the corpus (from the document registry)."""
    from assistant.documents import registry

    return registry().scope_sentence()


def __getattr__(name: str) -> str:
    """``compose.SCOPE_NOTE`` is read when used, not fixed at import: a document added to the corpus is named in
    the out-of-scope answer with no code change (callers written against the old constant keep working)."""
    if name == "SCOPE_NOTE":
        return scope_note()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def yuan(amount: int | None) -> str:
    """Money for people, the one formatter (``calculators.blocks.fmt_yuan``): 30000 -> 3万元, 12500 -> 1.25万元,
    12345 -> 12,345元; "—" for no amount."""
    return "—" if amount is None else fmt_yuan(amount)


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
    if v.effective_from <= v.as_of <= v.expires:
        # The document is in force but the measure asked has its own period (e.g. 2022 第4条 不满1千伏 exemption).
        m = next((m for m in v.measures if not m.get("in_force")), None)
        if m is not None:
            return (f"注意：{c.display}所问措施“{m['measure']}”的执行期限为{m['start']}至{m['end']}，"
                    f"{v.as_of:%Y年%-m月%-d日}不在执行期内；以下是按条文规定计算的结果。")
    if v.as_of < v.effective_from:
        return (f"注意：{c.display}自{v.effective_from:%Y年%-m月%-d日}起施行，{v.as_of:%Y年%-m月%-d日}尚未生效；"
                f"以下是按条文计算的结果。")
    return (f"注意：{c.display}已于{v.expires:%Y年%-m月%-d日}到期，{v.as_of:%Y年%-m月%-d日}已不能再按本条申请；"
            f"以下是按条文当时规定计算的结果。")
