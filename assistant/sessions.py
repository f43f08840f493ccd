"""Bounded in-memory chat sessions: the server keeps earlier user turns so follow-ups resolve.

Bounds (turns, characters, idle time, number of sessions) keep a long-running server's memory flat;
only user turns are kept because the assistant's answers are recomputed deterministically.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field


class SessionNotFound(KeyError):
    pass


@dataclass
class Session:
    id: str
    turns: list[str] = field(default_factory=list)
    last_used: float = field(default_factory=time.monotonic)


class SessionStore:
    def __init__(self, max_turns: int = 20, max_chars: int = 20_000, idle_seconds: float = 1800,
                 max_sessions: int = 10_000, clock=time.monotonic):
        self.max_turns, self.max_chars, self.idle_seconds = max_turns, max_chars, idle_seconds
        self.max_sessions, self._clock = max_sessions, clock
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self) -> None:
        now = self._clock()
        for sid in [s.id for s in self._sessions.values() if now - s.last_used > self.idle_seconds]:
            del self._sessions[sid]
        while len(self._sessions) > self.max_sessions:
            self._sessions.popitem(last=False)

    def create(self) -> Session:
        with self._lock:
            self._expire()
            session = Session(id=secrets.token_urlsafe(12), last_used=self._clock())
            self._sessions[session.id] = session
            self._expire()
            return session

    def get(self, session_id: str) -> Session:
        with self._lock:
            self._expire()
            session = self._sessions.get(session_id)
            if session is None:
                raise SessionNotFound(session_id)
            session.last_used = self._clock()
            self._sessions.move_to_end(session_id)
            return session

    def history(self, session_id: str) -> list[str]:
        return list(self.get(session_id).turns)

    def append(self, session_id: str, turn: str) -> None:
        """Record a user turn, dropping the oldest turns beyond the bounds."""
        session = self.get(session_id)
        with self._lock:
            session.turns.append(turn)
            while len(session.turns) > self.max_turns or (
                len(session.turns) > 1 and sum(map(len, session.turns)) > self.max_chars
            ):
                session.turns.pop(0)

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._sessions)
