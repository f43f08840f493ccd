"""Exact extraction of quantities, periods and dates from colloquial Chinese questions.

The award calculators are deterministic, so the figures they receive must be the figures the user
wrote.  This module finds every quantity in a question and returns it as a typed item carrying its
value, unit, raw span, character offsets into the *original* text and the few characters to its left
(``left_context``) so that a caller can tell "市里奖了六万" from "产值增加了六万".

Numeral conversion is done by cn2an (``cn2an(s, "smart")``); this module adds the colloquial layer
cn2an lacks:

* "八个亿" / "一个亿" / "9个亿"  -> the classifier 个 before 亿/万 is dropped (cn2an rejects it);
* "一亿二" / "2亿5"             -> a trailing digit after 亿 means 千万 (cn2an raises);
* "一个半亿" / "半个亿"          -> 1.5亿 / 0.5亿;
* "零点八亿" / "一点五万"       -> Chinese decimal mantissa times 亿/万 (cn2an raises);
* "1.5亿" / "1,200万"          -> arabic mantissa times magnitude is computed in Decimal here, so
                                   no float rounding can creep in; thousands separators removed;
* "三五家" / "三五万" / "十一二万" -> adjacent digits are a colloquial *range*; cn2an silently reads
                                   "三五" as 35 (and rejects "三五万"), so such runs are flagged
                                   approximate with no value;
* "十来万" / "几十万" / "六十多万" / "上百万" / "十余家" -> approximate, no exact value;
* "九十万度" / "50万千瓦时" / "160千瓦" -> the run must stop before 千瓦/千伏 (else "160千" = 160000);
* full-width digits and punctuation are folded character by character, so offsets stay valid.

Nothing here raises on odd input: extraction returns what it finds and never guesses a value; a
hedged or ranged figure comes back with ``approximate=True`` and ``value=None`` (the stated figure,
where there is one, is kept in ``nominal``).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date as Date
from decimal import Decimal, InvalidOperation
from typing import Literal, Union

from cn2an import cn2an as _cn2an
from pydantic import BaseModel, ConfigDict, computed_field

__all__ = [
    "Capacity",
    "Count",
    "DateMention",
    "Electricity",
    "Money",
    "Percent",
    "Period",
    "Quantity",
    "Slots",
    "StandardCoal",
    "Voltage",
    "extract_slots",
    "money_with_context",
    "normalize",
    "parse_number",
]

Comparator = Literal["lt", "le", "gt", "ge"]
Direction = Literal["up", "down"]

LEFT_CONTEXT_CHARS = 8

# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------


class _Span(BaseModel):
    model_config = ConfigDict(frozen=True)

    raw: str
    """The span exactly as written in the input (original, un-normalised characters)."""
    start: int
    end: int
    left_context: str = ""
    """Up to 8 characters before ``start``, cut at the last clause delimiter and at the end of the
    previous extracted item (e.g. "市里奖了" for "…，市里奖了六万")."""


class Quantity(_Span):
    value: Decimal | None
    """Exact value in ``unit``; None when the text gives no exact figure (``approximate``)."""
    unit: str
    approximate: bool = False
    nominal: Decimal | None = None
    """For hedged figures ("大概六万", "十来万", "六十多万"): the stated figure; None if there is
    none ("几十万", "三五万")."""
    hedge: Literal["above", "below"] | None = None
    """Which side of the stated figure a hedge leans to: "五个亿出头" / "开外" -> above; "将近五十万" / "五十万不到" ->
    below; None for an even hedge (大概 / 左右 / 约, ± 10%)."""
    comparator: Comparator | None = None
    """Threshold words around the figure: 不满/低于 -> lt, 以下/以内/不超过 -> le, 超过 -> gt,
    以上/不低于/达到 -> ge."""
    direction: Direction | None = None
    """增长/增加/提高 -> up, 下降/减少/降低 -> down (nearest cue in the clause before the figure)."""


class Money(Quantity):
    kind: Literal["money"] = "money"
    currency: Literal["CNY", "USD"] = "CNY"
    unit: Literal["元", "美元"] = "元"
    unit_inferred: bool = False
    """True for bare magnitudes ("六万", "八个亿"), read as 元 because no other unit follows."""
    per_unit: str | None = None
    """"500元/吨" -> "吨": a rate, not an amount."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def amount(self) -> int | None:
        """Integer amount (元 or 美元), or None if not exact or not a whole number."""
        if self.value is None or self.value != self.value.to_integral_value():
            return None
        return int(self.value)


class Percent(Quantity):
    kind: Literal["percent"] = "percent"
    unit: Literal["%"] = "%"
    is_points: bool = False
    """True for 个百分点 / 百分点 (a difference of rates, not a rate)."""


class Electricity(Quantity):
    kind: Literal["electricity"] = "electricity"
    unit: Literal["kWh"] = "kWh"


class Capacity(Quantity):
    kind: Literal["capacity"] = "capacity"
    unit: Literal["kW"] = "kW"


class Voltage(Quantity):
    kind: Literal["voltage"] = "voltage"
    unit: Literal["kV"] = "kV"


class StandardCoal(Quantity):
    kind: Literal["standard_coal"] = "standard_coal"
    unit: Literal["tce"] = "tce"
    explicit: bool = True
    """False when the text says only 吨 (read as 吨标准煤)."""


