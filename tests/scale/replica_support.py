"""Starting ``app.py`` replicas on free loopback ports and waiting until ``/readyz`` answers 200; their logs are
printed (pytest shows them on failure) when they are stopped. The process handling is ``support.processes``."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from support.processes import LOAD_TIMEOUT, ROOT, free_port, start_app, stop, wait_ready

READY_TIMEOUT = LOAD_TIMEOUT  # a replica whose index is missing builds it first
__all__ = ["READY_TIMEOUT", "ROOT", "running_replicas"]


@contextlib.contextmanager
def running_replicas(envs: dict[str, dict[str, str]], logs: Path) -> Iterator[list[str]]:
    """One ``app.py`` per name in ``envs`` (its extra environment); yields their base URLs once all are ready."""
    procs, bases = [], []
    try:
        for name, extra in envs.items():
            port = free_port()
            procs.append(start_app(port, {**os.environ, **extra}, logs / f"{name}.log", ["--log-level", "warning"]))
            bases.append(f"http://127.0.0.1:{port}")
        for base, proc in zip(bases, procs):
            wait_ready(base, READY_TIMEOUT, proc)
        yield bases
    finally:
        stop(*procs, timeout=30)
        for name in envs:
            print(f"--- replica {name} log (tail)\n{(logs / f'{name}.log').read_text(errors='replace')[-3000:]}")
