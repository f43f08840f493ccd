"""`policy-assistant mcp [--transport stdio|streamable-http] [--host H] [--port N]`: serve the MCP server.

Over stdio (the default, what Claude Desktop and Cherry Studio spawn) stdout carries only the protocol: the SDK
points fd 1 at stderr while it serves, the index and model load inside that window, and logs go to stderr.
"""

from __future__ import annotations

import logging
import sys
from enum import Enum

import typer

mcp_app = typer.Typer(
    help="MCP 服务：计算器、条款检索、政策体检和问答作为工具（Model Context Protocol over stdio or HTTP）。",
    invoke_without_command=True,
    no_args_is_help=False,
)


class Transport(str, Enum):
    stdio = "stdio"
    streamable_http = "streamable-http"


@mcp_app.callback()
def serve(
    transport: Transport = typer.Option(Transport.stdio, "--transport", help="stdio（默认）或 streamable-http"),
    host: str = typer.Option("127.0.0.1", "--host", help="HTTP: interface to bind (default loopback only)"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="HTTP: port; the endpoint is /mcp"),
    load_timeout: float = typer.Option(
        120.0, "--load-timeout", min=1.0,
        help="seconds a search or ask call waits for the index and model (the first start may build the index)",
    ),
    log_level: str = typer.Option("warning", "--log-level", help="debug, info, warning or error (to stderr)"),
) -> None:
    """Serve the tools; over stdio until the client closes stdin, over HTTP until interrupted."""
    logging.basicConfig(stream=sys.stderr, level=log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from assistant.mcp.server import build_server
    from assistant.web.deps import Runtime

    server = build_server(Runtime(wait_seconds=load_timeout))
    if transport is Transport.stdio:
        server.run("stdio")
    else:
        server.run("streamable-http", host=host, port=port)
