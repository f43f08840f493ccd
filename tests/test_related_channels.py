"""Issue 18 in every channel: the text ones (``ask``, the OpenAI-compatible message, streamed or not, and the MCP ask
tool's text) end with the section "根据您提供的情况，还可能适用：…" after a calculation answer and carry nothing for an
out-of-scope question; the JSON ones (``ask --jsonl``, ``POST /v1/ask``) carry ``related`` and ``facts``.

The conversation, worked by hand from the documents: 规上工业企业 with 90万千瓦时 in February 2024 and a 市级 award of
6万 asks for the 区级 match (2024 第9条: 50% × 6万 = 3万元); the same message states, without asking about it, that
Q1 output grew 20% and electricity 10%. Those two figures touch 2024 第8条 (增产增效: 产值增幅不低于用电增幅 for a
规模以上制造业企业 meeting the provincial conditions), which they do not decide: 制造业 and the provincial conditions
were not said, and no 市级 Q1 award was given, so it may apply, with no amount. Nothing else is touched by a stated
fact beyond the enterprise's description (规上, 工业).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.related import HEADING, section
from assistant.schema import AskRequest, AskResponse

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "我们是规上工业企业，春节用了九十万度电，市里奖了六万，区里配多少？另外我们一季度产值涨了20%，用电涨了10%"
OUT_OF_SCOPE = "今天天气怎么样？"
AS_OF = "2024-03-01"
Q1_GROWTH = "长政办规〔2024〕1号 第8条（2024年一季度工业企业增产增效区级奖励）"


@pytest.fixture(scope="module")
def index_dir(seed_index: Path, tmp_path_factory) -> Path:
    """A private index dir holding a copy of the run's built index, so no test writes into ``.index``."""
    from support.index_seed import copy_index

    return copy_index(seed_index, tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="module")
def assistant(index_dir: Path) -> Iterator:
    from support.index_seed import index_dir_env

    with index_dir_env(index_dir):
        from assistant.service import Assistant

        yield Assistant.open()


@pytest.fixture(scope="module")
def expected(assistant) -> AskResponse:
    return assistant.ask(AskRequest(question=QUESTION, as_of=AS_OF))


def test_the_conversation_has_the_related_measure_worked_by_hand(expected):
    assert expected.intent == "calculation" and expected.calculation.amount_yuan == 30000
    assert [(r.id, r.status, r.amount_yuan) for r in expected.related] == [("2024#8", "may_apply", None)]
    assert expected.facts["electricity_feb_2024_kwh"] == 900000 and expected.facts["scale"] == "规上"
    text = section(expected.related)
    assert text.startswith(HEADING) and Q1_GROWTH in text and "还需提供" in text


# ---- the command line ------------------------------------------------------------------------------------------------
@pytest.fixture
def cli(assistant, monkeypatch) -> CliRunner:
    from assistant import service

    monkeypatch.setattr(service.Assistant, "open", classmethod(lambda cls: assistant))
    return CliRunner()


def test_plain_ask_ends_with_the_section(cli, expected):
    from assistant.cli import app

    res = cli.invoke(app, ["ask", QUESTION, "--as-of", AS_OF])
    assert res.exit_code == 0, res.output
    assert res.output == f"{expected.answer}\n\n{section(expected.related)}\n"
    answer, _, rest = res.output.partition(HEADING)
    assert answer.startswith("可获3万元") and "有效性：" in answer and Q1_GROWTH in rest


def test_plain_ask_out_of_scope_has_no_section(cli):
    from assistant.cli import app

    res = cli.invoke(app, ["ask", OUT_OF_SCOPE, "--as-of", AS_OF])
    assert res.exit_code == 0, res.output
    assert HEADING not in res.output and "还可能适用" not in res.output


def test_jsonl_lines_carry_related_and_facts(cli, expected, tmp_path):
    from assistant.cli import app

    lines = [{"id": "q1", "question": QUESTION, "as_of": AS_OF}, {"id": "q2", "question": OUT_OF_SCOPE, "as_of": AS_OF}]
    src = tmp_path / "questions.jsonl"
    src.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    res = cli.invoke(app, ["ask", "--jsonl", str(src)])
    assert res.exit_code == 0, res.output
    first, second = (json.loads(x) for x in res.output.splitlines())
    assert first["related"] == [r.model_dump(mode="json") for r in expected.related]
    assert first["related"][0]["id"] == "2024#8" and first["related"][0]["doc"] == "长政办规〔2024〕1号"
    assert first["related"][0]["clause"] == 8 and first["related"][0]["status"] == "may_apply"
    assert {"amount_yuan", "amount_max_yuan", "needs", "title"} <= set(first["related"][0])
    assert first["facts"]["scale"] == "规上" and first["facts"]["electricity_feb_2024_kwh"] == 900000
    assert first["facts"]["q1_2024_output_growth_pct"] == 20 and first["facts"]["q1_2024_electricity_growth_pct"] == 10
    assert second["intent"] == "out_of_scope" and second["related"] == [] and second["facts"] == {}


