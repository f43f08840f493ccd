"""Where chat sessions live: this process's memory (default) or a Redis server shared by every replica.

``POLICY_ASSISTANT_SESSION_STORE`` = ``memory`` keeps ``assistant.sessions.SessionStore`` (no server needed, one
process only). ``redis://host:port/db`` puts sessions in Redis so any replica behind a load balancer answers any
turn of any session, and a replica restart loses no conversation.

Why the Redis store keeps exactly the memory store's bounds and order (turns, characters, idle time, sessions per
client and overall, least recently used evicted first): a replica must not behave differently because of where its
sessions live. Every operation is one Lua script, so it is atomic across replicas (two replicas appending to the
same session never lose a turn, a per-client bound cannot be overrun by two concurrent creates) and costs one round
trip. Idle time is the keys' TTL (Redis expires them itself, with its own clock, so replicas' clocks never
disagree); recency order is a counter (``INCR``), not a time, so two sessions touched in the same millisecond still
have an order. As in the memory store, the idle sessions are always the least recently used ones, so clean-up pops
them from the front of the recency order: amortised O(1) per operation (plus Redis's O(log n) sorted sets).

Redis unreachable → ``SessionStoreUnavailable`` naming the setting; the web layer turns that into a 503 on
``/v1/chat`` and ``/readyz`` while stateless endpoints keep answering. Sessions survive a Redis restart only if
Redis persists them (``appendonly yes``); otherwise a session from before the restart is "unknown or expired" (404).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from assistant.sessions import ANONYMOUS, Session, SessionNotFound, SessionStore

SETTING = "POLICY_ASSISTANT_SESSION_STORE"
PREFIX = "policy-assistant:"


class SessionStoreUnavailable(RuntimeError):
    """The shared session store cannot be reached; the message names the setting and the (redacted) address."""


def redact_url(url: str) -> str:
    """The URL without a password (it appears in /readyz and logs)."""
    return re.sub(r"//([^:/@]*):[^@]*@", r"//\1:***@", url)


# One Lua prelude shared by the scripts. KEYS are not declared (the keys depend on the session), so this store
# needs a single Redis server, not a cluster. P is the key prefix.
_PRELUDE = """
local P = ARGV[1]
local function drop(id)
  local client = redis.call('HGET', P..'owner', id)
  redis.call('DEL', P..'s:'..id, P..'t:'..id)
  redis.call('ZREM', P..'all', id)
  redis.call('HDEL', P..'owner', id)
  if client then
    local ck = P..'c:'..client
    redis.call('ZREM', ck, id)
    if redis.call('ZCARD', ck) == 0 then
      redis.call('DEL', ck)
      redis.call('SREM', P..'clients', client)
    end
  end
end
-- idle sessions (keys gone by TTL) are always the least recently used: pop them from the front, then enforce
-- the overall bound from the front too
local function expire(max_sessions)
  while true do
    local front = redis.call('ZRANGE', P..'all', 0, 0)
    if #front == 0 then return end
    if redis.call('EXISTS', P..'s:'..front[1]) == 1 and redis.call('ZCARD', P..'all') <= max_sessions then return end
    drop(front[1])
  end
end
local function touch(id, idle_ms)
  if redis.call('EXISTS', P..'s:'..id) == 0 then return false end
  local seq = redis.call('INCR', P..'seq')
  local client = redis.call('HGET', P..'owner', id)
  redis.call('ZADD', P..'all', seq, id)
  if client then redis.call('ZADD', P..'c:'..client, seq, id) end
  redis.call('PEXPIRE', P..'s:'..id, idle_ms)
  redis.call('PEXPIRE', P..'t:'..id, idle_ms)
  return true
end
local function nchars(s)  -- characters, not bytes: count the bytes that do not continue a UTF-8 sequence
  local _, n = string.gsub(s, '[^\\128-\\191]', '')
  return n
end
"""

# ARGV: prefix, id, client, max_per_client, max_sessions, idle_ms
_CREATE = _PRELUDE + """
local id, client = ARGV[2], ARGV[3]
local max_per_client, max_sessions, idle_ms = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
expire(max_sessions)
local ck = P..'c:'..client
while redis.call('ZCARD', ck) >= max_per_client do
  drop(redis.call('ZRANGE', ck, 0, 0)[1])
end
redis.call('HSET', P..'s:'..id, 'client', client, 'chars', 0)
redis.call('PEXPIRE', P..'s:'..id, idle_ms)
redis.call('HSET', P..'owner', id, client)
local seq = redis.call('INCR', P..'seq')
redis.call('ZADD', P..'all', seq, id)
redis.call('ZADD', ck, seq, id)
redis.call('SADD', P..'clients', client)
expire(max_sessions)
return 1
"""

# ARGV: prefix, id, max_sessions, idle_ms -> the turns, or nil for an unknown/expired session
_HISTORY = _PRELUDE + """
local id = ARGV[2]
expire(tonumber(ARGV[3]))
if not touch(id, tonumber(ARGV[4])) then return false end
return {redis.call('HGET', P..'s:'..id, 'client'), redis.call('LRANGE', P..'t:'..id, 0, -1)}
"""

# ARGV: prefix, id, turn, max_turns, max_chars, max_sessions, idle_ms -> number of turns kept, or -1 if unknown
_APPEND = _PRELUDE + """
local id, turn = ARGV[2], ARGV[3]
local max_turns, max_chars = tonumber(ARGV[4]), tonumber(ARGV[5])
local idle_ms = tonumber(ARGV[7])
expire(tonumber(ARGV[6]))
if not touch(id, idle_ms) then return -1 end
local tk = P..'t:'..id
redis.call('RPUSH', tk, turn)
local chars = tonumber(redis.call('HGET', P..'s:'..id, 'chars') or '0') + nchars(turn)
local n = redis.call('LLEN', tk)
while n > max_turns or (n > 1 and chars > max_chars) do
  chars = chars - nchars(redis.call('LPOP', tk))
  n = n - 1
