"""Fixtures for the whole suite: the run's one built index (``seed_index``), which tests copy instead of building.

Under pytest-xdist the seed (when ``.index`` is not up to date) is built once for the run in the tmp dir all workers
share, not once per worker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support.index_seed import seed_index as _seed_index


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built, up-to-date index dir to copy from (``support.index_seed.copy_index``); never written to."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return _seed_index(shared)
