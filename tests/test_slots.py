"""Tests for assistant.slots: every figure must come back exactly, with its unit and span."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from cn2an import an2cn
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.slots import (
    Capacity,
    Count,
    DateMention,
    Electricity,
    Money,
    Percent,
    Period,
    StandardCoal,
    Voltage,
    extract_slots,
    money_with_context,
    normalize,
    parse_number,
)


def only(items: list, text: str = ""):
    assert len(items) == 1, f"expected exactly one item in {text!r}, got {items!r}"
    return items[0]


def check_span(item, text: str, raw: str) -> None:
    assert item.raw == raw
    assert text[item.start:item.end] == raw


# ---------------------------------------------------------------------------------------------
# Money
# ---------------------------------------------------------------------------------------------

MONEY = [
    ("80万", 800_000, True),
    ("80万元", 800_000, False),
    ("1.5亿元", 150_000_000, False),
    ("一个亿", 100_000_000, True),
    ("三百万", 3_000_000, True),
    ("六千万", 60_000_000, True),
    ("9个亿", 900_000_000, True),
    ("八个亿", 800_000_000, True),
    ("两个亿", 200_000_000, True),
    ("两千万", 20_000_000, True),
    ("1,200万元", 12_000_000, False),
    ("1200万", 12_000_000, True),
    ("5000元", 5_000, False),
    ("3千块", 3_000, False),
    ("六万", 60_000, True),
    ("十五万", 150_000, True),
    ("2.5万", 25_000, True),
    ("0.8亿", 80_000_000, True),
    ("零点八亿", 80_000_000, True),
    ("一点五万", 15_000, True),
    ("一亿二", 120_000_000, True),
    ("2亿5", 250_000_000, True),
    ("五万五", 55_000, True),
    ("1万5", 15_000, True),
    ("一千零五十万", 10_500_000, True),
    ("300块钱", 300, False),
    ("１２０万元", 1_200_000, False),
    ("１，２００万元", 12_000_000, False),
    ("120 万元", 1_200_000, False),
    ("1.23456789亿元", 123_456_789, False),
]


@pytest.mark.parametrize(("raw", "yuan", "inferred"), MONEY)
def test_money_forms(raw: str, yuan: int, inferred: bool) -> None:
    text = f"我们去年拿了{raw}，今年呢？"
    m = only(extract_slots(text).money, text)
    assert isinstance(m, Money)
    assert m.currency == "CNY" and m.unit == "元"
    assert m.value == Decimal(yuan)
    assert m.amount == yuan
    assert m.unit_inferred is inferred
    assert m.approximate is False
    check_span(m, text, raw)


@pytest.mark.parametrize(("raw", "usd"), [("500万美元", 5_000_000), ("七百万美元", 7_000_000), ("30万美金", 300_000)])
def test_usd_is_separate_from_yuan(raw: str, usd: int) -> None:
    text = f"外资到资{raw}能奖多少"
    slots = extract_slots(text)
    assert slots.money == []
    m = only(slots.usd, text)
    assert m.currency == "USD" and m.unit == "美元"
    assert m.amount == usd
    check_span(m, text, raw)
    assert money_with_context(text) == []
    assert [x.amount for x, _ in money_with_context(text, include_usd=True)] == [usd]


def test_money_value_is_integer_yuan_and_decimal() -> None:
    m = only(extract_slots("投资1.5亿元").money)
    assert isinstance(m.value, Decimal)
    assert str(m.value) == "150000000"  # no "150000000.0"
    assert m.model_dump()["amount"] == 150_000_000


def test_non_integer_money_has_no_amount() -> None:
    m = only(extract_slots("电价0.65元").money)
    assert m.value == Decimal("0.65")
    assert m.amount is None


def test_rate_money_carries_per_unit() -> None:
    slots = extract_slots("按500元/吨标准煤奖励，每吨500元")
    assert [(m.amount, m.per_unit) for m in slots.money] == [(500, "吨标准煤"), (500, "吨")]
    assert slots.standard_coal == []


# ---------------------------------------------------------------------------------------------
# Percentages
# ---------------------------------------------------------------------------------------------

PERCENT = [
    ("产值增长12%", "12%", Decimal(12), False),
    ("增速12.5%", "12.5%", Decimal("12.5"), False),
    ("增长百分之十五", "百分之十五", Decimal(15), False),
    ("下降3个百分点", "3个百分点", Decimal(-3), True),
    ("比去年下降了3个百分点", "3个百分点", Decimal(-3), True),
    ("增幅两成", "两成", Decimal(20), False),
    ("增长三成五", "三成五", Decimal(35), False),
    ("增速百分之二十四点五", "百分之二十四点五", Decimal("24.5"), False),
    ("负增长3%", "3%", Decimal(-3), False),
    ("同比增长-3%", "-3%", Decimal(-3), False),
    ("用电减少5%", "5%", Decimal(-5), False),
    ("增长５０％", "５０％", Decimal(50), False),
    ("提高2百分点", "2百分点", Decimal(2), True),
]


@pytest.mark.parametrize(("text", "raw", "value", "points"), PERCENT)
def test_percent_forms(text: str, raw: str, value: Decimal, points: bool) -> None:
    p = only(extract_slots(text).percents, text)
    assert isinstance(p, Percent)
    assert p.value == value
    assert p.unit == "%"
    assert p.is_points is points
    check_span(p, text, raw)
    assert extract_slots(text).money == []


@pytest.mark.parametrize(
    ("text", "value", "direction"),
    [("税费减免50%", Decimal(50), None), ("增加值率25%", Decimal(25), None), ("电价降低到3%", Decimal(3), None),
     ("利润下跌4%", Decimal(-4), "down"), ("用电涨了7%", Decimal(7), "up")],
)
def test_percent_sign_cues(text: str, value: Decimal, direction: str | None) -> None:
    p = only(extract_slots(text).percents, text)
    assert (p.value, p.direction) == (value, direction)


def test_percent_sign_is_per_clause() -> None:
    slots = extract_slots("产值增长12%，电量下降3个百分点")
    assert [(p.value, p.is_points, p.direction) for p in slots.percents] == [
        (Decimal(12), False, "up"),
        (Decimal(-3), True, "down"),
    ]


# ---------------------------------------------------------------------------------------------
# Electricity, capacity, standard coal, voltage
# ---------------------------------------------------------------------------------------------

ELECTRICITY = [
    ("九十万度", 900_000),
    ("90万度电", 900_000),
    ("50万千瓦时", 500_000),
    ("3万千瓦时", 30_000),
    ("120万 kWh", 1_200_000),
    ("120万kwh", 1_200_000),
    ("1.2万千瓦时", 12_000),
    ("2兆瓦时", 2_000),
]


@pytest.mark.parametrize(("raw", "kwh"), ELECTRICITY)
def test_electricity_forms(raw: str, kwh: int) -> None:
    text = f"2月份用电{raw}，能拿多少"
    slots = extract_slots(text)
    e = only(slots.electricity, text)
    assert isinstance(e, Electricity)
    assert e.unit == "kWh" and e.value == Decimal(kwh)
    check_span(e, text, raw)
    assert slots.money == [] and slots.capacity == []


@pytest.mark.parametrize(("raw", "kw"), [("160千瓦", 160), ("5万千瓦", 50_000), ("200kW", 200), ("2兆瓦", 2_000)])
def test_capacity_is_not_energy(raw: str, kw: int) -> None:
    text = f"装机{raw}的光伏"
    slots = extract_slots(text)
    c = only(slots.capacity, text)
    assert isinstance(c, Capacity)
    assert c.unit == "kW" and c.value == Decimal(kw)
    check_span(c, text, raw)
    assert slots.electricity == [] and slots.money == []


@pytest.mark.parametrize(
    ("raw", "tce", "explicit"),
    [("600吨标准煤", 600, True), ("1000吨", 1000, False), ("三百吨标煤", 300, True), ("1200吨标准煤", 1200, True),
     ("1.5万吨标准煤", 15_000, True)],
)
def test_standard_coal_forms(raw: str, tce: int, explicit: bool) -> None:
    text = f"节能量{raw}"
    s = only(extract_slots(text).standard_coal, text)
    assert isinstance(s, StandardCoal)
    assert s.unit == "tce" and s.value == Decimal(tce) and s.explicit is explicit
    check_span(s, text, raw)


@pytest.mark.parametrize(
    ("text", "raw", "kv", "cmp"),
    [("不满1千伏的用户", "1千伏", Decimal(1), "lt"), ("0.4千伏", "0.4千伏", Decimal("0.4"), None),
     ("10kV线路", "10kV", Decimal(10), None), ("380伏", "380伏", Decimal("0.38"), None)],
)
def test_voltage(text: str, raw: str, kv: Decimal, cmp: str | None) -> None:
    slots = extract_slots(text)
    v = only(slots.voltage, text)
    assert isinstance(v, Voltage)
    assert v.unit == "kV" and v.value == kv and v.comparator == cmp
    check_span(v, text, raw)
    assert slots.money == []  # "1千伏" is not 1000 of anything


# ---------------------------------------------------------------------------------------------
# Counts
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新增30台设备", [(30, "台")]),
        ("办了两次招聘会", [(2, "次")]),
        ("参会企业35家、银行6家", [(35, "家"), (6, "家")]),
        ("接入5套系统，招了12个人", [(5, "套"), (12, "个")]),
        ("引进20名工人，10人是省外的", [(20, "名"), (10, "人")]),
        ("举办3场活动，申报4项专利", [(3, "场"), (4, "项")]),
    ],
)
def test_counts(text: str, expected: list[tuple[int, str]]) -> None:
    counts = extract_slots(text).counts
    assert all(isinstance(c, Count) for c in counts)
    assert [(c.value, c.classifier) for c in counts] == [(Decimal(n), u) for n, u in expected]
    assert [c.unit for c in counts] == [u for _, u in expected]


def test_counts_in_context() -> None:
    text = "参会企业35家、银行6家"
    c1, c2 = extract_slots(text).counts
    assert "企业" in c1.left_context and "银行" in c2.left_context
    check_span(c1, text, "35家")
    check_span(c2, text, "6家")


@pytest.mark.parametrize("text", ["一次性奖励多少", "3个月内", "享受十四五规划支持", "统一申报一下"])
def test_not_counts(text: str) -> None:
    slots = extract_slots(text)
    assert slots.counts == [] and slots.money == []


# ---------------------------------------------------------------------------------------------
# Periods and dates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "raw", "year", "rel", "quarter"),
    [
        ("一季度产值多少", "一季度", None, None, 1),
        ("第一季度", "第一季度", None, None, 1),
        ("Q1的用电", "Q1", None, None, 1),
        ("二季度", "二季度", None, None, 2),
        ("2022年二季度新入规", "2022年二季度", 2022, None, 2),
        ("今年一季度", "今年一季度", None, 0, 1),
        ("去年四季度", "去年四季度", None, -1, 4),
        ("2024Q1", "2024Q1", 2024, None, 1),
        ("24年一季度", "24年一季度", 2024, None, 1),
        ("二〇二四年第一季度", "二〇二四年第一季度", 2024, None, 1),
    ],
)
def test_quarters(text: str, raw: str, year: int | None, rel: int | None, quarter: int) -> None:
    slots = extract_slots(text)
    p = only(slots.periods, text)
    assert isinstance(p, Period)
    assert p.kind == "quarter" and p.quarter == quarter and p.year == year and p.relative_year == rel
    check_span(p, text, raw)
    if year is None:
        assert p.start_date is None and p.end_date is None
    assert slots.money == [] and slots.counts == []


def test_quarter_dates_when_year_known() -> None:
    p = only(extract_slots("2022年二季度").periods)
    assert (p.start_date, p.end_date) == (date(2022, 4, 1), date(2022, 6, 30))


def test_relative_period_resolves() -> None:
    p = only(extract_slots("去年四季度").periods)
    r = p.resolve(2024)
    assert (r.year, r.start_date, r.end_date) == (2023, date(2023, 10, 1), date(2023, 12, 31))
    assert p.year is None  # the original is untouched


@pytest.mark.parametrize(
    ("text", "raw", "year", "month", "start", "end"),
    [
        ("2024年2月用电", "2024年2月", 2024, 2, date(2024, 2, 1), date(2024, 2, 29)),
        ("2023年2月", "2023年2月", 2023, 2, date(2023, 2, 1), date(2023, 2, 28)),
        ("二月份用电", "二月份", None, 2, None, None),
        ("十二月", "十二月", None, 12, None, None),
    ],
)
def test_months(text: str, raw: str, year, month, start, end) -> None:
    p = only(extract_slots(text).periods, text)
    assert p.kind == "month" and p.year == year and p.month == month
    assert (p.start_date, p.end_date) == (start, end)
    check_span(p, text, raw)


def test_month_range() -> None:
    p = only(extract_slots("2024年1-3月产值").periods)
    assert (p.kind, p.month, p.month_end) == ("months", 1, 3)
    assert (p.start_date, p.end_date) == (date(2024, 1, 1), date(2024, 3, 31))
    p = only(extract_slots("一至三月份").periods)
    assert (p.month, p.month_end, p.year) == (1, 3, None)


def test_spring_festival() -> None:
    text = "春节期间用了50万千瓦时"
    slots = extract_slots(text)
    p = only(slots.periods, text)
    assert p.kind == "festival" and p.spring_festival is True
    check_span(p, text, "春节期间")
    assert only(slots.electricity).value == Decimal(500_000)


@pytest.mark.parametrize(
    ("text", "raw", "d"),
    [
        ("2024年3月15日前申报", "2024年3月15日", date(2024, 3, 15)),
        ("截止2024-03-15", "2024-03-15", date(2024, 3, 15)),
        ("截止2024/3/15", "2024/3/15", date(2024, 3, 15)),
        ("截止２０２４年３月１５号", "２０２４年３月１５号", date(2024, 3, 15)),
    ],
)
def test_full_dates(text: str, raw: str, d: date) -> None:
    slots = extract_slots(text)
    dm = only(slots.dates, text)
    assert isinstance(dm, DateMention)
    assert dm.date == d and (dm.year, dm.month, dm.day) == (d.year, d.month, d.day)
    check_span(dm, text, raw)
    assert slots.money == [] and slots.periods == []


def test_yearless_date_and_range_inheritance() -> None:
    a, b = extract_slots("2024年2月1日至2月29日").dates
    assert a.date == date(2024, 2, 1)
    assert b.date == date(2024, 2, 29) and b.year_inherited
    (c,) = extract_slots("3月15日").dates
    assert (c.year, c.month, c.day, c.date) == (None, 3, 15, None)


def test_invalid_dates_are_not_returned() -> None:
    assert extract_slots("2023年2月29日").dates == []
    assert extract_slots("2024-13-01").dates == []


@pytest.mark.parametrize(
    ("text", "year", "rel"),
    [("2023年产值", 2023, None), ("2023年度", 2023, None), ("去年同期", None, -1), ("今年", None, 0),
     ("前年", None, -2)],
)
def test_years(text: str, year: int | None, rel: int | None) -> None:
    slots = extract_slots(text)
    p = only(slots.periods, text)
    assert p.kind == "year" and p.year == year and p.relative_year == rel
    if year:
        assert (p.start_date, p.end_date) == (date(year, 1, 1), date(year, 12, 31))
    assert slots.money == []


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("我们23年产值6个亿", [2023]),
        ("22年长乐稳工业方案", [2022]),
        ("24年春节期间", [2024]),
        ("做了20年了", []),
        ("满20年", []),
        ("20年以上", []),
    ],
)
def test_two_digit_years(text: str, years: list[int]) -> None:
    assert [p.year for p in extract_slots(text).periods if p.year is not None] == years


def test_two_digit_year_does_not_eat_money() -> None:
    s = extract_slots("我们23年产值6个亿")
    assert [m.amount for m in s.money] == [600_000_000]


def test_half_year() -> None:
    p = only(extract_slots("2023年下半年").periods)
    assert (p.kind, p.half, p.start_date, p.end_date) == ("half", 2, date(2023, 7, 1), date(2023, 12, 31))


# ---------------------------------------------------------------------------------------------
# Non-quantities
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "第14条怎么规定的",
        "长发改综〔2022〕51号",
        "长政办规〔2024〕1号第8条",
        "〔2022〕51号第14条第2款",
        "2024年",
        "根据51号文",
        "下午3点开会",
        "第二次申报",
        "千万不要忘了",
    ],
)
def test_non_quantities_are_not_money(text: str) -> None:
    slots = extract_slots(text)
    assert slots.money == [] and slots.usd == []
    assert slots.percents == [] and slots.counts == [] and slots.electricity == []


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("营收从150亿一下子涨到320亿", [15_000_000_000, 32_000_000_000]),  # not 150.1亿
        ("每月五万一个月发", [50_000]),
        ("市里奖了五万一，区里呢", [51_000]),
        ("会不会专门留一块份额给小企业", []),
        ("两块地", []),
        ("3块钱", [3]),
    ],
)
def test_colloquial_word_boundaries(text: str, amounts: list[int]) -> None:
    assert [m.amount for m in extract_slots(text).money] == amounts


def test_doc_number_year_is_not_a_period() -> None:
    slots = extract_slots("长发改综〔2022〕51号第14条，2024年产值5亿")
    assert [(p.kind, p.year) for p in slots.periods] == [("year", 2024)]
    assert [m.amount for m in slots.money] == [500_000_000]


# ---------------------------------------------------------------------------------------------
# Approximate figures: never an exact value
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "nominal"),
    [
        ("几十万", None),
        ("十几万", None),
        ("三五万", None),  # a range, 3-5万
        ("十一二万", None),
        ("数百万", None),
        ("十来万", 100_000),
        ("六十多万", 600_000),
        ("两千多万", 20_000_000),
        ("上百万", 1_000_000),
    ],
)
def test_approximate_money_has_no_value(raw: str, nominal: int | None) -> None:
    text = f"大家一般拿{raw}吧"
    m = only(extract_slots(text).money, text)
    assert m.approximate is True
    assert m.value is None and m.amount is None
    assert m.nominal == (None if nominal is None else Decimal(nominal))
    check_span(m, text, raw)


@pytest.mark.parametrize(("text", "raw"), [("大概六万", "六万"), ("六万左右", "六万"), ("约80万元", "80万元"),
                                          ("将近50万度", "50万度"), ("大概增长了百分之五", "百分之五")])
def test_hedged_figures_are_approximate(text: str, raw: str) -> None:
    (q,) = [it for it in extract_slots(text).items() if hasattr(it, "approximate")]
    assert q.approximate is True and q.value is None and q.nominal is not None
    check_span(q, text, raw)


def test_approximate_count() -> None:
    c = only(extract_slots("来了三五家企业").counts)
    assert c.approximate and c.value is None and c.nominal is None
    c = only(extract_slots("十几家企业").counts)
    assert c.approximate and c.value is None and c.classifier == "家"
    c = only(extract_slots("一百多家").counts)
    assert c.approximate and c.value is None and c.nominal == Decimal(100)


def test_parse_number() -> None:
    assert parse_number("八个亿") == Decimal(800_000_000)
    assert parse_number("1,200万") == Decimal(12_000_000)
    assert parse_number("１２０") == Decimal(120)
    assert parse_number("三五万") is None
    assert parse_number("三五") is None  # cn2an alone says 35
    assert parse_number("一二三") is None
    assert parse_number("几十万") is None
    assert parse_number("不是数字") is None


# ---------------------------------------------------------------------------------------------
# Comparators, direction, context
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cmp"),
    [("超过100亿元", "gt"), ("5亿元以上", "ge"), ("5亿元（含）以上", "ge"), ("不低于24%", "ge"),
     ("1万元以下", "le"), ("不超过20万", "le"), ("低于50万千瓦时", "lt")],
)
def test_comparators(text: str, cmp: str) -> None:
    (q,) = [it for it in extract_slots(text).items() if hasattr(it, "comparator")]
    assert q.comparator == cmp


def test_money_direction() -> None:
    m = only(extract_slots("产值下降了500万").money)
    assert m.value == Decimal(5_000_000) and m.direction == "down"  # value itself stays positive


# ---------------------------------------------------------------------------------------------
# Realistic questions
# ---------------------------------------------------------------------------------------------


def test_spring_festival_question() -> None:
    text = "春节用了九十万度电，市里奖了六万，区里配多少？"
    slots = extract_slots(text)
    e = only(slots.electricity, text)
    assert e.value == Decimal(900_000) and e.unit == "kWh"
    check_span(e, text, "九十万度电")
    m = only(slots.money, text)
    assert m.amount == 60_000
    check_span(m, text, "六万")
    assert "市里" in m.left_context
    assert "区里" not in m.left_context
    [(m2, ctx)] = money_with_context(text)
    assert m2 == m and ctx == m.left_context
    assert only(slots.periods).spring_festival


def test_municipal_vs_output_context() -> None:
    pairs = money_with_context("产值增加了六万，市里奖了六万")
    assert [m.amount for m, _ in pairs] == [60_000, 60_000]
    assert "产值" in pairs[0][1] and "市" not in pairs[0][1]
    assert "市里" in pairs[1][1] and "产值" not in pairs[1][1]


def test_q1_growth_question() -> None:
    text = "我们是规上企业，今年一季度产值8个亿，同比增长12%，用电增长9.5%，市里奖励了30万，区里还能给多少？"
    s = extract_slots(text)
    assert [(p.kind, p.quarter, p.relative_year) for p in s.periods] == [("quarter", 1, 0)]
    assert [m.amount for m in s.money] == [800_000_000, 300_000]
    assert [p.value for p in s.percents] == [Decimal(12), Decimal("9.5")]
    assert "市里" in s.money[1].left_context


def test_output_tiers_question() -> None:
    text = "2023年产值5.2亿元，增速百分之二十四点五，能奖多少？"
    s = extract_slots(text)
    assert [(p.kind, p.year) for p in s.periods] == [("year", 2023)]
    assert [m.amount for m in s.money] == [520_000_000]
    assert [p.value for p in s.percents] == [Decimal("24.5")]


def test_recruitment_question() -> None:
    text = "一季度去省外办了两次招聘会，省内办了3场，每场参会企业35家，能补多少？"
    s = extract_slots(text)
    assert [(c.value, c.classifier) for c in s.counts] == [(2, "次"), (3, "场"), (35, "家")]
    assert s.money == []


def test_energy_saving_question() -> None:
    text = "去年节能改造省了三百吨标煤，按500元/吨算最多能拿多少"
    s = extract_slots(text)
    assert [c.value for c in s.standard_coal] == [Decimal(300)]
    assert [(m.amount, m.per_unit) for m in s.money] == [(500, "吨")]


def test_devices_question() -> None:
    text = "新增30台设备上云，每台1000元，上限5万吗"
    s = extract_slots(text)
    assert [(c.value, c.classifier) for c in s.counts] == [(30, "台")]
    assert [m.amount for m in s.money] == [1000, 50_000]


def test_offsets_survive_full_width_text() -> None:
    text = "２０２４年２月用电１２０万千瓦时，市里奖了１５万元"
    s = extract_slots(text)
    assert len(normalize(text)) == len(text)
    for it in s.items():
        assert text[it.start:it.end] == it.raw
    assert only(s.electricity).value == Decimal(1_200_000)
    assert only(s.money).amount == 150_000
    assert only(s.periods).start_date == date(2024, 2, 1)


def test_items_are_in_text_order_and_disjoint() -> None:
    text = "2022年二季度产值同比增加1,200万元，增长12%，用电90万度，新增3台设备"
    items = extract_slots(text).items()
    assert [type(i).__name__ for i in items] == ["Period", "Money", "Percent", "Electricity", "Count"]
    for a, b in zip(items, items[1:]):
        assert a.end <= b.start


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=9999))
def test_arabic_wan_yuan_roundtrip(n: int) -> None:
    m = only(extract_slots(f"奖励{n}万元").money)
    assert m.amount == n * 10_000 and not m.unit_inferred


@given(st.integers(min_value=1, max_value=9999))
def test_cn2an_wan_roundtrip(n: int) -> None:
    text = f"市里奖了{an2cn(n)}万"
    m = only(extract_slots(text).money, text)
    assert m.amount == n * 10_000
    assert m.left_context == "市里奖了"


@given(st.integers(min_value=1, max_value=99))
def test_cn2an_yi_roundtrip(n: int) -> None:
    m = only(extract_slots(f"产值{an2cn(n)}个亿").money)
    assert m.amount == n * 100_000_000


@given(st.integers(min_value=1000, max_value=999_999_999))
def test_thousands_separator_roundtrip(n: int) -> None:
    m = only(extract_slots(f"投资{n:,}元").money)
    assert m.amount == n


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["度", "度电", "千瓦时", "kWh"]))
def test_electricity_roundtrip(n: int, unit: str) -> None:
    e = only(extract_slots(f"用电{n}万{unit}").electricity)
    assert e.value == Decimal(n * 10_000)


@settings(max_examples=200)
@given(st.text(alphabet="0123456789一二两三四五六七八九十百千万亿个点几多来元块度%年月日号第条季度，。、 ", max_size=30))
def test_never_crashes_and_spans_are_exact(text: str) -> None:
    s = extract_slots(text)
    for it in s.items():
        assert text[it.start:it.end] == it.raw
        if getattr(it, "approximate", False):
            assert it.value is None


@pytest.mark.parametrize("text,values", [
    ("营收前年一百九，去年正好两百亿", [19_000_000_000, 20_000_000_000]),
    ("去年营收两百一十亿，前年一百八", [21_000_000_000, 18_000_000_000]),
    ("前年三，去年五千万", [50_000_000]),  # 3万 beside 5000万 is not of a size: not one quantity said twice
    ("去年招了十二，今年花了三百万", [3_000_000]),  # a bare 12 is a count or nothing, never 1200万
])
def test_a_bare_figure_beside_a_money_figure_of_a_size_shares_its_magnitude(text, values):
    assert [int(m.value) for m in extract_slots(text).money] == values


def test_a_year_said_by_its_last_two_digits_in_words():
    # "二二年五月" is May 2022, "二四年一季度" Q1 2024; "十二年" and "干了二三年" are spans of years, not years
    years = lambda t: [(p.kind, p.year) for p in extract_slots(t).periods]
    assert years("我们是二二年五月新投产纳统的") == [("month", 2022)]
    assert years("二四年一季度新投产纳统") == [("quarter", 2024)]
    assert years("二三年产值五个亿") == [("year", 2023)]
    assert years("这厂开了十二年") == [] and years("我在这干了二三年") == []
