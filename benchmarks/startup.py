"""Start-up benchmark: what one cold question costs, with the ONNX query encoder and with sentence-transformers.

    .venv/bin/python benchmarks/startup.py [--runs 5] [--index-dir DIR] [--skip-server]

Prints, for each query encoder (``onnx``, the default, and ``sentence-transformers``) side by side with their
ratio: the wall time of a cold ``policy-assistant ask "…"`` (median of ``--runs``), its peak RSS, an
import-time breakdown of that process, the time from starting ``python app.py`` to ``/readyz`` = 200, a
106-question ``ask --jsonl`` batch (the first 106 questions of evals/datasets/holdout.jsonl) and the whole gold
set as one batch (wall and peak RSS), and the warm per-answer latency in one process. Asserts nothing; the
targets of issue 14 are printed beside the figures. Both encoders use the same index (built first if needed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).parent / "policy-assistant")
QUESTION = "春节用了九十万度电，市里奖了六万，区里配多少？"
ENCODERS = ("onnx", "sentence-transformers")
TARGETS = {"ask": "≤ 2.5 s", "ready": "≤ 3 s", "rss": "≤ 400 MB", "batch": "≤ 5 s", "warm": "p50 ≤ 30 ms"}

PHASES = r"""
import json, sys, time
t0 = time.perf_counter()
question, questions = sys.argv[1], json.loads(open(sys.argv[2], encoding="utf-8").read())
sys.argv = ["policy-assistant", "ask"]
import assistant.cli
t1 = time.perf_counter()
from assistant.schema import AskRequest
from assistant.service import Assistant
t2 = time.perf_counter()
from assistant.corpus import load_corpus
load_corpus()
t3 = time.perf_counter()
a = Assistant.open()
t4 = time.perf_counter()
a.ask(AskRequest(question=question))
t5 = time.perf_counter()
times = []
for q in questions:
    t = time.perf_counter(); a.ask(AskRequest(question=q)); times.append((time.perf_counter() - t) * 1000)
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"torch", "transformers", "sentence_transformers",
                "llama_index", "chromadb", "fastapi", "gradio", "matplotlib", "scipy", "bm25s"})
print(json.dumps({"cli_import": t1 - t0, "service_import": t2 - t1, "corpus": t3 - t2, "open": t4 - t3,
                  "first_answer": t5 - t4, "warm_ms": times, "heavy_modules": heavy}))
