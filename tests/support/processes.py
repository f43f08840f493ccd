"""Servers the tests start on loopback: a free port, waiting on ``/readyz``, and ``python app.py`` in a process group
of its own, stopped with everything it started (its answer workers too), so no test leaves a process behind.
One copy for the web, MCP and scale tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
LOAD_TIMEOUT = 900  # seconds: an app whose index is missing or damaged builds it before it is ready


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(base_url: str, timeout: float, proc: subprocess.Popen | None = None, *, want: str = "ready") -> None:
    """Poll /readyz until the assistant is ready (200) — or, with ``want="failed"``, until it reports that it failed
    to load. Fails (never hangs) after ``timeout``, when the server process dies, or when it reaches the other end
    state."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server {base_url} exited with {proc.returncode} before it was {want}")
        try:
            r = httpx.get(f"{base_url}/readyz", timeout=5)
            last = r.text
            status = "ready" if r.status_code == 200 else r.json().get("status")
            if status == want:
                return
            if status in ("ready", "failed"):
                raise RuntimeError(f"{base_url} is {status}, expected {want}: {last}")
        except (httpx.HTTPError, ValueError) as e:
            last = repr(e)
        time.sleep(0.5)
    raise TimeoutError(f"{base_url} not {want} after {timeout:.0f}s: {last}")


def start_app(port: int, env: dict[str, str], log: Path, args: Sequence[str] = ()) -> subprocess.Popen:
    """``python app.py --port PORT ARGS`` with ``env`` (the whole environment), output to ``log``, in a new
    session so :func:`stop` reaches its children."""
    with open(log, "wb") as out:
        return subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port), *args], cwd=ROOT,
                                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def stop(*procs: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM to each process group, then SIGKILL to any not ended within ``timeout`` (and to children that
    outlived their parent)."""
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def app_server(extra_env: dict[str, str], log: Path, *, args: Sequence[str] = (), want: str = "ready",
               timeout: float = LOAD_TIMEOUT, stop_timeout: float = 15) -> Iterator[str]:
    """``python app.py`` on a free loopback port with ``extra_env`` over this environment; yields its base URL once
    /readyz says ``want`` and stops its process group afterwards."""
    port = free_port()
    proc = start_app(port, {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", **extra_env}, log, args)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, timeout, proc, want=want)
        yield base
    finally:
        stop(proc, timeout=stop_timeout)


def worker_suffix() -> str:
    """``-gw0``… under pytest-xdist (so two workers never write the same log file), empty otherwise."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"-{worker}" if worker else ""
