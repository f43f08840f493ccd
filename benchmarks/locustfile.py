"""Locust user for `benchmarks/load.py`: POST /v1/ask with unique questions, no think time.

Every request asks a question no earlier request asked: the evaluation datasets' questions (read only), each
wrapped in one of a few polite openings and closings ("请问…谢谢") that carry no policy meaning, shuffled once
and dealt out in order, so no cache (question vectors, tokens) can make the server look faster than it is for
new questions. A response counts as an error unless it is 200 with a valid intent.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

from locust import HttpUser, constant, task

ROOT = Path(__file__).resolve().parents[1]
OPENINGS = ["", "请问", "您好，", "麻烦问一下，", "想咨询一下："]
CLOSINGS = ["", "谢谢", "，谢谢！", "，辛苦了", "。"]


def _questions() -> list[dict]:
    rows = []
    for path in sorted((ROOT / "evals" / "datasets").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                if not d.get("history"):  # single-turn questions only
                    rows.append({"question": d["question"], "as_of": d.get("as_of") or "2024-03-15"})
    out = [{**r, "question": f"{o}{r['question']}{c}"} for r in rows for o in OPENINGS for c in CLOSINGS]
    unique = list({r["question"]: r for r in out}.values())
    random.Random(14).shuffle(unique)
    return unique


QUESTIONS = _questions()
_NEXT = itertools.count()
INTENTS = {"calculation", "eligibility", "responsible_unit", "validity", "clause_lookup", "clarification",
           "out_of_scope"}


class Asker(HttpUser):
    wait_time = constant(0)

    @task
    def ask(self) -> None:
        body = QUESTIONS[next(_NEXT) % len(QUESTIONS)]
        with self.client.post("/v1/ask", json=body, name="/v1/ask", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}: {r.text[:200]}")
            elif r.json().get("intent") not in INTENTS:
                r.failure(f"bad body: {r.text[:200]}")
            else:
                r.success()