class Count(Quantity):
    kind: Literal["count"] = "count"
    classifier: str = ""
    """台 套 家 次 个 人 名 场 项 户 件 辆 位 批 人次 台套."""


class Period(_Span):
    kind: Literal["year", "half", "quarter", "month", "months", "festival"]
    year: int | None = None
    relative_year: int | None = None
    """今年 0, 去年 -1, 前年 -2, 明年 1; None when the year is absolute or not stated."""
    half: int | None = None
    quarter: int | None = None
    month: int | None = None
    month_end: int | None = None
    """Last month of a month range ("1-3月")."""
    spring_festival: bool = False
    start_date: Date | None = None
    end_date: Date | None = None

    def resolve(self, reference_year: int) -> "Period":
        """Fill ``year`` (and the dates) of a relative period ("去年一季度") from ``reference_year``."""
        if self.year is not None or self.relative_year is None:
            return self
        year = reference_year + self.relative_year
        start, end = _period_bounds(self.kind, year, self.half, self.quarter, self.month, self.month_end)
        return self.model_copy(update={"year": year, "start_date": start, "end_date": end})


class DateMention(_Span):
    kind: Literal["date"] = "date"
    year: int | None = None
    relative_year: int | None = None
    month: int
    day: int
    date: Date | None = None
    """Set only when the year is known."""
    year_inherited: bool = False
    """True for the second end of "2024年2月1日至2月29日", whose year is taken from the first."""


Item = Union[Money, Percent, Electricity, Capacity, Voltage, StandardCoal, Count, Period, DateMention]


