"""``policy-assistant serve``: the web app (API under /v1, docs at /docs, MCP at /mcp, chat UI at /).

Why it runs ``app.py``: app.py is the ASGI entry point (``python app.py --host H --port P``, ``uvicorn app:…``); the
command runs that file's own ``main`` so the two ways of starting the service can never build different apps.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from assistant.settings import ROOT

APP_FILE = ROOT / "app.py"


class NoEntryPoint(RuntimeError):
    """app.py is not beside the package (an installed wheel rather than the project's checkout)."""


def app_module(path: Path = APP_FILE) -> ModuleType:
    """app.py loaded as the module ``app`` (the name uvicorn and the tests use)."""
    if not path.is_file():
        raise NoEntryPoint(f"{path} not found: run `policy-assistant serve` from the project's checkout")
    if "app" in sys.modules and getattr(sys.modules["app"], "__file__", None) == str(path):
        return sys.modules["app"]
    spec = importlib.util.spec_from_file_location("app", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["app"] = module
    spec.loader.exec_module(module)
    return module


def serve(host: str, port: int, log_level: str) -> None:
    """Serve until interrupted; the assistant loads in the background (/healthz at once, /readyz when loaded)."""
    app_module().main(["--host", host, "--port", str(port), "--log-level", log_level])
