"""Was a rule in force on a date? One thin call into the corpus, so no period is duplicated in calculator code.

Why separate: the document and measure periods live in ``assistant.corpus`` (built from the texts); calculators only
ask. A historical case is still computed — validity is reported beside the figure, never used to refuse.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from pydantic import BaseModel


class RuleValidity(BaseModel):
    in_force: bool | None
    note: str
    measure: str | None = None


@lru_cache(maxsize=1)
def _corpus() -> Any:
    from assistant.corpus import load_corpus  # imported lazily: owned by another module

    return load_corpus()


def validity_for(citation: str, as_of: date | None, measure_hint: str | None = None) -> RuleValidity | None:
    """Validity of ``citation`` on ``as_of``; with ``measure_hint``, of the clause measure whose text contains it.

    Returns None when no date was given (nothing to judge).
    """
    if as_of is None:
        return None
    try:
        corpus = _corpus()
    except Exception as exc:  # the corpus is another module's job: report, never guess a period
        return RuleValidity(in_force=None, note=f"有效期数据不可用（assistant.corpus 无法加载：{exc}）")
    v = corpus.validity(citation, as_of)
    if measure_hint:
        for m in getattr(v, "measures", None) or []:
            if measure_hint in str(getattr(m, "measure", "")):
                in_force = bool(m.in_force)
                note = (
                    f"本计算器对应的措施“{m.measure}”有自己的执行期限 {m.start} 至 {m.end}，"
                    f"{as_of.isoformat()}{'在' if in_force else '不在'}期限内，以此为准。"
                    f"（文件整体：{str(v.note).split('。')[0]}。）"
                )
                return RuleValidity(in_force=in_force, note=note, measure=str(m.measure))
    return RuleValidity(in_force=bool(v.in_force), note=str(v.note))
