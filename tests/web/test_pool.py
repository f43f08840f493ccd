"""The answer worker pool: answers on several processes, identical to in-process answers, survives a dead worker,
and a worker that cannot start says why."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.schema import AskRequest
from assistant.settings import get_settings

pytestmark = [pytest.mark.model, pytest.mark.server]

QUESTIONS = [
    "春节用了九十万度电，市里奖了六万，区里配多少？",
    "技术改造设备投资的奖励归哪个部门管？",
    "2024年4月的时候，开门红方案还有效吗？",
    "新招工人有补贴吗？",
    "明天长乐会下雨吗？",
]


@pytest.fixture()
def pooled(index_dir, runtime, monkeypatch):
    """A private two-worker pool over the session's test index (``runtime`` has built it)."""
    from assistant.web.pool import PooledAssistant

    monkeypatch.setenv("POLICY_ASSISTANT_INDEX_DIR", str(index_dir))
    get_settings.cache_clear()
    pool = PooledAssistant(2, start_timeout=300)
    get_settings.cache_clear()
    yield pool
    pool.close()


def _pids_answering(pool, n: int = 40) -> set[int]:
    from assistant.web.pool import _pid

    with ThreadPoolExecutor(8) as threads:
        return set(threads.map(lambda _: pool.pool.call(_pid), range(n)))


def test_answers_equal_in_process_answers_and_come_from_two_processes(pooled, index_dir, monkeypatch):
    from assistant.service import Assistant

    monkeypatch.setenv("POLICY_ASSISTANT_INDEX_DIR", str(index_dir))
    get_settings.cache_clear()
    try:
        local = Assistant.open()
    finally:
        get_settings.cache_clear()
    for q in QUESTIONS:
        req = AskRequest(question=q, as_of="2024-03-15")
        assert pooled.ask(req).model_dump() == local.ask(req).model_dump(), q
    deadline = time.monotonic() + 120  # the second worker may still be opening its Assistant
    pids: set[int] = set()
    while len(pids) < 2 and time.monotonic() < deadline:
        pids |= _pids_answering(pooled)
    assert len(pids) == 2 and os.getpid() not in pids
    hits = pooled.retriever.search("春节期间企业用电奖励", k=3, doc="2024")
    assert hits[0].citation == "2024#9" and {h.doc for h in hits} == {"2024"}
    with pytest.raises(ValueError, match="unknown document"):  # errors come back as themselves
        pooled.retriever.search("技改", doc="2019")


def test_a_dead_worker_is_replaced(pooled):
    victim = pooled.pool._ready[0].pid  # the worker an idle pool gives the next question to
    os.kill(victim, signal.SIGKILL)
    time.sleep(0.5)
    answer = pooled.ask(AskRequest(question=QUESTIONS[0], as_of="2024-03-15"))
    assert answer.citations[0].id == "2024#9"
    assert victim not in pooled.pool.pids() and len(pooled.pool.pids()) >= 1


def test_a_worker_that_cannot_open_names_the_setting(index_dir, runtime, tmp_path, monkeypatch):
    from assistant.web.deps import NotReady, Runtime

    monkeypatch.setenv("POLICY_ASSISTANT_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("POLICY_ASSISTANT_EMBEDDING_MODEL", str(tmp_path / "no-such-model"))
    monkeypatch.setenv("POLICY_ASSISTANT_ANSWER_WORKERS", "2")
    get_settings.cache_clear()
    try:
        rt = Runtime(wait_seconds=120)
        rt.start()
        with pytest.raises(NotReady) as e:
            rt.assistant()
    finally:
        get_settings.cache_clear()
    assert e.value.failed and rt.state == "failed"
    assert "POLICY_ASSISTANT_EMBEDDING_MODEL" in rt.error
