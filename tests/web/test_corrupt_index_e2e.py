"""End to end against ``python app.py`` on loopback: an index whose every file is damaged does not take the service
down; it starts, sets the damaged build aside, rebuilds and answers (issue 15, item 1)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import httpx
import pytest
from conftest import LOAD_TIMEOUT, ROOT, free_port, wait_ready

pytestmark = [pytest.mark.model, pytest.mark.server]


def test_app_with_every_index_file_damaged_becomes_ready_and_answers(runtime, index_dir, tmp_path):
    damaged = tmp_path / "idx"
    shutil.copytree(index_dir, damaged, symlinks=True)
    for path in damaged.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.name != "lock":
            path.write_bytes(os.urandom(max(64, min(path.stat().st_size, 200_000))))
    port = free_port()
    env = {**os.environ, "POLICY_ASSISTANT_INDEX_DIR": str(damaged), "GRADIO_ANALYTICS_ENABLED": "False"}
    log = open(tmp_path / "app.log", "w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, LOAD_TIMEOUT, proc)
        r = httpx.post(f"{base}/v1/ask", timeout=60,
                       json={"question": "春节用了九十万度电，市里奖了六万，区里配多少？", "as_of": "2024-03-15"})
        assert r.status_code == 200 and r.json()["citations"][0]["id"] == "2024#9"
        assert (damaged / "broken").is_dir() and any((damaged / "broken").iterdir())
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
