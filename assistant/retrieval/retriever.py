"""The public retriever: ``Retriever.open()`` then ``search()`` / ``bm25_scores()``."""

from __future__ import annotations

import logging
import math
import time
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from assistant.corpus import Corpus, load_corpus
from assistant.model_check import check_model
from assistant.retrieval import index as lifecycle
from assistant.retrieval.bm25 import EXPANSION_WEIGHT, BM25Index
from assistant.retrieval.dense import Encoder, chroma_client, load_sentence_transformer, query_prefix_for
from assistant.retrieval.enrichment import DEFAULT_LAYOUT, build_nodes, load_retrieval_data
from assistant.retrieval.expand import Expander
from assistant.retrieval.fusion import DOMINANCE_RATIO, fuse, rank
from assistant.retrieval.tokenizer import get_tokenizer
from assistant.settings import Settings, get_settings

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "bm25"]
DENSE_CANDIDATES = 64  # nodes fetched per query with dense_backend="chroma"; ranks beyond count as "not found"
INT8_QUERIES = False  # True: embed questions with the int8 copy of the model (see dense.int8_copy; benchmarked)


class Hit(BaseModel):
    citation: str
    score: float  # higher is better; comparable within one mode only
    bm25_score: float | None = None
    dense_score: float | None = None  # cosine similarity of the best node of this citation
    bm25_rank: int | None = None
    dense_rank: int | None = None
    text: str
    doc: str


