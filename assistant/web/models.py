"""Typed request/response models of the web API that are not already part of the assistant contract.

``AskRequest``/``AskResponse`` (assistant.schema) and ``CalcResult`` (calculators.models) are reused as they are;
everything a client sends is ``extra="forbid"`` so a misspelt field is an error, not silently ignored.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.schema import MAX_QUESTION_CHARS, AskResponse, ValidityOut


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChatRequest(Strict):
    session_id: str | None = Field(default=None, max_length=64, description="omit to start a new session")
    message: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="the user's turn")
    as_of: date | None = Field(default=None, description="date for validity checks (default: today)")

    @field_validator("message")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("message is blank")
        return v


class ChatResponse(BaseModel):
    session_id: str
    turn: int = Field(description="1-based number of this turn among the turns the session still keeps")
    response: AskResponse


class ClauseOut(BaseModel):
    id: str = Field(description="citation id, e.g. 2024#9")
    kind: Literal["clause", "passage"]
    doc_key: str
    doc: str = Field(description="文号")
    clause: int | None = Field(description="第N条; null for an unnumbered passage")
    display: str
    title: str | None
    section: str | None = None
    text: str
    responsible_units: list[str]
    implementing_units: list[str] = []
    validity: ValidityOut | None = None
    match: Literal["substring", "retriever"] | None = Field(default=None, description="how a search found it")
    score: float | None = None


class ClauseList(BaseModel):
    count: int
    items: list[ClauseOut]
    search: Literal["substring", "retriever+substring"] | None = None


class CalculatorCard(BaseModel):
    name: str
    citation: str
    title: str
    description: str
    no_figure: bool
    inputs_needed: list[dict[str, Any]]
    input_schema: dict[str, Any]


class CalculatorRun(Strict):
    inputs: dict[str, Any] = Field(description="the calculator's inputs, validated against its input_schema")
    as_of: date | None = Field(default=None, description="date for the validity note (default: today)")


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Ready(BaseModel):
    status: Literal["ready", "loading", "failed"]
    load_seconds: float | None = None
    error: str | None = None
