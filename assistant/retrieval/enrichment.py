"""Hand-written retrieval data under ``corpus/``: per-item enrichment, the colloquial lexicon, jieba words.

Enrichment is optional per item: a clause without an entry is indexed from its own title and text.
A file that cannot be read or has the wrong shape is skipped with a warning (and reported by
``index status``) rather than taking the whole assistant down; entries naming unknown citations are
reported the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.corpus import Corpus
from assistant.models import Clause

log = logging.getLogger(__name__)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster


@dataclass(frozen=True)
class Enrichment:
    keywords: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()


@dataclass
class RetrievalData:
    enrichment: dict[str, Enrichment] = field(default_factory=dict)
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    userdict: Path | None = None
    problems: list[str] = field(default_factory=list)

    def extra_words(self) -> tuple[str, ...]:
        """Domain words jieba should keep whole: lexicon terms and enrichment keywords/aliases."""
        words: set[str] = set()
        for key, values in self.synonyms.items():
            words.add(key)
            words.update(values)
        for e in self.enrichment.values():
            words.update(e.keywords)
            words.update(e.aliases)
        return tuple(sorted(words))


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    return ()


def _read_yaml(path: Path, problems: list[str]) -> dict | None:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        problems.append(f"{path}: unreadable, ignored ({e.__class__.__name__}: {e})")
        return None
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(f"{path}: expected a mapping, ignored")
        return None
    return data


def load_retrieval_data(corpus: Corpus, corpus_dir: Path) -> RetrievalData:
    corpus_dir = Path(corpus_dir)
    out = RetrievalData()
    by_doc_number = {(c.doc_key, str(c.number)): c.id for c in corpus.clauses}
    by_doc_passage = {(p.doc_key, p.key): p.id for p in corpus.passages}
    for path in sorted((corpus_dir / "enrichment").glob("*.y*ml")):
        data = _read_yaml(path, out.problems)
        if data is None:
            continue
        doc = str(data.get("doc", "")).strip()
        if doc not in corpus.documents:
            out.problems.append(f"{path}: doc {doc!r} is not a document key {sorted(corpus.documents)}, ignored")
            continue
        for section, table in (("clauses", by_doc_number), ("passages", by_doc_passage)):
            entries = data.get(section) or {}
            if not isinstance(entries, dict):
                out.problems.append(f"{path}: {section} must be a mapping, ignored")
                continue
            for key, entry in entries.items():
                citation = table.get((doc, str(key).strip()))
                if citation is None:
                    out.problems.append(f"{path}: {section}.{key} is not in document {doc}, ignored")
                    continue
                if not isinstance(entry, dict):
                    out.problems.append(f"{path}: {section}.{key} must be a mapping, ignored")
                    continue
                out.enrichment[citation] = Enrichment(
                    keywords=_strings(entry.get("keywords")),
                    aliases=_strings(entry.get("aliases")),
                    questions=_strings(entry.get("questions")),
                )
    lexicon = corpus_dir / "lexicon.yaml"
    if lexicon.is_file():
        data = _read_yaml(lexicon, out.problems)
        synonyms = (data or {}).get("synonyms") or {}
        if isinstance(synonyms, dict):
            for key, values in synonyms.items():
                k = str(key).strip()
                if k:
                    out.synonyms[k] = _strings(values)
        else:
            out.problems.append(f"{lexicon}: synonyms must be a mapping, ignored")
    userdict = corpus_dir / "jieba_userdict.txt"
    out.userdict = userdict if userdict.is_file() else None
    for p in out.problems:
        log.warning("retrieval data: %s", p)
    return out


@dataclass(frozen=True)
class NodeSpec:
    """One indexed unit. Several nodes may point to the same citation (max score per citation)."""

    node_id: str
    citation: str
    doc_key: str
    role: str  # "item" (clause/passage text + keywords + aliases [+ questions]) or "question"
    text: str


# How example questions are indexed; chosen by benchmarks/retrieval.py (see README / report).
#   "merged": appended to the item's node.   "split": one extra node per question, max-aggregated.
DEFAULT_LAYOUT = "merged"


def item_text(item, enrichment: Enrichment | None, with_questions: bool) -> str:
    parts: list[str] = []
    if isinstance(item, Clause):
        if item.title and not item.text.startswith(item.title):
            parts.append(item.title)
    else:
        parts.append(item.title)
    parts.append(item.text)
    if enrichment is not None:
        if enrichment.keywords:
            parts.append("关键词：" + "、".join(enrichment.keywords))
        if enrichment.aliases:
            parts.append("又称：" + "、".join(enrichment.aliases))
        if with_questions and enrichment.questions:
            parts.append("常见问题：" + "；".join(enrichment.questions))
    return "\n".join(parts)


def build_nodes(corpus: Corpus, data: RetrievalData, layout: str = DEFAULT_LAYOUT) -> list[NodeSpec]:
    if layout not in ("merged", "split"):
        raise ValueError(f"unknown node layout {layout!r}")
    nodes: list[NodeSpec] = []
    for citation, item in corpus.items.items():
        enr = data.enrichment.get(citation)
        nodes.append(
            NodeSpec(
                node_id=f"{citation}|item",
                citation=citation,
                doc_key=item.doc_key,
                role="item",
                text=item_text(item, enr, with_questions=(layout == "merged")),
            )
        )
        if layout == "split" and enr is not None:
            for i, q in enumerate(enr.questions):
                nodes.append(NodeSpec(f"{citation}|q{i}", citation, item.doc_key, "question", q))
    return nodes
