"""Parse policy documents into typed clauses and passages.

A document is a ``corpus/<stem>.txt`` with metadata in ``corpus/<stem>.yaml``; adding one is a
data change. Loading is all-or-nothing: any problem raises :class:`CorpusError` naming the file,
line and problem, and nothing half-parsed is returned.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from assistant.models import (
    Clause,
    Document,
    DocumentMeta,
    MeasureValidity,
    Passage,
    PassageSpec,
    Validity,
)
from assistant.units import UnitRules, find_unit_group, load_unit_rules, normalize_units

CLAUSE_RE = re.compile(r"^\s*(\d{1,3})\s*[.．](?!\d)\s*(.*)$", re.M)
SECTION_RE = re.compile(r"^\s*([一二三四五六七八九十]{1,3})、\s*(.+)$")
CJK = r"\u4e00-\u9fff"
PUNCT = r"，。、；：？！“”‘’（）《》〔〕【】"
_SPACE_FIXES = [
    re.compile(rf"(?<=[{CJK}{PUNCT}])[ \t\u3000]+(?=[0-9A-Za-z%])"),
    re.compile(rf"(?<=[0-9A-Za-z%])[ \t\u3000]+(?=[{CJK}{PUNCT}])"),
    re.compile(rf"(?<=[{PUNCT}])[ \t\u3000]+"),
    re.compile(rf"[ \t\u3000]+(?=[{PUNCT}])"),
]


class CorpusError(ValueError):
    """A document or metadata file that cannot be loaded; says where and why."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None):
        self.path, self.problem, self.line = str(path), problem, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


def repair(text: str) -> str:
    """Join page-broken lines and drop markdown and stray spacing; keeps meaningful CJK spaces."""
    joined = "".join(line.strip() for line in text.splitlines())
    joined = joined.replace("**", "")
    for rx in _SPACE_FIXES:
        joined = rx.sub("", joined)
    return joined


def squash(text: str) -> str:
    """Whitespace- and markdown-free form used to check that quotes occur in the text."""
    return re.sub(r"\s+", "", text.replace("**", ""))


def _lead_title(first_line: str, text: str) -> str | None:
    bold = re.match(r"\s*\*\*(.+?)\*\*", first_line)
    if bold:
        return bold.group(1).strip().rstrip("。")
    lead = text.split("。", 1)[0]
    if len(lead) <= 20 and not re.search(r"[，、；;：,]", lead) and lead != text:
        return lead
    return None


@dataclass
class _Block:
    kind: str  # preamble | clause | closing
    start_line: int
    lines: list[str] = field(default_factory=list)
    number: int = 0
    section: str = ""


class _NoDatesLoader(yaml.SafeLoader):
    """Leave dates as strings so pydantic validates them and names the field on error."""


_NoDatesLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_meta(path: Path) -> DocumentMeta:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDatesLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise CorpusError(path, f"invalid YAML: {getattr(e, 'problem', e)}", mark.line + 1 if mark else None)
    except (OSError, UnicodeDecodeError) as e:
        raise CorpusError(path, f"cannot read: {e}")
    if not isinstance(data, dict):
        raise CorpusError(path, "metadata must be a mapping of fields")
    try:
        return DocumentMeta.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(
            f"field {'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in e.errors()
        )
        raise CorpusError(path, problems)


def _split_blocks(lines: list[str], start: int, text_path: Path) -> list[_Block]:
    blocks: list[_Block] = []
    section = ""
    current = _Block("preamble", start + 1)
    expected = 1
    for idx in range(start, len(lines)):
        line = lines[idx]
        if not line.strip():
            current.lines.append(line)  # page breaks: kept so the original can be quoted unchanged
            continue
        sec = SECTION_RE.match(line)
        num = CLAUSE_RE.match(line)
        if sec and not num:
            section = f"{sec.group(1)}、{sec.group(2).strip()}"
            blocks.append(current)
            current = _Block("between", idx + 1)
            continue
        if num:
            n = int(num.group(1))
            if n != expected:
                raise CorpusError(text_path, f"clause numbering jumps: expected {expected}., found {n}.", idx + 1)
            expected += 1
            blocks.append(current)
            current = _Block("clause", idx + 1, [line], n, section)
            continue
        current.lines.append(line)
    blocks.append(current)
    for b in blocks:
        while b.lines and not b.lines[-1].strip():
            b.lines.pop()
    return [b for b in blocks if b.lines]


