"""Validity on `as_of` comes from assistant.corpus (document and measure periods); it never stops the computation."""

from __future__ import annotations

from datetime import date

import pytest
from calc_test_support import run, squash

from calculators import registry, validity

SPRING = {"is_above_scale_industrial": True, "electricity_feb_2024_kwh": 600_000, "municipal_award_yuan": 60_000}
SPOT = {"voltage_kv": "0.4", "is_industrial_or_commercial_user": True, "participates_in_spot_market": True}
LOW = {"equipment_capacity_kw": 100, "is_small_or_micro_enterprise": True, "low_voltage_connection": True}


@pytest.mark.parametrize(
    ("day", "in_force"),
    [(date(2024, 2, 8), True), (date(2024, 3, 31), True), (date(2024, 2, 7), False), (date(2024, 4, 1), False)],
)
def test_2024_document_period(day, in_force):
    r = run("spring_festival_electricity_2024_9", as_of=day, **SPRING)
    assert r.in_force is in_force
    assert r.amount_yuan == 30_000  # still computed: 50% × 6万
    assert r.as_of == day and r.validity_note


@pytest.mark.parametrize(
    ("day", "in_force"),
    # 第4条 不满1千伏 exemption: own period 2022-01-01..2023-12-31 (starts before the document was issued)
    [(date(2022, 1, 1), True), (date(2023, 12, 31), True), (date(2024, 1, 1), False), (date(2021, 12, 31), False)],
)
def test_measure_with_its_own_period(day, in_force):
    r = run("spot_market_fee_exemption_2022_4", as_of=day, **SPOT)
    assert r.in_force is in_force
    assert "1千伏" in r.validity_note


def test_other_measures_of_clause_4_follow_the_document():
    # low-voltage access has no own period: document 2022-05-31..2024-12-31
    assert run("low_voltage_access_2022_4", as_of=date(2024, 6, 1), **LOW).in_force is True
    assert run("low_voltage_access_2022_4", as_of=date(2025, 1, 1), **LOW).in_force is False
    # "2022年3月" is the trading month the deviation exemption covers, not its period of validity
    assert run("march_2022_deviation_exemption_2022_4", as_of=date(2022, 3, 15), in_fujian_power_market=True).in_force is False
    assert run("march_2022_deviation_exemption_2022_4", as_of=date(2022, 6, 1), in_fujian_power_market=True).in_force is True


def test_no_date_means_not_judged():
    r = run("spring_festival_electricity_2024_9", **SPRING)
    assert r.in_force is None and r.as_of is None and "未给出日期" in r.validity_note


def test_corpus_failure_is_reported_not_guessed(monkeypatch):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(validity, "_corpus", broken)
    r = registry.run("spring_festival_electricity_2024_9", SPRING, date(2024, 3, 1))
    assert r.in_force is None and "boom" in r.validity_note and r.amount_yuan == 30_000


def test_every_measure_hint_matches_a_corpus_measure():
    from assistant.corpus import load_corpus

    corpus = load_corpus()
    for calc in registry.all():
        if calc.measure_hint:
            v = corpus.validity(calc.citation, date(2022, 6, 1))
            assert [m for m in v.measures if calc.measure_hint in m.measure], calc.name


def test_clause_words_also_in_assistant_corpus_text():
    """Cross-check against the corpus module's own clause split (independent of our regex)."""
    from test_calc_registry import CASES

    from assistant.corpus import load_corpus

    corpus = load_corpus()
    for name, _, payload in CASES:
        r = registry.run(name, payload)
        text = squash(corpus.get(r.citation).text)
        for step in r.steps:
            assert squash(step.clause_words) in text, (name, step.clause_words)
