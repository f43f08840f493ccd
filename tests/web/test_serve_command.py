"""`policy-assistant serve` starts the same web app as `python app.py` (which keeps its own command line)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from support.index_seed import copy_index
from support.processes import free_port

pytestmark = [pytest.mark.server]

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).with_name("policy-assistant")


def _wait_healthy(base: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"server exited with {proc.returncode}"
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{base}/healthz did not answer in {timeout:.0f}s")


def test_serve_answers_health_and_api_routes(seed_index):
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="pa-serve-index-") as index_dir:
        copy_index(seed_index, Path(index_dir))  # it loads a copy of the run's index instead of building one
        env = {**os.environ, "POLICY_ASSISTANT_INDEX_DIR": index_dir}
        # Its own process group: the app's worker processes are stopped with it.
        proc = subprocess.Popen([str(CLI), "serve", "--port", str(port), "--log-level", "warning"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_healthy(base, proc)
            assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
            paths = httpx.get(f"{base}/openapi.json", timeout=10).json()["paths"]
            assert "/v1/ask" in paths and "/v1/chat/completions" in paths
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def test_app_py_keeps_its_command_line():
    out = subprocess.run([sys.executable, "app.py", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "--host" in out.stdout and "--port" in out.stdout
    res = subprocess.run([str(CLI), "serve", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and "--host" in res.stdout and "--port" in res.stdout
