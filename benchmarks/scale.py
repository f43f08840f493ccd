"""How index build, disk, memory and retrieval latency grow with the corpus: 2, 20 and 200 documents.

    .venv/bin/python benchmarks/scale.py [--sizes 2,20,200] [--questions 40]

The corpus of N documents is the two real documents plus re-issues of them under other keys and 文号 (as
``tests/test_third_document.py`` adds a third one: same text, new key, 文号, names and scope, no calculators), so
only the size changes, never the kind of text. Each size runs in a fresh process (so its RSS is its own) on a
private corpus copy and index dir, with the sentence-transformers query encoder (a fresh index dir then needs no
ONNX export; question embedding costs the same at every size and is reported once, apart).

Build time: the re-issued documents repeat the same clause texts, so the build embeds each distinct text once
and reuses its vector for the copies (the vectors are the ones the model gives that text: the index is exactly
what a full build makes). The printed ``build s`` is that build; ``full embed s (est.)`` is what embedding every
node would add, from the embedding rate measured in the same process — the real cost of a corpus of N *different*
documents.

Latency per question after warm-up (40 evaluation lookup questions, read only), p50 in ms:
- ``bm25``: the BM25 scores over every node;
- ``dense matrix``: ``Retriever.dense_scores`` with the in-memory matrix (exact cosine, numpy), query vector cached;
- ``dense chroma``: the same call with ``dense_backend="chroma"`` (llama-index → the build's embedded Chroma
  collection, HNSW), query vector cached;
- ``hybrid``: ``Retriever.search`` with the default (matrix) backend.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASES = ("changle-2022-51", "changle-2024-1")


def reissue(corpus: Path, base: str, i: int) -> None:
    """``corpus/<base>-r<i>.txt/.yaml``: the base document under key ``r<i>`` with its own 文号 and names."""
    import yaml

    name = f"{base}-r{i:03d}"
    shutil.copy(corpus / f"{base}.txt", corpus / f"{name}.txt")
    text = (corpus / f"{base}.yaml").read_text(encoding="utf-8")
    meta = yaml.safe_load(text)
    prefix = meta["wenhao"].split("〔")[0]
    replace = {
        "key": f"r{i:03d}",
        "text_file": f"{name}.txt",
        "wenhao": f"{prefix}〔2030〕{i}号",
        "scope": f"测试重发文件{i}",
        "short_names": [f"测试{i}号方案"],
        "aliases": [],
        "examples": [f"{prefix}〔2030〕{i}号第2条是怎么规定的？"],
    }
    lines = []
    for line in text.splitlines():
        field = line.split(":", 1)[0]
        if field in replace and not line.startswith((" ", "-", "#")):
            lines.append(f"{field}: {json.dumps(replace[field], ensure_ascii=False)}")
        else:
            lines.append(line)
    (corpus / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_corpus(target: Path, n_docs: int) -> None:
    shutil.copytree(ROOT / "corpus", target)
    for i in range(n_docs - len(BASES)):
        reissue(target, BASES[i % len(BASES)], i + 1)


def questions(limit: int) -> list[str]:
    out = []
    for line in (ROOT / "evals/datasets/gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            if d.get("category", "").startswith("lookup") and d.get("expected_citations"):
                out.append(d["question"])
    return out[:limit]


def p50_ms(fn, qs: list[str], repeats: int = 3) -> float:
    for q in qs[:5]:
        fn(q)
    samples = []
    for _ in range(repeats):
        for q in qs:
            t = time.perf_counter()
            fn(q)
            samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def one_size(n_docs: int, n_questions: int) -> dict:
    """Build and measure one corpus size in this process; returns the row."""
    from assistant.retrieval import index as lifecycle
    from assistant.settings import Settings

    work = Path(tempfile.mkdtemp(prefix=f"pa-scale-{n_docs}-"))
    try:
        make_corpus(work / "corpus", n_docs)
        settings = Settings(corpus_dir=work / "corpus", index_dir=work / "index", query_encoder="sentence-transformers")

        original = lifecycle.embed_texts
        embedded = {"distinct": 0, "seconds": 0.0}

        def embed_distinct(embedder, texts, progress=None, batch=16):
            distinct = list(dict.fromkeys(texts))
            t = time.perf_counter()
            vectors = dict(zip(distinct, original(embedder, distinct, progress, batch)))
            embedded.update(distinct=len(distinct), seconds=time.perf_counter() - t)
            return [vectors[x] for x in texts]

        lifecycle.embed_texts = embed_distinct
        from assistant.retrieval import Retriever

        started = time.perf_counter()
        r = Retriever.open(settings)
        open_total = time.perf_counter() - started
        lifecycle.embed_texts = original
        n_nodes = r.manifest["n_nodes"]
        rate = embedded["distinct"] / embedded["seconds"] if embedded["seconds"] else float("nan")

        qs = questions(n_questions)
        for q in qs:  # query vectors computed once (and cached): the dense columns time the search itself
            r.dense_scores(q)
        encode = p50_ms(lambda q: r._embedder.encode([q]), qs[:10], repeats=1)
        bm25 = p50_ms(r.bm25_scores, qs)
        matrix = p50_ms(r.dense_scores, qs)
        hybrid = p50_ms(lambda q: r.search(q, k=5), qs)
        r.dense_backend = "chroma"
        chroma = p50_ms(r.dense_scores, qs)
        r.dense_backend = "memory"
        return {
            "docs": n_docs, "items": r.manifest["n_items"], "nodes": n_nodes,
            "build_s": r.manifest["build_seconds"], "open_s": round(open_total, 1),
            "full_embed_s_est": round(n_nodes / rate, 0), "embed_rate": round(rate, 1),
            "index_mb": round(dir_mb(Path(r.manifest["_dir"])), 1), "rss_mb": round(rss_mb(), 0),
            "encode_ms": round(encode, 1), "bm25_ms": round(bm25, 2), "matrix_ms": round(matrix, 2),
            "chroma_ms": round(chroma, 2), "hybrid_ms": round(hybrid, 2),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2,20,200")
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child: measure one size, print JSON
    args = parser.parse_args()
    if args.one:
        print("ROW " + json.dumps(one_size(args.one, args.questions)), flush=True)
        return
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--questions", str(args.questions)],
                             capture_output=True, text=True, env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
        row = next((json.loads(line[4:]) for line in out.stdout.splitlines() if line.startswith("ROW ")), None)
        if row is None:
            sys.exit(f"size {n} failed:\n{out.stderr[-3000:]}")
        rows.append(row)
        print(f"measured {n} documents", file=sys.stderr, flush=True)
    print("| documents | clauses | nodes | build s | full embed s (est.) | index MB | RSS MB | BM25 p50 ms "
          "| dense matrix p50 ms | dense Chroma p50 ms | hybrid p50 ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['docs']} | {r['items']} | {r['nodes']} | {r['build_s']} | {r['full_embed_s_est']:.0f} "
              f"| {r['index_mb']} | {r['rss_mb']:.0f} | {r['bm25_ms']} | {r['matrix_ms']} | {r['chroma_ms']} "
              f"| {r['hybrid_ms']} |")
    print(f"\nquestion embedding (every size, not in the dense columns): p50 "
          f"{statistics.median(r['encode_ms'] for r in rows)} ms; embedding rate at build "
          f"{statistics.median(r['embed_rate'] for r in rows)} texts/s")
    print("JSON " + json.dumps(rows))


if __name__ == "__main__":
    main()
