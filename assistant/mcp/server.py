"""The MCP server: calculators, clause search, 政策体检 and ask as tools; every clause as a resource.

Why a thin adapter: an agent on Dify, Cherry Studio or Claude Desktop must get the same figures and citations as the
REST API and the CLI, so each tool only validates its arguments, calls the existing core (``calculators.registry``,
the hybrid retriever, ``assistant.checkup.match``, ``Assistant.ask``) and turns anticipated failures into tool
errors naming the field. No policy logic lives here; figures come only from the calculators.

No ``from __future__ import annotations``: the SDK reads the tools' annotations at registration, and the document
keys are a ``Literal`` built from the corpus at run time (a third document needs no code change).
"""

import logging
from contextlib import asynccontextmanager
from datetime import date
from typing import Annotated, Any, Literal

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.server.mcpserver.prompts.base import UserMessage
from mcp.server.mcpserver.resources import TextResource
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field, ValidationError

from assistant import compose
from assistant.related import section as related_section
from assistant.checkup import EnterpriseProfile, match
from assistant.corpus import Corpus, load_corpus
from assistant.mcp.errors import calculator_input_error, invalid_arguments, validation_lines
from assistant.mcp.models import (
    URI_SCHEME,
    CalculationResult,
    CalculatorInfo,
    CalculatorList,
    CheckupResult,
    Clause,
    ClauseHits,
    resource_uri,
)
from assistant.models import Clause as CorpusClause
from assistant.schema import MAX_HISTORY_TURNS, MAX_QUESTION_CHARS, AskRequest, AskResponse
from assistant.web.clauses import clause_out
from assistant.web.deps import NotReady, Runtime
from calculators import registry

log = logging.getLogger("policy_assistant.mcp")

SERVER_NAME = "policy-assistant"
MAX_K = 20
#: Seconds a tool that needs the retriever waits for the index and model (first start may build the index).
DEFAULT_LOAD_TIMEOUT = 120.0

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

INSTRUCTIONS = """福州市长乐区产业扶持政策（{documents}）的条款检索、奖补计算和政策体检。
Cited clauses and deterministic award calculators for {count} 福州市长乐区 industrial-support policies.
- 金额、比例和是否符合条件只取自 run_calculator / check_up 的结果，不要自行估算（figures only from the calculators）。
- 按条款编号找计算器：list_calculators(clause="2024#9")；按 input_schema 各字段的中文 title 填写 inputs，再 run_calculator。
- 答复写明 文号 + 第N条 + 责任单位（clause_display / citation_display 与 responsible_units）及有效期说明（validity）。
- 条文原文：get_clause 或资源 policy://2024/9（文件全文 policy://2024）。"""

HOTLINE_PROMPT = """你是福州市长乐区产业政策热线的答复员。只依据本服务器工具（policy-assistant）返回的结果答复下面的来电问题。
1. 先找条款：search_clauses（按内容检索）或 get_clause（已知条款编号，如 2024#9）。
2. 涉及金额或是否符合条件：用 list_calculators(clause=条款编号) 找到计算器，按 input_schema 中各字段的中文 title 从来电内容填写 inputs，
   再调用 run_calculator；企业想了解能享受哪些政策时，用 check_up。缺少必填信息时向来电人询问该项，不要猜测或默认。
3. 金额、比例、上限只能来自 run_calculator / check_up 的结果，不得自行估算或心算。
4. 每个答复写明依据：文号 + 第N条（工具结果中的 clause_display / citation_display）+ 责任单位（responsible_units），并说明有效期（validity_note / validity.note）。
5. 引用条文时使用工具返回的原文（text，或 policy:// 资源），不改写其中的数字和条件。
6. 工具结果中没有的内容，答复“政策文件未作规定”，并建议联系责任单位。
来电日期：{as_of}
来电问题：{question}"""


def instructions() -> str:
    """The server instructions, naming every document of the corpus (from the document registry)."""
    from assistant.documents import registry

    reg = registry()
    return INSTRUCTIONS.format(documents="、".join(reg.wenhao(k) for k in reg.keys), count=len(reg.keys))


