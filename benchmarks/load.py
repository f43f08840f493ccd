"""Load benchmark: `python app.py` on 127.0.0.1 (tmp index), locust headless, 20 users for 30 s on POST /v1/ask.

Every request asks a question no earlier request asked (see locustfile.py), so caches do not flatter the figures;
the server answers on a pool of worker processes (``POLICY_ASSISTANT_ANSWER_WORKERS``, default one per core).

Prints throughput, p50/p95 latency and the error count; exits 1 if any request failed. Loopback only; every
step is bounded (server readiness, warm-up, the locust run).

    .venv/bin/python benchmarks/load.py [--users 20] [--seconds 30] [--index-dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
READY_TIMEOUT = 900  # a fresh index is built with the embedding model first


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(base: str, proc: subprocess.Popen, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode} before it was ready")
        try:
            r = httpx.get(f"{base}/readyz", timeout=5)
            if r.status_code == 200:
                return time.monotonic() - started
            if r.json().get("status") == "failed":
                raise SystemExit(f"assistant failed to load: {r.text}")
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"server not ready after {timeout:.0f}s")


def run_locust(base: str, users: int, seconds: int, prefix: Path) -> dict[str, str]:
    cmd = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "-u", str(users),
           "-r", str(users), "-t", f"{seconds}s", "--host", base, "--csv", str(prefix), "--only-summary",
           "--stop-timeout", "10", "--loglevel", "WARNING"]
    subprocess.run(cmd, check=False, timeout=seconds + 120, cwd=ROOT,
                   env={**os.environ, "LOCUST_SKIP_MONKEY_PATCH_WARNING": "1"})
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    return rows["Aggregated"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--index-dir", type=Path, help="reuse an index dir (default: a fresh tmp dir)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="pa-load-"))
    index_dir = args.index_dir or work / "index"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "POLICY_ASSISTANT_INDEX_DIR": str(index_dir), "GRADIO_ANALYTICS_ENABLED": "False"}
    log = open(work / "server.log", "w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port), "--log-level", "warning"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        print(f"server on {base} (index {index_dir}); waiting for /readyz …", flush=True)
        print(f"ready after {wait_ready(base, proc, READY_TIMEOUT):.1f}s", flush=True)
        for q in ("春节用了九十万度电，市里奖了六万，区里配多少？", "新招工人有补贴吗？", "明天会下雨吗？"):
            httpx.post(f"{base}/v1/ask", json={"question": q}, timeout=60).raise_for_status()  # warm-up
        print(f"locust: {args.users} users, {args.seconds}s, POST /v1/ask …", flush=True)
        agg = run_locust(base, args.users, args.seconds, work / "locust")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    requests, failures = int(agg["Request Count"]), int(agg["Failure Count"])
    print()
    print(f"requests      {requests}")
    print(f"throughput    {float(agg['Requests/s']):.1f} req/s")
    print(f"latency p50   {float(agg['50%']):.0f} ms")
    print(f"latency p95   {float(agg['95%']):.0f} ms")
    print(f"latency max   {float(agg['Max Response Time']):.0f} ms")
    print(f"errors        {failures}")
    if args.index_dir is None:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"(server log and locust CSVs in {work})")
    return 1 if failures or requests == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