def _split_clause_tail(block: _Block) -> tuple[list[str], list[str]]:
    """Cut a clause block after the line that closes its unit list; the rest is closing text."""
    for i in range(len(block.lines)):
        end = block.lines[i].strip().rstrip("。.")
        if end and end[-1] in "）)〕" and find_unit_group(repair("\n".join(block.lines[: i + 1]))):
            return block.lines[: i + 1], block.lines[i + 1 :]
    return block.lines, []


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.findall(r"[^。]+。?", paragraph) if s.strip()]


def _passages(meta: DocumentMeta, meta_path: Path, blocks: list[tuple[int, str]]) -> list[Passage]:
    """Cut unnumbered paragraphs into passages; each metadata spec must match exactly one place."""
    found: dict[str, tuple[int, list[str]]] = {}
    unnamed: list[tuple[int, list[str]]] = []
    for line_no, paragraph in blocks:
        current: list[str] | None = None
        for sentence in _sentences(paragraph):
            spec = next((s for s in meta.passages if s.match in squash(sentence)), None)
            if spec is not None:
                if spec.key in found:
                    raise CorpusError(meta_path, f"passage {spec.key!r}: match {spec.match!r} occurs twice")
                current = []
                found[spec.key] = (line_no, current)
            elif current is None:
                current = []
                unnamed.append((line_no, current))
            current.append(sentence)
    missing = [s.key for s in meta.passages if s.key not in found]
    if missing:
        raise CorpusError(meta_path, f"passage(s) {missing} not found in the text (check their 'match')")

    def make(key: str, title: str, line: int, sentences: list[str], units: list[str]) -> Passage:
        raw = "".join(sentences)
        return Passage(
            id=f"{meta.key}#{key}", doc_key=meta.key, wenhao=meta.wenhao, key=key, title=title,
            text=repair(raw), original=raw.strip(), line=line, responsible_units=units,
        )

    specs: dict[str, PassageSpec] = {s.key: s for s in meta.passages}
    out = [make(k, specs[k].title, ln, ss, list(specs[k].units)) for k, (ln, ss) in found.items()]
    out += [make(f"closing-{i}", "结尾说明", ln, ss, []) for i, (ln, ss) in enumerate(unnamed, 1)]
    return out


def parse_document(meta_path: Path, unit_rules: UnitRules) -> Document:
    meta = _load_meta(meta_path)
    text_path = meta_path.parent / meta.text_file
    try:
        raw_bytes = text_path.read_bytes()
        raw = raw_bytes.decode("utf-8")
    except OSError as e:
        raise CorpusError(meta_path, f"text_file {meta.text_file!r} cannot be read: {e}")
    except UnicodeDecodeError as e:
        raise CorpusError(text_path, f"not UTF-8 at byte {e.start}")
    if meta.sha256 and hashlib.sha256(raw_bytes).hexdigest() != meta.sha256:
        raise CorpusError(text_path, "sha256 differs from the metadata: the verbatim copy was changed")
    lines = raw.splitlines()

    start = 0
    if meta.body_start:
        hits = [i for i, line in enumerate(lines) if line.strip() == meta.body_start.strip()]
        if not hits:
            raise CorpusError(meta_path, f"body_start {meta.body_start!r} is not a line of {meta.text_file}")
        start = hits[0] + 1

    blocks = _split_blocks(lines, start, text_path)
    clause_blocks = [b for b in blocks if b.kind == "clause"]
    if not clause_blocks:
        raise CorpusError(text_path, "no numbered clauses found (expected lines like '1.…')")
    if meta.expected_clauses and len(clause_blocks) != meta.expected_clauses:
        raise CorpusError(
            text_path, f"found {len(clause_blocks)} clauses, metadata expects {meta.expected_clauses}"
        )

    implementing = list(meta.document_rules.implementing_units)
    clauses: list[Clause] = []
    loose: list[tuple[int, str]] = [(b.start_line, "\n".join(b.lines)) for b in blocks if b.kind != "clause"]
    for block in clause_blocks:
        body, tail = _split_clause_tail(block)
        while tail and not tail[0].strip():
            tail = tail[1:]
        if tail:
            loose.append((block.start_line + len(block.lines) - len(tail), "\n".join(tail)))
        original = "\n".join(body)
        first = CLAUSE_RE.match(body[0])
        assert first  # guaranteed by _split_blocks
        text = repair("\n".join([first.group(2), *body[1:]]))
        group = find_unit_group(text)
        units_text = group[0] if group else None
        units = normalize_units(units_text, meta.unit_prefix, unit_rules) if units_text else []
        clauses.append(
            Clause(
                id=f"{meta.key}#{block.number}", doc_key=meta.key, wenhao=meta.wenhao, number=block.number,
                section=block.section, title=_lead_title(first.group(2), text), text=text,
                original=original, line=block.start_line, responsible_units=units,
                units_text=units_text, implementing_units=implementing,
            )
        )

    passages = _passages(meta, meta_path, sorted(loose))
    _check_quotes(meta, meta_path, raw, clauses)
    return Document(meta=meta, raw=raw, clauses=clauses, passages=passages)


