"""`policy-assistant chat` (issue 18): a terminal conversation that keeps the session's turns as history and shows the
related section after an answer; with stdin not a terminal it reads one question per line, so it works in a pipe.

The two-turn conversation, worked by hand from 长政办规〔2024〕1号: turn 1 gives 规上工业, 90万千瓦时 in February
2024 and a 市级 award of 6万 (第9条: 50% × 6万 = 3万元 ≤ 15万, > 1万). Turn 2 asks only about Q1 growth (第8条), so
the 3万元 of 第9条 can appear under it only from turn 1's facts — the history the chat kept. After /new they are
gone and the same question lists nothing.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import chat_cli
from assistant.related import HEADING
from assistant.schema import MAX_HISTORY_TURNS, MAX_QUESTION_CHARS, AskResponse

ROOT = Path(__file__).resolve().parents[1]
FIRST = "我们是规上工业企业，春节用了九十万度电，市里奖了六万，区里配多少？"
SECOND = "另外我们一季度产值涨了20%，用电涨了10%，这个有奖励吗？"
SPRING_RELATED = "1. 长政办规〔2024〕1号 第9条（春节期间企业用电区级配套奖励）：按所述可获3万元"


def command() -> list[str]:
    here = Path(sys.executable).parent / "policy-assistant"
    return [str(here)] if here.exists() else [sys.executable, "-m", "assistant.cli"]


@pytest.mark.model
def test_piped_chat_keeps_the_first_turns_facts_for_the_second(tmp_path, seed_index):
    from support.index_seed import copy_index

    stdin = "\n".join([FIRST, SECOND, "/new", SECOND, "/quit", FIRST]) + "\n"
    index_dir = copy_index(seed_index, tmp_path / "index")  # a private copy of the run's built index
    env = {**os.environ, "POLICY_ASSISTANT_INDEX_DIR": str(index_dir), "NO_COLOR": "1"}
    done = subprocess.run([*command(), "chat", "--as-of", "2024-03-01"], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    turns = out.split("问：")[1:]
    assert [t.splitlines()[0] for t in turns] == [FIRST, SECOND, SECOND]  # nothing after /quit is asked
    first, second, fresh = turns
    assert "可获3万元" in first.splitlines()[1] and HEADING not in first  # nothing else touched by turn 1 alone
    answer, _, related = second.partition(HEADING)
    assert "长政办规〔2024〕1号 第8条" in answer and "可获3万元" not in answer
    assert related.strip().splitlines()[0] == SPRING_RELATED  # 第9条's 3万元 from turn 1's figures
    assert "（已开始新的对话）" in second
    assert HEADING not in fresh and "第9条" not in fresh  # after /new turn 1 is forgotten
    assert "\x1b[" not in out  # a pipe gets plain text


class _Recorder:
    """Records each request; answers with the question (no model needed)."""

    def __init__(self):
        self.requests = []

    def ask(self, request):
        self.requests.append(request)
        return AskResponse(intent="clause_lookup", answer=f"答：{request.question}", citations=[])


def test_history_is_the_sessions_earlier_turns_and_new_clears_it(capsys):
    rec = _Recorder()
    lines = ["第一问", "", "第二问", "/new", "第三问", "/bogus", "问" * (MAX_QUESTION_CHARS + 1), "第四问"]
    assert chat_cli.run(lambda: rec, None, io.StringIO("\n".join(lines) + "\n")) == 0
    assert [(r.question, r.history) for r in rec.requests] == [
        ("第一问", []), ("第二问", ["第一问"]), ("第三问", []), ("第四问", ["第三问"])]
    out = capsys.readouterr().out
    assert "不认识的命令 /bogus" in out and f"{MAX_QUESTION_CHARS} 字以内" in out and "答：第四问" in out


def test_history_is_capped_and_eof_ends(capsys):
    rec = _Recorder()
    questions = [f"问题{i}" for i in range(MAX_HISTORY_TURNS + 3)]
    assert chat_cli.run(lambda: rec, None, io.StringIO("\n".join(questions))) == 0  # no final newline: EOF ends
    assert len(rec.requests) == len(questions)
    assert rec.requests[-1].history == questions[-1 - MAX_HISTORY_TURNS:-1]


def test_a_configuration_problem_is_said_before_any_question():
    import typer

    def broken():
        raise typer.Exit(2)

    stdin = io.StringIO("第一问\n")
    with pytest.raises(typer.Exit):
        chat_cli.run(broken, None, stdin)
    assert stdin.read() == "第一问\n"  # nothing was read before the assistant opened
