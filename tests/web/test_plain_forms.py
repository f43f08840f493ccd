"""Calculator forms in plain words (issue 15, item 9): figures typed as people type them, Chinese messages, money as
people write it, no developer words in what a form or card shows."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from assistant.web import render
from assistant.web.forms import fields_from_schema, value_for
from assistant.web.ui import run_calculator
from calculators import registry

SPRING = "spring_festival_electricity_2024_9"


def specs(name: str = SPRING):
    return fields_from_schema(registry.get(name).json_schema())


def values(name: str, **given):
    return [given.get(s.name) for s in specs(name)]


@pytest.mark.parametrize(("text", "expected"), [
    ("90万", 900_000), ("九十万", 900_000), ("90万度", 900_000), ("90 万", 900_000), ("1.5亿", 150_000_000),
    ("1,200", 1200), ("12.5", Decimal("12.5")), ("0.5万", 5000),
])
def test_people_figures_are_read_as_the_chat_reads_them(text, expected):
    kwh = next(s for s in specs() if s.name == "electricity_feb_2024_kwh")
    assert value_for(kwh, text) == expected


def test_calculator_form_takes_90wan_and_computes():
    html = run_calculator(SPRING, specs(), "2024-03-15", values(SPRING, is_above_scale_industrial="是",
                                                                    electricity_feb_2024_kwh="90万",
                                                                    municipal_award_yuan="六万"))
    assert "pa-calc-output" in html and "3万元" in html and "符合条件" in html


def test_validation_messages_are_chinese_with_people_figures():
    html = run_calculator(SPRING, specs(), None, values(SPRING, is_above_scale_industrial="是",
                                                        electricity_feb_2024_kwh="-5"))
    text = re.sub(r"<[^>]+>", " ", html)
    assert "不能小于0" in text
    assert "Input should" not in text and "greater_than" not in text
    html = run_calculator(SPRING, specs(), None, values(SPRING, is_above_scale_industrial="是"))
    assert "必须填写" in html and "Field required" not in html


def test_range_hint_has_no_exponent():
    hints = [s.number_hint for c in registry.all() for s in fields_from_schema(c.json_schema())
             if s.kind in ("int", "number")]
    assert hints and not [h for h in hints if re.search(r"e\+|\de\d", h)]
    share = next(s for c in registry.all() for s in fields_from_schema(c.json_schema())
                 if s.name == "facilities_land_share_pct")
    assert "0 至 100" in share.number_hint


def test_money_in_cards_as_people_write_it():
    r = registry.run("scale_up_award_2022_13", {"first_time_above_scale_or_new_entrant": True}, None)
    big = r.model_copy(update={"amount_yuan": 4_650_000_000, "parts": []})
    html = render.calc_result(big)
    assert "46.5亿元" in html and "4,650,000,000" not in html and "465000万" not in html
