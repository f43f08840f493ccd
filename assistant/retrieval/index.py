"""Index lifecycle: identity (manifest), build, atomic swap, staleness, status.

Layout (everything inside ``settings.index_dir``)::

    <index_dir>/current        -> builds/b-<id>      (relative symlink; the commit point)
    <index_dir>/builds/b-<id>/manifest.json          (written last, fsynced)
    <index_dir>/builds/b-<id>/chroma/                (embedded Chroma; absent when a server is used)
    <index_dir>/builds/b-<id>/vectors.npz            (snapshot of the embedded collection's vectors)
    <index_dir>/builds/b-<id>/jieba.cache            (jieba's finished dictionary, user words included)
    <index_dir>/builds/b-<id>/bm25.npz               (the nodes' BM25 matrix, computed by bm25s)
    <index_dir>/onnx/<model sha256>/                 (the model exported to ONNX, shared by builds)
    <index_dir>/lock                                 (flock: one build or export at a time)

A build writes a brand-new ``builds/b-<id>`` directory (with a Chroma *server*, a brand-new collection
``<collection>-<id>``), and only when everything is written does ``os.replace`` swap the ``current``
symlink. A crash or error before that leaves ``current`` pointing at the previous, complete build; the
orphaned directory is removed by the next successful build. The previous build is kept (a process that
opened it may still be reading it); older ones are deleted.

The BM25 side is rebuilt in memory at open from the same corpus
whose fingerprint the manifest records, unless the build's saved matrix matches its hash. The snapshot, the
jieba cache and the BM25 matrix are start-up shortcuts whose sha256 the manifest records: a file that does not match is not used (the slow path gives the same
result). The ONNX export is checked against the sentence-transformers vectors of every node at each
build (``onnx_export``).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from assistant.corpus import Corpus
from assistant.model_check import WEIGHT_FILES, file_sha256
from assistant.retrieval import snapshot
from assistant.retrieval.bm25 import BM25_FILE, BM25Index
from assistant.retrieval.dense import chroma_client, chroma_location, collection_name
from assistant.retrieval.enrichment import DEFAULT_LAYOUT, NodeSpec, RetrievalData
from assistant.retrieval.tokenizer import get_tokenizer, save_cache, tokenizer_key
from assistant.settings import DEFAULT_MODEL, M3E_SMALL_SHA256

log = logging.getLogger(__name__)

FORMAT_VERSION = 2  # 2: vector snapshot, jieba cache and ONNX export recorded in the manifest
MANIFEST = "manifest.json"
JIEBA_CACHE = "jieba.cache"
Progress = Callable[[str, int, int], None]  # (stage, done, total)


class IndexError_(RuntimeError):
    """The index cannot be built or opened (the message says why)."""


# ------------------------------------------------------------------ identity
_SHA_CACHE: dict[tuple[str, int, int], str] = {}


def hub_snapshot(spec: str) -> Path | None:
    """The local folder of a hub model already in the Hugging Face cache (no network), else None."""
    if Path(spec).exists() or spec.startswith(("wheel:", ".", "/", "~")) or spec.count("/") != 1:
        return None
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(repo_id=spec, local_files_only=True))
    except Exception:  # noqa: BLE001 - not cached (or no hub library): the caller loads the model first
        return None


def model_identity(spec: str, path: str, verified_sha256: str | None) -> dict[str, Any]:
    """What the manifest records about the model: spec, and the weights' sha256 (a folder, or a hub model's
    cached snapshot); the sha256 also names the model's ONNX export."""
    folder = Path(path)
    sha = verified_sha256
    if sha is None and not folder.is_dir():
        folder = hub_snapshot(path) or folder
    if sha is None and folder.is_dir():
        weights = next((folder / n for n in WEIGHT_FILES if (folder / n).exists()), None)
        if weights is not None:
            st = weights.stat()
            key = (str(weights.resolve()), st.st_size, int(st.st_mtime_ns))
            if key not in _SHA_CACHE:
                _SHA_CACHE[key] = file_sha256(weights)
            sha = _SHA_CACHE[key]
    return {"model_spec": spec, "model_sha256": sha}


def expected_sha256(settings) -> str | None:
    return settings.embedding_sha256 or (M3E_SMALL_SHA256 if settings.embedding_model == DEFAULT_MODEL else None)


def expected_identity(settings, corpus: Corpus, model: dict[str, Any], layout: str = DEFAULT_LAYOUT) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "corpus_fingerprint": corpus.fingerprint,
        **model,
        "layout": layout,
        "chroma": chroma_location(settings),
    }


def stale_reasons(manifest: dict[str, Any] | None, expected: dict[str, Any]) -> list[str]:
    if manifest is None:
        return ["no index has been built"]
    labels = {
        "format_version": "index format changed",
        "corpus_fingerprint": "corpus changed (documents, metadata, enrichment or lexicon)",
        "model_spec": "embedding model setting changed",
        "model_sha256": "embedding model weights changed",
        "layout": "node layout changed",
        "chroma": "Chroma location changed",
    }
    return [msg for key, msg in labels.items() if manifest.get(key) != expected.get(key)]


