"""Score a file of `ask --jsonl` responses against a dataset, without running the assistant.

Why: a first run of a blind set on an older checkout (its own code, its own index) must be scored with today's
metrics; the responses are produced there and scored here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from evals.dataset import load_dataset
from evals.scoring import aggregate, aggregate_by_category, score_case


def main(dataset: str, responses: str) -> None:
    cases = {c.id: c for c in load_dataset(dataset)}
    got = {}
    for line in Path(responses).read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            got[obj.get("id")] = obj
    scores = [score_case(c, got.get(cid), error=None if cid in got else "no response") for cid, c in cases.items()]
    overall = aggregate(scores)
    print(json.dumps(overall.model_dump(exclude={"applicable"}), ensure_ascii=False, indent=1))
    for cat, m in aggregate_by_category(scores).items():
        vals = {k: round(v, 3) for k, v in m.model_dump(exclude={"applicable", "n_errors"}).items()
                if isinstance(v, float) and not k.startswith("latency")}
        print(cat, m.n_cases, vals)


if __name__ == "__main__":
    main(*sys.argv[1:3])
