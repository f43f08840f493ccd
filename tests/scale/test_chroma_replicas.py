"""Two ``app.py`` replicas on one Chroma server (``chroma run`` on a free loopback port) and one redis-server, as
the README's several-replicas deployment: the index is built into the server (``POLICY_ASSISTANT_CHROMA_HOST`` /
``_CHROMA_PORT``: the build writes its collection there and keeps no vectors of its own), both replicas read the
vectors from it, answer a question with the same cited answer, and a session started on one continues on the
other with its facts. Replica A answers in-process, B through its pool of two workers (each worker reads the
vectors from the server). Vectors are read at start-up and at an index switch, so replicas keep answering while
the Chroma server is down."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from replica_support import READY_TIMEOUT, running_replicas

pytestmark = [pytest.mark.model, pytest.mark.server]

BIN = Path(sys.executable).parent
AS_OF = "2024-03-10"
QUESTIONS = ["春节期间用电九十万度的规上企业，区里配套奖励是哪一条规定的？", "二季度增产增效奖励找哪个部门？",
             "节能改造年节能量600吨标准煤补多少？"]


@pytest.fixture(scope="module")
def server_index(chroma_server, tmp_path_factory, seed_index) -> Path:
    """An index directory whose build keeps its vectors in the Chroma server (built by ``policy-assistant index
    build`` with the server's settings; the run's ONNX export is copied first so the build only checks it)."""
    target = tmp_path_factory.mktemp("chroma-index") / "index"
    target.mkdir()
    if (seed_index / "onnx").is_dir():
        shutil.copytree(seed_index / "onnx", target / "onnx")
    env = {**os.environ, "POLICY_ASSISTANT_INDEX_DIR": str(target), **chroma_server.env()}
    subprocess.run([str(BIN / "policy-assistant"), "index", "build"], env=env, check=True, timeout=READY_TIMEOUT,
                   stdout=subprocess.DEVNULL)
    return target


@pytest.fixture(scope="module")
def replicas(redis_server, chroma_server, server_index, tmp_path_factory):
    common = {"POLICY_ASSISTANT_INDEX_DIR": str(server_index), "POLICY_ASSISTANT_SESSION_STORE": redis_server.url,
              **chroma_server.env()}
    envs = {name: {**common, "POLICY_ASSISTANT_ANSWER_WORKERS": workers} for name, workers in (("a", "1"), ("b", "2"))}
    with running_replicas(envs, tmp_path_factory.mktemp("chroma-replica-logs")) as bases:
        yield bases


def test_the_build_keeps_its_vectors_in_the_server(server_index, chroma_server):
    build = (server_index / "current").resolve()
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["chroma"] == f"http://127.0.0.1:{chroma_server.port}"
    assert not (build / "chroma").exists() and not (build / "vectors.npz").exists()  # nothing local to read
    collection = chroma_server.client().get_collection(manifest["collection"])
    assert collection.count() == manifest["n_nodes"] > 0


def test_both_replicas_give_the_same_cited_answer(replicas, server_index):
    a, b = replicas
    build = os.path.basename(os.readlink(server_index / "current"))
    manifest = json.loads((server_index / "current" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["chroma"].startswith("http://127.0.0.1:")  # the replicas did not rebuild into an embedded store
    for base in (a, b):
        assert httpx.get(f"{base}/readyz", timeout=10).json()["build"] == build
    for q in QUESTIONS:
        answers = [httpx.post(f"{base}/v1/ask", json={"question": q, "as_of": AS_OF}, timeout=60) for base in (a, b)]
        assert all(r.status_code == 200 for r in answers), [r.text[:300] for r in answers]
        first, second = (r.json() for r in answers)
        assert first["citations"], first
        assert first == second
    spring = httpx.post(f"{a}/v1/ask", json={"question": QUESTIONS[0], "as_of": AS_OF}, timeout=60).json()
    assert spring["citations"][0]["id"] == "2024#9"


def test_a_session_continues_across_replicas_on_the_chroma_server(replicas):
    a, b = replicas
    first = httpx.post(f"{b}/v1/chat", json={"message": "我们是规上工业企业，问一下春节期间用电的奖励", "as_of": AS_OF},
                       timeout=60)
    assert first.status_code == 200, first.text
    sid = first.json()["session_id"]
    second = httpx.post(f"{a}/v1/chat", json={"session_id": sid, "message": "二月用了九十万度电，市里奖了六万，区里配多少？",
                                              "as_of": AS_OF}, timeout=60)
    assert second.status_code == 200, second.text
    body = second.json()
    assert body["turn"] == 2
    calc = body["response"]["calculation"]
    assert calc["eligible"] is True and calc["amount_yuan"] == 30000  # 规上 came from the turn answered by B


def test_replicas_keep_answering_while_the_chroma_server_is_down(replicas, chroma_server):
    a, b = replicas
    chroma_server.stop()
    try:
        for base in (a, b):
            r = httpx.post(f"{base}/v1/ask", json={"question": QUESTIONS[1], "as_of": AS_OF}, timeout=60)
            assert r.status_code == 200 and r.json()["citations"], r.text[:300]
            assert httpx.get(f"{base}/readyz", timeout=10).status_code == 200
    finally:
        chroma_server.start()
