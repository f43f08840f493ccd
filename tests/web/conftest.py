"""Shared fixtures: one tmp index dir and one loaded app for the whole session (the model loads once).

The tmp index dir is seeded with a copy of the run's built index (``seed_index``), put in the environment (and
``get_settings`` re-read) before the Assistant loads, so no test ever builds into the repository's ``.index``;
subprocess servers get the same dir and load the same index.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import get_settings
from support.index_seed import copy_index
from support.processes import LOAD_TIMEOUT, ROOT, app_server, free_port, wait_ready, worker_suffix

INDEX_DIR = Path(tempfile.mkdtemp(prefix="pa-web-index-"))


def _use_test_index() -> None:
    os.environ["POLICY_ASSISTANT_INDEX_DIR"] = str(INDEX_DIR)
    get_settings.cache_clear()


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
def index_dir(seed_index: Path) -> Path:
    """The session's test index dir, holding a copy of the run's built index."""
    if not (INDEX_DIR / "current").exists():
        copy_index(seed_index, INDEX_DIR)
    return INDEX_DIR


@pytest.fixture(scope="session")
def runtime(index_dir: Path):
    """A Runtime whose Assistant is loaded (the model is read once per test session)."""
    from assistant.web.deps import Runtime

    from support.index_seed import index_dir_env

    with index_dir_env(INDEX_DIR):
        rt = Runtime(wait_seconds=LOAD_TIMEOUT)
        rt.start()
        rt.assistant()
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
def app_process(index_dir: Path) -> Iterator[str]:
    """``python app.py`` as a subprocess on a free port with the test index dir; yields the base URL."""
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    with app_server({"POLICY_ASSISTANT_INDEX_DIR": str(index_dir)}, out / f"app-server{worker_suffix()}.log") as base:
        yield base
