"""A third policy document is added as corpus/<name>.txt + corpus/<name>.yaml, with no code change.

The third document is the 2024 text under another key and 文号 (长政办规〔2025〕9号), with no calculators and one alias
it shares with the 2024 document. Every step runs as a user runs it — the command line in a fresh process pointed at
a copy of the corpus — so nothing in this test can stand in for a code change: the corpus list, the index build,
retrieval, an answer naming the new 文号, its validity, the UI's document list and header, and the scope sentence.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model]

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).with_name("policy-assistant")
NEW = "长政办规〔2025〕9号"
OLD = "长政办规〔2024〕1号"


def _third_document(corpus: Path) -> None:
    """changle-2025-9.txt/.yaml: the 2024 text and metadata under key 2025, its own 文号, names and example."""
    shutil.copy(corpus / "changle-2024-1.txt", corpus / "changle-2025-9.txt")
    meta = (corpus / "changle-2024-1.yaml").read_text(encoding="utf-8")
    for old, new in [
        ('key: "2024"', 'key: "2025"'),
        ("text_file: changle-2024-1.txt", "text_file: changle-2025-9.txt"),
        (f"wenhao: {OLD}", f"wenhao: {NEW}"),
        ("scope: 2024年一季度“开门红”“开门稳”工作方案", "scope: 2025年测试方案"),
        ("short_names: [开门红方案]", "short_names: [九号方案]"),
        ('aliases: ["2024", 长政办规, 开门红, 开门稳, 一季度工作方案, 24年, 1号文]', 'aliases: ["2025", 9号文, 开门红]'),
        ("examples: [2024年4月以后开门红方案还有效吗？]", f"examples: [{NEW}第9条是怎么规定的？]"),
    ]:
        assert old in meta, old
        meta = meta.replace(old, new)
    (corpus / "changle-2025-9.yaml").write_text(meta, encoding="utf-8")


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("third")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    _third_document(corpus)
    return {
        **os.environ,
        "POLICY_ASSISTANT_CORPUS_DIR": str(corpus),
        "POLICY_ASSISTANT_INDEX_DIR": str(base / "index"),
        # the query encoder the model itself (a setting): a fresh index dir then needs no ONNX export
        "POLICY_ASSISTANT_QUERY_ENCODER": "sentence-transformers",
    }


def run(env: dict[str, str], *args: str, stdin: str | None = None, timeout: float = 900) -> str:
    out = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, input=stdin, timeout=timeout)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def python(env: dict[str, str], code: str) -> object:
    return json.loads(run(env, sys.executable, "-c", code))


@pytest.fixture(scope="module")
def built(env) -> dict[str, str]:
    run(env, str(CLI), "index", "build")
    return env


def test_corpus_list_has_the_new_document(env):
    items = json.loads(run(env, str(CLI), "corpus", "list", "--json", "--doc", "2025"))
    assert len([i for i in items if i["id"].split("#")[1].isdigit()]) == 25
    assert next(i for i in items if i["id"] == "2025#9")["display"] == f"{NEW} 第9条"


def test_retrieval_finds_the_new_documents_clause(built):
    hits = python(built, "import json; from assistant.retrieval import Retriever; "
                         "print(json.dumps([h.citation for h in Retriever.open().search('春节期间企业用电奖励', k=3, doc='2025')]))")
    assert hits[0] == "2025#9"


def test_answers_name_the_new_document_and_its_validity(built):
    questions = [
        {"id": "clause", "question": f"{NEW}第9条是怎么规定的？", "as_of": "2024-03-10"},
        {"id": "in-force", "question": f"{NEW}现在还有效吗？", "as_of": "2024-03-10"},
        {"id": "expired", "question": f"{NEW}现在还有效吗？", "as_of": "2024-05-01"},
        {"id": "old", "question": f"{OLD}第9条是怎么规定的？", "as_of": "2024-03-10"},
        {"id": "oos", "question": "明天长乐会下雨吗？", "as_of": "2024-03-10"},
    ]
    lines = run(built, str(CLI), "ask", "--jsonl", "/dev/stdin",
                stdin="\n".join(json.dumps({**q, "history": []}, ensure_ascii=False) for q in questions))
    answers = {a["id"]: a for a in map(json.loads, lines.splitlines())}
    assert answers["clause"]["citations"][0]["id"] == "2025#9"
    assert f"{NEW} 第9条" in answers["clause"]["answer"] and OLD not in answers["clause"]["answer"]
    assert answers["in-force"]["intent"] == "validity" and answers["in-force"]["validity"][0]["doc"] == NEW
    assert answers["in-force"]["validity"][0]["in_force"] is True
    assert answers["expired"]["validity"][0]["in_force"] is False and NEW in answers["expired"]["answer"]
    assert answers["old"]["citations"][0]["id"] == "2024#9"  # the 2024 document is still itself
    assert answers["oos"]["intent"] == "out_of_scope"
    assert "三份产业扶持政策" in answers["oos"]["answer"] and f"《{NEW}》（2025年测试方案）" in answers["oos"]["answer"]


def test_ui_lists_the_new_document_and_the_shared_alias_asks(env):
    got = python(env, "import json; from assistant.web import ui; from assistant.documents import registry; "
                      "r = registry(); print(json.dumps({'choices': ui.document_choices(), 'header': ui.header_markdown(), "
                      "'examples': ui.examples(), 'shared': r.named_in('开门红方案第9条'), "
                      "'ask': r.which_one(r.named_in('开门红方案第9条')), 'scope': r.scope_sentence()}))")
    assert [NEW, "2025"] in got["choices"]
    assert f"《{NEW}》" in got["header"] and f"{NEW}第9条是怎么规定的？" in got["examples"]
    assert got["shared"] == ["2024", "2025"] and NEW in got["ask"] and OLD in got["ask"]
    assert got["scope"].startswith("我只解答福州市长乐区三份产业扶持政策的问题")
