"""Session store: LRU and idle eviction, the per-client bound, turn bounds, and cost independent of size."""

from __future__ import annotations

import time

import pytest

from assistant.sessions import SessionNotFound, SessionStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_least_recently_used_session_goes_first_when_full():
    store = SessionStore(max_sessions=3, max_per_client=10)
    a, b, c = (store.create().id for _ in range(3))
    store.get(a)  # a is now the most recently used: b is the oldest
    d = store.create().id
    assert len(store) == 3
    with pytest.raises(SessionNotFound):
        store.get(b)
    for sid in (a, c, d):
        store.get(sid)


def test_idle_sessions_expire_and_use_keeps_them_alive():
    clock = Clock()
    store = SessionStore(idle_seconds=100, clock=clock)
    old, kept = store.create().id, store.create().id
    clock.now += 60
    store.append(kept, "春节用电奖励")
    clock.now += 60  # old idle 120 s, kept idle 60 s
    with pytest.raises(SessionNotFound):
        store.history(old)
    assert store.history(kept) == ["春节用电奖励"]
    clock.now += 101
    assert len(store) == 0 and store.clients() == 0


def test_one_client_cannot_evict_other_clients_sessions():
    store = SessionStore(max_sessions=1000, max_per_client=3)
    mine = store.create(client="10.0.0.2").id
    store.append(mine, "技改补助怎么申请")
    flood = [store.create(client="10.0.0.9").id for _ in range(50)]
    assert store.history(mine) == ["技改补助怎么申请"]
    assert len(store) == 4 and store.clients() == 2
    for sid in flood[:-3]:
        with pytest.raises(SessionNotFound):
            store.get(sid)
    for sid in flood[-3:]:
        store.get(sid)


def test_per_client_eviction_follows_that_clients_use():
    store = SessionStore(max_per_client=2)
    a, b = store.create(client="x").id, store.create(client="x").id
    store.get(a)  # b is x's least recently used now
    store.create(client="x")
    store.get(a)
    with pytest.raises(SessionNotFound):
        store.get(b)


def test_turn_and_character_bounds_drop_oldest_turns_first():
    store = SessionStore(max_turns=3, max_chars=10)
    sid = store.create().id
    for turn in ["一", "二", "三", "四"]:
        store.append(sid, turn)
    assert store.history(sid) == ["二", "三", "四"]
    store.append(sid, "一二三四五六七八九")  # 9 chars: with 四 (1) that is exactly 10
    assert store.history(sid) == ["四", "一二三四五六七八九"]
    store.append(sid, "x" * 30)  # longer than the bound alone: the newest turn is still kept
    assert store.history(sid) == ["x" * 30]


def test_unknown_session_is_not_found():
    with pytest.raises(SessionNotFound):
        SessionStore().history("nope")


def _op_seconds(n_sessions: int, ops: int = 3000) -> float:
    """Median time of one get+append+create round over a store holding ``n_sessions`` (many clients)."""
    store = SessionStore(max_sessions=n_sessions, max_per_client=10)
    ids = [store.create(client=f"c{i % (n_sessions // 5 + 1)}").id for i in range(n_sessions)]
    rounds = []
    for round_ in range(5):
        started = time.perf_counter()
        for i in range(ops):
            sid = ids[(i * 7919) % len(ids)]
            try:
                store.append(sid, "补多少")
            except SessionNotFound:
                pass
            if i % 10 == 0:
                store.create(client=f"new{round_}-{i % 50}")
        rounds.append((time.perf_counter() - started) / ops)
    return sorted(rounds)[2]


def test_cost_per_operation_does_not_grow_with_the_number_of_sessions():
    small, large = _op_seconds(100), _op_seconds(10_000)
    # The bar is 2x; 4x here leaves room for a busy shared CI box (the old store measured ~50x).
    assert large < 4 * small, (small, large)
