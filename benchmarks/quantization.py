"""Would onnxruntime's dynamic int8 quantisation of the query encoder change any answer?

    .venv/bin/python benchmarks/quantization.py [--index-dir DIR]

Opens the index twice (query_quantization none / int8), asks every question of every evaluation dataset
through the whole assistant with both, and prints per dataset how many answers differ in their citations
(and in anything at all), plus the question-embedding time of each. The int8 encoder is adopted only if
no dataset's citations change (issue 14); the figures are in assistant/retrieval/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rows(path: Path) -> list[dict]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append({k: d[k] for k in ("id", "question", "history", "as_of") if d.get(k) is not None})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, help="index dir (default: the setting)")
    args = parser.parse_args(argv)
    if args.index_dir:
        os.environ["POLICY_ASSISTANT_INDEX_DIR"] = str(args.index_dir)

    from assistant.retrieval import Retriever
    from assistant.schema import AskRequest
    from assistant.service import Assistant
    from assistant.settings import Settings

    base = Settings()
    fp32 = Retriever.open(base.model_copy(update={"query_quantization": "none"}))
    int8 = Retriever.open(base.model_copy(update={"query_quantization": "int8"}))
    meta = int8._embedder.meta
    print(f"int8 export: largest cosine difference to sentence-transformers over the nodes "
          f"{meta.get('int8_max_cosine_diff', float('nan')):.2e}")
    a, b = Assistant(fp32.corpus, fp32), Assistant(int8.corpus, int8)

    any_citation_change = False
    for path in sorted((ROOT / "evals" / "datasets").glob("*.jsonl")):
        cases = rows(path)
        cited = whole = 0
        examples = []
        for row in cases:
            req = AskRequest.model_validate(row)
            x, y = a.ask(req).model_dump(mode="json"), b.ask(req).model_dump(mode="json")
            if [c["id"] for c in x["citations"]] != [c["id"] for c in y["citations"]]:
                cited += 1
                examples.append((row.get("id"), [c["id"] for c in x["citations"]], [c["id"] for c in y["citations"]]))
            if x != y:
                whole += 1
        any_citation_change |= cited > 0
        print(f"{path.name:16s} {len(cases):4d} questions: citations differ in {cited}, answers differ in {whole}")
        for ex in examples[:5]:
            print(f"    {ex[0]}: fp32 {ex[1]} vs int8 {ex[2]}")

    questions = [r["question"] for p in sorted((ROOT / "evals" / "datasets").glob("*.jsonl")) for r in rows(p)][:300]
    for name, r in (("fp32", fp32), ("int8", int8)):
        r._embedder.clear_cache()
        times = []
        for q in questions:
            t = time.perf_counter()
            r._embedder.encode_query(q)
            times.append((time.perf_counter() - t) * 1000)
        print(f"question embedding {name}: p50 {statistics.median(times):.1f} ms")
    print("verdict:", "int8 changes citations: not adopted" if any_citation_change else "int8 changes no citation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
