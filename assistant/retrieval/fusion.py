"""Fusing the keyword and dense rankings: weighted RRF, made score-aware in two places.

1. ``weighted RRF``: ``w_d/(k + r_d) + w_b/(k + r_b)`` (ranks from 1; a retriever that did not find an
   item adds nothing; weights and k from settings).
2. ``BM25 dominance`` (keeps BM25's sure hits): RRF only sees ranks, so it discards how *sure* BM25 is. A
   question in the clause's own words gives that clause a BM25 score several times the runner-up's, yet
   one mediocre dense rank can push it to second place (the prototype lost 8 points of hit@1 that way).
   When BM25's best citation scores at least ``DOMINANCE_RATIO`` x its runner-up, it is kept first and
   the rest follow in RRF order. The ratio is scale-free (BM25 scores are not comparable across
   queries). 1.2 was chosen on our own development questions (tests/retrieval/questions.yaml: hit@1
   1.00 vs 0.98 at 1.5 and 2.0; the evaluation set scores the same at 1.2 and 1.5). At 1.2 the rule
   fires on ~90% of clause-lookup questions and the promoted hit is right ~98.5% of the time.
3. ``score-aware tie-break``: with two retrievers, RRF ties exactly whenever each ranks the other's top
   hit second (1/(k+1)+1/(k+2) both ways) — the commonest disagreement. Ties (to 1e-12) are broken by the
   BM25 score relative to the query's best BM25 score, then by the dense cosine, instead of by id order.

Hybrid scores are the RRF value plus ``1 + (w_b + w_d)/(k + 1)`` for a promoted item (more than any
RRF value), so hits are ordered by score.

Only the top of the fused order is ever used (``search(k=...)``), so ``fuse_top`` fuses each side's first
``m`` citations instead of every citation (200 documents: 9,700 per side, ~150 ms of per-citation Python):
the sides are ranked by numpy (``Side``, same order as ``rank``), and the candidates' top k is returned
only when it provably equals the top k of fusing everything — an item outside both sides' first ``m`` has
an RRF value at most ``w_b/(k+m+1) + w_d/(k+m+1)``; while the k-th candidate does not score above that
bound, ``m`` grows (at worst to every citation, i.e. the full fusion). Hits are therefore the same, scores
and ranks to the bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DOMINANCE_RATIO = 1.2
STRATEGIES = ("rrf", "rrf+dominance")


@dataclass
class Ranked:
    score: float
    rank: int | None  # 1-based; None when the retriever did not find the item


def rank(scores: dict[str, float], present_above: float | None = 0.0) -> dict[str, Ranked]:
    """Rank by descending score (ties by citation for determinism). Items with score <= present_above are absent."""
    order = sorted(scores, key=lambda c: (-scores[c], c))
    out: dict[str, Ranked] = {}
    r = 0
    for c in order:
        s = scores[c]
        if present_above is not None and s <= present_above:
            out[c] = Ranked(s, None)
        else:
            r += 1
            out[c] = Ranked(s, r)
    return out


def rrf(bm25: dict[str, Ranked], dense: dict[str, Ranked], w_bm25: float, w_dense: float, k: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for c in set(bm25) | set(dense):
        s = 0.0
        b, d = bm25.get(c), dense.get(c)
        if b is not None and b.rank is not None:
            s += w_bm25 / (k + b.rank)
        if d is not None and d.rank is not None:
            s += w_dense / (k + d.rank)
        out[c] = s
    return out


def dominant_bm25(bm25: dict[str, Ranked], ratio: float = DOMINANCE_RATIO) -> str | None:
    """BM25's top citation when it scores at least ``ratio`` x the runner-up (or is the only BM25 match)."""
    found = sorted((kv for kv in bm25.items() if kv[1].rank is not None), key=lambda kv: kv[1].rank)
    if not found:
        return None
    s1 = found[0][1].score
    s2 = found[1][1].score if len(found) > 1 else 0.0
    return found[0][0] if s1 > 0 and s1 >= ratio * s2 else None


