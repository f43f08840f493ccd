"""A real ``redis-server`` on a free loopback port, started and killed by the tests (no persistence, no config
file). ``make test`` installs Debian's ``redis-server`` when it is missing (the ``redis-deps`` target)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from support.processes import free_port  # noqa: F401 - also imported from here by the other scale tests




def redis_exe() -> str:
    found = shutil.which("redis-server") or ("/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None)
    if not found:
        pytest.skip("redis-server is not installed (`make test` installs it: apt-get install redis-server)")
    return found


class RedisServer:
    """One redis-server process; ``kill()`` is SIGKILL (an outage), ``start()`` brings it back on the same port."""

    def __init__(self, workdir: Path, port: int | None = None):
        self.workdir, self.port = workdir, port or free_port()
        self.proc: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 20) -> None:
        log = open(self.workdir / f"redis-{self.port}.log", "ab")
        self.proc = subprocess.Popen(
            [redis_exe(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir), "--daemonize", "no", "--protected-mode", "yes"],
            stdout=log, stderr=subprocess.STDOUT)
        log.close()
        import redis

        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.proc.returncode}: "
                                   f"{(self.workdir / f'redis-{self.port}.log').read_text()[-2000:]}")
            try:
                redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5).ping()
                return
            except redis.exceptions.RedisError:
                if time.monotonic() > deadline:
                    raise TimeoutError("redis-server not answering") from None
                time.sleep(0.1)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
