"""The figures of every rule, declared once beside the corpus with the clause words they come from.

Why a table apart from the formulas (as OpenFisca and PolicyEngine keep parameters): an official checks each figure
against its clause in one file that reads like the clause (``corpus/figures/<document>.yaml``), a test proves the
words are the clause's own and that the number read from them equals the declared value, and the formulas only name
figures (``F.cap.yuan``), so no number is typed twice.

Why YAML beside the corpus rather than in the rule modules: the figures are the documents' data, reviewed with the
documents' text and metadata by people who do not read Python, and the same clause-words check that guards the
metadata quotes guards them. Figure files are not part of the retrieval index (``corpus_fingerprint`` skips them).

A figure may carry ``word``: the threshold word of the clause (以上, （含）以上, 以下, 不满, 超过 …); 民法典 第1259条 then
decides whether the number itself qualifies (``blocks.EXCLUSIVE_WORDS``), read from the data instead of the code.
"""

from __future__ import annotations

import time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from calculators.blocks import EXCLUSIVE_WORDS, fmt_number, fmt_yuan

FIGURES_DIR = "figures"

#: Units a figure may have: money, physical quantities, and the classifiers of counts.
Unit = Literal["元", "美元", "%", "千瓦时", "千瓦", "千伏", "吨标准煤", "家", "次", "台", "人", "个", "年"]
LOWER_WORDS = ("以上", "及以上", "（含）以上", "不低于", "达", "超过", "超")
UPPER_WORDS = ("以下", "以内", "（含）以下", "不满", "低于", "不超过", "上限")  # 上限: a ceiling, itself allowed


class FigureError(ValueError):
    """A figure file that cannot be read, or a rule asking for a figure nobody declared."""