class PolicyServer(MCPServer):
    """``MCPServer`` whose argument errors are one line per field, and which refuses unknown argument names.

    Why: the SDK's own message for a schema violation is pydantic's multi-line report, and it silently drops an
    argument it does not know ("histroy"); an agent fixes a call faster from ``field: problem`` lines.
    """

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        schema = next((t.input_schema for t in await self.list_tools() if t.name == name), None)
        if schema is not None:
            known = list(schema.get("properties", {}))
            unknown = sorted(set(arguments) - set(known))
            if unknown:
                error = invalid_arguments([f"{u}: no such argument" for u in unknown],
                                          f"{name} takes: {', '.join(known)}")
                raise ToolError(f"Error executing tool {name}: {error}")
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            if isinstance(exc, UnexpectedToolError) or not isinstance(exc.__cause__, ValidationError):
                raise
            error = invalid_arguments(validation_lines(exc.__cause__))
            raise ToolError(f"Error executing tool {name}: {error}") from exc.__cause__


def _clause(corpus: Corpus, citation: str, day: date | None, **extra: Any) -> Clause:
    out = clause_out(corpus, citation, day, **extra)
    return Clause.model_validate({**out.model_dump(), "uri": resource_uri(out.id)})


def _id_hint(corpus: Corpus) -> str:
    docs = []
    for key, doc in corpus.documents.items():
        numbers = [c.number for c in doc.clauses]
        docs.append(f"{key}（{doc.meta.wenhao}，第{min(numbers)}–{max(numbers)}条）" if numbers else key)
    return "条款编号形如 2024#9（文件键#条号）/ clause ids look like 2024#9; documents: " + "；".join(docs)


def _citation(corpus: Corpus, value: str, field: str) -> str:
    """A clause id from ``2024#9``, ``2024-9``, ``2024 #9`` or ``policy://2024/9``; a tool error naming ``field``."""
    text = value.strip()
    if text.startswith(f"{URI_SCHEME}://"):
        text = text.removeprefix(f"{URI_SCHEME}://").replace("/", "#", 1)
    try:
        return corpus.get(text).id
    except KeyError:
        raise invalid_arguments([f"{field}: unknown clause id {value!r}"], _id_hint(corpus)) from None


def _calculator_info(corpus: Corpus, calc: registry.Calculator) -> CalculatorInfo:
    return CalculatorInfo(
        name=calc.name,
        clause=calc.citation,
        clauses=list(calc.citations),
        clause_display=corpus.get(calc.citation).display,
        title=calc.title,
        description=calc.description,
        no_figure=calc.no_figure,
        input_schema=calc.json_schema(),
    )


def _clause_text(corpus: Corpus, citation: str) -> str:
    """A clause as quotable plain text: heading, text as written (repaired), units, the document's period."""
    item = corpus.get(citation)
    meta = corpus.documents[item.doc_key].meta
    lines = [f"{item.display}（{item.id}）"]
    if isinstance(item, CorpusClause):
        lines.append(item.section)
    lines.append(item.text)
    lines.append("责任单位：" + ("、".join(item.responsible_units) or "（条文未列出）"))
    if isinstance(item, CorpusClause) and item.implementing_units:
        lines.append("全文件落实单位：" + "、".join(item.implementing_units))
    lines.append(f"文件有效期：{meta.effective_from:%Y-%m-%d}至{meta.expires:%Y-%m-%d}"
                 "（某日是否有效及条款自有执行期：get_clause 的 as_of）")
    return "\n".join(lines)


def _document_text(corpus: Corpus, key: str) -> str:
    doc = corpus.documents[key]
    meta = doc.meta
    head = [
        f"{meta.wenhao} {meta.title}",
        "发文单位：" + "、".join(meta.issuers),
        f"印发：{meta.issued:%Y-%m-%d}；有效期：{meta.effective_from:%Y-%m-%d}至{meta.expires:%Y-%m-%d}",
        f"条款：{len(doc.clauses)}条，资源 {URI_SCHEME}://{key}/1 … {URI_SCHEME}://{key}/{len(doc.clauses)}",
        "",
    ]
    return "\n".join(head) + doc.raw


def _add_resources(server: MCPServer, corpus: Corpus) -> None:
    for key, doc in corpus.documents.items():
        meta = doc.meta
        server.add_resource(TextResource(
            uri=resource_uri(key), name=key, title=f"{meta.wenhao} {meta.title}",
            description=f"文件全文 / full text of {meta.wenhao}", mime_type="text/plain",
            text=_document_text(corpus, key),
        ))
    for citation, item in corpus.items.items():
        server.add_resource(TextResource(
            uri=resource_uri(citation), name=citation, title=item.display,
            description=item.title or item.text[:40], mime_type="text/plain", text=_clause_text(corpus, citation),
        ))


