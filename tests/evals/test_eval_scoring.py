"""The scorer, on responses whose right scores were worked out by hand."""

from __future__ import annotations

import pytest

from evals.scoring import aggregate, aggregate_by_category, percentile, score_case
from eval_helpers import calc, cite, gold, resp, validity

UNITS = ["区工信局", "区财政局", "区供电公司"]


def test_correct_answer_scores_one_everywhere_it_applies():
    case = gold(expected_citations=["2024#9"], expected_units=UNITS)
    s = score_case(case, resp(citations=[cite("2024#9", UNITS)]))
    assert (s.intent_correct, s.citation_hit_at_1, s.citation_recall_at_3, s.citation_precision) == (1, 1, 1, 1)
    assert (s.unit_precision, s.unit_recall) == (1, 1)
    assert s.amount_exact_match is None and s.eligibility_correct is None and s.validity_correct is None
    assert s.needs_recall is None
    assert s.failures == []


def test_wrong_citation_lowers_hit_at_1_and_precision():
    case = gold(expected_citations=["2024#9"])
    right = score_case(case, resp(citations=[cite("2024#9")]))
    wrong = score_case(case, resp(citations=[cite("2024#8")]))
    assert (right.citation_hit_at_1, right.citation_precision) == (1.0, 1.0)
    assert (wrong.citation_hit_at_1, wrong.citation_recall_at_3, wrong.citation_precision) == (0.0, 0.0, 0.0)
    assert "citation_hit_at_1" in wrong.failures and "citation_precision" in wrong.failures
    m = aggregate([right, wrong])
    assert m.citation_hit_at_1 == 0.5 and m.citation_precision == 0.5


def test_extra_citation_lowers_precision_but_not_hit_at_1():
    case = gold(expected_citations=["2024#9"])
    s = score_case(case, resp(citations=[cite("2024#9"), cite("2024#8"), cite("2022#14")]))
    assert s.citation_hit_at_1 == 1.0
    assert s.citation_recall_at_3 == 1.0
    assert s.citation_precision == pytest.approx(1 / 3)
    assert s.failures == ["citation_precision"]


def test_any_acceptable_id_counts_and_recall_looks_at_three():
    case = gold(expected_citations=["2024#9", "2024#validity"])
    # secondary acceptable id first: still a hit; 2 of 2 cited are gold
    s = score_case(case, resp(citations=[cite("2024#validity"), cite("2024#9")]))
    assert (s.citation_hit_at_1, s.citation_precision) == (1.0, 1.0)
    # gold at rank 3: miss at 1, hit within 3, 1 of 3 cited is gold
    s = score_case(case, resp(citations=[cite("2022#1"), cite("2022#2"), cite("2024#9")]))
    assert (s.citation_hit_at_1, s.citation_recall_at_3) == (0.0, 1.0)
    assert s.citation_precision == pytest.approx(1 / 3)
    # gold at rank 4: outside recall@3; precision 1/4
    s = score_case(case, resp(citations=[cite("2022#1"), cite("2022#2"), cite("2022#3"), cite("2024#9")]))
    assert (s.citation_hit_at_1, s.citation_recall_at_3, s.citation_precision) == (0.0, 0.0, 0.25)


def test_repeated_citation_counts_once_and_no_citation_is_a_miss():
    case = gold(expected_citations=["2024#9"])
    assert score_case(case, resp(citations=[cite("2024#9"), cite("2024#9")])).citation_precision == 1.0
    s = score_case(case, resp(citations=[]))
    assert (s.citation_hit_at_1, s.citation_recall_at_3, s.citation_precision) == (0.0, 0.0, 0.0)


def test_wrong_units_lower_unit_precision_and_recall():
    case = gold(expected_units=UNITS)
    s = score_case(case, resp(citations=[cite("2024#9", ["区工信局", "区商务局"])]))
    # 1 of 2 predicted is right; 1 of 3 expected was found
    assert s.unit_precision == 0.5
    assert s.unit_recall == pytest.approx(1 / 3)
    # units are read from the primary citation only
    s = score_case(case, resp(citations=[cite("2024#8", ["区商务局"]), cite("2024#9", UNITS)]))
    assert (s.unit_precision, s.unit_recall) == (0.0, 0.0)
    # one unit missing: precision stays 1, recall 2/3
    s = score_case(case, resp(citations=[cite("2024#9", UNITS[:2])]))
    assert s.unit_precision == 1.0 and s.unit_recall == pytest.approx(2 / 3)
    # no citation at all: nothing predicted -> 0 / 0
    s = score_case(case, resp(citations=[]))
    assert (s.unit_precision, s.unit_recall) == (0.0, 0.0)


