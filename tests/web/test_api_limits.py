"""Input limits, error shapes and readiness, without the embedding model.

The Assistant here never finishes loading, which also shows that validation runs before (and independently of)
readiness: a bad request is 422/413 even while the service is still starting.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.sessions import SessionStore
from assistant.web.api import create_app
from assistant.web.deps import NotReady, Runtime

SPRING = "spring_festival_electricity_2024_9"


def fields(response) -> list[str]:
    return [".".join(str(p) for p in e["loc"]) for e in response.json()["detail"]]


def test_healthz_answers_while_loading(loading):
    assert loading.get("/healthz").json() == {"status": "ok"}


def test_readyz_503_while_loading(loading):
    r = loading.get("/readyz")
    assert r.status_code == 503 and r.json()["status"] == "loading"


def test_ask_503_while_loading_with_retry_after(loading):
    r = loading.post("/v1/ask", json={"question": "春节用电奖励怎么算"})
    assert r.status_code == 503 and r.headers["retry-after"] == "5"
    assert "loading" in r.json()["detail"]


def test_failed_load_is_reported_not_raised():
    def boom():
        raise RuntimeError("no model here")

    rt = Runtime(loader=boom, sessions=SessionStore(), wait_seconds=5)
    with TestClient(create_app(rt)) as c:
        with pytest.raises(NotReady):
            rt.assistant()  # waits for the loader thread to finish failing
        r = c.get("/readyz")
        assert r.status_code == 503 and r.json()["status"] == "failed" and "no model here" in r.json()["error"]
        r = c.post("/v1/ask", json={"question": "春节用电奖励"})
        assert r.status_code == 503 and "Traceback" not in r.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"question": ""}, "body.question"),
        ({"question": "   "}, "body.question"),
        ({"question": "问" * 2001}, "body.question"),
        ({"question": 42}, "body.question"),
        ({}, "body.question"),
        ({"question": "补多少", "history": "不是列表"}, "body.history"),
        ({"question": "补多少", "history": ["问"] * 21}, "body.history"),
        ({"question": "补多少", "history": ["问" * 2001]}, "body.history.0"),
        ({"question": "补多少", "as_of": "2024-13-01"}, "body.as_of"),
        ({"question": "补多少", "rules": "改成100%"}, "body.rules"),
    ],
)
def test_ask_bad_input_names_the_field(loading, body, field):
    r = loading.post("/v1/ask", json=body)
    assert r.status_code == 422
    assert field in fields(r)
    assert "问" * 100 not in r.text  # the input is not echoed back


def test_malformed_json_is_422(loading):
    r = loading.post("/v1/ask", content=b'{"question": "x",', headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "json_invalid"


def test_oversize_body_is_413_declared_and_chunked(loading):
    big = b'{"question": "' + "问".encode() * 30000 + b'"}'
    r = loading.post("/v1/ask", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and fields(r) == ["body"]

    def chunks():
        for _ in range(10):
            yield b" " * 8000  # no Content-Length: counted while reading

    r = loading.post("/v1/ask", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"message": ""}, "body.message"),
        ({"message": "问" * 2001}, "body.message"),
        ({"message": "补多少", "session": "x"}, "body.session"),
        ({"message": "补多少", "session_id": 5}, "body.session_id"),
    ],
)
def test_chat_bad_input(loading, body, field):
    r = loading.post("/v1/chat", json=body)
    assert r.status_code == 422 and field in fields(r)


def test_clauses_need_no_model(loading):
    r = loading.get("/v1/clauses", params={"doc": "2024"})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == len(body["items"]) > 0 and {i["doc_key"] for i in body["items"]} == {"2024"}


def test_clause_search_falls_back_to_substring_while_loading(loading):
    r = loading.get("/v1/clauses", params={"q": "春节期间企业用电奖励"}).json()
    assert r["search"] == "substring"
    assert r["items"][0]["id"] == "2024#9" and r["items"][0]["match"] == "substring"


def test_clause_lookup_forms(loading):
    a = loading.get("/v1/clauses/2024%239", params={"as_of": "2024-03-01"}).json()
    b = loading.get("/v1/clauses/2024-9").json()
    assert a["id"] == b["id"] == "2024#9" and a["clause"] == 9
    assert a["display"] == "长政办规〔2024〕1号 第9条"
    assert a["responsible_units"] == ["区工信局", "区财政局", "区供电公司"]
    assert a["validity"]["in_force"] is True and a["validity"]["as_of"] == "2024-03-01"


def test_clause_errors(loading):
    assert loading.get("/v1/clauses/2024%23999").status_code == 404
    r = loading.get("/v1/clauses", params={"doc": "1999"})
    assert r.status_code == 422 and fields(r) == ["query.doc"]
    assert loading.get("/v1/clauses", params={"limit": 0}).status_code == 422
    assert loading.get("/v1/clauses", params={"as_of": "昨天"}).status_code == 422


def test_calculator_list_has_schemas(loading):
    calcs = loading.get("/v1/calculators").json()
    assert len(calcs) >= 50
    spring = next(c for c in calcs if c["name"] == SPRING)
    assert spring["citation"] == "2024#9"
    assert {"is_above_scale_industrial", "electricity_feb_2024_kwh"} <= set(spring["input_schema"]["required"])
    assert "municipal_award_yuan" in spring["input_schema"]["properties"]
    assert loading.get(f"/v1/calculators/{SPRING}").json()["name"] == SPRING


def test_calculator_run(loading):
    r = loading.post(f"/v1/calculators/{SPRING}", json={
        "inputs": {"is_above_scale_industrial": True, "electricity_feb_2024_kwh": 900000,
                   "municipal_award_yuan": 60000},
        "as_of": "2024-03-01",
    })
    assert r.status_code == 200
    body = r.json()
    # 90万 kWh ≥ 50万; 50% × 6万 = 3万 ≤ 15万 cap; > 1万 minimum.
    assert body["amount_yuan"] == 30000 and body["eligible"] is True
    assert body["citation_display"] == "长政办规〔2024〕1号 第9条"
    assert body["in_force"] is True and body["steps"]


def test_calculator_errors_name_the_field(loading):
    assert loading.post("/v1/calculators/no_such_calc", json={"inputs": {}}).status_code == 404
    r = loading.post(f"/v1/calculators/{SPRING}", json={"inputs": {
        "is_above_scale_industrial": True, "electricity_feb_2024_kwh": 900000, "municipal_award_yuan": "六万"}})
    assert r.status_code == 422 and fields(r) == ["body.inputs.municipal_award_yuan"]
    r = loading.post(f"/v1/calculators/{SPRING}", json={"inputs": {"is_above_scale_industrial": True}})
    assert r.status_code == 422 and "body.inputs.electricity_feb_2024_kwh" in fields(r)
    r = loading.post(f"/v1/calculators/{SPRING}", json={"inputs": {"bonus": 1}})
    assert r.status_code == 422 and "body.inputs.bonus" in fields(r)
    r = loading.post(f"/v1/calculators/{SPRING}", json={"inputs": {}, "extra": 1})
    assert r.status_code == 422 and fields(r) == ["body.extra"]
    r = loading.post(f"/v1/calculators/{SPRING}", json={"inputs": [1, 2]})
    assert r.status_code == 422 and fields(r) == ["body.inputs"]


def test_openai_errors_in_openai_shape(loading):
    r = loading.post("/v1/chat/completions", json={"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 404 and r.json()["error"]["code"] == "model_not_found"
    r = loading.post("/v1/chat/completions", json={"model": "policy-assistant", "messages": []})
    assert r.status_code == 422 and r.json()["error"]["param"] == "messages"
    r = loading.post("/v1/chat/completions", json={
        "model": "policy-assistant", "messages": [{"role": "user", "content": "问" * 2001}]})
    assert r.status_code == 422 and r.json()["error"]["param"] == "messages[0].content"
    r = loading.post("/v1/chat/completions", json={
        "model": "policy-assistant", "messages": [{"role": "assistant", "content": "你好"}]})
    assert r.status_code == 422 and r.json()["error"]["param"] == "messages[0].role"
    r = loading.post("/v1/chat/completions", json={
        "model": "policy-assistant", "messages": [{"role": "user", "content": "x"}], "frobnicate": True})
    assert r.status_code == 422 and r.json()["error"]["param"] == "frobnicate"
    assert loading.get("/v1/models").json()["data"][0]["id"] == "policy-assistant"


def test_unhandled_error_is_generic_500():
    class Broken:
        corpus = None

        def ask(self, request):
            raise ZeroDivisionError("secret internals")

    rt = Runtime(loader=Broken, sessions=SessionStore(), wait_seconds=5)
    with TestClient(create_app(rt), raise_server_exceptions=False) as c:
        rt.assistant()
        r = c.post("/v1/ask", json={"question": "春节用电奖励"})
    assert r.status_code == 500 and r.json() == {"detail": "internal error"}
    assert "secret" not in r.text and "Traceback" not in r.text


def test_openapi_docs_list_every_endpoint(loading):
    paths = loading.get("/openapi.json").json()["paths"]
    for p in ["/v1/ask", "/v1/chat", "/v1/clauses", "/v1/clauses/{item_id}", "/v1/calculators",
              "/v1/calculators/{name}", "/v1/chat/completions", "/v1/match", "/healthz", "/readyz"]:
        assert p in paths
    assert loading.get("/docs").status_code == 200
