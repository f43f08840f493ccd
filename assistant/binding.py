"""Bind quantities found in a question to a calculator's typed inputs.

Which quantity feeds which field is data (``assistant/data/bindings.yaml``): slot type, the words
that must stand just before it (市里奖了 → municipal award), yes/no flags from keywords, and the
assumption stated when a status flag is not mentioned. Anything still missing is reported by its
Chinese name so the assistant can ask for it instead of guessing.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant import conditions
from calculators.blocks import fmt_number
from assistant.slots import Slots

BINDINGS_FILE = Path(__file__).parent / "data" / "bindings.yaml"

SlotType = Literal[
    "money", "usd", "percent", "electricity", "capacity", "voltage", "standard_coal", "count", "period", "date"
]


class FieldBinding(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slot: SlotType | None = None
    context: list[str] = Field(default_factory=list, description="words just before the figure; any one")
    after: list[str] = Field(default_factory=list, description="or words just after it (那四十万是省级的)")
    not_context: list[str] = Field(default_factory=list, description="words that disqualify a figure")
    near: list[str] = Field(default_factory=list, description="words anywhere in the same clause piece")
    classifier: list[str] = Field(default_factory=list, description="count classifiers: 台, 家, 次…")
    direction: Literal["up", "down"] | None = None
    fallback: bool = Field(default=False, description="take the only unclaimed figure of this type")
    condition: list[str] = Field(
        default_factory=list, description="shared conditions (assistant/data/facts.yaml) that must all hold"
    )
    flag: list[str] = Field(default_factory=list, description="words that set a yes/no field to true")
    negate: list[str] = Field(default_factory=list, description="words that set it to false")
    flag_re: list[str] = Field(default_factory=list, description="regexes that set a yes/no field to true")
    negate_re: list[str] = Field(default_factory=list, description="regexes that set it to false (checked first)")
    not_near: list[str] = Field(default_factory=list, description="words that disqualify a figure's clause piece")
    not_after: list[str] = Field(default_factory=list, description="words after the figure, in its piece, that "
                                 "disqualify it (“那三百万当时也拿了” is an award received, not a revenue)")
    within: tuple[date, date] | None = Field(default=None, description="true when a date/month stated falls in it")
    default: Any = None
    default_if: list[str] = Field(default_factory=list, description="apply the default only if one of these occurs")
    default_unless: list[str] = Field(default_factory=list, description="no default when any of these fields is set")
    assumption: str | None = Field(default=None, description="said in the answer when the default is used")
    value: Any = None
    choices: dict[str, list[str]] = Field(default_factory=dict, description="enum value -> words")
    need: str | None = Field(default=None, description="Chinese name asked for when missing")
    assume_year: int | None = Field(default=None, description="year used for a date or period written without one")
    for_amount: bool = Field(default=False, description="optional for the calculator, but needed to give an amount")
    never: bool = Field(default=False, description="not taken from questions (callers never state it this way)")
    reuse: bool = Field(default=False, description="the figure may also feed another field (产值和参保人数都是90%)")
    zero_re: list[str] = Field(default_factory=list, description="regexes saying the figure is nothing "
                               "(市里的奖没评上 → 市级奖励 0元)")
    rolls_into: str | None = Field(default=None, description="a later turn's new figure for this field (not a "
                                   "correction) makes the earlier one the field named here, when higher: 此前最高营收")
    assert_topic: bool = Field(default=False, description="when its own words say nothing, read it like a field "
                               "without a binding: asserted by the asker in the words that name it")
    sums: bool = Field(default=False, description="counts of this kind said in several pieces add up (去江西一次，"
                       "去贵州一次)")
    growth_of: SlotType | None = Field(default=None, description="a growth rate read, when not said, from two figures "
                                       "of this kind for an earlier and a later year (“用电去年一百万度、今年一百一十万度”)")
    received: str | None = Field(default=None, description="the level (市 / 省) of an award this figure is: the user "
                                 "may say it was received without its figure (“市里的补助拿到了”, facts.yaml)")
    unknown_re: list[str] = Field(default_factory=list, description="regexes that, when no flag or negation decided the "
                                  "field, leave it unknown instead of its default (“我们是国家级企业技术中心” says the "
                                  "level, not that it was newly recognised)")
    implies: list[str] = Field(default_factory=list, description="yes/no fields that this one, when true, states too "
                               "(a 2022年二季度新投产纳统 firm is a 新建投产纳统 firm): set true when not said otherwise")
    implies_if: list[str] = Field(default_factory=list, description="words of which one must be said for ``implies`` "
                                  "(“五月投产” alone says no 纳统)")


class OneOf(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fields: list[str]
    need: str | list[str]
    for_amount: bool = Field(default=False, description="needed only to give an amount, not to judge eligibility")

    @property
    def needs(self) -> list[str]:
        return [self.need] if isinstance(self.need, str) else list(self.need)


class CalculatorBinding(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    triggers: list[str] = []
    fields: dict[str, FieldBinding] = {}
    one_of: list[OneOf] = Field(default_factory=list, description="choices the question must state one of")
    from_to: list[tuple[str, str]] = Field(default_factory=list, description="(earlier, later) fields read from "
                                           "“X涨到Y” / “从X到Y”: the first figure is the earlier one")
    plus: list[tuple[str, str, str]] = Field(default_factory=list, description="(earlier, change, later): the later "
                                             "figure, when not said, is the earlier one plus the change said "
                                             "(“前年一亿五，去年增加了1999万”)")


class Bound(BaseModel):
    inputs: dict[str, Any]
    missing: list[str] = Field(description="Chinese names of inputs the question does not give")
    missing_fields: list[str] = []
    assumed: dict[str, str] = Field(default_factory=dict, description="field -> assumption stated in the answer")
    used: dict[str, str] = Field(default_factory=dict, description="field -> the words it came from")
    figures: list[str] = Field(default_factory=list, description="fields filled from the user's own figures")
    for_amount: dict[str, str] = Field(default_factory=dict, description="unfilled fields an amount needs -> name")
    unknown: dict[str, str] = Field(
        default_factory=dict, description="yes/no conditions nobody stated -> their Chinese name; never assumed"
    )
    moved: dict[str, tuple[int, list[str]]] = Field(
        default_factory=dict, description="counts said of events told before (“那两场其实是在厦门办的”): field -> (how "
        "many, the other fields of its choice, from which a correction moves them)")
    added: list[str] = Field(
        default_factory=list, description="figures said as an addition (又/再/另外…): added to an earlier figure"
    )
    stand_ins: dict[str, tuple[Any, Any]] = Field(
        default_factory=dict,
        description="figures nobody gave that only decide a condition (开工日期 in the quarter, 银行 ≥ 5家): field -> "
        "(a value that meets it, one that does not); the answer is conditional on them and never shows the stand-in",
    )
    partial: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="a field that needs several shared conditions (规上 and 制造业) -> those said "
        "so far and their words; merged over turns, the field is stated once all are said")
    received: dict[str, str] = Field(
        default_factory=dict, description="award figures said to be received without the figure -> the words; "
        "they decide an eligibility question's receipt condition, never an amount")
    approx: dict[str, tuple[Any, Any, str]] = Field(
        default_factory=dict,
        description="figures said only approximately (十来万度, 13%左右): field -> (low, high, the words); never used "
        "as exact — the answer is given only when every value in the range gives the same result",
    )

    @property
    def assumptions(self) -> list[str]:
        return list(dict.fromkeys(self.assumed.values()))


@lru_cache(maxsize=1)
def bindings() -> dict[str, CalculatorBinding]:
    raw = yaml.safe_load(BINDINGS_FILE.read_text(encoding="utf-8")) or {}
    return {name: CalculatorBinding.model_validate(spec) for name, spec in raw.items()}


def _items(slots: Slots, slot: SlotType) -> list[Any]:
    return {
        "money": slots.money, "usd": slots.usd, "percent": slots.percents, "electricity": slots.electricity,
        "capacity": slots.capacity, "voltage": slots.voltage, "standard_coal": slots.standard_coal,
        "count": slots.counts, "period": slots.periods,
    }[slot]


PIECE_SEPS = "，,。；;！？!?\n"
NUMERAL = re.compile(r"[0-9０-９零一二两三四五六七八九十百千万亿]+(?![0-9０-９零一二两三四五六七八九十百千万亿季月年号日])")  # a figure


def _piece_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause piece (between punctuation) that holds a figure starts and ends. An enumeration comma parts
    it too when every part holds a figure ("去年两个亿、今年两亿一千九百万"), not when it lists the things one figure is
    said of ("省外、省内各参加了一次")."""
    left = max(text.rfind(s, 0, start) for s in PIECE_SEPS) + 1
    rights = [i for i in (text.find(s, end) for s in PIECE_SEPS) if i != -1]
    right = min(rights) if rights else len(text)
    parts = text[left:right].split("、")
    if len(parts) > 1 and all(NUMERAL.search(p) for p in parts):
        at = left
        for p in parts:
            if at <= start < at + len(p):
                return at, at + len(p)
            at += len(p) + 1
    return left, right


