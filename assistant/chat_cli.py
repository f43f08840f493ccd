"""`policy-assistant chat`: a conversation in the terminal, for hotline officials who work there (issue 18).

Why a loop over ``Assistant.ask`` and nothing else: the chat must answer exactly as the API and the web UI do. The
session keeps the user's earlier turns and sends them as ``AskRequest.history`` (the same rule as the web chat), so
"那如果是1000吨呢？" reuses what was said before, and after a calculation or eligibility answer the section
"根据您提供的情况，还可能适用：…" lists what the facts given so far decide elsewhere.

In a terminal: a prompt with line editing, answers in colour. Anywhere else (a pipe, a file) stdin is read one
question per line and the transcript is plain text (each question echoed as "问：…"), so a list of questions can be
replayed: ``printf '…\\n…\\n' | policy-assistant chat --as-of 2024-03-01``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, TextIO

from pydantic import ValidationError
from rich.console import Console

from assistant import cli_output
from assistant.schema import MAX_HISTORY_TURNS, MAX_QUESTION_CHARS, AskRequest

QUIT = frozenset({"/quit", "/exit", "/q"})
NEW = frozenset({"/new"})
HELP = "输入问题后回车；/new 开始新的对话（之前说过的情况不再使用）；/quit 或 Ctrl-D 退出。"
PROMPT = "[bold green]问[/bold green] › "


def _lines(stdin: TextIO, con: Console, interactive: bool) -> Iterator[str]:
    """The user's lines until EOF (or Ctrl-C at the prompt)."""
    if not interactive:
        for line in stdin:
            yield line.rstrip("\n")
        return
    try:
        import readline  # noqa: F401  (line editing and ↑ history for input())
    except ImportError:  # pragma: no cover - Windows
        pass
    while True:
        try:
            yield con.input(PROMPT)
        except (EOFError, KeyboardInterrupt):
            con.print()
            return


def _problem(e: ValidationError) -> str:
    kinds = {err["type"] for err in e.errors()}
    if "string_too_long" in kinds:
        return f"问题太长，请分几次问（每个问题 {MAX_QUESTION_CHARS} 字以内）。"
    return "这个问题无法处理：" + "；".join(str(err["msg"]) for err in e.errors())


def run(open_assistant: Callable[[], Any], as_of: date | None = None, stdin: TextIO | None = None) -> int:
    """The chat loop; returns the exit code. ``open_assistant`` is called once, before the first question, so a
    configuration problem (model, corpus, index) is said at once and not after the user has typed."""
    stdin = stdin if stdin is not None else sys.stdin
    interactive = cli_output.is_terminal(stdin) and cli_output.is_terminal()
    con = cli_output.console()
    if interactive:
        con.print("[bold]长乐区产业政策助手[/bold]（对话）", highlight=False)
        cli_output.echo(HELP, con, style="dim")
        cli_output.echo("正在加载……", con, style="dim")
    assistant = open_assistant()
    if interactive:
        cli_output.echo("已就绪。", con, style="dim")
    turns: list[str] = []
    for line in _lines(stdin, con, interactive):
        text = line.strip()
        if not text:
            continue
        if text.lower() in QUIT:
            break
        if text.lower() in NEW:
            turns = []
            cli_output.echo("（已开始新的对话）", con, style="dim")
            continue
        if text.startswith("/"):
            cli_output.echo(f"不认识的命令 {text}。{HELP}", con, style="dim")
            continue
        if not interactive:
            cli_output.echo(f"问：{text}", con)
        try:
            request = AskRequest(question=text, history=turns[-MAX_HISTORY_TURNS:], as_of=as_of)
        except ValidationError as e:
            cli_output.echo(_problem(e), con, style="red")
            continue
        cli_output.answer(assistant.ask(request), con)
        cli_output.echo("", con)
        turns = [*turns, text][-MAX_HISTORY_TURNS:]
    return 0
