"""Shared fixtures: temporary corpus copies and index dirs (never the real .index), one model per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import ROOT, Settings

CORPUS = ROOT / "corpus"


def copy_corpus(dest: Path, docs: tuple[str, ...] | None = None) -> Path:
    """Copy corpus/ to dest; ``docs`` limits it to some document stems (smaller, faster builds)."""
    shutil.copytree(CORPUS, dest)
    if docs is not None:
        for txt in dest.glob("*.txt"):
            if txt.with_suffix(".yaml").exists() and txt.stem not in docs:
                txt.unlink()
                txt.with_suffix(".yaml").unlink()
    return dest


def _make_settings(corpus_dir: Path, index_dir: Path, **kw) -> Settings:
    return Settings(_env_file=None, corpus_dir=corpus_dir, index_dir=index_dir, **kw)


@pytest.fixture(scope="session")
def make_settings():
    """Settings for a test corpus and index dir (environment overrides still apply to the other fields)."""
    return _make_settings


@pytest.fixture(scope="session")
def full_corpus(tmp_path_factory) -> Path:
    return copy_corpus(tmp_path_factory.mktemp("corpus") / "corpus")


@pytest.fixture(scope="session")
def retriever(full_corpus, tmp_path_factory, seed_index):
    """The full corpus's retriever over a private copy of the run's built index (the corpus fingerprint is its
    content, so the copy is up to date for ``full_corpus``; building is what the lifecycle tests test)."""
    from assistant.retrieval import Retriever
    from support.index_seed import copy_index

    index_dir = copy_index(seed_index, tmp_path_factory.mktemp("index") / ".index")
    return Retriever.open(_make_settings(full_corpus, index_dir))


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    """Only 长政办规〔2024〕1号 (about 30 nodes): for the lifecycle tests that build several times."""
    return copy_corpus(tmp_path / "corpus", docs=("changle-2024-1",))
