"""A real Chroma server (``chroma run``, the CLI that comes with the ``chromadb`` package) on a free loopback port,
started and stopped by the tests, with its data in a tmp dir. Flags as documented for ``chroma run`` (chromadb
1.5): ``--path`` (persistence directory), ``--host``, ``--port``."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from redis_support import free_port


def chroma_exe() -> str:
    """The ``chroma`` CLI beside this interpreter (the project's .venv), else on PATH; skip when absent."""
    local = Path(sys.executable).parent / "chroma"
    found = str(local) if local.exists() else shutil.which("chroma")
    if not found:
        pytest.skip("the `chroma` CLI is not installed (it comes with the chromadb package: `make setup`)")
    return found


class ChromaServer:
    def __init__(self, workdir: Path, port: int | None = None):
        self.workdir, self.port = workdir, port or free_port()
        self.host = "127.0.0.1"
        self.proc: subprocess.Popen | None = None
        self.log = workdir / f"chroma-{self.port}.log"

    def start(self, timeout: float = 60) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([chroma_exe(), "run", "--path", str(self.workdir / "data"), "--host", self.host,
                                          "--port", str(self.port)], stdout=log, stderr=subprocess.STDOUT)
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                self.client(chromadb, ChromaSettings).heartbeat()
                return
            except Exception:  # noqa: BLE001 - not listening yet
                if time.monotonic() > deadline:
                    raise TimeoutError(f"chroma server not answering after {timeout:.0f}s: "
                                       f"{self.log.read_text()[-2000:]}") from None
                time.sleep(0.3)

    def client(self, chromadb=None, settings_cls=None):
        if chromadb is None:
            import chromadb
            from chromadb.config import Settings as settings_cls
        return chromadb.HttpClient(host=self.host, port=self.port, settings=settings_cls(anonymized_telemetry=False))

    def env(self) -> dict[str, str]:
        """The settings that point the index build and the replicas at this server."""
        return {"POLICY_ASSISTANT_CHROMA_HOST": self.host, "POLICY_ASSISTANT_CHROMA_PORT": str(self.port)}

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