def ask_result(response: AskResponse) -> CallToolResult:
    """The ask tool's result: the answer as a person reads it, then the related section (issue 18), as the first
    text block; the whole response as structured content (exactly POST /v1/ask's JSON) and, for clients that read
    only text, as JSON in a second block.

    Why a text block of its own: many clients hand a model only the text of a tool result, and the answer with its
    "根据您提供的情况，还可能适用：" section is what it should relay; the figures in it come from the same response."""
    text = "\n\n".join(part for part in (response.answer, related_section(response.related)) if part)
    data = response.model_dump(mode="json")
    return CallToolResult(
        content=[TextContent(type="text", text=text), TextContent(type="text", text=response.model_dump_json())],
        structured_content=data,
    )


def build_server(runtime: Runtime | None = None) -> PolicyServer:
    """The server over ``runtime`` (the web app passes its own, so the Assistant is loaded once per process)."""
    rt = runtime or Runtime(wait_seconds=DEFAULT_LOAD_TIMEOUT)
    corpus = load_corpus()
    DocKey = Literal[tuple(corpus.documents)]  # type: ignore[valid-type]  # noqa: N806  (a type)

    @asynccontextmanager
    async def lifespan(_server: MCPServer):
        rt.start()  # load the index and model in the background; tools that need them wait
        yield {}

    server = PolicyServer(SERVER_NAME, title="长乐区产业政策助手", instructions=instructions(), version="0.1.0",
                          lifespan=lifespan)

    def assistant() -> Any:
        try:
            return rt.assistant()
        except NotReady as e:
            raise ToolError(f"{e}（检索索引和模型加载中或加载失败 / the index and model are not ready）") from None

    AsOf = Annotated[  # noqa: N806  (a type)
        date | None,
        Field(description="判断有效期的日期 YYYY-MM-DD，默认今天 / date for the validity check, default today"),
    ]

    @server.tool(annotations=READ_ONLY, description=(
        "按内容检索政策条款，按相关度排序；返回条款编号（如 2022#14）、文号、第N条、标题、原文、责任单位和有效期。"
        "（Search the clauses by meaning and words; ranked clauses with id, 文号, 第N条, title, text, "
        "responsible units and validity.）"))
    def search_clauses(
        query: Annotated[str, Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                                    description="检索内容或问题 / words or a question")],
        k: Annotated[int, Field(ge=1, le=MAX_K, description="返回条数 / number of clauses")] = 5,
        doc: Annotated[DocKey | None, Field(description="只检索某个文件（文件键）/ limit to one document")] = None,
        as_of: AsOf = None,
    ) -> ClauseHits:
        if not query.strip():
            raise invalid_arguments(["query: is blank"])
        hits = assistant().retriever.search(query, k=k, doc=doc)
        day = as_of or compose.today()
        items = [_clause(rt.corpus(), h.citation, day, match="retriever", score=round(h.score, 4)) for h in hits]
        return ClauseHits(query=query, count=len(items), items=items)

    @server.tool(annotations=READ_ONLY, description=(
        "按条款编号取一条条款的原文、文号、第N条、责任单位，以及在 as_of 当日是否有效。"
        "（One clause by id — 2024#9, 2024-9 or policy://2024/9 — with its text, units and validity on as_of.）"))
    def get_clause(
        citation: Annotated[str, Field(min_length=1, max_length=100,
                                       description="条款编号，如 2024#9 / clause id, e.g. 2024#9")],
        as_of: AsOf = None,
    ) -> Clause:
        corpus = rt.corpus()
        return _clause(corpus, _citation(corpus, citation, "citation"), as_of or compose.today())

    @server.tool(annotations=READ_ONLY, description=(
        "列出奖补计算器：名称、条款编号、标题和输入的 JSON Schema（每个字段带中文 title，与计算器表单一致）。"
        "给出 clause（如 2024#9）只列该条款的计算器。（List the calculators with their clause id and input schema; "
        "give clause to get the calculator for one clause.）"))
    def list_calculators(
        clause: Annotated[str | None, Field(max_length=100,
                                            description="条款编号，如 2024#9 / clause id, e.g. 2024#9")] = None,
    ) -> CalculatorList:
        corpus = rt.corpus()
        calcs = registry.all()
        note = None
        if clause is not None:
            cid = _citation(corpus, clause, "clause")
            calcs = [c for c in calcs if cid in c.citations]
            if not calcs:
                note = (f"{corpus.get(cid).display} 没有计算器：条文没有可计算的金额或条件，请用 get_clause 引用原文。"
                        f"（no calculator for {cid}）")
        return CalculatorList(count=len(calcs), calculators=[_calculator_info(corpus, c) for c in calcs], note=note)

    @server.tool(annotations=READ_ONLY, description=(
        "运行一个奖补计算器：inputs 按 list_calculators 给出的 input_schema 填写。返回是否符合条件、金额（元；或上限/区间）、"
        "资金层级、每一步计算及其条文原文、口径说明、有效期、文号 + 第N条和责任单位。"
        "（Run one calculator; returns eligibility, amount in 元 or range/ceiling, funding levels, steps with the "
        "clause words, interpretation, validity, citation and responsible units.）"))
    def run_calculator(
        name: Annotated[str, Field(min_length=1, max_length=100,
                                   description="计算器名称（list_calculators 的 name）/ calculator name")],
        inputs: Annotated[dict[str, Any], Field(description="输入，键为 input_schema 的字段名 / the inputs")],
        as_of: AsOf = None,
    ) -> CalculationResult:
        try:
            calc = registry.get(name)
        except registry.UnknownCalculatorError as e:
            raise invalid_arguments([f"name: {e}"], "list_calculators gives every name; "
                                    "filter by clause, e.g. list_calculators(clause='2024#9').") from None
        try:
            result = registry.run(calc.name, inputs, as_of or compose.today())
        except registry.CalculatorInputError as e:
            raise calculator_input_error(e) from None
        units = list(rt.corpus().get(calc.citation).responsible_units)
        return CalculationResult.model_validate({**result.model_dump(), "responsible_units": units})

    @server.tool(annotations=READ_ONLY, description=(
        "政策体检：按企业画像逐条判断可享受的奖补，列出适用（含金额）、可能适用（需补充的信息）和不适用的条款，以及合计和联系单位。"
        "画像各字段均可不填，不填表示未知。（Policy check-up: match an enterprise profile against every calculator.）"))
    def check_up(
        profile: Annotated[EnterpriseProfile, Field(description="企业画像 / the enterprise profile")],
        as_of: AsOf = None,
    ) -> CheckupResult:
        report = match(profile, as_of or compose.today())
        return CheckupResult.model_validate(
            {**report.model_dump(exclude={"profile"}), "profile": report.profile.model_dump(mode="json")})

    @server.tool(annotations=READ_ONLY, description=(
        "向政策助手提问（与 POST /v1/ask 相同）：返回带 文号 + 第N条 + 责任单位 的答复、计算结果和有效期说明；"
        "计算或资格答复后附“根据您提供的情况，还可能适用”（related）。"
        "history 为此前的用户问题（由早到晚）。（Ask the assistant; the same answer as POST /v1/ask.）"))
    def ask(
        question: Annotated[str, Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                                       description="问题 / the question")],
        history: Annotated[list[str] | None, Field(max_length=MAX_HISTORY_TURNS,
                                                   description="此前的用户问题，由早到晚 / earlier user turns")] = None,
        as_of: AsOf = None,
    ) -> Annotated[CallToolResult, AskResponse]:
        try:
            request = AskRequest(question=question, history=history or [], as_of=as_of)
        except ValidationError as e:
            raise invalid_arguments(validation_lines(e)) from None
        return ask_result(assistant().ask(request))

    @server.prompt(name="hotline_reply", title="热线答复", description=(
        "热线答复：只依据本服务器工具的结果作答，并写明 文号 + 第N条 + 责任单位。"
        "（Answer a hotline call only from these tools' results, citing 文号 + 第N条 + 责任单位.）"))
    def hotline_reply(
        question: Annotated[str, Field(description="来电问题 / the caller's question")],
        as_of: Annotated[str, Field(description="来电日期 YYYY-MM-DD，默认今天 / date of the call")] = "",
    ) -> list[UserMessage]:
        return [UserMessage(HOTLINE_PROMPT.format(question=question.strip(), as_of=as_of.strip() or "今天"))]

    _add_resources(server, corpus)
    return server