def _check_quotes(meta: DocumentMeta, meta_path: Path, raw: str, clauses: list[Clause]) -> None:
    whole = squash(raw)
    rules = meta.document_rules
    for name, quote in [
        ("effective_quote", meta.effective_quote),
        ("expires_quote", meta.expires_quote),
        ("document_rules.implementing_quote", rules.implementing_quote),
        ("document_rules.funding_rule_quote", rules.funding_rule_quote),
        ("document_rules.interpreting_quote", rules.interpreting_quote),
    ]:
        if quote and squash(quote) not in whole:
            raise CorpusError(meta_path, f"{name} {quote!r} does not occur in {meta.text_file}")
    by_number = {c.number: c for c in clauses}
    for i, period in enumerate(meta.periods):
        clause = by_number.get(period.clause)
        if clause is None:
            raise CorpusError(meta_path, f"periods[{i}]: clause {period.clause} does not exist")
        if squash(period.quote) not in squash(clause.text):
            raise CorpusError(meta_path, f"periods[{i}]: quote {period.quote!r} is not in clause {period.clause}")


class Corpus:
    """All documents, addressable by citation id."""

    def __init__(self, documents: list[Document], fingerprint: str):
        self.documents = {d.meta.key: d for d in documents}
        self.fingerprint = fingerprint
        self.items: dict[str, Clause | Passage] = {}
        for doc in documents:
            for item in [*doc.clauses, *doc.passages]:
                self.items[item.id] = item

    @property
    def clauses(self) -> list[Clause]:
        return [c for d in self.documents.values() for c in d.clauses]

    @property
    def passages(self) -> list[Passage]:
        return [p for d in self.documents.values() for p in d.passages]

    def get(self, citation: str) -> Clause | Passage:
        try:
            return self.items[normalize_citation(citation)]
        except KeyError:
            raise KeyError(f"unknown citation id {citation!r}; expected e.g. 2022#14 or 2024#preamble") from None

    def document_of(self, citation: str) -> Document:
        return self.documents[self.get(citation).doc_key]

    def validity(self, citation: str, as_of: date) -> Validity:
        item = self.get(citation)
        doc = self.documents[item.doc_key]
        meta = doc.meta
        number = item.number if isinstance(item, Clause) else None
        own = [p for p in meta.periods if p.clause == number]
        measures = [
            MeasureValidity(measure=p.measure, start=p.start, end=p.end, in_force=p.contains(as_of), quote=p.quote)
            for p in own
            if p.kind == "in_force"
        ]
        qualifying = [p for p in own if p.kind == "qualifying"]
        in_force = doc.in_force(as_of)
        when = f"{meta.effective_from:%Y-%m-%d}至{meta.expires:%Y-%m-%d}"
        if in_force:
            note = f"{as_of:%Y-%m-%d}时《{meta.wenhao}》在有效期内（{when}）。"
        elif as_of < meta.effective_from:
            note = f"{as_of:%Y-%m-%d}时《{meta.wenhao}》尚未施行（自{meta.effective_from:%Y-%m-%d}起）。"
        else:
            note = f"{as_of:%Y-%m-%d}时《{meta.wenhao}》已失效（有效期{when}）。"
        for m in measures:
            state = "在执行期内" if m.in_force else "不在执行期内"
            note += f"其中“{m.measure}”另有执行期限{m.start:%Y-%m-%d}至{m.end:%Y-%m-%d}，{as_of:%Y-%m-%d}{state}。"
        for q in qualifying:
            note += f"“{q.measure}”按{q.start:%Y-%m-%d}至{q.end:%Y-%m-%d}的数据认定（这是考核期，不是有效期）。"
        return Validity(
            citation=item.id, doc=meta.wenhao, as_of=as_of, doc_effective_from=meta.effective_from,
            doc_expires=meta.expires, in_force=in_force, measures=measures, qualifying=qualifying, note=note,
        )


