"""Keyword side: bm25s over jieba tokens, max-aggregated from nodes to citations.

The BM25 state is rebuilt in memory when a retriever opens (about a hundred short texts: a few
milliseconds), so it can never disagree with the corpus it is opened against.
"""

from __future__ import annotations

import bm25s
import numpy as np

from assistant.retrieval.enrichment import NodeSpec
from assistant.retrieval.tokenizer import ChineseTokenizer

# Weight of lexicon-expansion terms relative to the words the user typed.
EXPANSION_WEIGHT = 0.25


class BM25Index:
    def __init__(self, nodes: list[NodeSpec], tokenizer: ChineseTokenizer, k1: float = 1.2, b: float = 0.75):
        self.tokenizer = tokenizer
        self.citations: list[str] = sorted({n.citation for n in nodes}, key=[n.citation for n in nodes].index)
        index_of = {c: i for i, c in enumerate(self.citations)}
        self._node_citation = np.array([index_of[n.citation] for n in nodes], dtype=np.int64)
        corpus_tokens = [tokenizer.tokens(n.text) or ["∅"] for n in nodes]
        self._bm25 = bm25s.BM25(k1=k1, b=b, method="lucene")
        self._bm25.index(corpus_tokens, show_progress=False)
        self._vocab = set(self._bm25.vocab_dict)

    def _node_scores(self, tokens: list[str]) -> np.ndarray:
        known = [t for t in tokens if t in self._vocab]
        if not known:
            return np.zeros(len(self._node_citation), dtype=np.float32)
        return self._bm25.get_scores(known)

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
