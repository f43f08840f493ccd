"""What a calculator card shows is in plain words (issue 15, item 9): no field names, no Python values, no exponents."""

from __future__ import annotations

import re

from test_calc_registry import SAMPLES

from assistant.web import render
from calculators import registry

DEV_WORDS = re.compile(r"eligible|amount_yuan|None|True|False|\de[+-]?\d|Input should|Field required|[A-Za-z]{6,}")


def test_no_developer_words_in_any_card():
    bad = []
    for name, payloads in SAMPLES.items():
        for payload in payloads:
            try:
                r = registry.run(name, payload, None)
            except registry.CalculatorInputError:
                continue
            text = re.sub(r"<[^>]+>", " ", render.calc_result(r))
            text = re.sub(r"(?:长发改综|长政办规)〔\d+〕\d+号|YYYY-MM-DD|kWh|CNY|USD", "", text)
            found = DEV_WORDS.findall(text)
            if found:
                bad.append((name, found))
    assert bad == []
