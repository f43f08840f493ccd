"""What the MCP tools return: the project's own models, plus the few fields an agent needs to cite and link.

Why subclasses and not new shapes: a clause is the API's ``ClauseOut`` and a calculation is the calculators'
``CalcResult``, so the REST API, the CLI and an agent read the same fields; the subclasses only add the resource URI
(to quote the text) and the responsible units (to cite 责任单位 next to a figure).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from assistant.checkup import CheckupReport
from assistant.web.models import ClauseOut
from calculators.models import CalcResult

URI_SCHEME = "policy"


def resource_uri(citation: str) -> str:
    """``2024#9`` -> ``policy://2024/9``; ``2022#funding-rule`` -> ``policy://2022/funding-rule``."""
    doc, _, item = citation.partition("#")
    return f"{URI_SCHEME}://{doc}/{item}" if item else f"{URI_SCHEME}://{doc}"


class Clause(ClauseOut):
    """One clause or passage: id (2024#9), 文号 (doc), 第N条 (clause), title, text, 责任单位, validity."""

    uri: str = Field(description="资源地址，可读取条文原文 / resource URI with the clause text, e.g. policy://2024/9")


class ClauseHits(BaseModel):
    query: str
    count: int
    items: list[Clause] = Field(description="按相关度排序 / best first")


class CalculatorInfo(BaseModel):
    name: str = Field(description="计算器名称，传给 run_calculator / pass to run_calculator")
    clause: str = Field(description="条款编号 / clause id, e.g. 2024#9")
    clauses: list[str] = Field(description="计算器依据的全部条款 / every clause the calculator rests on")
    clause_display: str = Field(description="文号 + 第N条, the display form of e.g. 2024#9")
    title: str
    description: str
    no_figure: bool = Field(description="条文未写金额：结果只判断资格 / the clause states no amount")
    input_schema: dict[str, Any] = Field(
        description="run_calculator 的 inputs 的 JSON Schema：每个字段带中文 title（与计算器表单一致）、说明和取值范围 / "
        "schema of run_calculator's inputs, each field with its Chinese title")


class CalculatorList(BaseModel):
    count: int
    calculators: list[CalculatorInfo]
    note: str | None = None


class CalculationResult(CalcResult):
    """The calculator's full result plus the clause's responsible units (for 文号 + 第N条 + 责任单位)."""

    responsible_units: list[str] = Field(default_factory=list, description="条款写明的责任单位")


class CheckupResult(CheckupReport):
    """The 政策体检 report; the profile is echoed as the JSON it became, not re-described by its model.

    Why: the echo is data the caller sent, and its exact JSON form (a Decimal field is written as a string) is the
    report's business, not the output schema's; a client that validates structured output must never reject the
    report over how an echoed figure is spelled.
    """

    profile: dict[str, Any] = Field(description="企业画像（原样回显）/ the profile as read")  # type: ignore[assignment]
