"""Issue 18 in the web UI: under a chat answer, one card per related measure (文号 第N条, the measure, the amount or
what is still needed, a note when not in force), each with a button that asks about that measure, and a
"生成完整体检报告" link that opens the 政策体检 tab filled from the conversation's facts.

The conversation, worked by hand from 长政办规〔2024〕1号: turn 1 gives 规上工业, 90万千瓦时 in February 2024 and a
市级 award of 6万 (第9条: 50% × 6万 = 3万元); turn 2 asks about Q1 growth only (第8条). Under turn 2's answer 第9条 is
related and decided, 3万元 — from turn 1's figures. Asking about it answers 可获3万元 citing 第9条; the check-up form
gets 900000 千瓦时 and 60000 元 from the chat. The pure parts (card, question, updates, form values) are tested
without a browser; the last test drives Chromium against ``python app.py``.
"""

from __future__ import annotations

import pytest
from test_browser import OUT, browser, page, set_as_of  # noqa: F401  (fixtures, reused)

from assistant.related import HEADING, MAX_ITEMS
from assistant.schema import AskResponse, Citation, RelatedItem
from assistant.web import render, ui

FIRST = "我们是规上工业企业，春节用了九十万度电，市里奖了六万，区里配多少？"
SECOND = "另外我们一季度产值涨了20%，用电涨了10%，这个有奖励吗？"
SPRING = "长政办规〔2024〕1号 第9条"
FACTS = {"scale": "规上", "industrial_enterprise": True, "electricity_feb_2024_kwh": 900000,
         "municipal_spring_festival_award_yuan": 60000, "q1_2024_output_growth_pct": 20,
         "q1_2024_electricity_growth_pct": 10}


def item(**over) -> RelatedItem:
    base = dict(id="2024#9", doc="长政办规〔2024〕1号", clause=9, display=SPRING, title="春节期间企业用电区级配套奖励",
                status="applicable", amount_yuan=30000, amount_max_yuan=150000, amount_text="3万元", in_force=True)
    return RelatedItem(**{**base, **over})


MAYBE = item(id="2024#8", clause=8, display="长政办规〔2024〕1号 第8条", title="2024年一季度工业企业增产增效区级奖励",
             status="may_apply", amount_yuan=None, amount_max_yuan=None, amount_text=None,
             needs=["是否制造业企业", "是否符合2024年一季度省级增产增效奖励条件"])


def test_cards_say_what_the_text_section_says():
    card = render.related_card(item())
    assert 'data-citation="2024#9"' in card and SPRING in card and "春节期间企业用电区级配套奖励" in card
    assert "按所述可获3万元" in card and "符合条件" in card and "还需" not in card and "有效期" not in card
    maybe = render.related_card(MAYBE)
    assert "可能适用" in maybe and "还需：是否制造业企业、是否符合2024年一季度省级增产增效奖励条件" in maybe
    assert "可获" not in maybe
    assert "不在有效期内" in render.related_card(item(in_force=False))
    assert "&lt;b&gt;" in render.related_card(item(title="<b>x</b>"))  # escaped
    assert render.followup_question(item()) == f"按{SPRING}（春节期间企业用电区级配套奖励），我能拿多少？"


def _response(related, facts) -> AskResponse:
    cite = Citation(id="2024#8", doc="长政办规〔2024〕1号", clause=8, display="长政办规〔2024〕1号 第8条",
                    responsible_units=["区工信局"], quote="……")
    return AskResponse(intent="eligibility", answer="……", citations=[cite], related=related, facts=facts)


