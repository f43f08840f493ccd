"""The result model refuses contradictory amount fields, so a calculator bug cannot reach a user."""

from __future__ import annotations

import pytest
from calc_test_support import run
from pydantic import ValidationError

from calculators.models import AwardPart, CalcResult


def test_citation_display_and_json_round_trip():
    r = run("value_added_rate_award_2024_7", is_above_scale_industrial=True, output_2023_yuan=500_000_000,
            value_added_rate_pct=24)
    assert r.citation_display == "长政办规〔2024〕1号 第7条"
    again = CalcResult.model_validate_json(r.model_dump_json())
    assert again.amount_yuan == 50_000 and again.steps == r.steps


@pytest.mark.parametrize(
    "kwargs",
    [
        {"eligible": True, "no_figure": True, "amount_yuan": 1, "decided_by": "x"},  # no figure but an amount
        {"eligible": True, "no_figure": True},  # no figure and nobody named to decide it
        {"eligible": True, "upper_bound": True},  # ceiling without a ceiling
        {"eligible": True, "amount_min_yuan": 600, "amount_max_yuan": 300},
        {"eligible": True, "amount_yuan": -1},
        {"eligible": True, "amount_yuan": 10, "funding_levels": ["区级"],
         "parts": [AwardPart(levels=["区级"], label="a", amount_yuan=9)]},  # parts do not add up
        {"eligible": True, "amount_yuan": 10, "funding_levels": ["市级"],
         "parts": [AwardPart(levels=["区级"], label="a", amount_yuan=10)]},  # part level not declared
    ],
)
def test_inconsistent_results_rejected(kwargs):
    with pytest.raises(ValidationError):
        CalcResult(**kwargs)