# ------------------------------------------------------------------ layout
def current_build(index_dir: Path) -> Path | None:
    link = Path(index_dir) / "current"
    if not link.is_symlink() and not link.is_dir():
        return None
    target = link.resolve()
    return target if (target / MANIFEST).is_file() else None


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    build = current_build(index_dir)
    if build is None:
        return None
    try:
        data = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    data["_dir"] = str(build)
    return data


@contextmanager
def build_lock(index_dir: Path):
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    with open(Path(index_dir) / "lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _swap_current(index_dir: Path, build: Path) -> None:
    link = index_dir / "current"
    tmp = index_dir / f"current.tmp-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    os.symlink(os.path.relpath(build, index_dir), tmp)
    if link.exists() and not link.is_symlink():  # a real directory from elsewhere: move it aside first
        os.replace(link, index_dir / "builds" / f"legacy-{os.getpid()}")
    os.replace(tmp, link)
    _fsync_dir(index_dir)


def _cleanup(index_dir: Path, settings, keep: set[Path]) -> None:
    builds = index_dir / "builds"
    for d in sorted(builds.iterdir()) if builds.is_dir() else []:
        if d.resolve() in keep:
            continue
        try:
            manifest = json.loads((d / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = None
        if manifest and manifest.get("chroma") != "embedded" and manifest.get("chroma") == chroma_location(settings):
            try:
                chroma_client(settings, d).delete_collection(manifest["collection"])
            except Exception as e:  # noqa: BLE001 - best effort
                log.info("could not delete old collection %s: %s", manifest.get("collection"), e)
        shutil.rmtree(d, ignore_errors=True)
    for stray in index_dir.glob("current.tmp-*"):
        stray.unlink(missing_ok=True)


# ------------------------------------------------------------------ build
def embed_texts(embedder, texts: list[str], progress: Progress | None = None, batch: int = 16) -> list[list[float]]:
    """Embed in batches, reporting progress (module-level so tests can simulate a failure here)."""
    # Shortest first: batches of similar length waste little on padding (clauses run from 30 to 600 chars).
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: list[list[float] | None] = [None] * len(texts)
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        for i, vec in zip(chunk, embedder.encode([texts[i] for i in chunk], batch_size=batch).tolist()):
            out[i] = vec
        if progress:
            progress("embedding", min(start + batch, len(texts)), len(texts))
    return out  # type: ignore[return-value]


def node_metadata(node: NodeSpec, corpus: Corpus) -> dict[str, Any]:
    item = corpus.items[node.citation]
    doc = corpus.documents[item.doc_key].meta
    return {
        "citation": node.citation,
        "doc_key": item.doc_key,
        "wenhao": item.wenhao,
        "kind": item.kind,
        "role": node.role,
        "clause_number": getattr(item, "number", None) or -1,
        "section": getattr(item, "section", "") or "",
        "title": getattr(item, "title", None) or "",
        "units": "、".join(item.responsible_units),
        "effective_from": doc.effective_from.isoformat(),
        "expires": doc.expires.isoformat(),
    }


def build_index(
    settings,
    corpus: Corpus,
    data: RetrievalData,
    nodes: list[NodeSpec],
    embedder,
    identity: dict[str, Any],
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Build a complete new index and swap it in atomically; returns its manifest. Caller holds the lock.

    Besides the Chroma collection: the vector snapshot (embedded store), the jieba cache, and with the
    ``onnx`` query encoder the ONNX export, verified against this build's vectors of every node."""
    from llama_index.core.schema import TextNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

    started = time.perf_counter()
    index_dir = Path(settings.index_dir).resolve()
    builds = index_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    build_id = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    build = builds / f"b-{build_id}"
    build.mkdir()
    previous = current_build(index_dir)

    client = chroma_client(settings, build)  # first: an unreachable server fails before any embedding work
    if progress:
        progress("embedding", 0, len(nodes))
    vectors = embed_texts(embedder, [n.text for n in nodes], progress)
    from assistant.retrieval.health import check_vectors  # NaN/Inf: a damaged model, named with its setting

    check_vectors(vectors, identity["model_spec"])

    name = collection_name(settings.collection, build_id.replace("-", ""))
    collection = client.create_collection(name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None)
    store = ChromaVectorStore(chroma_collection=collection)
    text_nodes = [
        TextNode(id_=n.node_id, text=n.text, metadata=node_metadata(n, corpus), embedding=v)
        for n, v in zip(nodes, vectors)
    ]
    chunk = 64
    for start in range(0, len(text_nodes), chunk):
        store.add(text_nodes[start : start + chunk])
        if progress:
            progress("storing", min(start + chunk, len(text_nodes)), len(text_nodes))
    if collection.count() != len(text_nodes):
        raise IndexError_(f"Chroma holds {collection.count()} vectors, expected {len(text_nodes)}")
    node_ids = [n.node_id for n in nodes]
    stored = snapshot.in_order(snapshot.from_chroma(collection), node_ids)
    # Chroma hands back float32 values that can differ in the last bit (~1e-8); the snapshot holds exactly
    # what Chroma returns, as the retriever used to read it.
    if not np.allclose(stored.matrix, np.asarray(vectors, dtype=np.float32), rtol=0, atol=1e-6):
        diff = float(np.abs(stored.matrix - np.asarray(vectors, dtype=np.float32)).max())
        raise IndexError_(f"the vectors read back from Chroma differ from the ones written (by up to {diff:.2e})")
    extras: dict[str, Any] = {}
    if not settings.chroma_host:
        extras["vectors_sha256"] = snapshot.write(build, stored)
    tokenizer = get_tokenizer(data.userdict, data.extra_words())
    extras["tokenizer_key"] = tokenizer_key(data.userdict, data.extra_words())
    extras["jieba_cache_sha256"] = save_cache(tokenizer, extras["tokenizer_key"], build / JIEBA_CACHE)
    extras["bm25_sha256"] = BM25Index(nodes, tokenizer).matrix.save(build / BM25_FILE)
    if settings.query_encoder == "onnx":
        if progress:
            progress("onnx", 0, 1)
        extras["onnx"] = ensure_export(settings, embedder, identity, [n.text for n in nodes], stored.matrix)
        if progress:
            progress("onnx", 1, 1)

    manifest = {
        **identity,
        "build_id": build_id,
        "collection": name,
        "n_nodes": len(nodes),
        "n_items": len(corpus.items),
        "n_enriched": sum(1 for c in corpus.items if c in data.enrichment),
        "embedding_dim": len(vectors[0]) if vectors else 0,
        "enrichment_problems": data.problems,
        **extras,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "build_seconds": round(time.perf_counter() - started, 2),
    }
    tmp = build / (MANIFEST + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, build / MANIFEST)
    _fsync_dir(build)
    _swap_current(index_dir, build)
    if progress:
        progress("done", 1, 1)
    _cleanup(index_dir, settings, keep={build.resolve(), *([previous.resolve()] if previous else [])})
    manifest["_dir"] = str(build)
    return manifest


def ensure_export(settings, embedder, identity: dict[str, Any], texts: list[str], reference: np.ndarray
                  ) -> dict[str, Any]:
    """Make sure ``<index_dir>/onnx/<model sha256>`` holds an export that embeds ``texts`` like
    ``reference`` (the sentence-transformers vectors): reuse a valid one after checking it on these texts,
    export it otherwise. Caller holds the build lock. Returns what the manifest records."""
    from assistant.retrieval import onnx_export
    from assistant.retrieval.onnx_encoder import OnnxArtifactInvalid, OnnxEncoder, export_dir, read_export

    sha = identity.get("model_sha256")
    if not sha:
        raise onnx_export.OnnxExportRefused(
            f"the weights of {identity.get('model_spec')!r} cannot be found on disk to key their ONNX export; "
            f"give POLICY_ASSISTANT_EMBEDDING_MODEL as a local folder, or set "
            f"POLICY_ASSISTANT_QUERY_ENCODER=sentence-transformers"
        )
    folder = export_dir(Path(settings.index_dir).resolve(), sha)
    try:
        meta = read_export(folder, sha)
        encoder = OnnxEncoder(folder, meta, identity["model_spec"], embedder.query_prefix)
        worst = onnx_export.verify(encoder, embedder.model, texts, reference)
        reused = True
    except OnnxArtifactInvalid as e:
        log.info("exporting the embedding model to ONNX (%s)", e)
        meta = onnx_export.export(embedder.model, folder, model_spec=identity["model_spec"], model_sha256=sha,
                                  query_prefix=embedder.query_prefix, texts=texts, reference=reference)
        worst, reused = meta["max_cosine_diff"], False
    return {"dir": os.path.relpath(folder, Path(settings.index_dir).resolve()), "model_sha256": sha,
            "verified_texts": len(texts), "max_cosine_diff": worst, "reused": reused}


def index_status(settings) -> dict[str, Any]:
    """Manifest of the current build and why it would be rebuilt (without loading the model)."""
    from assistant.corpus import load_corpus
    from assistant.model_check import check_model

    index_dir = Path(settings.index_dir)
    manifest = read_manifest(index_dir)
    out: dict[str, Any] = {"index_dir": str(index_dir.resolve()), "built": manifest is not None}
    if manifest:
        out.update({k: v for k, v in manifest.items() if not k.startswith("_")})
        out["build_dir"] = manifest["_dir"]
    problems: list[str] = []
    try:
        corpus = load_corpus(settings.corpus_dir)
        verified = expected_sha256(settings)
        path = check_model(settings.embedding_model, verified)
        identity = expected_identity(settings, corpus, model_identity(settings.embedding_model, path, verified),
                                     (manifest or {}).get("layout", DEFAULT_LAYOUT))
        out["stale_reasons"] = stale_reasons(manifest, identity)
    except Exception as e:  # noqa: BLE001 - status reports, it does not fail
        problems.append(f"{e.__class__.__name__}: {e}")
        out["stale_reasons"] = ["cannot check: " + problems[-1]]
    out["up_to_date"] = not out["stale_reasons"]
    return out
