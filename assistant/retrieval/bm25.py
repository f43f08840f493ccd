"""Keyword side: bm25s over jieba tokens, max-aggregated from nodes to citations.

The BM25 matrix is computed by bm25s (Lucene variant) from the nodes' jieba tokens. Importing bm25s pulls
in scipy (~0.45 s) and tokenising every node takes ~0.5 s, so the index build saves the computed matrix
(``bm25.npz`` in the build, sha256 in the manifest) and the question path scores with ``_relevance``, a
copy of bm25s's own lookup-and-sum (same arrays, same float32 accumulation order, so the same scores to
the bit; ``tests/retrieval`` compares both). Without a saved matrix (or with one that does not match its
hash) the matrix is computed as before.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.retrieval.enrichment import NodeSpec
from assistant.retrieval.tokenizer import ChineseTokenizer

# Weight of lexicon-expansion terms relative to the words the user typed.
EXPANSION_WEIGHT = 0.25
BM25_FILE = "bm25.npz"


class BM25Invalid(RuntimeError):
    pass


@dataclass(frozen=True)
class BM25Matrix:
    """bm25s's precomputed per-(token, node) scores in CSC form: column ``t`` holds token ``t``'s scores."""

    vocab: dict[str, int]
    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    num_docs: int

    @classmethod
    def compute(cls, corpus_tokens: list[list[str]], k1: float, b: float) -> BM25Matrix:
        import bm25s

        bm = bm25s.BM25(k1=k1, b=b, method="lucene")
        bm.index(corpus_tokens, show_progress=False)
        if bm.nonoccurrence_array is not None:  # not for Lucene; _relevance would have to add it
            raise BM25Invalid("this BM25 variant needs a non-occurrence term")
        s = bm.scores
        return cls(vocab=dict(bm.vocab_dict), data=np.asarray(s["data"]), indices=np.asarray(s["indices"]),
                   indptr=np.asarray(s["indptr"]), num_docs=int(s["num_docs"]))

    def save(self, path: Path) -> str:
        """Write to ``path`` (fsynced); returns the file's sha256."""
        buf = io.BytesIO()
        tokens = sorted(self.vocab, key=self.vocab.__getitem__)
        np.savez(buf, tokens=np.array(tokens, dtype=str), ids=np.array([self.vocab[t] for t in tokens]),
                 data=self.data, indices=self.indices, indptr=self.indptr, num_docs=np.array(self.num_docs))
        raw = buf.getvalue()
        tmp = Path(path).with_name(Path(path).name + ".tmp")
        with open(tmp, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        return hashlib.sha256(raw).hexdigest()

    @classmethod
    def load(cls, path: Path, sha256: str | None) -> BM25Matrix:
        if not sha256:
            raise BM25Invalid("the manifest records no BM25 matrix")
        try:
            raw = Path(path).read_bytes()
        except OSError as e:
            raise BM25Invalid(str(e)) from None
        if hashlib.sha256(raw).hexdigest() != sha256:
            raise BM25Invalid(f"{path} does not match the sha256 in the manifest")
        with np.load(io.BytesIO(raw), allow_pickle=False) as z:
            vocab = dict(zip(z["tokens"].tolist(), z["ids"].tolist()))
            return cls(vocab=vocab, data=z["data"], indices=z["indices"], indptr=z["indptr"],
                       num_docs=int(z["num_docs"]))

    def _relevance(self, token_ids: list[int]) -> np.ndarray:
        """``bm25s.BM25._compute_relevance_from_scores`` (numpy backend), line for line."""
        ids = np.asarray(token_ids, dtype=self.indptr.dtype if self.indptr.dtype.kind == "i" else np.int64)
        starts, ends = self.indptr[ids], self.indptr[ids + 1]
        scores = np.zeros(self.num_docs, dtype=self.data.dtype)
        for start, end in zip(starts, ends):
            np.add.at(scores, self.indices[start:end], self.data[start:end])
        return scores

    def scores(self, tokens: list[str]) -> np.ndarray:
        ids = [self.vocab[t] for t in tokens if t in self.vocab]
        if not ids:
            return np.zeros(self.num_docs, dtype=np.float32)
        return self._relevance(ids)


class BM25Index:
    def __init__(self, nodes: list[NodeSpec], tokenizer: ChineseTokenizer, k1: float = 1.2, b: float = 0.75,
                 matrix: BM25Matrix | None = None):
        self.tokenizer = tokenizer
        self.citations: list[str] = sorted({n.citation for n in nodes}, key=[n.citation for n in nodes].index)
        index_of = {c: i for i, c in enumerate(self.citations)}
        self._node_citation = np.array([index_of[n.citation] for n in nodes], dtype=np.int64)
        if matrix is None:
            matrix = BM25Matrix.compute([tokenizer.tokens(n.text) or ["∅"] for n in nodes], k1, b)
        if matrix.num_docs != len(nodes):
            raise BM25Invalid(f"the BM25 matrix covers {matrix.num_docs} nodes, the corpus has {len(nodes)}")
        self.matrix = matrix

    def _node_scores(self, tokens: list[str]) -> np.ndarray:
        return self.matrix.scores(tokens)

    def scores(self, query: str, expansion: list[str] = (), expansion_weight: float = EXPANSION_WEIGHT) -> np.ndarray:
        """BM25 score per citation (in ``self.citations`` order): the best of the citation's nodes."""
        tokens = self.tokenizer.tokens(query)
        node = self._node_scores(tokens)
        if expansion:
            own = set(tokens)
            extra = [t for t in dict.fromkeys(self.tokenizer.tokens(" ".join(expansion))) if t not in own]
            if extra:
                node = node + expansion_weight * self._node_scores(extra)
        out = np.zeros(len(self.citations), dtype=np.float64)
        np.maximum.at(out, self._node_citation, node)
        return out
