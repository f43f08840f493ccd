"""Starting ``app.py`` replicas on free loopback ports and waiting until ``/readyz`` answers 200; their logs are
printed (pytest shows them on failure) when they are stopped."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from redis_support import free_port

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 900  # a replica whose index is missing builds it first


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"replica {base} exited with {proc.returncode}")
        try:
            r = httpx.get(f"{base}/readyz", timeout=5)
            if r.status_code == 200:
                return
            last = r.text
        except httpx.HTTPError as e:
            last = repr(e)
        time.sleep(0.5)
    raise TimeoutError(f"{base} not ready after {timeout:.0f}s: {last}")


@contextlib.contextmanager
def running_replicas(envs: dict[str, dict[str, str]], logs: Path) -> Iterator[list[str]]:
    """One ``app.py`` per name in ``envs`` (its extra environment); yields their base URLs once all are ready."""
    procs, bases = [], []
    try:
        for name, extra in envs.items():
            port = free_port()
            with open(logs / f"{name}.log", "wb") as log:
                procs.append(subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port),
                                               "--log-level", "warning"], cwd=ROOT, env={**os.environ, **extra},
                                              stdout=log, stderr=subprocess.STDOUT))
            bases.append(f"http://127.0.0.1:{port}")
        for base, proc in zip(bases, procs):
            wait_ready(base, proc)
        yield bases
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        for name in envs:
            print(f"--- replica {name} log (tail)\n{(logs / f'{name}.log').read_text(errors='replace')[-3000:]}")
