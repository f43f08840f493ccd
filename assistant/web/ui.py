"""Gradio chat UI (Chinese): chat with citation cards, calculator forms, clause browser, 政策体检.

Why in-process calls instead of HTTP: the UI and the API share one Runtime (one Assistant, one index), so the
UI is just another thin adapter; mounted at ``/`` after the API routes so ``/v1`` and ``/docs`` stay reachable.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from a government hotline tool

import gradio as gr  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from pydantic import ValidationError  # noqa: E402

from assistant import compose  # noqa: E402
from assistant.related import HEADING as RELATED_HEADING  # noqa: E402
from assistant.related import MAX_ITEMS as RELATED_MAX  # noqa: E402
from assistant.schema import MAX_HISTORY_TURNS, MAX_QUESTION_CHARS, AskRequest, AskResponse  # noqa: E402
from assistant.web import clauses as clause_browser  # noqa: E402
from assistant.web import render  # noqa: E402
from assistant.web.deps import NotReady, Runtime  # noqa: E402
from assistant.web.checkup_form import BASIC, example_profiles, group_fields, values_from_profile  # noqa: E402
from assistant.web.forms import FieldSpec, FormError, fields_from_schema, payload_from_values  # noqa: E402
from assistant.web.messages import plain, zh_problems  # noqa: E402
from assistant.web.openai_compat import pieces  # noqa: E402

#: Examples that name no document; each document's own examples come from its metadata (``examples``).
GENERAL_EXAMPLES = [
    "春节用了九十万度电，市里奖了六万，区里配多少？",
    "技术改造设备投资的奖励归哪个部门管？",
    "节能改造年节能量600吨标准煤补多少？",
]
STREAM_CHARS = 12
STREAM_DELAY = 0.015
DEFAULT_CALCULATOR = "spring_festival_electricity_2024_9"
# System fonts only: the default theme fetches Google Fonts, which an offline or intranet deployment cannot reach.
FONTS = ["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "system-ui", "sans-serif"]
THEME = gr.themes.Soft(font=FONTS, font_mono=["ui-monospace", "Consolas", "monospace"])
STATUS_POLL_SECONDS = 3


def examples() -> list[str]:
    """The example questions: two general ones, one per document (from the registry), then the rest."""
    from assistant.documents import registry

    return [*GENERAL_EXAMPLES[:2], *registry().examples(), *GENERAL_EXAMPLES[2:]]


def document_choices() -> list[tuple[str, str]]:
    """The clause browser's document list: every document of the corpus by 文号 (from the registry)."""
    from assistant.documents import registry

    reg = registry()
    return [("全部文件", ""), *((reg.wenhao(k), k) for k in reg.keys)]


def header_markdown() -> str:
    """The page header naming every document the assistant answers on."""
    from assistant.documents import registry

    reg = registry()
    docs = "和".join(f"《{reg.wenhao(k)}》" for k in reg.keys)
    return (f"## 长乐区产业扶持政策助手\n解答{docs}的问题：条款原文、奖补金额计算、责任单位和有效期。"
            "每个回答都注明文号和条款。（接口文档：[/docs](/docs)）")


def parse_day(value: Any) -> date:
    """The as-of control's value (a 'YYYY-MM-DD…' string or a timestamp) as a date; blank = today."""
    if value in (None, ""):
        return compose.today()
    if isinstance(value, int | float):
        return date.fromtimestamp(value)
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise gr.Error("日期格式应为 YYYY-MM-DD") from None


# ---- readiness ------------------------------------------------------------------------------------------------------
def status_banner(runtime: Runtime) -> str:
    """The assistant's state for people: nothing when ready, a note while loading, what failed and what to do."""
    text = runtime.status_text()
    if not text:
        return ""
    cls = "pa-status-failed" if runtime.state == "failed" else "pa-status-loading"
    return f'<div class="pa-status {cls}" role="status">{escape(text)}</div>'


def _status(runtime: Runtime, demo: gr.Blocks) -> None:
    """A banner under the header, refreshed while the assistant loads (the timer stops once loading has ended)."""
    banner = gr.HTML(status_banner(runtime), elem_id="pa-status", js_on_load=None)
    timer = gr.Timer(STATUS_POLL_SECONDS)

    def refresh():
        return status_banner(runtime), gr.Timer(active=runtime.state == "loading")

    timer.tick(refresh, outputs=[banner, timer], show_progress="hidden")
    demo.load(refresh, outputs=[banner, timer], show_progress="hidden")


