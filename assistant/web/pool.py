"""Answers on every core: worker processes, each with its own Assistant, behind the one web process.

Why a pool inside one process and not several uvicorn workers: the chat sessions (``assistant.sessions``), the
Gradio UI's queue and its event streams live in the web process's memory. Several uvicorn workers would each
have their own session store (a follow-up landing on another worker would lose its history, so sessions would
have to move to a shared store) and Gradio needs every request of a browser session on the same process. With
this pool the web process keeps HTTP, sessions, streaming and MCP; only the answers — pure CPU work, ~15 ms
each, Python under the GIL plus onnxruntime — run in ``N`` worker processes (default: one per core, at most 4).

Workers are *spawned*, never forked (the web process runs threads: uvicorn, Gradio, the loader), and each opens
the Assistant itself on the torch-free question path (~1.5 s, in parallel). The pool is ready when the first
worker has its Assistant open (it answers from then on; the others take work as soon as they are open); a worker
that fails to open reports why (e.g. the model setting), and a worker that dies later is replaced by restarting
the pool once before the request is answered.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
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


def _init_worker(env: dict[str, str], ready) -> None:
    global _ASSISTANT
    os.environ.update(env)
    try:
        from assistant.service import Assistant
        from assistant.settings import get_settings

        get_settings.cache_clear()
        _ASSISTANT = Assistant.open()
    except BaseException as e:
        ready.put(("error", os.getpid(), f"{type(e).__name__}: {e}"))
        raise
    ready.put(("ok", os.getpid(), None))


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


class AnswerPool:
    def __init__(self, workers: int, start_timeout: float = START_TIMEOUT):
        self.workers = workers
        self.start_timeout = start_timeout
        self._env = _worker_env()
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._start()

    def _start(self) -> None:
        """Spawn the workers; return as soon as one of them has its Assistant open (questions are answered from
        then on; the others join the pool when they are ready). Raises with the worker's reason if it failed."""
        ctx = multiprocessing.get_context("spawn")
        ready = ctx.Queue()
        executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=_init_worker,
                                       initargs=(self._env, ready))
        # Worker processes are spawned on demand: one task per worker, submitted at once, starts all of them.
        probes = [executor.submit(_pid) for _ in range(self.workers)]
        deadline = time.monotonic() + self.start_timeout
        try:
            while True:
                try:
                    status, _worker, error = ready.get(timeout=0.5)
                except queue.Empty:
                    failed = next((p for p in probes if p.done() and p.exception() is not None), None)
                    if failed is not None:  # a worker died without saying why (killed, crashed)
                        raise RuntimeError(f"an answer worker failed to start: {failed.exception()!r}") from None
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"answer workers not ready after {self.start_timeout:.0f} s") from None
                    continue
                if status != "ok":
                    raise RuntimeError(error)
                break
        except BaseException:
            executor.shutdown(wait=False, cancel_futures=True)
            ready.close()
            raise
        self._executor = executor
        threading.Thread(target=self._others_ready, args=(ready, self.workers - 1), daemon=True,
                         name="answer-workers").start()

    @staticmethod
    def _others_ready(ready, count: int) -> None:
        try:
            for _ in range(count):
                try:
                    status, worker, error = ready.get(timeout=START_TIMEOUT)
                except queue.Empty:
                    log.error("an answer worker did not report within %.0f s", START_TIMEOUT)
                    return
                if status == "ok":
                    log.info("answer worker %d ready", worker)
                else:
                    log.error("answer worker %d failed to start: %s", worker, error)
        finally:
            ready.close()

    def call(self, fn, *args):
        """Run ``fn(*args)`` in a worker; if the pool broke (a worker died), restart it once and retry."""
        executor = self._executor
        try:
            return executor.submit(fn, *args).result()
        except BrokenProcessPool:
            with self._lock:
                if self._executor is executor:
                    log.warning("an answer worker died: restarting the pool of %d", self.workers)
                    executor.shutdown(wait=False, cancel_futures=True)
                    self._start()
            return self._executor.submit(fn, *args).result()

    def pids(self) -> set[int]:
        return {p.pid for p in (self._executor._processes or {}).values()} if self._executor else set()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


class PooledRetriever:
    """``Retriever.search`` answered by a worker (the clause browser's search box)."""

    def __init__(self, pool: AnswerPool):
        self._pool = pool

    def search(self, query: str, k: int = 5, doc: str | None = None, as_of: date | None = None,
               mode: str = "hybrid"):
        return self._pool.call(_search, query, k, doc, as_of, mode)


class PooledAssistant:
    """What the web adapters use of an Assistant (``ask``, ``retriever.search``, ``corpus``), with the work done
    by the pool; the corpus (text only, no model) is loaded in this process."""

    def __init__(self, workers: int, start_timeout: float = START_TIMEOUT):
        from assistant.corpus import load_corpus

        self.corpus = load_corpus()
        self.pool = AnswerPool(workers, start_timeout)
        self.retriever = PooledRetriever(self.pool)

    def ask(self, request):
        return self.pool.call(_ask, request)

    def close(self) -> None:
        self.pool.close()
