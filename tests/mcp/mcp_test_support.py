"""Helpers for the MCP client tests: the SDK's ``Client`` driven from synchronous tests, servers on loopback."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal

from support.processes import LOAD_TIMEOUT, ROOT, free_port, wait_ready, worker_suffix  # noqa: F401 - re-exported

OUT = ROOT / "test-output"


def executable(name: str) -> str:
    """A console script of this environment (next to the interpreter), so the test runs the installed command."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: run `make setup`")
    return found


class Session:
    """A connected SDK ``Client`` used from synchronous tests; every call checks the transport saw no garbage."""

    def __init__(self, transport: str, portal: BlockingPortal, client: Any, stream_errors: list[Exception],
                 base_url: str | None = None):
        self.transport, self.portal, self.client = transport, portal, client
        self.stream_errors = stream_errors
        self.base_url = base_url

    def _checked(self, result: Any) -> Any:
        assert not self.stream_errors, f"the transport delivered non-protocol data: {self.stream_errors!r}"
        return result

    def list_tools(self) -> Any:
        return self._checked(self.portal.call(self.client.list_tools))

    def call(self, tool: str, arguments: dict[str, Any] | None = None) -> Any:
        return self._checked(self.portal.call(self.client.call_tool, tool, arguments or {}))

    def ok(self, tool: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
        """Call a tool that must succeed; its structured content."""
        result = self.call(tool, arguments)
        assert not result.is_error, result.content[0].text
        return result.structured_content

    def list_resources(self) -> Any:
        return self._checked(self.portal.call(self.client.list_resources))

    def read_resource(self, uri: str) -> Any:
        return self._checked(self.portal.call(self.client.read_resource, uri))

    def list_prompts(self) -> Any:
        return self._checked(self.portal.call(self.client.list_prompts))

    def get_prompt(self, name: str, arguments: dict[str, str]) -> Any:
        return self._checked(self.portal.call(self.client.get_prompt, name, arguments))


def _recorder(errors: list[Exception]):
    async def on_message(message: Any) -> None:
        if isinstance(message, Exception):  # a stdout line that was not JSON-RPC, or a broken stream
            errors.append(message)

    return on_message



@contextmanager
def stdio_session(index_dir: Path, log_name: str = "mcp-stdio.log", mode: str = "auto") -> Iterator[Session]:
    """``policy-assistant mcp`` spawned by the SDK's stdio client (its stderr goes to test-output/)."""
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters, stdio_client

    OUT.mkdir(exist_ok=True)
    params = StdioServerParameters(
        command=executable("policy-assistant"),
        args=["mcp", "--load-timeout", str(LOAD_TIMEOUT), "--log-level", "info"],
        env={**os.environ, "POLICY_ASSISTANT_INDEX_DIR": str(index_dir)},
        cwd=str(ROOT),
    )
    errors: list[Exception] = []
    log_name = log_name.replace(".log", f"{worker_suffix()}.log")  # two xdist workers never share a log
    with open(OUT / log_name, "w") as errlog, start_blocking_portal() as portal:
        client = Client(stdio_client(params, errlog=errlog), message_handler=_recorder(errors), mode=mode)
        with portal.wrap_async_context_manager(client) as connected:
            yield Session("stdio", portal, connected, errors)



def load_app_module():
    spec = importlib.util.spec_from_file_location("policy_assistant_app", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module



@contextmanager
def http_session(base_url: str, mode: str = "auto") -> Iterator[Session]:
    from mcp import Client

    errors: list[Exception] = []
    with start_blocking_portal() as portal:
        client = Client(f"{base_url}/mcp", message_handler=_recorder(errors), mode=mode)
        with portal.wrap_async_context_manager(client) as connected:
            yield Session("http", portal, connected, errors, base_url=base_url)
