"""“根据您提供的情况，还可能适用”: the other measures the facts of a conversation already decide or touch.

Why through the check-up: the 政策体检 engine already applies every calculator to a profile with 就高不重复 and
validity at a date; running it on the facts the chat gathered (``assistant.chat_facts``) gives the same figures the
full report would, computed and cited, never guessed. What this module adds is the selection for a chat answer:

* only measures *touched* by a stated fact that is more than the enterprise's general description (scale, sector,
  name…): a 规上工业 firm asking about one award does not get a list of every award for 规上工业企业;
* not the measure(s) the answer is about, nothing the facts rule out, nothing dropped by 就高不重复;
* applicable ones first, then those that may apply, each by its value; at most five.
"""

from __future__ import annotations

from datetime import date
from assistant.chat_facts import ChatFacts
from assistant.checkup.engine import match
from assistant.checkup.mapping import BY_NAME, CONTEXT_FIELDS, INDUSTRY
from assistant.checkup.profile import EnterpriseProfile
from assistant.checkup.report import AwardItem, MayApplyItem
from assistant.schema import RelatedItem

MAX_ITEMS = 5
HEADING = "根据您提供的情况，还可能适用："


def _touching(calculator: str, given: set[str]) -> list[str]:
    m = BY_NAME.get(calculator)
    if m is None:
        return []
    return [s for s in m.sources() if s in given and s not in CONTEXT_FIELDS]


def _needs(item: MayApplyItem) -> list[str]:
    """The first one or two facts still needed, in the profile's words; the three fields that say whether the
    enterprise is 工业 / 制造业 are asked as one question."""
    titles: list[str] = []
    for mi in item.missing:
        fields = set(mi.fields)
        if fields & set(INDUSTRY):
            titles.append("是否制造业企业" if "manufacturing_enterprise" in fields else "是否工业企业")
            fields -= set(INDUSTRY)
        titles += [EnterpriseProfile.model_fields[f].title or f for f in mi.fields if f in fields]
        if not mi.fields:
            titles += mi.titles
    return list(dict.fromkeys(titles + list(item.undecided)))[:2]


def related(facts: ChatFacts, exclude: set[str], as_of: date | None) -> list[RelatedItem]:
    """The related measures for a chat answer about ``exclude`` (clause ids), on the facts gathered so far."""
    given = set(facts.given())
    if not given - CONTEXT_FIELDS:
        return []
    report = match(facts.profile, as_of)
    out: list[tuple[tuple[int, int], RelatedItem]] = []
    items: list[AwardItem | MayApplyItem] = [*report.applicable, *report.may_apply]
    for it in items:
        if it.citation in exclude or (isinstance(it, AwardItem) and it.not_repeated):
            continue
        touching = _touching(it.calculator, given)
        if not touching:
            continue
        applicable = isinstance(it, AwardItem)
        value = (it.amount_yuan if applicable else None) or it.amount_max_yuan or 0
        out.append(((0 if applicable else 1, -value), RelatedItem(
            id=it.citation, doc=_doc(it.citation_display), clause=_number(it.citation),
            display=it.citation_display, title=it.title, status="applicable" if applicable else "may_apply",
            amount_yuan=it.amount_yuan if applicable else None, amount_max_yuan=it.amount_max_yuan,
            amount_text=it.amount_text, needs=[] if applicable else _needs(it), in_force=it.in_force,
            facts=touching,
        )))
    seen: set[str] = set()
    chosen: list[RelatedItem] = []
    for _, item in sorted(out, key=lambda x: x[0]):
        if item.id in seen:
            continue
        seen.add(item.id)
        chosen.append(item)
    return chosen[:MAX_ITEMS]


def _doc(display: str) -> str:
    return display.split(" 第")[0]


def _number(citation: str) -> int | None:
    tail = citation.split("#", 1)[1]
    return int(tail) if tail.isdigit() else None


def section(items: list[RelatedItem]) -> str:
    """The section as text, for the terminal, the OpenAI-compatible and MCP answers (the web UI shows cards)."""
    if not items:
        return ""
    lines = [HEADING]
    for i, it in enumerate(items, 1):
        if it.status == "applicable":
            what = f"按所述可获{it.amount_text}" if it.amount_text else "按所述符合条件"
        else:
            what = "可能适用" + (f"（{it.amount_text}）" if it.amount_text else "")
            if it.needs:
                what += f"，还需提供：{'、'.join(it.needs)}"
        expired = "；该条在所问日期已不在有效期内" if it.in_force is False else ""
        lines.append(f"{i}. {it.display}（{it.title}）：{what}{expired}")
    return "\n".join(lines)


__all__ = ["HEADING", "MAX_ITEMS", "RelatedItem", "related", "section"]
