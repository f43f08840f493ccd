"""The Redis session store against a real redis-server: the memory store's bounds and eviction order, shared by
two store objects (two replicas), atomic under concurrent appends, and a clear error naming the setting when
Redis is down."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from assistant.session_store import SETTING, RedisSessionStore, SessionStoreUnavailable, check, open_store
from assistant.sessions import SessionNotFound, SessionStore

pytestmark = pytest.mark.server


def store(redis_server, **bounds) -> RedisSessionStore:
    return RedisSessionStore(redis_server.url, prefix=f"t-{uuid.uuid4().hex[:8]}:", **bounds)


def test_least_recently_used_session_goes_first_when_full(redis_server):
    s = store(redis_server, max_sessions=3, max_per_client=10)
    a, b, c = (s.create().id for _ in range(3))
    s.get(a)  # a is now the most recently used: b is the oldest
    d = s.create().id
    assert len(s) == 3
    with pytest.raises(SessionNotFound):
        s.get(b)
    for sid in (a, c, d):
        s.get(sid)


def test_idle_sessions_expire_by_ttl_and_use_keeps_them_alive(redis_server):
    s = store(redis_server, idle_seconds=1)
    old, kept = s.create(client="10.0.0.1").id, s.create(client="10.0.0.2").id
    time.sleep(0.6)
    s.append(kept, "春节用电奖励")
    time.sleep(0.6)  # old idle 1.2 s, kept idle 0.6 s
    with pytest.raises(SessionNotFound):
        s.history(old)
    assert s.history(kept) == ["春节用电奖励"]
    assert len(s) == 1 and s.clients() == 1
    time.sleep(1.2)
    assert len(s) == 0 and s.clients() == 0


def test_one_client_cannot_evict_other_clients_sessions(redis_server):
    s = store(redis_server, max_sessions=1000, max_per_client=3)
    mine = s.create(client="10.0.0.2").id
    s.append(mine, "技改补助怎么申请")
    flood = [s.create(client="10.0.0.9").id for _ in range(50)]
    assert s.history(mine) == ["技改补助怎么申请"]
    assert len(s) == 4 and s.clients() == 2
    for sid in flood[:-3]:
        with pytest.raises(SessionNotFound):
            s.get(sid)
    for sid in flood[-3:]:
        s.get(sid)


def test_per_client_eviction_follows_that_clients_use(redis_server):
    s = store(redis_server, max_per_client=2)
    a, b = s.create(client="x").id, s.create(client="x").id
    s.get(a)  # b is x's least recently used now
    s.create(client="x")
    s.get(a)
    with pytest.raises(SessionNotFound):
        s.get(b)


def test_turn_and_character_bounds_drop_oldest_turns_first(redis_server):
    s = store(redis_server, max_turns=3, max_chars=10)
    sid = s.create().id
    for turn in ["一", "二", "三", "四"]:
        s.append(sid, turn)
    assert s.history(sid) == ["二", "三", "四"]
    assert s.append(sid, "一二三四五六七八九") == 2  # 9 characters (27 bytes): with 四 exactly 10
    assert s.history(sid) == ["四", "一二三四五六七八九"]
    s.append(sid, "x" * 30)  # longer than the bound alone: the newest turn is still kept
    assert s.history(sid) == ["x" * 30]


def test_same_behaviour_as_the_memory_store_on_a_mixed_sequence(redis_server):
    """One scripted sequence of creates, touches and appends on both stores: same survivors, same turns."""
    bounds = dict(max_turns=4, max_chars=12, max_sessions=6, max_per_client=3)
    mem, red = SessionStore(**bounds), store(redis_server, **bounds)
    ids: dict[str, list[str]] = {"mem": [], "red": []}
    for step in range(40):
        client = f"c{step % 3 if step % 5 else 9}"
        for name, s in (("mem", mem), ("red", red)):
            if step % 4 == 0 or not ids[name]:
                ids[name].append(s.create(client=client).id)
            else:
                target = ids[name][(step * 7) % len(ids[name])]
                try:
                    s.append(target, f"第{step}问" * (step % 3 + 1))
                except SessionNotFound:
                    pass

    def survivors(name, s):
        out = []
        for i, sid in enumerate(ids[name]):
            try:
                out.append((i, s.history(sid)))
            except SessionNotFound:
                pass
        return out

    assert survivors("mem", mem) == survivors("red", red)
    assert (len(mem), mem.clients()) == (len(red), red.clients())


def test_two_replicas_share_sessions_and_concurrent_appends_keep_every_turn(redis_server):
    a = store(redis_server, max_turns=1000, max_chars=100_000)
    b = RedisSessionStore(redis_server.url, prefix=a.prefix, max_turns=1000, max_chars=100_000)
    sid = a.create(client="10.0.0.5").id
    b.append(sid, "第一问")
    assert a.history(sid) == ["第一问"]

    def add(s, tag):
        for i in range(50):
            s.append(sid, f"{tag}{i}")

    threads = [threading.Thread(target=add, args=(s, tag)) for s, tag in ((a, "A"), (b, "B"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    turns = a.history(sid)
    assert len(turns) == 101 and {f"A{i}" for i in range(50)} <= set(turns) and {f"B{i}" for i in range(50)} <= set(turns)


def test_unreachable_redis_names_the_setting(redis_server):
    from redis_support import free_port

    s = RedisSessionStore(f"redis://:secret@127.0.0.1:{free_port()}/0", timeout_seconds=0.3)
    started = time.monotonic()
    with pytest.raises(SessionStoreUnavailable) as e:
        s.create()
    assert time.monotonic() - started < 5
    assert SETTING in str(e.value) and "secret" not in str(e.value)
    reason = check(s)
    assert reason is not None and SETTING in reason
    assert check(store(redis_server)) is None and check(SessionStore()) is None


def test_setting_chooses_the_store(redis_server):
    from assistant.settings import Settings

    assert isinstance(open_store(Settings()), SessionStore)
    red = open_store(Settings(session_store=redis_server.url, session_max_turns=2))
    assert isinstance(red, RedisSessionStore) and red.max_turns == 2
    with pytest.raises(ValueError, match=SETTING):
        open_store(Settings(session_store="postgres://x"))