def _piece(text: str, start: int, end: int) -> str:
    """The clause piece that holds a figure (``_piece_span``)."""
    left, right = _piece_span(text, start, end)
    return text[left:right]


FROM_TO = re.compile(r"^[^，,。；;？?]{0,3}(涨到|增到|增至|涨至|升到|升至|提高到|提升到|增长到|增加到|做到了?|到了|变成|变为|到)$")


def _year_of_piece(text: str, item: Any, slots: Slots) -> int | None:
    """The one year named in the figure's clause piece ("去年二百一十亿" → -1, "2023年营收…" → 2023), for ordering the
    years of one quantity; relative years are kept relative (today = 0), so they order among themselves."""
    left, right = _piece_span(text, item.start, item.end)
    years = {p.year if p.year is not None else p.relative_year for p in slots.periods
             if p.kind == "year" and left <= p.start < right and (p.year or p.relative_year is not None)}
    return years.pop() if len(years) == 1 else None


def _growth_pair(b: FieldBinding, items: list[Any], text: str, slots: Slots, claimed: set[int]) -> tuple[Any, Any] | None:
    """The earlier and the later of exactly two exact figures that fit the field's words (``near`` read in the
    figure's sentence, ``not_context`` as usual), each in a piece naming its own year ("去年…、今年…"); else None."""
    sentence = re.compile(r"[。；;！!？?\n]")
    fits = []
    for it in items:
        if id(it) in claimed or getattr(it, "value", None) is None or getattr(it, "comparator", None) is not None:
            continue
        lo = max((m.end() for m in sentence.finditer(text, 0, it.start)), default=0)
        hi = next((m.start() for m in sentence.finditer(text, it.end)), len(text))
        if b.near and not any(w in text[lo:hi] for w in b.near):
            continue
        if b.not_context and any(w in it.left_context for w in b.not_context):
            continue
        fits.append(it)
    if len(fits) != 2:
        return None
    years = [_year_of_piece(text, it, slots) for it in fits]
    if None in years or years[0] == years[1] or not fits[0].value or not fits[1].value:
        return None
    earlier, later = sorted(fits, key=lambda it: years[fits.index(it)])
    return (earlier, later) if earlier.value > 0 else None


# a figure said as a change ("增加了一千万", "多了两成"), never a year's level
CHANGE_LEAD = re.compile(r"(增加|增长|多了|多出|涨了|涨|少了|减少|下降|降了|提高|提升)[^，,。；;]{0,3}$")
# an award or subsidy figure ("市里奖了六万"), never a business figure
AWARD_WORDS = re.compile(r"奖|补|给|配|拿")
# the earlier of two years said relatively ("去年同期一个亿", "上年同期")
EARLIER_WORDS = re.compile(r"去年|上年|同期|前一年|上一年")

# "后来又买了十台", "再加二十万度", "另外还有五台": a figure that adds to the one said before.
ADDITION_RE = re.compile(r"(又|再|另外|另|还有|加上|追加了|多了|新增了|还(去|到|跑|参加|办|举办|买|购|接|新接|招|介绍|上))"
                         r"[^，,。；;]{0,6}$")  # "又去四川办了一场", "3月还去了贵州一场"

EACH_LEAD = re.compile(r"各[^，,。；;]{0,4}$")

# "一共五家", "加起来三百五十吨": the figure is the whole quantity, replacing what was said before.
TOTAL_LEAD = re.compile(r"(一共|总共|共计|合计|加起来|总计|累计|总的|共)[^，,。；;]{0,3}$")

THRESHOLD_LEAD = re.compile(r"(冲过|冲破|过了|突破|超过|超|达到|满|不满|低于|高于)$")


def _quotes_threshold(item: Any) -> bool:
    """"冲过三百亿，做到三百零五亿": the first figure names a line crossed, the second is the fact."""
    return getattr(item, "comparator", None) is not None or bool(THRESHOLD_LEAD.search(item.left_context))


