"""Serve everything: the API under /v1 (docs at /docs), MCP at /mcp and the Gradio chat UI at /.

`python app.py [--host H] [--port P]` (default 127.0.0.1:7860). The Assistant loads in the background, so
/healthz answers at once and /readyz turns 200 when the index and model are loaded.
"""

from __future__ import annotations

import argparse
import logging


def build():
    """The full ASGI app: API routes first, then MCP, then the UI mounted at / (so /v1, /docs, /healthz, /mcp stay
    reachable)."""
    from assistant.web.deps import default_runtime

    runtime = default_runtime()
    runtime.start()  # the answer workers start while this process imports the web stack

    from assistant.mcp.web import mount_mcp
    from assistant.web.api import create_app
    from assistant.web.lazy_ui import mount_ui  # Gradio is imported in the background, after start-up

    app = create_app(runtime)
    mount_mcp(app, runtime)  # Streamable HTTP transport of the MCP server, sharing this process's Assistant
    return mount_ui(app, runtime)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="policy-assistant web service and chat UI")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    import uvicorn

    uvicorn.run(build(), host=args.host, port=args.port, log_level=args.log_level, access_log=False)


if __name__ == "__main__":
    main()
