"""The machine-readable contract: what `ask --json`, `POST /v1/ask` and evaluation suites exchange."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from calculators.models import Amount

Intent = Literal[
    "calculation", "eligibility", "responsible_unit", "validity", "clause_lookup", "clarification", "out_of_scope"
]
INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]

MAX_QUESTION_CHARS = 2000
MAX_HISTORY_TURNS = 20


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, max_length=200)
    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="the user's turn")
    history: list[str] = Field(
        default_factory=list, max_length=MAX_HISTORY_TURNS, description="earlier user turns, oldest first"
    )
    as_of: date | None = Field(default=None, description="date for validity checks (default: today)")

    @field_validator("question")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("question is blank")
        return v

    @field_validator("history")
    @classmethod
    def _turns_bounded(cls, v: list[str]) -> list[str]:
        for i, turn in enumerate(v):
            if len(turn) > MAX_QUESTION_CHARS:
                raise ValueError(f"history[{i}] is longer than {MAX_QUESTION_CHARS} characters")
        return v


class Citation(BaseModel):
    id: str = Field(description="e.g. 2024#9")
    doc: str = Field(description="文号")
    clause: int | None = Field(description="第N条; null for an unnumbered passage")
    display: str = Field(description="文号 第N条, e.g. for 2024#9")
    title: str | None = None
    responsible_units: list[str]
    implementing_units: list[str] = []
    quote: str = Field(description="the clause text")


class CalculationOut(Amount):
    """One calculation in an answer; its amount fields are the calculators' :class:`Amount` (two stay required in
    the published schema, as they always were)."""

    calculator: str
    citation: str | None = Field(default=None, description="the clause id this calculation applies, e.g. 2024#9")
    inputs: dict[str, Any]
    eligible: bool | None
    amount_yuan: int | None
    amount_max_yuan: int | None
    funding_levels: list[str] = []
    steps: list[str]
    interpretation: str | None = None
    conditions: list[str] = Field(
        default_factory=list,
        description="conditions the user has not stated that the amount depends on (eligible is then null)",
    )


class ValidityOut(BaseModel):
    doc: str
    citation: str
    effective_from: date
    expires: date
    in_force: bool
    as_of: date
    measures: list[dict[str, Any]] = []
    note: str


class RelatedItem(BaseModel):
    id: str = Field(description="clause id in the form of citations[].id, e.g. 2024#10")
    doc: str = Field(description="文号")
    clause: int | None = Field(description="第N条; null for an unnumbered passage")
    display: str = Field(description="文号 第N条")
    title: str = Field(description="the measure, as the calculator names it")
    status: Literal["applicable", "may_apply"]
    amount_yuan: int | None = Field(default=None, description="the amount the facts decide (if in force or not)")
    amount_max_yuan: int | None = Field(default=None, description="the ceiling, when the clause gives one")
    amount_text: str | None = Field(default=None, description="the amount in words (3万元 / 最高 20万元)")
    needs: list[str] = Field(default_factory=list, description="the facts still needed to decide it")
    in_force: bool | None = Field(default=None, description="in force on the day asked")
    facts: list[str] = Field(default_factory=list, description="the stated facts (profile fields) it rests on")


class AskResponse(BaseModel):
    id: str | None = None
    intent: Intent
    answer: str
    citations: list[Citation] = Field(description="primary first; empty for out_of_scope")
    calculation: CalculationOut | None = Field(
        default=None, description="the only calculation, or the total of a multi-measure answer"
    )
    calculations: list[CalculationOut] = Field(
        default_factory=list, description="one per measure when the question asks about several"
    )
    validity: list[ValidityOut] = []
    needs: list[str] = Field(default_factory=list, description="inputs still needed (clarification)")
    route_reason: str = Field(default="", description="why this intent was chosen")
    related: list[RelatedItem] = Field(
        default_factory=list,
        description="other measures the facts stated so far decide or touch (根据您提供的情况，还可能适用), at most five",
    )
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description="what the conversation stated about the enterprise, as 政策体检 profile fields (for a full check-up)",
    )
