"""Retrieval benchmark: plain llama-index dense vs BM25 vs the hybrid, per question category.

    .venv/bin/python benchmarks/retrieval.py [--gold evals/datasets/gold.jsonl] [--variants] [--index-dir DIR]

Prints one table (hit@1, recall@3, MRR, p50/p95 ms per retriever and category) plus cold start, build
time and resident memory. Not a unit test. Questions come from the evaluation dataset (read only);
``--variants`` also compares fusion rules / node layouts on our own development questions
(tests/retrieval/questions.yaml), which is where the fusion rule is chosen.

Metrics follow evals/scoring.py: hit@1 = first hit in expected_citations; recall@3 = any of the first
three in expected_citations; MRR = 1 / rank of the first expected citation among the first 10 (else 0).
Latency is per question after a warm-up, each question asked once per retriever.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CATEGORIES = ("lookup_verbatim", "lookup_colloquial", "responsible_unit")
WARMUP = ["企业贷款", "春节用电奖励有多少", "技改补助", "外贸企业出口信保", "招工补贴"]


def load_cases(path: Path) -> list[dict]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            if d.get("category") in CATEGORIES and d.get("expected_citations"):
                cases.append(d)
    return cases


def load_dev() -> list[dict]:
    import yaml

    data = yaml.safe_load((ROOT / "tests/retrieval/questions.yaml").read_text(encoding="utf-8"))
    return [{"question": d["q"], "category": "own_dev", "expected_citations": [d["expect"]]} for d in data]


def evaluate(search, cases: list[dict]) -> dict[str, dict]:
    rows: dict[str, list] = defaultdict(list)
    lat: dict[str, list] = defaultdict(list)
    misses: list[tuple] = []
    for case in cases:
        t = time.perf_counter()
        got = search(case["question"])
        ms = (time.perf_counter() - t) * 1000
        expected = set(case["expected_citations"])
        rr = next((1.0 / i for i, c in enumerate(got[:10], 1) if c in expected), 0.0)
        row = (1.0 if got[:1] and got[0] in expected else 0.0, 1.0 if expected & set(got[:3]) else 0.0, rr)
        for cat in (case["category"], "all"):
            rows[cat].append(row)
            lat[cat].append(ms)
        if not row[0]:
            misses.append((case["category"], case["question"], case["expected_citations"][0], got[:3]))
    out = {}
    for cat, rs in rows.items():
        ls = sorted(lat[cat])
        out[cat] = {
            "n": len(rs),
            "hit@1": statistics.mean(r[0] for r in rs),
            "recall@3": statistics.mean(r[1] for r in rs),
            "mrr": statistics.mean(r[2] for r in rs),
            "p50": statistics.median(ls),
            "p95": ls[min(len(ls) - 1, int(round(0.95 * (len(ls) - 1))))],
        }
    out["_misses"] = misses
    return out


def plain_llamaindex(retriever):
    """(a) plain llama-index VectorStoreIndex over clause title+text (no enrichment), same model object."""
    from llama_index.core import VectorStoreIndex
    from llama_index.core.schema import TextNode

    nodes = []
    for cid, item in retriever.corpus.items.items():
        title = getattr(item, "title", None) or ""
        nodes.append(TextNode(id_=cid, text=f"{title}\n{item.text}".strip(), metadata={"citation": cid}))
    t = time.perf_counter()
    index = VectorStoreIndex(nodes, embed_model=retriever.embed_model, show_progress=False)
    build_s = time.perf_counter() - t
    li = index.as_retriever(similarity_top_k=10)

    def search(q: str) -> list[str]:
        return [n.node.metadata["citation"] for n in li.retrieve(q)]

    return search, build_s


def ours(retriever, mode: str):
    retriever._embedder.clear_cache()  # every retriever/variant embeds each question afresh (honest latency)

    def search(q: str) -> list[str]:
        return [h.citation for h in retriever.search(q, k=10, mode=mode)]

    return search


def cold_start(env: dict) -> dict:
    """Fresh interpreter: import time, Retriever.open on the persisted index, first query, RSS."""
    code = r"""