# ---- HTTP: POST /v1/ask and the OpenAI-compatible endpoint ------------------------------------------------------------
@pytest.fixture(scope="module")
def client(assistant) -> Iterator:
    from fastapi.testclient import TestClient

    from assistant.sessions import SessionStore
    from assistant.web.api import create_app
    from assistant.web.deps import Runtime

    rt = Runtime(loader=lambda: assistant, sessions=SessionStore(), wait_seconds=30)
    with TestClient(create_app(rt)) as c:
        yield c


def test_v1_ask_carries_related_and_facts(client, expected):
    body = client.post("/v1/ask", json={"question": QUESTION, "as_of": AS_OF}).json()
    assert body["related"] == [r.model_dump(mode="json") for r in expected.related] and body["related"]
    assert body["facts"] == expected.facts and body["facts"]["municipal_spring_festival_award_yuan"] == 60000
    assert HEADING not in body["answer"]  # the JSON contract keeps the answer and the list apart
    report = client.post("/v1/match", json={"profile": body["facts"], "as_of": AS_OF}).json()  # facts = a profile
    spring = next(i for i in report["applicable"] if i["citation"] == "2024#9")
    assert spring["amount_yuan"] == 30000  # the full check-up on the chat's facts: 50% × 6万
    assert any(i["citation"] == "2024#8" for i in report["may_apply"])
    off = client.post("/v1/ask", json={"question": OUT_OF_SCOPE, "as_of": AS_OF}).json()
    assert off["intent"] == "out_of_scope" and off["related"] == [] and off["facts"] == {}


def _completion(client, question: str, stream: bool = False):
    body = {"model": "policy-assistant", "messages": [{"role": "user", "content": question}], "as_of": AS_OF,
            "stream": stream}
    return client.post("/v1/chat/completions", json=body)


def test_openai_message_ends_with_the_section(client, expected):
    done = _completion(client, QUESTION).json()
    content = done["choices"][0]["message"]["content"]
    assert content == f"{expected.answer}\n\n{section(expected.related)}"
    assert done["usage"]["completion_tokens"] == len(content)
    assert [r["id"] for r in done["policy_assistant"]["related"]] == ["2024#8"]
    off = _completion(client, OUT_OF_SCOPE).json()["choices"][0]["message"]["content"]
    assert HEADING not in off and off.startswith("这个问题不在")


def test_openai_stream_carries_the_same_text(client, expected):
    r = _completion(client, QUESTION, stream=True)
    assert r.headers["content-type"].startswith("text/event-stream")
    events = [json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")]
    text = "".join(e["choices"][0]["delta"].get("content") or "" for e in events if e["choices"])
    assert text == f"{expected.answer}\n\n{section(expected.related)}"
    assert text.index("有效性：") < text.index(HEADING)


# ---- MCP: the ask tool ------------------------------------------------------------------------------------------------
def test_mcp_ask_text_ends_with_the_section_and_structured_is_v1_ask(assistant, client, expected):
    import anyio
    from mcp import Client

    from assistant.mcp.server import build_server
    from assistant.sessions import SessionStore
    from assistant.web.deps import Runtime

    server = build_server(Runtime(loader=lambda: assistant, sessions=SessionStore(), wait_seconds=30))

    async def call(question: str):
        async with Client(server) as c:
            return await c.call_tool("ask", {"question": question, "as_of": AS_OF})

    result = anyio.run(call, QUESTION)
    assert not result.is_error
    assert result.content[0].text == f"{expected.answer}\n\n{section(expected.related)}"
    assert result.structured_content == client.post("/v1/ask", json={"question": QUESTION, "as_of": AS_OF}).json()
    assert json.loads(result.content[1].text) == result.structured_content
    off = anyio.run(call, OUT_OF_SCOPE)
    assert HEADING not in off.content[0].text and off.structured_content["related"] == []