def _date_of(item: Any, assume_year: int | None) -> tuple[date | None, str | None]:
    """A calendar date from a date or period mention; a missing year is assumed only when configured."""
    if getattr(item, "kind", None) == "date":
        if item.date is not None:
            return item.date, None
        if assume_year is not None:
            try:
                return date(assume_year, item.month, item.day), f"“{item.raw}”按{assume_year}年计算"
            except ValueError:  # 2月29日 in a year that has none
                return None, None
        return None, None
    if item.start_date is not None:
        return item.start_date, None
    if assume_year is not None:
        # no year, or a year said relative to now ("今年一月", "去年十一月"): read against the year the clause is about
        rel = item.relative_year if item.relative_year is not None else 0
        resolved = item.model_copy(update={"relative_year": rel}).resolve(assume_year)
        if resolved.start_date is not None:
            return resolved.start_date, f"“{item.raw}”按{resolved.start_date.year}年计算"
    return None, None


HEDGE_AROUND = re.compile(r"(左右|上下|大概|大约|约|差不多|估计|将近|接近|近)")


def approx_range(item: Any) -> tuple[Any, Any] | None:
    """The values a hedged figure can mean, in the field's unit (docs/conventions.md "Approximate figures"):
    十来万 / 六十多万 / 三百余吨 — from the stated figure up to the next step of its last digit (10万–20万, 60万–70万,
    300–400吨); 大概 / 左右 / 约 X — X ± 10%; X出头 / 开外 — just over X to X + 10%; 将近 / 接近 X, X不到 — X − 10% to just
    under X. None when no figure is stated (几十万)."""
    nominal = getattr(item, "nominal", None)
    if nominal is None:
        return None
    if getattr(item, "kind", None) == "money" and getattr(item, "unit", "元") not in ("元", "美元", None):
        return None
    raw = getattr(item, "raw", "")
    if re.search("[多来余]", raw):
        n = int(nominal) if nominal == nominal.to_integral_value() else None
        if n is None or n <= 0:
            return None
        step = 1
        while n % (step * 10) == 0:
            step *= 10
        low, high = Decimal(n), Decimal(n + step)
    else:
        # "五个亿出头": from it to a tenth above; "将近五十万" / "五十万不到": a tenth below up to just under it
        as_int = getattr(item, "kind", None) in ("money", "count", "usd")
        tick = Decimal(1) if as_int else Decimal("0.01")
        low, high = {"above": (nominal + tick, nominal * Decimal("1.1")),
                     "below": (nominal * Decimal("0.9"), nominal - tick)}.get(
            getattr(item, "hedge", None), (nominal * Decimal("0.9"), nominal * Decimal("1.1")))
    as_int = getattr(item, "kind", None) in ("money", "count", "usd")
    return (int(low), int(high)) if as_int else (low, high)


def _edge(v: Any, side: int) -> str:
    """One end of a range as people write it: just over 5亿 (500000001) is "5亿（不含）", just under 50万
    (499999.99) likewise; any other end as it is."""
    for tick in (Decimal(1), Decimal("0.01")):
        n = Decimal(v) - side * tick
        if n % 10 == 0 and Decimal(v) % 10 != 0:
            return f"{fmt_number(n)}（不含）"
    return fmt_number(v)


def bound_range(item: Any) -> tuple[Any, Any] | None:
    """The values a stated bound allows ("超过一百亿" → just over 100亿 to 150亿; "不到三千万" → 1500万 to just under
    3000万): half again above a lower bound, half below an upper one (docs/conventions.md "Approximate figures")."""
    comparator, value = getattr(item, "comparator", None), getattr(item, "value", None)
    if comparator not in ("gt", "ge", "lt", "le") or value is None:
        return None
    x = Decimal(_number(item))
    as_int = getattr(item, "kind", None) in ("money", "count", "usd")
    tick = Decimal(1) if as_int else Decimal("0.01")
    low, high = {"gt": (x + tick, x * Decimal("1.5")), "ge": (x, x * Decimal("1.5")),
                 "lt": (x / 2, x - tick), "le": (x / 2, x)}[comparator]
    return (int(low), int(high)) if as_int else (low, high)


def _number(item: Any) -> Any:
    if getattr(item, "kind", None) == "money":
        return item.amount
    value = item.value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


# "区里还追加5万吗", "能拿30万吗", "是不是给25万": the amount asked about, not a fact to compute with.
ASKED_BEFORE = re.compile(r"(追加|奖励?|补贴?|补助|给|配套?|拿|领|发|有)[^，,。；;]{0,2}$")
ASKED_AFTER = re.compile(r"^[^，,。；;]{0,3}(吗|么|嘛|不|没|？|\?|吧)")
HYPOTHETICAL = re.compile(r"(要是|如果|假如|假设|若是|若)")
GUESS_LEAD = re.compile(r"(是不是|是否|就是|应该是|该是|能不能|能拿|能有|可以拿)[^。；;？?]{0,10}$")
GUESS_BEFORE = re.compile(r"(是不是|能不能|可不可以|会不会|能否|有没有)[^，,。；;]{0,6}$"
                          r"|(我|自己)?(算|核算|估算|算出来|算下来)(的|出来|下来)?(是|得|有)[^，,。；;]{0,2}$")  # 我算的是两万五


# "那三百万还能再拿吗", "市里那五十万能拿吗": an award pointed at and asked about, in a question piece
POINTED_BEFORE = re.compile(r"(那|这)(个|笔)?$")
POINTED_ASK = re.compile(r"^[^，,。；;]{0,6}(拿|领|享受|给|发|有份|有没有)[^，,。；;]{0,6}(吗|么|嘛|不|没|？|\?)")


EACH_OF = re.compile(r"((?:[^，,。；;、]{1,8}、)+[^，,。；;、]{1,8}?)(?:都|也)?各")


def _each_of(text: str, item: Any, b: FieldBinding) -> int:
    """"贵州、四川各办了一场": a count said of each of several things listed before 各 counts once for each of them
    that this field is about (its ``near`` words: 贵州, 四川 are 省外; in "省外、省内各一次" only 省外 is)."""
    if item.kind != "count":
        return 1
    lo, _ = _piece_span(text, item.start, item.end)
    m = EACH_OF.search(text[lo:item.start])
    if m is None:
        return 1
    names = m.group(1).split("、")
    n = sum(1 for x in names if any(w in x for w in b.near)) if b.near else len(names)
    return max(n, 1)


def guessed_amount(item: Any, text: str) -> bool:
    """Is this money figure the asker's guess of the award asked about ("那我能拿二十五万吧？", "区里是不是就配十七万
    五？"), not a fact — and not a yes/no about an award the clause names ("能拿那三百万吗")?"""
    if not _asked_amount(item, text) or _in_rule_quote(item, text) or POINTED_BEFORE.search(
            text[max(0, item.start - 3):item.start]):  # "是不是就能拿那三百万了": the clause's award, pointed at
        return False
    after = text[item.end : item.end + 4]
    return bool(re.match(r"[^，,。；;]{0,2}吧", after)
                or re.search(r"(是不是|就是|应该是|该是)[^。；;？?]{0,10}$", text[max(0, item.start - 14) : item.start]))


