"""The document registry: the only place a policy document is named.

Why: a new document arrives every year as ``corpus/<name>.txt`` + ``corpus/<name>.yaml``. Everything that names a
document — the words that point a question at it, key validation, citation display, the UI's document list and
examples, report headings, the scope sentence of an out-of-scope answer, the 就高不重复 rule — reads these metadata
files, so adding one needs no code change. Only the metadata is read (no clause parsing), so the registry is cheap
enough for every question; it is re-read when a metadata file changes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from assistant.models import DocumentMeta, cite

#: Bracket forms people type for the year of a 文号: 长发改综[2022]51号, （2022）, 【2022】 all name 〔2022〕.
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕", "【": "〔", "】": "〕",
                           "［": "〔", "］": "〕"})
_CN_COUNT = dict(enumerate("零一两三四五六七八九十"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(_BRACKETS)


def _word_re(word: str) -> re.Pattern[str]:
    """A name as written; one that starts with a digit ("22年", "51号") does not match inside a longer number
    ("2022年", "151号")."""
    return re.compile(("(?<!\\d)" if word[:1].isdigit() else "") + re.escape(word))


class RegistryError(ValueError):
    """The metadata files do not make a consistent set of documents (e.g. one key used twice)."""


class Registry:
    """Every document of one corpus directory, in file order, addressable by key."""

    def __init__(self, metas: Sequence[DocumentMeta]):
        keys = [m.key for m in metas]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise RegistryError(f"document key(s) used twice: {dupes}")
        self.documents: dict[str, DocumentMeta] = {m.key: m for m in metas}
        self._hints = {m.key: [_word_re(w) for w in (*m.title_names, *m.short_names, *m.aliases)] for m in metas}
        self._names = {m.key: [_word_re(w) for w in m.names] for m in metas}

    # ---- keys and citations ------------------------------------------------------------------------------------------
    @property
    def keys(self) -> list[str]:
        return list(self.documents)

    def __contains__(self, key: object) -> bool:
        return key in self.documents

    def get(self, key: str) -> DocumentMeta:
        try:
            return self.documents[key]
        except KeyError:
            raise KeyError(f"unknown document key {key!r}; documents: {', '.join(self.documents)}") from None

    def wenhao(self, key: str) -> str:
        return self.get(key).wenhao

    def display(self, citation: str) -> str:
        """``2022#14`` -> 文号 第14条; ``2022#funding-rule`` -> 文号（passage title). An id of no registered
        document is returned as it is (a caller showing it is better than one failing on it)."""
        doc, _, rest = citation.partition("#")
        meta = self.documents.get(doc)
        if meta is None:
            return citation
        if rest.isdigit():
            return cite(meta.wenhao, int(rest))
        title = next((p.title for p in meta.passages if p.key == rest), None)
        return cite(meta.wenhao, passage_title=title or rest)

    def citation_id_problem(self, citation: str) -> str | None:
        """Why ``citation`` is not a citation id of a registered document (``<key>#<N>`` or ``<key>#<passage>``),
        or None when it is one."""
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9_-]*)#([1-9][0-9]*|[a-z][a-z0-9-]*)", citation)
        if not m:
            return f"{citation!r} is not a citation id like <document key>#<clause number>"
        doc, rest = m.groups()
        if doc not in self.documents:
            return f"{citation!r}: {doc!r} is not a document key (documents: {', '.join(self.documents)})"
        meta = self.documents[doc]
        if not rest.isdigit() and rest not in {p.key for p in meta.passages}:
            return f"{citation!r}: {rest!r} is not a passage of {doc} ({', '.join(p.key for p in meta.passages)})"
        return None

    # ---- names in questions ------------------------------------------------------------------------------------------
    def named_in(self, text: str, skip: Iterable[tuple[int, int]] = ()) -> list[str]:
        """Keys of the documents a question names, in registry order. A 文号 written out (brackets in any form)
        decides alone; otherwise every document with a short name or alias in the text. Spans in ``skip`` (dates
        such as "2024年12月31号") are ignored. Two keys mean the words fit both: ask which one is meant."""
        for start, end in sorted(skip, reverse=True):
            text = text[:start] + " " * (end - start) + text[end:]
        flat = _flat(text)
        by_wenhao = [k for k, m in self.documents.items() if _flat(m.wenhao) in flat]
        if by_wenhao:
            return by_wenhao
        return [k for k, hints in self._hints.items() if any(rx.search(text) for rx in hints)]

    def ambiguous_in(self, text: str, skip: Iterable[tuple[int, int]] = ()) -> list[str]:
        """Keys of the documents that one shared alias names, when no word in the text names just one of them
        (a short name two plans share); [] otherwise. Two documents each named by its own words are not ambiguous."""
        for start, end in sorted(skip, reverse=True):
            text = text[:start] + " " * (end - start) + text[end:]
        if any(_flat(m.wenhao) in _flat(text) for m in self.documents.values()):
            return []
        owners: dict[str, set[str]] = {}
        for key, hints in self._hints.items():
            for rx in hints:
                if rx.search(text):
                    owners.setdefault(rx.pattern, set()).add(key)
        if not owners or any(len(keys) == 1 for keys in owners.values()):
            return []
        shared = set().union(*owners.values())
        return [k for k in self.documents if k in shared] if len(shared) > 1 else []

    def strip_names(self, text: str) -> str:
        """``text`` with every word that names a document replaced by a space (for retrieval: "X方案里春节用电" should
        look for 春节用电, not for the document's name)."""
        for names in self._names.values():
            for rx in names:
                text = rx.sub(" ", text)
        return text

    def which_one(self, keys: Sequence[str]) -> str:
        """The question to ask when a word names several documents."""
        listed = [f"《{self.wenhao(k)}》（{self.scope(k)}）" for k in keys]
        return f"您说的可能是{_join(listed, '还是')}，请问指哪一份？"

    # ---- what the assistant covers -----------------------------------------------------------------------------------
    def scope(self, key: str) -> str:
        meta = self.get(key)
        return meta.scope or meta.title

    def scope_sentence(self) -> str:
        """The sentence an out-of-scope answer and the UI use to say what the assistant covers."""
        n = len(self.documents)
        count = _CN_COUNT.get(n, str(n))
        listed = _join([f"《{m.wenhao}》（{self.scope(k)}）" for k, m in self.documents.items()], "和")
        return (f"我只解答福州市长乐区{count}份产业扶持政策的问题：{listed}，包括条款内容、奖补金额计算、申请条件、"
                "责任单位和有效期。")

    def examples(self) -> list[str]:
        return [q for m in self.documents.values() for q in m.examples]

    # ---- document-wide rules -----------------------------------------------------------------------------------------
    def funding_rule_keys(self) -> list[str]:
        """Documents whose own text states the 就高不重复 rule (``document_rules.funding_rule_quote``)."""
        return [k for k, m in self.documents.items() if m.document_rules.funding_rule_quote]

    def funding_rule_citation(self, key: str) -> str | None:
        passage = self.get(key).document_rules.funding_rule_passage
        return f"{key}#{passage}" if passage else None


def _join(items: Sequence[str], last: str) -> str:
    """A、B和C."""
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + last + items[-1]


#: How long a directory listing is trusted before the files are looked at again: a metadata edit shows within this
#: many seconds, and a question or a check-up (dozens of citations) does not stat the corpus for each of them.
RECHECK_SECONDS = 2.0
_STAMPS: dict[str, tuple[float, tuple]] = {}


def _stamp(corpus_dir: Path) -> tuple:
    key = str(corpus_dir)
    now = time.monotonic()
    seen = _STAMPS.get(key)
    if seen and now - seen[0] < RECHECK_SECONDS:
        return seen[1]
    files = sorted(corpus_dir.glob("*.yaml")) + sorted(corpus_dir.glob("*.txt"))
    stamp = tuple((p.name, st.st_mtime_ns, st.st_size) for p in files for st in [p.stat()])
    _STAMPS[key] = (now, stamp)
    return stamp


@lru_cache(maxsize=8)
def _load(corpus_dir: str, stamp: tuple) -> Registry:
    from assistant.corpus import document_metas

    return Registry(document_metas(Path(corpus_dir)))


def registry(corpus_dir: Path | str | None = None) -> Registry:
    """The registry of ``corpus_dir`` (default: the configured corpus), re-read when a metadata file changes.

    Raises :class:`assistant.corpus.CorpusError` naming the file when a metadata file cannot be read."""
    if corpus_dir is None:
        from assistant.settings import get_settings

        corpus_dir = get_settings().corpus_dir
    directory = _resolved(str(corpus_dir))
    return _load(str(directory), _stamp(directory))


@lru_cache(maxsize=8)
def _resolved(corpus_dir: str) -> Path:
    return Path(corpus_dir).resolve()


def display_citation(citation: str) -> str:
    """The display form of a citation id from the configured corpus; the id itself when the corpus cannot be read."""
    try:
        return registry().display(citation)
    except Exception:  # noqa: BLE001 - a display must never sink the answer it is part of
        return citation
