"""The GoldCase schema: the shipped gold file, and errors that name the line and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals.cli import eval_app
from evals.dataset import DatasetError, GoldCase, load_dataset, unknown_citations

GOLD = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "gold.jsonl"

GOOD = {
    "id": "x1", "category": "calculation", "question": "春节用电60万度能拿多少？", "history": [], "as_of": None,
    "expected_intent": "calculation", "expected_citations": ["2024#9"], "expected_units": None,
    "expected_amount_yuan": 50000, "expected_amount_max_yuan": None, "expected_eligible": True,
    "expected_in_force": None, "expected_needs": [], "note": "市级10万 × 50% = 5万",
}


def test_every_line_of_the_gold_file_is_valid():
    cases = load_dataset(GOLD)
    with GOLD.open(encoding="utf-8") as fh:
        assert len(cases) == sum(1 for line in fh if line.strip())


def test_gold_citation_ids_exist_in_the_corpus():
    from assistant.corpus import CorpusError, load_corpus

    try:
        known = set(load_corpus().items)
    except CorpusError as e:  # the corpus directory is edited by others; the schema test above still runs
        pytest.skip(f"corpus does not load: {e}")
    assert unknown_citations(load_dataset(GOLD), known) == []


def write(tmp_path, rows) -> Path:
    f = tmp_path / "d.jsonl"
    f.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                 encoding="utf-8")
    return f


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"expected_amount_yuan": "5万"}, "line 2 (id x2): field expected_amount_yuan: Input should be a valid integer"),
        ({"expected_amount_yuan": 50000.0}, "field expected_amount_yuan"),
        ({"expected_eligible": "true"}, "field expected_eligible"),
        ({"expected_intent": "lookup"}, "field expected_intent"),
        ({"expected_citation": ["2024#9"]}, "field expected_citation: Extra inputs are not permitted"),
        ({"expected_citations": ["2024第9条"]}, "expected_citations[0] '2024第9条' is not a citation id"),
        ({"history": ["a", 3]}, "field history[1]"),
        ({"as_of": "2024/03/01"}, "field as_of"),
        ({"note": ""}, "field note"),
        ({"expected_intent": "out_of_scope", "expected_citations": ["2024#9"], "expected_amount_yuan": None,
          "expected_eligible": None}, "out_of_scope cases cite nothing"),
        ({"expected_intent": "clarification"}, "clarification cases must list expected_needs"),
        ({"expected_citations": [], "expected_units": ["区工信局"], "expected_intent": "responsible_unit"},
         "expected_units is set but expected_citations is empty"),
    ],
)
def test_bad_line_is_named_with_its_field(tmp_path, change, expected):
    bad = {**GOOD, "id": "x2", **change}
    with pytest.raises(DatasetError) as e:
        load_dataset(write(tmp_path, [GOOD, bad]))
    assert expected in str(e.value)
    assert all(p.startswith("line 2") for p in e.value.problems)


def test_missing_gold_field_duplicate_id_and_broken_json(tmp_path):
    missing = {k: v for k, v in GOOD.items() if k != "expected_units"} | {"id": "x2"}
    with pytest.raises(DatasetError) as e:
        load_dataset(write(tmp_path, [GOOD, missing, GOOD, '{"id": "x4",']))
    problems = e.value.problems
    assert problems[0] == "line 2 (id x2): field expected_units: Field required"
    assert problems[1] == "line 3 (id x1): field id: duplicate of line 1"
    assert problems[2].startswith("line 4: not valid JSON")


def test_defaults_for_optional_input_fields():
    minimal = {k: v for k, v in GOOD.items() if k not in ("history", "as_of", "expected_needs")}
    case = GoldCase.model_validate(minimal)
    assert case.history == [] and case.as_of is None
    assert case.request().id == "x1"


def test_cli_validate(tmp_path):
    ok = CliRunner().invoke(eval_app, ["validate", "--dataset", str(write(tmp_path, [GOOD])), "--no-corpus"])
    assert ok.exit_code == 0 and "1 valid cases" in ok.output
    bad = CliRunner().invoke(
        eval_app, ["validate", "--dataset", str(write(tmp_path, [GOOD, {**GOOD, "id": "x2", "foo": 1}]))]
    )
    assert bad.exit_code == 2
    assert "line 2 (id x2): field foo: Extra inputs are not permitted" in bad.output