def _asked_amount(item: Any, text: str) -> bool:
    if getattr(item, "kind", None) != "money":
        return False
    before, after = text[max(0, item.start - 8) : item.start], text[item.end : item.end + 4]
    if HYPOTHETICAL.search(before) or re.match(r"[^，,。；;]{0,2}呢", after):
        return False  # "那市里要是奖了40万呢", "那市级补了八十万呢？": a figure supposed, to compute with
    if POINTED_BEFORE.search(before) and POINTED_ASK.search(text[item.end : item.end + 16]):
        return True
    if GUESS_LEAD.search(text[max(0, item.start - 14) : item.start]) and re.match(r"[^，,。；;]{0,2}[？?吧吗]", after):
        return True  # "区里配套是不是就按一半，十七万五？": the asker's guess of the answer ends the question
    return bool((ASKED_BEFORE.search(before) and ASKED_AFTER.search(after)) or GUESS_BEFORE.search(before))


# An award or subsidy field never takes, as its only figure, one said of the business itself.
AWARD_NEED = re.compile(r"奖|补")
AWARD_FIELD = re.compile(r"奖|补|award|subsidy|reward|grant|bonus")
BUSINESS_FIGURE = re.compile(r"产值|营收|营业收入|销售|投资|出口|研发经费|注册资本|实缴|开发费|技术开发")

# "按一千万给一万算": the figures of a rule quoted back, not the user's own
RULE_QUOTE = re.compile(r"按[^，,。；;？?]{0,8}(给|奖|补|配|发)[^，,。；;？?]{0,8}(算|计算|来算|的标准)"
                        r"|(按|照)每[^，,。；;？?]{0,6}(给|奖|补|配|发)[^，,。；;？?]{0,6}")  # "按每一千万给一万"


def _in_rule_quote(item: Any, text: str) -> bool:
    return any(m.start() <= item.start and item.end <= m.end() for m in RULE_QUOTE.finditer(text))


def _matches(b: FieldBinding, item: Any, text: str, approximate: bool = False, field: str = "") -> bool:
    """Does the figure fit the field? ``approximate``: look at hedged figures (十来万, 13%左右) instead."""
    if (getattr(item, "value", 1) is None) != approximate:
        return False
    if _in_rule_quote(item, text):
        return False
    if approximate and getattr(item, "nominal", None) is None:
        return False
    if _asked_amount(item, text):
        return False
    if (getattr(item, "kind", None) == "money" and POINTED_BEFORE.search(text[max(0, item.start - 3):item.start])
            and not AWARD_FIELD.search(f"{b.need or ''} {field}")):
        return False  # "省里那10万": an award pointed at, never a business figure (产值, 营收, 投资)
    ctx = item.left_context
    lo, hi = _piece_span(text, item.start, item.end)
    piece = text[lo:hi]
    # "市级技改补助又批了五十万": the level word may stand further back in the figure's piece than the left context
    lead = text[max(lo, item.start - 12):item.start]
    if not re.sub(r"[是有共约为了\s]", "", text[lo:item.start]):
        # "市级的也下来了，四十万": a figure standing alone in its piece is said of the words of the piece before it
        lead = text[max(0, item.start - 12):item.start]
    if b.context and not any(w in ctx or w in lead for w in b.context) and not (
            b.after and any(w in text[item.end : item.end + 6] for w in b.after)):
        return False
    if b.not_context and any(w in ctx for w in b.not_context):
        return False
    if b.near and not any(w in piece for w in b.near):
        # "去了两次招聘会，都在莆田": the next piece says where all of them were
        rest = re.split(r"[，,。；;？?！!]", text[hi:].lstrip("，,；; "), maxsplit=1)[0]
        if not (re.match(r"(都|全都|全|均)(是)?(在|去的|去了|办在)", rest) and any(w in rest for w in b.near)):
            return False
    if b.not_near and any(w in piece for w in b.not_near):
        return False
    if b.not_after and any(w in re.split(r"[，,。；;？?！!]", text[item.end:], maxsplit=1)[0] for w in b.not_after):
        return False
    if b.classifier and getattr(item, "classifier", "") not in b.classifier:
        return False
    if b.direction and getattr(item, "direction", None) not in (b.direction, None):
        return False
    return True


SUFFIX_SLOTS: dict[str, SlotType] = {
    "_yuan": "money", "_usd": "usd", "_pct": "percent", "_kwh": "electricity", "_kw": "capacity",
    "_kv": "voltage", "_tce": "standard_coal", "_count": "count",
}


def _inferred(field: str, info: Any) -> FieldBinding | None:
    """Fields named by unit (…_yuan, …_kwh, …_tce) take the only unclaimed figure of that unit. Yes/no fields
    with no words of their own are read by assertion (``_is_bool_condition``), never defaulted."""
    for suffix, slot in SUFFIX_SLOTS.items():
        if field.endswith(suffix):
            return FieldBinding(slot=slot, fallback=True)
    return None


def _sector_ruled_out(title: str | None, text: str) -> str | None:
    """A condition whose title names 制造业 / 工业 企业, ruled out by a sector the user named ("建材批发的贸易公司"):
    the words that rule it out, else None."""
    sector = next((c for key, c in (("制造业", "manufacturing"), ("工业", "industrial")) if key in (title or "")), None)
    if sector is not None and (ruled := conditions.condition(sector, text))[0] is False:
        return ruled[1] or ""
    return None


def _is_bool_condition(info: Any) -> bool:
    return info.annotation is bool and info.is_required()


TITLE_SPLIT = re.compile(r"[、，,或和及与“”（）()]|以上|以下")
TITLE_FILLER = re.compile(r"^(被|经|已|新|获得|获评|入选|列入|属于|参与|通过|使用|符合|在|为|的)+")


@lru_cache(maxsize=512)
def _names_condition(trigger: str, title: str | None) -> bool:
    """Does a calculator trigger word name the yes/no condition titled ``title`` (share two characters in a row)?"""
    name = condition_name(title, "")
    return any(trigger[i : i + 2] in name for i in range(len(trigger) - 1))


def _is_yes_no_field(info: Any) -> bool:
    return info.annotation in (bool, bool | None)


