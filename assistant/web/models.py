"""Typed request/response models of the web API that are not already part of the assistant contract.

``AskRequest``/``AskResponse`` (assistant.schema) and ``CalcResult`` (calculators.models) are reused as they are;
everything a client sends is ``extra="forbid"`` so a misspelt field is an error, not silently ignored.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from assistant.schema import MAX_HISTORY_TURNS, MAX_QUESTION_CHARS, AskRequest, AskResponse, ValidityOut

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day_only(value: Any) -> Any:
    """Only a ``YYYY-MM-DD`` string (or a date) is a date here: pydantic would also read 0 or "0" as a Unix
    timestamp (1970-01-01), which the schema (``format: date``) does not allow and no caller means."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


#: A calendar day written YYYY-MM-DD, in a JSON body or a query string; the schema says ``string``/``date``.
IsoDate = Annotated[date, BeforeValidator(_iso_day_only)]

#: A non-blank text: the schema's ``pattern`` says what the validator checks (Python's ``\S``: any non-space).
NOT_BLANK = r"\S"


class Strict(BaseModel):
    # python-re: the "\S" pattern is matched with Python's notion of whitespace, the one str.strip() uses, which is
    # also the regex dialect schemathesis generates from.
    model_config = ConfigDict(extra="forbid", regex_engine="python-re")


class AskBody(AskRequest):
    """``POST /v1/ask``'s body: :class:`assistant.schema.AskRequest` with its rules stated in the schema (a
    non-blank question, each history turn at most MAX_QUESTION_CHARS, the date as YYYY-MM-DD)."""

    model_config = ConfigDict(extra="forbid", regex_engine="python-re", title="AskRequest")

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, pattern=NOT_BLANK,
                          description="the user's turn (not blank)")
    history: list[Annotated[str, Field(max_length=MAX_QUESTION_CHARS)]] = Field(
        default_factory=list, max_length=MAX_HISTORY_TURNS, description="earlier user turns, oldest first")
    as_of: IsoDate | None = Field(default=None, description="date for validity checks (default: today)")


class ChatRequest(Strict):
    session_id: str | None = Field(default=None, min_length=1, max_length=64,
                                   description="omit (or null) to start a new session")
    message: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, pattern=NOT_BLANK,
                         description="the user's turn (not blank)")
    as_of: IsoDate | None = Field(default=None, description="date for validity checks (default: today)")

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
    as_of: IsoDate | None = Field(default=None, description="date for the validity note (default: today)")


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Ready(BaseModel):
    status: Literal["ready", "loading", "failed", "sessions_unavailable"]
    load_seconds: float | None = None
    error: str | None = None
    build: str | None = Field(default=None, description="the index build answering (changes after a rebuild)")
    session_store: str = Field(default="memory", description="`memory` or the Redis URL (password hidden)")
