"""Typed records of the policy corpus: what the parser produces and every other layer consumes."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def cite(wenhao: str, number: int | None = None, passage_title: str | None = None) -> str:
    """The one display form of a citation: 文号 第N条 for a clause, 文号（title） for an unnumbered passage.

    Why one function: answers, calculator results, the check-up report, the UI and MCP all cite; officials must see
    the same words wherever a clause is named."""
    if number is not None:
        return f"{wenhao} 第{number}条"
    return f"{wenhao}（{passage_title}）" if passage_title else wenhao


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PeriodSpec(Frozen):
    """A clause-level date range, as written in the metadata file.

    ``in_force`` periods replace the document's validity for one measure of a clause; ``qualifying``
    periods say when the figures that decide an award are measured and never affect validity.
    """

    clause: int = Field(ge=1)
    kind: Literal["in_force", "qualifying"]
    measure: str = Field(min_length=1)
    start: date
    end: date
    quote: str = Field(min_length=1)
    whole_clause: bool = Field(default=True, description="the period covers every award of the clause; false when "
                               "the clause also has awards without it (2022#13: 首次提升规模 in any year)")

    @model_validator(mode="after")
    def _ordered(self) -> PeriodSpec:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


class PassageSpec(Frozen):
    key: str
    title: str
    match: str = Field(min_length=1, description="substring that identifies the passage's sentence")
    units: list[str] = []

    @field_validator("key")
    @classmethod
    def _key(cls, v: str) -> str:
        if not KEY_RE.match(v):
            raise ValueError("must be letters, digits, - or _")
        return v


class DocumentRules(Frozen):
    """Rules that bind a whole document (and only that document)."""

    implementing_units: list[str] = []
    implementing_quote: str | None = None
    funding_rule_quote: str | None = None
    interpreting_units: list[str] = []
    interpreting_quote: str | None = None
    #: The passage that states ``funding_rule_quote`` (就高不重复), cited when the rule decides a group of awards.
    funding_rule_passage: str | None = None


class DocumentMeta(Frozen):
    key: str
    text_file: str
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    wenhao: str = Field(min_length=1)
    title: str = Field(min_length=1)
    issuers: list[str] = Field(min_length=1)
    issued: date
    effective_from: date
    effective_quote: str | None = None
    expires: date
    expires_quote: str | None = None
    expected_clauses: int | None = Field(default=None, ge=1)
    body_start: str | None = None
    unit_prefix: str = ""
    document_rules: DocumentRules = DocumentRules()
    passages: list[PassageSpec] = []
    periods: list[PeriodSpec] = []
    #: What the document covers, as the scope sentence names it: 《文号》（scope）. Defaults to the title.
    scope: str | None = None
    #: Names people give the document as a whole (“X方案”, “N号文”); matched in questions like ``aliases``.
    short_names: list[str] = []
    #: Other words in a question that name the document ("51号", "22年"). One word may name two documents: the
    #: question then names neither, and the assistant asks which one is meant.
    aliases: list[str] = []
    #: Example questions the UI offers for this document.
    examples: list[str] = []

    @field_validator("key")
    @classmethod
    def _key(cls, v: str) -> str:
        if not KEY_RE.match(v):
            raise ValueError("must be letters, digits, - or _")
        return v

    @field_validator("short_names", "aliases", "examples")
    @classmethod
    def _no_blank(cls, v: list[str]) -> list[str]:
        if any(not w.strip() for w in v):
            raise ValueError("blank entry")
        return v

    @model_validator(mode="after")
    def _dates(self) -> DocumentMeta:
        if self.expires < self.effective_from:
            raise ValueError(f"expires {self.expires} is before effective_from {self.effective_from}")
        rule = self.document_rules
        if rule.funding_rule_passage and rule.funding_rule_passage not in {p.key for p in self.passages}:
            raise ValueError(f"document_rules.funding_rule_passage {rule.funding_rule_passage!r} is not a passage key")
        return self

    @property
    def title_names(self) -> list[str]:
        """The document called by its title ("<the plan title>还有效吗"): the full title, the scope, and the
        scope without its kind word (实施方案/工作方案/方案), longest first, so an alias inside them ("平稳增长") does
        not leave the rest of the title behind as a topic that a clause quoting the title would match."""
        scope = self.scope or self.title
        core = re.sub(r"(实施|工作)?方案$", "", scope)
        return list(dict.fromkeys(w for w in (self.title, scope, core) if len(w) >= 4))

    @property
    def names(self) -> list[str]:
        """Every word that names this document in a question, in the order they are taken out of it: the title's
        forms, aliases, short names, then the 文号 (an alias inside a short name or the 文号 is taken out first)."""
        return [*self.title_names, *self.aliases, *self.short_names, self.wenhao]


class Clause(Frozen):
    id: str = Field(description="stable citation id, e.g. 2022#14")
    doc_key: str
    wenhao: str
    number: int
    section: str = Field(description="section heading, e.g. 三、鼓励提质增效升级，增强创新发展动力")
    title: str | None = Field(description="lead sentence when the clause has a short heading")
    text: str = Field(description="repaired text: page breaks joined, markdown and stray spaces removed")
    original: str = Field(description="the source lines exactly as written, for quoting")
    line: int = Field(description="1-based line of the clause number in the source file")
    responsible_units: list[str]
    units_text: str | None = Field(description="the unit list as written")
    implementing_units: list[str] = Field(description="document-wide implementers, e.g. 各乡镇（街道）")
    kind: Literal["clause"] = "clause"

    @property
    def display(self) -> str:
        return cite(self.wenhao, self.number)


class Passage(Frozen):
    id: str = Field(description="stable id, e.g. 2022#funding-rule")
    doc_key: str
    wenhao: str
    key: str
    title: str
    text: str
    original: str
    line: int
    responsible_units: list[str] = []
    kind: Literal["passage"] = "passage"

    @property
    def display(self) -> str:
        return cite(self.wenhao, passage_title=self.title)


class MeasureValidity(Frozen):
    measure: str
    start: date
    end: date
    in_force: bool
    quote: str


class Validity(Frozen):
    """Whether a clause was in force on a day; qualifying periods are reported but never decide it."""

    citation: str
    doc: str
    as_of: date
    doc_effective_from: date
    doc_expires: date
    in_force: bool
    measures: list[MeasureValidity] = []
    qualifying: list[PeriodSpec] = []
    note: str


class Document(Frozen):
    meta: DocumentMeta
    raw: str
    clauses: list[Clause]
    passages: list[Passage]

    def in_force(self, day: date) -> bool:
        return self.meta.effective_from <= day <= self.meta.expires