def test_updates_show_one_card_per_item_and_keep_the_conversations_facts():
    outs = ui.related_updates(_response([item(), MAYBE], FACTS), {})
    assert len(outs) == 1 + 2 * MAX_ITEMS + 3
    box, cells, asks, facts, link = outs[0], outs[1:-3], outs[-3], outs[-2], outs[-1]
    assert box.visible is True and link.visible is True and facts == FACTS
    shown = [cells[2 * i].visible for i in range(MAX_ITEMS)]
    assert shown == [True, True] + [False] * (MAX_ITEMS - 2)
    assert 'data-citation="2024#9"' in cells[1] and 'data-citation="2024#8"' in cells[3] and cells[5] == ""
    assert asks == [render.followup_question(item()), render.followup_question(MAYBE)]
    # a later turn without facts (a clarification) hides the cards and keeps the earlier facts for the check-up
    later = ui.related_updates(AskResponse(intent="clarification", answer="还需要…", citations=[]), FACTS)
    assert later[0].visible is False and later[-2] == FACTS and later[-1].visible is True
    streaming = ui.related_updates(None, FACTS)
    assert streaming[0].visible is False


def test_form_values_from_the_chats_facts():
    from assistant.checkup import EnterpriseProfile
    from assistant.web.checkup_form import group_fields
    from assistant.web.forms import fields_from_schema

    groups = group_fields(fields_from_schema(EnterpriseProfile.model_json_schema()))
    ordered = [s for g in groups for s in g.specs]
    values = dict(zip([s.name for s in ordered], ui.fill_checkup(ordered, FACTS)[:-1]))
    assert values["electricity_feb_2024_kwh"] == "900000" and values["scale"] == "规上"
    assert values["municipal_spring_festival_award_yuan"] == "60000"
    assert sum(v is not None for v in values.values()) == len(FACTS)


# ---- in Chromium ------------------------------------------------------------------------------------------------------
def ask(page, question: str) -> None:
    page.locator("#pa-question textarea").fill(question)
    page.locator("#pa-send").click()


@pytest.mark.browser
@pytest.mark.model
@pytest.mark.server
def test_two_turn_chat_shows_related_cards_that_ask_and_open_the_checkup(page):  # noqa: F811
    set_as_of(page, "2024-03-01")
    ask(page, FIRST)
    page.locator("#pa-chatbot", has_text="可获3万元").wait_for()
    page.wait_for_timeout(1000)  # the first turn finishes streaming
    assert page.locator("#pa-related").is_hidden()  # turn 1 alone touches no other measure
    ask(page, SECOND)
    card = page.locator("#pa-related .pa-related-card[data-citation='2024#9']")
    card.wait_for()
    assert page.locator("#pa-related", has_text=HEADING).is_visible()
    text = card.inner_text()
    assert SPRING in text and "按所述可获3万元" in text  # from turn 1's figures
    assert page.locator("#pa-related .pa-related-card").count() == 1
    page.screenshot(path=str(OUT / "browser-related-cards.png"), full_page=True)

    page.locator("#pa-related-0 button", has_text="能拿多少").click()  # the 第9条 card's button
    question = f"按{SPRING}（春节期间企业用电区级配套奖励），我能拿多少？"
    page.locator("#pa-chatbot", has_text=question).wait_for()  # asked as the user's turn
    page.locator("#pa-cards .pa-card[data-citation='2024#9']").wait_for()  # answered for that measure
    page.wait_for_function(
        "() => document.querySelector('#pa-chatbot').innerText.split('可获3万元').length > 2")  # a second 3万元 answer
    page.wait_for_timeout(1000)
    page.screenshot(path=str(OUT / "browser-related-followup.png"), full_page=True)

    page.locator("#pa-related-checkup").click()
    page.locator("#pa-checkup-fill-note", has_text="已按对话中说过的情况填入").wait_for()
    electricity = page.get_by_label("2024年2月1日至2月29日用电量（千瓦时）（选填）")
    electricity.wait_for()  # its group was opened because a fact fills it
    assert electricity.input_value() == "900000"
    assert page.get_by_label("已获2024年春节用电市级奖励（元）（选填）").input_value() == "60000"
    page.frame_locator("#pa-checkup-report").get_by_text("第9条").first.wait_for()
    page.screenshot(path=str(OUT / "browser-related-checkup.png"), full_page=True)
