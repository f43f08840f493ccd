"""Answers on every core: worker processes, each with its own Assistant, behind the one web process.

Why a pool inside one process and not several uvicorn workers: the chat sessions (``assistant.sessions``), the
Gradio UI's queue and its event streams live in the web process's memory. Several uvicorn workers would each
have their own session store (a follow-up landing on another worker would lose its history, so sessions would
have to move to a shared store) and Gradio needs every request of a browser session on the same process. With
this pool the web process keeps HTTP, sessions, streaming and MCP; only the answers — pure CPU work, ~15 ms
each, Python under the GIL plus onnxruntime — run in ``N`` worker processes (default: one per core, at most 4).

Each worker is a one-process ``ProcessPoolExecutor`` (*spawned*, never forked: the web process runs threads)
whose first task opens the Assistant on the torch-free question path (~1.5 s); an error there (e.g. the model
setting) comes back as the exception itself. Workers start one after another: the first gets the CPU it needs
to be ready soon (the service is ready when it is), the others join the pool as they open, so start-up on two
cores is not three processes fighting for them. A question goes to the ready worker with the fewest questions in
hand; a worker that died is started again and the question retried once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Any

log = logging.getLogger("policy_assistant.web")

START_TIMEOUT = 900.0  # a worker may have to build the index (or re-export the model) before it is ready
MAX_WORKERS = 4

# ---- inside a worker process ----------------------------------------------------------------------------------------
_ASSISTANT: Any = None


def _open(env: dict[str, str]) -> int:
    """First task of a worker: open its Assistant (raises what Assistant.open raises)."""
    global _ASSISTANT
    os.environ.update(env)
    from assistant.service import Assistant
    from assistant.settings import get_settings

    get_settings.cache_clear()
    _ASSISTANT = Assistant.open()
    return os.getpid()


def _ask(request):
    return _ASSISTANT.ask(request)


def _search(query: str, k: int, doc: str | None, as_of: date | None, mode: str):
    return _ASSISTANT.retriever.search(query, k=k, doc=doc, as_of=as_of, mode=mode)


def _pid() -> int:
    return os.getpid()


# ---- in the web process ---------------------------------------------------------------------------------------------
def worker_count(setting: int) -> int:
    """``answer_workers`` setting: 0 means one per core (at most ``MAX_WORKERS``)."""
    return setting if setting > 0 else max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def _worker_env() -> dict[str, str]:
    """The settings the workers must share with this process (resolved now, so a later change of the
    environment in this process — tests do that — cannot give a worker another index)."""
    from assistant.settings import get_settings

    s = get_settings()
    env = {k: v for k, v in os.environ.items() if k.startswith(("POLICY_ASSISTANT_", "HF_", "TRANSFORMERS_"))}
    env.update({"POLICY_ASSISTANT_INDEX_DIR": str(s.index_dir), "POLICY_ASSISTANT_CORPUS_DIR": str(s.corpus_dir)})
    return env


class _Worker:
    def __init__(self, env: dict[str, str], timeout: float):
        self.executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        try:
            self.pid = self.executor.submit(_open, env).result(timeout=timeout)
        except BaseException:
            self.executor.shutdown(wait=False, cancel_futures=True)
            raise
        self.in_hand = 0


class AnswerPool:
    def __init__(self, workers: int, start_timeout: float = START_TIMEOUT):
        self.workers = workers
        self.start_timeout = start_timeout
        self._env = _worker_env()
        self._lock = threading.Lock()
        self._ready: list[_Worker] = []
        self._closed = False
        self._ready.append(_Worker(self._env, start_timeout))  # the service is ready with one worker
        if workers > 1:
            threading.Thread(target=self._start_others, name="answer-workers", daemon=True).start()

    def _start_others(self) -> None:
        for _ in range(self.workers - 1):
            if self._closed:
                return
            try:
                worker = _Worker(self._env, self.start_timeout)
            except Exception as e:  # noqa: BLE001 - the pool keeps answering with the workers it has
                log.error("an answer worker failed to start: %s: %s", type(e).__name__, e)
                return
            with self._lock:
                if self._closed:
                    worker.executor.shutdown(wait=False, cancel_futures=True)
                    return
                self._ready.append(worker)
            log.info("answer worker %d ready (%d of %d)", worker.pid, len(self._ready), self.workers)

    def _pick(self) -> _Worker:
        with self._lock:
            worker = min(self._ready, key=lambda w: w.in_hand)
            worker.in_hand += 1
            return worker

    def _replace(self, dead: _Worker) -> None:
        """Start a new worker in place of ``dead`` (once, even if several callers saw it die)."""
        with self._lock:
            if dead not in self._ready:
                return
            log.warning("answer worker %d died: starting another", dead.pid)
            dead.executor.shutdown(wait=False, cancel_futures=True)
            fresh = _Worker(self._env, self.start_timeout)
            self._ready[self._ready.index(dead)] = fresh

    def call(self, fn, *args):
        """Run ``fn(*args)`` on the least busy worker; if that worker died, start another and retry once."""
        for attempt in (1, 2):
            worker = self._pick()
            try:
                return worker.executor.submit(fn, *args).result()
            except BrokenProcessPool:
                if attempt == 2:
                    raise
                self._replace(worker)
            finally:
                with self._lock:
                    worker.in_hand -= 1
        raise AssertionError("unreachable")

    def pids(self) -> set[int]:
        with self._lock:
            return {w.pid for w in self._ready}

    def wait_all(self, timeout: float) -> bool:
        """Wait until every worker is ready (tests, benchmarks); True if they are."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self._ready) == self.workers:
                    return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._ready = self._ready, []
        for w in workers:
            w.executor.shutdown(wait=True, cancel_futures=True)


class PooledRetriever:
    """``Retriever.search`` answered by a worker (the clause browser's search box)."""

    def __init__(self, pool: AnswerPool):
        self._pool = pool

    def search(self, query: str, k: int = 5, doc: str | None = None, as_of: date | None = None,
               mode: str = "hybrid"):
        return self._pool.call(_search, query, k, doc, as_of, mode)


class PooledAssistant:
    """What the web adapters use of an Assistant (``ask``, ``retriever.search``, ``corpus``), with the work done
    by the pool; the corpus (text only, no model) is loaded in this process when first asked for."""

    def __init__(self, workers: int, start_timeout: float = START_TIMEOUT):
        self.pool = AnswerPool(workers, start_timeout)
        self.retriever = PooledRetriever(self.pool)
        self._corpus = None

    @property
    def corpus(self):
        if self._corpus is None:
            from assistant.corpus import load_corpus

            self._corpus = load_corpus()
        return self._corpus

    def ask(self, request):
        return self.pool.call(_ask, request)

    def close(self) -> None:
        self.pool.close()
