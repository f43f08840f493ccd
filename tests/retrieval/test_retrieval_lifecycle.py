"""Index lifecycle: staleness, atomic rebuild, bad model, Chroma server."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from assistant.retrieval import ModelIntegrityError, ModelNotFound, Retriever
from assistant.retrieval import index as lifecycle


pytestmark = pytest.mark.model


def _builds(index_dir: Path) -> list[str]:
    return sorted(p.name for p in (index_dir / "builds").iterdir())


def test_builds_then_reuses_then_detects_a_changed_corpus(small_corpus, tmp_path, make_settings):
    settings = make_settings(small_corpus, tmp_path / "idx")
    first = Retriever.open(settings)
    assert first.built and lifecycle.index_status(settings)["up_to_date"]
    manifest = json.loads((tmp_path / "idx/current/manifest.json").read_text())
    assert manifest["format_version"] == lifecycle.FORMAT_VERSION
    assert manifest["corpus_fingerprint"] == first.corpus.fingerprint
    assert manifest["model_spec"] == settings.embedding_model and len(manifest["model_sha256"]) == 64

    again = Retriever.open(settings)
    assert not again.built and again.manifest["build_id"] == first.manifest["build_id"]

    # Change the enrichment (part of the corpus fingerprint): the index is stale and is rebuilt at open.
    path = small_corpus / "enrichment" / "changle-2024-1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [", "aliases: [测试别名甲乙, ", 1), encoding="utf-8")
    status = lifecycle.index_status(settings)
    assert not status["up_to_date"] and any("corpus changed" in r for r in status["stale_reasons"])
    rebuilt = Retriever.open(settings)
    assert rebuilt.built and rebuilt.manifest["build_id"] != first.manifest["build_id"]
    assert rebuilt.manifest["corpus_fingerprint"] != first.manifest["corpus_fingerprint"]
    assert rebuilt.search("测试别名甲乙", k=1, mode="bm25")
    assert lifecycle.index_status(settings)["up_to_date"]
    assert len(_builds(tmp_path / "idx")) == 2  # the new build and the previous one; older ones are removed

    # Different model weights or model setting than the ones the index was built with: stale as well.
    manifest_path = tmp_path / "idx/current/manifest.json"
    recorded = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**recorded, "model_sha256": "f" * 64, "model_spec": "BAAI/bge-small-zh-v1.5"}))
    reasons = lifecycle.index_status(settings)["stale_reasons"]
    assert "embedding model weights changed" in reasons and "embedding model setting changed" in reasons


def test_missing_enrichment_does_not_break_indexing_and_the_cli_builds(small_corpus, tmp_path, make_settings,
                                                                        monkeypatch):
    from typer.testing import CliRunner

    from assistant.index_cli import index_app
    from assistant.settings import get_settings

    shutil.rmtree(small_corpus / "enrichment")
    (small_corpus / "lexicon.yaml").unlink()
    (small_corpus / "jieba_userdict.txt").unlink(missing_ok=True)
    monkeypatch.setenv("POLICY_ASSISTANT_CORPUS_DIR", str(small_corpus))
    monkeypatch.setenv("POLICY_ASSISTANT_INDEX_DIR", str(tmp_path / "idx"))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        status = runner.invoke(index_app, ["status"])
        assert status.exit_code == 1 and "no index yet" in status.output
        built = runner.invoke(index_app, ["build"])
        assert built.exit_code == 0, built.output
        assert "built" in built.output
        status = runner.invoke(index_app, ["status"])
        assert status.exit_code == 0 and "up to date" in status.output
        assert "up to date" in runner.invoke(index_app, ["build"]).output
    finally:
        get_settings.cache_clear()

    r = Retriever.open(make_settings(small_corpus, tmp_path / "idx"))
    assert not r.built  # the CLI's build is the one in use
    assert r.manifest["n_enriched"] == 0 and r.manifest["n_items"] == len(r.corpus.items)
    assert r.search("春节期间用电量达50万千瓦时以上的规上工业企业", k=1)[0].citation == "2024#9"


def test_failed_rebuild_leaves_the_previous_index_usable(small_corpus, tmp_path, monkeypatch, make_settings):
    settings = make_settings(small_corpus, tmp_path / "idx")
    good = Retriever.open(settings)
    good_id = good.manifest["build_id"]

    real = lifecycle.embed_texts

    def crash_mid_build(embedder, texts, progress=None, batch=16):
        real(embedder, texts[:batch], progress, batch)  # some work done, then the process "dies"
        raise RuntimeError("simulated crash while embedding")

    monkeypatch.setattr(lifecycle, "embed_texts", crash_mid_build)
    with pytest.raises(RuntimeError, match="simulated crash"):
        Retriever.open(settings, rebuild=True)
    monkeypatch.setattr(lifecycle, "embed_texts", real)

    assert lifecycle.read_manifest(tmp_path / "idx")["build_id"] == good_id
    survivor = Retriever.open(settings)
    assert not survivor.built and survivor.manifest["build_id"] == good_id
    assert survivor.search("春节期间企业用电奖励", k=1)[0].citation == "2024#9"
    # The half-written build is left behind and removed by the next successful build.
    assert len(_builds(tmp_path / "idx")) == 2
    Retriever.open(settings, rebuild=True)
    assert len(_builds(tmp_path / "idx")) == 2


def test_missing_model_folder_says_what_to_set(small_corpus, tmp_path, make_settings):
    settings = make_settings(small_corpus, tmp_path / "idx", embedding_model=str(tmp_path / "no-such-model"))
    started = time.monotonic()
    with pytest.raises(ModelNotFound, match="POLICY_ASSISTANT_EMBEDDING_MODEL"):
        Retriever.open(settings)
    assert time.monotonic() - started < 10
    assert not (tmp_path / "idx" / "current").exists()


def test_unreadable_model_says_what_to_set(small_corpus, tmp_path, make_settings):
    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "config.json").write_text('{"model_type": "bert"}')
    (broken / "pytorch_model.bin").write_bytes(b"not a checkpoint")
    settings = make_settings(small_corpus, tmp_path / "idx", embedding_model=str(broken))
    with pytest.raises(ModelNotFound, match="POLICY_ASSISTANT_EMBEDDING_MODEL"):
        Retriever.open(settings)


def test_wrong_model_checksum_is_refused(small_corpus, tmp_path, make_settings):
    settings = make_settings(small_corpus, tmp_path / "idx", embedding_sha256="0" * 64)
    with pytest.raises(ModelIntegrityError, match="POLICY_ASSISTANT_EMBEDDING_MODEL"):
        Retriever.open(settings)


# ---------------------------------------------------------------- Chroma server
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def chroma_server(tmp_path):
    from assistant.settings import ROOT

    exe = ROOT / ".venv" / "bin" / "chroma"
    if not exe.exists():
        found = shutil.which("chroma")
        if not found:
            pytest.skip("the `chroma` CLI is not installed (.venv/bin/chroma missing): cannot test the server path")
        exe = Path(found)
    port = _free_port()
    log = open(tmp_path / "chroma.log", "wb")
    proc = subprocess.Popen([str(exe), "run", "--path", str(tmp_path / "chroma-data"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env={**os.environ})
    try:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited with {proc.returncode}: {(tmp_path / 'chroma.log').read_text()[-2000:]}")
            try:
                chromadb.HttpClient(host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)).heartbeat()
                break
            except Exception:
                if time.monotonic() > deadline:
                    pytest.fail("chroma server not ready after 60 s")
                time.sleep(0.3)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.mark.server
def test_chroma_server_path(small_corpus, tmp_path, chroma_server, make_settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = make_settings(small_corpus, tmp_path / "idx", chroma_host="127.0.0.1", chroma_port=chroma_server)
    r = Retriever.open(settings)
    assert r.built and r.manifest["chroma"] == f"http://127.0.0.1:{chroma_server}"
    assert not (Path(r.manifest["_dir"]) / "chroma").exists()  # vectors live in the server
    hits = r.search("春节期间企业用电奖励", k=3)
    assert hits[0].citation == "2024#9" and hits[0].dense_rank is not None
    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server, settings=ChromaSettings(anonymized_telemetry=False))
    assert r.manifest["collection"] in [c.name for c in client.list_collections()]
    # Reopening uses the server's collection without rebuilding; switching to embedded makes it stale.
    assert not Retriever.open(settings).built
    embedded = make_settings(small_corpus, tmp_path / "idx")
    assert "Chroma location changed" in lifecycle.index_status(embedded)["stale_reasons"]


def test_unreachable_chroma_server_is_a_clear_error(small_corpus, tmp_path, make_settings):
    from assistant.retrieval import ChromaUnavailable

    settings = make_settings(small_corpus, tmp_path / "idx", chroma_host="127.0.0.1", chroma_port=_free_port())
    with pytest.raises(ChromaUnavailable, match="POLICY_ASSISTANT_CHROMA_HOST"):
        Retriever.open(settings)