# ---- chat -----------------------------------------------------------------------------------------------------------
def chat_turn(runtime: Runtime, message: str, messages: list, turns: list[str], day_value: Any) -> Iterator[tuple]:
    """Answer one turn, streaming the text; yields (chatbot, turns, cards, copy text, question box, response, note).

    ``response`` is None while the text streams and the AskResponse on the last frame (its ``related`` and
    ``facts`` feed the cards under the answer), gr.skip() when nothing was asked.
    A turn that is not answered says why in the note under the question box (Gradio's toasts are titled in English
    whatever title is given), and leaves the question box as it is (gr.skip): the question is never sent back."""
    text = (message or "").strip()
    problem = None
    if not text:
        problem = render.notice("请先输入问题。")
    elif len(text) > MAX_QUESTION_CHARS:
        problem = render.notice(f"问题太长（{len(text)} 字），请控制在 {MAX_QUESTION_CHARS} 字以内。")
    if problem:
        yield messages, turns, gr.skip(), gr.skip(), gr.skip(), gr.skip(), problem
        return
    day = parse_day(day_value)
    try:
        response = runtime.assistant(timeout=20).ask(
            AskRequest(question=text, history=turns[-MAX_HISTORY_TURNS:], as_of=day))
    except NotReady as e:
        note = (render.notice(runtime.status_text(), "暂时无法回答", failed=True) if e.failed
                else render.notice("助手还在加载（首次启动需要建立索引），请稍候再试。"))
        yield messages, turns, gr.skip(), gr.skip(), gr.skip(), gr.skip(), note
        return
    messages = [*messages, {"role": "user", "content": text}, {"role": "assistant", "content": ""}]
    turns = [*turns, text][-MAX_HISTORY_TURNS:]
    cards, copy = render.citation_cards(response), render.citation_text(response)
    # The head (figure or verdict, source, units, validity) streams; the steps and the quoted clause arrive folded
    # under it at the end, so the first line stays in view however long the calculation is.
    head, folded = render.chat_parts(response.answer)
    shown = ""
    for piece in pieces(head, STREAM_CHARS):
        shown += piece
        messages[-1] = {"role": "assistant", "content": shown}
        yield messages, turns, cards, copy, "", None, ""
        time.sleep(STREAM_DELAY)
    messages[-1] = {"role": "assistant", "content": f"{shown}\n\n{folded}" if folded else shown}
    yield messages, turns, cards, copy, "", response, ""


# ---- related measures under the answer (issue 18) ---------------------------------------------------------------------
@dataclass
class RelatedView:
    """The components under the chat answer: the "还可能适用" cards (a fixed pool of ``RELATED_MAX`` slots, each a
    card and a button that asks about that measure) and the link to a full check-up on the chat's facts.

    Why a fixed pool rather than @gr.render: a card's button starts a turn whose answer replaces the cards; with
    render-created buttons that would remove the very listener whose event chain is still running."""

    box: gr.Column
    slots: list[tuple[gr.Column, gr.HTML, gr.Button]]
    checkup: gr.Button
    followups: gr.State  # the question each slot's button asks
    facts: gr.State  # the latest non-empty facts of the conversation (profile fields)

    def outputs(self) -> list[gr.components.Component]:
        return [self.box, *(c for slot in self.slots for c in slot[:2]), self.followups, self.facts, self.checkup]


def related_updates(response: Any, facts: dict[str, Any]) -> list[Any]:
    """The updates of ``RelatedView.outputs()`` for one frame of a turn: skip when nothing was asked, cards hidden
    while the answer streams, then one card per related measure of the answer. The facts are the conversation's: a
    turn without any (a clarification, another topic) keeps the earlier ones, so the check-up link stays usable."""
    slots = RELATED_MAX * 2
    if not isinstance(response, AskResponse):
        if response is None:  # streaming: the previous answer's cards go away
            return [gr.Column(visible=False), *[gr.skip()] * slots, gr.skip(), gr.skip(), gr.skip()]
        return [gr.skip()] * (slots + 4)
    items = response.related[:RELATED_MAX]
    cells: list[Any] = []
    for i in range(RELATED_MAX):
        if i < len(items):
            cells += [gr.Column(visible=True), render.related_card(items[i])]
        else:
            cells += [gr.Column(visible=False), ""]
    kept = response.facts or facts or {}
    return [gr.Column(visible=bool(items)), *cells, [render.followup_question(it) for it in items], kept,
            gr.Button(visible=bool(kept))]


