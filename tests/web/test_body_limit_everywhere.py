"""The body limit of /v1 holds on every route the app serves, the Gradio UI's included (issue 15, item 3)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.sessions import SessionStore
from assistant.web.api import MAX_BODY_BYTES, create_app
from assistant.web.deps import Runtime

BIG = 10_500_000  # what the probe sent to /gradio_api/queue/join


@pytest.fixture(scope="module")
def full_app() -> Iterator[TestClient]:
    """API + UI (as app.py serves them) on an Assistant that stays loading: no model needed."""
    from assistant.web.ui import mount_ui

    gate = threading.Event()
    rt = Runtime(loader=lambda: gate.wait(120) and None, sessions=SessionStore(), wait_seconds=0.05)
    with TestClient(mount_ui(create_app(rt), rt), raise_server_exceptions=False) as c:
        yield c
    gate.set()


@pytest.mark.parametrize("path", ["/gradio_api/queue/join", "/gradio_api/upload", "/gradio_api/run/predict", "/",
                                  "/v1/ask"])
def test_oversize_body_is_413_on_every_route(full_app, path):
    body = b'{"data": ["' + b"x" * BIG + b'"], "fn_index": 0, "session_hash": "abc"}'
    r = full_app.post(path, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert len(r.content) < 1000  # nothing echoed


def test_chunked_oversize_body_is_413_on_the_ui(full_app):
    def chunks():
        for _ in range(10):
            yield b" " * (MAX_BODY_BYTES // 8)

    r = full_app.post("/gradio_api/queue/join", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_ui_request_within_the_limit_still_reaches_gradio(full_app):
    r = full_app.post("/gradio_api/queue/join", json={"data": [], "fn_index": 99999, "session_hash": "abc"})
    assert r.status_code != 413


@pytest.mark.server
@pytest.mark.model
def test_body_limit_through_app_py(app_process):
    """End to end against ``python app.py`` on loopback."""
    body = b'{"data": ["' + b"x" * BIG + b'"], "fn_index": 0, "session_hash": "abc"}'
    for path in ("/gradio_api/queue/join", "/v1/ask"):
        try:
            r = httpx.post(f"{app_process}{path}", content=body, headers={"content-type": "application/json"},
                           timeout=30)
        except httpx.HTTPError as e:  # the server may close the connection after its 413 while we still send
            pytest.fail(f"{path}: {e!r}")
        assert r.status_code == 413, path
