"""Fusing the keyword and dense rankings.

``weighted RRF``: ``w_d/(k + r_d) + w_b/(k + r_b)`` (ranks from 1; a retriever that did not find an item
adds nothing). RRF only sees ranks, so it throws away how *sure* BM25 is: a verbatim question gives its
clause a BM25 score several times the runner-up's, yet one bad dense rank can push it to second place.

``BM25 dominance`` (the score-aware rule): when BM25's best citation scores at least ``DOMINANCE_RATIO``
times its runner-up, that is a sure lexical hit and it is kept first; the rest follow in RRF order.
The ratio is scale-free (BM25 scores are not calibrated across queries) and was chosen on our own
development questions, not on the evaluation set.

Hybrid scores are the RRF value, plus ``PROMOTION`` for the promoted item: larger than any RRF value,
so the order of scores is the order of hits.
"""

from __future__ import annotations

from dataclasses import dataclass

DOMINANCE_RATIO = 1.5


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
    """BM25's top citation when it beats the runner-up by ``ratio`` (and the runner-up exists or is 0)."""
    top = sorted((r for r in bm25.items() if r[1].rank is not None), key=lambda kv: kv[1].rank)
    if not top:
        return None
    s1 = top[0][1].score
    s2 = top[1][1].score if len(top) > 1 else 0.0
    return top[0][0] if s1 > 0 and s1 >= ratio * s2 else None


def fuse(
    bm25: dict[str, Ranked],
    dense: dict[str, Ranked],
    w_bm25: float,
    w_dense: float,
    k: int,
    strategy: str = "rrf+dominance",
    ratio: float = DOMINANCE_RATIO,
) -> list[tuple[str, float]]:
    """Citations best first with their hybrid score."""
    scores = rrf(bm25, dense, w_bm25, w_dense, k)
    if strategy == "rrf+dominance":
        sure = dominant_bm25(bm25, ratio)
        if sure is not None:
            promotion = (abs(w_bm25) + abs(w_dense)) / (k + 1) + 1.0
            scores[sure] += promotion
    elif strategy != "rrf":
        raise ValueError(f"unknown fusion strategy {strategy!r}")
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
