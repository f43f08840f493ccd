"""The Gradio UI at ``/``, imported and built in the background once the server is up.

Why: importing Gradio takes 3–10 s on this 2-core box, longer than everything else the web service does
before it can answer. With the UI mounted eagerly, ``/readyz``, the API and MCP waited for it; mounted this way
the server listens at once, the UI is imported on a thread while the answer workers open in their own processes,
and ``/readyz`` turns 200 when the Assistant is loaded, whether or not the UI is built yet. A request for a UI
page that arrives before the UI is built waits for it (up to ``UI_WAIT_SECONDS``) instead of failing, so a
browser that opens ``/`` early just sees a slower first page.

The UI itself is unchanged (``assistant.web.ui.mount_ui`` on a holder app whose lifespan — Gradio's queue and
startup events — runs inside the host app's lifespan).
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import Any

from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

log = logging.getLogger("policy_assistant.web")

UI_WAIT_SECONDS = 120.0


class LazyUI:
    """ASGI app mounted at ``/`` that forwards to the Gradio app once it is built in the running event loop."""

    def __init__(self, runtime: Any):
        self.runtime = runtime
        self.apps: dict[int, Any] = {}  # event loop id -> built holder app (the host may be served more than once)
        self.ready: dict[int, asyncio.Event] = {}
        self.error: str | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = id(asyncio.get_running_loop())
        app = self.apps.get(key)
        if app is None and key in self.ready:
            try:
                await asyncio.wait_for(self.ready[key].wait(), UI_WAIT_SECONDS)
            except asyncio.TimeoutError:
                pass
            app = self.apps.get(key)
        if app is None:
            if scope["type"] == "http":
                why = f"the chat UI failed to load: {self.error}" if self.error else "the chat UI is still loading"
                await PlainTextResponse(why, status_code=503, headers={"Retry-After": "5"})(scope, receive, send)
            return
        await app(scope, receive, send)

    async def serve(self, stop: asyncio.Event) -> None:
        """Build the UI in a thread (the answer workers open meanwhile, in their own processes), then run its
        lifespan until ``stop``."""
        key = id(asyncio.get_running_loop())
        ready = self.ready[key]
        try:
            holder = await asyncio.to_thread(self._build)
            if stop.is_set():
                return
            async with holder.router.lifespan_context(holder):
                self.apps[key] = holder
                ready.set()
                await stop.wait()
        except Exception as e:  # the API keeps serving without the UI
            log.exception("the chat UI failed to load")
            self.error = f"{type(e).__name__}: {e}"
        finally:
            self.apps.pop(key, None)
            ready.set()

    def _build(self):
        from fastapi import FastAPI

        from assistant.web.ui import mount_ui as mount_gradio

        return mount_gradio(FastAPI(openapi_url=None, docs_url=None, redoc_url=None), self.runtime)


def mount_ui(app: Any, runtime: Any) -> Any:
    """Mount the UI at ``/`` of ``app`` (after the API routes, so they take precedence), built in the background."""
    lazy = LazyUI(runtime)
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(host: Any):
        key = id(asyncio.get_running_loop())
        lazy.ready[key] = asyncio.Event()
        async with inner(host) as state:
            stop = asyncio.Event()
            task = asyncio.create_task(lazy.serve(stop))
            try:
                yield state
            finally:
                stop.set()
                try:
                    await asyncio.wait_for(task, 30)
                except (asyncio.TimeoutError, Exception):  # noqa: BLE001 - shutting down
                    task.cancel()
                lazy.ready.pop(key, None)

    app.router.lifespan_context = lifespan
    app.mount("/", lazy)
    return app
