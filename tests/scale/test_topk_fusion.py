"""The hybrid search fuses each side's first candidates instead of every citation (``fusion.fuse_top``): its top k
must be the top k of fusing every citation (``fuse(rank(...), rank(...))``), scores and ranks to the bit.

Random score arrays with many exact ties (re-issued documents repeat the same clause texts, so hundreds of
citations share a score), filters that leave few or no citations, dense sides that list only some citations
(the Chroma backend returns 64 nodes), zero and negative weights, and k larger than the candidate count — the
cases where a cut-off could differ from the full fusion. No model, no index: milliseconds."""

from __future__ import annotations

import random

import numpy as np
import pytest

from assistant.retrieval.fusion import Side, fuse, fuse_top, rank


def _case(rng: random.Random, n: int):
    citations = [f"d{rng.randrange(n // 3 + 1):03d}#{i}" for i in range(n)]
    pool = [round(rng.uniform(0, 12), rng.choice((0, 1, 3))) for _ in range(rng.randint(1, 40))]
    bm = np.array([rng.choice(pool) if rng.random() < 0.7 else 0.0 for _ in range(n)], dtype=np.float64)
    dn = np.array([round(rng.uniform(-0.2, 0.95), rng.choice((1, 2, 6))) for _ in range(n)], dtype=np.float64)
    allowed = np.array([rng.random() < rng.choice((1.0, 0.5, 0.05)) for _ in range(n)], dtype=bool)
    dn_listed = allowed & np.array([rng.random() < rng.choice((1.0, 1.0, 0.1)) for _ in range(n)], dtype=bool)
    return citations, bm, dn, allowed, dn_listed


def _full(citations, bm, dn, allowed, dn_listed, k, wb, wd, rrf_k, strategy):
    b = rank({c: float(bm[i]) for i, c in enumerate(citations) if allowed[i]}, present_above=0.0)
    d = rank({c: float(dn[i]) for i, c in enumerate(citations) if dn_listed[i]}, present_above=None)
    return [(c, s, b.get(c), d.get(c)) for c, s in fuse(b, d, wb, wd, rrf_k, strategy)[:k]]


@pytest.mark.parametrize("seed", range(300))
def test_fuse_top_equals_full_fusion(seed):
    rng = random.Random(seed)
    n = rng.choice((3, 40, 400, 2000))
    citations, bm, dn, allowed, dn_listed = _case(rng, n)
    k = rng.choice((1, 5, 8, 50))
    wb, wd = rng.choice(((1.0, 1.0), (1.0, 0.5), (0.3, 1.0), (1.0, 0.0), (-0.5, 1.0))), rng.choice((1, 60))
    (wb, wd), rrf_k = wb, wd
    strategy = rng.choice(("rrf", "rrf+dominance"))
    by_id = np.array(sorted(range(n), key=citations.__getitem__), dtype=np.int64)
    bs = Side.of(bm, allowed, by_id, present_above=0.0)
    ds = Side.of(dn, dn_listed, by_id, present_above=None)
    got = [(citations[i], s, bs.ranked(i), ds.ranked(i))
           for i, s in fuse_top(bs, ds, citations, k, wb, wd, rrf_k, strategy, first=rng.choice((2, 4, 32)))]
    assert got == _full(citations, bm, dn, allowed, dn_listed, k, wb, wd, rrf_k, strategy)


@pytest.mark.parametrize("seed", range(50))
def test_side_ranks_like_rank(seed):
    rng = random.Random(1000 + seed)
    n = rng.choice((5, 300))
    citations, bm, dn, allowed, dn_listed = _case(rng, n)
    by_id = np.array(sorted(range(n), key=citations.__getitem__), dtype=np.int64)
    for scores, listed, above in ((bm, allowed, 0.0), (dn, dn_listed, None)):
        side = Side.of(scores, listed, by_id, present_above=above)
        want = rank({c: float(scores[i]) for i, c in enumerate(citations) if listed[i]}, present_above=above)
        assert {c: side.ranked(i) for i, c in enumerate(citations) if listed[i]} == want
        assert all(side.ranked(i) is None for i in range(n) if not listed[i])
