"""The UI tells the real state of the assistant (issue 15, item 2): loading, or failed for good and what to do."""

from __future__ import annotations

import pytest

from assistant.sessions import SessionStore
from assistant.web import ui
from assistant.web.deps import Runtime


def failed_runtime() -> Runtime:
    def boom():
        raise RuntimeError("index at /work/secret/.index/builds/b-1/chroma cannot be opened")

    rt = Runtime(loader=boom, sessions=SessionStore(), wait_seconds=5)
    rt.start()
    rt._ready.wait(5)
    return rt


def test_failed_load_is_said_not_loading():
    rt = failed_runtime()
    assert rt.state == "failed"
    out = list(ui.chat_turn(rt, "春节用电奖励怎么算", [], [], "2024-03-15"))
    assert len(out) == 1  # nothing answered, the question stays in the box
    note = out[0][-1]
    assert "加载失败" in note and "还在加载" not in note
    assert "cannot be opened" in note and "/work/secret" not in note  # the reason, without the machine's paths
    assert "Warning" not in note


def test_banner_says_what_failed_and_what_still_works():
    html = ui.status_banner(failed_runtime())
    assert "pa-status-failed" in html and "加载失败" in html
    assert "计算器" in html and "重启" in html


def test_banner_while_loading_and_none_when_ready():
    import threading

    gate = threading.Event()
    rt = Runtime(loader=lambda: gate.wait(30) and object(), sessions=SessionStore(), wait_seconds=0.01)
    rt.start()
    assert "正在加载" in ui.status_banner(rt)
    gate.set()
    rt._ready.wait(5)
    assert ui.status_banner(rt) == ""


def test_unanswered_turns_say_why_in_chinese_without_a_toast(monkeypatch):
    def no_toast(*a, **k):
        raise AssertionError("a toast is titled in English by Gradio")

    monkeypatch.setattr(ui.gr, "Warning", no_toast)
    rt = failed_runtime()
    blank = list(ui.chat_turn(rt, "   ", [], [], None))[0][-1]
    long = list(ui.chat_turn(rt, "问" * 3000, [], [], None))[0][-1]
    assert "请先输入问题" in blank and "问题太长" in long
