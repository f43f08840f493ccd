"""The document registry (corpus/<name>.yaml) is the only place a document is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import router
from assistant.documents import Registry, registry
from assistant.models import DocumentMeta

ROOT = Path(__file__).resolve().parents[1]
#: Python files outside tests that still name a document, each with who must change it (the test fails when the list
#: is out of date, in either direction).
KNOWN: dict[str, str] = {}


def _meta(key: str, wenhao: str, **kw) -> DocumentMeta:
    base = {"key": key, "text_file": f"{key}.txt", "wenhao": wenhao, "title": f"{key}方案", "issuers": ["区政府"],
            "issued": "2024-01-01", "effective_from": "2024-01-01", "expires": "2024-12-31"}
    return DocumentMeta.model_validate({**base, **kw})


def names_of_documents() -> set[str]:
    words: set[str] = set()
    for m in registry().documents.values():
        words |= {m.wenhao, m.wenhao.split("〔")[0] + "〔", m.title, *m.short_names}
        if m.scope:
            words.add(m.scope)
    return words


def test_no_document_is_named_in_python_code_outside_tests():
    words = names_of_documents()
    found: dict[str, list[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in ("tests", ".venv", "build") or any(p.startswith(".") for p in rel.parts):
            continue
        text = path.read_text(encoding="utf-8")
        hits = sorted(w for w in words if w in text)
        if hits:
            found[str(rel)] = hits
    assert set(found) == set(KNOWN), f"documents named in code: {found}"


def test_the_registry_reads_every_document_in_file_order():
    reg = registry()
    assert reg.keys == ["2022", "2024"]
    assert reg.display("2024#9") == "长政办规〔2024〕1号 第9条"
    assert reg.display("2022#funding-rule") == "长发改综〔2022〕51号（资金奖补就高不重复）"
    assert reg.display("2099#1") == "2099#1"
    assert reg.citation_id_problem("2024#9") is None and reg.citation_id_problem("2022#funding-rule") is None
    assert "not a document key" in reg.citation_id_problem("2023#1")
    assert "not a passage" in reg.citation_id_problem("2024#funding-rule")
    assert reg.funding_rule_keys() == ["2022"] and reg.funding_rule_citation("2022") == "2022#funding-rule"


@pytest.mark.parametrize(("text", "docs"), [
    ("22年那个方案第3条", ["2022"]),
    ("开门红方案里春节用电", ["2024"]),
    ("51号文第14条", ["2022"]),
    ("长政办规［2024］1号第9条", ["2024"]),  # another bracket form of the 文号
    ("长发改综〔2022〕51号和开门红", ["2022"]),  # a 文号 written out decides alone
    ("2022年和2024年的文件", ["2022", "2024"]),
    ("第151号通知", []),  # 51号 does not match inside a longer number
])
def test_names_in_questions(text, docs):
    assert registry().named_in(text) == docs
    assert router.doc_hint(text) == (docs[0] if len(docs) == 1 else None)


def test_a_shared_alias_names_both_documents_and_asks_which():
    reg = Registry([_meta("a", "甲发〔2024〕1号", aliases=["稳增长"], scope="甲方案"),
                    _meta("b", "甲发〔2025〕2号", aliases=["稳增长", "2025"], scope="乙方案")])
    assert reg.named_in("稳增长方案第3条") == ["a", "b"]
    assert reg.named_in("甲发〔2025〕2号第3条") == ["b"]
    assert reg.which_one(["a", "b"]) == "您说的可能是《甲发〔2024〕1号》（甲方案）还是《甲发〔2025〕2号》（乙方案），请问指哪一份？"
    assert reg.scope_sentence().startswith("我只解答福州市长乐区两份产业扶持政策的问题：《甲发〔2024〕1号》（甲方案）和")
    # only the shared word names them: ask; a word of one document's own (2025) or its 文号 decides
    assert reg.ambiguous_in("稳增长方案第3条") == ["a", "b"]
    assert reg.ambiguous_in("2025稳增长方案第3条") == []
    assert reg.ambiguous_in("甲发〔2024〕1号稳增长第3条") == []


def test_a_key_used_twice_is_an_error():
    with pytest.raises(ValueError, match="used twice"):
        Registry([_meta("a", "甲发〔2024〕1号"), _meta("a", "甲发〔2025〕2号")])


def test_without_doc_names_keeps_the_topic():
    assert router.without_doc_names("开门红方案里春节用电奖励怎么算").strip().startswith("春节用电")
    assert "长发改综" not in router.without_doc_names("长发改综〔2022〕51号第14条增产增效")
