"""How real hosts connect: the 2025 handshake (Claude Desktop, Cherry Studio, Dify) over stdio and HTTP, the
stand-alone HTTP server of ``policy-assistant mcp --transport streamable-http``, and the loopback-only default."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from mcp_test_support import OUT, ROOT, Session, executable, free_port, http_session, stdio_session
from support.processes import stop, worker_suffix

pytestmark = [pytest.mark.model, pytest.mark.server]

SPRING = {"name": "spring_festival_electricity_2024_9", "as_of": "2024-03-10",
          "inputs": {"is_above_scale_industrial": True, "electricity_feb_2024_kwh": 900000, "municipal_award_yuan": 60000}}


def _figure_and_citation(session) -> None:
    assert len(session.list_tools().tools) == 6
    result = session.ok("run_calculator", SPRING)
    assert result["amount_yuan"] == 30000 and result["citation_display"] == "长政办规〔2024〕1号 第9条"
    assert session.ok("get_clause", {"citation": "2024#9"})["responsible_units"] == ["区工信局", "区财政局", "区供电公司"]


def test_legacy_handshake_over_stdio(index_dir: Path):
    """The initialize handshake most hosts still use; stdout stays pure protocol while the model loads."""
    with stdio_session(index_dir, log_name="mcp-stdio-legacy.log", mode="legacy") as session:
        assert session.client.protocol_version.startswith("2025")
        _figure_and_citation(session)


def test_stdout_noise_would_be_caught(index_dir: Path):
    """Control for the purity check above: a server that prints one stray line to stdout is caught."""
    from anyio.from_thread import start_blocking_portal
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters, stdio_client

    noisy = ("print('loading...'); import sys; sys.argv = ['policy-assistant', 'mcp']; "
             "from assistant.cli import app; app()")
    params = StdioServerParameters(command=sys.executable, args=["-c", noisy], cwd=str(ROOT),
                                   env={**os.environ, "POLICY_ASSISTANT_INDEX_DIR": str(index_dir)})
    errors: list[Exception] = []

    async def record(message) -> None:
        if isinstance(message, Exception):
            errors.append(message)

    OUT.mkdir(exist_ok=True)
    with open(OUT / "mcp-stdio-noisy.log", "w") as errlog, start_blocking_portal() as portal:
        client = Client(stdio_client(params, errlog=errlog), message_handler=record, mode="legacy")
        with portal.wrap_async_context_manager(client) as connected:
            session = Session("stdio", portal, connected, errors)
            assert len(portal.call(connected.list_tools).tools) == 6  # the protocol itself still works
            with pytest.raises(AssertionError, match="non-protocol data"):
                session.list_tools()


def test_legacy_handshake_over_the_web_app(web_app: str):
    with http_session(web_app, mode="legacy") as session:
        assert session.client.protocol_version.startswith("2025")
        _figure_and_citation(session)


def test_web_app_answers_only_loopback_hosts(web_app: str):
    """DNS-rebinding protection: a request addressed to another host name is refused before any tool runs."""
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    r = httpx.post(f"{web_app}/mcp", json=body, headers={"Host": "policy.example.com"})
    assert r.status_code == 421
    assert httpx.get(f"{web_app}/healthz").json() == {"status": "ok"}  # the rest of the app is unaffected


@pytest.fixture(scope="module")
def standalone_http(index_dir: Path) -> Iterator[str]:
    """``policy-assistant mcp --transport streamable-http --port N`` as users start it; yields the endpoint URL."""
    port = free_port()
    OUT.mkdir(exist_ok=True)
    log = open(OUT / f"mcp-http-server{worker_suffix()}.log", "w")
    proc = subprocess.Popen(  # its own process group: stopped with the answer workers it starts
        [executable("policy-assistant"), "mcp", "--transport", "streamable-http", "--port", str(port)],
        cwd=ROOT, env={**os.environ, "POLICY_ASSISTANT_INDEX_DIR": str(index_dir)}, stdout=log,
        stderr=subprocess.STDOUT, start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"server exited with {proc.returncode}; see {log.name}"
            try:
                httpx.get(url, timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "server did not listen within 120 s"
                time.sleep(0.3)
        yield url
    finally:
        stop(proc)
        log.close()


def test_standalone_streamable_http_server(standalone_http: str):
    with http_session(standalone_http.removesuffix("/mcp")) as session:
        _figure_and_citation(session)
