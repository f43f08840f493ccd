"""FastAPI adapter: HTTP in, the assistant/corpus/calculator core out. No policy logic lives here.

Why thin: the CLI, the evaluation suites and this API must give the same answers, so every handler only
validates, calls the core and shapes errors (422/404/413/503 naming the field; never a stack trace).
No ``from __future__ import annotations``: FastAPI must see the real class of the locally built MatchRequest.
"""

import logging
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant import compose
from assistant.corpus import load_corpus
from assistant.schema import MAX_HISTORY_TURNS, AskRequest, AskResponse
from assistant.sessions import SessionNotFound
from assistant.web import clauses as clause_browser
from assistant.web.deps import NotReady, Runtime, default_runtime
from assistant.web.docs import install_docs
from assistant.web.models import (
    AskBody,
    CalculatorCard,
    CalculatorRun,
    ChatRequest,
    ChatResponse,
    ClauseList,
    ClauseOut,
    Health,
    IsoDate,
    Ready,
)
from calculators.models import CalcResult

log = logging.getLogger("policy_assistant.web")

MAX_BODY_BYTES = 64 * 1024
JSON_TYPES = (b"application/json", b"application/vnd.", b"application/problem+json")
#: The document keys of the corpus (2022, 2024, … — a new document adds its key with no code change).
DocKey = Literal[tuple(sorted(load_corpus().documents))]  # type: ignore[valid-type]

# Answers every route of a router may give, documented once (the body limit, the readiness gate).
TOO_LARGE = {413: {"description": "request body larger than the limit (64 KiB)"}}
NOT_READY = {503: {"description": "the assistant is still loading (Retry-After) or failed to load"}}