def normalize_citation(citation: str) -> str:
    """Accept 2022#14, 2022＃14, 2022-14 and 2022 #14."""
    c = citation.strip().replace("＃", "#").replace(" ", "")
    m = re.fullmatch(r"([A-Za-z0-9_-]+?)[#-]([A-Za-z0-9_-]+)", c)
    return f"{m.group(1)}#{m.group(2)}" if m else c


#: Data beside the corpus that the retrieval index does not read (the calculators' figure tables): changing it must
#: not make the index stale.
NOT_INDEXED = ("figures",)


def corpus_fingerprint(corpus_dir: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(corpus_dir.rglob("*")):
        if path.relative_to(corpus_dir).parts[0] in NOT_INDEXED:
            continue
        if path.is_file() and path.suffix in {".txt", ".yaml", ".yml"}:
            h.update(str(path.relative_to(corpus_dir)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def document_metadata_files(corpus_dir: Path) -> list[Path]:
    """Metadata files: every top-level ``*.yaml`` with a ``text_file`` field.

    A ``*.txt`` that looks like a policy document (numbered clauses) but is claimed by no metadata
    file is an error, so a document dropped in without its metadata is never silently ignored.
    """
    metas, claimed = [], set()
    for path in sorted(corpus_dir.glob("*.yaml")):
        try:
            head = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDatesLoader)
        except yaml.YAMLError:
            metas.append(path)  # parse_document reports the error with its line
            claimed.add(path.with_suffix(".txt").name)
            continue
        if isinstance(head, dict) and "text_file" in head:
            metas.append(path)
            claimed.add(str(head["text_file"]))
    for txt in sorted(corpus_dir.glob("*.txt")):
        if txt.name not in claimed and CLAUSE_RE.search(txt.read_text(encoding="utf-8", errors="replace")):
            raise CorpusError(txt, f"has no metadata file {txt.with_suffix('.yaml').name}")
    return metas


def document_metas(corpus_dir: Path) -> list[DocumentMeta]:
    """The metadata of every document, without parsing the texts (for the document registry)."""
    return [_load_meta(path) for path in document_metadata_files(Path(corpus_dir))]


def load_corpus_from(corpus_dir: Path) -> Corpus:
    corpus_dir = Path(corpus_dir)
    rules_path = corpus_dir / "units.yaml"
    if not rules_path.exists():
        raise CorpusError(rules_path, "unit normalisation rules are missing")
    try:
        rules = load_unit_rules(rules_path)
    except (ValidationError, yaml.YAMLError) as e:
        raise CorpusError(rules_path, f"invalid unit rules: {e}")
    docs = []
    for meta_path in document_metadata_files(corpus_dir):
        docs.append(parse_document(meta_path, rules))
    if not docs:
        raise CorpusError(corpus_dir, "no documents (*.txt with a *.yaml beside it)")
    keys = [d.meta.key for d in docs]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise CorpusError(corpus_dir, f"document key(s) used twice: {sorted(dupes)}")
    return Corpus(docs, corpus_fingerprint(corpus_dir))


@lru_cache(maxsize=4)
def _cached(corpus_dir: str, fingerprint: str) -> Corpus:
    return load_corpus_from(Path(corpus_dir))


def load_corpus(corpus_dir: Path | None = None) -> Corpus:
    """The corpus, parsed once per content fingerprint."""
    from assistant.settings import get_settings

    directory = Path(corpus_dir or get_settings().corpus_dir)
    return _cached(str(directory.resolve()), corpus_fingerprint(directory))
