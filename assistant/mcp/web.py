"""The MCP server's Streamable HTTP transport inside the web app, at ``/mcp`` (next to ``/v1`` and the UI).

Why this shape: the SDK's session manager needs a running task group, started by the *host* app's lifespan (a
mounted sub-app's lifespan never runs), and a manager can be started only once. The same FastAPI app object may be
served more than once, even at the same time (a test client and a uvicorn thread), each in its own event loop, so
every lifespan entry builds its own server and manager and requests are served by the one started in their loop.
The server uses the web app's ``Runtime``: the Assistant is loaded once per process for the API, the UI and MCP.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.mcp.server import build_server
from assistant.web.deps import Runtime

MCP_PATH = "/mcp"


class _PerLoopEndpoint:
    """ASGI endpoint that forwards to the MCP app started by the lifespan running in the request's event loop."""

    def __init__(self) -> None:
        self.apps: dict[int, ASGIApp] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = self.apps.get(id(asyncio.get_running_loop()))
        if app is None:  # the host app was served without running its lifespan
            await JSONResponse({"detail": "MCP transport is not started"}, status_code=503)(scope, receive, send)
            return
        await app(scope, receive, send)


def mount_mcp(app: Any, runtime: Runtime, path: str = MCP_PATH) -> None:
    """Serve MCP over Streamable HTTP at ``path`` of ``app`` (FastAPI/Starlette); call before mounting ``/``.

    Transport security is the SDK's default for a loopback host: only requests addressed to 127.0.0.1/localhost
    are answered (others get 421), which fits ``app.py``'s default bind; see the README before exposing it.
    """
    endpoint = _PerLoopEndpoint()
    app.router.routes.append(Route(path, endpoint=endpoint))
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(host: Any) -> AsyncIterator[Any]:
        server = build_server(runtime)
        mcp_app = server.streamable_http_app(streamable_http_path=path)
        key = id(asyncio.get_running_loop())
        async with server.session_manager.run():
            endpoint.apps[key] = mcp_app
            try:
                async with inner(host) as state:
                    yield state
            finally:
                endpoint.apps.pop(key, None)

    app.router.lifespan_context = lifespan