"""


WORK = Path(tempfile.mkdtemp(prefix="pa-startup-"))
CORPUS = WORK / "corpus"  # a private copy: an edit to corpus/ during the run must not trigger a rebuild


def env_for(encoder: str, index_dir: Path) -> dict[str, str]:
    return {**os.environ, "POLICY_ASSISTANT_QUERY_ENCODER": encoder, "GRADIO_ANALYTICS_ENABLED": "False",
            "POLICY_ASSISTANT_INDEX_DIR": str(index_dir), "POLICY_ASSISTANT_CORPUS_DIR": str(CORPUS)}


def run(cmd: list[str], env: dict[str, str], stdin_path: Path | None = None) -> tuple[float, float, str, str]:
    """Wall seconds and peak RSS (MB) of one child process (its own rusage, via wait4)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        shown = " ".join(c if len(c) < 80 else c[:40] + "…" for c in cmd[:4])
        raise SystemExit(f"{shown} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss / 1024, stdout, stderr


def import_breakdown(env: dict[str, str], top: int = 8) -> list[tuple[str, float]]:
    """Cumulative import time of the top-level packages a cold `ask` imports (python -X importtime)."""
    script = f"import sys; sys.argv = ['policy-assistant', 'ask', {QUESTION!r}]\nfrom assistant.cli import app\napp()"
    _, _, _, stderr = run([sys.executable, "-X", "importtime", "-c", script], env)
    totals: dict[str, float] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|", 2)
        if name.startswith("  ") or not cumulative.strip().isdigit():
            continue  # only imports made at top level (not nested inside another import)
        pkg = name.strip().split(".")[0]
        totals[pkg] = totals.get(pkg, 0.0) + int(cumulative) / 1e6
    return sorted(totals.items(), key=lambda kv: -kv[1])[:top]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def time_to_ready(env: dict[str, str], timeout: float = 300) -> tuple[float, float]:
    """Seconds from starting `python app.py` to /readyz = 200, and to the chat UI at / answering 200."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port), "--log-level", "warning"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ready = None
        while time.monotonic() - started < timeout:
            if proc.poll() is not None:
                raise SystemExit(f"app.py exited with {proc.returncode}")
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    ready = time.monotonic() - started
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        if ready is None:
            raise SystemExit(f"app.py not ready after {timeout:.0f} s")
        httpx.get(f"{base}/", timeout=timeout).raise_for_status()
        return ready, time.monotonic() - started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def batch_file(path: Path, limit: int | None) -> Path:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            rows.append({k: d[k] for k in ("id", "question", "history", "as_of") if d.get(k) is not None})
    rows = rows[:limit] if limit else rows
    f = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
    f.write("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    f.close()
    return Path(f.name)


def measure(encoder: str, index_dir: Path, runs: int, server: bool) -> dict:
    env = env_for(encoder, index_dir)
    out: dict = {}
    asks = [run([CLI, "ask", QUESTION, "--as-of", "2024-03-10"], env) for _ in range(runs)]
    out["ask"] = statistics.median(a[0] for a in asks)
    out["ask_all"] = [round(a[0], 2) for a in asks]
    out["ask_rss"] = max(a[1] for a in asks)
    questions = [json.loads(line)["question"] for line in
                 (ROOT / "evals/datasets/holdout.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as qf:
        json.dump(questions, qf, ensure_ascii=False)
        qf.flush()
        _, _, stdout, _ = run([sys.executable, "-c", PHASES, QUESTION, qf.name], env)
    out["phases"] = json.loads(stdout.strip().splitlines()[-1])
    out["imports"] = import_breakdown(env)
    for name, path, limit in (("batch106", ROOT / "evals/datasets/holdout.jsonl", 106),
                              ("gold", ROOT / "evals/datasets/gold.jsonl", None)):
        f = batch_file(path, limit)
        try:
            wall, rss, stdout, _ = run([CLI, "ask", "--jsonl", str(f)], env)
        finally:
            f.unlink()
        out[name], out[name + "_rss"], out[name + "_n"] = wall, rss, len(stdout.strip().splitlines())
    if server:
        out["ready"], out["ui"] = time_to_ready(env)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--index-dir", type=Path,
                        help="index dir to use (default: a fresh one, built first; the corpus is always a copy)")
    parser.add_argument("--skip-server", action="store_true", help="do not time app.py to /readyz")
    args = parser.parse_args(argv)

    print(f"load average before: {os.getloadavg()[0]:.2f} (2-core box shared with other work: figures are noisy)")
    shutil.copytree(ROOT / "corpus", CORPUS)
    index_dir = args.index_dir or WORK / "index"
    try:
        t = time.perf_counter()
        run([CLI, "index", "build"], env_for("onnx", index_dir))  # build + ONNX export once, outside the timings
        print(f"index ready in {time.perf_counter() - t:.1f} s ({index_dir})")
        results = {e: measure(e, index_dir, args.runs, not args.skip_server) for e in ENCODERS}
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    onnx, st = results["onnx"], results["sentence-transformers"]

    def row(label: str, key: str, fmt: str, target: str = "") -> None:
        a, b = onnx.get(key), st.get(key)
        if a is None or b is None:
            return
        ratio = f"{b / a:.1f}x" if a else "—"
        print(f"{label:46s} {format(a, fmt):>10s} {format(b, fmt):>12s} {ratio:>7s}   {target}")

    print()
    print(f"{'':46s} {'onnx':>10s} {'sent.-transf.':>12s} {'ratio':>7s}   target")
    row(f"cold `ask` wall, median of {args.runs} (s)", "ask", ".2f", TARGETS["ask"])
    row("cold `ask` peak RSS (MB)", "ask_rss", ".0f", TARGETS["rss"])
    row(f"`ask --jsonl`, {onnx['batch106_n']} held-out questions (s)", "batch106", ".2f", TARGETS["batch"])
    row("  its peak RSS (MB)", "batch106_rss", ".0f", TARGETS["rss"])
    row(f"`ask --jsonl`, gold set ({onnx['gold_n']} questions) (s)", "gold", ".2f")
    row("  its peak RSS (MB)", "gold_rss", ".0f", TARGETS["rss"])
    if "ready" in onnx:
        row("app.py start → /readyz 200 (s)", "ready", ".2f", TARGETS["ready"])
        row("app.py start → chat UI at / 200 (s)", "ui", ".2f")
    for label, key in (("  in-process: import CLI (s)", "cli_import"), ("  in-process: import service (s)", "service_import"),
                       ("  in-process: load corpus (s)", "corpus"), ("  in-process: Assistant.open (s)", "open"),
                       ("  in-process: first answer (s)", "first_answer")):
        a, b = onnx["phases"][key], st["phases"][key]
        print(f"{label:46s} {a:10.2f} {b:12.2f} {(b / a if a else 0):6.1f}x")
    wa, wb = statistics.median(onnx["phases"]["warm_ms"]), statistics.median(st["phases"]["warm_ms"])
    print(f"{'warm answer p50, holdout questions (ms)':46s} {wa:10.1f} {wb:12.1f} {wb / wa:6.1f}x   {TARGETS['warm']}")
    print(f"{'heavy modules imported by the question path':46s} {','.join(onnx['phases']['heavy_modules']) or 'none':>10s} "
          f"{','.join(st['phases']['heavy_modules'])}")
    print(f"\ncold ask runs (s): onnx {onnx['ask_all']}, sentence-transformers {st['ask_all']}")
    for enc in ENCODERS:
        print(f"\nimport time of a cold `ask`, top-level packages ({enc}):")
        for name, secs in results[enc]["imports"]:
            print(f"  {name:28s} {secs:6.2f} s")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
