"""Process-wide state shared by the API and the UI: the Assistant (loaded once, in the background) and sessions.

Why a background load: opening the Assistant reads the embedding model and may build the index (tens of
seconds), so the process must answer ``/healthz`` at once and report readiness on ``/readyz`` meanwhile.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from assistant.redaction import redact_paths
from assistant.session_store import open_store
from assistant.sessions import SessionStore
from assistant.settings import get_settings
from assistant.web.index_watch import current_build_id

log = logging.getLogger("policy_assistant.web")

DEFAULT_WAIT_SECONDS = 30.0
# An Assistant replaced by a newer index build is closed this long after the swap: requests that took it just
# before the swap finish on it (closing a pool at once would fail them).
RETIRE_AFTER_SECONDS = 30.0


class NotReady(RuntimeError):
    """The Assistant is still loading (or failed to load); the request cannot be answered now."""

    def __init__(self, message: str, failed: bool = False):
        super().__init__(message)
        self.failed = failed


def _open_assistant() -> Any:
    """Open the Assistant, setting a damaged index build aside first (``assistant.retrieval.health``): a build that
    cannot be opened falls back to the previous good build, or is rebuilt; a failure that a damaged build explains
    is repaired and opening is tried once more, so a corrupt file never means a permanent 503."""
    from assistant.retrieval import health

    settings = get_settings()
    health.recover(settings)
    try:
        return _open_assistant_once()
    except Exception:
        if not health.recover(settings).acted:
            raise
        log.warning("opening again after setting the damaged index build aside")
        return _open_assistant_once()


def _open_assistant_once() -> Any:
    """The Assistant of this process: answered by a pool of worker processes (``answer_workers``, default one per
    core; see ``assistant.web.pool`` for why a pool and not several uvicorn workers), or in-process with 1."""
    from assistant.web.pool import PooledAssistant, worker_count

    workers = worker_count(get_settings().answer_workers)
    if workers > 1:
        return PooledAssistant(workers)
    from assistant.service import Assistant

    return Assistant.open()


class Runtime:
    """Holds the one Assistant and the one SessionStore of this process.

    With the real loader the Runtime follows the index: between requests it reads which build ``current`` names
    (``index_watch``); when a rebuild has published another one, a new Assistant is opened in the background
    while the old one keeps answering, then swapped in (a request never waits for it and never sees a
    half-built index); the old one is closed ``RETIRE_AFTER_SECONDS`` later."""

    def __init__(self, loader: Callable[[], Any] = _open_assistant, sessions: SessionStore | None = None,
                 wait_seconds: float = DEFAULT_WAIT_SECONDS, watch_index: bool | None = None):
        self._loader = loader
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._assistant: Any = None
        self.error: str | None = None
        self.load_seconds: float | None = None
        self.wait_seconds = wait_seconds
        if sessions is None:
            sessions = open_store(get_settings())  # memory, or Redis shared by replicas (session_store)
        self.sessions = sessions
        self.watch_index = loader is _open_assistant if watch_index is None else watch_index
        self.build: str | None = None  # the index build the current Assistant was opened on
        self._watched_dir = None  # the index dir it was opened from
        self._reloading: str | None = None  # the build being opened in the background
        self._failed_build: str | None = None  # a build that failed to open (not retried until another appears)

    def start(self) -> None:
        """Start loading in a daemon thread (idempotent)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._load, name="assistant-loader", daemon=True)
                self._thread.start()

    def _index_dir(self):
        return get_settings().index_dir

    def _load(self) -> None:
        started = time.perf_counter()
        try:
            if self.watch_index:  # read before opening: a build published meanwhile is picked up afterwards
                self._watched_dir = self._index_dir()
                self.build = current_build_id(self._watched_dir)
            self._assistant = self._loader()
            manifest = getattr(getattr(self._assistant, "retriever", None), "manifest", None)
            if self.watch_index and isinstance(manifest, dict) and manifest.get("_dir"):
                self.build = os.path.basename(manifest["_dir"])  # in-process: the build it actually opened
            self.load_seconds = time.perf_counter() - started
            log.info("assistant loaded in %.1f s", self.load_seconds)
        except Exception as e:  # reported on /readyz; the process stays up for /healthz
            log.exception("assistant failed to load")
            self.error = redact_paths(f"{type(e).__name__}: {e}")
        finally:
            self._ready.set()

    def wait_loaded(self, timeout: float | None = None) -> bool:
        """Wait until loading has finished (ready or failed); True if it has."""
        return self._ready.wait(timeout)

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and self._assistant is not None

    @property
    def state(self) -> str:
        if not self._ready.is_set():
            return "loading"
        return "ready" if self._assistant is not None else "failed"

    def status_text(self) -> str:
        """The state in words for people (the UI banner and its messages); empty when ready."""
        if self.state == "loading":
            return ("助手正在加载（首次启动要建立检索索引，可能需要几分钟），暂时还不能回答问题；"
                    "奖补计算器、条款浏览和政策体检已可使用。")
        if self.state == "failed":
            return (f"助手加载失败，问答暂不可用（原因：{self.error}）。奖补计算器、条款浏览和政策体检仍可使用。"
                    "请管理员按原因修复（服务日志和 /readyz 有详情）后重启服务。")
        return ""

    def assistant(self, timeout: float | None = None) -> Any:
        """The loaded Assistant, waiting at most ``timeout`` seconds (default ``wait_seconds``)."""
        self.start()
        self._ready.wait(self.wait_seconds if timeout is None else timeout)
        if self._assistant is not None:
            if self.watch_index:
                self._follow_index()
            return self._assistant
        if self.error:
            raise NotReady(f"assistant failed to load ({self.error})", failed=True)
        raise NotReady("assistant is still loading; retry shortly")

    def _follow_index(self) -> None:
        """Open the newly published build in the background if ``current`` names another one."""
        if self._index_dir() != self._watched_dir:
            return  # the settings point elsewhere now (tests do that): a reload would open another index
        build = current_build_id(self._watched_dir)
        if build is None or build == self.build or build == self._failed_build:
            return
        with self._lock:
            if self._reloading is not None:
                return
            self._reloading = build
        threading.Thread(target=self._reload, args=(build,), name="assistant-reloader", daemon=True).start()

    def _reload(self, build: str) -> None:
        started = time.perf_counter()
        try:
            fresh = self._loader()
        except Exception as e:  # keep answering from the build we have; the log and /readyz say why
            log.exception("the new index build %s failed to open; still answering from %s", build, self.build)
            self._failed_build = build
            self.error = redact_paths(f"index build {build} failed to open: {type(e).__name__}: {e}")
            return
        finally:
            with self._lock:
                self._reloading = None
        old, self._assistant, self.build = self._assistant, fresh, build
        self.error = None
        log.info("now answering from index build %s (opened in %.1f s)", build, time.perf_counter() - started)
        close = getattr(old, "close", None)
        if close is not None:
            timer = threading.Timer(RETIRE_AFTER_SECONDS, close)
            timer.daemon = True
            timer.start()

    def close(self) -> None:
        """Stop the answer workers, if any (the web app's shutdown)."""
        close = getattr(self._assistant, "close", None)
        if close is not None:
            close()

    def corpus(self):
        """The corpus; it loads in well under a second and needs no model, so it never waits."""
        from assistant.corpus import load_corpus

        return self._assistant.corpus if self._assistant is not None else load_corpus()


_default: Runtime | None = None
_default_lock = threading.Lock()


def default_runtime() -> Runtime:
    """The process singleton used by ``app.py``; tests build their own ``Runtime``."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Runtime()
        return _default
