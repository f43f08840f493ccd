"""What a conversation has told us about the enterprise, as the 政策体检's :class:`EnterpriseProfile`.

Why: the chat and the check-up must understand a fact once. The chat reads figures per measure (the calculator's
bindings, with the clause's own topic words around them); the check-up reasons over profile fields. This module is
the bridge, in one direction only and without guessing:

* yes/no conditions (规上, 工业, 制造业) come from the shared vocabulary (``assistant/conditions.py``), with the
  negation the user wrote;
* a figure becomes a profile field only through a check-up ``Feed`` that copies that field into the calculator input
  the figure was bound to, and only when the figure was bound from the user's own words for a measure the
  conversation names (the answered measure, or a piece of a turn whose distinctive topic words name one) — never a
  default, never a fallback across measures;
* later turns replace earlier ones field by field (the chat's correction rule); figures that cannot all be true
  (the profile's contradiction checks) are dropped rather than chosen between.

Every fact keeps the words and the turn it came from (``sources``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from assistant import conditions
from assistant.binding import Bound, bind
from assistant.checkup.mapping import MAPPINGS
from assistant.checkup.profile import EnterpriseProfile, contradictions
from assistant.slots import extract_slots


class FactSource(BaseModel):
    words: str = Field(description="the user's words the fact was read from")
    turn: int = Field(description="0-based index of the user turn (history first, the question last)")


class ChatFacts(BaseModel):
    profile: EnterpriseProfile = Field(default_factory=EnterpriseProfile)
    sources: dict[str, FactSource] = Field(default_factory=dict, description="profile field -> where it was said")

    def given(self) -> dict[str, Any]:
        return self.profile.model_dump(exclude_none=True, mode="json")


@lru_cache(maxsize=1)
def inverse_feeds() -> dict[str, dict[str, str]]:
    """calculator -> {calculator input: profile field} for the check-up's copy feeds (a figure passed through as is)."""
    out: dict[str, dict[str, str]] = {}
    for m in MAPPINGS:
        copies = {f.target: f.sources[0] for f in m.feeds if f.derive is None and len(f.sources) == 1}
        if copies:
            out[m.calculator] = copies
    return out


def _sector_words(groups: Iterable[str]) -> set[str]:
    vocab = conditions.vocabulary()
    return {w for g in groups for w in vocab.sectors.get(g, [])}


def condition_facts(text: str) -> dict[str, tuple[Any, str]]:
    """Profile facts one turn states about scale and sector: {field: (value, words)}."""
    out: dict[str, tuple[Any, str]] = {}
    vocab = conditions.vocabulary()
    value, words = conditions.condition("above_scale_industrial", text)
    if value is True:
        out["scale"] = ("规上", words or "")
    elif value is False:
        if words in _sector_words(vocab.conditions["above_scale_industrial"].no_sectors):
            out["industrial_enterprise"] = (False, words or "")
        else:
            out["scale"] = ("规下", words or "")
    for name, field in (("industrial", "industrial_enterprise"), ("manufacturing", "manufacturing_enterprise")):
        value, words = conditions.condition(name, text)
        if value is None:
            continue
        if value is False and words in _sector_words(["non_industrial"]):
            out["industrial_enterprise"] = (False, words or "")
            continue
        out.setdefault(field, (value, words or ""))
    # 规上 in these industrial plans reads as 规模以上工业企业 unless a sector says otherwise (docs/conventions.md)
    if out.get("scale", (None,))[0] == "规上" and "industrial_enterprise" not in out:
        out["industrial_enterprise"] = (True, out["scale"][1])
    return out


def _profile_value(field: str, value: Any) -> Any:
    """A bound calculator input in the profile field's type (integral Decimals to int for 元/台/千瓦时 counts)."""
    if isinstance(value, Decimal) and value == value.to_integral_value():
        try:
            EnterpriseProfile.model_validate({field: int(value)})
            return int(value)
        except ValidationError:
            pass
    return value


def bound_facts(calculator: str, bound: Bound) -> dict[str, tuple[Any, str]]:
    """The profile facts in a calculator's bound inputs: only inputs read from the user's words."""
    copies = inverse_feeds().get(calculator, {})
    out: dict[str, tuple[Any, str]] = {}
    for target, source in copies.items():
        # a hedged figure (十来万度) is no exact fact, whatever value answered the question
        if target in bound.used and target in bound.inputs and target not in bound.assumed and target not in bound.approx:
            out[source] = (_profile_value(source, bound.inputs[target]), bound.used[target])
    return out


def _measure_groups(pieces: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """Pieces joined to the measure named before them ("春节用了九十万度电，市里奖了六万" is one measure's text)."""
    groups: list[tuple[str, str]] = []
    for piece, clause in pieces:
        if clause is not None:
            groups.append((clause, piece))
        elif groups:
            groups[-1] = (groups[-1][0], groups[-1][1] + piece)
    return groups


def gather(
    turns: list[str],
    pieces_of: Callable[[str], list[tuple[str, str | None]]],
    calculators_of: Callable[[str], list[Any]],
    answered: list[tuple[str, Bound]] = (),
) -> ChatFacts:
    """Facts from every user turn (oldest first), then the answered measures' bound inputs, later ones replacing."""
    facts: dict[str, tuple[Any, FactSource]] = {}

    def put(found: dict[str, tuple[Any, str]], turn: int) -> None:
        for field, (value, words) in found.items():
            facts[field] = (value, FactSource(words=words, turn=turn))

    last = len(turns) - 1
    for i, text in enumerate(turns):
        put(condition_facts(text), i)
        for clause, piece in _measure_groups(pieces_of(text)):
            for calc in calculators_of(clause):
                if calc.name not in inverse_feeds():
                    continue
                b = bind(calc.name, piece, extract_slots(piece), calc.input_model)
                put(bound_facts(calc.name, b), i)
    for calculator, bound in answered:
        put(bound_facts(calculator, bound), last)
    return _validated(facts)


def _validated(facts: dict[str, tuple[Any, FactSource]]) -> ChatFacts:
    values: dict[str, Any] = {}
    for field, (value, _) in facts.items():
        try:  # a figure the profile cannot hold (out of its bounds) is left out, not forced in
            EnterpriseProfile.model_validate({field: value})
        except ValidationError:
            continue
        values[field] = value
    clash = {f for fields, _ in contradictions(EnterpriseProfile.model_construct(**values)) for f in fields}
    values = {k: v for k, v in values.items() if k not in clash}
    try:
        profile = EnterpriseProfile.model_validate(values)
    except ValidationError:
        return ChatFacts()
    return ChatFacts(profile=profile, sources={k: facts[k][1] for k in values})
