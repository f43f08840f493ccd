"""Command-line output fit for a terminal and a pipe (issue 15, item 11). CliRunner's output is not a terminal,
so these see what a pipe or a file gets: no route reason unless asked, no hard wrapping, citations whole, JSON."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from assistant.schema import AskResponse

runner = CliRunner()
PROFILES = Path(__file__).resolve().parents[1] / "examples" / "profiles"


class _Assistant:
    def ask(self, request):
        return AskResponse(intent="validity", answer="长政办规〔2024〕1号 已于2024年3月31日到期。",
                           citations=[], route_reason="validity cue '还有效吗'")


def test_ask_prints_the_answer_first_and_the_route_only_with_verbose(monkeypatch):
    from assistant import service

    monkeypatch.setattr(service.Assistant, "open", classmethod(lambda cls: _Assistant()))
    res = runner.invoke(app, ["ask", "开门红方案还有效吗"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].startswith("长政办规〔2024〕1号") and "intent" not in res.output
    res = runner.invoke(app, ["ask", "--verbose", "开门红方案还有效吗"])
    assert res.exit_code == 0 and "validity cue" in res.output


def test_corpus_show_is_not_hard_wrapped_in_a_pipe():
    res = runner.invoke(app, ["corpus", "show", "2022#4", "--as-of", "2022-06-15"])
    assert res.exit_code == 0
    text_line = next(line for line in res.output.splitlines() if line.startswith("优化电力调度保障"))
    assert text_line.endswith("（责任单位：区工信局、供电公司）")  # the whole clause on one line
    assert "[bold]" not in res.output


def test_match_table_writes_citations_whole_in_a_pipe():
    res = runner.invoke(app, ["match", str(PROFILES / "steel_maker.json"), "--as-of", "2024-03-15"])
    assert res.exit_code == 0, res.output
    assert "长发改综〔2022〕51号 第15条" in res.output and "长政办规〔2024〕1号 第9条" in res.output
    assert "…" not in res.output
    header = next(line for line in res.output.splitlines() if line.startswith("条款\t"))
    assert header.split("\t") == ["条款", "事项", "金额", "资金层级", "责任单位"]


def test_lists_are_tab_separated_with_whole_citations():
    res = runner.invoke(app, ["corpus", "list", "--doc", "2024"])
    assert res.exit_code == 0
    assert "2024#9\t长政办规〔2024〕1号 第9条\t" in res.output
    res = runner.invoke(app, ["calc", "list"])
    assert res.exit_code == 0 and "spring_festival_electricity_2024_9\t2024#9\t长政办规〔2024〕1号 第9条\t" in res.output


def test_json_everywhere():
    for args in (["corpus", "list", "--json"], ["calc", "list", "--json"], ["corpus", "show", "2024#9", "--json"],
                 ["match", str(PROFILES / "steel_maker.json"), "--json", "--as-of", "2024-03-15"]):
        res = runner.invoke(app, args)
        assert res.exit_code == 0, args
        json.loads(res.output)
    calcs = json.loads(runner.invoke(app, ["calc", "list", "--json"]).output)
    spring = next(c for c in calcs if c["name"] == "spring_festival_electricity_2024_9")
    assert spring["citation_display"] == "长政办规〔2024〕1号 第9条"


def test_module_consoles_never_wrap_in_a_pipe(capsys):
    """assistant.cli / evals.cli print through LazyConsole: a long message to a pipe stays one line."""
    from assistant import cli as assistant_cli
    from evals import cli as evals_cli

    long = "x" * 150 + " /tmp/" + "y" * 60
    assistant_cli.console.print(long, markup=False)
    evals_cli.err.print(long, markup=False)
    out, err = capsys.readouterr()
    assert out.strip() == long and err.strip() == long