def title_terms(title: str | None) -> list[str]:
    """Words that state a yes/no condition, from its Chinese title: "是否外资企业" -> 外资企业, 外资;
    "是否通过验收" -> 通过验收, 验收. Used to read a negation the user wrote about it."""
    name = TITLE_FILLER.sub("", condition_name(title, ""))
    terms = {name, name.replace("长乐区", "长乐")} if len(name) >= 2 else set()
    # "用工企业是否重点企业": what is asked of the subject ("重点企业") is said on its own ("我是重点企业的老员工")
    predicate = (title or "").split("是否", 1)[1] if "是否" in (title or "")[1:] else ""
    for piece in [*TITLE_SPLIT.split(name), *TITLE_SPLIT.split(predicate)]:
        core = TITLE_FILLER.sub("", piece.strip())
        for t in (piece.strip(), core, re.sub(r"(企业|项目|单位|用户|称号)$", "", core)):
            if len(t) >= 2:
                terms.update({t, t.replace("长乐区", "长乐")})
    # "省级两化融合重点项目" is also said "两化融合省级重点项目": the level word before the kind of thing
    level = re.match(r"(国家级|省级|市级|区级)(.{2,})$", name)
    if level:
        lvl, rest = level.groups()
        for head in ("重点项目", "重点企业", "示范企业", "示范项目", "标杆企业", "项目", "企业", "平台", "中心"):
            if rest.endswith(head) and len(rest) > len(head):
                terms.add(rest[: -len(head)] + lvl + head)
                break
    return sorted(terms, key=len, reverse=True)


def condition_name(title: str | None, field: str) -> str:
    """"是否规上工业企业" -> "规上工业企业": the condition as said in a conditional answer."""
    name = (title or field).strip()
    for lead in ("是否", "这些"):
        name = name.replace(lead, "", 1) if name.startswith(lead) else name
    return name.replace("是否", "")