def _related_view() -> RelatedView:
    with gr.Column(visible=False, elem_id="pa-related") as box:
        gr.HTML(f'<div class="pa-related-head">{escape(RELATED_HEADING)}</div>', js_on_load=None)
        with gr.Row(equal_height=False):
            slots = []
            for i in range(RELATED_MAX):
                with gr.Column(visible=False, min_width=220, elem_id=f"pa-related-{i}",
                               elem_classes=["pa-related-slot"]) as column:
                    card = gr.HTML(js_on_load=None)
                    ask = gr.Button("问这一条：能拿多少？", size="sm", elem_id=f"pa-related-ask-{i}")
                slots.append((column, card, ask))
    checkup = gr.Button("生成完整体检报告 →", size="sm", variant="secondary", visible=False,
                        elem_id="pa-related-checkup")
    return RelatedView(box, slots, checkup, gr.State([]), gr.State({}))


def _chat_tab(runtime: Runtime, as_of: gr.DateTime) -> RelatedView:
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label="对话", show_label=False, height=540, elem_id="pa-chatbot", feedback_options=None,
                                 placeholder="用大白话提问，例如“春节用了九十万度电，市里奖了六万，区里配多少？”")
            related = _related_view()
            with gr.Row():
                question = gr.Textbox(show_label=False, placeholder="输入问题，回车发送", scale=5,
                                      max_length=MAX_QUESTION_CHARS, elem_id="pa-question")
                send = gr.Button("发送", variant="primary", scale=1, min_width=80, elem_id="pa-send")
            note = gr.HTML("", elem_id="pa-chat-note", js_on_load=None)
            gr.Examples(examples(), inputs=question, label="示例问题（点一下填入）")
            clear = gr.Button("清空对话", size="sm")
        with gr.Column(scale=2):
            copy = gr.Textbox(label="引用文本（可复制给热线人员）", lines=2, interactive=False,
                              buttons=["copy"], elem_id="pa-copy")
            gr.Markdown("**引用条款**")
            cards = gr.HTML('<div class="pa-empty">提问后在这里显示所引条款、责任单位和有效性。</div>',
                            elem_id="pa-cards", js_on_load=None)
    # The conversation is kept server-side (gr.State), so a turn uploads only the new question and the date: the
    # request stays within the app-wide body limit however long the conversation gets.
    turns, shown = gr.State([]), gr.State([])

    def respond(message, messages, history, day, facts):
        for *out, response, note_html in chat_turn(runtime, message, messages, history, day):
            yield out[0], out[0], *out[1:], note_html, *related_updates(response, facts)

    inputs = [question, shown, turns, as_of, related.facts]
    outputs = [chatbot, shown, turns, cards, copy, question, note, *related.outputs()]
    for trigger in (send.click, question.submit):
        trigger(respond, inputs=inputs, outputs=outputs, concurrency_limit=8)
    for i, (_, _, ask) in enumerate(related.slots):  # fill the question box with the card's question, then ask it
        ask.click(lambda asks, i=i: asks[i] if i < len(asks) else gr.skip(), inputs=related.followups,
                  outputs=question).success(respond, inputs=inputs, outputs=outputs, concurrency_limit=8)
    cleared = [gr.Column(visible=False), *[gr.skip()] * (2 * RELATED_MAX), [], {}, gr.Button(visible=False)]
    clear.click(lambda: ([], [], [], "", "", "", *cleared),
                outputs=[chatbot, shown, turns, cards, copy, note, *related.outputs()])
    return related