class Slots(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    money: list[Money] = []
    """Amounts in 元 (CNY only)."""
    usd: list[Money] = []
    percents: list[Percent] = []
    electricity: list[Electricity] = []
    capacity: list[Capacity] = []
    voltage: list[Voltage] = []
    standard_coal: list[StandardCoal] = []
    counts: list[Count] = []
    periods: list[Period] = []
    dates: list[DateMention] = []

    def items(self) -> list[Item]:
        """Every extracted item, in text order."""
        out: list[Item] = [
            *self.money, *self.usd, *self.percents, *self.electricity, *self.capacity,
            *self.voltage, *self.standard_coal, *self.counts, *self.periods, *self.dates,
        ]
        return sorted(out, key=lambda it: it.start)


# --------------------------------------------------------------------------------------------
# Normalisation and numerals
# --------------------------------------------------------------------------------------------

_THOUSANDS_FW_COMMA = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")


def normalize(text: str) -> str:
    """Fold full-width digits, letters and punctuation to ASCII, one character for one.

    The result has the same length as ``text``, so offsets found in it are offsets in ``text``.
    A full-width comma stays "，" (a clause separator) unless it sits between digits with exactly
    three digits after it ("１，２００万"), where it is a thousands separator.
    """
    out = []
    for ch in text:
        if ch == "，":
            out.append(ch)
            continue
        n = unicodedata.normalize("NFKC", ch)
        if n == "−":
            n = "-"
        out.append(n if len(n) == 1 else ch)
    return _THOUSANDS_FW_COMMA.sub(",", "".join(out))


_CD = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CD19 = "一二两三四五六七八九壹贰叁肆伍陆柒捌玖"

# A run of numeral characters.  千 stops before 瓦/伏/克/米 (千瓦, 千伏 are units), 百 before 分
# (百分之 / 百分点).
_NUM_RUN = re.compile(
    rf"""
    (?: (?<=[上数])[百千万] | (?<=[破过超])[百千亿] | \d | [{_CD}十拾几] | 半(?=个?[万亿]) )
    (?:
        \d
      | (?<=\d),(?=\d{{3}}(?!\d))
      | (?<=\d)\.(?=\d)
      | [{_CD}十拾几]
      | [百佰](?!分)
      | [千仟](?![瓦伏克米卡焦帕赫])
      | [万亿]
      | 点(?=[{_CD}\d])
      | 个半(?=[万亿])
      | 半(?=[万亿])
      | 个(?=[万亿])
      | 多(?![少样次种])
      | [来余](?=[十百千万亿])
      | (?<=[十百千])来(?![了过自源])
      | (?<=\d)[ \t]+(?=[万亿])
    )*
    """,
    re.X,
)

_ADJACENT_DIGITS = re.compile(rf"[{_CD19}]{{2}}")
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_RATE_LEFT = re.compile(r"(率|增幅|增速|涨幅|降幅)[^，,。；;？?0-9０-９%]{0,4}$")
_NONE_AT_ALL = re.compile(r"(台|套|个|家|次|场|回|趟|人|项)((都|也)(没|没有|不|未))")
_ONE_EVENT = re.compile(r"(?<=[办开搞参加跑去举])了(场|回|趟)|(?<=[那这])(场|回|趟)(?![子地所馆])")  # "那场是在泉州办的"
_HALF_POINT = re.compile(r"个半(百分点|点(?!钟))")
_ARABIC_MAG = re.compile(r"(\d+(?:\.\d+)?)(十|百|千|万|十万|百万|千万|亿|万亿)")
_CN_DECIMAL_MAG = re.compile(rf"([{_CD}十百千]+点[{_CD}]+)(万亿|亿|万)")
_YI_TAIL = re.compile(rf"(.+亿)([{_CD19}1-9])")
_MAG = {
    "十": 10, "百": 100, "千": 1000, "万": 10**4, "十万": 10**5, "百万": 10**6,
    "千万": 10**7, "亿": 10**8, "万亿": 10**12,
}


def _cn(s: str) -> Decimal:
    r = _cn2an(s, "smart")
    return Decimal(str(r))


def _tidy(v: Decimal) -> Decimal:
    """150000000.0 -> 150000000, 24.50 -> 24.5 (never scientific notation)."""
    if v == v.to_integral_value():
        return Decimal(int(v))
    return v.normalize()


def _exact(s: str) -> Decimal | None:
    """Exact value of a clean numeral run, or None if it is not an exact figure."""
    v = _exact_raw(s)
    return None if v is None else _tidy(v)


_HALF_MAG = re.compile(r"(.*?)个?半个?(万|亿)")


def _exact_raw(s: str) -> Decimal | None:
    s = re.sub(r"[ \t,]", "", s)
    half = _HALF_MAG.fullmatch(s)
    if half:  # 一个半亿 = 1.5亿, 半个亿 = 0.5亿, 两万半 is not this form
        head = _exact_raw(half.group(1)) if half.group(1) else Decimal(0)
        return None if head is None else (head + Decimal("0.5")) * _MAG[half.group(2)]
    s = re.sub(r"个(?=[万亿])", "", s)
    if not s or re.search("[几多来余]", s):
        return None
    # 三五(万), 十一二万: a colloquial range (cn2an reads "三五" as 35).
    if _ADJACENT_DIGITS.search(s):
        return None
    try:
        if _ARABIC.fullmatch(s):
            return Decimal(s)
        m = _ARABIC_MAG.fullmatch(s)
        if m:
            return Decimal(m.group(1)) * _MAG[m.group(2)]
        m = _CN_DECIMAL_MAG.fullmatch(s)
        if m:
            return _cn(m.group(1)) * _MAG[m.group(2)]
        m = _YI_TAIL.fullmatch(s)
        if m:  # 一亿二 = 1.2亿, 2亿5 = 2.5亿
            head = _exact(m.group(1))
            if head is None:
                return None
            return head + _cn(m.group(2)) * 10**7
        v = _cn(s)
    except (ValueError, InvalidOperation, KeyError, TypeError, IndexError):
        return None
    return v if v >= 0 else None


def parse_number(s: str) -> Decimal | None:
    """Exact value of a numeral string ("八个亿", "1,200万", "百分之" excluded), else None."""
    return _exact(normalize(s).strip())


def _nominal(run: str, prefix: str) -> Decimal | None:
    """Stated figure of an approximate run: 十来万 -> 100000, 六十多万 -> 600000, 几十万 -> None."""
    if "几" in run or prefix == "数":
        return None
    stripped = re.sub("[多来余]", "", run)
    if prefix == "上":
        stripped = "一" + stripped
    return _exact(stripped)


def _is_approx_run(run: str, prefix: str) -> bool:
    s = re.sub(r"[ \t,]", "", run)
    if prefix in ("上", "数") or re.search("[几多来余]", s):
        return True
    return bool(_ADJACENT_DIGITS.search(s))


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------

_A = r"(?![A-Za-z])"
# (pattern, kind, factor, extra)
_UNITS: list[tuple[re.Pattern[str], str, Decimal, str]] = [
    (re.compile(p, re.I), kind, Decimal(f), extra)
    for p, kind, f, extra in [
        (r"%", "percent", "1", ""),
        (r"‰", "percent", "0.1", ""),
        (r"个百分点|百分点", "percent", "1", "points"),
        # "增加值率二十六个点", "用电涨了八个点": callers say 个点 for a percent (个百分点 stays a difference of rates)
        (r"个点(?!钟)", "percent", "1", ""),
        (r"美元|美金|USD" + _A, "usd", "1", ""),
        (r"元(?:钱|人民币)?|块钱|块|圆|人民币|RMB" + _A + "|CNY" + _A, "cny", "1", ""),
        # "市里给了7.2w": w / W for 万, as typed on a phone
        (r"[wW](?![a-zA-Z])(?:元|块)?", "cny", "10000", ""),
        (r"千瓦时|千瓦·时|千瓦小时|kW·?h" + _A + "|度电|度", "kwh", "1", ""),
        (r"兆瓦时|MWh" + _A, "kwh", "1000", ""),
        (r"千瓦|kW" + _A, "kw", "1", ""),
        (r"兆瓦|MW" + _A, "kw", "1000", ""),
        (r"千伏|kV" + _A, "kv", "1", ""),
        (r"伏|V" + _A, "kv", "0.001", ""),
        (r"吨标准煤|吨标煤|吨煤|tce" + _A, "tce", "1", ""),
        (r"吨", "tce", "1", "implicit"),
        (r"人次|台套|台|套|家|趟|次(?![性数方])|(?<!头一)回(?![事来去复答应头报扣收归])|个(?!月|季|百分点|工作日|小时|星期|礼拜|多?[万亿]|点|年|周)"
         r"|人|名|场|项|户|件|辆|位|批", "count", "1", ""),
        # Not quantities this module extracts: the run is dropped.
        (r"年|个?月|日|号|条|款|章|节|届|期|岁|天|周|个?小时|分钟|秒|个?季度|倍|平方米|平方公里|平米"
         r"|亩|公里|米|公斤|千克|克|级|层|楼|点|个工作日|个星期|分|届|版|页|码", "skip", "1", ""),
    ]
]

_UNIT_STARTS = set("元块圆美度千兆吨台套家人名场项户件辆位批伏瓦回")
_CHENG = re.compile(rf"成([{_CD19}])?(?![功为立本员品交长果熟绩型都不就])")
_PER_UNIT = re.compile(
    r"\s*/\s*(吨标准煤|吨标煤|吨|千瓦时|kWh|度|人次|人|名|台套|台|套|家|次|个|场|项|户|件|批|月|年|天|平方米|平米|亩)",
    re.I,
)
_LEFT_PER = re.compile(r"每\s*(吨标准煤|吨标煤|吨|千瓦时|度|人|名|台|套|家|次|个|场|项|户|件|批|月|年|天|平方米|亩)\s*$")

_LEFT_CMP = re.compile(
    r"(不超过|不高于|不多于|最多|(?<!以前|之前|此前|历史|往年|过去|曾经|以往|原来)(?<!前几年|历史上)最高|至多|不低于|不少于|至少|达到|达|不满|未满|不足|不到|满|低于|少于|小于"
    r"|差一点就到|差一点到|差点就到|差点到|差一点|差点|还没到|没有到|没到|没达到|未达到|未到|不够"
    r"|超过|超出|超|高于|多于|大于|突破了?|冲过了?|冲破了?|跨过了?|迈过了?|破了?|过了|就过|已过|早过|(?<![不通经超])过)\s*$"
)
_LEFT_CMP_MAP = {
    "不超过": "le", "不高于": "le", "不多于": "le", "最多": "le", "最高": "le", "至多": "le",
    "不低于": "ge", "不少于": "ge", "至少": "ge", "达到": "ge", "达": "ge", "满": "ge",
    "不满": "lt", "未满": "lt", "不足": "lt", "不到": "lt", "低于": "lt", "少于": "lt", "小于": "lt",
    # "差一点到五十万度", "还没到一百亿": short of the figure, said colloquially
    **{w: "lt" for w in ("差一点就到", "差一点到", "差点就到", "差点到", "差一点", "差点", "还没到", "没有到", "没到",
                         "没达到", "未达到", "未到", "不够")},
    "超过": "gt", "超出": "gt", "超": "gt", "高于": "gt", "多于": "gt", "大于": "gt",
    # a line crossed, said colloquially ("早就过了一百亿", "破百亿"): more than it
    **{w: "gt" for w in ("突破", "突破了", "冲过", "冲过了", "冲破", "冲破了", "跨过", "跨过了", "迈过", "迈过了", "破",
                         "破了", "过了", "就过", "已过", "早过", "过")},
}
_PASSED = ("过了", "过", "就过", "已过", "早过")  # "passed", said bare: a line crossed or, of a precise figure, reached
_RIGHT_CMP = re.compile(r"\s*(?:\(含\)|（含）)?\s*(及以上|或以上|以上|及以下|或以下|以下|以内|之内)")

_HEDGE_LEFT = re.compile(r"(?:大约|大概|约莫|约|差不多|将近|接近|估计|(?<!最)近)\s*(?:有|是|在)?\s*$")
_HEDGE_CLAUSE = re.compile(r"大约|大概|约莫|差不多|估计|估摸")  # "大概增长了百分之五"
_HEDGE_RIGHT = re.compile(r"\s*(左右|上下|出头|开外|不到)")
_HEDGE_BELOW_LEFT = re.compile(r"(?:将近|接近|(?<!最)近)\s*(?:有|是|在)?\s*$")  # "将近五十万度": a little under it

# Single characters such as 减/降 are not cues (减免50% is not -50%); 增加值(率) is not 增加.
_DIR = re.compile(r"负增长|下降|减少|降低|下滑|回落|缩减|降幅|减幅|少了|下跌|跌了|负|增长|增加(?!值)|提高|上升|提升|增幅"
                  r"|增速|多了|涨了|涨幅|上涨|涨")
_DOWN = {"负增长", "下降", "减少", "降低", "下滑", "回落", "缩减", "降幅", "减幅", "少了", "下跌", "跌了", "负"}
_TO_LEVEL = re.compile(r"\s*了?\s*(?:到|至|为)")  # 下降到3%: a level, not a change
_CLAUSE_DELIMS = "，,。；;！!？?\n、:："

# --------------------------------------------------------------------------------------------
# Dates and periods
# --------------------------------------------------------------------------------------------

# A two-digit year ("23年产值", "22年二季度") is read as 20xx (2015-2035) unless the context makes it a
# duration ("做了20年了", "满20年", "20年以上").
_Y2 = r"(?<![\d.近满第每这超续过了])(?:1[5-9]|2\d|3[0-5])(?=\s*年(?!以|内|来|后|前|间|左右|多|半|期|了|\d(?!\d?\s*月)))"  # "22年5月" is a month
# "二二年", "二四年一季度": a year said by its last two digits in words (2020–2029), never "十二年" or "干了二三年多"
_Y2CN = r"(?<![〇零一二三四五六七八九十百千万两\d.近满第每这超续过了干做])二[〇零一二三四五六七八九](?=\s*年(?!以|内|来|后|前|间|左右|多|半|期|了|\d))"
_Y = rf"(?:(?<!\d)(?P<y>(?:19|20)\d{{2}}|{_Y2})|(?P<ycn>[一二][〇零九][〇零一二三四五六七八九]{{2}})|(?P<ycn2>{_Y2CN}))\s*年"
_REL = r"(?P<rel>今年|去年|前年|明年|上一?年|本年)"
_YR = rf"(?:(?:{_Y}|{_REL})(?:度)?(?:的)?)"
_MON = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_RANGE_JOIN = re.compile(r"\s*(?:至|到|-|~|—|－|～)\s*")
_REL_OFFSET = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "上一年": -1, "前年": -2, "明年": 1}