def runtime_of(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


# ---- errors ---------------------------------------------------------------------------------------------------------
class BodyLimit:
    """Reject request bodies over ``limit`` bytes with 413 before parsing, whether or not Content-Length is sent.

    Every route the app serves is covered — the API, the docs and the Gradio UI mounted beside them (its queue and
    upload routes included): the UI sends a question, a date or a form, never more than the API accepts."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._too_large(scope, receive, send)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                return await self._too_large(scope, receive, send)
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if body and _is_json(scope) and not _utf8(body):  # JSON is UTF-8: same 422 as any other malformed JSON
            return await JSONResponse(status_code=422, content={"detail": [
                {"type": "json_invalid", "loc": ["body"], "msg": "JSON body is not valid UTF-8"}]})(scope, receive, send)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:  # noqa: ARG002
        response = JSONResponse(
            status_code=413,
            content={"detail": [{"type": "body_too_large", "loc": ["body"],
                                 "msg": f"request body is larger than {self.limit} bytes"}]},
        )
        await response(scope, receive, send)


def _is_json(scope: Scope) -> bool:
    kind = dict(scope["headers"]).get(b"content-type", b"").lower()
    return kind.startswith(JSON_TYPES) or b"+json" in kind


def _utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class MethodNotAllowed:
    """405 with every method the path supports in ``Allow``, for every path of the published API.

    Why: Starlette answers from the first route whose path matches (``/v1/calculators/{name}`` is two routes, GET and
    POST, so ``Allow`` named only one), and with the UI mounted at ``/`` a method no API route takes (TRACE) fell
    through to the UI's 404. The paths and methods are read from the OpenAPI document, the contract itself."""

    def __init__(self, app: ASGIApp, api: FastAPI):
        self.app, self.api = app, api
        self._paths: list[tuple[Any, set[str]]] | None = None

    def _table(self) -> list[tuple[Any, set[str]]]:
        if self._paths is None:
            table = []
            for path, item in self.api.openapi().get("paths", {}).items():
                methods = {m.upper() for m in item if m in ("get", "put", "post", "delete", "patch", "options",
                                                              "head", "trace")}
                if "GET" in methods:
                    methods.add("HEAD")
                table.append((compile_path(path)[0], methods))
            self._paths = table
        return self._paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            allowed = [methods for regex, methods in self._table() if regex.match(scope["path"])]
            if allowed and not any(scope["method"] in m for m in allowed):
                allow = ", ".join(sorted(set().union(*allowed)))
                response = JSONResponse(status_code=405, content={"detail": "Method Not Allowed"},
                                        headers={"Allow": allow})
                return await response(scope, receive, send)
        await self.app(scope, receive, send)


def _validation_detail(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """FastAPI's error list without echoing the (possibly huge) input back."""
    return [{"type": e.get("type"), "loc": list(e.get("loc", [])), "msg": e.get("msg")} for e in errors]


def install_error_handlers(app: FastAPI) -> None:
    from assistant.web.openai_compat import COMPLETIONS_PATH, openai_error

    async def on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = _validation_detail(exc.errors())
        if request.url.path == COMPLETIONS_PATH:
            first = detail[0] if detail else {"loc": [], "msg": "invalid request", "type": None}
            # a JSON syntax error's loc is ["body", <byte offset>]: no parameter is at fault, the body is
            param = None if first["type"] == "json_invalid" else ".".join(str(p) for p in first["loc"][1:]) or None
            return openai_error(422, f"{param or 'request'}: {first['msg']}", "invalid_request_error", param)
        return JSONResponse(status_code=422, content={"detail": detail})

    async def on_not_ready(request: Request, exc: NotReady) -> JSONResponse:
        headers = {} if exc.failed else {"Retry-After": "5"}
        if request.url.path == COMPLETIONS_PATH:
            response = openai_error(503, str(exc), "service_unavailable")
            response.headers.update(headers)
            return response
        return JSONResponse(status_code=503, content={"detail": str(exc)}, headers=headers)

    async def on_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse(status_code=500, content={"detail": "internal error"})

    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(NotReady, on_not_ready)

    from assistant.session_store import SessionStoreUnavailable

    async def on_sessions_down(request: Request, exc: SessionStoreUnavailable) -> JSONResponse:
        # /v1/chat only: stateless routes never touch the store. Retry-After: Redis usually comes back.
        return JSONResponse(status_code=503, content={"detail": str(exc)}, headers={"Retry-After": "5"})

    app.add_exception_handler(SessionStoreUnavailable, on_sessions_down)
    app.add_exception_handler(Exception, on_error)


def _field_error(status: int, loc: list[str], msg: str, kind: str) -> HTTPException:
    return HTTPException(status_code=status, detail=[{"type": kind, "loc": loc, "msg": msg}])


# ---- health ---------------------------------------------------------------------------------------------------------
health = APIRouter(tags=["health"])


@health.get("/healthz", response_model=Health)
def healthz() -> Health:
    """The process is up (answers even while the assistant loads)."""
    return Health()


@health.get("/readyz", response_model=Ready, responses={503: {"model": Ready}})
def readyz(rt: RuntimeDep) -> JSONResponse:
    """Index and model loaded and the session store reachable: 200 when ready, 503 while loading, after a failed
    load, or while a shared session store (Redis) is down (the error names POLICY_ASSISTANT_SESSION_STORE)."""
    from assistant.session_store import check, redact_url

    store = getattr(rt.sessions, "url", None)
    sessions_down = check(rt.sessions) if rt.ready else None
    body = Ready(status="sessions_unavailable" if sessions_down else rt.state, load_seconds=rt.load_seconds,
                 error=sessions_down or rt.error, build=rt.build, session_store=redact_url(store) if store else "memory")
    return JSONResponse(status_code=200 if rt.ready and not sessions_down else 503, content=body.model_dump())


# ---- questions ------------------------------------------------------------------------------------------------------
questions = APIRouter(prefix="/v1", tags=["questions"], responses={**TOO_LARGE, **NOT_READY})


@questions.post("/ask", response_model=AskResponse)
def ask(body: AskBody, rt: RuntimeDep) -> AskResponse:
    """One question (plus optional earlier user turns) -> one cited answer; same contract as `ask --json`."""
    return rt.assistant().ask(AskRequest.model_validate(body.model_dump()))


@questions.post("/chat", response_model=ChatResponse, responses={
    404: {"description": "unknown or expired session"},
    503: {"description": "the assistant is loading, or the shared session store (Redis) is unreachable"}})
def chat(body: ChatRequest, rt: RuntimeDep, request: Request) -> ChatResponse:
    """One turn of a server-side session; omit ``session_id`` to start one. Sessions are bounded in turns,
    characters and idle time (the oldest turns drop first) and in number, per client address as well as overall
    (one client's new sessions evict its own oldest); an unknown or expired id is 404."""
    assistant = rt.assistant()
    if body.session_id is None:
        session_id = rt.sessions.create(client=request.client.host if request.client else None).id
    else:
        session_id = body.session_id
    try:
        history = rt.sessions.history(session_id)[-MAX_HISTORY_TURNS:]
    except SessionNotFound:
        raise _field_error(404, ["body", "session_id"], "unknown or expired session", "session_not_found") from None
    response = assistant.ask(AskRequest(question=body.message, history=history, as_of=body.as_of))
    try:
        rt.sessions.append(session_id, body.message)
        turn = len(rt.sessions.history(session_id))
    except SessionNotFound:  # evicted while answering (store full): the answer is still valid
        turn = len(history) + 1
    return ChatResponse(session_id=session_id, turn=turn, response=response)


# ---- corpus ---------------------------------------------------------------------------------------------------------
corpus_router = APIRouter(prefix="/v1", tags=["clauses"])


@corpus_router.get("/clauses", response_model=ClauseList)
def list_clauses(
    rt: RuntimeDep,
    doc: Annotated[DocKey | None, Query(description="document key, e.g. 2022 or 2024")] = None,
    q: Annotated[str | None, Query(max_length=200, description="words to search for")] = None,
    as_of: Annotated[IsoDate | None, Query(description="add each item's validity on this date (YYYY-MM-DD)")] = None,
    limit: Annotated[int, Query(ge=1, le=clause_browser.MAX_RESULTS)] = 50,
) -> ClauseList:
    """Browse the corpus; with ``q``, verbatim matches first, then the hybrid retriever's hits (once loaded)."""
    corpus = rt.corpus()
    retriever = rt.assistant(timeout=0).retriever if (q and rt.ready) else None
    try:
        items = clause_browser.search(corpus, q, doc, retriever, as_of, limit)
    except ValueError as e:
        raise _field_error(422, ["query", "doc"], str(e), "value_error") from None
    mode = None if not q else ("retriever+substring" if retriever is not None else "substring")
    return ClauseList(count=len(items), items=items, search=mode)


@corpus_router.get("/clauses/{item_id}", response_model=ClauseOut, responses={404: {"description": "unknown id"}})
def get_clause(item_id: str, rt: RuntimeDep,
               as_of: Annotated[IsoDate | None,
                                Query(description="validity on this date, YYYY-MM-DD (default: today)")] = None
               ) -> ClauseOut:
    """One clause or passage by citation id: ``2022#14`` (send ``#`` as ``%23``) or ``2022-14``."""
    try:
        return clause_browser.clause_out(rt.corpus(), item_id, as_of or compose.today())
    except KeyError:
        raise _field_error(404, ["path", "item_id"], f"unknown citation id {item_id!r}; e.g. 2022#14",
                           "not_found") from None


# ---- calculators ----------------------------------------------------------------------------------------------------
calc_router = APIRouter(prefix="/v1", tags=["calculators"])


def _registry():
    from calculators import registry

    return registry


def _calculator(name: str):
    registry = _registry()
    try:
        return registry.get(name)
    except registry.UnknownCalculatorError as e:
        raise _field_error(404, ["path", "name"], str(e), "not_found") from None


@calc_router.get("/calculators", response_model=list[CalculatorCard])
def list_calculators() -> list[dict[str, Any]]:
    """Every calculator with its clause and the JSON Schema of its inputs."""
    registry = _registry()
    return [registry.describe(c) for c in registry.all()]


@calc_router.get("/calculators/{name}", response_model=CalculatorCard, responses={404: {}})
def get_calculator(name: str) -> dict[str, Any]:
    return _registry().describe(_calculator(name))


@calc_router.post("/calculators/{name}", response_model=CalcResult, responses={
    404: {"description": "unknown calculator"},
    422: {"description": "inputs that do not fit the calculator's input_schema (each error names the field)"},
    **TOO_LARGE})
def run_calculator(name: str, body: CalculatorRun) -> CalcResult:
    """Run one calculator. ``inputs`` is checked against the ``input_schema`` of the calculator named in the path
    (``GET /v1/calculators/{name}``), which this generic operation cannot state: inputs that do not fit it are a
    422 naming each field."""
    registry = _registry()
    _calculator(name)
    try:
        return registry.run(name, body.inputs, as_of=body.as_of or compose.today())
    except registry.CalculatorInputError as e:
        detail = [{"type": "calculator_input", "loc": ["body", "inputs", *field.split(".")], "msg": msg,
                   "expected": e.expected.get(field)} for field, msg in e.errors]
        raise HTTPException(status_code=422, detail=detail) from None


# ---- 政策体检 ---------------------------------------------------------------------------------------------------------
def match_router() -> APIRouter:
    """``POST /v1/match`` typed by ``assistant.checkup.EnterpriseProfile``; imported here, not at module import,
    so the rest of the API works without that module. Without it the route answers 503 naming what is missing."""
    router = APIRouter(prefix="/v1", tags=["checkup"], responses=TOO_LARGE)
    try:
        from assistant.checkup import CheckupReport, EnterpriseProfile, match, render_html
    except ImportError as e:
        missing = str(e)

        @router.post("/match", status_code=503)
        def match_unavailable() -> JSONResponse:
            return JSONResponse(status_code=503, content={"detail": f"政策体检模块不可用：{missing}"})

        return router

    from pydantic import ConfigDict, Field, create_model

    MatchRequest = create_model(  # noqa: N806  (a model class)
        "MatchRequest",
        __config__=ConfigDict(extra="forbid"),
        profile=(EnterpriseProfile, Field(description="the enterprise's profile")),
        as_of=(IsoDate | None, Field(default=None, description="date for validity checks, YYYY-MM-DD (default: today)")),
    )

    @router.post("/match", response_model=CheckupReport, responses={200: {
        "description": "the CheckupReport as JSON, or with ?format=html the printable report page",
        "content": {"text/html": {"schema": {"type": "string"}}}}})
    def run_match(body: MatchRequest,  # type: ignore[valid-type]
                  format: Annotated[str, Query(pattern="^(json|html)$")] = "json") -> Any:
        """政策体检: match an enterprise profile against every clause; ``?format=html`` gives the report page."""
        report = match(body.profile, as_of=body.as_of)
        if format == "html":
            return HTMLResponse(render_html(report))
        return JSONResponse(content=report.model_dump(mode="json"))

    return router


# ---- app ------------------------------------------------------------------------------------------------------------
def create_app(runtime: Runtime | None = None, *, max_body_bytes: int = MAX_BODY_BYTES) -> FastAPI:
    """The API app; the Assistant starts loading in a background thread when the app starts."""
    from assistant.web.openai_compat import router as openai_router

    rt = runtime or default_runtime()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        rt.start()
        try:
            yield
        finally:
            rt.close()  # stop the answer workers with the server

    app = FastAPI(
        title="policy-assistant",
        version="0.1.0",
        description="长乐区产业扶持政策问答：条款引用（文号 + 第N条 + 责任单位）与奖补计算。",
        lifespan=lifespan,
        docs_url=None,  # served from the installed Swagger UI package instead of a CDN (assistant/web/docs.py)
        redoc_url=None,
    )
    install_docs(app)
    app.state.runtime = rt
    install_error_handlers(app)
    app.add_middleware(BodyLimit, limit=max_body_bytes)
    app.add_middleware(MethodNotAllowed, api=app)
    for router in (health, questions, openai_router, corpus_router, calc_router, match_router()):
        app.include_router(router)
    return app
