"""HTML fragments for the UI: citation cards, calculator results, clause lists (all text escaped).

Why plain functions: they take the core's typed results and return strings, so they are tested without a
browser and the Gradio module only wires components together.
"""

from __future__ import annotations

from datetime import date
from html import escape

from assistant import compose
from assistant.schema import AskResponse, Citation, RelatedItem, ValidityOut
from assistant.web.models import ClauseOut
from calculators.models import CalcResult

CSS = """
.pa-card{border:1px solid var(--border-color-primary);border-radius:10px;padding:12px 14px;margin:0 0 12px;
  background:var(--block-background-fill)}
.pa-card-head{display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between}
.pa-cite{font-weight:700;font-size:1.02em}
.pa-title{margin-top:4px;color:var(--body-text-color-subdued)}
.pa-units{margin-top:6px}
.pa-quote{margin:8px 0 4px;padding:6px 10px;border-left:3px solid var(--color-accent);
  background:var(--background-fill-secondary);white-space:pre-wrap;line-height:1.6}
.pa-note{font-size:.9em;color:var(--body-text-color-subdued);margin-top:4px}
.pa-badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:.85em;font-weight:600;color:#fff}
.pa-ok{background:#15803d}.pa-expired{background:#b91c1c}.pa-future{background:#b45309}
.pa-tag{display:inline-block;border-radius:6px;padding:0 6px;font-size:.8em;border:1px solid var(--border-color-primary)}
.pa-amount{font-size:1.4em;font-weight:700;margin:4px 0}
.pa-steps{margin:6px 0 0;padding-left:0;list-style:none}
.pa-steps li{margin:4px 0}
.pa-words{color:var(--body-text-color-subdued);font-size:.9em}
.pa-empty{color:var(--body-text-color-subdued);padding:8px 0}
.pa-error{color:#b91c1c;font-weight:600}
.pa-fold{margin:6px 0}.pa-fold summary{cursor:pointer;color:var(--color-accent);font-weight:600}
.pa-fold div{margin-top:4px;line-height:1.6}
.pa-status{border-radius:8px;padding:10px 14px;margin:4px 0;font-weight:600}
.pa-status-loading{background:#fef3c7;color:#92400e;border:1px solid #f59e0b}
.pa-status-failed{background:#fee2e2;color:#991b1b;border:1px solid #ef4444}
.pa-related-head{font-weight:700;margin:4px 0 2px}
.pa-related-card{border:1px solid var(--border-color-primary);border-radius:8px;padding:8px 10px;
  background:var(--block-background-fill);font-size:.92em;line-height:1.5}
.pa-related-card .pa-cite{font-size:1em}
.pa-related-what{margin-top:4px;font-weight:600}
.pa-maybe{background:#b45309}
"""


def badge(v: ValidityOut | None) -> str:
    """有效 / 已失效 / 尚未施行 on the chosen date."""
    if v is None:
        return ""
    day = f"{v.as_of:%Y-%m-%d}"
    if v.in_force:
        return f'<span class="pa-badge pa-ok" title="{escape(v.note)}">{day} 有效</span>'
    if v.as_of < v.effective_from:
        return f'<span class="pa-badge pa-future" title="{escape(v.note)}">{day} 尚未施行</span>'
    return f'<span class="pa-badge pa-expired" title="{escape(v.note)}">{day} 已失效</span>'


def _units(units: list[str], implementing: list[str] = ()) -> str:
    line = "、".join(units) or "条文未列明"
    extra = [u for u in implementing if u not in units]
    if extra:
        line += f"（{'、'.join(extra)}按全文件要求落实）"
    return f'<div class="pa-units"><b>责任单位：</b>{escape(line)}</div>'