_DOCNO = re.compile(r"[〔\[(【]\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*[〕\])】]\s*第?\s*\d+\s*号?")
_ISO_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>1[0-2]|0?[1-9])[-/.](?P<d>3[01]|[12]\d|0?[1-9])(?![\d.])")
_CN_DATE = re.compile(rf"{_YR}?(?<![\d{_CD}十])(?P<m>{_MON})\s*月\s*(?P<d>{_DAY})\s*[日号]")
_MONTH_RANGE = re.compile(
    rf"{_YR}?(?<![\d{_CD}十])(?P<m>{_MON})\s*(?:月份?)?\s*(?:-|~|至|到|—|－)\s*(?P<m2>{_MON})\s*月份?(?!\s*[\d{_CD}十]+\s*[日号])"
)
_QUARTER = re.compile(
    rf"(?:{_YR}|(?<!\d)(?P<yq>(?:19|20)\d{{2}})\s*(?=[Qq]))?"
    rf"(?:(?:第\s*)?(?P<q>[一二三四1-4])\s*季度|[Qq](?P<qq>[1-4])(?!\d)|(?P<first>首)季度?)"
)
_HALF = re.compile(rf"{_YR}?(?P<h>上|下)半年")
_MONTH = re.compile(rf"{_YR}?(?<![\d{_CD}十个])(?P<m>{_MON})\s*月份?(?!\s*[日号\d])")
_FESTIVAL = re.compile(rf"{_YR}?春节(?:期间|假期|前后|前|后)?")
_YEAR = re.compile(rf"{_Y}(?:度)?")
_REL_YEAR = re.compile(rf"{_REL}(?:度)?")
_ORDINAL = re.compile(rf"第\s*(?:\d++|[{_CD}十百千]++)(?!\s*季)")


