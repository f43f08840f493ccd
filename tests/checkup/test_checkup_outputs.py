"""HTML report and the `policy-assistant match` command."""

import json
from datetime import date

from typer.testing import CliRunner

from assistant.checkup import match, render_html
from assistant.cli import app
from assistant.match_cli import match_app
from checkup_support import PROFILES, load

runner = CliRunner()


def test_html_has_citations_units_amounts_and_print_css():
    r = match(load("steel_maker"), date(2024, 3, 15))
    html = render_html(r)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "@media print" in html
    assert "<link" not in html and "<script" not in html and "http" not in html  # self-contained
    for it in r.applicable:
        assert it.citation_display in html
    for cite in ("长政办规〔2024〕1号 第9条", "长发改综〔2022〕51号 第15条", "长政办规〔2024〕1号 第14条"):
        assert cite in html
    for unit in ("区工信局", "区财政局", "区供电公司", "区人社局"):
        assert unit in html
    assert "355.6万元" in html  # total (3,556,000元), hand-worked in test_checkup_profiles, written as people write it
    assert "申报联系单位" in html and "不适用的奖补及原因" in html and "就高不重复" in html
    assert "2024-03-15" in html


def test_html_says_expired_and_may_apply():
    r = match(load("new_entrant"), date(2026, 11, 23))
    html = render_html(r)
    assert "已过有效期" in html
    assert "可能适用" in html and "是否被市工信局列为福州市工业龙头企业" in html


def test_html_escapes_the_name():
    r = match(load("small_textile").model_copy(update={"name": "<b>x</b>&"}), None)
    html = render_html(r)
    assert "&lt;b&gt;x&lt;/b&gt;&amp;" in html and "<b>x</b>" not in html


def test_cli_writes_html(tmp_path):
    out = tmp_path / "report.html"
    res = runner.invoke(app, ["match", str(PROFILES / "exporter.json"), "--html", str(out), "--as-of", "2024-03-15"])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "长政办规〔2024〕1号 第9条" in text and "6.9万元" in text


def test_cli_json_is_valid_and_carries_the_totals():
    res = runner.invoke(match_app, [str(PROFILES / "steel_maker.json"), "--json", "--as-of", "2024-03-15"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["totals"]["exact_total_yuan"] == 3_556_000
    assert data["as_of"] == "2024-03-15"
    assert {a["citation"] for a in data["applicable"]} >= {"2022#15", "2024#9"}


def test_cli_rejects_contradictory_profile(tmp_path):
    bad = tmp_path / "bad.json"
    # field-level errors are reported first; contradictions between fields once each figure is valid on its own
    bad.write_text(json.dumps({"scale": "规下", "value_added_rate_pct": 120}))
    res = runner.invoke(app, ["match", str(bad)])
    assert res.exit_code == 2 and "value_added_rate_pct" in res.output
    bad.write_text(json.dumps({"scale": "规下", "above_scale_entry_kind": "新建投产纳统"}))
    res = runner.invoke(app, ["match", str(bad)])
    assert res.exit_code == 2
    assert "scale, above_scale_entry_kind" in res.output and "规下" in res.output


def test_cli_bad_date(tmp_path):
    res = runner.invoke(app, ["match", str(PROFILES / "exporter.json"), "--as-of", "2024/03/15"])
    assert res.exit_code == 2


def test_example_profiles_are_the_six():
    assert sorted(p.stem for p in PROFILES.glob("*.json")) == sorted(
        ["steel_maker", "small_textile", "new_entrant", "foreign_manufacturer", "software_internet", "exporter"]
    )


def test_in_force_total_comes_first_when_the_clauses_have_expired():
    """Issue 15, item 8: on a day when every clause has expired, the report leads with what can still be applied
    for (0元), then what the clauses give (355.6万元) and that it has expired — not the other way round."""
    r = match(load("steel_maker"), date(2026, 11, 30))
    html = render_html(r)
    first = html.index("2026年11月30日可以申请的确定金额（条款在有效期内）：0元")
    assert first < html.index("355.6万元") and "现在不能再申请" in html
    res = runner.invoke(app, ["match", str(PROFILES / "steel_maker.json"), "--as-of", "2026-11-30"])
    assert res.exit_code == 0
    out = res.output
    assert out.index("可以申请的确定金额") < out.index("355.6万元")


def test_in_force_day_says_only_one_total():
    html = render_html(match(load("steel_maker"), date(2024, 3, 15)))
    assert "2024年3月15日可以申请的确定金额（条款在有效期内）" in html and "现在不能再申请" not in html
