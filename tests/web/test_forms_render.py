"""Schema-generated forms and the UI's HTML fragments, without a browser or the model."""

from __future__ import annotations

from decimal import Decimal

from datetime import date

import pytest

from assistant import compose
from assistant.corpus import load_corpus
from assistant.schema import AskResponse
from assistant.web import render
from assistant.web.forms import NO, UNKNOWN, YES, FormError, fields_from_schema, payload_from_values, value_for
from calculators import registry

SPRING = "spring_festival_electricity_2024_9"


def specs_of(name: str):
    return {s.name: s for s in fields_from_schema(registry.get(name).json_schema())}


def test_calculator_schema_to_fields():
    specs = specs_of(SPRING)
    assert specs["is_above_scale_industrial"].kind == "bool" and specs["is_above_scale_industrial"].required
    assert specs["is_above_scale_industrial"].bool_choices == [YES, NO]
    assert specs["electricity_feb_2024_kwh"].kind == "number"  # Decimal: number or numeric string
    assert specs["electricity_feb_2024_kwh"].label == "2024年2月1日至2月29日用电量（千瓦时）"
    assert specs["municipal_award_yuan"].kind == "int"


def test_every_calculator_gets_a_typed_form():
    for calc in registry.all():
        for spec in fields_from_schema(calc.json_schema()):
            assert spec.kind in ("bool", "int", "number", "enum", "date"), (calc.name, spec)
            if spec.kind == "enum":
                assert spec.choices
            if spec.kind == "bool" and not spec.required:
                assert UNKNOWN in spec.bool_choices


def test_profile_schema_refs_and_nullables():
    from assistant.checkup import EnterpriseProfile

    specs = {s.name: s for s in fields_from_schema(EnterpriseProfile.model_json_schema())}
    industry = specs["industry"]  # $ref to an enum in $defs, nullable
    assert industry.kind == "enum" and "纺织业" in industry.choices and industry.nullable
    assert specs["founded_date"].kind == "date" and not specs["founded_date"].required


def test_form_values_to_payload_and_run():
    specs = list(specs_of(SPRING).values())
    values = {"is_above_scale_industrial": YES, "electricity_feb_2024_kwh": "900,000", "municipal_award_yuan": "60000"}
    payload = payload_from_values(specs, [values[s.name] for s in specs])
    assert payload == {"is_above_scale_industrial": True, "electricity_feb_2024_kwh": 900000,
                       "municipal_award_yuan": 60000}
    # 90万 ≥ 50万; 50% × 6万 = 3万.
    assert registry.run(SPRING, payload, as_of=date(2024, 3, 1)).amount_yuan == 30000


def test_blank_fields_are_left_out():
    specs = list(specs_of(SPRING).values())
    assert payload_from_values(specs, [None, "  ", ""]) == {}
    optional_bool = next(s for c in registry.all() for s in fields_from_schema(c.json_schema())
                         if s.kind == "bool" and not s.required)
    assert value_for(optional_bool, UNKNOWN) is None


@pytest.mark.parametrize(("kind_field", "text", "expected"), [
    ("electricity_feb_2024_kwh", "12.5", Decimal("12.5")),
    ("electricity_feb_2024_kwh", " 1，200 ", 1200),
    ("municipal_award_yuan", "1e3", 1000),
])
def test_numbers(kind_field, text, expected):
    assert value_for(specs_of(SPRING)[kind_field], text) == expected


@pytest.mark.parametrize(("field", "text"), [
    ("municipal_award_yuan", "1.5"), ("municipal_award_yuan", "六万多"), ("electricity_feb_2024_kwh", "nan"),
])
def test_bad_numbers_name_the_field(field, text):
    spec = specs_of(SPRING)[field]
    with pytest.raises(FormError) as e:
        value_for(spec, text)
    assert e.value.field == field and spec.label in str(e.value)


def test_bad_date():
    spec = next(s for c in registry.all() for s in fields_from_schema(c.json_schema()) if s.kind == "date")
    with pytest.raises(FormError):
        value_for(spec, "2024/13/01")
    assert value_for(spec, "2024-03-01") == "2024-03-01"


def response_for(cite_id: str, as_of: date) -> AskResponse:
    corpus = load_corpus()
    v = compose.validity_out(corpus.validity(cite_id, as_of))
    return AskResponse(intent="clause_lookup", answer="…", citations=[compose.citation_for(corpus, cite_id)],
                       validity=[v])


def test_citation_text_for_hotline():
    text = render.citation_text(response_for("2024#9", date(2024, 3, 1)))
    assert text == "长政办规〔2024〕1号 第9条；责任单位：区工信局、区财政局、区供电公司"


@pytest.mark.parametrize(("day", "badge"), [
    (date(2024, 3, 1), "2024-03-01 有效"), (date(2024, 4, 1), "2024-04-01 已失效"),
    (date(2024, 1, 1), "2024-01-01 尚未施行"),
])
def test_card_badge_follows_the_date(day, badge):
    html = render.citation_cards(response_for("2024#9", day))
    assert badge in html and "长政办规〔2024〕1号 第9条" in html and "区工信局、区财政局、区供电公司" in html


def test_out_of_scope_has_no_cards():
    r = AskResponse(intent="out_of_scope", answer="…", citations=[])
    assert "没有引用条款" in render.citation_cards(r) and render.citation_text(r) == ""


def test_html_is_escaped():
    r = response_for("2024#9", date(2024, 3, 1))
    r.citations[0].quote = "<script>alert(1)</script>"
    html = render.citation_cards(r)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_calc_result_html():
    payload = {"is_above_scale_industrial": True, "electricity_feb_2024_kwh": 900000, "municipal_award_yuan": 60000}
    html = render.calc_result(registry.run(SPRING, payload, as_of=date(2024, 3, 1)))
    assert "3万元" in html and "符合条件" in html and "✓" in html and "长政办规〔2024〕1号 第9条" in html
    assert "2024-03-01 有效" in html
