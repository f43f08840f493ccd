"""`python app.py` as users run it: API, docs and UI served by one process, API routes not shadowed by the UI."""

from __future__ import annotations

import httpx
import pytest

pytestmark = [pytest.mark.model, pytest.mark.server]


def test_health_docs_and_ui_side_by_side(app_process):
    assert httpx.get(f"{app_process}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{app_process}/readyz").json()["status"] == "ready"
    assert httpx.get(f"{app_process}/docs").status_code == 200
    assert "/v1/chat/completions" in httpx.get(f"{app_process}/openapi.json").json()["paths"]
    ui = httpx.get(f"{app_process}/", timeout=120)  # the UI is built in the background: may still be loading
    assert ui.status_code == 200 and "gradio" in ui.text.lower()


def test_api_through_the_full_app(app_process):
    r = httpx.post(f"{app_process}/v1/ask", timeout=60,
                   json={"question": "春节用了九十万度电，市里奖了六万，区里配多少？", "as_of": "2024-03-15"})
    assert r.status_code == 200 and r.json()["citations"][0]["id"] == "2024#9"
    r = httpx.post(f"{app_process}/v1/ask", content=b"x" * 70_000, headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_sse_is_not_buffered_by_the_ui_mount(app_process):
    with httpx.stream("POST", f"{app_process}/v1/chat/completions", timeout=60, headers={"accept-encoding": "br, gzip"},
                      json={"model": "policy-assistant", "stream": True,
                            "messages": [{"role": "user", "content": "春节用电奖励是哪一条"}]}) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        assert "content-encoding" not in r.headers
        events = [line for line in r.iter_lines() if line]
    assert len(events) > 3 and events[-1] == "data: [DONE]"