import json, time, resource
t0 = time.perf_counter()
from assistant.retrieval import Retriever  # the question path: no torch, sentence-transformers or chromadb
t1 = time.perf_counter()
r = Retriever.open()
t2 = time.perf_counter()
r.search("春节期间用电奖励")
t3 = time.perf_counter()
for q in ["技改补助区里配套多少", "出口信保", "招工补贴", "首台套", "融资担保费"] * 4:
    r.search(q)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"import_s": t1 - t0, "open_s": t2 - t1, "first_query_s": t3 - t2, "built": r.built,
                  "max_rss_mb": rss}))
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        return {"error": out.stderr[-2000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def build_time(env: dict) -> dict:
    code = r"""
import json, time
from assistant.retrieval import Retriever
t = time.perf_counter()
r = Retriever.open(rebuild=True)
print(json.dumps({"build_s": r.manifest["build_seconds"], "open_incl_build_s": time.perf_counter() - t,
                  "n_nodes": r.manifest["n_nodes"]}))
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        return {"error": out.stderr[-2000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def fmt_table(results: dict[str, dict], categories: list[str]) -> str:
    head = f"| {'retriever':<34} | {'category':<18} | {'n':>3} | hit@1 | recall@3 |  MRR  | p50 ms | p95 ms |"
    sep = "|" + "-" * 36 + "|" + "-" * 20 + "|-----|-------|----------|-------|--------|--------|"
    lines = [head, sep]
    for name, res in results.items():
        for cat in categories:
            m = res.get(cat)
            if not m:
                continue
            lines.append(
                f"| {name:<34} | {cat:<18} | {m['n']:>3} | {m['hit@1']:.3f} | {m['recall@3']:>8.3f} | {m['mrr']:.3f} "
                f"| {m['p50']:>6.1f} | {m['p95']:>6.1f} |"
            )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, default=ROOT / "evals/datasets/gold.jsonl")
    ap.add_argument("--index-dir", type=Path, default=None, help="default: a temporary directory")
    ap.add_argument("--variants", action="store_true", help="also compare fusion rules and node layouts")
    ap.add_argument("--misses", action="store_true", help="list the hybrid's hit@1 misses")
    ap.add_argument("--split", action="store_true", help="with --variants: also build the split layout (slow)")
    ap.add_argument("--no-subprocess", action="store_true", help="skip cold-start/build measurements")
    args = ap.parse_args()

    from assistant.retrieval import Retriever
    from assistant.settings import get_settings

    index_dir = args.index_dir or Path(tempfile.mkdtemp(prefix="bench-index-"))
    settings = get_settings().model_copy(update={"index_dir": index_dir})
    env = {**os.environ, "POLICY_ASSISTANT_INDEX_DIR": str(index_dir)}

    extra: dict = {}
    if not args.no_subprocess:
        extra["build"] = build_time(env)
        extra["cold"] = cold_start(env)
    retriever = Retriever.open(settings)
    cases = load_cases(args.gold) if args.gold.exists() else []
    dev = load_dev()
    if not cases:
        print(f"(no clause-lookup questions in {args.gold}; using own dev questions only)")

    for q in WARMUP:
        for mode in ("hybrid", "dense", "bm25"):
            retriever.search(q, mode=mode)

    plain, plain_build = plain_llamaindex(retriever)
    for q in WARMUP:
        plain(q)
    systems = {
        "(a) llama-index VectorStoreIndex": plain,
        "(b) BM25 (jieba+enrichment+lexicon)": ours(retriever, "bm25"),
        "    dense (enriched nodes, Chroma)": ours(retriever, "dense"),
        "(c) hybrid": ours(retriever, "hybrid"),
    }
    results = {}
    for name, fn in systems.items():
        retriever._embedder.clear_cache()
        results[name] = evaluate(fn, cases)
        results[name]["own_dev"] = evaluate(fn, dev)["own_dev"]
        if not cases:
            results[name]["all"] = results[name]["own_dev"]
    cats = [c for c in CATEGORIES if any(k["category"] == c for k in cases)] + ["all", "own_dev"]
    print(f"\nRetrieval benchmark — {len(cases)} evaluation questions ({args.gold.name}, categories "
          f"{', '.join(CATEGORIES)}) + {len(dev)} own dev questions; model {settings.embedding_model}\n")
    print(fmt_table(results, cats))

    if args.variants:
        print("\nVariants (design choices; 'own_dev' is where choices are made, the rest is shown for honesty):")
        from assistant.retrieval.bm25 import EXPANSION_WEIGHT
        from assistant.retrieval.fusion import DOMINANCE_RATIO

        variant_results = {}
        both = cases + dev
        retriever.fusion = "rrf"
        variant_results["hybrid, plain RRF"] = evaluate(ours(retriever, "hybrid"), both)
        retriever.fusion = "rrf+dominance"
        for ratio in (1.2, 2.0):
            retriever.dominance_ratio = ratio
            variant_results[f"hybrid, dominance ratio {ratio}"] = evaluate(ours(retriever, "hybrid"), both)
        retriever.dominance_ratio = DOMINANCE_RATIO
        for w in (0.0, 0.5):
            retriever.expansion_weight = w
            variant_results[f"bm25, expansion weight {w}"] = evaluate(ours(retriever, "bm25"), both)
            variant_results[f"hybrid, expansion weight {w}"] = evaluate(ours(retriever, "hybrid"), both)
        retriever.expansion_weight = EXPANSION_WEIGHT
        retriever.expand_dense = True
        variant_results["dense, lexicon-expanded query"] = evaluate(ours(retriever, "dense"), both)
        retriever.expand_dense = False
        int8 = Retriever.open(settings.model_copy(update={"query_quantization": "int8"}))
        variant_results["dense, ONNX int8 query encoder"] = evaluate(ours(int8, "dense"), both)
        variant_results["hybrid, ONNX int8 query encoder"] = evaluate(ours(int8, "hybrid"), both)
        st = Retriever.open(settings.model_copy(update={"query_encoder": "sentence-transformers"}))
        variant_results["dense, sentence-transformers query encoder"] = evaluate(ours(st, "dense"), both)
        variant_results["hybrid, sentence-transformers query encoder"] = evaluate(ours(st, "hybrid"), both)
        retriever.dense_backend = "chroma"
        variant_results["dense via ChromaVectorStore query"] = evaluate(ours(retriever, "dense"), both)
        variant_results["hybrid via ChromaVectorStore query"] = evaluate(ours(retriever, "hybrid"), both)
        retriever.dense_backend = "memory"
        if args.split:
            split = Retriever.open(settings.model_copy(update={"index_dir": Path(str(index_dir) + "-split")}),
                                   layout="split")
            print(f"(split layout: {split.manifest['n_nodes']} nodes, built in {split.manifest['build_seconds']} s)")
            for mode in ("bm25", "dense", "hybrid"):
                variant_results[f"split layout, {mode}"] = evaluate(ours(split, mode), both)
        print(fmt_table(variant_results, cats))

    if args.misses:
        print("\nHybrid hit@1 misses (category, question, expected, got top 3):")
        for m in results["(c) hybrid"]["_misses"]:
            print("  ", m)

    print()
    print(f"plain llama-index in-memory index build: {plain_build:.1f} s")
    b = extra.get("build", {})
    c = extra.get("cold", {})
    if b:
        print(f"index build (fresh process, both documents, {b.get('n_nodes')} nodes): "
              f"{b.get('build_s', float('nan')):.1f} s embedding+Chroma; {b.get('open_incl_build_s', float('nan')):.1f} s "
              f"incl. corpus + model load" if "error" not in b else f"build failed: {b['error']}")
    if c:
        if "error" in c:
            print(f"cold start failed: {c['error']}")
        else:
            print(f"cold start (fresh process): imports {c['import_s']:.1f} s + Retriever.open {c['open_s']:.1f} s "
                  f"(corpus, vector snapshot, jieba cache, BM25 matrix, ONNX query encoder) + first query "
                  f"{c['first_query_s'] * 1000:.0f} ms = "
                  f"{c['import_s'] + c['open_s'] + c['first_query_s']:.1f} s; max RSS {c['max_rss_mb']:.0f} MB")
    import resource

    print(f"benchmark process max RSS (two models' worth of indexes): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    try:
        print(f"load average during the run: {os.getloadavg()}")
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
