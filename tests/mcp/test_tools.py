"""Every tool, resource and the prompt through the SDK's own client, over stdio and over the web app's /mcp.

Figures, citations and validity are checked against the clause (2024 第9条: 规上工业企业, 90万千瓦时 in February
2024, 市级 6万 → 区级 3万元) and against the core called directly in this process: the server must be a thin adapter,
so what an agent gets equals what the calculators and the 政策体检 engine give.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from calculators import registry

pytestmark = [pytest.mark.model, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[2]
SPRING = "spring_festival_electricity_2024_9"
SPRING_INPUTS = {"is_above_scale_industrial": True, "electricity_feb_2024_kwh": 900000, "municipal_award_yuan": 60000}
ASK_2024_9 = "长政办规〔2024〕1号第9条：我们是规上工业企业，2024年2月用电90万千瓦时，市级奖励6万元，区级配套奖励多少？"
CJK = re.compile(r"[\u4e00-\u9fff]")
TOOLS = {"search_clauses", "get_clause", "list_calculators", "run_calculator", "check_up", "ask"}


def tool_by_params(tools: list[Any], *params: str) -> Any:
    """The one tool whose input schema has exactly these parameters among its properties (a client's view)."""
    found = [t for t in tools if set(params) <= set(t.input_schema.get("properties", {}))]
    assert len(found) == 1, f"{len(found)} tools take {params}"
    return found[0]


def fill_from_titles(schema: dict[str, Any], facts: dict[str, Any]) -> dict[str, Any]:
    """Inputs filled the way an agent would: each fact goes to the field whose Chinese title mentions it."""
    out = {}
    for field, prop in schema["properties"].items():
        title = prop.get("title", "")
        matches = [v for words, v in facts.items() if all(w in title for w in words.split())]
        if matches:
            out[field] = matches[0]
    missing = set(schema.get("required", [])) - set(out)
    assert not missing, f"no fact fits the titles of required fields {missing}"
    return out


# ---- discovery -------------------------------------------------------------------------------------------------------
def test_tools_listed_with_chinese_descriptions_and_schemas(mcp):
    tools = mcp.list_tools().tools
    assert {t.name for t in tools} == TOOLS
    for t in tools:
        assert CJK.search(t.description) and re.search(r"[（(][A-Za-z]", t.description), t.name
        assert t.input_schema["type"] == "object" and t.output_schema, t.name
        assert t.annotations.read_only_hint is True
    by_name = {t.name: t for t in tools}
    assert by_name["run_calculator"].input_schema["required"] == ["name", "inputs"]
    profile = by_name["check_up"].input_schema["$defs"]["EnterpriseProfile"]["properties"]
    assert profile["electricity_feb_2024_kwh"]["title"] == "2024年2月1日至2月29日用电量（千瓦时）"


def test_agent_finds_runs_and_cites_the_calculator_of_a_clause(mcp):
    """Only the tool list to go on: find the calculator for 2024#9, fill its inputs from the titles, run it."""
    tools = mcp.list_tools().tools
    lister = tool_by_params(tools, "clause")
    runner = tool_by_params(tools, "name", "inputs")
    listing = mcp.ok(lister.name, {"clause": "2024#9"})
    assert listing["count"] == 1
    calc = listing["calculators"][0]
    assert calc["clause"] == "2024#9" and calc["clause_display"] == "长政办规〔2024〕1号 第9条"
    inputs = fill_from_titles(calc["input_schema"], {"规上 工业": True, "2月 用电量": 900000, "市级": 60000})
    assert inputs == SPRING_INPUTS
    result = mcp.ok(runner.name, {"name": calc["name"], "inputs": inputs, "as_of": "2024-03-10"})
    assert result["eligible"] is True and result["amount_yuan"] == 30000
    assert result["funding_levels"] == ["区级"]
    assert result["citation"] == "2024#9" and result["citation_display"] == "长政办规〔2024〕1号 第9条"
    assert result["responsible_units"] == ["区工信局", "区财政局", "区供电公司"]
    assert result["in_force"] is True and "2024-02-08至2024-03-31" in result["validity_note"]
    assert "考核期" in result["validity_note"]  # February 2024 is the qualifying period, not the validity
    words = " ".join(s["clause_words"] for s in result["steps"])
    assert "区财政给予50%的配套奖励" in words and "50万千瓦时（含）以上" in words


def test_run_calculator_reports_expiry_and_edges(mcp):
    late = mcp.ok("run_calculator", {"name": SPRING, "inputs": SPRING_INPUTS, "as_of": "2025-01-01"})
    assert late["amount_yuan"] == 30000 and late["in_force"] is False and "已失效" in late["validity_note"]
    small = mcp.ok("run_calculator", {"name": SPRING, "as_of": "2024-03-10",
                                      "inputs": {**SPRING_INPUTS, "municipal_award_yuan": 20000}})
    assert small["eligible"] is False and small["amount_yuan"] == 0  # 1万 is "1万元以下": not paid
    capped = mcp.ok("run_calculator", {"name": SPRING, "inputs": {**SPRING_INPUTS, "municipal_award_yuan": 400000}})
    assert capped["amount_yuan"] == 150000 and capped["as_of"] == date.today().isoformat()


def test_list_calculators_gives_every_schema_with_chinese_titles(mcp):
    listing = mcp.ok("list_calculators")
    names = [c["name"] for c in listing["calculators"]]
    assert listing["count"] == len(names) == len(registry.all()) and set(names) == {c.name for c in registry.all()}
    for c in listing["calculators"]:
        props = c["input_schema"]["properties"]
        assert props and all(CJK.search(p.get("title", "")) for p in props.values()), c["name"]
        assert set(c["input_schema"].get("required", [])) <= set(props)
        assert c["clause"] in c["clauses"] and c["clause_display"].endswith("条")
    none = mcp.ok("list_calculators", {"clause": "2024#1"})  # the plan's aims: no figure to compute
    assert none["count"] == 0 and "没有计算器" in none["note"]


def _schema_value(prop: dict[str, Any], defs: dict[str, Any]) -> Any:
    """A plausible value from the schema alone (first enum value, yes, a round figure, a 2024 date)."""
    if "$ref" in prop:
        prop = defs[prop["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in prop:
        return _schema_value(next(a for a in prop["anyOf"] if a.get("type") != "null"), defs)
    if "enum" in prop:
        return prop["enum"][0]
    kind = prop.get("type")
    if kind == "boolean":
        return True
    if kind == "integer":
        return max(prop.get("minimum", 0), 1_000_000)
    if kind == "number":
        return 10
    if kind == "string":
        return "2024-03-01" if prop.get("format") == "date" else "是"
    raise AssertionError(f"no value for {prop}")


def _valid_payload(calc: registry.Calculator) -> dict[str, Any]:
    """Every field filled from the schema; optional fields an error names are dropped until the inputs agree."""
    schema = calc.json_schema()
    required = set(schema.get("required", []))
    payload = {k: _schema_value(p, schema.get("$defs", {})) for k, p in schema["properties"].items()}
    for _ in range(len(payload) + 1):
        try:
            registry.run(calc.name, payload)
            return payload
        except registry.CalculatorInputError as e:
            named = [f for f, _ in e.errors if f in payload and f not in required]
            assert named, f"{calc.name}: no valid payload from the schema: {e}"
            payload.pop(named[0])
    raise AssertionError(calc.name)


def test_every_calculator_runs_through_run_calculator_as_in_the_core(mcp):
    day = date(2024, 3, 15)
    for calc in registry.all():
        payload = _valid_payload(calc)
        got = mcp.ok("run_calculator", {"name": calc.name, "inputs": payload, "as_of": day.isoformat()})
        expected = registry.run(calc.name, payload, day).model_dump(mode="json")
        assert {k: v for k, v in got.items() if k != "responsible_units"} == expected, calc.name
        assert got["citation"] == calc.citation


# ---- clauses ---------------------------------------------------------------------------------------------------------
def test_search_clauses_ranks_cites_and_dates(mcp):
    hits = mcp.ok("search_clauses", {"query": "春节期间企业连续生产的用电奖励", "k": 3, "as_of": "2024-03-10"})
    assert hits["count"] == len(hits["items"]) == 3
    top = hits["items"][0]
    assert (top["id"], top["doc"], top["clause"]) == ("2024#9", "长政办规〔2024〕1号", 9)
    assert top["title"] == "实施春节期间企业用电奖励" and "50万千瓦时（含）以上" in top["text"]
    assert top["responsible_units"] == ["区工信局", "区财政局", "区供电公司"]
    assert top["validity"]["in_force"] is True and top["validity"]["as_of"] == "2024-03-10"
    assert top["uri"] == "policy://2024/9"
    only_2022 = mcp.ok("search_clauses", {"query": "用电奖励", "doc": "2022", "k": 5})
    assert only_2022["items"] and {i["doc_key"] for i in only_2022["items"]} == {"2022"}


def test_get_clause_by_any_id_form_with_validity(mcp):
    for form in ("2024#9", "2024-9", "policy://2024/9"):
        clause = mcp.ok("get_clause", {"citation": form, "as_of": "2024-03-10"})
        assert clause["id"] == "2024#9" and clause["display"] == "长政办规〔2024〕1号 第9条"
        assert clause["validity"]["in_force"] is True
    old = mcp.ok("get_clause", {"citation": "2022#14", "as_of": "2025-06-01"})
    assert old["doc"] == "长发改综〔2022〕51号" and old["validity"]["in_force"] is False
    assert "已失效" in old["validity"]["note"]
    today = mcp.ok("get_clause", {"citation": "2022#14"})
    assert today["validity"]["as_of"] == date.today().isoformat()


# ---- 政策体检 and ask -------------------------------------------------------------------------------------------------
def test_check_up_equals_the_engine(mcp):
    from assistant.checkup import EnterpriseProfile, match

    profile = json.loads((ROOT / "examples/profiles/steel_maker.json").read_text(encoding="utf-8"))
    report = mcp.ok("check_up", {"profile": profile, "as_of": "2024-03-15"})
    expected = match(EnterpriseProfile.model_validate(profile), date(2024, 3, 15)).model_dump(mode="json")
    assert report == expected
    spring = next(i for i in report["applicable"] if i["citation"] == "2024#9")
    assert spring["amount_yuan"] == 150000 and spring["citation_display"] == "长政办规〔2024〕1号 第9条"
    assert spring["in_force"] is True and "区工信局" in spring["responsible_units"]


def test_ask_cites_2024_9_and_computes_the_figure(mcp):
    body = {"question": ASK_2024_9, "as_of": "2024-03-10"}
    answer = mcp.ok("ask", body)
    assert answer["citations"][0]["id"] == "2024#9"
    assert answer["calculation"]["amount_yuan"] == 30000
    if mcp.base_url:  # the same answer as POST /v1/ask of the same app
        assert httpx.post(f"{mcp.base_url}/v1/ask", json=body, timeout=60).json() == answer


# ---- malformed arguments ---------------------------------------------------------------------------------------------
BAD = [
    ("search_clauses", {"query": "   "}, ["query"]),
    ("search_clauses", {"query": "用电", "k": 0}, ["k"]),
    ("search_clauses", {"query": "用电", "doc": "2023"}, ["doc"]),
    ("search_clauses", {"query": "用电", "as_of": "昨天"}, ["as_of"]),
    ("search_clauses", {"qurey": "用电"}, ["qurey", "query"]),
    ("get_clause", {"citation": "2024#99"}, ["citation"]),
    ("get_clause", {}, ["citation"]),
    ("list_calculators", {"clause": "2030#1"}, ["clause"]),
    ("list_calculators", {"clause": ["2024#9"]}, ["clause"]),
    ("run_calculator", {"name": "spring_festival", "inputs": {}}, ["name", SPRING]),
    ("run_calculator", {"name": SPRING, "inputs": {"electricity_feb_2024_kwh": "很多"}},
     ["inputs.electricity_feb_2024_kwh", "inputs.is_above_scale_industrial"]),
    ("run_calculator", {"name": SPRING, "inputs": {**SPRING_INPUTS, "municipal_award_yuan": -1}},
     ["inputs.municipal_award_yuan"]),
    ("run_calculator", {"name": SPRING, "inputs": {**SPRING_INPUTS, "kwh": 1}}, ["inputs.kwh"]),
    ("run_calculator", {"name": SPRING, "inputs": [900000]}, ["inputs"]),
    ("run_calculator", {"name": SPRING}, ["inputs"]),
    ("check_up", {"profile": {"employees": -3}}, ["profile.employees"]),
    ("check_up", {"profile": {"scale": "规下", "above_scale_entry_kind": "规下转规上"}},
     ["profile.scale", "profile.above_scale_entry_kind"]),
    ("check_up", {"profile": {"revenue": 1}}, ["profile.revenue"]),
    ("check_up", {"profile": {}, "as_of": "2024-13-01"}, ["as_of"]),
    ("ask", {"question": ""}, ["question"]),
    ("ask", {"question": "x" * 2001}, ["question"]),
    ("ask", {"question": "春节用电奖励", "history": "上一问"}, ["history"]),
    ("ask", {"question": "春节用电奖励", "history": [""] * 21}, ["history"]),
]


@pytest.mark.parametrize(("tool", "arguments", "fields"), BAD, ids=[f"{t}-{i}" for i, (t, _, _) in enumerate(BAD)])
def test_malformed_arguments_are_tool_errors_naming_the_field(mcp, tool, arguments, fields):
    result = mcp.call(tool, arguments)
    assert result.is_error, f"{tool}{arguments} was accepted"
    text = result.content[0].text
    assert text.startswith(f"Error executing tool {tool}: invalid arguments:"), text
    for field in fields:
        assert field in text, f"{field!r} not named in: {text}"
    assert "Traceback" not in text and "errors.pydantic.dev" not in text and len(text) < 2000


def test_every_tool_has_a_malformed_case():
    assert {tool for tool, _, _ in BAD} == TOOLS


# ---- resources and prompt --------------------------------------------------------------------------------------------
def test_every_document_and_clause_is_a_resource(mcp):
    from assistant.corpus import load_corpus

    corpus = load_corpus()
    uris = {str(r.uri) for r in mcp.list_resources().resources}
    assert {"policy://2022", "policy://2024", "policy://2024/9", "policy://2022/funding-rule"} <= uris
    assert len(uris) == len(corpus.items) + len(corpus.documents)
    text = mcp.read_resource("policy://2024/9").contents[0].text
    assert text.startswith("长政办规〔2024〕1号 第9条") and corpus.get("2024#9").text in text
    assert "责任单位：区工信局、区财政局、区供电公司" in text
    whole = mcp.read_resource("policy://2024").contents[0].text
    assert whole.startswith("长政办规〔2024〕1号") and corpus.documents["2024"].raw in whole


def test_hotline_prompt_binds_the_model_to_the_tools(mcp):
    prompt = next(p for p in mcp.list_prompts().prompts if p.title == "热线答复")
    assert [a.name for a in prompt.arguments] == ["question", "as_of"]
    text = mcp.get_prompt(prompt.name, {"question": "春节用电奖励找哪个部门？", "as_of": "2024-03-10"}).messages[0].content.text
    assert "文号 + 第N条" in text and "责任单位" in text and "不得自行估算" in text
    assert "春节用电奖励找哪个部门？" in text and "2024-03-10" in text
    for tool in TOOLS - {"ask"}:
        assert tool in text
