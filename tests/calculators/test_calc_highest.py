"""就高不重复 (2022#funding-rule): the highest district-level award for one matter, and when the rule applies at all."""

from __future__ import annotations

from calc_test_support import ALL_CLAUSES, FILES, run, squash

from calculators.highest import funding_rule, highest_not_repeated

T = True


def scale_up_2022():
    return run("scale_up_award_2022_13", first_time_above_scale_or_new_entrant=T)  # 30万 市、区两级


def rongsheng_2024():
    return run("rongsheng_new_entrant_2024_10", in_small_to_scale_pool=T, entrant_type="规下转规上")  # 30万


def tech_2022():
    return run("tech_upgrade_matching_2022_11", meets_higher_level_techupgrade_policy=T)  # no figure


def tech_2024(p=1_000_000, m=500_000):
    return run("tech_upgrade_matching_2024_14", is_industrial_techupgrade_project=T, construction_start_date="2024-02-01",
               provincial_subsidy_yuan=p, municipal_subsidy_yuan=m)


def test_rule_words_are_the_documents_words():
    citation, words = funding_rule()  # read from the document registry (corpus/<name>.yaml document_rules)
    text = squash(FILES["2022"].read_text(encoding="utf-8"))
    assert squash(words) in text
    assert squash(words) not in squash(FILES["2024"].read_text(encoding="utf-8"))
    assert citation == "2022#funding-rule"
    d = highest_not_repeated([scale_up_2022(), rongsheng_2024()])
    assert (d.citation, d.rule_words) == (citation, words)


def test_same_matter_2022_and_2024_keeps_one_and_says_2024_is_by_overlap():
    d = highest_not_repeated([scale_up_2022(), rongsheng_2024()])
    assert d.applies is True
    assert d.kept == "scale_up_award_2022_13" and d.kept_district_yuan == 300_000  # tie: 30万 = 30万, first kept
    assert d.dropped == ["rongsheng_new_entrant_2024_10"]
    assert "2024" in d.reason and "重叠" in d.reason and "金额相同" in d.reason


def test_highest_district_amount_wins_and_no_figure_is_flagged():
    d = highest_not_repeated([tech_2022(), tech_2024()])
    # 2024#14: 30% × 100万 + 20% × 50万 = 40万 district; 2022#11 has no figure
    assert d.applies and d.kept == "tech_upgrade_matching_2024_14" and d.kept_district_yuan == 400_000
    assert d.not_comparable == ["tech_upgrade_matching_2022_11"]
    assert "无可比较的区级金额" in d.reason


def test_only_2024_awards_not_applied():
    d = highest_not_repeated([tech_2024(), tech_2024(p=2_000_000)])
    assert d.applies is False and d.kept is None
    assert "2024" in d.reason and "没有就高不重复" in d.reason


def test_different_matters_not_applied():
    d = highest_not_repeated([scale_up_2022(), tech_2022()])
    assert d.applies is False and "不同事项" in d.reason


def test_ineligible_award_does_not_win():
    lost = run("scale_up_award_2022_13", first_time_above_scale_or_new_entrant=False)
    d = highest_not_repeated([lost, rongsheng_2024()])
    assert d.kept == "rongsheng_new_entrant_2024_10"


def test_picks_the_larger_of_two_district_amounts():
    small = run("first_set_equipment_matching_2022_9", recognised_first_set=T, municipal_subsidy_yuan=100_000)  # 3万
    large = run("first_set_equipment_matching_2022_9", recognised_first_set=T, municipal_subsidy_yuan=1_000_000)  # 30万
    d = highest_not_repeated([small, large])
    assert d.applies and d.kept_district_yuan == 300_000 and d.kept == large.calculator
    assert len(d.dropped) == 1


def test_single_award():
    d = highest_not_repeated([scale_up_2022()])
    assert d.applies is False and d.kept == "scale_up_award_2022_13"


def test_citations_of_overlapping_rule_exist():
    assert "2022#13" in ALL_CLAUSES and "榕升计划" in ALL_CLAUSES["2022#13"] and "榕升计划" in ALL_CLAUSES["2024#10"]
