"""Gold dataset schema (`evals/datasets/*.jsonl`) and a loader whose errors name the line and the field."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError, model_validator

from assistant.schema import MAX_HISTORY_TURNS, MAX_QUESTION_CHARS, AskRequest, Intent

def citation_id_problem(cid: str) -> str | None:
    """Why ``cid`` is not `<doc key>#<clause number>` or `<doc key>#<passage key>` of a document in the corpus
    (docs/conventions.md), or None. The keys come from the document registry, so a new document needs no change."""
    from assistant.documents import registry

    return registry().citation_id_problem(cid)


class ExpectedPart(BaseModel):
    """One measure of a two-measure question: its clause and what it gives for the stated facts."""

    model_config = ConfigDict(extra="forbid")

    citation: str
    amount_yuan: StrictInt | None = Field(default=None, ge=0)
    amount_max_yuan: StrictInt | None = Field(default=None, ge=0)
    eligible: StrictBool | None = None


class GoldCase(BaseModel):
    """One hand-written case: the `ask --jsonl` input fields plus the gold fields."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200)
    category: str = Field(min_length=1)
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
    history: list[str] = Field(default_factory=list, max_length=MAX_HISTORY_TURNS)
    as_of: date | None = None
    expected_intent: Intent
    expected_citations: list[str] = Field(description="acceptable clause ids, primary first")
    expected_units: list[str] | None
    expected_amount_yuan: StrictInt | None = Field(ge=0)
    expected_amount_max_yuan: StrictInt | None = Field(ge=0)
    expected_eligible: StrictBool | None
    expected_in_force: StrictBool | None
    expected_needs: list[str] = Field(default_factory=list)
    expected_parts: list[ExpectedPart] = Field(
        default_factory=list, description="two-measure questions: one entry per measure, in the order asked"
    )
    unstated_conditions: list[str] = Field(
        default_factory=list,
        description="conditions the clause requires that the user never mentioned: the answer must not assume them",
    )
    note: str = Field(min_length=1, description="one-line derivation of the expected figures")

    @model_validator(mode="after")
    def _consistent(self) -> GoldCase:
        for i, cid in enumerate(self.expected_citations):
            if citation_id_problem(cid):
                raise ValueError(f"expected_citations[{i}] {cid!r} is not a citation id like 2022#14 or 2024#validity"
                                 f" ({citation_id_problem(cid)})")
        if len(set(self.expected_citations)) != len(self.expected_citations):
            raise ValueError("expected_citations has duplicates")
        if self.expected_units is not None:
            if not self.expected_citations:
                raise ValueError("expected_units is set but expected_citations is empty (units are scored on citations[0])")
            if any(not u.strip() for u in self.expected_units):
                raise ValueError("expected_units has a blank unit")
            if len(set(self.expected_units)) != len(self.expected_units):
                raise ValueError("expected_units has duplicates")
        if self.expected_intent == "out_of_scope":
            if self.expected_citations:
                raise ValueError("out_of_scope cases cite nothing: expected_citations must be []")
            for name in ("expected_units", "expected_amount_yuan", "expected_amount_max_yuan", "expected_eligible"):
                if getattr(self, name) is not None:
                    raise ValueError(f"out_of_scope cases have no {name}: it must be null")
        for i, part in enumerate(self.expected_parts):
            if citation_id_problem(part.citation):
                raise ValueError(f"expected_parts[{i}].citation {part.citation!r} is not a citation id like 2022#14"
                                 f" ({citation_id_problem(part.citation)})")
            if part.citation not in self.expected_citations:
                raise ValueError(f"expected_parts[{i}].citation {part.citation!r} is not in expected_citations")
        if self.unstated_conditions and self.expected_eligible is not None:
            raise ValueError("unstated_conditions is set: expected_eligible must be null (the facts do not decide it)")
        if self.expected_intent == "clarification" and not self.expected_needs:
            raise ValueError("clarification cases must list expected_needs")
        if not self.question.strip():
            raise ValueError("question is blank")
        return self

    def request(self) -> AskRequest:
        return AskRequest(id=self.id, question=self.question, history=list(self.history), as_of=self.as_of)

    @property
    def out_of_scope(self) -> bool:
        return self.expected_intent == "out_of_scope"


class DatasetError(ValueError):
    """A dataset problem, with every offending line and field in the message."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem(s)\n" + "\n".join(problems))


def _field(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(case)"


def parse_line(text: str, line_no: int) -> tuple[GoldCase | None, list[str]]:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        return None, [f"line {line_no}: not valid JSON ({e.msg} at column {e.colno})"]
    if not isinstance(raw, dict):
        return None, [f"line {line_no}: expected a JSON object, got {type(raw).__name__}"]
    try:
        return GoldCase.model_validate(raw), []
    except ValidationError as e:
        case_id = raw.get("id", "?")
        return None, [
            f"line {line_no} (id {case_id}): field {_field(err['loc'])}: {err['msg']}" for err in e.errors()
        ]


def load_dataset(path: Path | str) -> list[GoldCase]:
    """Read a JSONL gold file; blank lines are skipped; raise DatasetError listing every bad line and field."""
    path = Path(path)
    cases: list[GoldCase] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for line_no, text in enumerate(fh, start=1):
            if not text.strip():
                continue
            case, errs = parse_line(text, line_no)
            problems.extend(errs)
            if case is None:
                continue
            if case.id in seen:
                problems.append(f"line {line_no} (id {case.id}): field id: duplicate of line {seen[case.id]}")
                continue
            seen[case.id] = line_no
            cases.append(case)
    if problems:
        raise DatasetError(path, problems)
    if not cases:
        raise DatasetError(path, ["no cases"])
    return cases


def unknown_citations(cases: list[GoldCase], known_ids: set[str]) -> list[str]:
    """Problems for expected citation ids that the corpus does not contain."""
    return [
        f"id {c.id}: expected_citations has {cid!r}, which is not in the corpus"
        for c in cases
        for cid in c.expected_citations
        if cid not in known_ids
    ]