def citation_card(c: Citation, v: ValidityOut | None) -> str:
    title = f'<div class="pa-title">{escape(c.title)}</div>' if c.title else ""
    note = f'<div class="pa-note">有效性：{escape(v.note)}</div>' if v else ""
    return (f'<div class="pa-card" data-citation="{escape(c.id)}"><div class="pa-card-head">'
            f'<span class="pa-cite">{escape(c.display)}</span>{badge(v)}</div>{title}'
            f"{_units(c.responsible_units, c.implementing_units)}"
            f'<blockquote class="pa-quote">{escape(c.quote)}</blockquote>{note}</div>')


def citation_cards(response: AskResponse) -> str:
    """One card per cited clause (primary first); out-of-scope answers show a note instead."""
    if not response.citations:
        return '<div class="pa-empty">本回答没有引用条款（问题不在两份政策范围内）。</div>'
    by_id = {v.citation: v for v in response.validity}
    first = response.validity[0] if response.validity else None
    return "".join(citation_card(c, by_id.get(c.id, first if i == 0 else None))
                   for i, c in enumerate(response.citations))


def citation_text(response: AskResponse) -> str:
    """What a hotline official pastes: 文号 第9条；责任单位：区工信局、区财政局、区供电公司."""
    return "\n".join(f"{c.display}；责任单位：{'、'.join(c.responsible_units) or '条文未列明'}"
                     for c in response.citations)


def money_phrase(r: CalcResult) -> str:
    """The figure as people write it (46.5亿元, 1.25万元, 12,345元): the answers' own phrase, one place."""
    return compose.amount_phrase(r)


def _amount(r: CalcResult) -> str:
    if r.no_figure:
        return money_phrase(r) + (f"（由{r.decided_by}确定）" if r.decided_by else "")
    if r.eligible is False:
        return "不符合条件"
    return money_phrase(r)


def calc_result(r: CalcResult) -> str:
    """The figure first, then each step with the clause words it rests on, then validity."""
    verdict = {True: "符合条件", False: "不符合条件", None: "条文或输入不足以判断是否符合条件"}[r.eligible]
    steps = "".join(
        f'<li>{ {True: "✓", False: "✗", None: "·"}[s.passed] } {escape(s.check)}'
        f'<div class="pa-words">条文：“{escape(s.clause_words)}”</div></li>'
        for s in r.steps)
    extra = "".join(f'<div class="pa-note">{escape(t)}</div>' for t in
                    ([f"解释口径：{r.interpretation}"] if r.interpretation else []) + [f"注：{n}" for n in r.notes])
    levels = f"（{'、'.join(r.funding_levels)}资金）" if r.funding_levels and not r.no_figure else ""
    validity = f'<div class="pa-note">有效性：{escape(r.validity_note)}</div>' if r.validity_note else ""
    state = ""
    if r.as_of is not None and r.in_force is not None:
        cls, word = ("pa-ok", "有效") if r.in_force else ("pa-expired", "不在有效期")
        state = f'<span class="pa-badge {cls}">{r.as_of:%Y-%m-%d} {word}</span>'
    return (f'<div class="pa-card" id="pa-calc-output"><div class="pa-card-head">'
            f'<span class="pa-cite">{escape(r.citation_display)} · {escape(r.title)}</span>{state}</div>'
            f'<div class="pa-amount">{escape(_amount(r))}{escape(levels)}</div><div>{verdict}</div>'
            f'<ul class="pa-steps">{steps}</ul>{extra}{validity}</div>')


STEPS_HEAD = "计算过程："
QUOTE_HEAD = "原文："


