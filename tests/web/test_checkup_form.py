"""The 政策体检 form: fields grouped by clause family, filled from a profile JSON or an example (issue 15, item 12)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from assistant.checkup import EnterpriseProfile, match
from assistant.web import ui
from assistant.web.checkup_form import BASIC, FAMILIES, example_profiles, group_fields
from assistant.web.forms import fields_from_schema, payload_from_values
from calculators import registry


@pytest.fixture(scope="module")
def specs():
    return fields_from_schema(EnterpriseProfile.model_json_schema())


def test_every_field_is_in_exactly_one_group_and_groups_are_clause_families(specs):
    groups = group_fields(specs)
    names = [s.name for g in groups for s in g.specs]
    assert sorted(names) == sorted(s.name for s in specs) and len(names) == len(set(names))
    assert groups[0].title == BASIC and len(groups[0].specs) <= 12
    assert all(len(g.specs) <= 25 for g in groups)  # no group is the whole form again
    cited = {c.citation for c in registry.all()}
    for _, citations in FAMILIES:
        assert set(citations) <= cited
    by_title = {g.title: g for g in groups}
    assert "electricity_feb_2024_kwh" in [s.name for s in by_title["用电"].specs]
    assert "第4条" in by_title["用电"].clauses and "第9条" in by_title["用电"].clauses


@pytest.mark.parametrize("name", sorted(example_profiles()))
def test_example_fills_the_form_and_gives_the_same_report(specs, name):
    data = example_profiles()[name]
    ordered = [s for g in group_fields(specs) for s in g.specs]
    *values, note = ui.fill_checkup(ordered, data)
    assert "已填入" in note
    again = EnterpriseProfile.model_validate(payload_from_values(ordered, values))
    assert again == EnterpriseProfile.model_validate(data)
    day = date(2024, 3, 15)
    assert match(again, day).totals == match(EnterpriseProfile.model_validate(data), day).totals


def test_pasted_json_fills_and_bad_json_is_said_in_chinese(specs):
    ordered = [s for g in group_fields(specs) for s in g.specs]
    *values, note = ui.fill_checkup(ordered, json.dumps({"name": "测试", "electricity_feb_2024_kwh": 900000}))
    filled = dict(zip([s.name for s in ordered], values))
    assert filled["electricity_feb_2024_kwh"] == "900000" and filled["name"] == "测试" and "已填入 2 项" in note
    *_, note = ui.fill_checkup(ordered, '{"name": ')
    assert "不是合法的 JSON" in note
    *_, note = ui.fill_checkup(ordered, json.dumps({"employees": -1}))
    assert "企业画像有误" in note and "不能小于0" in note


def test_examples_are_offered():
    assert len(example_profiles()) >= 3
