"""Result model shared by every calculator, plus the typed input field kinds.

Why: the assistant, the API and a policy official all read the same ``CalcResult``; it carries the figure, the
clause words each check rests on, and what the text leaves open, so nothing has to be guessed downstream.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

FundingLevel = Literal["省级", "市级", "区级"]

# ---- input field kinds (units in the name; money is always integer 元) -------------------------------------------
Yuan = Annotated[int, Field(ge=0, description="元, integer ≥ 0")]
Count = Annotated[int, Field(ge=0, description="count ≥ 0")]
SharePct = Annotated[Decimal, Field(ge=0, le=100, description="percent 0–100, e.g. 12.5")]
GrowthPct = Annotated[Decimal, Field(ge=-100, le=100000, description="growth in percent, ≥ -100, e.g. 12.5")]
RatioPct = Annotated[
    Decimal, Field(ge=0, le=100000, description="one figure as a percent of another, ≥ 0, e.g. 95 (may exceed 100)")
]
Kwh = Annotated[Decimal, Field(ge=0, description="千瓦时 kWh ≥ 0")]
Tce = Annotated[Decimal, Field(ge=0, description="吨标准煤 tonnes of standard coal ≥ 0")]
Usd = Annotated[int, Field(ge=0, description="美元 USD, integer ≥ 0")]


def display_citation(citation: str) -> str:
    """2022#14 -> 文号 第14条, the form answers and reports cite; the 文号 comes from the document registry
    (``corpus/<name>.yaml``), the one place a document is named."""
    from assistant.documents import display_citation as display  # lazily: the corpus is another package's

    return display(citation)


class CalcInput(BaseModel):
    """Base of every input model: unknown fields are an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


# ---- result ----------------------------------------------------------------------------------------------------------
class Step(BaseModel):
    """One check or one arithmetic step, with the clause words it rests on (verbatim, whitespace aside)."""

    check: str = Field(description="人读的一句话，含具体数字 / human sentence with the figure")
    clause_words: str = Field(description="条文原文（逐字）/ verbatim words of the clause")
    passed: bool | None = Field(
        default=None, description="条件是否满足；None = 无法从条文或输入判断，或本步骤是计算步骤"
    )
    kind: Literal["condition", "amount"] = "condition"


class AwardPart(BaseModel):
    """One payer's part of an award. ``levels`` has two entries where the clause names a joint payer (市、区两级)."""

    levels: list[FundingLevel]
    label: str
    amount_yuan: int | None = None
    amount_min_yuan: int | None = None
    amount_max_yuan: int | None = None

    @property
    def level(self) -> str:
        return "、".join(self.levels) if self.levels else "未写明"


class Amount(BaseModel):
    """How much a rule gives, in the one shape calculator results, API answers and check-up items share.

    (docs/conventions.md) ``amount_yuan`` only when the clause fixes the figure for the inputs (0 when not eligible or
    below the minimum payable; when eligibility is unknown it is the figure *if* eligible); a ceiling gives
    ``amount_max_yuan`` with ``upper_bound``; a range gives min and max; a clause with no figure leaves all three
    null and sets ``no_figure``.
    """

    amount_yuan: int | None = None
    amount_min_yuan: int | None = None
    amount_max_yuan: int | None = None
    upper_bound: bool = False
    no_figure: bool = False

    def amount_words(self, decided_by: str | None = None, pending: str | None = None) -> str:
        """The amount as a report writes it: 3万元 / 300元 至 600元 / 最高 20万元 / 条文未写金额（…） / 金额待定（…）;
        money always in ``blocks.fmt_yuan``'s form."""
        from calculators.blocks import fmt_yuan

        if self.no_figure:
            return f"条文未写金额（{decided_by}）" if decided_by else "条文未写金额"
        if self.amount_yuan is not None and not self.upper_bound and self.amount_max_yuan is None:
            return fmt_yuan(self.amount_yuan)
        if self.amount_min_yuan is not None and self.amount_max_yuan is not None:
            return f"{fmt_yuan(self.amount_min_yuan)} 至 {fmt_yuan(self.amount_max_yuan)}"
        if self.amount_max_yuan is not None:
            return f"最高 {fmt_yuan(self.amount_max_yuan)}"
        return f"金额待定（{pending}）" if pending else "金额待定"


class CalcResult(Amount):
    """The answer of one calculator for one set of inputs: the amount (:class:`Amount`), whether the inputs qualify,
    the steps with the clause words, and — for a clause with no figure — who decides (``decided_by``)."""

    calculator: str = ""
    citation: str = ""
    citations: list[str] = Field(default_factory=list)
    title: str = ""
    matter: str | None = Field(default=None, description="同一事项的标识，供就高不重复判断 / same-matter key")
    eligible: bool | None
    decided_by: str | None = None
    funding_levels: list[FundingLevel] = Field(default_factory=list)
    parts: list[AwardPart] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    interpretation: str | None = None
    notes: list[str] = Field(default_factory=list)
    as_of: date | None = None
    in_force: bool | None = None
    validity_note: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def citation_display(self) -> str:
        """Display form of the primary citation: 文号 第14条."""
        return display_citation(self.citation)

    @model_validator(mode="after")
    def _consistent(self) -> CalcResult:
        """Catch calculator bugs: contradictory amount fields must never reach a user."""
        amounts = (self.amount_yuan, self.amount_min_yuan, self.amount_max_yuan)
        if any(a is not None and a < 0 for a in amounts):
            raise ValueError("negative amount")
        if self.no_figure and any(a is not None for a in amounts):
            raise ValueError("no_figure result must not carry an amount")
        if self.no_figure and not self.decided_by:
            raise ValueError("no_figure result must say who decides the amount")
        if self.upper_bound and self.amount_max_yuan is None:
            raise ValueError("upper_bound needs amount_max_yuan")
        if (
            self.amount_min_yuan is not None
            and self.amount_max_yuan is not None
            and self.amount_min_yuan > self.amount_max_yuan
        ):
            raise ValueError("amount_min_yuan above amount_max_yuan")
        for part in self.parts:
            if not set(part.levels) <= set(self.funding_levels):
                raise ValueError(f"part level {part.levels} not in funding_levels {self.funding_levels}")
        figured = [p.amount_yuan for p in self.parts if p.amount_yuan is not None]
        if self.amount_yuan is not None and self.parts and len(figured) == len(self.parts):
            if sum(figured) != self.amount_yuan:
                raise ValueError("parts do not add up to amount_yuan")
        return self


def cond(check: str, clause_words: str, passed: bool | None) -> Step:
    """A condition step."""
    return Step(check=check, clause_words=clause_words, passed=passed, kind="condition")


def calc(check: str, clause_words: str) -> Step:
    """An arithmetic step (nothing to pass or fail)."""
    return Step(check=check, clause_words=clause_words, passed=None, kind="amount")


def alternatives(steps: list[Step]) -> list[Step]:
    """Conditions any one of which suffices (省级 or 国家级 标杆; awards that add up). Once one holds, an alternative
    that does not hold is not a failed condition of the result, so it is shown as not applicable (passed=None)
    instead of ✗; when none holds they stay False and the result is not eligible."""
    if not any(s.passed is True for s in steps):
        return steps
    return [s.model_copy(update={"passed": None}) if s.passed is False else s for s in steps]


def decide(steps: list[Step]) -> bool | None:
    """Eligibility from the condition steps only (three-valued AND; arithmetic steps do not vote)."""
    from calculators.blocks import all_conditions

    return all_conditions([s.passed for s in steps if s.kind == "condition"])