def bind(name: str, text: str, slots: Slots, model: type[BaseModel]) -> Bound:
    """Fill the calculator's inputs from the question; what is still missing is named in Chinese."""
    spec = bindings().get(name, CalculatorBinding())
    fields = dict(spec.fields)
    for fname, info in model.model_fields.items():
        if fname not in fields:
            inferred = _inferred(fname, info)
            if inferred is not None:
                fields[fname] = inferred
    inputs: dict[str, Any] = {}
    partial: dict[str, dict[str, str]] = {}
    used: dict[str, str] = {}
    assumed: dict[str, str] = {}
    figures: list[str] = []
    claimed: set[int] = set()
    added: list[str] = []
    moved: dict[str, tuple[int, list[str]]] = {}
    approx: dict[str, tuple[Any, Any, str]] = {}

    # "产值从9000万涨到1.2亿": the figure before the change is the earlier one, the one after it the later one
    for earlier_f, later_f in spec.from_to:
        if earlier_f not in model.model_fields or later_f not in model.model_fields:
            continue
        money = sorted((it for it in slots.money if getattr(it, "value", None) is not None), key=lambda it: it.start)
        for a, b in zip(money, money[1:]):
            if FROM_TO.match(text[a.end:b.start]) and not _asked_amount(b, text):
                inputs[earlier_f], used[earlier_f], inputs[later_f], used[later_f] = _number(a), a.raw, _number(b), b.raw
                figures += [earlier_f, later_f]
                claimed |= {id(a), id(b)}
                break
        else:
            # "二季度产值一亿二，去年同期一个亿": beside last year's figure, the one said with no year is this year's
            plain = [it for it in money if getattr(it, "comparator", None) is None and not _asked_amount(it, text)
                     and not AWARD_WORDS.search(getattr(it, "left_context", ""))
                     and not CHANGE_LEAD.search(getattr(it, "left_context", ""))]
            earlier = [it for it in plain if EARLIER_WORDS.search(_piece(text, it.start, it.end))]

            def dated(it: Any) -> bool:  # any year said in its piece, of a year, quarter or month
                lo, hi = _piece_span(text, it.start, it.end)
                return any(lo <= p.start < hi and (p.year is not None or p.relative_year is not None)
                           for p in slots.periods)

            undated = [it for it in plain if it not in earlier and not dated(it)]
            if len(plain) == 2 and len(earlier) == 1 and len(undated) == 1:
                a, b = earlier[0], undated[0]
                inputs[earlier_f], used[earlier_f], inputs[later_f], used[later_f] = _number(a), a.raw, _number(b), b.raw
                figures += [earlier_f, later_f]
                claimed |= {id(a), id(b)}

    # "营收去年二百一十亿，前年一百八十亿": figures of the same quantity for different years — the latest is this
    # year's, the best of the earlier ones the previous highest (a running-best field, ``rolls_into``)
    for field, b in fields.items():
        g = b.rolls_into
        if not g or field not in model.model_fields or g not in model.model_fields or b.slot is None:
            continue
        dated = {}
        for it in _items(slots, b.slot):
            year = _year_of_piece(text, it, slots)
            if year is not None and getattr(it, "value", None) is not None and getattr(it, "comparator", None) is None \
                    and not _asked_amount(it, text) and not any(w in _piece(text, it.start, it.end) for w in b.not_after):
                dated.setdefault(year, []).append(it)
        if len(dated) >= 2 and all(len(v) == 1 for v in dated.values()):
            years = sorted(dated)
            latest, earlier = dated[years[-1]][0], max((dated[y][0] for y in years[:-1]), key=_number)
            inputs[field], used[field], inputs[g], used[g] = _number(latest), latest.raw, _number(earlier), earlier.raw
            figures += [field, g]
            claimed |= {id(latest), *(id(dated[y][0]) for y in years[:-1])}

    # Figures with explicit context first, fallbacks after, so "市里奖了六万" is not taken by a fallback.
    ordered = sorted(fields.items(), key=lambda kv: (kv[1].fallback, not kv[1].context))
    for field, b in ordered:
        if field not in model.model_fields or field in used:
            continue
        if b.never:
            continue
        if b.value is not None:
            inputs[field] = b.value
        elif b.slot == "date":
            for item in sorted([*slots.dates, *slots.periods], key=lambda it: it.start):
                if re.match(r"(号|日)?(了|还|现在|的时候)", text[item.end : item.end + 3]) or re.search(
                        r"(现在|今天|如今|到了|截至|截止)[^，,。；;]{0,2}$", text[: item.start]):
                    continue  # "2024年5月10号了，还能…": the day asked, not a date of the measure's facts
                day, note = _date_of(item, b.assume_year)
                if day is not None:
                    inputs[field], used[field] = day, item.raw
                    if getattr(item, "kind", None) in ("date", "month"):  # "2023年11月开工": a fact of theirs
                        figures.append(field)
                    if note:
                        assumed[field] = note
                    break
        elif b.slot is not None:
            # Facts before quoted thresholds: in "超过100亿，做到101亿" the 101亿 is the figure.
            # A total the user states ("又来了一家，一共五家") is the figure, before the addition that led to it.
            pool = sorted((it for it in _items(slots, b.slot) if id(it) not in claimed),
                          key=lambda it: (_quotes_threshold(it), not TOTAL_LEAD.search(getattr(it, "left_context", ""))))
            hit = next((it for it in pool if _matches(b, it, text, field=field)), None)
            if hit is None and b.fallback:
                # Only the context words are relaxed: unit, classifier and direction still have to fit; a figure
                # said as a line crossed ("破百亿") gives way to the one figure stated as a fact.
                relaxed = b.model_copy(update={"context": [], "near": []})
                loose = [it for it in pool if _matches(relaxed, it, text, field=field)]
                if b.need and AWARD_NEED.search(b.need):  # "2023年产值六个亿" is no award, whatever else is said
                    loose = [it for it in loose if not BUSINESS_FIGURE.search(_piece(text, it.start, it.end))]
                plain = [it for it in loose if not _quotes_threshold(it)]
                hit = loose[0] if len(loose) == 1 else plain[0] if len(plain) == 1 else None
            if hit is None and b.slot not in ("period", "date"):
                rough = next((it for it in pool if _matches(b, it, text, approximate=True, field=field)), None)
                if rough is not None and (span := approx_range(rough)) is not None:
                    approx[field] = (*span, rough.raw)
                    claimed.add(id(rough))
            if hit is not None and b.slot not in ("period", "date") and (span := bound_range(hit)) is not None:
                # "营收第一次超过一百亿", "实缴还不到三千万": a bound, not a figure — read like a hedged figure (its range)
                approx[field] = (*span, hit.raw + {"gt": "以上", "ge": "以上", "lt": "以下", "le": "以下"}[hit.comparator])
                claimed.add(id(hit))
                hit = None
            if hit is not None:
                # "省外、省内各参加了一次": a figure said of each of several things may feed each field that fits it.
                if not b.reuse and not EACH_LEAD.search(getattr(hit, "left_context", "")):
                    claimed.add(id(hit))
                inputs[field] = _number(hit) * _each_of(text, hit, b) if b.slot != "period" else hit
                used[field] = hit.raw
                if b.sums:
                    # "去江西招了一次，去贵州招了一次": counts of one kind, each in its own piece, add up
                    own_piece = _piece_span(text, hit.start, hit.end)
                    more = [it for it in pool if it is not hit and id(it) not in claimed and _matches(b, it, text, field=field)
                            and _piece_span(text, it.start, it.end) != own_piece
                            and not TOTAL_LEAD.search(getattr(it, "left_context", ""))]
                    if more and not TOTAL_LEAD.search(getattr(hit, "left_context", "")):
                        inputs[field] = _number(hit) * _each_of(text, hit, b) + sum(
                            _number(it) * _each_of(text, it, b) for it in more)
                        used[field] = "+".join([hit.raw, *(it.raw for it in more)])
                        claimed |= {id(it) for it in more}
                lead = getattr(hit, "left_context", "")
                if ADDITION_RE.search(lead) and not TOTAL_LEAD.search(lead):
                    added.append(field)
                if b.sums and re.search(r"([那这]|其中)$", lead):  # "那两场", "其中一场": the events told before
                    moved[field] = (int(_number(hit)), [g for grp in spec.one_of if field in grp.fields
                                                        for g in grp.fields if g != field])
                if getattr(hit, "comparator", None) is None:  # "300吨以上" quotes a threshold, not a fact
                    figures.append(field)
            if field not in inputs and field not in approx and (
                    zero := next((m.group(0) for rx in b.zero_re if (m := re.search(rx, text))), None)):
                inputs[field], used[field] = 0, zero  # "市里的春节用电奖我们没评上": nothing to match
                figures.append(field)
            if field not in inputs and field not in approx and b.growth_of and (
                    pair := _growth_pair(b, _items(slots, b.growth_of), text, slots, claimed)):
                earlier, later = pair
                inputs[field] = (Decimal(int(later.value) - int(earlier.value)) * 100 / Decimal(int(earlier.value))
                                 ).quantize(Decimal("0.01"))
                used[field] = f"{earlier.raw}→{later.raw}"
                claimed |= {id(earlier), id(later)}
                figures.append(field)
        elif b.choices:
            # "不是房地产也不是金融": a choice word the user negated is no choice
            choice = next((v for v, words in b.choices.items()
                           if any(not conditions.negated(text, m.start(), m.end())
                                  for w in words for m in re.finditer(re.escape(w), text))), None)
            if choice is not None:
                inputs[field] = choice
                used[field] = choice
        elif b.condition:
            values = [conditions.condition(c, text) for c in b.condition]
            if any(v is False for v, _ in values):
                inputs[field], used[field] = False, next(w for v, w in values if v is False)
            elif all(v is True for v, _ in values):
                inputs[field], used[field] = True, "、".join(dict.fromkeys(w for _, w in values if w))
            elif any(v is True for v, _ in values):
                # "规上工业企业" in one turn, "我们也是制造业" in another: each shared condition said is kept
                partial[field] = {c: w or "" for c, (v, w) in zip(b.condition, values) if v is True}
        elif b.flag_re or b.negate_re:
            pieces = [p for p in re.split(r"[，,。；;！!？?\n]", text) if p]
            neg = next((m.group(0) for rx in b.negate_re for p in pieces if (m := re.search(rx, p))), None)
            pos = next((m.group(0) for rx in b.flag_re for p in pieces if (m := re.search(rx, p))), None)
            if not neg and not pos and (b.flag or b.negate):  # the plain words, read with their negation
                value, words = conditions.polarity(text, b.flag, b.negate)
                pos, neg = (words, None) if value is True else (None, words) if value is False else (None, None)
            if neg:
                inputs[field], used[field] = False, neg
            elif pos:
                inputs[field], used[field] = True, pos
        elif b.flag or b.negate or b.within:
            # The longest phrase wins where phrases overlap: "不低于用电增幅" (yes) holds "低于用电增幅" (no),
            # "不是规上" (no) holds "规上" (yes).
            value, words = conditions.polarity(text, b.flag, b.negate)
            pos, neg = (words, None) if value is True else (None, words) if value is False else (None, None)
            if pos is None and neg is None and b.within:
                for item in [*slots.dates, *slots.periods]:
                    day, _ = _date_of(item, None)
                    if b.near and not any(w in _piece(text, item.start, item.end) for w in b.near):
                        continue  # "22年二季度产值…" dates the output, not the 纳统
                    if day is not None and b.within[0] <= day <= b.within[1]:
                        pos = item.raw
                        break
            if neg:
                inputs[field] = False
                used[field] = neg
            elif pos:
                inputs[field] = True
                used[field] = pos
        if field not in inputs and field not in approx and b.default is not None and (
            not b.default_if or any(w in text for w in b.default_if)
        ) and not any(f in used for f in b.default_unless) and not any(re.search(rx, text) for rx in b.unknown_re):
            inputs[field] = b.default
            if b.assumption:
                assumed[field] = b.assumption

    for f, b in fields.items():  # "二二年五月新投产，六月纳统": the narrower fact said states the wider one
        if inputs.get(f) is True and f in used and (not b.implies_if or any(w in text for w in b.implies_if)):
            for g in b.implies:
                if g not in inputs and g in model.model_fields:
                    inputs[g], used[g] = True, used[f]

    # A sector the user named outright ("建材批发的贸易公司") rules out a 工业/制造业 condition that topic words
    # ("首次上规那30万") would otherwise state.
    for f, v in list(inputs.items()):
        info = model.model_fields.get(f)
        if v is True and info is not None and _is_bool_condition(info) and not (f in fields and fields[f].condition):
            if (ruled := _sector_ruled_out(info.title, text)) is not None:
                inputs[f], used[f] = False, ruled

    # A required yes/no condition with no words of its own: stated only by an assertion about the asker's own
    # enterprise in the clause's topic words; otherwise unknown, and the answer is conditional on it.
    unknown: dict[str, str] = {}
    for f, info in model.model_fields.items():
        if f in inputs or not _is_bool_condition(info):
            continue
        b = fields.get(f)
        if b is None or b.assert_topic:
            # The clause's own topic ("入选应用标杆", "新认定专精特新"): stated by a statement about the asker's own
            # enterprise, or by the asker's own figures given for it ("新接了30台设备上平台"); a negated mention of
            # the condition's own words ("我们不是外资企业") is a no whatever else the turn says.
            own_terms = title_terms(info.title)
            value, words = conditions.polarity(text, own_terms)
            if value is False:
                inputs[f], used[f] = False, words or ""
                continue
            # a condition that names 工业企业 / 制造业企业 is ruled out by a sector the user named ("建材批发的贸易公司")
            if (ruled := _sector_ruled_out(info.title, text)) is not None:
                inputs[f], used[f] = False, ruled
                continue
            # Topic words state the condition only when they name it ("上平台" for 新增设备上平台, "5G" for 从事5G研发);
            # "实缴注册资本六千万" says nothing about 5G, "去省外招聘" nothing about being a 重点企业.
            topic = [t for t in spec.triggers if _names_condition(t, info.title)]
            value, words = conditions.asserted(text, [*topic, *own_terms])
            if value is None and figures:
                value, words = conditions.mentioned(text, [*topic, *own_terms])
            if value is not None:
                inputs[f], used[f] = value, words or ""
                continue
        if (said := conditions.all_stated(text)) is not None:
            inputs[f], used[f] = True, said
            continue
        unknown[f] = condition_name(info.title, f)
    for earlier, change, later in spec.plus:
        if earlier in used and change in used and later not in inputs and later in model.model_fields \
                and isinstance(inputs.get(earlier), int) and isinstance(inputs.get(change), int):
            inputs[later] = inputs[earlier] + inputs[change]
            used[later] = f"{used[earlier]}+{used[change]}"
            figures.append(later)
    got: dict[str, str] = {}
    for f, b in fields.items():
        if b.received and f not in inputs and f in model.model_fields:
            value, words = conditions.received(text, b.received)
            if value is False:  # "市里的补助还没拿到": no award to match — its figure is nothing
                inputs[f], used[f] = 0, words or ""
            elif value:
                got[f] = words or ""
    missing_fields = [f for f, info in model.model_fields.items()
                      if info.is_required() and f not in inputs and f not in unknown]
    names = [fields[f].need if f in fields and fields[f].need else (model.model_fields[f].title or f)
             for f in missing_fields]
    groups = [g for g in spec.one_of if not g.for_amount and not any(f in used for f in g.fields)]
    for group in list(groups):
        # A choice that a yes/no condition can settle ("二季度用电量是否同比增长" or its figures): unknown, so the answer
        # is conditional on it, like any other unstated condition — never a figure to ask for first.
        flag = next((f for f in group.fields if f in model.model_fields and _is_yes_no_field(model.model_fields[f])), None)
        # the member whose own words were said without deciding it ("我们是国家级企业技术中心": 国家级, not 新认定) is
        # the condition left open, named by its own title
        said = next((f for f in group.fields if f in fields and f not in inputs and f in model.model_fields
                     and any(re.search(rx, text) for rx in fields[f].unknown_re)), None)
        if said is not None:
            unknown[said] = condition_name(model.model_fields[said].title, said)
            groups.remove(group)
        elif flag is not None and flag not in inputs:
            unknown[flag] = condition_name(group.needs[0], flag)
            groups.remove(group)
    for group in groups:
        for need in group.needs:  # one entry per name, kept parallel to missing_fields
            names.append(need)
            missing_fields.append("|".join(group.fields))
    for_amount = {f: (b.need or model.model_fields[f].title or f) for f, b in fields.items()
                  if b.for_amount and f not in inputs and f in model.model_fields}
    for g in spec.one_of:
        if g.for_amount and not any(f in used for f in g.fields):
            for i, need in enumerate(g.needs):  # "a|b#0", "a|b#1": one entry per name to ask for
                for_amount[f"{'|'.join(g.fields)}#{i}"] = need
    return Bound(inputs=inputs, missing=names, missing_fields=missing_fields, assumed=assumed, used=used,
                 figures=figures, for_amount=for_amount, unknown=unknown, added=added, approx=approx, received=got, moved=moved,
                 partial=partial)


