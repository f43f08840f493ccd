"""Shared fixtures: one tmp index dir and one loaded app for the whole session (the model loads once).

The tmp index dir is put in the environment (and ``get_settings`` re-read) before the Assistant loads, so no test
ever builds into the repository's ``.index``; subprocess servers get the same dir and reuse the built index.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
INDEX_DIR = Path(tempfile.mkdtemp(prefix="pa-web-index-"))
LOAD_TIMEOUT = 900  # first load builds the index with the embedding model


def _use_test_index() -> None:
    os.environ["POLICY_ASSISTANT_INDEX_DIR"] = str(INDEX_DIR)
    get_settings.cache_clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(base_url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    """Poll /readyz until 200; fail (never hang) after ``timeout`` or if the server process dies."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before it was ready")
        try:
            r = httpx.get(f"{base_url}/readyz", timeout=5)
            if r.status_code == 200:
                return
            last = r.text
            if r.json().get("status") == "failed":
                raise RuntimeError(f"assistant failed to load: {last}")
        except httpx.HTTPError as e:
            last = repr(e)
        time.sleep(0.5)
    raise TimeoutError(f"{base_url} not ready after {timeout:.0f}s: {last}")


@pytest.fixture(scope="session")
def loading() -> Iterator:
    """A client whose Assistant stays 'loading': for everything that must work (or fail cleanly) without it."""
    from fastapi.testclient import TestClient

    from assistant.sessions import SessionStore
    from assistant.web.api import create_app
    from assistant.web.deps import Runtime

    gate = threading.Event()
    rt = Runtime(loader=lambda: gate.wait(120) and None, sessions=SessionStore(), wait_seconds=0.05)
    with TestClient(create_app(rt)) as c:
        yield c
    gate.set()


@pytest.fixture(scope="session", autouse=True)
def _remove_test_index() -> Iterator[None]:
    yield
    shutil.rmtree(INDEX_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def index_dir() -> Path:
    return INDEX_DIR


@pytest.fixture(scope="session")
def runtime():
    """A Runtime whose Assistant is loaded (the model is read once per test session)."""
    from assistant.web.deps import Runtime

    previous = os.environ.get("POLICY_ASSISTANT_INDEX_DIR")
    _use_test_index()
    rt = Runtime(wait_seconds=LOAD_TIMEOUT)
    rt.start()
    try:
        rt.assistant()
    finally:
        if previous is None:
            os.environ.pop("POLICY_ASSISTANT_INDEX_DIR", None)
        else:
            os.environ["POLICY_ASSISTANT_INDEX_DIR"] = previous
        get_settings.cache_clear()
    return rt


@pytest.fixture(scope="session")
def app(runtime):
    from assistant.web.api import create_app

    return create_app(runtime)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    """The same app served by uvicorn on a free loopback port (in a thread), for real HTTP clients."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, 60)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def app_process() -> Iterator[str]:
    """``python app.py`` as a subprocess on a free port with the test index dir; yields the base URL."""
    port = free_port()
    env = {**os.environ, "POLICY_ASSISTANT_INDEX_DIR": str(INDEX_DIR), "GRADIO_ANALYTICS_ENABLED": "False"}
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    log = open(out / "app-server.log", "w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, LOAD_TIMEOUT, proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
