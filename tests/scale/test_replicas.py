"""Two ``app.py`` replicas sharing one redis-server and one index directory, on loopback, as an operator runs them
behind a load balancer: a session started on A continues on B with its facts; killing Redis gives clear 503s on
/readyz and /v1/chat while stateless routes answer, and both recover when it returns; an index rebuild while both
serve loses no request and both replicas move to the new build without a restart.

The run's built index (``seed_index``) is copied into a tmp dir shared by the replicas; replica A answers
in-process (``ANSWER_WORKERS=1``), B through its pool of two workers, so both ways of reloading are exercised."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from assistant.session_store import SETTING
from replica_support import READY_TIMEOUT, running_replicas

pytestmark = [pytest.mark.model, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
AS_OF = "2024-03-10"


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory, seed_index) -> Path:
    """One index directory for both replicas: a copy of the run's built index and its ONNX export (cheap)."""
    from support.index_seed import copy_index

    target = copy_index(seed_index, tmp_path_factory.mktemp("shared-index") / "index")
    assert (target / "current").is_symlink()
    return target


@pytest.fixture(scope="module")
def replicas(redis_server, shared_index, tmp_path_factory):
    common = {"POLICY_ASSISTANT_INDEX_DIR": str(shared_index), "POLICY_ASSISTANT_SESSION_STORE": redis_server.url}
    envs = {name: {**common, "POLICY_ASSISTANT_ANSWER_WORKERS": workers} for name, workers in (("a", "1"), ("b", "2"))}
    with running_replicas(envs, tmp_path_factory.mktemp("replica-logs")) as bases:
        yield bases


def test_a_session_started_on_one_replica_continues_on_the_other_with_its_facts(replicas):
    a, b = replicas
    follow_up = "二月用了九十万度电，市里奖了六万，区里配多少？"
    alone = httpx.post(f"{b}/v1/ask", json={"question": follow_up, "as_of": AS_OF}, timeout=60).json()
    assert alone["calculation"]["eligible"] is None  # without the first turn nobody said 规上

    first = httpx.post(f"{a}/v1/chat", json={"message": "我们是规上工业企业，问一下春节期间用电的奖励", "as_of": AS_OF},
                       timeout=60)
    assert first.status_code == 200, first.text
    sid = first.json()["session_id"]
    second = httpx.post(f"{b}/v1/chat", json={"session_id": sid, "message": follow_up, "as_of": AS_OF}, timeout=60)
    assert second.status_code == 200, second.text
    body = second.json()
    assert body["turn"] == 2
    calc = body["response"]["calculation"]
    assert calc["eligible"] is True and calc["amount_yuan"] == 30000  # 规上 came from the turn answered by A
    third = httpx.post(f"{a}/v1/chat", json={"session_id": sid, "message": "那这个找哪个部门？", "as_of": AS_OF},
                       timeout=60)
    assert third.status_code == 200 and third.json()["turn"] == 3


def test_redis_outage_gives_clear_503s_and_both_replicas_recover(replicas, redis_server):
    a, b = replicas
    redis_server.kill()
    try:
        for base in (a, b):
            ready = httpx.get(f"{base}/readyz", timeout=10)
            assert ready.status_code == 503
            assert ready.json()["status"] == "sessions_unavailable" and SETTING in ready.json()["error"]
            chat = httpx.post(f"{base}/v1/chat", json={"message": "春节用电奖励是哪一条？"}, timeout=30)
            assert chat.status_code == 503 and SETTING in chat.json()["detail"]
            # stateless routes keep answering
            ask = httpx.post(f"{base}/v1/ask", json={"question": "春节用电奖励是哪一条？", "as_of": AS_OF}, timeout=60)
            assert ask.status_code == 200 and ask.json()["citations"]
            assert httpx.get(f"{base}/v1/clauses", timeout=30).status_code == 200
            assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
    finally:
        redis_server.start()
    for base in (a, b):
        assert httpx.get(f"{base}/readyz", timeout=10).status_code == 200
    sid = httpx.post(f"{a}/v1/chat", json={"message": "春节用电奖励是哪一条？", "as_of": AS_OF},
                     timeout=60).json()["session_id"]
    again = httpx.post(f"{b}/v1/chat", json={"session_id": sid, "message": "找哪个部门？", "as_of": AS_OF}, timeout=60)
    assert again.status_code == 200 and again.json()["turn"] == 2


def test_rebuild_while_both_replicas_serve_loses_no_request(replicas, shared_index):
    a, b = replicas
    before = {base: httpx.get(f"{base}/readyz", timeout=10).json()["build"] for base in (a, b)}
    assert before[a] and before[a] == before[b] == os.path.basename(os.readlink(shared_index / "current"))
    questions = ["春节用了九十万度电，市里奖了六万，区里配多少？", "二季度增产增效奖励找哪个部门？",
                 "节能改造年节能量600吨标准煤补多少？"]
    failures: list[str] = []
    answered = {a: 0, b: 0}
    builds_seen: dict[str, set[str]] = {a: set(), b: set()}
    stop = threading.Event()

    def hammer(base: str) -> None:
        with httpx.Client(timeout=60) as c:
            i = 0
            while not stop.is_set():
                q = questions[i % len(questions)]
                i += 1
                try:
                    r = c.post(f"{base}/v1/ask", json={"question": q, "as_of": AS_OF})
                    if r.status_code != 200 or not r.json()["citations"]:
                        failures.append(f"{base} {r.status_code} {r.text[:200]}")
                    else:
                        answered[base] += 1
                    builds_seen[base].add(c.get(f"{base}/readyz").json()["build"])
                except httpx.HTTPError as e:
                    failures.append(f"{base} {e!r}")

    threads = [threading.Thread(target=hammer, args=(base,)) for base in (a, b)]
    for t in threads:
        t.start()
    try:
        env = {**os.environ, "POLICY_ASSISTANT_INDEX_DIR": str(shared_index)}
        subprocess.run([str(BIN / "policy-assistant"), "index", "build", "--force"], env=env, check=True,
                       timeout=READY_TIMEOUT, stdout=subprocess.DEVNULL)
        new = os.path.basename(os.readlink(shared_index / "current"))
        assert new != before[a]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not all(new in builds_seen[base] for base in (a, b)):
            time.sleep(0.5)
        counts_at_swap = dict(answered)
        time.sleep(2)  # keep serving a little on the new build
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=120)
    assert not failures, failures[:5]
    for base in (a, b):
        assert new in builds_seen[base], (base, builds_seen[base])
        assert answered[base] > counts_at_swap[base] > 0
