"""OpenAI-compatible chat completions, so existing chat front ends and SDKs can use the assistant as a model.

Mapping: the last message must be the user's question; earlier user messages become the history (system and
assistant messages are ignored: answers are recomputed deterministically and user text never alters the rules).
Citations are in the message text and, structured, in the extra top-level field ``citations``. After a calculation
or eligibility answer the text ends with the section "根据您提供的情况，还可能适用：" (issue 18; structured in
``policy_assistant.related``). ``stream: true`` sends the same answer as server-sent ``chat.completion.chunk``
events ending with ``data: [DONE]``.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.related import section as related_section
from assistant.schema import (
    MAX_HISTORY_TURNS,
    MAX_QUESTION_CHARS,
    AskRequest,
    AskResponse,
    CalculationOut,
    Citation,
    Intent,
    RelatedItem,
    ValidityOut,
)
from assistant.web.deps import Runtime
from assistant.web.models import IsoDate

MODEL_NAME = "policy-assistant"
COMPLETIONS_PATH = "/v1/chat/completions"
MAX_MESSAGES = 200
CHUNK_CHARS = 24


class TextPart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["text"]
    text: str


class ChatMessage(BaseModel):
    """One OpenAI message; the fields SDKs send are accepted, anything else is an error."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[TextPart] | None = None
    name: str | None = None
    tool_calls: list[dict[str, Any]] | None = None
    tool_call_id: str | None = None
    refusal: str | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(p.text for p in self.content)
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    include_usage: bool = False


class CompletionRequest(BaseModel):
    """The OpenAI request body. Sampling parameters are accepted and ignored (answers are deterministic);
    ``as_of`` (YYYY-MM-DD, via the SDK's ``extra_body``) sets the date for validity checks."""

    model_config = ConfigDict(extra="forbid")
    model: str
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: Literal[1] = 1
    as_of: IsoDate | None = None
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    stop: str | list[str] | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    seed: int | None = None
    user: str | None = None
    logit_bias: dict[str, float] | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    response_format: dict[str, Any] | None = None
    tools: list[dict[str, Any]] | None = None
    tool_choice: str | dict[str, Any] | None = None
    parallel_tool_calls: bool | None = None
    metadata: dict[str, str] | None = None
    store: bool | None = None


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    """Counted in characters: there is no tokenizer behind a deterministic answer."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class PolicyExtra(BaseModel):
    intent: Intent
    calculation: CalculationOut | None = None
    validity: list[ValidityOut] = []
    needs: list[str] = []
    related: list[RelatedItem] = Field(default_factory=list, description="the related measures the text lists")


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str = MODEL_NAME
    choices: list[Choice]
    usage: Usage
    citations: list[Citation] = Field(description="structured citations, primary first (extension)")
    policy_assistant: PolicyExtra = Field(description="intent, calculation and validity (extension)")


class ModelCard(BaseModel):
    id: str = MODEL_NAME
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "policy-assistant"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


def openai_error(status: int, message: str, kind: str, param: str | None = None,
                 code: str | None = None) -> JSONResponse:
    """Errors in OpenAI's shape so SDKs raise their usual exception classes with the message."""
    return JSONResponse(status_code=status,
                        content={"error": {"message": message, "type": kind, "param": param, "code": code}})


class RequestProblem(Exception):
    def __init__(self, status: int, message: str, param: str | None, code: str | None = None):
        super().__init__(message)
        self.status, self.param, self.code = status, param, code


def to_ask_request(req: CompletionRequest) -> AskRequest:
    """Last message = question, earlier user messages = history (the newest ``MAX_HISTORY_TURNS``)."""
    last = len(req.messages) - 1
    if req.messages[last].role != "user":
        raise RequestProblem(422, "the last message must have role 'user'", f"messages[{last}].role")
    users = [(i, m.text()) for i, m in enumerate(req.messages[:last]) if m.role == "user" and m.text().strip()]
    users = users[-MAX_HISTORY_TURNS:]
    for i, text in users:
        if len(text) > MAX_QUESTION_CHARS:
            raise RequestProblem(422, f"longer than {MAX_QUESTION_CHARS} characters", f"messages[{i}].content")
    try:
        return AskRequest(question=req.messages[last].text(), history=[t for _, t in users], as_of=req.as_of)
    except ValidationError as e:
        raise RequestProblem(422, e.errors()[0]["msg"], f"messages[{last}].content") from None


