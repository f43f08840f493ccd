"""Every figure a calculator uses is declared once (corpus/figures/*.yaml) and is the clause's own.

For each declared figure: its words occur verbatim in the clause, and the number the assistant's own numeral reader
(``assistant.slots``) reads from them equals the declared value in the declared unit. Then: every declared figure is
used by its rule module, no figure is typed as a literal in a formula, and calculator titles name only declared
figures.
"""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.corpus import load_corpus, squash
from assistant.slots import (
    Capacity,
    Count,
    Electricity,
    Money,
    Percent,
    StandardCoal,
    Voltage,
    extract_slots,
    parse_number,
)
from calculators import registry
from calculators.figures import Figure, FigureError, all_figures, figures, load_figure_file
from calculators.steps import qualifying_window

CALCULATORS = Path(__file__).resolve().parents[2] / "calculators"
QUANTITIES = (Money, Percent, Electricity, Capacity, Voltage, StandardCoal, Count)
ALL = [(clause, name, fig) for clause, table in sorted(all_figures().items()) for name, fig in table.items()]


def unit_of(item) -> str:
    if isinstance(item, Money):
        return item.unit  # 元 or 美元
    if isinstance(item, Count):
        return item.classifier
    return {Percent: "%", Electricity: "千瓦时", Capacity: "千瓦", Voltage: "千伏", StandardCoal: "吨标准煤"}[type(item)]


def read(fig: Figure) -> tuple[Decimal | None, str | None]:
    """The number (and its unit) the assistant reads from the figure's words, or from ``text`` inside them."""
    text = fig.text or fig.words
    items = [i for i in extract_slots(text).items() if isinstance(i, QUANTITIES)]
    same_unit = [i for i in items if unit_of(i) == fig.unit]
    if len(same_unit) == 1:
        return same_unit[0].value, fig.unit
    if not items and fig.text:  # a bare numeral ("300至600元": the 300 takes its unit from the 600元)
        return parse_number(text), None
    raise AssertionError(f"{fig.clause} {fig.name}: {len(same_unit)} figures in {fig.unit} in {text!r}; declare `text`")


def test_there_are_figures_for_every_calculator_with_an_amount():
    declared = set(all_figures())
    missing = sorted({c.citation for c in registry.all() if not c.no_figure} - declared)
    assert missing == [] and len(ALL) >= 80


@pytest.mark.parametrize(("clause", "name", "fig"), ALL, ids=[f"{c}-{n}" for c, n, _ in ALL])
def test_figure_is_the_clauses_own(clause, name, fig):
    text = load_corpus().get(clause).text
    assert squash(fig.words) in squash(text), f"{clause} {name}: {fig.words!r} is not in the clause"
    if fig.text:
        assert fig.text in fig.words, f"{clause} {name}: text {fig.text!r} is not in its words"
    if fig.word:
        assert fig.word in fig.words, f"{clause} {name}: threshold word {fig.word!r} is not in its words"
    value, unit = read(fig)
    assert value == fig.value, f"{clause} {name}: the clause says {value}, the table {fig.value}"
    assert unit in (fig.unit, None)


@pytest.mark.parametrize(("clause", "name", "fig"), ALL, ids=[f"{c}-{n}" for c, n, _ in ALL])
def test_every_declared_figure_is_used_by_its_rules(clause, name, fig):
    doc, _, number = clause.partition("#")
    sources = "\n".join(p.read_text(encoding="utf-8") for p in CALCULATORS.glob("rules_*.py"))
    assert re.search(rf"\bF{number}\.{name}\b", sources), f"{clause} {name} is declared but no rule reads F{number}.{name}"


def _literals(path: Path) -> list[tuple[int, object]]:
    """Numeric literals outside display text, input-model bounds and named conventions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):  # display text such as "200亿、300亿…"
            skip.update(id(n) for n in ast.walk(node))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Field":  # input bounds (ge=0, le=…)
            skip.update(id(n) for kw in node.keywords for n in ast.walk(kw.value))
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets):
            skip.update(id(n) for n in ast.walk(node.value))  # a named, documented convention
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float) and id(node) not in skip
        and node.value not in (0, 1, 100)  # nothing, one, and percent
    ]


@pytest.mark.parametrize("module", ["rules_2022.py", "rules_2024.py"])
def test_no_figure_literal_in_a_formula(module):
    assert _literals(CALCULATORS / module) == []


def test_calculator_titles_name_only_declared_figures():
    bad = []
    for calc in registry.all():
        declared = {(f.value, f.unit) for c in calc.citations for f in all_figures().get(c, {}).values()}
        for item in extract_slots(calc.title).items():
            if isinstance(item, (Money, Percent)) and item.value is not None and (item.value, unit_of(item)) not in declared:
                bad.append((calc.name, item.raw))
    assert bad == []


def test_an_input_bound_that_repeats_a_figure_agrees_with_it():
    bound = registry.get("recruitment_event_subsidy_2024_23").input_model.model_fields["already_subsidised_this_year"]
    le = next(m.le for m in bound.metadata if getattr(m, "le", None) is not None)
    assert le == figures("2024#23").events_a_year.n


def test_qualifying_windows_come_from_the_corpus_periods():
    meta = load_corpus().documents["2024"].meta
    period = next(p for p in meta.periods if p.clause == 14)
    assert qualifying_window("2024#14") == (period.start, period.end)
    with pytest.raises(LookupError):
        qualifying_window("2024#23")  # two periods: the rule must name its measure
    assert qualifying_window("2024#23", "引工")[0].isoformat() == "2024-01-01"


def test_thresholds_follow_their_words():
    cases = {("以上", 10, 10): True, ("超过", 10, 10): False, ("以下", 10, 10): True, ("不满", 10, 10): False,
             ("（含）以上", 9, 10): False, ("上限", 15, 15): True}
    for (word, value, at), met in cases.items():
        fig = Figure(value=at, unit="%", words=f"x{at}%{word}", word=word)
        assert fig.met_by(value) is met, word


def test_a_missing_or_misnamed_figure_is_an_error_naming_it(tmp_path):
    with pytest.raises(FigureError, match="no figure 'nope'"):
        _ = figures("2024#9").nope
    bad = tmp_path / "x.yaml"
    bad.write_text('"2024#9":\n  cap: {value: 150000, unit: 斤, words: 最高不超过15万元}\n', encoding="utf-8")
    with pytest.raises(FigureError, match=r"x\.yaml: 2024#9 cap"):
        load_figure_file(bad)


def test_a_figure_edit_does_not_make_the_index_stale(tmp_path):
    import shutil

    from assistant.corpus import corpus_fingerprint

    corpus = shutil.copytree(CALCULATORS.parent / "corpus", tmp_path / "corpus")
    before = corpus_fingerprint(corpus)
    table = corpus / "figures" / "changle-2024-1.yaml"
    table.write_text(table.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    assert corpus_fingerprint(corpus) == before
    meta = corpus / "changle-2024-1.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    assert corpus_fingerprint(corpus) != before
