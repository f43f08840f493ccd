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
- ``bm25``: the BM25 score array over every node, best node per citation (what ``search`` ranks);
- ``dense matrix``: the in-memory matrix's cosine array, best node per citation (exact, numpy; what ``search``
  ranks with the default backend), query vector cached;
- ``dense chroma``: ``Retriever.dense_scores`` with ``dense_backend="chroma"`` (llama-index → the build's embedded
  Chroma collection, HNSW, 64 nearest nodes), query vector cached;
- ``hybrid``: ``Retriever.search(k=5)`` with the default (matrix) backend, and ``hybrid chroma`` with
  ``dense_backend="chroma"`` — the whole retrieval a question costs apart from embedding it.

The table is printed as Markdown (for the README) and drawn as a small SVG chart (``--svg``, default
``docs/scale.svg``: build time, memory and p50 against the number of documents), written as plain SVG text so
the benchmark needs nothing beyond the project's own dependencies.
"""

from __future__ import annotations

import argparse
import json
import math
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
    import numpy as np

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
        every_node = np.ones(n_nodes, dtype=bool)
        bm25 = p50_ms(lambda q: r._bm25.scores(q, r._expander.terms(q), r.expansion_weight), qs)
        matrix = p50_ms(lambda q: r._dense_array(q, every_node), qs)
        hybrid = p50_ms(lambda q: r.search(q, k=5), qs)
        r.dense_backend = "chroma"
        chroma = p50_ms(r.dense_scores, qs)
        hybrid_chroma = p50_ms(lambda q: r.search(q, k=5), qs)
        r.dense_backend = "memory"
        return {
            "docs": n_docs, "items": r.manifest["n_items"], "nodes": n_nodes,
            "build_s": r.manifest["build_seconds"], "open_s": round(open_total, 1),
            "full_embed_s_est": round(n_nodes / rate, 0), "embed_rate": round(rate, 1),
            "index_mb": round(dir_mb(Path(r.manifest["_dir"])), 1), "rss_mb": round(rss_mb(), 0),
            "encode_ms": round(encode, 1), "bm25_ms": round(bm25, 2), "matrix_ms": round(matrix, 2),
            "chroma_ms": round(chroma, 2), "hybrid_ms": round(hybrid, 2), "hybrid_chroma_ms": round(hybrid_chroma, 2),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------- chart
PANEL_W, PANEL_H, PAD_L, PAD_R, PAD_T, PAD_B = 300, 250, 52, 14, 34, 58
COLOURS = ("#1f77b4", "#ff7f0e", "#d62728", "#2ca02c", "#9467bd")


def _nice_ceiling(v: float) -> float:
    """The smallest 1, 2 or 5 x 10^n at or above ``v`` (a readable top for a linear axis)."""
    if v <= 0:
        return 1.0
    e = 10 ** math.floor(math.log10(v))
    return next(m * e for m in (1, 2, 5, 10) if m * e >= v)


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 else f"{v:.3g}"


def _panel(x0: float, title: str, rows: list[dict], series: list[tuple[str, str]], unit: str, log_y: bool = False,
           target: float | None = None) -> list[str]:
    """One chart panel: ``series`` = (row key, label) drawn against documents on a log axis."""
    w, h = PANEL_W - PAD_L - PAD_R, PANEL_H - PAD_T - PAD_B
    docs = [r["docs"] for r in rows]
    lo_x, hi_x = math.log10(min(docs)), math.log10(max(docs))
    values = [r[k] for r in rows for k, _ in series if r.get(k) is not None]
    if target is not None:
        values.append(target)
    if log_y:
        lo_y = 10 ** math.floor(math.log10(max(min(v for v in values if v > 0), 1e-3)))
        hi_y = 10 ** math.ceil(math.log10(max(values)))
        ticks = [10 ** e for e in range(round(math.log10(lo_y)), round(math.log10(hi_y)) + 1)]

        def y(v: float) -> float:
            return PAD_T + h - h * (math.log10(max(v, lo_y)) - math.log10(lo_y)) / (math.log10(hi_y) - math.log10(lo_y))
    else:
        hi_y = _nice_ceiling(max(values) * 1.05)
        ticks = [hi_y * i / 4 for i in range(5)]

        def y(v: float) -> float:
            return PAD_T + h - h * v / hi_y

    def x(d: float) -> float:
        return x0 + PAD_L + (w * (math.log10(d) - lo_x) / (hi_x - lo_x) if hi_x > lo_x else w / 2)

    out = [f'<text x="{x0 + PAD_L}" y="18" font-weight="bold">{title}</text>',
           f'<line x1="{x0 + PAD_L}" y1="{PAD_T + h}" x2="{x0 + PAD_L + w}" y2="{PAD_T + h}" stroke="#444"/>',
           f'<line x1="{x0 + PAD_L}" y1="{PAD_T}" x2="{x0 + PAD_L}" y2="{PAD_T + h}" stroke="#444"/>']
    for t in ticks:
        out.append(f'<line x1="{x0 + PAD_L}" y1="{y(t):.1f}" x2="{x0 + PAD_L + w}" y2="{y(t):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 + PAD_L - 4}" y="{y(t) + 4:.1f}" text-anchor="end">{_fmt(t)}</text>')
    for d in docs:
        out.append(f'<text x="{x(d):.1f}" y="{PAD_T + h + 16}" text-anchor="middle">{d}</text>')
    out.append(f'<text x="{x0 + PAD_L + w / 2}" y="{PAD_T + h + 32}" text-anchor="middle">documents (log scale)</text>')
    out.append(f'<text x="{x0 + 12}" y="{PAD_T + h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 {x0 + 12} {PAD_T + h / 2})">{unit}</text>')
    if target is not None:
        out.append(f'<line x1="{x0 + PAD_L}" y1="{y(target):.1f}" x2="{x0 + PAD_L + w}" y2="{y(target):.1f}" '
                   f'stroke="#000" stroke-dasharray="4 3"/>')
        out.append(f'<text x="{x0 + PAD_L + 4}" y="{y(target) - 4:.1f}">target {_fmt(target)} {unit}</text>')
    for n, (key, label) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        pts = [(x(r["docs"]), y(r[key]), r[key]) for r in rows if r.get(key) is not None]
        if not pts:  # rows saved before this column existed
            continue
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                   f'points="{" ".join(f"{px:.1f},{py:.1f}" for px, py, _ in pts)}"/>')
        for px, py, v in pts:
            out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"><title>{label}: {_fmt(v)} {unit}'
                       f'</title></circle>')
        last = max((r for r in rows if r.get(key) is not None), key=lambda r: r["docs"])
        out.append(f'<text x="{x0 + PAD_L - 30}" y="{PAD_T + h + 48 + 13 * n}" '
                   f'fill="{colour}">— {label}: {_fmt(last[key])} at {last["docs"]}</text>')
    return out


def svg_chart(rows: list[dict]) -> str:
    """Build time, memory and search p50 against the number of documents, as a standalone SVG document."""
    parts = [
        _panel(0, "Index build", rows, [("build_s", "build (distinct texts)"), ("full_embed_s_est", "all texts (est.)")],
               "seconds"),
        _panel(PANEL_W, "Memory and disk", rows, [("rss_mb", "process RSS"), ("index_mb", "index on disk")], "MB"),
        _panel(2 * PANEL_W, "Search p50", rows, [("hybrid_ms", "hybrid (matrix)"), ("hybrid_chroma_ms", "hybrid (Chroma)"),
                                                ("matrix_ms", "dense matrix"), ("chroma_ms", "dense Chroma"),
                                                ("bm25_ms", "BM25")], "ms",
               log_y=True, target=30.0),
    ]
    height = PANEL_H + 13 * 4 + 4  # five legend lines under the last panel
    body = "\n".join(line for panel in parts for line in panel)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{3 * PANEL_W}" height="{height}" '
            f'viewBox="0 0 {3 * PANEL_W} {height}" font-family="sans-serif" font-size="11">\n'
            f'<rect width="100%" height="100%" fill="#fff"/>\n{body}\n</svg>\n')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2,20,200")
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--svg", type=Path, default=ROOT / "docs" / "scale.svg", help="chart output ('' for none)")
    parser.add_argument("--rows", type=Path, help="draw the chart and print the table from saved JSON rows")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child: measure one size, print JSON
    args = parser.parse_args()
    if args.one:
        print("ROW " + json.dumps(one_size(args.one, args.questions)), flush=True)
        return
    rows = json.loads(args.rows.read_text()) if args.rows else []
    for n in ([] if args.rows else (int(s) for s in args.sizes.split(","))):
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--questions", str(args.questions)],
                             capture_output=True, text=True, env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
        row = next((json.loads(line[4:]) for line in out.stdout.splitlines() if line.startswith("ROW ")), None)
        if row is None:
            sys.exit(f"size {n} failed:\n{out.stderr[-3000:]}")
        rows.append(row)
        print(f"measured {n} documents", file=sys.stderr, flush=True)
    print("| documents | clauses | nodes | build s | full embed s (est.) | index MB | RSS MB | BM25 p50 ms "
          "| dense matrix p50 ms | dense Chroma p50 ms | hybrid p50 ms | hybrid (Chroma) p50 ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['docs']} | {r['items']} | {r['nodes']} | {r['build_s']} | {r['full_embed_s_est']:.0f} "
              f"| {r['index_mb']} | {r['rss_mb']:.0f} | {r['bm25_ms']} | {r['matrix_ms']} | {r['chroma_ms']} "
              f"| {r['hybrid_ms']} | {r.get('hybrid_chroma_ms', '–')} |")
    print(f"\nquestion embedding (every size, not in the dense columns): p50 "
          f"{statistics.median(r['encode_ms'] for r in rows)} ms; embedding rate at build "
          f"{statistics.median(r['embed_rate'] for r in rows)} texts/s")
    print("JSON " + json.dumps(rows))
    if str(args.svg) not in ("", "."):
        args.svg.parent.mkdir(parents=True, exist_ok=True)
        args.svg.write_text(svg_chart(rows), encoding="utf-8")
        print(f"wrote {args.svg}", file=sys.stderr)


if __name__ == "__main__":
    main()