end
redis.call('HSET', P..'s:'..id, 'chars', chars)
redis.call('PEXPIRE', tk, idle_ms)
return n
"""

# ARGV: prefix, max_sessions -> {sessions, clients}
_COUNT = _PRELUDE + """
expire(tonumber(ARGV[2]))
return {redis.call('ZCARD', P..'all'), redis.call('SCARD', P..'clients')}
"""


class RedisSessionStore:
    """The ``SessionStore`` interface (create, get, history, append, clients, len) over a Redis server."""

    def __init__(self, url: str, max_turns: int = 20, max_chars: int = 20_000, idle_seconds: float = 1800,
                 max_sessions: int = 10_000, max_per_client: int = 100, prefix: str = PREFIX,
                 timeout_seconds: float = 1.0):
        if max_sessions < 1 or max_per_client < 1:
            raise ValueError("max_sessions and max_per_client must be at least 1")
        import redis

        self.url = url
        self.max_turns, self.max_chars, self.idle_seconds = max_turns, max_chars, idle_seconds
        self.max_sessions, self.max_per_client, self.prefix = max_sessions, max_per_client, prefix
        # Short timeouts: with Redis down a chat turn must fail in about a second, not hang the request.
        self._redis = redis.Redis.from_url(url, socket_connect_timeout=timeout_seconds,
                                           socket_timeout=timeout_seconds, decode_responses=True)
        self._errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
                        redis.exceptions.BusyLoadingError, redis.exceptions.ReadOnlyError)
        # register_script runs EVALSHA and reloads the script after NOSCRIPT (e.g. after Redis restarted).
        self._create = self._redis.register_script(_CREATE)
        self._history = self._redis.register_script(_HISTORY)
        self._append = self._redis.register_script(_APPEND)
        self._count = self._redis.register_script(_COUNT)

    @property
    def _idle_ms(self) -> int:
        return max(1, int(self.idle_seconds * 1000))

    def _run(self, script, *args: Any):
        try:
            return script(args=[self.prefix, *args])
        except self._errors as e:
            raise SessionStoreUnavailable(self.unavailable_message(e)) from None

    def unavailable_message(self, error: BaseException) -> str:
        return (f"the session store {redact_url(self.url)} is unavailable ({type(error).__name__}: {error}); "
                f"chat sessions need it: start Redis or change {SETTING}")

    def ping(self) -> None:
        """Raise ``SessionStoreUnavailable`` if Redis does not answer (``/readyz``)."""
        try:
            self._redis.ping()
        except self._errors as e:
            raise SessionStoreUnavailable(self.unavailable_message(e)) from None

    def create(self, client: str | None = None) -> Session:
        client = client or ANONYMOUS
        session = Session(id=secrets.token_urlsafe(12), client=client)
        self._run(self._create, session.id, client, self.max_per_client, self.max_sessions, self._idle_ms)
        return session

    def get(self, session_id: str) -> Session:
        found = self._run(self._history, session_id, self.max_sessions, self._idle_ms)
        if found is None:
            raise SessionNotFound(session_id)
        client, turns = found
        return Session(id=session_id, client=client or ANONYMOUS, turns=list(turns),
                       chars=sum(len(t) for t in turns))

    def history(self, session_id: str) -> list[str]:
        return self.get(session_id).turns

    def append(self, session_id: str, turn: str) -> int:
        """Record a user turn (oldest turns dropped beyond the bounds, the newest always kept); the turns kept."""
        kept = self._run(self._append, session_id, turn, self.max_turns, self.max_chars, self.max_sessions,
                         self._idle_ms)
        if kept == -1:
            raise SessionNotFound(session_id)
        return int(kept)

    def clients(self) -> int:
        return int(self._run(self._count, self.max_sessions)[1])

    def __len__(self) -> int:
        return int(self._run(self._count, self.max_sessions)[0])

    def flush(self) -> None:
        """Delete every session of this store's prefix (tests)."""
        for key in self._redis.scan_iter(f"{self.prefix}*"):
            self._redis.delete(key)


def open_store(settings) -> SessionStore | RedisSessionStore:
    """The store the ``session_store`` setting names, with the ``session_*`` bounds."""
    bounds = dict(max_turns=settings.session_max_turns, max_chars=settings.session_max_chars,
                  idle_seconds=settings.session_idle_seconds, max_sessions=settings.session_max_sessions,
                  max_per_client=settings.session_max_per_client)
    spec = settings.session_store.strip()
    if spec == "memory":
        return SessionStore(**bounds)
    if spec.startswith(("redis://", "rediss://", "unix://")):
        return RedisSessionStore(spec, **bounds)
    raise ValueError(f"{SETTING} must be `memory` or a redis://host:port/db URL, not {redact_url(spec)!r}")


def check(store) -> str | None:
    """Why the store cannot serve sessions now (``/readyz``), or None; the memory store always can."""
    ping = getattr(store, "ping", None)
    if ping is None:
        return None
    try:
        ping()
    except SessionStoreUnavailable as e:
        return str(e)
    return None
