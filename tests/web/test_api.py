"""Every endpoint with the real Assistant (embedding model, tmp index), loaded once per session."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

SPRING_Q = "春节用了九十万度电，市里奖了六万，区里配多少？我们是规上工业企业"
AS_OF = "2024-03-15"


def test_ready(client):
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready"


def test_ask_calculation_contract(client):
    r = client.post("/v1/ask", json={"id": "q1", "question": SPRING_Q, "as_of": AS_OF})
    assert r.status_code == 200
    body = r.json()
    # 2024#9: 90万千瓦时 ≥ 50万; 50% × 6万 = 3万 ≤ 15万 cap; 3万 > 1万 minimum.
    assert body["id"] == "q1" and body["intent"] == "calculation"
    assert body["calculation"]["amount_yuan"] == 30000
    cite = body["citations"][0]
    assert cite["id"] == "2024#9" and cite["clause"] == 9 and cite["doc"] == "长政办规〔2024〕1号"
    assert cite["responsible_units"] == ["区工信局", "区财政局", "区供电公司"]
    assert "长政办规〔2024〕1号 第9条" in body["answer"]
    assert body["validity"][0]["in_force"] is True


def test_ask_history_is_used(client):
    first = "节能改造年节能量600吨标准煤补多少？"
    a = client.post("/v1/ask", json={"question": first, "as_of": AS_OF}).json()
    b = client.post("/v1/ask", json={"question": "那如果是1000吨呢？", "history": [first], "as_of": AS_OF}).json()
    assert a["calculation"] and b["calculation"]
    assert b["calculation"]["calculator"] == a["calculation"]["calculator"]
    assert b["citations"][0]["id"] == a["citations"][0]["id"]


def test_ask_out_of_scope_cites_nothing(client):
    body = client.post("/v1/ask", json={"question": "明天长乐会下雨吗？"}).json()
    assert body["intent"] == "out_of_scope" and body["citations"] == [] and body["calculation"] is None


def test_chat_session_lifecycle(client):
    r = client.post("/v1/chat", json={"message": "节能改造年节能量600吨标准煤补多少？", "as_of": AS_OF})
    assert r.status_code == 200
    first = r.json()
    sid = first["session_id"]
    assert sid and first["turn"] == 1
    r = client.post("/v1/chat", json={"session_id": sid, "message": "那如果是1000吨呢？", "as_of": AS_OF})
    second = r.json()
    assert second["session_id"] == sid and second["turn"] == 2
    assert second["response"]["calculation"]["calculator"] == first["response"]["calculation"]["calculator"]
    assert second["response"]["citations"][0]["id"] == first["response"]["citations"][0]["id"]


def test_chat_unknown_session_is_404(client):
    r = client.post("/v1/chat", json={"session_id": "no-such-session", "message": "补多少"})
    assert r.status_code == 404
    assert r.json()["detail"][0]["loc"] == ["body", "session_id"]


def test_chat_sessions_are_bounded(client, runtime):
    store = runtime.sessions
    sid = client.post("/v1/chat", json={"message": "春节用电奖励是哪一条？"}).json()["session_id"]
    for i in range(store.max_turns + 5):
        r = client.post("/v1/chat", json={"session_id": sid, "message": f"第{i}次：春节用电奖励是哪一条？"})
        assert r.status_code == 200
    assert r.json()["turn"] == store.max_turns
    assert len(store.history(sid)) == store.max_turns


def test_clause_search_uses_retriever_once_ready(client):
    body = client.get("/v1/clauses", params={"q": "过年期间开工用电有没有补贴"}).json()
    assert body["search"] == "retriever+substring"
    assert "2024#9" in [i["id"] for i in body["items"][:5]]
    assert all(i["match"] in ("substring", "retriever") for i in body["items"])


def test_clause_filter_by_doc(client):
    body = client.get("/v1/clauses", params={"q": "用电", "doc": "2022"}).json()
    assert body["count"] > 0 and {i["doc_key"] for i in body["items"]} == {"2022"}


def test_clause_by_id(client):
    r = client.get("/v1/clauses/2022%2314")
    assert r.status_code == 200 and r.json()["display"] == "长发改综〔2022〕51号 第14条"
    assert client.get("/v1/clauses/2022-14").json()["id"] == "2022#14"


def test_calculators_endpoint(client):
    assert len(client.get("/v1/calculators").json()) >= 50
