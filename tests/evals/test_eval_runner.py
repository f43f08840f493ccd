"""The runner and the report files, with a fake assistant and a fake retriever as test doubles."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from eval_helpers import calc, cite, gold, resp
from typer.testing import CliRunner

import evals.runner as runner_mod
from assistant.schema import AskRequest
from evals.cli import eval_app
from evals.report import render_markdown, write_report
from evals.runner import baseline_query, evaluate, run_assistant, run_baseline
from evals.thresholds import Thresholds

UNITS = ["区工信局", "区财政局", "区供电公司"]


class FakeAssistant:
    """Answers from a table by case id; raises for ids in `broken`; records every request."""

    def __init__(self, answers, broken=()):
        self.answers = answers
        self.broken = set(broken)
        self.requests: list[AskRequest] = []

    def ask(self, request: AskRequest):
        self.requests.append(request)
        if request.id in self.broken:
            raise RuntimeError("calculator exploded")
        return self.answers[request.id]


class FakeRetriever:
    def __init__(self, results):
        self.results = results  # mode -> query -> ids
        self.calls: list[tuple[str, int, str]] = []

    def search(self, query, k=3, mode="hybrid"):
        self.calls.append((query, k, mode))
        return [SimpleNamespace(citation=c, score=1.0) for c in self.results[mode][query]][:k]


class Clock:
    """Each call advances 5 ms, so every timed ask takes 5 ms."""

    def __init__(self):
        self.t = 0.0

    def __call__(self):
        self.t += 0.005
        return self.t


def dataset():
    return [
        gold("look", category="lookup", expected_units=UNITS),
        gold("calc", category="calc", expected_intent="calculation", expected_amount_yuan=50000,
             history=["我们是规上工业企业"], question="春节用电60万度，市里给了10万，区里给多少？"),
        gold("oos", category="oos", expected_intent="out_of_scope", expected_citations=[], question="写首诗"),
        gold("boom", category="calc", expected_intent="calculation", expected_amount_yuan=20000,
             question="产值5亿、增加值率23%能拿多少？"),
    ]


def answers():
    return {
        "look": resp(citations=[cite("2024#9", UNITS)]),
        "calc": resp("calculation", [cite("2024#9", UNITS)], calc(amount=60000)),  # wrong: 50000 expected
        "oos": resp("out_of_scope"),
    }


def test_runner_asks_each_case_with_history_and_scores_it():
    fake = FakeAssistant(answers(), broken={"boom"})
    scores = run_assistant(dataset(), fake, warmup=1, clock=Clock())
    # one warm-up ask of the first case, then the four cases in order
    assert [r.id for r in fake.requests] == ["look", "look", "calc", "oos", "boom"]
    assert fake.requests[2].history == ["我们是规上工业企业"]
    by = {s.id: s for s in scores}
    assert by["look"].failures == [] and by["look"].latency_ms == pytest.approx(5.0)
    assert by["calc"].amount_exact_match == 0.0 and by["calc"].failures == ["amount_exact_match"]
    assert by["oos"].abstained
    assert by["boom"].error == "RuntimeError: calculator exploded" and by["boom"].amount_exact_match == 0.0


def test_evaluate_with_baselines_and_report_files(tmp_path):
    cases = dataset()
    q_look, q_calc, q_boom = baseline_query(cases[0]), baseline_query(cases[1]), baseline_query(cases[3])
    assert q_calc == "我们是规上工业企业 春节用电60万度，市里给了10万，区里给多少？"
    assert len({q_look, q_calc, q_boom}) == 3
    retriever = FakeRetriever({
        # dense: right at rank 1 twice (duplicate hit of one clause collapses), wrong once
        "dense": {q_look: ["2024#9", "2024#9", "2024#8"], q_calc: ["2024#9", "2024#8", "2024#7"],
                  q_boom: ["2022#1", "2022#2", "2022#3"]},
        # bm25: gold only at rank 2 for the first, never elsewhere
        "bm25": {q_look: ["2024#8", "2024#9", "2024#7"], q_calc: ["2022#1", "2022#2", "2022#3"],
                 q_boom: ["2022#1", "2022#2", "2022#3"]},
    })
    report = evaluate(
        cases, FakeAssistant(answers(), broken={"boom"}), dataset="fake.jsonl", retriever=retriever,
        thresholds=Thresholds(min={"amount_exact_match": 1.0, "citation_hit_at_1": 0.5}), clock=Clock(),
    )
    # baselines skip the out-of-scope case and pass k=3 and the mode
    assert {c[2] for c in retriever.calls} == {"dense", "bm25"} and {c[1] for c in retriever.calls} == {3}
    assert len(retriever.calls) == 6
    by = {b.name: b for b in report.baselines}
    assert set(by) == {"system", "dense-only", "bm25-only"}
    d, b, s = by["dense-only"].overall, by["bm25-only"].overall, by["system"].overall
    assert d.n_cases == 3
    assert d.citation_hit_at_1 == pytest.approx(2 / 3)
    assert d.citation_precision == pytest.approx((1 / 2 + 1 / 3 + 0) / 3)  # look: [9, 8]; calc: [9, 8, 7]
    assert (b.citation_hit_at_1, b.citation_recall_at_3) == (0.0, pytest.approx(1 / 3))
    assert s.citation_hit_at_1 == pytest.approx(2 / 3)  # boom raised: no citation
    # amounts: calc wrong, boom errored -> 0 of 2; the gate fails on it, hit@1 (0.667 over 3 cases) passes
    assert report.overall.amount_exact_match == 0.0
    assert [(t.metric, t.status) for t in report.thresholds] == [("amount_exact_match", "fail"),
                                                                 ("citation_hit_at_1", "pass")]
    assert report.overall.abstention_recall == 1.0 and report.overall.abstention_precision == 1.0

    paths = write_report(report, tmp_path / "out")
    assert {p.name for p in paths.values()} == {"report.json", "report.md", "scores.png"}
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["n_cases"] == 4 and len(data["cases"]) == 4
    assert data["per_category"]["calc"]["amount_exact_match"] == 0.0
    assert data["per_category"]["lookup"]["amount_exact_match"] is None  # not applicable stays null
    png = paths["png"].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    import matplotlib.image as mpimg

    img = mpimg.imread(paths["png"])
    assert img.ndim == 3 and img.shape[0] > 100 and img.shape[1] > 100
    md = paths["md"].read_text(encoding="utf-8")
    assert md == render_markdown(report)
    for needle in ("## Overall", "## Per category", "## Citation baselines", "## Failures (2 of 4 cases)",
                   "| calc | calc |", "| boom | calc |", "dense-only", "amount_exact_match"):
        assert needle in md, needle
    assert "| look |" not in md  # a case without failures is not listed


def test_retriever_unavailable_is_reported_not_fatal():
    report = evaluate(dataset()[:1], FakeAssistant(answers()), retriever_error="retriever unavailable: boom")
    by = {b.name: b for b in report.baselines}
    assert by["dense-only"].overall is None and by["dense-only"].error == "retriever unavailable: boom"
    assert by["system"].overall.citation_hit_at_1 == 1.0


def test_run_baseline_on_cases_with_citations_only():
    cases = [gold("a"), gold("o", expected_intent="out_of_scope", expected_citations=[])]
    r = FakeRetriever({"bm25": {baseline_query(cases[0]): ["2024#9", "2024#8", "2024#7"]}})
    res = run_baseline(cases, r, "bm25")
    assert [c.id for c in res.cases] == ["a"]
    assert res.overall.citation_precision == pytest.approx(1 / 3)


def test_cli_run_exits_nonzero_listing_metrics_below_threshold(tmp_path, monkeypatch):
    lines = [c.model_dump(mode="json") for c in dataset()]
    f = tmp_path / "gold.jsonl"
    f.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(runner_mod, "open_assistant", lambda: FakeAssistant(answers(), broken={"boom"}))
    out = tmp_path / "rep"
    result = CliRunner().invoke(eval_app, ["run", "--dataset", str(f), "--report", str(out), "--no-baselines"])
    assert result.exit_code == 1, result.output
    assert "amount_exact_match = 0.0000 (needs >= 1)" in result.output
    assert "citation_hit_at_1 = 0.6667 (needs >= 0.95)" in result.output
    assert "eligibility_accuracy: no applicable cases" in result.output
    assert (out / "report.json").exists() and (out / "scores.png").exists()

    # all-correct answers and --allow-missing: exit 0
    good = answers()
    good["calc"] = resp("calculation", [cite("2024#9", UNITS)], calc(amount=50000))
    good["boom"] = resp("calculation", [cite("2024#9", UNITS)], calc(amount=20000))
    monkeypatch.setattr(runner_mod, "open_assistant", lambda: FakeAssistant(good))
    result = CliRunner().invoke(
        eval_app, ["run", "--dataset", str(f), "--report", str(out), "--no-baselines", "--allow-missing"]
    )
    assert result.exit_code == 0, result.output
    assert "all thresholds met" in result.output

    # --limit takes the first N cases
    result = CliRunner().invoke(
        eval_app, ["run", "--dataset", str(f), "--report", str(out), "--no-baselines", "--allow-missing",
                   "--limit", "1"]
    )
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["n_cases"] == 1


def test_cli_run_exits_2_when_the_assistant_cannot_open(tmp_path, monkeypatch):
    f = tmp_path / "gold.jsonl"
    f.write_text(json.dumps(dataset()[0].model_dump(mode="json"), ensure_ascii=False) + "\n", encoding="utf-8")

    def broken():
        raise FileNotFoundError("no index")

    monkeypatch.setattr(runner_mod, "open_assistant", broken)
    result = CliRunner().invoke(eval_app, ["run", "--dataset", str(f), "--report", str(tmp_path / "r")])
    assert result.exit_code == 2
    assert "cannot open the assistant: FileNotFoundError: no index" in result.output
