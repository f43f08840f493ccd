"""What the related section (issue 18: "根据您提供的情况，还可能适用") adds to a warm answer.

``Assistant.ask`` with the step, against the same call with ``Assistant._with_related`` replaced by a function that
returns the response unchanged (the analysis and the answer are the same; only the facts gathering and the check-up
on them are skipped). Over ``--count`` calculation questions of evals/datasets/gold.jsonl taken evenly across the
file (so the multi-turn and 技改 ones are in; their history included), after one warm-up pass of each; the two ways
alternate question by question so that load from other work on the machine falls on both. Also times the step
itself (the wrapped ``_with_related``), separately for the answers where it ran the check-up engine (a stated fact
beyond the enterprise's description) — the expensive case.

Prints figures; asserts nothing (target: the step adds ≤ 10 ms at p50).
    .venv/bin/python benchmarks/related.py [--count 40] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from evals.scoring import percentile  # the one percentile (linear interpolation, q in 0–100)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "evals" / "datasets" / "gold.jsonl"


def calculation_questions(count: int) -> list[dict]:
    """``count`` calculation questions spread evenly over gold.jsonl's (file order)."""
    rows = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        if d.get("expected_intent") == "calculation":
            rows.append({k: d[k] for k in ("id", "question", "history", "as_of") if d.get(k) is not None})
    if count >= len(rows):
        return rows
    return [rows[i * len(rows) // count] for i in range(count)]




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40, help="calculation questions from gold.jsonl")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the questions")
    args = parser.parse_args()

    from assistant import related
    from assistant.schema import AskRequest
    from assistant.service import Assistant

    requests = [AskRequest.model_validate(r) for r in calculation_questions(args.count)]
    assistant = Assistant.open()
    real = Assistant._with_related
    engine = related.match
    step_ms: list[float] = []
    checkup_step_ms: list[float] = []  # the step where it ran the check-up engine
    engine_runs = [0]

    def counted_match(*a, **k):
        engine_runs[0] += 1
        return engine(*a, **k)

    def timed(self, request, resp, answered):
        runs = engine_runs[0]
        t = time.perf_counter()
        try:
            return real(self, request, resp, answered)
        finally:
            ms = (time.perf_counter() - t) * 1000
            step_ms.append(ms)
            if engine_runs[0] > runs:
                checkup_step_ms.append(ms)

    def skipped(self, request, resp, answered):
        return resp

    def ask(req: AskRequest, step) -> tuple[float, object]:
        Assistant._with_related = step
        t = time.perf_counter()
        resp = assistant.ask(req)
        return (time.perf_counter() - t) * 1000, resp

    related.match = counted_match
    try:
        for req in requests:  # warm-up: both ways once
            ask(req, real)
            ask(req, skipped)
        with_ms: list[float] = []
        without_ms: list[float] = []
        paired: list[float] = []
        shown = ran = 0
        for r in range(args.rounds):
            for i, req in enumerate(requests):
                order = (timed, skipped) if (i + r) % 2 == 0 else (skipped, timed)
                got = {}
                for step in order:
                    before = len(step_ms)
                    ms, resp = ask(req, step)
                    got[step] = ms
                    if step is timed and r == 0:
                        ran += (len(step_ms) > before and resp.intent in ("calculation", "eligibility")
                                and bool(resp.citations) and resp.calculation is not None)
                        shown += bool(resp.related)
                with_ms.append(got[timed])
                without_ms.append(got[skipped])
                paired.append(got[timed] - got[skipped])
    finally:
        Assistant._with_related = real
        related.match = engine

    p50_with, p50_without = percentile(with_ms, 50), percentile(without_ms, 50)
    print(f"questions: {len(requests)} calculation questions from {GOLD.relative_to(ROOT)} × {args.rounds} rounds "
          f"({len(with_ms)} timed answers each way)")
    print(f"answers that ran the step (calculation/eligibility with a calculation): {ran}; with related items: {shown}")
    print(f"ask() with the related step:    p50 {p50_with:.2f} ms, p95 {percentile(with_ms, 95):.2f} ms, "
          f"mean {statistics.mean(with_ms):.2f} ms")
    print(f"ask() without the related step: p50 {p50_without:.2f} ms, p95 {percentile(without_ms, 95):.2f} ms, "
          f"mean {statistics.mean(without_ms):.2f} ms")
    print(f"difference of p50s: {p50_with - p50_without:+.2f} ms; p50 of the per-question differences: "
          f"{percentile(paired, 50):+.2f} ms (target ≤ 10 ms)")
    print(f"the step alone (_with_related, {len(step_ms)} calls): p50 {percentile(step_ms, 50):.2f} ms, "
          f"p95 {percentile(step_ms, 95):.2f} ms, max {max(step_ms):.2f} ms")
    if checkup_step_ms:
        print(f"  of which ran the check-up engine ({len(checkup_step_ms)} calls): "
              f"p50 {percentile(checkup_step_ms, 50):.2f} ms, p95 {percentile(checkup_step_ms, 95):.2f} ms")


if __name__ == "__main__":
    main()