class Retriever:
    """Hybrid clause retriever over one corpus, one embedding model and one persisted index."""

    def __init__(self, *, settings: Settings, corpus: Corpus, manifest: dict[str, Any], embedder, nodes, data,
                 layout: str, fusion: str = "rrf+dominance", expand_dense: bool = False,
                 dense_backend: str = "memory", open_seconds: float = 0.0, built: bool = False):
        self.settings = settings
        self.corpus = corpus
        self.manifest = manifest
        self.layout = layout
        self.fusion = fusion
        self.expand_dense = expand_dense
        self.dominance_ratio = DOMINANCE_RATIO
        self.expansion_weight = EXPANSION_WEIGHT
        self.open_seconds = open_seconds
        self.built = built
        self._embedder = embedder
        self._nodes = nodes
        self._data = data
        self._tokenizer = get_tokenizer(data.userdict, data.extra_words())
        self._bm25 = BM25Index(nodes, self._tokenizer)
        self._expander = Expander(data.synonyms)
        client = chroma_client(settings, Path(manifest["_dir"]))
        self._collection = client.get_collection(manifest["collection"])
        self._vector_store = None
        self._n_nodes = self._collection.count()
        # Exact in-process cosine over the vectors read back from Chroma once (about a hundred: ~0.1 ms per
        # query, where a Chroma query costs ~10 ms of overhead here). dense_backend="chroma" queries the
        # collection through llama-index's ChromaVectorStore on every call instead; both give the same ranking.
        got = self._collection.get(include=["embeddings", "metadatas"])
        self._matrix = np.asarray(got["embeddings"], dtype=np.float32)
        self._matrix_citation = [m["citation"] for m in got["metadatas"]]
        self._matrix_doc = np.array([m["doc_key"] for m in got["metadatas"]])
        if len(self._matrix_citation) != len(nodes):
            raise RuntimeError(
                f"the index holds {len(self._matrix_citation)} vectors but the corpus has {len(nodes)} nodes: "
                f"run `policy-assistant index build --force`"
            )
        self.dense_backend = dense_backend

    @property
    def vector_store(self):
        """llama-index ``ChromaVectorStore`` over this index's collection (created on first use)."""
        if self._vector_store is None:
            from llama_index.vector_stores.chroma import ChromaVectorStore

            self._vector_store = ChromaVectorStore(chroma_collection=self._collection)
        return self._vector_store

    @property
    def embed_model(self):
        """The same model as a llama-index ``BaseEmbedding`` (for llama-index indexes and retrievers)."""
        return self._embedder.as_llama_index()

    # ------------------------------------------------------------ opening
    @classmethod
    def open(cls, settings: Settings | None = None, *, rebuild: bool = False, progress=None,
             layout: str = DEFAULT_LAYOUT, int8_queries: bool = INT8_QUERIES, **options) -> Retriever:
        """Load the persisted index and the model; build or rebuild the index if missing or stale.

        Raises ``ModelNotFound`` / ``ModelIntegrityError`` (message says what to set) for an unusable model,
        ``CorpusError`` for a broken corpus, ``ChromaUnavailable`` when a configured server is unreachable.
        """
        started = time.perf_counter()
        settings = settings or get_settings()
        spec = settings.embedding_model
        verified = lifecycle.expected_sha256(settings)

        corpus = load_corpus(settings.corpus_dir)
        data = load_retrieval_data(corpus, settings.corpus_dir)
        nodes = build_nodes(corpus, data, layout)
        # (Loading the model on a worker thread while parsing was measured slower: the GIL serialises imports.)
        path = check_model(spec, verified)
        model = load_sentence_transformer(path, spec)
        model_id = lifecycle.model_identity(spec, path, verified)
        embedder = Encoder(model, model_name=spec, query_prefix=query_prefix_for(spec), int8_queries=int8_queries)
        identity = lifecycle.expected_identity(settings, corpus, model_id, layout)
        index_dir = Path(settings.index_dir)
        manifest = lifecycle.read_manifest(index_dir)
        reasons = ["rebuild requested"] if rebuild else lifecycle.stale_reasons(manifest, identity)
        built = False
        if reasons:
            with lifecycle.build_lock(index_dir):
                manifest = lifecycle.read_manifest(index_dir)  # another process may have built it meanwhile
                again = ["rebuild requested"] if rebuild else lifecycle.stale_reasons(manifest, identity)
                if again:
                    log.warning("building the retrieval index in %s: %s", index_dir, "; ".join(again))
                    manifest = lifecycle.build_index(settings, corpus, data, nodes, embedder, identity, progress)
                    built = True
        return cls(settings=settings, corpus=corpus, manifest=manifest, embedder=embedder, nodes=nodes, data=data,
                   layout=layout, open_seconds=time.perf_counter() - started, built=built, **options)

    # ------------------------------------------------------------ scoring
    def _allowed_docs(self, doc: str | None, as_of: date | None) -> list[str]:
        docs = self.corpus.documents
        if doc is not None and doc not in docs:
            raise ValueError(f"unknown document {doc!r}; known: {', '.join(sorted(docs))}")
        return [k for k, d in docs.items() if (doc is None or k == doc) and (as_of is None or d.in_force(as_of))]

    def bm25_scores(self, query: str) -> dict[str, float]:
        """Raw BM25 score per citation over the whole corpus (best node; lexicon expansion included)."""
        scores = self._bm25.scores(query, self._expander.terms(query), self.expansion_weight)
        return {c: float(s) for c, s in zip(self._bm25.citations, scores)}

    def dense_scores(self, query: str, docs: list[str] | None = None) -> dict[str, float]:
        """Cosine similarity per citation (best node) for the top ``DENSE_CANDIDATES`` nodes in Chroma."""
        text = self._expander.expand(query) if self.expand_dense else query
        if self.dense_backend == "memory":
            vec = self._embedder.encode_query(text)
            sims = self._matrix @ vec
            mask = np.ones(len(sims), dtype=bool) if docs is None else np.isin(self._matrix_doc, docs)
            best: dict[str, float] = {}
            for i in np.flatnonzero(mask):
                c = self._matrix_citation[i]
                if sims[i] > best.get(c, -2.0):
                    best[c] = float(sims[i])
            return best
        from llama_index.core.vector_stores.types import (
            FilterOperator,
            MetadataFilter,
            MetadataFilters,
            VectorStoreQuery,
        )

        embedding = self._embedder.encode_query(text).tolist()
        filters = None
        if docs is not None and set(docs) != set(self.corpus.documents):
            filters = MetadataFilters(filters=[MetadataFilter(key="doc_key", value=docs, operator=FilterOperator.IN)])
        result = self.vector_store.query(
            VectorStoreQuery(query_embedding=embedding, similarity_top_k=min(DENSE_CANDIDATES, self._n_nodes),
                             filters=filters)
        )
        out: dict[str, float] = {}
        for node, sim in zip(result.nodes, result.similarities or []):
            cos = 1.0 + math.log(max(sim, 1e-12))  # ChromaVectorStore reports exp(-cosine distance)
            c = node.metadata["citation"]
            if cos > out.get(c, -2.0):
                out[c] = cos
        return out

    def search(self, query: str, k: int = 5, doc: str | None = None, as_of: date | None = None,
               mode: Mode = "hybrid") -> list[Hit]:
        if mode not in ("hybrid", "dense", "bm25"):
            raise ValueError(f"mode must be hybrid, dense or bm25, not {mode!r}")
        if not query or not query.strip() or k <= 0:
            return []
        docs = self._allowed_docs(doc, as_of)
        if not docs:
            return []
        allowed = {c for c, item in self.corpus.items.items() if item.doc_key in docs}
        bm = {c: s for c, s in self.bm25_scores(query).items() if c in allowed}
        bm_ranked = rank(bm, present_above=0.0)
        dn_ranked: dict = {}
        if mode != "bm25":
            dn = {c: s for c, s in self.dense_scores(query, docs).items() if c in allowed}
            dn_ranked = rank(dn, present_above=None)

        if mode == "bm25":
            order = [(c, r.score) for c, r in sorted(bm_ranked.items(), key=lambda kv: (kv[1].rank or 10**9, kv[0]))
                     if r.rank is not None]
        elif mode == "dense":
            order = sorted(((c, r.score) for c, r in dn_ranked.items()), key=lambda kv: (-kv[1], kv[0]))
        else:
            s = self.settings
            order = fuse(bm_ranked, dn_ranked, s.bm25_weight, s.dense_weight, s.rrf_k, self.fusion,
                         self.dominance_ratio)
        hits = []
        for c, score in order[:k]:
            b, d = bm_ranked.get(c), dn_ranked.get(c)
            item = self.corpus.items[c]
            hits.append(Hit(
                citation=c, score=float(score),
                bm25_score=b.score if b else None, bm25_rank=b.rank if b else None,
                dense_score=d.score if d else None, dense_rank=d.rank if d else None,
                text=item.text, doc=item.doc_key,
            ))
        return hits

    def status(self) -> dict[str, Any]:
        m = {k: v for k, v in self.manifest.items() if not k.startswith("_")}
        return {**m, "index_dir": self.manifest["_dir"], "open_seconds": round(self.open_seconds, 2)}