def fuse(
    bm25: dict[str, Ranked],
    dense: dict[str, Ranked],
    w_bm25: float,
    w_dense: float,
    k: int,
    strategy: str = "rrf+dominance",
    ratio: float = DOMINANCE_RATIO,
    best_bm25: float | None = None,
) -> list[tuple[str, float]]:
    """Citations best first with their hybrid score. ``best_bm25``: the best BM25 score over every citation
    when ``bm25`` holds only some of them (the tie-break normalises by it); by default the best in ``bm25``."""
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown fusion strategy {strategy!r}; expected one of {STRATEGIES}")
    scores = rrf(bm25, dense, w_bm25, w_dense, k)
    if strategy == "rrf+dominance":
        sure = dominant_bm25(bm25, ratio)
        if sure is not None:
            scores[sure] += 1.0 + (abs(w_bm25) + abs(w_dense)) / (k + 1)
    if best_bm25 is None:
        best_bm25 = max((r.score for r in bm25.values()), default=0.0)
    best_bm25 = best_bm25 or 1.0

    def key(c: str) -> tuple:
        b, d = bm25.get(c), dense.get(c)
        return (-round(scores[c], 12), -(b.score / best_bm25 if b else 0.0), -(d.score if d else -2.0), c)

    return [(c, scores[c]) for c in sorted(scores, key=key)]


@dataclass(frozen=True)
class Side:
    """One retriever's scores over every citation as arrays, ranked as ``rank`` ranks its dict.

    ``listed``: the citation would be a key of ``rank``'s input (allowed by the filters; for the dense side
    also having a node that passed them); ``order``: the ranked (present) ones best first, ties by citation
    id; ``ranks``: 1-based rank per citation, 0 when not ranked.
    """

    scores: np.ndarray
    listed: np.ndarray
    order: np.ndarray
    ranks: np.ndarray

    @classmethod
    def of(cls, scores: np.ndarray, listed: np.ndarray, by_id: np.ndarray,
           present_above: float | None = 0.0) -> Side:
        """``by_id``: every citation index sorted by citation id (a stable sort by score then breaks ties by id)."""
        present = listed if present_above is None else listed & (scores > present_above)
        idx = by_id[present[by_id]]
        order = idx[np.argsort(-scores[idx], kind="stable")]
        ranks = np.zeros(len(scores), dtype=np.int64)
        ranks[order] = np.arange(1, len(order) + 1)
        return cls(scores=scores, listed=listed, order=order, ranks=ranks)

    def ranked(self, i: int) -> Ranked | None:
        """What ``rank(...)[citation i]`` gives (None where the citation is not listed)."""
        if not self.listed[i]:
            return None
        return Ranked(float(self.scores[i]), int(self.ranks[i]) or None)


FIRST_CANDIDATES = 32  # per side; grows x4 until the top k is provably the full fusion's


def fuse_top(
    bm25: Side,
    dense: Side,
    citations: list[str],
    k: int,
    w_bm25: float,
    w_dense: float,
    rrf_k: int,
    strategy: str = "rrf+dominance",
    ratio: float = DOMINANCE_RATIO,
    first: int = FIRST_CANDIDATES,
) -> list[tuple[int, float]]:
    """The first ``k`` of ``fuse`` over every listed citation, as (citation index, hybrid score), computed from
    each side's first candidates (see the module docstring for why that is exact)."""
    listed = bm25.listed | dense.listed
    best = float(bm25.scores[bm25.listed].max()) if bm25.listed.any() else 0.0
    n_listed = int(listed.sum())
    m = max(first, k, 2)
    while True:
        full = w_bm25 < 0 or w_dense < 0 or m >= n_listed  # negative weights: no bound, fuse everything
        cand = np.flatnonzero(listed) if full else np.union1d(bm25.order[:m], dense.order[:m])
        index = {citations[i]: int(i) for i in cand}
        b = {c: r for c, i in index.items() if (r := bm25.ranked(i)) is not None}
        d = {c: r for c, i in index.items() if (r := dense.ranked(i)) is not None}
        fused = fuse(b, d, w_bm25, w_dense, rrf_k, strategy, ratio, best_bm25=best)
        if full:
            return [(index[c], s) for c, s in fused[:k]]
        # an outsider's RRF value, computed as rrf() does (0.0, + bm25 term, + dense term), is at most this
        bound = 0.0
        if len(bm25.order) > m:
            bound += w_bm25 / (rrf_k + m + 1)
        if len(dense.order) > m:
            bound += w_dense / (rrf_k + m + 1)
        if len(fused) >= k and round(fused[k - 1][1], 12) > round(bound, 12):
            return [(index[c], s) for c, s in fused[:k]]
        m *= 4
