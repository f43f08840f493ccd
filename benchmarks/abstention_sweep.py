"""Scope decision: for each candidate operating point, how many in-scope questions are refused and how many
out-of-scope ones are. Prints a markdown table (README "Abstention").

Data: every first turn of the hand-written datasets (gold, holdout, holdout2) plus evals/dev/scope.yaml, whose
in-scope questions share few words with their clause. The rule: refuse on an explicit signal (other place, personal
or off-topic matter, fabrication, instruction only); otherwise refuse when the best BM25 score is below
MIN_TOPIC_BM25 unless the dense half vouches (best cosine >= ALONE, or >= AGREEING when BM25 and dense agree on the
clause). Run: .venv/bin/python benchmarks/abstention_sweep.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import router  # noqa: E402
from assistant.service import MIN_DENSE_AGREEING, MIN_DENSE_ALONE, MIN_TOPIC_BM25, Assistant  # noqa: E402
from evals.dataset import load_dataset  # noqa: E402


def features(a: Assistant, text: str) -> tuple[str, float, float, bool]:
    if router.fabrication_reason(text):
        return "signal", 0.0, 0.0, False
    body = router.strip_injection(text).text
    if not body or len(body.strip("，,。.？?！! ")) < 2 or router.out_of_scope_reason(body):
        return "signal", 0.0, 0.0, False
    bm = a.retriever.bm25_scores(body)
    dn = a.retriever.dense_scores(router.topic_query(body))
    agree = bool(bm) and bool(dn) and max(bm, key=bm.get) == max(dn, key=dn.get)
    return "score", max(bm.values(), default=0.0), max(dn.values(), default=0.0), agree


def main() -> None:
    a = Assistant.open()
    labelled: list[tuple[bool, str]] = []
    for name in ("gold", "holdout", "holdout2"):
        labelled += [(c.out_of_scope, c.question) for c in load_dataset(ROOT / f"evals/datasets/{name}.jsonl")
                     if not c.history]
    dev = yaml.safe_load((ROOT / "evals/dev/scope.yaml").read_text(encoding="utf-8"))
    labelled += [(False, q) for q in dev["in_scope"]] + [(True, q) for q in dev["out_of_scope"]]
    rows = [(oos, *features(a, q)) for oos, q in labelled]
    n_in, n_out = sum(not r[0] for r in rows), sum(r[0] for r in rows)
    print(f"{n_in} in-scope, {n_out} out-of-scope first turns; chosen: BM25 < {MIN_TOPIC_BM25}, "
          f"dense alone >= {MIN_DENSE_ALONE}, dense agreeing >= {MIN_DENSE_AGREEING}\n")
    print("| BM25 below | dense alone ≥ | dense agreeing ≥ | in-scope refused | out-of-scope refused |")
    print("|---|---|---|---|---|")
    for tb in (3.0, 4.0, 5.0):
        for alone, agreeing in ((9.0, 9.0), (9.0, 0.70), (9.0, 0.65), (0.85, 0.75), (0.80, 0.70), (0.80, 0.65), (0.75, 0.70), (0.75, 0.65)):
            def refused(r) -> bool:
                _, kind, bm, dn, agree = r
                if kind == "signal":
                    return True
                return bm < tb and not (dn >= alone or (agree and dn >= agreeing))
            fr = sum(refused(r) for r in rows if not r[0])
            tr = sum(refused(r) for r in rows if r[0])
            mark = " **(chosen)**" if (tb, alone, agreeing) == (MIN_TOPIC_BM25, MIN_DENSE_ALONE, MIN_DENSE_AGREEING) else ""
            shown = "—" if alone > 1 else alone
            shown_agree = "—" if agreeing > 1 else agreeing
            print(f"| {tb} | {shown} | {shown_agree} | {fr}/{n_in} | {tr}/{n_out}{mark} |")


if __name__ == "__main__":
    main()
