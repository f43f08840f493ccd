"""Yes/no conditions read from what the user wrote: stated, negated, or unknown — never assumed.

Why one module: every clause that asks "规上工业企业？" or "通过验收？" reads the user's words the same way, so
negation ("还没上规", "不是制造业", "没进培育库") and assertion ("我们刚评上专精特新") are decided once, from the
vocabulary in ``assistant/data/facts.yaml``, instead of a negate list per calculator. Three values: True (stated),
False (stated or negated), None (nobody said) — the caller answers conditionally on None.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

FACTS_FILE = Path(__file__).parent / "data" / "facts.yaml"
PIECE_SEPS = "，,。；;！!？?\n"


class ConditionWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    yes_words: list[str]
    no_words: list[str] = Field(default_factory=list)
    no_sectors: list[str] = Field(default_factory=list, description="sector groups whose naming rules it out")


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    negation_before: str
    negation_scope: str
    negation_after: str
    sectors: dict[str, list[str]]
    conditions: dict[str, ConditionWords]
    assertion_before: str
    assertion_after: str
    all_conditions: str
    received_award: list[str] = []
    not_received: str
    prospective: str = "$^"  # "在做/准备/打算…" before a topic in its piece: a plan or a process, no status stated


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    vocab = Vocabulary.model_validate(yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8")))
    for name, words in vocab.conditions.items():
        unknown = [s for s in words.no_sectors if s not in vocab.sectors]
        if unknown:
            raise ValueError(f"{FACTS_FILE.name}: conditions.{name}.no_sectors names unknown sector groups {unknown}")
    return vocab


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    v = vocabulary()
    return (re.compile(v.negation_before), re.compile(v.negation_after), re.compile(v.assertion_before),
            re.compile(v.assertion_after), re.compile(v.negation_scope))


def _piece_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(s, 0, start) for s in PIECE_SEPS) + 1
    rights = [i for i in (text.find(s, end) for s in PIECE_SEPS) if i != -1]
    return left, (min(rights) if rights else len(text))


# A-不-A questions ("算不算", "属不属于", "是不是", "有没有") ask; they never negate. Their 不/没 is masked before
# the negation patterns are read.
A_NOT_A = re.compile(r"(.)[不没](?=\1)")


def negated(text: str, start: int, end: int) -> bool:
    """Is the phrase at text[start:end] negated by the words right around it, within its clause piece?"""
    neg_before, neg_after, _, _, scope = _patterns()
    text = A_NOT_A.sub(r"\1～", text)  # same length: the positions still hold
    left, right = _piece_bounds(text, start, end)
    after = neg_after.search(text[end:right])
    # "验收还没过", "规上还不是": the negator ends the piece (or a particle does); in "厂还没上规" it negates 上规
    after_ok = bool(after) and not re.match(r"[^了过呢吧啊呀的，,。；;！!？?\s]{2}", text[end + after.end() : right])
    return bool(neg_before.search(text[max(left, start - 8) : start]) or scope.search(text[left:start]) or after_ok)


def _spans(text: str, words: list[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping occurrences, longest phrase first ("规上工业" before "规上")."""
    taken: list[tuple[int, int, str]] = []
    for w in sorted(set(words), key=len, reverse=True):
        for m in re.finditer(re.escape(w), text):
            if not any(m.start() < e and s < m.end() for s, e, _ in taken):
                taken.append((m.start(), m.end(), w))
    return sorted(taken)


def polarity(text: str, yes: list[str], no: list[str] = (), no_sectors: list[str] = ()) -> tuple[bool | None, str | None]:
    """(value, the words that decided it). A negation the user wrote always wins over a plain mention."""
    vocab = vocabulary()
    sector_words = [w for s in no_sectors for w in vocab.sectors.get(s, [])]
    spans = _spans(text, [*yes, *no, *sector_words])
    yes_set = set(yes)
    stated_yes: str | None = None
    for s, e, w in spans:
        is_yes = w in yes_set
        if is_yes and negated(text, s, e):
            return False, text[max(0, s - 3) : e]
        if not is_yes and not negated(text, s, e):
            return False, w
        if is_yes and stated_yes is None:
            stated_yes = w
    return (True, stated_yes) if stated_yes else (None, None)


def condition(name: str, text: str) -> tuple[bool | None, str | None]:
    c = vocabulary().conditions[name]
    return polarity(text, c.yes_words, c.no_words, c.no_sectors)


def asserted(text: str, terms: list[str]) -> tuple[bool | None, str | None]:
    """Does the user state about their own enterprise the clause's topic ("我们刚评上省专精特新")?

    True only inside a first-person statement or a completed action ("评上了"); False when such a mention is
    negated ("还没通过验收"); None for a bare topic ("专精特新能奖多少？"), which states nothing about the asker."""
    _, _, before, after, _ = _patterns()
    for s, e, w in _spans(text, terms):
        if negated(text, s, e):
            return False, text[max(0, s - 3) : e]
        left, right = _piece_bounds(text, s, e)
        if re.search(vocabulary().prospective, text[left:s]):
            continue  # "我们厂在做两化融合贯标": a process under way states no listing
        if before.search(text[left:s]) or after.search(text[e:right]):
            return True, w
    return None, None


def mentioned(text: str, terms: list[str]) -> tuple[bool | None, str | None]:
    """A topic word the user wrote, read with its negation: used where the user's own figures show that they
    describe their own case."""
    for s, e, w in _spans(text, terms):
        return (False, text[max(0, s - 3) : e]) if negated(text, s, e) else (True, w)
    return None, None


def all_stated(text: str) -> str | None:
    """"条件都符合": the words, when the user states every condition of the clause at once."""
    m = re.search(vocabulary().all_conditions, text)
    return m.group(0) if m else None


def received(text: str, level: str) -> tuple[bool | None, str | None]:
    """"市里的补助已经拿到了": (True, the words) when the user says an award of ``level`` (市 / 省) was received without
    its figure; (False, the words) when said negated ("市里的补助还没拿到", "没拿到市级补助"); (None, None) otherwise."""
    for pattern in vocabulary().received_award:
        for m in re.finditer(pattern.replace("{L}", re.escape(level)), text):
            piece = text[max(0, m.start() - 8):m.end()]
            return (False, m.group(0)) if re.search(vocabulary().not_received, piece) else (True, m.group(0))
    return None, None
