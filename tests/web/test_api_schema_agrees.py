"""The published schema and the behaviour agree (issue 15, item 6: the schemathesis findings), without the model."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

SPRING = "spring_festival_electricity_2024_9"


@pytest.mark.parametrize(("method", "path", "kwargs"), [
    ("post", "/v1/ask", {"json": {"question": "春节用电奖励", "as_of": 0}}),
    ("post", "/v1/chat", {"json": {"message": "春节用电奖励", "as_of": 0}}),
    ("post", "/v1/match", {"json": {"profile": {}, "as_of": 0}}),
    ("post", f"/v1/calculators/{SPRING}", {"json": {"inputs": {}, "as_of": 0}}),
    ("post", "/v1/chat/completions", {"json": {"model": "policy-assistant", "as_of": 0,
                                               "messages": [{"role": "user", "content": "春节用电奖励"}]}}),
    ("get", "/v1/clauses", {"params": {"as_of": 0}}),
    ("get", "/v1/clauses/2024-9", {"params": {"as_of": "0"}}),
    ("get", "/v1/clauses/2024-9", {"params": {"as_of": "1700000000"}}),
])
def test_a_number_is_not_a_date(loading, method, path, kwargs):
    r = getattr(loading, method)(path, **kwargs)
    assert r.status_code == 422, r.text


def test_an_iso_date_is_still_a_date(loading):
    r = loading.get("/v1/clauses/2024-9", params={"as_of": "2024-03-01"})
    assert r.status_code == 200 and r.json()["validity"]["as_of"] == "2024-03-01"


def test_document_keys_are_in_the_schema(loading):
    spec = loading.get("/openapi.json").json()
    doc = next(p for p in spec["paths"]["/v1/clauses"]["get"]["parameters"] if p["name"] == "doc")
    assert sorted(doc["schema"]["anyOf"][0]["enum"]) == ["2022", "2024"]


def test_blank_texts_are_invalid_by_the_schema(loading):
    spec = loading.get("/openapi.json").json()["components"]["schemas"]
    assert spec["ChatRequest"]["properties"]["message"]["pattern"] == r"\S"
    assert spec["AskBody"]["properties"]["question"]["pattern"] == r"\S"
    assert loading.post("/v1/chat", json={"message": "\t"}).status_code == 422


def test_figures_in_the_profile_are_numbers(loading):
    profile = loading.get("/openapi.json").json()["components"]["schemas"]["EnterpriseProfile"]["properties"]
    kwh = profile["electricity_feb_2024_kwh"]["anyOf"][0]
    assert kwh["type"] == "number"
    for bad in ("", "九十万", "true"):
        r = loading.post("/v1/match", json={"profile": {"electricity_feb_2024_kwh": bad}})
        assert r.status_code == 422, bad
    assert loading.post("/v1/match", json={"profile": {"high_tech_enterprise": "true"}}).status_code == 422
    assert loading.post("/v1/match", json={"profile": {"employees": "5"}}).status_code == 422
    ok = loading.post("/v1/match", json={"profile": {"electricity_feb_2024_kwh": 900000.5}, "as_of": "2024-03-01"})
    assert ok.status_code == 200


def test_empty_session_id_is_invalid_not_unknown(loading):
    r = loading.post("/v1/chat", json={"session_id": "", "message": "春节用电奖励"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "session_id"]


def test_invalid_utf8_is_a_documented_422(loading):
    for path in ("/v1/ask", "/v1/chat/completions", f"/v1/calculators/{SPRING}"):
        r = loading.post(path, content=b'{"question": "\xff\xfe"}', headers={"content-type": "application/json"})
        assert r.status_code == 422 and r.json()["detail"][0]["type"] == "json_invalid", path


def test_openai_syntax_error_names_no_byte_offset(loading):
    r = loading.post("/v1/chat/completions", content=b'{"model": ', headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["param"] is None


def test_match_documents_its_html_answer(loading):
    spec = loading.get("/openapi.json").json()
    assert "text/html" in spec["paths"]["/v1/match"]["post"]["responses"]["200"]["content"]
    r = loading.post("/v1/match", params={"format": "html"}, json={"profile": {}, "as_of": "2024-03-01"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")


@pytest.fixture(scope="module")
def with_ui():
    from assistant.sessions import SessionStore
    from assistant.web.api import create_app
    from assistant.web.deps import Runtime
    from assistant.web.ui import mount_ui

    gate = threading.Event()
    rt = Runtime(loader=lambda: gate.wait(120) and None, sessions=SessionStore(), wait_seconds=0.05)
    with TestClient(mount_ui(create_app(rt), rt)) as c:
        yield c
    gate.set()


@pytest.mark.parametrize(("method", "path", "allow"), [
    ("TRACE", "/v1/ask", "POST"),
    ("PUT", "/v1/clauses", "GET, HEAD"),
    ("OPTIONS", f"/v1/calculators/{SPRING}", "GET, HEAD, POST"),
    ("DELETE", "/healthz", "GET, HEAD"),
])
def test_wrong_method_is_405_with_allow_even_with_the_ui_mounted(with_ui, method, path, allow):
    r = with_ui.request(method, path)
    assert r.status_code == 405 and r.headers["allow"] == allow
