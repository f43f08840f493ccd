"""The chat shows the head of an answer; the steps and the quoted clause are folded under it (issue 15, item 10)."""

from __future__ import annotations

from assistant.schema import AskResponse, Citation
from assistant.sessions import SessionStore
from assistant.web import render, ui
from assistant.web.deps import Runtime

ANSWER = "\n".join([
    "可获3万元（区级资金）。",
    "计算过程：",
    "✓ 是规上工业企业（条文：“规上工业企业”）",
    "· 50% × 6万元 = 3万元（条文：“按市级奖励的50%给予配套”）",
    "解释口径：先封顶再判断最低额。",
    "",
    "依据：长政办规〔2024〕1号 第9条",
    "原文：“对春节期间（2月1日至2月29日）用电量达50万千瓦时以上的规上工业企业……”",
    "责任单位：区工信局、区财政局、区供电公司",
    "有效性：2024-03-15时《长政办规〔2024〕1号》在有效期内。",
])


def test_head_keeps_figure_source_units_and_validity_and_folds_the_rest():
    head, folded = render.chat_parts(ANSWER)
    assert head.splitlines()[0] == "可获3万元（区级资金）。"
    for kept in ("依据：长政办规〔2024〕1号 第9条", "责任单位：区工信局", "有效性："):
        assert kept in head
    assert "计算过程" not in head and "50% ×" not in head and "原文" not in head
    assert folded.count("<details") == 2 and "50% × 6万元" in folded and "用电量达50万千瓦时" in folded


def test_answer_without_sections_is_all_head():
    head, folded = render.chat_parts("这个问题不在我能回答的范围内。")
    assert head == "这个问题不在我能回答的范围内。" and folded == ""


class _Assistant:
    corpus = None

    def ask(self, request):
        cite = Citation(id="2024#9", doc="长政办规〔2024〕1号", clause=9, display="长政办规〔2024〕1号 第9条",
                        responsible_units=["区工信局"], quote="……")
        return AskResponse(intent="calculation", answer=ANSWER, citations=[cite])


def test_chat_streams_the_head_first_and_adds_the_folds_last(monkeypatch):
    monkeypatch.setattr(ui, "STREAM_DELAY", 0)
    rt = Runtime(loader=_Assistant, sessions=SessionStore(), wait_seconds=5)
    frames = [f[0][-1]["content"] for f in ui.chat_turn(rt, "春节用电奖励", [], [], "2024-03-15")]
    assert frames[0].startswith("可获")
    assert all("计算过程" not in f for f in frames[:-1])
    assert frames[-1].startswith("可获3万元") and "<details" in frames[-1]