def _cn_int(s: str) -> int:
    s = s.strip()
    if s.isdigit():
        return int(s)
    return int(_cn2an(s, "smart"))


def _year_of(m: re.Match[str]) -> tuple[int | None, int | None]:
    gd = m.groupdict()
    if gd.get("y") or gd.get("yq"):
        y = int(gd.get("y") or gd["yq"])
        return (2000 + y if y < 100 else y), None
    if gd.get("ycn2"):
        return 2000 + int(gd["ycn2"].translate(str.maketrans("〇零一二三四五六七八九", "00123456789"))), None
    if gd.get("ycn"):
        digits = gd["ycn"].translate(str.maketrans("〇零一二三四五六七八九", "00123456789"))
        return int(digits), None
    if gd.get("rel"):
        return None, _REL_OFFSET[gd["rel"]]
    return None, None


def _period_bounds(
    kind: str, year: int | None, half: int | None, quarter: int | None,
    month: int | None, month_end: int | None,
) -> tuple[Date | None, Date | None]:
    if year is None:
        return None, None
    if kind == "year":
        return Date(year, 1, 1), Date(year, 12, 31)
    if kind == "half" and half:
        return (Date(year, 1, 1), Date(year, 6, 30)) if half == 1 else (Date(year, 7, 1), Date(year, 12, 31))
    if kind == "quarter" and quarter:
        m0 = 3 * (quarter - 1) + 1
        return Date(year, m0, 1), Date(year, m0 + 2, calendar.monthrange(year, m0 + 2)[1])
    if kind == "month" and month:
        return Date(year, month, 1), Date(year, month, calendar.monthrange(year, month)[1])
    if kind == "months" and month and month_end:
        return Date(year, month, 1), Date(year, month_end, calendar.monthrange(year, month_end)[1])
    return None, None


# --------------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------------


#: electricity words right before a bare magnitude, with no award word between ("用电五十万整", "电表走了六十万")
_ELECTRICITY_LEFT = re.compile(r"(用电|电量|电表|耗电|用了电|电用了)[^，,。；;奖补给配拿市区省元块]{0,4}$")
#: a year or period word right before a bare numeral ("前年一百九", "22年两百一"): a figure of a year, said short
_BARE_FIGURE_LEFT = re.compile(r"(?:前年|去年|今年|上年|明年|\d{2,4}年|[一二三四]季度|上半年|下半年)(?:是|有|为|才|只有|正好|刚好|大概)?$")


