"""Clause browsing shared by the API and the UI: list, look up and search corpus items.

Why both substring and retriever: officials paste exact words from the document (substring finds them
verbatim), citizens describe a topic in their own words (the hybrid retriever finds those).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from assistant import compose
from assistant.corpus import Corpus
from assistant.models import Clause
from assistant.web.models import ClauseOut

MAX_RESULTS = 200  # more than the corpus holds: a listing without ``q`` can show everything
RETRIEVER_HITS = 10  # hybrid search always returns k hits; past ~10 they are rarely related


def clause_out(corpus: Corpus, item_id: str, as_of: date | None = None, **extra: Any) -> ClauseOut:
    """One corpus item as the API shows it; ``KeyError`` for an unknown id (2022#14 and 2022-14 both work)."""
    item = corpus.get(item_id)
    is_clause = isinstance(item, Clause)
    validity = compose.validity_out(corpus.validity(item.id, as_of)) if as_of else None
    return ClauseOut(
        id=item.id, kind=item.kind, doc_key=item.doc_key, doc=item.wenhao,
        clause=item.number if is_clause else None, display=item.display, title=item.title,
        section=item.section if is_clause else None, text=item.text,
        responsible_units=list(item.responsible_units),
        implementing_units=list(item.implementing_units) if is_clause else [],
        validity=validity, **extra,
    )


def _in_doc(corpus: Corpus, item_id: str, doc: str | None) -> bool:
    return doc is None or corpus.items[item_id].doc_key == doc


def search(corpus: Corpus, q: str | None, doc: str | None = None, retriever: Any = None,
           as_of: date | None = None, limit: int = MAX_RESULTS) -> list[ClauseOut]:
    """Items of ``doc`` (all documents when None): every item without ``q``; with ``q`` verbatim matches
    first (whitespace ignored), then retriever hits when a retriever is given. Unknown ``doc`` -> ValueError."""
    if doc is not None and doc not in corpus.documents:
        raise ValueError(f"unknown document {doc!r}; known: {', '.join(sorted(corpus.documents))}")
    ids = [i for i in corpus.items if _in_doc(corpus, i, doc)]
    if not q or not q.strip():
        return [clause_out(corpus, i, as_of) for i in ids[:limit]]
    needle = "".join(q.split())
    out = [clause_out(corpus, i, as_of, match="substring") for i in ids
           if needle in "".join(corpus.items[i].text.split()) or needle == i][:limit]
    if retriever is not None and len(out) < limit:
        seen = {c.id for c in out}
        for hit in retriever.search(q, k=min(RETRIEVER_HITS, limit), doc=doc):
            if hit.citation not in seen and len(out) < limit:
                out.append(clause_out(corpus, hit.citation, as_of, match="retriever", score=round(hit.score, 4)))
                seen.add(hit.citation)
    return out