def test_wrong_amount_lowers_amount_exact_match():
    case = gold(expected_intent="calculation", expected_amount_yuan=50000)
    right = score_case(case, resp("calculation", [cite("2024#9")], calc(amount=50000)))
    wrong = score_case(case, resp("calculation", [cite("2024#9")], calc(amount=60000)))
    missing = score_case(case, resp("calculation", [cite("2024#9")], None))
    assert (right.amount_exact_match, wrong.amount_exact_match, missing.amount_exact_match) == (1.0, 0.0, 0.0)
    assert "amount_exact_match" in wrong.failures
    assert aggregate([right, wrong, missing]).amount_exact_match == pytest.approx(1 / 3)


def test_ceiling_amount_compares_both_fields():
    case = gold(expected_intent="calculation", expected_amount_max_yuan=8_000_000)
    s = score_case(case, resp("calculation", [cite("2022#16")], calc(amount=None, amount_max=8_000_000)))
    assert s.amount_exact_match == 1.0
    # a fixed figure where the clause only gives a ceiling is wrong
    s = score_case(case, resp("calculation", [cite("2022#16")], calc(amount=8_000_000, amount_max=8_000_000)))
    assert s.amount_exact_match == 0.0
    # the wrong ceiling (the municipal 150万 instead of the provincial 800万) is wrong
    s = score_case(case, resp("calculation", [cite("2022#16")], calc(amount=None, amount_max=1_500_000)))
    assert s.amount_exact_match == 0.0


def test_eligibility_and_validity_accuracy():
    case = gold(expected_intent="eligibility", expected_eligible=False, expected_in_force=False)
    good = score_case(case, resp("eligibility", [cite("2024#9")], calc(eligible=False), [validity(False)]))
    bad = score_case(case, resp("eligibility", [cite("2024#9")], calc(eligible=True), [validity(True)]))
    empty = score_case(case, resp("eligibility", [cite("2024#9")]))
    assert (good.eligibility_correct, good.validity_correct) == (1.0, 1.0)
    assert (bad.eligibility_correct, bad.validity_correct) == (0.0, 0.0)
    assert (empty.eligibility_correct, empty.validity_correct) == (0.0, 0.0)
    m = aggregate([good, bad, empty])
    assert m.eligibility_accuracy == pytest.approx(1 / 3) and m.validity_accuracy == pytest.approx(1 / 3)


def oos_case(id: str = "o1"):
    return gold(id, category="out_of_scope", question="明天福州天气怎么样", expected_intent="out_of_scope",
                expected_citations=[])


def test_out_of_scope_answer_with_a_citation_is_not_an_abstention():
    clean = score_case(oos_case("o1"), resp("out_of_scope"))
    cited = score_case(oos_case("o2"), resp("out_of_scope", [cite("2024#9")]))
    calculated = score_case(oos_case("o3"), resp("out_of_scope", calculation=calc(amount=1)))
    assert clean.abstained and clean.citation_precision == 1.0 and clean.failures == []
    assert clean.citation_hit_at_1 is None and clean.citation_recall_at_3 is None
    assert not cited.abstained and cited.citation_precision == 0.0 and "abstention" in cited.failures
    assert not calculated.abstained
    m = aggregate([clean, cited, calculated])
    # 3 cases answered out_of_scope, only 1 cleanly; 3 expected, 1 abstained
    assert m.abstention_precision == pytest.approx(1 / 3)
    assert m.abstention_recall == pytest.approx(1 / 3)
    assert m.citation_precision == pytest.approx(2 / 3)  # 1, 0, 1 (the calculation cites nothing)
    assert m.citation_hit_at_1 is None


def test_false_abstention_lowers_abstention_precision_only():
    in_scope = score_case(gold("i1"), resp("out_of_scope"))
    oos = score_case(oos_case(), resp("out_of_scope"))
    assert "false_abstention" in in_scope.failures and in_scope.citation_hit_at_1 == 0.0
    m = aggregate([in_scope, oos])
    assert m.abstention_precision == 0.5
    assert m.abstention_recall == 1.0