class _Scan:
    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = normalize(text)
        self.masked = list(self.norm)
        self.items: list[Item] = []

    def claim(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.masked[i] = "\x00"

    def free(self, start: int, end: int) -> bool:
        return all(c != "\x00" for c in self.masked[start:end])

    def view(self) -> str:
        return "".join(self.masked)

    # -- context helpers -------------------------------------------------------------------
    def clause_left(self, start: int, width: int = 6) -> str:
        seg = self.norm[max(0, start - width):start]
        cut = max(seg.rfind(d) for d in _CLAUSE_DELIMS)
        return seg[cut + 1:] if cut >= 0 else seg

    def direction(self, start: int) -> Direction | None:
        seg = self.clause_left(start)
        found = list(_DIR.finditer(seg))
        if not found:
            return None
        last = found[-1]
        if _TO_LEVEL.match(seg, last.end()):
            return None
        return "down" if last.group() in _DOWN else "up"

    def comparator(self, start: int, end: int, value: Decimal | None = None) -> Comparator | None:
        m = _LEFT_CMP.search(self.clause_left(start))
        if m:
            if m.group(1) in _PASSED and value is not None \
                    and len(format(value.normalize(), "f").replace(".", "").strip("0")) > 1:
                # "头一回过了两百一十亿": a figure of two or more significant digits passed is the figure reached;
                # "早就过了一百亿" crosses a line, a bound
                return None
            return _LEFT_CMP_MAP[m.group(1)]  # type: ignore[return-value]
        m = _RIGHT_CMP.match(self.norm, end)
        if m:
            return "ge" if "上" in m.group(1) else "le"
        return None

    def hedged(self, start: int, end: int) -> bool:
        left = self.clause_left(start)
        return bool(_HEDGE_LEFT.search(left) or _HEDGE_CLAUSE.search(left) or _HEDGE_RIGHT.match(self.norm, end))

    # -- passes ----------------------------------------------------------------------------
    def run(self) -> list[Item]:
        for m in _DOCNO.finditer(self.norm):
            self.claim(m.start(), m.end())
        self.dates_and_periods()
        for m in _ORDINAL.finditer(self.view()):
            self.claim(m.start(), m.end())
        self.quantities()
        return self.items

    def _period(self, m: re.Match[str], kind: str, **kw: object) -> None:
        year, rel = _year_of(m)
        half, quarter = kw.get("half"), kw.get("quarter")
        month, month_end = kw.get("month"), kw.get("month_end")
        try:
            start, end = _period_bounds(kind, year, half, quarter, month, month_end)  # type: ignore[arg-type]
        except ValueError:
            return
        self.items.append(Period(
            raw=self.text[m.start():m.end()], start=m.start(), end=m.end(), kind=kind,  # type: ignore[arg-type]
            year=year, relative_year=rel, start_date=start, end_date=end,
            spring_festival=kind == "festival", **kw,  # type: ignore[arg-type]
        ))
        self.claim(m.start(), m.end())

    def dates_and_periods(self) -> None:
        for m in _ISO_DATE.finditer(self.view()):
            self._date(m, int(m["y"]), None, int(m["m"]), int(m["d"]))
        for m in _CN_DATE.finditer(self.view()):
            y, rel = _year_of(m)
            self._date(m, y, rel, _cn_int(m["m"]), _cn_int(m["d"]))
        self._inherit_range_years()
        for m in _MONTH_RANGE.finditer(self.view()):
            a, b = _cn_int(m["m"]), _cn_int(m["m2"])
            if 1 <= a < b <= 12:
                self._period(m, "months", month=a, month_end=b)
        for m in _QUARTER.finditer(self.view()):
            q = 1 if m["first"] else _cn_int(m["q"] or m["qq"])
            self._period(m, "quarter", quarter=q)
        for m in _HALF.finditer(self.view()):
            self._period(m, "half", half=1 if m["h"] == "上" else 2)
        for m in _FESTIVAL.finditer(self.view()):
            self._period(m, "festival")
        for m in _MONTH.finditer(self.view()):
            mo = _cn_int(m["m"])
            if 1 <= mo <= 12:
                self._period(m, "month", month=mo)
        for m in _YEAR.finditer(self.view()):
            self._period(m, "year")
        for m in _REL_YEAR.finditer(self.view()):
            self._period(m, "year")

    def _inherit_range_years(self) -> None:
        """"2024年2月1日至2月29日": the second date takes the first one's year."""
        dates = sorted((it for it in self.items if isinstance(it, DateMention)), key=lambda d: d.start)
        for a, b in zip(dates, dates[1:]):
            if b.year is not None or b.relative_year is not None or a.year is None and a.relative_year is None:
                continue
            if not _RANGE_JOIN.fullmatch(self.norm[a.end:b.start]):
                continue
            try:
                d = Date(a.year, b.month, b.day) if a.year is not None else None
            except ValueError:
                continue
            new = b.model_copy(update={
                "year": a.year, "relative_year": a.relative_year, "date": d, "year_inherited": True})
            self.items[self.items.index(b)] = new

    def _date(self, m: re.Match[str], y: int | None, rel: int | None, mo: int, d: int) -> None:
        if not (1 <= mo <= 12):
            return
        max_day = calendar.monthrange(y, mo)[1] if y is not None else (29 if mo == 2 else calendar.monthrange(2001, mo)[1])
        if not (1 <= d <= max_day):
            return
        self.items.append(DateMention(
            raw=self.text[m.start():m.end()], start=m.start(), end=m.end(), year=y, relative_year=rel,
            month=mo, day=d, date=Date(y, mo, d) if y is not None else None,
        ))
        self.claim(m.start(), m.end())

    def quantities(self) -> None:
        view = self.view()
        self.bare: list[tuple[int, int, Decimal]] = []
        for m in _NUM_RUN.finditer(view):
            self._quantity(m.start(), m.end(), m.group())
        self._parallel_magnitudes()
        # "去江西办了场招聘会", "跑了趟省外": an event classifier right after 了 with no numeral is one event
        for m in _ONE_EVENT.finditer(self.view()):
            g = 1 if m.group(1) else 2
            self._emit_other(m.start(g), m.end(g), Decimal(1), False, None, "count", "", m.group(g))

    def _quantity(self, start: int, end: int, run: str) -> None:
        norm = self.norm
        # "一台都没新增", "一家也没有": none at all
        if run == "一" and (none := _NONE_AT_ALL.match(norm, end)):
            self._emit_other(start, none.start(2), Decimal(0), False, None, "count", "", none.group(1))
            return
        # "150亿一下子": a trailing 一 after a magnitude that starts a word is not part of the number
        # (cn2an would read 150亿一 as 150.1亿).
        # ("十一个点" is eleven: after 十 the 一 is a digit)
        if len(run) > 1 and run[-1] == "一" and run[-2] in "百千万亿" and end < len(norm) \
                and "\u4e00" <= norm[end] <= "\u9fff" and norm[end] not in _UNIT_STARTS:
            run, end = run[:-1], end - 1
        prefix = norm[start - 1] if start > 0 and norm[start - 1] in "上数" else ""
        span_start = start - len(prefix)
        approx = _is_approx_run(run, prefix)
        value = None if approx else _exact(run)
        if value is None and not approx and run[0] in "百千亿" and start > 0 and norm[start - 1] in "破过超":
            value = _exact("一" + run)  # "破百亿", "过亿", "超千万": a bare magnitude crossed is one of it
        if value is None and not approx:
            return  # not a numeral cn2an can read exactly, and not a known approximate form
        nominal = _nominal(run, prefix) if approx else None
        negative_sign = span_start > 0 and norm[span_start - 1] == "-"

        # 百分之十五
        if norm[max(0, span_start - 3):span_start] == "百分之":
            self._emit_percent(span_start - 3, end, value, approx, nominal, False, negative_sign)
            return

        pos = end
        while pos < len(norm) and norm[pos] in " \t":
            pos += 1
        # 两成, 三成五
        if norm.startswith("成", pos) and re.fullmatch(f"[{_CD19}]|十", run):
            cm = _CHENG.match(norm, pos)
            if cm:
                tenth = _exact(run)
                if tenth is not None:
                    v = tenth * 10 + (_exact(cm.group(1)) or 0) if cm.group(1) else tenth * 10
                    self._emit_percent(span_start, cm.end(), v, False, None, False, negative_sign)
                return
        # "增加值率二十四个半点" = 24.5%, "十二个半百分点" = 12.5 points
        hm = _HALF_POINT.match(norm, pos)
        if hm and value is not None:
            self._emit_percent(span_start, hm.end(), value + Decimal("0.5"), approx, None, hm.group(1) == "百分点",
                               negative_sign)
            return
        for pat, kind, factor, extra in _UNITS:
            um = pat.match(norm, pos)
            if not um:
                continue
            if kind == "skip":
                return
            if kind == "kwh" and run == "一" and um.group() == "度":  # 一度 = "once"
                return
            if um.group() == "块" and re.fullmatch(f"[{_CD}]", run):  # 留一块份额 = "a share"
                return
            uend = um.end()
            v = None if value is None else _tidy(value * factor)
            nom = None if nominal is None else _tidy(nominal * factor)
            if kind == "percent":
                self._emit_percent(span_start, uend, v, approx, nom, extra == "points", negative_sign)
            elif kind in ("cny", "usd"):
                self._emit_money(span_start, uend, v, approx, nom, kind, inferred=False)
            else:
                self._emit_other(span_start, uend, v, approx, nom, kind, extra, um.group())
            return
        # No unit: a bare magnitude (六万, 八个亿, 3千) is money in this domain — except right after electricity words
        # ("二月份用电五十万整", "电表走了六十万"), where it is 千瓦时.
        if re.search("万", run) and _ELECTRICITY_LEFT.search(norm[max(0, span_start - 8):span_start]):
            self._emit_other(span_start, end, value, approx, nominal, "kwh", "", "")
        elif re.search("[万亿]", run) or re.search(r"\d千$", run):
            self._emit_money(span_start, end, value, approx, nominal, "cny", inferred=True)
        elif value is not None and not approx and not negative_sign and _BARE_FIGURE_LEFT.search(
                norm[max(0, span_start - 6):span_start]):
            self.bare.append((span_start, end, value))  # "前年一百九，去年两百亿": may share its neighbour's 亿
        elif _RATE_LEFT.search(norm[max(0, span_start - 8):span_start]) and not re.match(r"\s*[年月日号季]", norm[end:]):
            # "增加值率二十三点八", "增幅12": a bare number said as a rate is a percent
            self._emit_percent(span_start, end, value, approx, nominal, False, negative_sign)

    def _parallel_magnitudes(self) -> None:
        """"营收前年一百九，去年正好两百亿": two figures of one quantity said side by side, by year or period, where
        the speaker names the magnitude once. A bare numeral after a year word takes the magnitude (亿 / 万) of the
        money figure next to it in the same sentence, when the two are then of a size (within a factor of three):
        a count or a rate beside a money figure never is."""
        money = sorted((it for it in self.items if isinstance(it, Money) and it.value is not None and it.currency == "CNY"),
                       key=lambda it: it.start)
        for start, end, value in self.bare:
            near = [m for m in money if 0 < m.start - end <= 12 or 0 < start - m.end <= 12]
            near = [m for m in near if not re.search(r"[。；;？?！!]", self.norm[min(end, m.end):max(start, m.start)])]
            if not near:
                continue
            other = min(near, key=lambda m: m.start - end if m.start > end else start - m.end)  # the nearest
            mag = re.search(r"(亿|万)[元块]?\s*$", normalize(other.raw))
            if mag is None or not self.free(start, end):
                continue
            v = _tidy(value * (Decimal(10**8) if mag.group(1) == "亿" else Decimal(10**4)))
            if not (other.value / 3 <= v <= other.value * 3):
                continue
            self._emit_money(start, end, v, False, None, "cny", inferred=True)

    def _common(self, start: int, end: int, value: Decimal | None, approx: bool, nominal: Decimal | None) -> dict:
        hedge = None
        if not approx and self.hedged(start, end):
            approx, nominal, value = True, value, None
            right = _HEDGE_RIGHT.match(self.norm, end)
            if right and right.group(1) in ("出头", "开外"):
                hedge = "above"
            elif (right and right.group(1) == "不到") or _HEDGE_BELOW_LEFT.search(self.clause_left(start)):
                hedge = "below"
        return dict(
            raw=self.text[start:end], start=start, end=end, value=value, approximate=approx, hedge=hedge,
            nominal=nominal, comparator=self.comparator(start, end, value), direction=self.direction(start),
        )

    def _emit_percent(self, start: int, end: int, value: Decimal | None, approx: bool,
                      nominal: Decimal | None, points: bool, negative_sign: bool) -> None:
        if negative_sign:
            start -= 1
        kw = self._common(start, end, value, approx, nominal)
        if negative_sign or kw["direction"] == "down":
            if kw["value"] is not None:
                kw["value"] = -kw["value"]
            if kw["nominal"] is not None:
                kw["nominal"] = -kw["nominal"]
            kw["direction"] = "down"
        self.items.append(Percent(is_points=points, **kw))
        self.claim(start, end)

    def _emit_money(self, start: int, end: int, value: Decimal | None, approx: bool,
                    nominal: Decimal | None, kind: str, inferred: bool) -> None:
        kw = self._common(start, end, value, approx, nominal)
        per = None
        pm = _PER_UNIT.match(self.norm, end)
        if pm and not inferred:
            per, end = pm.group(1), pm.end()
            kw["raw"], kw["end"] = self.text[start:end], end
        else:
            lm = _LEFT_PER.search(self.clause_left(start))
            if lm:
                per = lm.group(1)
        if kind == "usd":
            self.items.append(Money(currency="USD", unit="美元", per_unit=per, unit_inferred=inferred, **kw))
        else:
            self.items.append(Money(per_unit=per, unit_inferred=inferred, **kw))
        self.claim(start, end)

    def _emit_other(self, start: int, end: int, value: Decimal | None, approx: bool,
                    nominal: Decimal | None, kind: str, extra: str, unit_text: str) -> None:
        kw = self._common(start, end, value, approx, nominal)
        if kind == "kwh":
            item: Item = Electricity(**kw)
        elif kind == "kw":
            item = Capacity(**kw)
        elif kind == "kv":
            item = Voltage(**kw)
        elif kind == "tce":
            item = StandardCoal(explicit=extra != "implicit", **kw)
        else:
            if kw["value"] is not None and kw["value"] != kw["value"].to_integral_value():
                return  # "1.5台": not a count
            item = Count(classifier=unit_text, unit=unit_text, **kw)
        self.items.append(item)
        self.claim(start, end)


def _with_left_context(text: str, norm: str, items: list[Item]) -> list[Item]:
    items = sorted(items, key=lambda it: (it.start, it.end))
    out: list[Item] = []
    prev_end = 0
    for it in items:
        lo = max(prev_end, it.start - LEFT_CONTEXT_CHARS, 0)
        seg = norm[lo:it.start]
        cut = max(seg.rfind(d) for d in _CLAUSE_DELIMS)
        if cut >= 0:
            lo += cut + 1
        out.append(it.model_copy(update={"left_context": text[lo:it.start].strip()}))
        prev_end = max(prev_end, it.end)
    return out


def extract_slots(text: str) -> Slots:
    """Every quantity, period and date in ``text``, with offsets into ``text``."""
    scan = _Scan(text)
    items = _with_left_context(text, scan.norm, scan.run())
    buckets: dict[str, list[Item]] = {k: [] for k in (
        "money", "usd", "percents", "electricity", "capacity", "voltage", "standard_coal",
        "counts", "periods", "dates")}
    for it in items:
        if isinstance(it, Money):
            buckets["usd" if it.currency == "USD" else "money"].append(it)
        elif isinstance(it, Percent):
            buckets["percents"].append(it)
        elif isinstance(it, Electricity):
            buckets["electricity"].append(it)
        elif isinstance(it, Capacity):
            buckets["capacity"].append(it)
        elif isinstance(it, Voltage):
            buckets["voltage"].append(it)
        elif isinstance(it, StandardCoal):
            buckets["standard_coal"].append(it)
        elif isinstance(it, Count):
            buckets["counts"].append(it)
        elif isinstance(it, Period):
            buckets["periods"].append(it)
        elif isinstance(it, DateMention):
            buckets["dates"].append(it)
    return Slots(text=text, **buckets)  # type: ignore[arg-type]


def money_with_context(text: str, include_usd: bool = False) -> list[tuple[Money, str]]:
    """(amount, left context) pairs in text order; 元 only unless ``include_usd``."""
    slots = extract_slots(text)
    found = slots.money + (slots.usd if include_usd else [])
    return [(m, m.left_context) for m in sorted(found, key=lambda m: m.start)]
