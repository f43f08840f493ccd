"""Fixtures for the whole suite: the run's one built index (``seed_index``), which tests copy instead of building.

Under pytest-xdist the seed (when ``.index`` is not up to date) is built once for the run in the tmp dir all workers
share, not once per worker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support.index_seed import seed_index as _seed_index

# Rich consoles made at import time (assistant/cli.py, evals/cli.py) take their width from COLUMNS, else 80 when
# output is not a terminal, and wrap a long message there. A message naming a tmp file then fits on one line or not
# by the length of the tmp path, which is longer under pytest-xdist (…/popen-gw0/…): one fixed width for every run.
os.environ.setdefault("COLUMNS", "200")


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built, up-to-date index dir to copy from (``support.index_seed.copy_index``); never written to."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return _seed_index(shared)


HEAVY_MARKS = ("model", "server", "browser")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist (``make test``: ``--dist loadfile --no-loadscope-reorder``), the files that load the
    embedding model, start servers or drive Chromium are handed out first and the many quick files last, so the
    quick ones fill the end of the run instead of one worker finishing a long file alone. The order inside each
    file, and a run without xdist, are unchanged."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    heavy = {item.path for item in items if any(item.get_closest_marker(m) for m in HEAVY_MARKS)}
    items.sort(key=lambda item: item.path not in heavy)  # a stable sort: collection order within each group
