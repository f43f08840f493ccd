"""The records between understanding and answering: the dialogue state and the route.

Why records: a route is a decision (which clause, which calculator, which facts, what is still unknown, why) that
can be logged, compared and tested without composing an answer or loading the embedding model; the dialogue state
is what earlier turns established, rebuilt from ``history`` for the stateless endpoints.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from assistant.binding import Bound
from assistant.schema import Intent


class DialogueState(BaseModel):
    """What earlier turns established. Facts are re-read from ``turns`` for whatever calculator the new turn needs
    (so a fact said once serves every clause); ``bound`` keeps the figures of the clause talked about."""

    model_config = ConfigDict(frozen=True)

    target: str | None = None
    intent: str | None = None
    calculator: str | None = None
    bound: Bound | None = None
    turns: tuple[tuple[str, str | None], ...] = Field(
        default=(), description="earlier turns: text without injected pieces, and the clause it was about"
    )
    pinned: bool = Field(default=False, description="the measure is decided (one part of a several-measure "
                         "question): the text is read for it, never re-routed")


class Route(BaseModel):
    """The routing decision for one turn; composing the answer is a separate step."""

    model_config = ConfigDict(frozen=True)

    intent: Intent
    targets: tuple[str, ...] = Field(default=(), description="clause ids, in the order asked")
    calculators: tuple[str, ...] = ()
    facts_used: dict[str, str] = Field(default_factory=dict, description="calculator input -> the user's words")
    unknown_conditions: tuple[str, ...] = Field(default=(), description="conditions nobody stated: never assumed")
    needs: tuple[str, ...] = Field(default=(), description="figures to ask for")
    refusal: str | None = Field(default=None, description="why the turn is refused, when it is")
    reason: str = Field(description="readable trace: retrieval ranks, fit, the cue that decided")
