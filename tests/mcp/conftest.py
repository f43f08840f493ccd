"""MCP client fixtures: the SDK's own ``Client`` against ``policy-assistant mcp`` (stdio) and the web app's /mcp.

One server per transport per module (the model loads once in each), driven from synchronous tests through an anyio
blocking portal. Both servers use a temporary index dir (a copy of the run's built index, ``seed_index``), so no
test writes into ``.index`` and none builds.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from mcp_test_support import (
    LOAD_TIMEOUT,
    Session,
    free_port,
    http_session,
    load_app_module,
    stdio_session,
    wait_ready,
)

from support.index_seed import copy_index


@pytest.fixture(scope="session")
def index_dir(seed_index: Path) -> Iterator[Path]:
    """A private index dir for the MCP servers: a copy of the run's built index (build and ONNX export)."""
    tmp = Path(tempfile.mkdtemp(prefix="pa-mcp-index-"))
    copy_index(seed_index, tmp)
    yield tmp
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def web_app(index_dir: Path) -> Iterator[str]:
    """``app.build()`` (API, /mcp and the UI) served by uvicorn on a loopback port in a thread; yields its URL.

    The index dir is put in the environment only until the Assistant has loaded from it."""
    import uvicorn

    from support.index_seed import index_dir_env

    with index_dir_env(index_dir):
        application = load_app_module().build()
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{port}"
        wait_ready(base, LOAD_TIMEOUT)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="module", params=["stdio", "http"])
def mcp(request: pytest.FixtureRequest, index_dir: Path) -> Iterator[Session]:
    """The same tests over both transports: stdio first (its process ends before the web app loads)."""
    if request.param == "stdio":
        with stdio_session(index_dir) as session:
            yield session
    else:
        with http_session(request.getfixturevalue("web_app")) as session:
            yield session
