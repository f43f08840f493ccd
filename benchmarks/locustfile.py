"""Locust user for `benchmarks/load.py`: POST /v1/ask with a mix of questions (every intent), no think time.

Run by load.py (headless, 20 users, 30 s); a response counts as an error unless it is 200 with a valid intent.
"""

from __future__ import annotations

import itertools
import random

from locust import HttpUser, constant, task

from assistant.documents import registry

QUESTIONS = [
    "春节用了九十万度电，市里奖了六万，区里配多少？我们是规上工业企业",
    "规上工业企业春节期间用电120万千瓦时，市级奖了40万，区里配套多少",
    "节能改造年节能量600吨标准煤补多少？",
    "技术改造设备投资的奖励归哪个部门管？",
    "营业收入首次突破100亿元有什么奖励？",
    "新招工人有补贴吗？",
    "明天长乐会下雨吗？",
    "二季度产值增长了15%，用电也增长了，能拿多少奖励？",
    *registry().examples(),  # one question per document that names it (validity, clause lookup)
]
INTENTS = {"calculation", "eligibility", "responsible_unit", "validity", "clause_lookup", "clarification",
           "out_of_scope"}


class Asker(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.questions = itertools.cycle(random.sample(QUESTIONS, len(QUESTIONS)))

    @task
    def ask(self) -> None:
        body = {"question": next(self.questions), "as_of": "2024-03-15"}
        with self.client.post("/v1/ask", json=body, name="/v1/ask", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}: {r.text[:200]}")
            elif r.json().get("intent") not in INTENTS:
                r.failure(f"bad body: {r.text[:200]}")
            else:
                r.success()
