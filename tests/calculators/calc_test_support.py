"""Shared helpers for the calculator tests: clause text straight from the corpus files, and a run shortcut.

The clause splitter here is deliberately independent of the code under test (and of assistant.corpus), so a wrong
citation or a misquoted clause word cannot be hidden by the same bug on both sides.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from calculators import registry
from calculators.models import CalcResult

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _document_files() -> dict[str, Path]:
    """{document key: text file} from the metadata files themselves (plain YAML, not the code under test)."""
    out = {}
    for meta in sorted(CORPUS.glob("*.yaml")):
        data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "text_file" in data:
            out[str(data["key"])] = CORPUS / data["text_file"]
    return out


FILES = _document_files()

_CLAUSE_START = re.compile(r"^\s*(\d{1,2})\s*[.．]\s*(?=\S)")
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+、")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def clause_texts(doc: str) -> dict[str, str]:
    """{clause number: text} for one document, split on lines that start with 'N.' counting up from 1."""
    clauses: dict[str, list[str]] = {}
    current: str | None = None
    expected = 1
    for line in FILES[doc].read_text(encoding="utf-8").splitlines():
        m = _CLAUSE_START.match(line)
        if m and int(m.group(1)) == expected:
            current = m.group(1)
            clauses[current] = [line[m.end():]]
            expected += 1
            continue
        if _SECTION.match(line) or line.startswith("上述政策措施") or line.startswith("各乡镇（街道）、区直有关部门"):
            current = None
            continue
        if current is not None:
            clauses[current].append(line)
    return {k: "\n".join(v) for k, v in clauses.items()}


ALL_CLAUSES = {f"{doc}#{n}": text for doc in FILES for n, text in clause_texts(doc).items()}


def run(name: str, as_of: date | None = None, **payload: Any) -> CalcResult:
    return registry.run(name, payload, as_of)
