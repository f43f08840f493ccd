"""Step helpers, so a rule reads like its clause: a stated flag, a threshold, a share of a higher award, a cap, a
minimum payable, a qualifying window. Each returns the ``Step`` an official reads (the check with its figures, and
the clause words it rests on); the figures come from the rule's table (``calculators.figures``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from calculators import blocks as b
from calculators.blocks import Capped, Number, fmt_number, fmt_yuan
from calculators.figures import Figure
from calculators.models import CalcResult, Step, calc, cond, decide


def flag(value: bool | None, yes: str, no: str, words: str) -> Step:
    """A condition the caller states yes or no ("是规上工业企业" / "不是规上工业企业"), quoting the clause."""
    return cond(yes if value else no, words, value)


def treatment(conditions: list[Step], granted: str, words: str, decided_by: str) -> CalcResult:
    """A rule that grants a treatment, not money (按正常续贷办理, 取消反担保, 交地即交证): its conditions decide, and the
    treatment is the last step, with the clause words that grant it."""
    return CalcResult(eligible=decide(conditions), no_figure=True, decided_by=decided_by,
                      steps=[*conditions, calc(granted, words)])


def threshold(fig: Figure, value: Number, subject: str, shown: str | None = None, *, met: str = "", unmet: str = "",
              words: str | None = None) -> Step:
    """``value`` against a threshold figure, the clause's own word deciding whether the number itself qualifies:
    "用电量 62万千瓦时 ≥ 50万千瓦时（“（含）以上”含本数）". ``met``/``unmet`` are added after the comparison."""
    ok = fig.met_by(value)
    figure = shown if shown is not None else fmt_number(value)
    return cond(f"{subject} {figure} {fig.sign(ok)} {fig.shown}{fig.word_note}{met if ok else unmet}",
                words or fig.words, ok)


def share_of(higher_yuan: Number, share: Figure, cap: Figure | None = None) -> Capped:
    """A share of a higher-level award or of a base (按市级奖励的50%; 按投资额的20%), then the cap if the clause has one."""
    return b.rate_with_cap(higher_yuan, share.rate, cap.yuan if cap is not None else None)


def per_unit(unit_amount: Figure, count: Number, cap: Figure | None = None) -> Capped:
    """A per-unit amount times a count (每台（套）追加1000元; 每吨标准煤500元), then the cap."""
    return b.per_unit_with_cap(unit_amount.n, count, cap.yuan if cap is not None else None)


def capped(formula: str, result: Capped, cap: Figure, words: str | None = None, *, over: str = "超过上限，按",
           under: str = "≤ 上限") -> Step:
    """The arithmetic step that ends at a cap: "50% × 6万元 = 3万元 ≤ 上限 15万元" or "…，超过上限，按 15万元"."""
    tail = f"，{over} {cap.shown}" if result.capped else f" {under} {cap.shown}"
    return calc(f"{formula} = {fmt_yuan(result.uncapped)}{tail}", words or cap.words)


def minimum(amount: Number, fig: Figure, label: str) -> Step:
    """“奖励金额在1万元以下的企业不安排”: 以下 includes the number, so an award of exactly the minimum is not paid;
    compared on the exact amount, before rounding."""
    paid = b.minimum_payable(amount, fig.yuan)
    return cond(
        f"{label} {fmt_yuan(amount)} {'>' if paid else '≤'} {fig.shown}（“以下”含本数，{fig.shown}及以下不安排）",
        fig.words,
        paid,
    )


def share_at_least(part: Number, whole: Number, fig: Figure) -> bool:
    """part ≥ fig% of whole, exactly (no division): the 90% tests of 2024 第23条."""
    return Decimal(part) * 100 >= Decimal(whole) * fig.value


def in_window(day: date, clause: str, measure: str | None = None) -> tuple[bool, date, date]:
    """Is ``day`` inside the clause's qualifying period (``periods`` in the document's metadata)? Returns the period's
    ends too, so the step can say them. ``measure`` picks one period when a clause has several."""
    start, end = qualifying_window(clause, measure)
    return start <= day <= end, start, end


def qualifying_window(clause: str, measure: str | None = None) -> tuple[date, date]:
    """The qualifying period of ``clause`` from the corpus metadata (never typed again in a rule)."""
    from assistant.documents import registry  # the corpus is the assistant's

    doc, _, number = clause.partition("#")
    periods = [p for p in registry().get(doc).periods
               if p.kind == "qualifying" and str(p.clause) == number and (measure is None or measure in p.measure)]
    if len(periods) != 1:
        raise LookupError(f"{clause}: expected one qualifying period{f' for {measure!r}' if measure else ''}, "
                          f"found {len(periods)}")
    return periods[0].start, periods[0].end