def message_text(response: AskResponse) -> str:
    """The answer, then the related section when there is one (a chat front end shows only the message text)."""
    return "\n\n".join(part for part in (response.answer, related_section(response.related)) if part)


def completion(response: AskResponse, ask: AskRequest) -> ChatCompletion:
    prompt = len(ask.question) + sum(map(len, ask.history))
    text = message_text(response)
    return ChatCompletion(
        id=f"chatcmpl-{secrets.token_hex(12)}", created=int(time.time()),
        choices=[Choice(message=AssistantMessage(content=text))],
        usage=Usage(prompt_tokens=prompt, completion_tokens=len(text), total_tokens=prompt + len(text)),
        citations=response.citations,
        policy_assistant=PolicyExtra(intent=response.intent, calculation=response.calculation,
                                     validity=response.validity, needs=response.needs, related=response.related),
    )


def pieces(text: str, size: int = CHUNK_CHARS) -> Iterator[str]:
    """Line by line, long lines cut every ``size`` characters; joined they give back ``text`` exactly."""
    for line in text.splitlines(keepends=True):
        for i in range(0, len(line), size):
            yield line[i : i + size]


def sse_chunks(done: ChatCompletion, include_usage: bool) -> Iterator[str]:
    """OpenAI's chunk sequence: role, content deltas, a final chunk (finish_reason + extensions), [DONE]."""
    head = {"id": done.id, "object": "chat.completion.chunk", "created": done.created, "model": done.model}

    def event(choices: list[dict[str, Any]], **extra: Any) -> str:
        return f"data: {json.dumps({**head, 'choices': choices, **extra}, ensure_ascii=False)}\n\n"

    yield event([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}])
    for piece in pieces(done.choices[0].message.content):
        yield event([{"index": 0, "delta": {"content": piece}, "finish_reason": None}])
    extensions = {"citations": [c.model_dump(mode="json") for c in done.citations],
                  "policy_assistant": done.policy_assistant.model_dump(mode="json")}
    yield event([{"index": 0, "delta": {}, "finish_reason": "stop"}], **extensions)
    if include_usage:
        yield event([], usage=done.usage.model_dump())
    yield "data: [DONE]\n\n"


router = APIRouter(prefix="/v1", tags=["openai"])


@router.get("/models", response_model=ModelList)
def list_models() -> ModelList:
    return ModelList(data=[ModelCard()])


@router.get("/models/{model_id}", response_model=ModelCard, responses={404: {}})
def get_model(model_id: str) -> Any:
    if model_id != MODEL_NAME:
        return openai_error(404, f"The model `{model_id}` does not exist", "invalid_request_error", "model",
                            "model_not_found")
    return ModelCard()


@router.post(COMPLETIONS_PATH.removeprefix("/v1"), response_model=ChatCompletion,
             responses={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}},
                        404: {"description": "unknown model"},
                        413: {"description": "request body larger than the limit (64 KiB)"},
                        422: {"description": "invalid request (OpenAI error shape)"},
                        503: {"description": "the assistant is still loading or failed to load"}})
def chat_completions(body: CompletionRequest, request: Request) -> Any:
    """Messages in, one assistant message out (or SSE chunks with ``stream: true``); model ``policy-assistant``."""
    if body.model != MODEL_NAME:
        return openai_error(404, f"The model `{body.model}` does not exist; use `{MODEL_NAME}`",
                            "invalid_request_error", "model", "model_not_found")
    try:
        ask = to_ask_request(body)
    except RequestProblem as p:
        return openai_error(p.status, str(p), "invalid_request_error", p.param, p.code)
    runtime: Runtime = request.app.state.runtime
    done = completion(runtime.assistant().ask(ask), ask)
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        return StreamingResponse(sse_chunks(done, include_usage), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    return done