def merge_history(earlier: Bound, current: Bound, rolls: dict[str, str] | None = None,
                  correcting: bool = False) -> Bound:
    """A follow-up turn overrides the figures it states and keeps what earlier turns stated. ``rolls`` (field ->
    field, from the bindings' ``rolls_into``): "2023年营收一百零五亿" then "2024年做到两百一十亿" — the new figure is this
    year's, and the earlier one becomes the previous highest. A ``correcting`` turn ("说错了，是多了五千四百万") replaces:
    nothing rolls over, and its change words (多了) restate the figure, they add nothing to it."""
    if correcting:
        rolls = None
    used = {**earlier.used, **current.used}
    # a default an earlier turn's words applied ("第一次突破" → nothing before) holds until a turn states the field
    carried = {k: earlier.inputs[k] for k in earlier.assumed if k in earlier.inputs and k not in current.used}
    inputs = {**current.inputs, **carried, **{k: earlier.inputs[k] for k in earlier.used},
              **{k: current.inputs[k] for k in current.used}}
    rolled: set[str] = set()
    rolled_approx: dict[str, tuple[Any, Any, str]] = {}
    for f, g in (rolls or {}).items():
        old, new = earlier.inputs.get(f), current.inputs.get(f)
        if f in earlier.used and f in current.used and g not in current.used and f not in current.added \
                and isinstance(old, (int, Decimal)) and old != new:
            best = earlier.inputs.get(g) if g in earlier.used else None
            inputs[g] = max(old, best) if isinstance(best, (int, Decimal)) else old
            used[g] = earlier.used[f] if inputs[g] == old else earlier.used[g]
            rolled.add(g)
        elif f in earlier.approx and f not in earlier.used and f in current.used and g not in current.used:
            # "去年第一次超过一百亿" then "今年做到两百一十亿": last year's bound is now the previous highest
            rolled_approx[g] = earlier.approx[f]
            inputs.pop(g, None)
            used.pop(g, None)
            rolled.add(g)
    for k, (moving, others) in current.moved.items() if correcting else ():
        # "搞错了，那两场其实是在厦门办的": the events told before move from the other place kind to this one
        for g in others:
            old = earlier.inputs.get(g)
            if g in earlier.used and g not in current.used and isinstance(old, int) and not isinstance(old, bool) \
                    and old >= moving:
                inputs[g] = old - moving
                used[g] = f"{earlier.used[g]}−{current.used[k]}"
                break
    for k in () if correcting else current.added:  # "又买了十台": adds to the earlier figure of the same quantity
        old, new = earlier.inputs.get(k), current.inputs.get(k)
        if k in earlier.used and isinstance(old, (int, Decimal)) and isinstance(new, (int, Decimal)) \
                and not isinstance(old, bool):
            inputs[k] = old + new
            used[k] = f"{earlier.used[k]}+{current.used[k]}"
    def still_missing(key: str) -> bool:  # "a|b" (or "a|b#0") is a one-of group: satisfied by any member
        group = key.split("#")[0]
        return not any(f in inputs and (f in used or "|" not in group) for f in group.split("|"))

    pairs = [(f, n) for f, n in zip(current.missing_fields, current.missing) if still_missing(f)]
    assumed = {k: v for k, v in {**earlier.assumed, **current.assumed}.items()
               if k not in used and (k in current.assumed or k in carried) and k not in rolled}
    for_amount = {k: v for k, v in current.for_amount.items() if still_missing(k)}
    unknown = {k: v for k, v in {**earlier.unknown, **current.unknown}.items() if k not in used}
    approx = {k: v for k, v in {**earlier.approx, **current.approx}.items()
              if k not in current.used and k not in rolled} | rolled_approx
    got = {k: v for k, v in {**earlier.received, **current.received}.items() if k not in used}
    partial: dict[str, dict[str, str]] = {}
    for k in {*earlier.partial, *current.partial}:
        if k in current.used:
            continue
        said = {**earlier.partial.get(k, {}), **current.partial.get(k, {})}
        spec = _condition_spec(k)
        if spec and set(spec) <= set(said):
            inputs[k], used[k] = True, "、".join(dict.fromkeys(w for w in said.values() if w))
            unknown.pop(k, None)
        else:
            partial[k] = said
    return Bound(inputs=inputs, missing=[n for _, n in pairs], missing_fields=[f for f, _ in pairs],
                 assumed=assumed, used=used, figures=list(dict.fromkeys(earlier.figures + current.figures)),
                 for_amount=for_amount, unknown=unknown, approx=approx, received=got, partial=partial)


