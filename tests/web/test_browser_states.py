"""In headless Chromium against ``python app.py`` whose assistant fails to load (an embedding model that is not
there): the UI says so and what still works, while the calculator and 政策体检 tabs, which need no model, work.
Screenshots of the failed load, the calculator form taking "90万" and the grouped check-up form go to test-output/.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from support.processes import app_server, worker_suffix
from test_browser import ARGS, OUT, TIMEOUT_MS, chromium, pick, set_as_of

from assistant.web.checkup_form import example_profiles

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def failed_app() -> Iterator[str]:
    """app.py whose assistant cannot load: the embedding-model setting points at a folder that does not exist."""
    index_dir = tempfile.mkdtemp(prefix="pa-failed-index-")
    env = {"POLICY_ASSISTANT_INDEX_DIR": index_dir,
           "POLICY_ASSISTANT_EMBEDDING_MODEL": str(Path(index_dir) / "no-such-model")}
    OUT.mkdir(exist_ok=True)
    with app_server(env, OUT / f"app-server-failed{worker_suffix()}.log", want="failed", timeout=180) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, failed_app):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    p = context.new_page()
    p.goto(f"{failed_app}/", wait_until="load")
    p.locator("#pa-question textarea").wait_for()
    yield p
    context.close()


def test_readiness_names_no_machine_path(failed_app):
    body = httpx.get(f"{failed_app}/readyz").json()
    assert body["status"] == "failed" and "EMBEDDING_MODEL" in body["error"]
    assert tempfile.gettempdir() not in body["error"]


def test_failed_load_is_shown_with_what_to_do(page):
    banner = page.locator("#pa-status .pa-status-failed")
    banner.wait_for()
    text = banner.inner_text()
    assert "加载失败" in text and "计算器" in text and "重启" in text and "还在加载" not in text
    page.locator("#pa-question textarea").fill("春节用了九十万度电，市里奖了六万，区里配多少？")
    page.locator("#pa-send").click()
    page.locator("#pa-chat-note", has_text="加载失败").wait_for()  # said next to the question, in Chinese
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUT / "browser-failed-load.png"))
    assert page.get_by_text("Warning", exact=True).count() == 0


def test_calculator_form_takes_90wan(page):
    set_as_of(page, "2024-03-15")
    page.get_by_role("tab", name="奖补计算器").click()
    page.get_by_label("2024年2月1日至2月29日用电量（千瓦时）").fill("90万")
    page.get_by_label("市级春节用电奖励（元）（选填）").fill("六万")
    page.get_by_role("radio", name="是").first.check()
    page.locator("#pa-calc-run").click()
    result = page.locator("#pa-calc-output")
    result.wait_for()
    page.screenshot(path=str(OUT / "browser-calculator-90wan.png"), full_page=True)
    text = result.inner_text()
    assert "3万元" in text and "符合条件" in text and "900,000" in text  # 90万 kWh read as 900,000


def test_grouped_checkup_form_filled_from_an_example(page):
    set_as_of(page, "2024-03-15")
    page.get_by_role("tab", name="政策体检").click()
    page.get_by_text("用电（").first.wait_for()
    assert page.get_by_label("2024年2月1日至2月29日用电量（千瓦时）（选填）").is_hidden()  # groups start closed
    pick(page, "从示例企业填入", sorted(example_profiles())[0])
    page.locator("#pa-checkup-fill-note", has_text="已填入").wait_for()
    page.get_by_text("用电（").first.click()
    page.get_by_label("2024年2月1日至2月29日用电量（千瓦时）（选填）").wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUT / "browser-checkup-grouped.png"), full_page=True)
    page.locator("#pa-checkup-run").click()
    page.frame_locator("#pa-checkup-report").get_by_text("可以申请的确定金额").first.wait_for()
