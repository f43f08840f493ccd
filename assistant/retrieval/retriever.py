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
from assistant.retrieval import snapshot
from assistant.retrieval.bm25 import BM25_FILE, EXPANSION_WEIGHT, BM25Index, BM25Invalid, BM25Matrix
from assistant.retrieval.dense import Encoder, chroma_client, load_sentence_transformer, query_prefix_for
from assistant.retrieval.enrichment import DEFAULT_LAYOUT, build_nodes, load_retrieval_data
from assistant.retrieval.expand import Expander
from assistant.retrieval.fusion import DOMINANCE_RATIO, Side, fuse_top
from assistant.retrieval.tokenizer import get_tokenizer, tokenizer_key
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
                 layout: str, vectors: snapshot.Vectors, tokenizer=None, bm25_matrix: BM25Matrix | None = None,
                 fusion: str = "rrf+dominance",
                 expand_dense: bool = False, dense_backend: str = "memory", open_seconds: float = 0.0,
                 built: bool = False):
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
        self._tokenizer = tokenizer or get_tokenizer(data.userdict, data.extra_words())
        self._bm25 = BM25Index(nodes, self._tokenizer, matrix=bm25_matrix)
        self._expander = Expander(data.synonyms)
        self._collection_obj = None
        self._vector_store = None
        # Exact in-process cosine over the node vectors (about a hundred: ~0.1 ms per query, where a Chroma
        # query costs ~10 ms of overhead here). dense_backend="chroma" queries the collection through
        # llama-index's ChromaVectorStore on every call instead; both give the same ranking.
        self._matrix = vectors.matrix
        self._matrix_citation = vectors.citations
        self._matrix_doc = vectors.doc_keys
        if len(self._matrix_citation) != len(nodes):
            raise RuntimeError(
                f"the index holds {len(self._matrix_citation)} vectors but the corpus has {len(nodes)} nodes: "
                f"run `policy-assistant index build --force`"
            )
        self.dense_backend = dense_backend
        self._index_arrays()

    def _index_arrays(self) -> None:
        """Per-citation and per-node integer arrays, so the document filter and the dense side's best node
        per citation are numpy operations, not a Python loop over every citation (9,700 at 200 documents)."""
        cits = self._bm25.citations  # the citation axis of every score array
        self._citation_index = {c: i for i, c in enumerate(cits)}
        self._doc_code = {d: i for i, d in enumerate(self.corpus.documents)}
        unknown = len(self._doc_code)  # a code no filter allows
        items = self.corpus.items
        self._citation_doc = np.array([self._doc_code.get(items[c].doc_key, unknown) if c in items else unknown
                                       for c in cits], dtype=np.int64)
        self._node_doc = np.array([self._doc_code.get(str(d), unknown) for d in self._matrix_doc], dtype=np.int64)
        self._node_cit = np.array([self._citation_index[c] for c in self._matrix_citation], dtype=np.int64)
        self._by_id = np.array(sorted(range(len(cits)), key=cits.__getitem__), dtype=np.int64)

    def _doc_mask(self, docs: list[str] | None) -> np.ndarray:
        """Allowed document codes as a lookup table (index ``unknown`` always False)."""
        table = np.zeros(len(self._doc_code) + 1, dtype=bool)
        if docs is None:
            table[:-1] = True
        else:
            table[[self._doc_code[d] for d in docs if d in self._doc_code]] = True
        return table

    @property
    def _collection(self):
        """The Chroma collection (opened on first use: the question path reads the snapshot, not Chroma)."""
        if self._collection_obj is None:
            client = chroma_client(self.settings, Path(self.manifest["_dir"]))
            self._collection_obj = client.get_collection(self.manifest["collection"])
        return self._collection_obj

    @property
    def vector_store(self):
        """llama-index ``ChromaVectorStore`` over this index's collection (created on first use)."""
        if self._vector_store is None:
            from llama_index.vector_stores.chroma import ChromaVectorStore

            self._vector_store = ChromaVectorStore(chroma_collection=self._collection)
        return self._vector_store

    @property
    def embed_model(self):
        """The query encoder as a llama-index ``BaseEmbedding`` (for llama-index indexes and retrievers)."""
        return self._embedder.as_llama_index()

    @property
    def query_encoder(self) -> str:
        return self._embedder.kind

    # ------------------------------------------------------------ opening
    @classmethod
    def open(cls, settings: Settings | None = None, *, rebuild: bool = False, progress=None,
             layout: str = DEFAULT_LAYOUT, int8_queries: bool = INT8_QUERIES, **options) -> Retriever:
        """Load the persisted index and the query encoder; build or rebuild the index if missing or stale.

        With the ``onnx`` query encoder (default) an up-to-date index opens without torch: node vectors from
        the snapshot, jieba from its cache, questions through onnxruntime. The sentence-transformers model is
        loaded only to build the index or to re-export a missing or corrupt ONNX file.

        Raises ``ModelNotFound`` / ``ModelIntegrityError`` (message says what to set) for an unusable model,
        ``OnnxExportRefused`` when the ONNX export does not embed like the model (message names the setting),
        ``CorpusError`` for a broken corpus, ``ChromaUnavailable`` when a configured server is unreachable.
        """
        started = time.perf_counter()
        settings = settings or get_settings()
        spec = settings.embedding_model
        verified = lifecycle.expected_sha256(settings)

        corpus = load_corpus(settings.corpus_dir)
        data = load_retrieval_data(corpus, settings.corpus_dir)
        nodes = build_nodes(corpus, data, layout)
        path = check_model(spec, verified)
        model_id = lifecycle.model_identity(spec, path, verified)
        st_encoder = None

        def sentence_transformers() -> Encoder:
            nonlocal st_encoder
            if st_encoder is None:
                model = load_sentence_transformer(path, spec)
                st_encoder = Encoder(model, model_name=spec, query_prefix=query_prefix_for(spec),
                                     int8_queries=int8_queries)
            return st_encoder

        if model_id["model_sha256"] is None and settings.query_encoder == "onnx":
            sentence_transformers()  # a hub model not cached yet: loading it downloads it, then it has a sha256
            model_id = lifecycle.model_identity(spec, path, verified)
        identity = lifecycle.expected_identity(settings, corpus, model_id, layout)
        index_dir = Path(settings.index_dir)
        manifest = lifecycle.read_manifest(index_dir)
        reasons = ["rebuild requested"] if rebuild else lifecycle.stale_reasons(manifest, identity)
        built = False
        if reasons:
            embedder = sentence_transformers()
            with lifecycle.build_lock(index_dir):
                manifest = lifecycle.read_manifest(index_dir)  # another process may have built it meanwhile
                again = ["rebuild requested"] if rebuild else lifecycle.stale_reasons(manifest, identity)
                if again:
                    log.warning("building the retrieval index in %s: %s", index_dir, "; ".join(again))
                    manifest = lifecycle.build_index(settings, corpus, data, nodes, embedder, identity, progress)
                    built = True
        vectors = _node_vectors(settings, manifest, [n.node_id for n in nodes])
        if settings.query_encoder == "sentence-transformers":
            embedder = sentence_transformers()
        else:
            embedder = _onnx_encoder(settings, spec, model_id["model_sha256"], sentence_transformers, nodes,
                                     vectors)
        build_dir = Path(manifest["_dir"])
        tokenizer = get_tokenizer(data.userdict, data.extra_words(), cache=build_dir / lifecycle.JIEBA_CACHE,
                                  cache_sha256=manifest.get("jieba_cache_sha256"))
        try:
            if manifest.get("tokenizer_key") != tokenizer_key(data.userdict, data.extra_words()):
                raise BM25Invalid("the tokenizer changed since the build")
            matrix = BM25Matrix.load(build_dir / BM25_FILE, manifest.get("bm25_sha256"))
        except BM25Invalid as e:
            log.warning("saved BM25 matrix not used (%s): computing it", e)
            matrix = None
        return cls(settings=settings, corpus=corpus, manifest=manifest, embedder=embedder, nodes=nodes, data=data,
                   layout=layout, vectors=vectors, tokenizer=tokenizer, bm25_matrix=matrix,
                   open_seconds=time.perf_counter() - started, built=built, **options)

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
        if self.dense_backend == "memory":
            scores, listed = self._dense_array(query, self._doc_mask(docs)[self._node_doc])
            cits = self._bm25.citations
            return {cits[i]: float(scores[i]) for i in np.flatnonzero(listed)}
        return self._chroma_scores(query, docs)

    def _dense_array(self, query: str, node_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Best cosine per citation over the nodes in ``node_mask`` (float64 of the float32 similarity) and
        which citations have such a node, from the in-memory matrix."""
        text = self._expander.expand(query) if self.expand_dense else query
        sims = self._matrix @ self._embedder.encode_query(text)
        n = len(self._bm25.citations)
        best = np.full(n, -np.inf, dtype=sims.dtype)
        np.maximum.at(best, self._node_cit[node_mask], sims[node_mask])
        listed = np.zeros(n, dtype=bool)
        listed[self._node_cit[node_mask]] = True
        return best.astype(np.float64), listed

    def _chroma_scores(self, query: str, docs: list[str] | None) -> dict[str, float]:
        """Best cosine per citation among the ``DENSE_CANDIDATES`` nodes a Chroma query returns."""
        text = self._expander.expand(query) if self.expand_dense else query
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
            VectorStoreQuery(query_embedding=embedding, similarity_top_k=min(DENSE_CANDIDATES, len(self._matrix_citation)),
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
        table = self._doc_mask(docs)
        allowed = table[self._citation_doc]
        bm = Side.of(self._bm25.scores(query, self._expander.terms(query), self.expansion_weight), allowed,
                     self._by_id, present_above=0.0)
        n = len(allowed)
        dn = Side(np.zeros(n), np.zeros(n, dtype=bool), np.zeros(0, dtype=np.int64), np.zeros(n, dtype=np.int64))
        if mode != "bm25":
            if self.dense_backend == "memory":
                scores, listed = self._dense_array(query, table[self._node_doc] & allowed[self._node_cit])
            else:
                scores, listed = np.zeros(n), np.zeros(n, dtype=bool)
                for c, v in self._chroma_scores(query, docs).items():
                    i = self._citation_index.get(c)
                    if i is not None and allowed[i]:
                        scores[i], listed[i] = v, True
            dn = Side.of(scores, listed, self._by_id, present_above=None)

        if mode == "bm25":
            order = [(int(i), float(bm.scores[i])) for i in bm.order[:k]]
        elif mode == "dense":
            order = [(int(i), float(dn.scores[i])) for i in dn.order[:k]]
        else:
            s = self.settings
            order = fuse_top(bm, dn, self._bm25.citations, k, s.bm25_weight, s.dense_weight, s.rrf_k, self.fusion,
                             self.dominance_ratio)
        hits = []
        for i, score in order:
            c = self._bm25.citations[i]
            b, d = bm.ranked(i), dn.ranked(i)
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
        return {**m, "index_dir": self.manifest["_dir"], "open_seconds": round(self.open_seconds, 2),
                "query_encoder": self.query_encoder}


def _node_vectors(settings: Settings, manifest: dict[str, Any], node_ids: list[str]) -> snapshot.Vectors:
    """The node vectors in node order: from the snapshot for the embedded store (falling back to Chroma when
    it does not match the manifest), from the server in Chroma-server mode."""
    build_dir = Path(manifest["_dir"])
    if not settings.chroma_host:
        try:
            return snapshot.in_order(snapshot.read(build_dir, manifest.get("vectors_sha256")), node_ids)
        except snapshot.SnapshotInvalid as e:
            log.warning("vector snapshot not used (%s): reading the vectors through Chroma", e)
    collection = chroma_client(settings, build_dir).get_collection(manifest["collection"])
    try:
        return snapshot.in_order(snapshot.from_chroma(collection), node_ids)
    except snapshot.SnapshotInvalid as e:
        raise RuntimeError(f"{e}: run `policy-assistant index build --force`") from None


def _onnx_encoder(settings: Settings, spec: str, model_sha: str, sentence_transformers, nodes,
                  vectors: snapshot.Vectors):
    """The ONNX query encoder; a missing or corrupt export is made again from the model (under the build
    lock) and verified against the index's own node vectors before use."""
    from assistant.retrieval.onnx_encoder import OnnxArtifactInvalid, OnnxEncoder, export_dir, read_export

    index_dir = Path(settings.index_dir).resolve()
    folder = export_dir(index_dir, model_sha)
    quant = settings.query_quantization
    try:
        meta = read_export(folder, model_sha, quant)
    except OnnxArtifactInvalid as first:
        from assistant.retrieval import onnx_export

        with lifecycle.build_lock(index_dir):
            try:
                meta = read_export(folder, model_sha, "none")  # another process may have re-exported it
            except OnnxArtifactInvalid as e:
                log.warning("%s: exporting the embedding model to ONNX again", e)
                st = sentence_transformers()
                meta = onnx_export.export(st.model, folder, model_spec=spec, model_sha256=model_sha,
                                          query_prefix=st.query_prefix, texts=[n.text for n in nodes],
                                          reference=vectors.matrix)
            if quant != "none":
                try:
                    meta = read_export(folder, model_sha, quant)
                except OnnxArtifactInvalid:
                    log.warning("%s: quantising the ONNX export (%s)", first, quant)
                    meta = onnx_export.quantize_int8(folder, [n.text for n in nodes], vectors.matrix)
    return OnnxEncoder(folder, meta, spec, meta.get("query_prefix", query_prefix_for(spec)), quantization=quant)