@lru_cache(maxsize=256)
def _condition_spec(field: str) -> tuple[str, ...]:
    """The shared conditions a field needs, from whichever binding declares it (the field names are the
    calculators' own, and a name means one thing everywhere)."""
    for spec in bindings().values():
        b = spec.fields.get(field)
        if b is not None and b.condition:
            return tuple(b.condition)
    return ()


def rolls(name: str) -> dict[str, str]:
    """The calculator's running-best fields (``rolls_into``), for ``merge_history``."""
    spec = bindings().get(name)
    return {f: b.rolls_into for f, b in spec.fields.items() if b.rolls_into} if spec else {}


def settle_approx(bound: Bound, run: Any) -> Bound:
    """Hedged figures the calculator needs: if every value in their ranges gives the same answer (probed at both
    ends and the middle), the answer stands and says so; otherwise the need names the range and asks for the exact
    figure. ``run(inputs)`` returns a result with ``eligible``, ``amount_yuan``, ``amount_max_yuan`` (or raises)."""
    needed = {f: span for f, span in bound.approx.items() if f not in bound.inputs}
    if not needed:
        return bound
    outcomes = []
    for pick in (0, 1, 2):
        probe = dict(bound.inputs)
        for f, (low, high, _) in needed.items():
            probe[f] = low if pick == 0 else high if pick == 1 else type(low)((low + high) / 2)
        try:
            r = run(probe)
        except Exception:
            return bound
        outcomes.append((r.eligible, r.amount_yuan, r.amount_max_yuan))
    def in_group(key: str) -> bool:
        return any(f in key.split("#")[0].split("|") for f in needed)

    if len(set(outcomes)) == 1:
        pairs = [(k, n) for k, n in zip(bound.missing_fields, bound.missing) if not in_group(k)]
        notes = {f: f"“{w}”按{_edge(lo, +1)}至{_edge(hi, -1)}之间任一数值计算，结果相同" for f, (lo, hi, w) in needed.items()}
        return bound.model_copy(update={
            "inputs": {**bound.inputs, **{f: lo for f, (lo, _, _) in needed.items()}},
            "missing": [n for _, n in pairs], "missing_fields": [k for k, _ in pairs],
            "for_amount": {k: v for k, v in bound.for_amount.items() if not in_group(k)},
            "assumed": {**bound.assumed, **notes}, "used": {**bound.used, **{f: w for f, (_, _, w) in needed.items()}},
        })
    ranges = "；".join(f"您说的“{w}”在{fmt_number(lo)}至{fmt_number(hi)}之间，取值不同结果不同" for lo, hi, w in needed.values())
    names = [f"{n}（准确数字；{ranges}）" if in_group(k) else n for k, n in zip(bound.missing_fields, bound.missing)]
    for_amount = {k: (f"{v}（准确数字；{ranges}）" if in_group(k) else v) for k, v in bound.for_amount.items()}
    return bound.model_copy(update={"missing": names, "for_amount": for_amount})
