"""Session-store benchmark: the cost of one operation with 100 and with 10,000 live sessions.

    .venv/bin/python benchmarks/sessions.py

One operation = what a chat turn does to the store (history, then append), on a random live session, plus a
new session every tenth operation (as new users arrive). Prints the median time per operation at each size and
their ratio (issue 14's target: within 2x). The store is the one the web service uses (assistant.sessions).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.sessions import SessionNotFound, SessionStore  # noqa: E402


def per_operation(n_sessions: int, ops: int = 20_000, repeats: int = 5) -> float:
    rng = random.Random(n_sessions)
    store = SessionStore(max_sessions=n_sessions, max_per_client=100)
    ids = [store.create(client=f"10.0.{i // 250}.{i % 250}").id for i in range(n_sessions)]
    samples = []
    for r in range(repeats):
        picks = [rng.randrange(len(ids)) for _ in range(ops)]
        started = time.perf_counter()
        for i, k in enumerate(picks):
            try:
                store.history(ids[k])
                store.append(ids[k], "那如果是1000吨呢？")
            except SessionNotFound:
                pass
            if i % 10 == 0:
                ids[k] = store.create(client=f"192.168.{r}.{i % 200}").id
        samples.append((time.perf_counter() - started) / ops)
    return statistics.median(samples)


def main() -> int:
    small, large = per_operation(100), per_operation(10_000)
    print(f"session store, one chat-turn operation: {small * 1e6:.1f} µs at 100 sessions, "
          f"{large * 1e6:.1f} µs at 10,000 sessions ({large / small:.2f}x; target ≤ 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
