"""Typed building blocks for award arithmetic, as pure functions.

Why this shape: a policy official must be able to read every calculator line by line against its clause,
so each block does one thing the clauses do (fixed sum, rate x base with a cap, per-unit x count with a cap,
tier table, matching share, minimum payable, "up to" ceiling, range).

Money is integer 元. Rates are ``Decimal`` so that 30% of 12,345 元 is exactly 3,703.5 元; caps and minimums are
compared against that exact figure, and rounding to whole 元 (ROUND_HALF_UP) happens only once, at the end,
in :func:`to_yuan`. Nothing here uses floats.

Thresholds follow 民法典 第1259条: 以上/以下/以内/（含）/及以上/不低于/达 include the number; 不满/超过/低于/以外 exclude it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Number = int | Decimal

#: Words that put the threshold itself inside the qualifying set (民法典 第1259条 and "（含）").
INCLUSIVE_WORDS = ("以上", "及以上", "（含）以上", "不低于", "达", "以下", "以内", "（含）以下")
#: Words that leave the threshold itself outside.
EXCLUSIVE_WORDS = ("超过", "超", "不满", "低于", "以外")

LowerWord = Literal["以上", "及以上", "（含）以上", "不低于", "达", "超过", "超"]
UpperWord = Literal["以下", "以内", "（含）以下", "不满", "低于"]


def at_least(value: Number, threshold: Number, word: LowerWord = "以上") -> bool:
    """Lower threshold: 以上/及以上/不低于/达 include the threshold; 超过/超 exclude it."""
    if word in ("超过", "超"):
        return Decimal(value) > Decimal(threshold)
    return Decimal(value) >= Decimal(threshold)


def at_most(value: Number, threshold: Number, word: UpperWord = "以下") -> bool:
    """Upper threshold: 以下/以内 include the threshold; 不满/低于 exclude it."""
    if word in ("不满", "低于"):
        return Decimal(value) < Decimal(threshold)
    return Decimal(value) <= Decimal(threshold)


def to_yuan(amount: Number) -> int:
    """Round an exact amount to whole 元, half up (0.5 元 -> 1 元). Call once, at the end."""
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def pct(value_pct: Number) -> Decimal:
    """A percentage written as a number (30 -> 0.30), exact."""
    return Decimal(value_pct) / Decimal(100)


@dataclass(frozen=True)
class Capped:
    """An exact amount after an optional cap; ``capped`` says whether the cap bit."""

    exact: Decimal
    uncapped: Decimal
    capped: bool

    @property
    def yuan(self) -> int:
        return to_yuan(self.exact)


def cap(amount: Number, cap_yuan: int | None) -> Capped:
    """Apply a ceiling (最高不超过 / 单家企业不超过). ``None`` means no cap."""
    exact = Decimal(amount)
    if cap_yuan is not None and exact > cap_yuan:
        return Capped(exact=Decimal(cap_yuan), uncapped=exact, capped=True)
    return Capped(exact=exact, uncapped=exact, capped=False)


def fixed(amount_yuan: int) -> int:
    """A fixed sum the clause states (给予30万元奖励)."""
    if amount_yuan < 0:
        raise ValueError("a fixed award cannot be negative")
    return amount_yuan


def rate_with_cap(base: Number, rate: Decimal, cap_yuan: int | None = None) -> Capped:
    """rate x base, then the cap (按投资额的20%予以补助，最高不超过200万元)."""
    return cap(Decimal(base) * rate, cap_yuan)


def per_unit_with_cap(unit_yuan: Number, count: Number, cap_yuan: int | None = None) -> Capped:
    """per-unit x count, then the cap (每台（套）追加1000元，单家企业不超过5万元; 每吨标准煤500元，最高150万元)."""
    return cap(Decimal(unit_yuan) * Decimal(count), cap_yuan)


def whole_increments(amount: int, step: int) -> int:
    """How many whole ``step``s fit in ``amount`` (每增加1000万元: 1999万 -> 1). Never negative."""
    if step <= 0:
        raise ValueError("step must be positive")
    return max(0, amount) // step


def matching_share(higher_award_yuan: int, share: Decimal, cap_yuan: int | None = None) -> Capped:
    """District matching as a share of a higher-level award (按市级奖励的50%), then the cap."""
    return rate_with_cap(higher_award_yuan, share, cap_yuan)


def minimum_payable(amount: Number, minimum_yuan: int) -> bool:
    """True if the award is paid: "奖励金额在1万元以下的企业不安排" — 以下 includes the number, so an award of
    exactly the minimum (or less) is not paid. Compared on the exact amount, before rounding."""
    return Decimal(amount) > minimum_yuan


def agrees(stated: Number, exact: Number, unit: Number | None = None) -> bool:
    """Does a figure the caller stated (usually rounded: "增长了12%") agree with the one computed from absolute figures?

    They agree when they differ by less than ``unit``; by default one unit of the stated figure's last non-zero decimal
    place, at most 1 (trailing zeros say nothing: 12.0 is read as 12). So 12 agrees with 11.6 and 12.9, 12.5 with
    12.46, and 12 does not agree with 13.2. Used only to catch contradictions; where both are given the absolute
    figures decide."""
    s = Decimal(stated)
    if unit is None:
        exponent = s.normalize().as_tuple().exponent
        unit = Decimal(1).scaleb(min(0, exponent)) if isinstance(exponent, int) else Decimal(1)
    return abs(s - Decimal(exact)) < Decimal(unit)


@dataclass(frozen=True)
class AmountRange:
    """A range or ceiling the clause states instead of a fixed figure (最高/不超过/300至600元)."""

    min_yuan: int | None
    max_yuan: int
    upper_bound: bool


def up_to(ceiling: Number) -> AmountRange:
    """"最高给予…" / "不超过…": only a ceiling is known; the actual figure is decided by the payer."""
    return AmountRange(min_yuan=None, max_yuan=to_yuan(ceiling), upper_bound=True)


def range_per_unit(low_yuan: int, high_yuan: int, count: int) -> AmountRange:
    """"300至600元" per unit x count: both ends are known, the point inside is decided by the payer."""
    if low_yuan > high_yuan:
        raise ValueError("low end above high end")
    return AmountRange(min_yuan=low_yuan * count, max_yuan=high_yuan * count, upper_bound=False)


@dataclass(frozen=True)
class Tier:
    """One row of a tier table: inclusive lower bounds and exclusive upper bounds per variable."""

    label: str
    amount_yuan: int
    lower: dict[str, Decimal]
    upper_exclusive: dict[str, Decimal]
    clause_words: str

    def matches(self, values: dict[str, Number]) -> bool:
        return all(Decimal(values[k]) >= v for k, v in self.lower.items()) and all(
            Decimal(values[k]) < v for k, v in self.upper_exclusive.items()
        )


def pick_tier(tiers: list[Tier], values: dict[str, Number]) -> Tier | None:
    """First matching tier, tiers listed highest first (so an enterprise in several bands gets the highest)."""
    for tier in tiers:
        if tier.matches(values):
            return tier
    return None


def all_conditions(results: list[bool | None]) -> bool | None:
    """Three-valued AND: any False -> False; else any None (undecidable) -> None; else True."""
    if any(r is False for r in results):
        return False
    if any(r is None for r in results):
        return None
    return True


def any_condition(results: list[bool | None]) -> bool | None:
    """Three-valued OR, for alternative conditions (A 或 B)."""
    if any(r is True for r in results):
        return True
    if any(r is None for r in results):
        return None
    return False


def fmt_yuan(amount: Number) -> str:
    """Money as people write it, never losing a yuan: 150000 -> '15万元', 4650000000 -> '46.5亿元',
    12500 -> '1.25万元', 12345 -> '12,345元', 800 -> '800元', 3703.5 -> '3,703.5元'.

    亿 or 万 are used only where the figure is exact in them with at most four (亿) or two (万) decimals."""
    exact = Decimal(amount)
    if exact != exact.to_integral_value():
        return f"{exact.normalize():,f}元"
    n = int(exact)
    if abs(n) >= 100_000_000 and n % 10_000 == 0:
        return f"{_plain(Decimal(n) / 100_000_000)}亿元"
    if abs(n) >= 10_000 and n % 100 == 0:
        return f"{_plain(Decimal(n) / 10_000)}万元"
    return f"{n:,}元"


def _plain(d: Decimal) -> str:
    """4650 -> '4650', 46.50 -> '46.5' (no exponent, no trailing zeros)."""
    return f"{d.normalize():f}"


def fmt_number(value: Number) -> str:
    """A bound or a count as people write it: 10000000 -> '1000万', 0.5 -> '0.5', 100000 -> '10万'."""
    exact = Decimal(value)
    if exact == exact.to_integral_value():
        n = int(exact)
        if abs(n) >= 100_000_000 and n % 10_000 == 0:
            return f"{_plain(Decimal(n) / 100_000_000)}亿"
        if abs(n) >= 10_000 and n % 100 == 0:
            return f"{_plain(Decimal(n) / 10_000)}万"
        return str(n)
    return _plain(exact)
