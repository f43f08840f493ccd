"""The OpenAI-compatible endpoint driven by the real ``openai`` SDK against a live uvicorn server on loopback."""

from __future__ import annotations

import httpx
import openai
import pytest

pytestmark = pytest.mark.model

SPRING_Q = "春节用了九十万度电，市里奖了六万，区里配多少？我们是规上工业企业"


@pytest.fixture(scope="module")
def sdk(live_server):
    return openai.OpenAI(base_url=f"{live_server}/v1", api_key="not-needed", max_retries=0, timeout=60)


def test_models_list(sdk):
    assert [m.id for m in sdk.models.list()] == ["policy-assistant"]


def test_completion(sdk):
    done = sdk.chat.completions.create(
        model="policy-assistant",
        messages=[{"role": "system", "content": "你是政策助手"}, {"role": "user", "content": SPRING_Q}],
        extra_body={"as_of": "2024-03-15"},
    )
    msg = done.choices[0].message
    assert msg.role == "assistant" and done.choices[0].finish_reason == "stop"
    assert msg.content.startswith("可获3万元") and "长政办规〔2024〕1号 第9条" in msg.content
    extra = done.model_extra
    assert extra["citations"][0]["id"] == "2024#9"
    assert extra["citations"][0]["responsible_units"] == ["区工信局", "区财政局", "区供电公司"]
    assert extra["policy_assistant"]["calculation"]["amount_yuan"] == 30000
    assert done.usage.completion_tokens == len(msg.content)


def test_earlier_user_messages_are_history(sdk):
    done = sdk.chat.completions.create(
        model="policy-assistant",
        messages=[
            {"role": "user", "content": "节能改造年节能量600吨标准煤补多少？"},
            {"role": "assistant", "content": "（上一轮回答）"},
            {"role": "user", "content": [{"type": "text", "text": "那如果是1000吨呢？"}]},
        ],
        extra_body={"as_of": "2024-03-15"},
    )
    calc = done.model_extra["policy_assistant"]["calculation"]
    assert calc is not None and "1000" in str(calc["inputs"])


def test_streaming_matches_non_streaming(sdk):
    kwargs = {"model": "policy-assistant", "messages": [{"role": "user", "content": SPRING_Q}],
              "extra_body": {"as_of": "2024-03-15"}}
    whole = sdk.chat.completions.create(**kwargs).choices[0].message.content
    chunks = list(sdk.chat.completions.create(stream=True, stream_options={"include_usage": True}, **kwargs))
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 3  # really streamed in parts
    final = [c for c in chunks if c.choices and c.choices[0].finish_reason == "stop"]
    assert len(final) == 1 and final[0].model_extra["citations"][0]["id"] == "2024#9"
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == len(whole)


def test_stream_ends_with_done_on_the_wire(live_server):
    with httpx.stream("POST", f"{live_server}/v1/chat/completions", timeout=60, json={
        "model": "policy-assistant", "stream": True, "messages": [{"role": "user", "content": "春节用电奖励是哪一条"}],
    }) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        events = [line for line in r.iter_lines() if line]
    assert all(e.startswith("data: ") for e in events)
    assert events[-1] == "data: [DONE]"


def test_sdk_errors(sdk):
    with pytest.raises(openai.NotFoundError) as e:
        sdk.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert "policy-assistant" in e.value.message
    with pytest.raises(openai.UnprocessableEntityError) as e:
        sdk.chat.completions.create(model="policy-assistant", messages=[{"role": "user", "content": "问" * 2001}])
    assert e.value.body["param"] == "messages[0].content"