# ---- forms ----------------------------------------------------------------------------------------------------------
def component_for(spec: FieldSpec) -> gr.components.Component:
    """The input component of one schema field (labels and help from the schema's title/description)."""
    label = spec.label + ("" if spec.required else "（选填）")
    info = re.split(r"\s*/\s*(?=[A-Za-z])", spec.description)[0] or None  # descriptions are "中文 / English"
    if spec.kind == "bool":
        return gr.Radio(spec.bool_choices, label=label, info=info, value=None)
    if spec.kind == "enum":
        return gr.Dropdown(list(spec.choices), label=label, info=info, value=spec.default)
    if spec.kind in ("int", "number"):  # a Textbox, not gr.Number: an empty Number reads as 0, not "unknown"
        return gr.Textbox(label=label, info=info, value=None if spec.default is None else str(spec.default),
                          placeholder=spec.number_hint)
    if spec.kind == "date":
        return gr.Textbox(label=label, info=info, placeholder="YYYY-MM-DD", value=spec.default)
    if spec.kind == "json":
        return gr.Code(label=label + "（JSON）", language="json", value=None)
    return gr.Textbox(label=label, info=info, value=spec.default)


def _calculator_choices() -> list[tuple[str, str]]:
    from calculators import registry

    def order(c) -> tuple:
        doc, _, n = c.citation.partition("#")
        return doc, int(n) if n.isdigit() else 999, c.name

    return [(f"{c.title} — {_display(c.citation)}", c.name) for c in sorted(registry.all(), key=order)]


def _display(citation: str) -> str:
    """文号 第9条 for 2024#9 (the one citation display, from the document registry)."""
    from calculators.models import display_citation

    return display_citation(citation)


def run_calculator(name: str, specs: list[FieldSpec], day_value: Any, values: list[Any]) -> str:
    from calculators import registry

    try:
        payload = payload_from_values(specs, list(values))
        result = registry.run(name, payload, as_of=parse_day(day_value))
    except FormError as e:
        return render.error_box("输入有误", [str(e)])
    except registry.CalculatorInputError as e:
        labels = {s.name: s.label for s in specs}
        cause = e.__cause__
        problems = (zh_problems(cause, labels) if isinstance(cause, ValidationError)
                    else [f"{labels.get(f, f)}：{plain(m)}" for f, m in e.errors])
        return render.error_box("请补全或更正以下输入", problems)
    return render.calc_result(result)


def _calculator_tab(as_of: gr.DateTime) -> None:
    from calculators import registry

    choices = _calculator_choices()
    default = DEFAULT_CALCULATOR if DEFAULT_CALCULATOR in {v for _, v in choices} else choices[0][1]
    choice = gr.Dropdown(choices, value=default, label="选择计算器（按条款排序）", elem_id="pa-calc-choice")
    output = gr.HTML('<div class="pa-empty">填写后点“计算”。</div>', elem_id="pa-calc-result", js_on_load=None,
                     render=False)

    @gr.render(inputs=[choice])
    def form(name: str | None):
        if not name:
            gr.Markdown("请先选择一个计算器。")
            return
        calc = registry.get(name)
        gr.Markdown(f"**{escape(calc.title)}**（依据 {escape(_display(calc.citation))}）")
        specs = fields_from_schema(calc.json_schema())
        with gr.Group():
            inputs = [component_for(s) for s in specs]
        run = gr.Button("计算", variant="primary", elem_id="pa-calc-run")
        run.click(lambda day, *vals: run_calculator(name, specs, day, vals), inputs=[as_of, *inputs],
                  outputs=output)

    output.render()


# ---- clauses --------------------------------------------------------------------------------------------------------
def search_clauses(runtime: Runtime, q: str, doc: str, day_value: Any) -> str:
    retriever = runtime.assistant(timeout=0).retriever if (q and q.strip() and runtime.ready) else None
    items = clause_browser.search(runtime.corpus(), (q or "").strip()[:200] or None, doc or None, retriever,
                                  parse_day(day_value), limit=clause_browser.MAX_RESULTS)
    return render.clause_list(items)


def _clause_tab(runtime: Runtime, as_of: gr.DateTime, demo: gr.Blocks) -> None:
    with gr.Row():
        q = gr.Textbox(label="搜索条款（原文词语或大白话）", placeholder="例如：春节 用电 / 技术改造", scale=4,
                       elem_id="pa-clause-q")
        doc = gr.Dropdown(document_choices(), value="", label="文件", scale=2)
        go = gr.Button("搜索", variant="primary", scale=1, min_width=80)
    results = gr.HTML(elem_id="pa-clause-results", js_on_load=None)
    for trigger in (go.click, q.submit, doc.change):
        trigger(lambda a, b, c: search_clauses(runtime, a, b, c), inputs=[q, doc, as_of], outputs=results)
    demo.load(lambda a, b, c: search_clauses(runtime, a, b, c), inputs=[q, doc, as_of], outputs=results)


