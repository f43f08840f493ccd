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
from datetime import date
from html import escape
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from a government hotline tool

import gradio as gr  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from pydantic import ValidationError  # noqa: E402

from assistant import compose  # noqa: E402
from assistant.schema import MAX_HISTORY_TURNS, MAX_QUESTION_CHARS, AskRequest  # noqa: E402
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
    """Answer one turn, streaming the text; yields (chatbot, turns, cards, copy text, question box, note).

    A turn that is not answered says why in the note under the question box (Gradio's toasts are titled in English
    whatever title is given), and leaves the question box as it is (gr.skip): the question is never sent back."""
    text = (message or "").strip()
    problem = None
    if not text:
        problem = render.notice("请先输入问题。")
    elif len(text) > MAX_QUESTION_CHARS:
        problem = render.notice(f"问题太长（{len(text)} 字），请控制在 {MAX_QUESTION_CHARS} 字以内。")
    if problem:
        yield messages, turns, gr.skip(), gr.skip(), gr.skip(), problem
        return
    day = parse_day(day_value)
    try:
        response = runtime.assistant(timeout=20).ask(
            AskRequest(question=text, history=turns[-MAX_HISTORY_TURNS:], as_of=day))
    except NotReady as e:
        note = (render.notice(runtime.status_text(), "暂时无法回答", failed=True) if e.failed
                else render.notice("助手还在加载（首次启动需要建立索引），请稍候再试。"))
        yield messages, turns, gr.skip(), gr.skip(), gr.skip(), note
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
        yield messages, turns, cards, copy, "", ""
        time.sleep(STREAM_DELAY)
    if folded:
        messages[-1] = {"role": "assistant", "content": f"{shown}\n\n{folded}"}
        yield messages, turns, cards, copy, "", ""


def _chat_tab(runtime: Runtime, as_of: gr.DateTime) -> None:
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label="对话", show_label=False, height=540, elem_id="pa-chatbot", feedback_options=None,
                                 placeholder="用大白话提问，例如“春节用了九十万度电，市里奖了六万，区里配多少？”")
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

    def respond(message, messages, history, day):
        for out in chat_turn(runtime, message, messages, history, day):
            yield out[0], out[0], *out[1:]

    for trigger in (send.click, question.submit):
        trigger(respond, inputs=[question, shown, turns, as_of],
                outputs=[chatbot, shown, turns, cards, copy, question, note], concurrency_limit=8)
    clear.click(lambda: ([], [], [], "", "", ""), outputs=[chatbot, shown, turns, cards, copy, note])


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


def _checkup_tab(as_of: gr.DateTime) -> None:
    try:
        from assistant.checkup import EnterpriseProfile
    except ImportError as e:
        gr.Markdown(f"政策体检模块不可用：{e}")
        return
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
        with gr.Accordion(g.heading, open=False, elem_classes=["pa-checkup-group"]):
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


# ---- assembly -------------------------------------------------------------------------------------------------------
def build_ui(runtime: Runtime) -> gr.Blocks:
    with gr.Blocks(title="长乐区产业扶持政策助手") as demo:
        with gr.Row(equal_height=True):
            gr.Markdown(header_markdown())
            as_of = gr.DateTime(value=compose.today().isoformat(), include_time=False, type="string",
                                label="按此日期判断政策是否有效", elem_id="pa-as-of", scale=0, min_width=320)
        _status(runtime, demo)
        with gr.Tabs():
            with gr.Tab("政策问答", id="chat"):
                _chat_tab(runtime, as_of)
            with gr.Tab("奖补计算器", id="calculators"):
                _calculator_tab(as_of)
            with gr.Tab("条款浏览", id="clauses"):
                _clause_tab(runtime, as_of, demo)
            with gr.Tab("政策体检", id="checkup"):
                _checkup_tab(as_of)
    demo.queue(default_concurrency_limit=8)
    return demo


def mount_ui(app: FastAPI, runtime: Runtime) -> FastAPI:
    """Mount the UI at ``/``; call after the API routes are included so they take precedence."""
    return gr.mount_gradio_app(app, build_ui(runtime), path="/", css=render.CSS, footer_links=[],
                               theme=THEME)
