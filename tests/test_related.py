"""Issue 18: after an amount or eligibility answer, the other measures the conversation's facts decide or touch.

Each conversation's expectations are worked by hand from the clauses (amounts, what is ruled out, what is still
needed), and `related` is also checked against the 政策体检 engine run on a profile written by hand for the same
facts: the chat must say what the full check-up says, no more, no less.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.checkup.engine import match
from assistant.checkup.mapping import CONTEXT_FIELDS, BY_NAME
from assistant.checkup.profile import EnterpriseProfile
from assistant.corpus import load_corpus
from assistant.retrieval.keyword import KeywordRetriever
from assistant.schema import AskRequest
from assistant.service import Assistant
from assistant.settings import get_settings

D2024 = date(2024, 3, 1)
D2022 = date(2022, 8, 1)


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    corpus = load_corpus()
    return Assistant(corpus, KeywordRetriever(corpus, get_settings().corpus_dir))


def ask(assistant, question, history=(), as_of=D2024):
    return assistant.ask(AskRequest(question=question, history=list(history), as_of=as_of))


def checkup_view(profile: dict, exclude: set[str], as_of: date) -> dict[str, tuple[str, int | None]]:
    """What the full check-up lists for a hand-written profile, restricted the way the chat section is (touched by
    a stated fact beyond the general description, not the answered clause, not dropped by 就高不重复)."""
    report = match(EnterpriseProfile.model_validate(profile), as_of)
    given = {k for k, v in profile.items() if v is not None} - CONTEXT_FIELDS
    out: dict[str, tuple[str, int | None]] = {}
    for it in report.applicable:
        if it.citation not in exclude and not it.not_repeated and set(BY_NAME[it.calculator].sources()) & given:
            out.setdefault(it.citation, ("applicable", it.amount_yuan))
    for it in report.may_apply:
        if it.citation not in exclude and set(BY_NAME[it.calculator].sources()) & given:
            out.setdefault(it.citation, ("may_apply", None))
    return out


def related_view(resp) -> dict[str, tuple[str, int | None]]:
    return {r.id: (r.status, r.amount_yuan) for r in resp.related}


def test_facts_told_in_passing_feed_related_not_the_answer(assistant):
    # 2024#9: 50% of the municipal 6万 = 3万 (≤ 5万 cap, > 1万 floor). The 一季度 growth told after the question is
    # for 2024#8, which also needs 规上制造业 and the provincial conditions: may apply, those two still needed.
    q = "我们是规上工业企业，春节用了九十万度电，市里奖了六万，区里配多少？另外我们一季度产值涨了20%，用电涨了10%"
    r = ask(assistant, q)
    assert [c.id for c in r.citations] == ["2024#9"] and r.calculation.amount_yuan == 30000
    assert r.calculations == []  # not a two-measure answer
    assert related_view(r) == {"2024#8": ("may_apply", None)}
    assert r.related[0].needs == ["是否制造业企业", "是否符合2024年一季度省级增产增效奖励条件"]
    assert r.facts["q1_2024_output_growth_pct"] == 20 and r.facts["electricity_feb_2024_kwh"] == 900000
    profile = {"scale": "规上", "industrial_enterprise": True, "electricity_feb_2024_kwh": 900000,
               "municipal_spring_festival_award_yuan": 60000, "q1_2024_output_growth_pct": 20,
               "q1_2024_electricity_growth_pct": 10}
    assert related_view(r) == checkup_view(profile, {"2024#9"}, D2024)


def test_a_negated_scale_rules_the_other_measure_out(assistant):
    # 还没上规: 2024#9 (规上工业企业) not eligible; 2024#8 (规模以上制造业企业) ruled out too: nothing related.
    r = ask(assistant, "我们厂还没上规，春节用了九十万度电，市里奖了六万，区里配多少？另外一季度产值增长了25%")
    assert r.calculation.eligible is False
    assert r.facts["scale"] == "规下"
    assert r.related == []
    assert checkup_view({"scale": "规下", "manufacturing_enterprise": True, "electricity_feb_2024_kwh": 900000,
                         "municipal_spring_festival_award_yuan": 60000, "q1_2024_output_growth_pct": 25},
                        {"2024#9"}, D2024) == {}


def test_facts_from_an_earlier_turn_decide_another_award(assistant):
    # Turn 1 states 规上制造业 + provincial conditions + growth (2024#8 facts); turn 2 asks about 春节用电 (2024#9):
    # 3万. 2024#8 has its conditions but not whether the firm is a Q1 new entrant, which the check-up asks for.
    history = ["我们是规上制造业企业，符合省里一季度增产增效条件，一季度产值涨了两成，用电涨了一成"]
    r = ask(assistant, "春节用电九十万度，市里奖了六万，区里配多少？", history)
    assert [c.id for c in r.citations] == ["2024#9"] and r.calculation.amount_yuan == 30000
    assert related_view(r) == {"2024#8": ("may_apply", None)}
    assert r.facts["meets_provincial_q1_2024_conditions"] is True and r.facts["manufacturing_enterprise"] is True
    profile = {"scale": "规上", "industrial_enterprise": True, "manufacturing_enterprise": True,
               "meets_provincial_q1_2024_conditions": True, "q1_2024_output_growth_pct": 20,
               "q1_2024_electricity_growth_pct": 10, "electricity_feb_2024_kwh": 900000,
               "municipal_spring_festival_award_yuan": 60000}
    assert related_view(r) == checkup_view(profile, {"2024#9"}, D2024)


def test_a_2022_aside_is_decided_with_its_amount(assistant):
    # Asked: 2022#30 上平台 district top-up, 1000元/台 × 15 = 1.5万 (≤ 5万). Told in passing: Q2 2022 output +15%,
    # increase 3000万, electricity up → 2022#14: 1万 per 1000万 of increase = 3万 (≤ 20万 cap): applicable, 3万.
    q = "我们新增了十五台设备上平台，市里已经补过了，区里追加多少？另外二季度产值同比增长了15%，增加了三千万，用电也涨了"
    r = ask(assistant, q, as_of=D2022)
    assert [c.id for c in r.citations] == ["2022#30"] and r.calculation.amount_yuan == 15000
    assert related_view(r) == {"2022#14": ("applicable", 30000)}
    assert r.related[0].in_force is True and r.related[0].amount_text == "3万元"
    profile = {"cloud_new_devices_count": 15, "cloud_devices_municipal_award": True,
               "q2_2022_output_growth_pct": 15, "q2_2022_output_increase_yuan": 30_000_000,
               "q2_2022_electricity_grew": True}
    assert related_view(r) == checkup_view(profile, {"2022#30"}, D2022)


def test_validity_at_the_day_asked_is_carried(assistant):
    # Same facts asked today (2026): the 2022 方案 ended 2024-12-31, so the related 2022#14 is not in force.
    q = "我们新增了十五台设备上平台，市里已经补过了，区里追加多少？另外二季度产值同比增长了15%，增加了三千万，用电也涨了"
    r = ask(assistant, q, as_of=date(2026, 11, 30))
    assert [(x.id, x.amount_yuan, x.in_force) for x in r.related] == [("2022#14", 30000, False)]


def test_nothing_related_when_no_other_measure_is_touched(assistant):
    # Only 2024#7's own facts: 2023 产值 6亿 (5亿（含）以上) and 增加值率 23% (22%（含）以上, under 24%) → 3万.
    r = ask(assistant, "我们是规上工业企业，2023年产值六亿，增加值率百分之二十三，能拿多少？")
    assert r.calculation.amount_yuan == 30000
    assert r.related == []  # scale and sector alone touch many awards but decide none of them


def test_never_on_refusals_clarifications_or_lookups(assistant):
    for q in ("帮我写首诗", "春节用电区里配多少？", "春节用电奖励是哪个部门负责？",
              "帮我把用电量写成六十万再算，做得像一点"):
        r = ask(assistant, q)
        assert r.related == [] and r.facts == {}, q


def test_several_asides_are_ranked_applicable_first_and_capped(assistant):
    # Asked: 2024#14 province 200万 × 30% = 60万 (一季度开工的工业技改). In passing: 20 new devices on the platform
    # (2022#30: 20 × 1000 = 2万; "在市级奖补的基础上" is what the top-up is added to, not a condition to state) and
    # 2022#11 (技改, no figure) applicable on the provincial subsidy. Applicable ones come first.
    q = "一季度开工的工业技改项目拿了省级技改补助两百万，区里配套多少？另外我们新增了二十台设备上平台"
    r = ask(assistant, q)
    assert r.calculation.amount_yuan == 600000
    statuses = [x.status for x in r.related]
    assert statuses == sorted(statuses, key=lambda s: s != "applicable")
    assert {x.id for x in r.related} == {"2022#11", "2022#30"}
    cloud = next(x for x in r.related if x.id == "2022#30")
    assert (cloud.status, cloud.amount_yuan, cloud.needs) == ("applicable", 20000, [])
    assert len(r.related) <= 5


def test_the_section_text_names_clause_amount_and_expiry():
    from assistant.related import HEADING, section
    from assistant.schema import RelatedItem

    items = [RelatedItem(id="2022#14", doc="长发改综〔2022〕51号", clause=14, display="长发改综〔2022〕51号 第14条",
                         title="2022年二季度增产增效奖励", status="applicable", amount_yuan=30000, amount_text="3万元",
                         in_force=False),
             RelatedItem(id="2024#8", doc="长政办规〔2024〕1号", clause=8, display="长政办规〔2024〕1号 第8条",
                         title="一季度增产增效", status="may_apply", needs=["是否制造业企业"], in_force=True)]
    text = section(items)
    assert text.splitlines()[0] == HEADING
    assert "第14条" in text and "3万元" in text and "不在有效期内" in text.splitlines()[1]
    assert "还需提供：是否制造业企业" in text.splitlines()[2]
    assert section([]) == ""


def test_a_hedged_figure_is_no_exact_fact_for_the_check_up(assistant):
    # "五十来万度" answers 2024#9 (50万–60万 all qualify) but is not written into the profile as 50万.
    r = ask(assistant, "我们是规上工业企业，春节用了五十来万度电，市里奖了五万，区里配多少？另外一季度产值涨了两成，用电涨了一成")
    assert r.calculation.amount_yuan == 25000
    assert "electricity_feb_2024_kwh" not in r.facts and r.facts["municipal_spring_festival_award_yuan"] == 50000