# ---- 政策体检 ---------------------------------------------------------------------------------------------------------
def run_checkup(specs: list[FieldSpec], day_value: Any, values: list[Any]) -> str:
    from assistant.checkup import EnterpriseProfile, match, render_html

    try:
        profile = EnterpriseProfile.model_validate(payload_from_values(specs, list(values)))
    except FormError as e:
        return render.error_box("输入有误", [str(e)])
    except ValidationError as e:
        return render.error_box("企业画像有误", zh_problems(e, {s.name: s.label for s in specs}))
    page = render_html(match(profile, as_of=parse_day(day_value)))
    return (f'<iframe id="pa-checkup-report" title="政策体检报告" srcdoc="{escape(page, quote=True)}" '
            f'style="width:100%;height:900px;border:1px solid var(--border-color-primary);border-radius:8px;'
            f'background:#fff"></iframe>')


def fill_checkup(ordered: list[FieldSpec], data: Any) -> list[Any]:
    """Component values (in ``ordered``'s order) and a note, for a profile given as a dict or as JSON text."""
    from assistant.checkup import EnterpriseProfile

    skip = [gr.skip()] * len(ordered)
    if isinstance(data, str):
        if not data.strip():
            return [*skip, render.error_box("没有可填入的内容", ["请先粘贴企业画像 JSON。"])]
        try:
            data = json.loads(data)
        except json.JSONDecodeError as e:
            return [*skip, render.error_box("不是合法的 JSON", [f"第{e.lineno}行第{e.colno}列：{e.msg}"])]
    if not isinstance(data, dict):
        return [*skip, render.error_box("不是企业画像", ["JSON 应是一个对象：{\"字段名\": 值, …}"])]
    try:
        profile = EnterpriseProfile.model_validate(data)
    except ValidationError as e:
        return [*skip, render.error_box("企业画像有误，未填入", zh_problems(e, {s.name: s.label for s in ordered}))]
    filled = sum(v is not None for v in values_from_profile(ordered, profile))
    note = f'<div class="pa-note">已填入 {filled} 项{("（" + escape(profile.name) + "）") if profile.name else ""}，可修改后点“开始体检”。</div>'
    return [*values_from_profile(ordered, profile), note]


@dataclass
class CheckupView:
    """The check-up form's components, for filling it from elsewhere (the chat's "生成完整体检报告")."""

    ordered: list[FieldSpec]
    inputs: list[gr.components.Component]
    groups: list[tuple[gr.Accordion, set[str]]]  # each closed-by-default group and the fields it holds
    note: gr.HTML
    report: gr.HTML


def fill_from_chat(view: CheckupView, facts: dict[str, Any]) -> list[Any]:
    """The form filled with the facts the conversation stated (``AskResponse.facts``), each group holding one of them
    opened, and a note naming what was filled: the values of ``view.inputs``, the note, then each group's update."""
    from assistant.checkup import EnterpriseProfile

    filled = fill_checkup(view.ordered, facts or {})
    values, note = filled[:-1], filled[-1]
    try:
        profile = EnterpriseProfile.model_validate(facts or {})
    except ValidationError:
        return [*values, note, *[gr.skip()] * len(view.groups)]
    given = {s.name for s, v in zip(view.ordered, values_from_profile(view.ordered, profile)) if v is not None}
    labels = [s.label for s in view.ordered if s.name in given]
    if labels:
        note = (f'<div class="pa-note">已按对话中说过的情况填入 {len(labels)} 项：{escape("、".join(labels))}。'
                "下方是按这些情况生成的体检报告；补充或修改后可再点“开始体检”。</div>")
    return [*values, note, *[gr.Accordion(open=True) if names & given else gr.skip() for _, names in view.groups]]


