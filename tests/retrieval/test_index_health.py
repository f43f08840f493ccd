"""A damaged index or model never takes the service down (issue 15, items 1 and 4).

Every test here failed before ``assistant.retrieval.health``: a ``chroma.sqlite3`` full of random bytes left
``index status`` saying "up to date" and ``index build`` crashing with a traceback; a model whose weights are NaN
ended in Chroma's "Embeddings must not contain NaN" after the whole embedding run, naming neither model nor setting.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.retrieval import ModelIntegrityError, Retriever, health
from assistant.settings import get_settings

pytestmark = pytest.mark.model
runner = CliRunner()


def _damage(path: Path, mode: str = "random") -> None:
    if mode == "truncate":
        with open(path, "r+b") as fh:
            fh.truncate(max(0, path.stat().st_size // 3))
    else:
        path.write_bytes(os.urandom(max(64, min(path.stat().st_size, 300_000))))


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


@pytest.fixture
def env(small_corpus, tmp_path, monkeypatch):
    """The CLI and the web Runtime read settings from the environment: point them at a test corpus and index."""
    monkeypatch.setenv("POLICY_ASSISTANT_CORPUS_DIR", str(small_corpus))
    monkeypatch.setenv("POLICY_ASSISTANT_INDEX_DIR", str(tmp_path / "idx"))
    get_settings.cache_clear()
    yield tmp_path / "idx"
    get_settings.cache_clear()


@pytest.mark.parametrize("mode", ["random", "truncate"])
def test_status_sees_a_damaged_store_and_build_rebuilds_over_it(env, mode):
    from assistant.cli import app

    first = Retriever.open(get_settings())
    _damage(next((env / "current").resolve().rglob("chroma.sqlite3")), mode)

    res = runner.invoke(app, ["index", "status", "--json"])
    info = json.loads(res.output)
    assert res.exit_code == 1 and info["opens"] is False and info["up_to_date"] is False
    assert any("chroma.sqlite3" in p for p in info["problems"])

    res = runner.invoke(app, ["index", "build"])
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output and "set aside" in res.output
    assert health.verify_current(get_settings())["opens"]
    assert (env / "current").resolve().name != first.manifest["_dir"].rsplit("/", 1)[-1]
    assert [p.name.split("-set-aside-")[0] for p in (env / "broken").iterdir()] == [Path(first.manifest["_dir"]).name]
    assert runner.invoke(app, ["index", "status", "--json"]).exit_code == 0


def test_falls_back_to_the_previous_build_that_opens(env):
    s = get_settings()
    older = Retriever.open(s)
    newer = Retriever.open(s, rebuild=True)
    assert older.manifest["build_id"] != newer.manifest["build_id"]
    (Path(newer.manifest["_dir"]) / "manifest.json").write_bytes(b"\x00garbage")
    out = health.recover(s)
    assert out.acted and out.fell_back_to == Path(older.manifest["_dir"]).name
    again = Retriever.open(s)
    assert not again.built and again.manifest["build_id"] == older.manifest["build_id"]
    assert again.search("春节用电", k=1)


def test_every_file_damaged_the_service_rebuilds_and_answers(env):
    """The web Runtime's loader (what app.py runs): every file of the index is damaged, it still becomes ready."""
    from assistant.sessions import SessionStore
    from assistant.web.deps import Runtime

    Retriever.open(get_settings())
    for path in _files(env):
        if path.name != "lock":
            _damage(path)
    rt = Runtime(sessions=SessionStore(), wait_seconds=600)
    rt.start()
    assistant = rt.assistant()
    assert rt.state == "ready", rt.error
    answer = assistant.ask(__import__("assistant.schema", fromlist=["AskRequest"]).AskRequest(
        question="春节用了九十万度电，市里奖了六万，区里配多少？", as_of="2024-03-15"))
    assert answer.citations and answer.citations[0].id == "2024#9"
    assert (env / "broken").is_dir() and health.verify_current(get_settings())["opens"]


@pytest.fixture(scope="module")
def nan_model(tmp_path_factory) -> Path:
    """A copy of the default model whose weights load but are NaN (what corrupted floats look like)."""
    import torch

    from assistant.retrieval.dense import load_sentence_transformer
    from assistant.settings import resolve_model_path

    settings = get_settings()
    path = resolve_model_path(settings.embedding_model)
    model = load_sentence_transformer(path, settings.embedding_model)
    folder = tmp_path_factory.mktemp("nan-model") / "m3e-nan"
    model.save(str(folder))
    state = model[0].auto_model.state_dict()
    from sentence_transformers import SentenceTransformer

    damaged = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    with torch.no_grad():
        for name, p in damaged[0].auto_model.named_parameters():
            if name in state and p.dtype.is_floating_point:
                p.fill_(float("nan"))
    damaged.save(str(folder))
    return folder


def test_damaged_weights_fail_at_once_naming_the_model_and_setting(small_corpus, tmp_path, make_settings, nan_model):
    settings = make_settings(small_corpus, tmp_path / "idx", embedding_model=str(nan_model))
    started = time.monotonic()
    with pytest.raises(ModelIntegrityError) as e:
        Retriever.open(settings)
    assert time.monotonic() - started < 15
    assert "POLICY_ASSISTANT_EMBEDDING_MODEL" in str(e.value) and str(nan_model) in str(e.value)
    assert "NaN" in str(e.value) and not (tmp_path / "idx" / "current").exists()


def test_damaged_weights_readiness_names_the_setting_without_paths(env, nan_model, monkeypatch):
    from assistant.cli import app
    from assistant.sessions import SessionStore
    from assistant.web.deps import Runtime

    monkeypatch.setenv("POLICY_ASSISTANT_EMBEDDING_MODEL", str(nan_model))
    get_settings.cache_clear()
    res = runner.invoke(app, ["index", "build"])
    assert res.exit_code == 2 and "Traceback" not in res.output and "POLICY_ASSISTANT_EMBEDDING_MODEL" in res.output
    assert len(res.output.splitlines()) < 15
    rt = Runtime(sessions=SessionStore(), wait_seconds=120)
    rt.start()
    rt._ready.wait(120)
    assert rt.state == "failed" and "POLICY_ASSISTANT_EMBEDDING_MODEL" in rt.error
    assert str(nan_model.parent) not in rt.error and "/tmp" not in rt.error


def test_ask_with_a_missing_model_is_one_line_not_a_traceback(small_corpus, tmp_path, monkeypatch):
    from assistant.cli import app

    monkeypatch.setenv("POLICY_ASSISTANT_CORPUS_DIR", str(small_corpus))
    monkeypatch.setenv("POLICY_ASSISTANT_INDEX_DIR", str(tmp_path / "idx"))
    monkeypatch.setenv("POLICY_ASSISTANT_EMBEDDING_MODEL", str(tmp_path / "no-such-model"))
    get_settings.cache_clear()
    try:
        res = runner.invoke(app, ["ask", "春节用电奖励怎么算"])
    finally:
        get_settings.cache_clear()
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "POLICY_ASSISTANT_EMBEDDING_MODEL" in res.output and len(res.output.splitlines()) <= 4