def test_needs_recall_matches_substrings_both_ways():
    case = gold(expected_intent="clarification", expected_needs=["上年产值", "用电增幅", "企业规模"])
    # "上年产值" is inside the first need; the second need "用电" is inside "用电增幅"; 企业规模 missing
    s = score_case(case, resp("clarification", needs=["2023年全年产值（上年产值）", "用电"]))
    assert s.needs_recall == pytest.approx(2 / 3)
    assert score_case(case, resp("clarification", needs=[])).needs_recall == 0.0


def test_metrics_with_no_applicable_cases_are_null_not_zero_or_one():
    m = aggregate([score_case(gold(), resp(citations=[cite("2024#9")]))])
    for name in ("unit_precision", "unit_recall", "amount_exact_match", "eligibility_accuracy",
                 "validity_accuracy", "abstention_precision", "abstention_recall", "needs_recall"):
        assert m.value(name) is None, name
        assert m.applicable[name] == 0
    assert m.applicable["citation_hit_at_1"] == 1
    empty = aggregate([])
    assert empty.n_cases == 0
    assert all(empty.value(k) is None for k in ("intent_accuracy", "citation_hit_at_1", "latency_p50_ms"))


def test_error_is_a_miss_and_has_no_latency():
    case = gold(expected_units=UNITS, expected_amount_yuan=1000, expected_intent="calculation")
    s = score_case(case, None, latency_ms=5.0, error="RuntimeError: boom")
    assert s.intent_correct == 0 and s.citation_hit_at_1 == 0 and s.amount_exact_match == 0
    assert s.unit_recall == 0
    assert s.failures[0] == "error"
    m = aggregate([s, score_case(gold("c2"), resp(citations=[cite("2024#9")]), latency_ms=7.0)])
    assert m.n_errors == 1 and m.latency_p50_ms == 7.0


def test_dict_response_is_accepted():
    r = resp(citations=[cite("2024#9")]).model_dump(mode="json")
    assert score_case(gold(), r).citation_hit_at_1 == 1.0


def test_percentiles_by_linear_interpolation():
    assert percentile([40.0, 10.0, 30.0, 20.0], 50) == 25.0
    assert percentile([10.0, 20.0, 30.0, 40.0], 95) == pytest.approx(38.5)  # rank 2.85 -> 30 + 0.85*10
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None


def test_aggregate_per_category():
    scores = [
        score_case(gold("a1", category="A"), resp(citations=[cite("2024#9")]), latency_ms=10.0),
        score_case(gold("a2", category="A"), resp(citations=[cite("2024#8")]), latency_ms=20.0),
        score_case(gold("a3", category="A"), resp(citations=[cite("2024#9"), cite("2024#8")]), latency_ms=30.0),
        score_case(gold("b1", category="B", expected_intent="validity"), resp(citations=[cite("2024#9")]),
                   latency_ms=40.0),
    ]
    by = aggregate_by_category(scores)
    assert list(by) == ["A", "B"]
    assert by["A"].n_cases == 3
    assert by["A"].citation_hit_at_1 == pytest.approx(2 / 3)
    assert by["A"].citation_precision == pytest.approx((1 + 0 + 0.5) / 3)
    assert by["A"].intent_accuracy == 1.0
    assert by["B"].intent_accuracy == 0.0
    overall = aggregate(scores)
    assert overall.intent_accuracy == 0.75
    assert overall.citation_hit_at_1 == 0.75
    assert overall.latency_p50_ms == 25.0


def test_a_part_with_no_award_matches_whether_written_0_or_null():
    parts = [{"citation": "2024#7", "amount_yuan": 30000, "amount_max_yuan": None, "eligible": True},
             {"citation": "2024#9", "amount_yuan": None, "amount_max_yuan": None, "eligible": False}]
    case = gold(expected_intent="calculation", expected_citations=["2024#7", "2024#9"], expected_parts=parts)

    def answer(second_amount, second_eligible=False):
        r = resp("calculation", [cite("2024#7"), cite("2024#9")], calculation=calc(None, eligible=None))
        return r.model_copy(update={"calculations": [
            r.calculation.model_copy(update={"citation": "2024#7", "amount_yuan": 30000, "eligible": True}),
            r.calculation.model_copy(update={"citation": "2024#9", "amount_yuan": second_amount,
                                             "eligible": second_eligible})]})

    assert score_case(case, answer(0)).parts_exact == 1.0
    assert score_case(case, answer(None)).parts_exact == 1.0
    assert score_case(case, answer(10000)).parts_exact == 0.0  # a figure for a part that gives nothing
    assert score_case(case, answer(0, None)).parts_exact == 0.0  # eligibility must still match