class Figure(BaseModel):
    """One number of one clause: its value in ``unit``, the clause words it comes from, and how the clause writes it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    clause: str = ""
    name: str = ""
    value: Decimal
    unit: Unit
    words: str = Field(min_length=1, description="the clause words, verbatim (whitespace aside)")
    text: str | None = Field(default=None, description="the numeral inside ``words`` when they hold several figures")
    word: str | None = Field(default=None, description="threshold word: 以上, （含）以上, 以下, 不满, 超过 …")

    @field_validator("word")
    @classmethod
    def _known_word(cls, v: str | None) -> str | None:
        if v is not None and v not in LOWER_WORDS + UPPER_WORDS:
            raise ValueError(f"unknown threshold word {v!r}; expected one of {LOWER_WORDS + UPPER_WORDS}")
        return v

    # ---- the number -------------------------------------------------------------------------------------------------
    @property
    def n(self) -> int | Decimal:
        """The value as a plain number: an int when whole (150000), else a Decimal (0.5)."""
        v = self.value
        return int(v) if v == v.to_integral_value() else v

    @property
    def yuan(self) -> int:
        if self.unit not in ("元", "美元") or self.value != self.value.to_integral_value():
            raise FigureError(f"{self.clause} {self.name}: {self.value} {self.unit} is not a whole amount of money")
        return int(self.value)

    @property
    def rate(self) -> Decimal:
        """A percentage as a rate (50 -> 0.50), exact."""
        if self.unit != "%":
            raise FigureError(f"{self.clause} {self.name}: {self.unit} is not a percentage")
        return self.value / Decimal(100)

    # ---- as written -------------------------------------------------------------------------------------------------
    @property
    def shown(self) -> str:
        """The figure as people write it: 15万元, 50%, 50万千瓦时, 300吨标准煤, 30家."""
        if self.unit == "元":
            return fmt_yuan(self.value)
        if self.unit == "美元":
            return fmt_yuan(self.value)[:-1] + "美元"
        if self.unit == "%":
            return f"{fmt_number(self.value)}%"
        return f"{fmt_number(self.value)}{self.unit}"

    # ---- thresholds -------------------------------------------------------------------------------------------------
    @property
    def inclusive(self) -> bool:
        """Does the number itself qualify (以上/以下/（含）/不低于/达: yes; 超过/不满/低于: no)?"""
        if self.word is None:
            raise FigureError(f"{self.clause} {self.name}: no threshold word declared")
        return self.word not in EXCLUSIVE_WORDS  # 不超过 is “not above”: the number itself is in

    @property
    def lower(self) -> bool:
        if self.word is None:
            raise FigureError(f"{self.clause} {self.name}: no threshold word declared")
        return self.word in LOWER_WORDS

    def met_by(self, value: int | Decimal) -> bool:
        """Does ``value`` meet this threshold as its word says?"""
        v, t = Decimal(value), self.value
        if self.lower:
            return v >= t if self.inclusive else v > t
        return v <= t if self.inclusive else v < t

    def sign(self, met: bool) -> str:
        """The comparison a step shows: ≥/< for 以上, >/≤ for 超过, ≤/> for 以下, </≥ for 不满."""
        pairs = {(True, True): ("≥", "<"), (True, False): (">", "≤"), (False, True): ("≤", ">"), (False, False): ("<", "≥")}
        yes, no = pairs[(self.lower, self.inclusive)]
        return yes if met else no

    @property
    def word_note(self) -> str:
        """（“以上”含本数） — says which side the number itself falls on."""
        return f"（“{self.word}”{'含' if self.inclusive else '不含'}本数）"


class Figures:
    """The figure table of one clause; ``F.cap`` is the figure named ``cap``. Resolved when used, so the table can
    be corrected without re-importing the rules."""

    def __init__(self, clause: str):
        self.clause = clause

    def __getattr__(self, name: str) -> Figure:
        if name.startswith("__"):
            raise AttributeError(name)
        table = all_figures().get(self.clause)
        if table is None:
            raise FigureError(f"no figures declared for {self.clause} (corpus/{FIGURES_DIR}/*.yaml)")
        try:
            return table[name]
        except KeyError:
            raise FigureError(
                f"{self.clause} has no figure {name!r} (declared: {', '.join(table)}) in corpus/{FIGURES_DIR}/"
            ) from None

    def __repr__(self) -> str:
        return f"Figures({self.clause!r})"


def figures(clause: str) -> Figures:
    """The figure table of ``clause`` (e.g. ``2024#9``)."""
    return Figures(clause)


def load_figure_file(path: Path) -> dict[str, dict[str, Figure]]:
    """``{clause id: {name: Figure}}`` from one file; errors name the file, the clause and the figure."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise FigureError(f"{path}: cannot read: {e}") from None
    if not isinstance(data, dict):
        raise FigureError(f"{path}: expected a mapping of clause ids to figure tables")
    out: dict[str, dict[str, Figure]] = {}
    for clause, table in data.items():
        if not isinstance(table, dict):
            raise FigureError(f"{path}: {clause}: expected a mapping of figure names")
        out[str(clause)] = {}
        for name, spec in table.items():
            try:
                out[str(clause)][str(name)] = Figure.model_validate({**spec, "clause": str(clause), "name": str(name)})
            except (ValidationError, TypeError) as e:
                raise FigureError(f"{path}: {clause} {name}: {e}") from None
    return out


#: A figure file edit shows within this many seconds; a check-up (dozens of rules) does not stat the files each time.
RECHECK_SECONDS = 2.0
_STAMPS: dict[str, tuple[float, tuple]] = {}


def _stamp(directory: Path) -> tuple:
    key = str(directory)
    now = time.monotonic()
    seen = _STAMPS.get(key)
    if seen and now - seen[0] < RECHECK_SECONDS:
        return seen[1]
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(directory.glob("*.yaml")))
    _STAMPS[key] = (now, stamp)
    return stamp


@lru_cache(maxsize=4)
def _load(directory: str, stamp: tuple) -> dict[str, dict[str, Figure]]:
    merged: dict[str, dict[str, Figure]] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        for clause, table in load_figure_file(path).items():
            if clause in merged:
                raise FigureError(f"{path}: figures for {clause} are declared in two files")
            merged[clause] = table
    return merged


def figures_dir() -> Path:
    from assistant.settings import get_settings  # the corpus location is the assistant's setting

    return _resolved(str(get_settings().corpus_dir))


@lru_cache(maxsize=8)
def _resolved(corpus_dir: str) -> Path:
    return (Path(corpus_dir) / FIGURES_DIR).resolve()


def all_figures() -> dict[str, dict[str, Figure]]:
    """Every declared figure of the configured corpus, re-read when a figure file changes."""
    directory = figures_dir()
    return _load(str(directory), _stamp(directory))
