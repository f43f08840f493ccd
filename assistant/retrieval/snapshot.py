"""A read-only copy of the node vectors beside the embedded Chroma collection (``vectors.npz``).

Why: the question path needs the ~100 node vectors once per process, and reading them through Chroma
means importing chromadb and opening its store (~1.5 s, more than the rest of start-up). The snapshot is
written at build from what Chroma returns (Chroma stays the store of record), compared with the vectors
that were stored, and its sha256 is recorded in the index manifest; at open a file whose hash differs is
not used (the vectors are then read through Chroma). A Chroma server is always read from the server.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SNAPSHOT = "vectors.npz"


class SnapshotInvalid(RuntimeError):
    pass


@dataclass(frozen=True)
class Vectors:
    node_ids: list[str]
    citations: list[str]
    doc_keys: np.ndarray  # str array, for np.isin filters
    matrix: np.ndarray  # float32, one normalised row per node


def from_chroma(collection) -> Vectors:
    """Every vector of a Chroma collection with the metadata the retriever needs."""
    got = collection.get(include=["embeddings", "metadatas"])
    return Vectors(
        node_ids=list(got["ids"]),
        citations=[m["citation"] for m in got["metadatas"]],
        doc_keys=np.array([m["doc_key"] for m in got["metadatas"]]),
        matrix=np.asarray(got["embeddings"], dtype=np.float32),
    )


def in_order(vectors: Vectors, node_ids: list[str]) -> Vectors:
    """The same vectors in ``node_ids`` order (Chroma returns them in its own order)."""
    where = {n: i for i, n in enumerate(vectors.node_ids)}
    missing = [n for n in node_ids if n not in where]
    if missing or len(node_ids) != len(vectors.node_ids):
        raise SnapshotInvalid(f"the collection holds {len(vectors.node_ids)} vectors, the corpus {len(node_ids)} "
                              f"nodes ({len(missing)} missing)")
    idx = [where[n] for n in node_ids]
    return Vectors(node_ids=list(node_ids), citations=[vectors.citations[i] for i in idx],
                   doc_keys=vectors.doc_keys[idx], matrix=vectors.matrix[idx])


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write(build_dir: Path, vectors: Vectors) -> str:
    """Write the snapshot (fsynced) and return its sha256 for the manifest."""
    path = Path(build_dir) / SNAPSHOT
    tmp = path.with_name(SNAPSHOT + ".tmp")
    with open(tmp, "wb") as fh:
        np.savez(fh, node_ids=np.array(vectors.node_ids), citations=np.array(vectors.citations),
                 doc_keys=np.asarray(vectors.doc_keys), matrix=vectors.matrix.astype(np.float32))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return _sha256(path)


def read(build_dir: Path, expected_sha256: str | None) -> Vectors:
    path = Path(build_dir) / SNAPSHOT
    if not expected_sha256:
        raise SnapshotInvalid("the manifest records no vector snapshot")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SnapshotInvalid(f"{path}: {e}") from None
    if hashlib.sha256(data).hexdigest() != expected_sha256:
        raise SnapshotInvalid(f"{path} does not match the sha256 in the manifest")
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        return Vectors(node_ids=z["node_ids"].tolist(), citations=z["citations"].tolist(),
                       doc_keys=z["doc_keys"], matrix=z["matrix"])


def same(a: Vectors, b: Vectors) -> bool:
    return (a.node_ids == b.node_ids and a.citations == b.citations and list(a.doc_keys) == list(b.doc_keys)
            and a.matrix.shape == b.matrix.shape and bool(np.array_equal(a.matrix, b.matrix)))