def chat_parts(answer: str) -> tuple[str, str]:
    """An answer split for the chat: (head, folded). The head is what a person needs first — the figure or the
    verdict, the source, the responsible units and the validity; the calculation steps and the quoted clause are
    folded under it (``<details>``), so a long answer never pushes its first line out of view.

    Sections are found by the answer's own line labels ("计算过程：", "原文：“…”"); an answer without them is all head."""
    head: list[str] = []
    steps: list[str] = []
    quote: list[str] = []
    in_steps = False
    for line in answer.split("\n"):
        if line.strip() == STEPS_HEAD.strip():
            in_steps = True
            continue
        if in_steps and not line.strip():
            in_steps = False
        if in_steps:
            steps.append(line)
        elif line.startswith(QUOTE_HEAD):
            quote.append(line.removeprefix(QUOTE_HEAD))
        else:
            head.append(line)
    folded = ""
    if steps:
        folded += _fold("计算过程（每一步的条文依据）", steps)
    if quote:
        folded += _fold("条文原文", quote)
    return "\n".join(head).strip("\n"), folded


def _fold(summary: str, lines: list[str]) -> str:
    body = "<br>".join(escape(line) for line in lines)
    return f'<details class="pa-fold"><summary>{escape(summary)}</summary><div>{body}</div></details>'


def notice(text: str, title: str = "提示", failed: bool = False) -> str:
    """A short note next to the control it is about (used instead of Gradio's toasts, titled in English)."""
    cls = "pa-status-failed" if failed else "pa-status-loading"
    return f'<div class="pa-status {cls}" role="alert"><b>{escape(title)}：</b>{escape(text)}</div>'


def error_box(title: str, problems: list[str]) -> str:
    items = "".join(f"<li>{escape(p)}</li>" for p in problems)
    return f'<div class="pa-card"><div class="pa-error">{escape(title)}</div><ul>{items}</ul></div>'


def clause_list(items: list[ClauseOut], as_of: date | None = None) -> str:
    if not items:
        return '<div class="pa-empty">没有找到匹配的条款。</div>'
    cards = []
    for c in items:
        tag = {"substring": "原文匹配", "retriever": "语义相关"}.get(c.match or "", "")
        tag_html = f' <span class="pa-tag">{tag}</span>' if tag else ""
        section = f'<div class="pa-title">{escape(c.section)}</div>' if c.section else ""
        cards.append(
            f'<div class="pa-card" data-citation="{escape(c.id)}"><div class="pa-card-head">'
            f'<span class="pa-cite">{escape(c.display)}{tag_html}</span>{badge(c.validity)}</div>{section}'
            f"{_units(c.responsible_units, c.implementing_units)}"
            f'<blockquote class="pa-quote">{escape(c.text)}</blockquote></div>')
    return f'<div class="pa-note">共 {len(items)} 条</div>' + "".join(cards)


def related_card(item: RelatedItem) -> str:
    """One measure of "根据您提供的情况，还可能适用": 文号 第N条, the measure, then the amount the facts decide (or that it
    may apply, and the one or two facts still needed), and a note when it is not in force on the day asked. Every
    figure is the check-up's (``RelatedItem``), written as the text section writes it."""
    if item.status == "applicable":
        tag = '<span class="pa-badge pa-ok">符合条件</span>'
        what = f"按所述可获{item.amount_text}" if item.amount_text else "按所述符合条件"
    else:
        tag = '<span class="pa-badge pa-maybe">可能适用</span>'
        what = item.amount_text or ""
    needs = f'<div class="pa-note">还需：{escape("、".join(item.needs))}</div>' if item.needs else ""
    expired = '<div class="pa-note pa-error">该条在所问日期不在有效期内</div>' if item.in_force is False else ""
    what_html = f'<div class="pa-related-what">{escape(what)}</div>' if what else ""
    return (f'<div class="pa-related-card" data-citation="{escape(item.id)}"><div class="pa-card-head">'
            f'<span class="pa-cite">{escape(item.display)}</span>{tag}</div>'
            f'<div class="pa-title">{escape(item.title)}</div>{what_html}{needs}{expired}</div>')


def followup_question(item: RelatedItem) -> str:
    """The question a related card's button asks: names the clause and the measure, so the next turn is about it
    (with the conversation so far as history, the facts already given are reused)."""
    return f"按{item.display}（{item.title}），我能拿多少？"