def _checkup_tab(as_of: gr.DateTime) -> CheckupView | None:
    try:
        from assistant.checkup import EnterpriseProfile
    except ImportError as e:
        gr.Markdown(f"政策体检模块不可用：{e}")
        return None
    groups = group_fields(fields_from_schema(EnterpriseProfile.model_json_schema()))
    ordered = [s for g in groups for s in g.specs]
    examples = example_profiles()
    gr.Markdown("填写企业情况（都可以不填，不填视为“未知”），系统逐条对照两份政策，列出可能享受的奖补及所需材料。"
                "先填“基本情况”，再只打开与您相关的政策组；也可以从示例企业或企业画像 JSON 一次填入。")
    with gr.Row(equal_height=False):
        example = gr.Dropdown(list(examples), value=None, label="从示例企业填入", scale=2, elem_id="pa-checkup-example")
        with gr.Column(scale=3):
            pasted = gr.Code(label="或粘贴企业画像 JSON", language="json", lines=3, elem_id="pa-checkup-json")
            load = gr.Button("按 JSON 填入表单", size="sm", elem_id="pa-checkup-load")
    note = gr.HTML(elem_id="pa-checkup-fill-note", js_on_load=None)
    inputs: list[gr.components.Component] = []
    accordions: list[tuple[gr.Accordion, set[str]]] = []

    def grid(part: list[FieldSpec]) -> None:
        with gr.Row():
            columns = [gr.Column(min_width=260) for _ in range(3)]
        for i, spec in enumerate(part):
            with columns[i % 3]:
                inputs.append(component_for(spec))

    for g in groups:
        if g.title == BASIC:
            gr.Markdown(f"**{BASIC}**")
            grid(g.specs)
            continue
        with gr.Accordion(g.heading, open=False, elem_classes=["pa-checkup-group"]) as accordion:
            accordions.append((accordion, {s.name for s in g.specs}))
            lines = [f"适用条款：{g.clauses}"] if g.clauses else []
            if g.also_used:
                lines.append("本组还会用到：" + "；".join(f"{label}（在“{where}”组）" for label, where in g.also_used))
            if lines:
                gr.Markdown("\n\n".join(escape(x) for x in lines))
            grid(g.specs)
    run = gr.Button("开始体检", variant="primary", elem_id="pa-checkup-run")
    report = gr.HTML(elem_id="pa-checkup-result", js_on_load=None)
    run.click(lambda day, *vals: run_checkup(ordered, day, vals), inputs=[as_of, *inputs], outputs=report)
    example.change(lambda name: fill_checkup(ordered, examples.get(name) if name else ""),
                   inputs=example, outputs=[*inputs, note])
    load.click(lambda text: fill_checkup(ordered, text), inputs=pasted, outputs=[*inputs, note])
    return CheckupView(ordered, inputs, accordions, note, report)


def _link_chat_to_checkup(related: RelatedView, checkup: CheckupView, tabs: gr.Tabs, as_of: gr.DateTime) -> None:
    """"生成完整体检报告": open the 政策体检 tab with the form filled from the chat's facts, then run the check-up."""
    related.checkup.click(
        lambda facts: [gr.Tabs(selected="checkup"), *fill_from_chat(checkup, facts)], inputs=related.facts,
        outputs=[tabs, *checkup.inputs, checkup.note, *(a for a, _ in checkup.groups)],
    ).success(lambda day, *vals: run_checkup(checkup.ordered, day, vals), inputs=[as_of, *checkup.inputs],
              outputs=checkup.report)


# ---- assembly -------------------------------------------------------------------------------------------------------
def build_ui(runtime: Runtime) -> gr.Blocks:
    with gr.Blocks(title="长乐区产业扶持政策助手") as demo:
        with gr.Row(equal_height=True):
            gr.Markdown(header_markdown())
            as_of = gr.DateTime(value=compose.today().isoformat(), include_time=False, type="string",
                                label="按此日期判断政策是否有效", elem_id="pa-as-of", scale=0, min_width=320)
        _status(runtime, demo)
        with gr.Tabs() as tabs:
            with gr.Tab("政策问答", id="chat"):
                related = _chat_tab(runtime, as_of)
            with gr.Tab("奖补计算器", id="calculators"):
                _calculator_tab(as_of)
            with gr.Tab("条款浏览", id="clauses"):
                _clause_tab(runtime, as_of, demo)
            with gr.Tab("政策体检", id="checkup"):
                checkup = _checkup_tab(as_of)
        if checkup is not None:
            _link_chat_to_checkup(related, checkup, tabs, as_of)
    demo.queue(default_concurrency_limit=8)
    return demo


def mount_ui(app: FastAPI, runtime: Runtime) -> FastAPI:
    """Mount the UI at ``/``; call after the API routes are included so they take precedence."""
    return gr.mount_gradio_app(app, build_ui(runtime), path="/", css=render.CSS, footer_links=[],
                               theme=THEME)
