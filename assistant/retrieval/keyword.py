"""A keyword-only retriever: BM25 over the same nodes as the hybrid index, with no model and no index directory.

Why: routing decisions must be testable without the embedding model ("route() on BM25 alone, in well under a
second"), and a service whose dense index cannot be opened can still route by keywords. It offers the two calls the
router uses, ``bm25_scores`` and ``search``, with the same node layout, tokenizer and lexicon expansion as
``Retriever``, so a keyword ranking here equals the BM25 half of the hybrid ranking.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.corpus import Corpus
from assistant.retrieval.bm25 import EXPANSION_WEIGHT, BM25Index
from assistant.retrieval.enrichment import DEFAULT_LAYOUT, build_nodes, load_retrieval_data
from assistant.retrieval.expand import Expander
from assistant.retrieval.fusion import rank
from assistant.retrieval.tokenizer import get_tokenizer


class KeywordHit:
    __slots__ = ("citation", "score", "bm25_score", "bm25_rank", "dense_score", "dense_rank", "doc")

    def __init__(self, citation: str, score: float, rank_: int, doc: str):
        self.citation, self.score, self.doc = citation, score, doc
        self.bm25_score, self.bm25_rank, self.dense_score, self.dense_rank = score, rank_, None, None


class KeywordRetriever:
    def __init__(self, corpus: Corpus, corpus_dir: Path):
        data = load_retrieval_data(corpus, corpus_dir)
        nodes = build_nodes(corpus, data, DEFAULT_LAYOUT)
        self.corpus = corpus
        self._bm25 = BM25Index(nodes, get_tokenizer(data.userdict, data.extra_words()))
        self._expander = Expander(data.synonyms)

    def bm25_scores(self, query: str) -> dict[str, float]:
        scores = self._bm25.scores(query, self._expander.terms(query), EXPANSION_WEIGHT)
        return {c: float(s) for c, s in zip(self._bm25.citations, scores)}

    def search(self, query: str, k: int = 5, doc: str | None = None, as_of: date | None = None,
               mode: str = "bm25") -> list[KeywordHit]:
        if not query or not query.strip() or k <= 0:
            return []
        scores = {c: s for c, s in self.bm25_scores(query).items()
                  if (doc is None or self.corpus.items[c].doc_key == doc)
                  and (as_of is None or self.corpus.documents[self.corpus.items[c].doc_key].in_force(as_of))}
        ranked = sorted(((c, r) for c, r in rank(scores, present_above=0.0).items() if r.rank is not None),
                        key=lambda kv: kv[1].rank)
        return [KeywordHit(c, r.score, r.rank, self.corpus.items[c].doc_key) for c, r in ranked[:k]]
