"""End-to-end answer speed without a language model: per-question latency and a 200-question batch.

Prints figures; it asserts nothing (targets: p50 ≤ 50 ms, p95 ≤ 150 ms after warm-up; 200 questions via
`policy-assistant ask --jsonl` in ≤ 20 s including start-up).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evals.scoring import percentile  # the one percentile (linear interpolation, q in 0–100)

ROOT = Path(__file__).resolve().parent.parent
DATASETS = sorted((ROOT / "evals" / "datasets").glob("*.jsonl"))


def questions(limit: int = 200) -> list[dict]:
    rows = []
    for path in DATASETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                rows.append({k: d[k] for k in ("id", "question", "history", "as_of") if d.get(k) is not None})
    return rows[:limit]




def main() -> None:
    from assistant.schema import AskRequest
    from assistant.service import Assistant

    rows = questions()
    t0 = time.perf_counter()
    assistant = Assistant.open()
    opened = time.perf_counter() - t0
    requests = [AskRequest.model_validate(r) for r in rows]
    for req in requests[:10]:  # warm-up
        assistant.ask(req)
    times = []
    for req in requests:
        t = time.perf_counter()
        assistant.ask(req)
        times.append((time.perf_counter() - t) * 1000)

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        f.write("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    t = time.perf_counter()
    out = subprocess.run([str(Path(sys.executable).parent / "policy-assistant"), "ask", "--jsonl", f.name],
                         capture_output=True, text=True, check=True)
    batch = time.perf_counter() - t
    answered = len(out.stdout.strip().splitlines())

    print(f"questions: {len(requests)} (from {', '.join(p.name for p in DATASETS)})")
    print(f"open (imports + corpus + index + model, in-process): {opened:.2f} s")
    print(f"per question after warm-up: p50 {percentile(times, 50):.1f} ms, p95 {percentile(times, 95):.1f} ms, "
          f"mean {statistics.mean(times):.1f} ms, max {max(times):.1f} ms")
    print(f"batch via `ask --jsonl` ({answered} answers, start-up included): {batch:.1f} s")


if __name__ == "__main__":
    main()
