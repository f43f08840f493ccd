"""End to end against ``python app.py`` on loopback: an index whose every file is damaged does not take the service
down; it starts, sets the damaged build aside, rebuilds and answers (issue 15, item 1)."""

from __future__ import annotations

import os
import shutil

import httpx
import pytest
from support.processes import app_server

pytestmark = [pytest.mark.model, pytest.mark.server]


def test_app_with_every_index_file_damaged_becomes_ready_and_answers(runtime, index_dir, tmp_path):
    damaged = tmp_path / "idx"
    shutil.copytree(index_dir, damaged, symlinks=True)
    for path in damaged.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.name != "lock":
            path.write_bytes(os.urandom(max(64, min(path.stat().st_size, 200_000))))
    with app_server({"POLICY_ASSISTANT_INDEX_DIR": str(damaged)}, tmp_path / "app.log") as base:
        r = httpx.post(f"{base}/v1/ask", timeout=60,
                       json={"question": "春节用了九十万度电，市里奖了六万，区里配多少？", "as_of": "2024-03-15"})
        assert r.status_code == 200 and r.json()["citations"][0]["id"] == "2024#9"
        assert (damaged / "broken").is_dir() and any((damaged / "broken").iterdir())
