"""Turn a pydantic JSON Schema into form fields, and form values back into a payload.

Why separate from the UI: the calculator forms and the 政策体检 form are generated from the schemas the core
publishes, so a new calculator or profile field needs no UI code; this module is plain Python and tested alone.
Blank optional fields are left out of the payload (not sent as 0/否), so "unknown" stays unknown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from assistant.slots import parse_number
from calculators.blocks import fmt_number

Kind = Literal["bool", "int", "number", "enum", "date", "text", "json"]
# A unit people type after a figure ("90万元", "90万度", "12.5%"); the field's label already says the unit.
_UNIT_TAIL = re.compile(r"\s*(?:美元|元|千瓦时|度|kwh|吨标准煤|吨|%|％|人|家|次|台|套|个|场|千瓦|kw|千伏|kv)\s*$", re.I)
YES, NO, UNKNOWN = "是", "否", "不确定/不填"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: Kind
    required: bool
    nullable: bool = False
    description: str = ""
    choices: tuple[str, ...] = ()
    default: Any = None
    minimum: float | None = None
    maximum: float | None = None

    @property
    def number_hint(self) -> str:
        """The placeholder of a numeric box, e.g. "整数，可写 90万 或 九十万" or "数字，0 至 100"."""
        parts = ["整数" if self.kind == "int" else "数字"]
        low = None if self.minimum is None else fmt_number(self.minimum)
        high = None if self.maximum is None or self.maximum >= 1e12 else fmt_number(self.maximum)
        if low is not None and high is not None:
            parts.append(f"{low} 至 {high}")
        elif low is not None and low != "0":
            parts.append(f"不小于 {low}")
        elif high is not None:
            parts.append(f"不大于 {high}")
        if self.maximum is None or self.maximum >= 10_000:
            parts.append("可写 90万 或 九十万")
        return "，".join(parts)

    @property
    def bool_choices(self) -> list[str]:
        return [YES, NO] + ([UNKNOWN] if not self.required else [])


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        return {**defs[ref.removeprefix("#/$defs/")], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _flatten(prop: dict[str, Any], defs: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    """The non-null alternatives of a property (nested anyOf flattened) and whether null is allowed."""
    prop = _resolve(prop, defs)
    if "anyOf" not in prop:
        return ([] if prop.get("type") == "null" else [prop]), prop.get("type") == "null"
    options, nullable = [], False
    for sub in prop["anyOf"]:
        subs, null = _flatten(sub, defs)
        options += subs
        nullable = nullable or null
    return options, nullable


def _kind(options: list[dict[str, Any]]) -> tuple[Kind, dict[str, Any]]:
    types = [o.get("type") for o in options]
    enum = next((o for o in options if "enum" in o), None)
    if enum is not None:
        return "enum", enum
    if "boolean" in types:
        return "bool", options[types.index("boolean")]
    if "integer" in types:
        return "int", options[types.index("integer")]
    if "number" in types:  # Decimal: number or numeric string
        return "number", options[types.index("number")]
    if "string" in types:
        s = options[types.index("string")]
        return ("date" if s.get("format") == "date" else "text"), s
    return "json", options[0] if options else {}


def fields_from_schema(schema: dict[str, Any]) -> list[FieldSpec]:
    """One FieldSpec per top-level property, in schema order."""
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    specs = []
    for name, raw in schema.get("properties", {}).items():
        options, nullable = _flatten(raw, defs)
        kind, main = _kind(options)
        specs.append(FieldSpec(
            name=name,
            label=raw.get("title") or main.get("title") or name,
            kind=kind,
            required=name in required,
            nullable=nullable,
            description=raw.get("description") or main.get("description") or "",
            choices=tuple(str(c) for c in main.get("enum", ())),
            default=raw.get("default"),
            minimum=main.get("minimum"),
            maximum=main.get("maximum"),
        ))
    return specs


class FormError(ValueError):
    """A value the form itself can reject (e.g. a non-date in a date box); names the field."""

    def __init__(self, spec: FieldSpec, msg: str):
        super().__init__(f"{spec.label}：{msg}")
        self.field = spec.name


def value_for(spec: FieldSpec, value: Any) -> Any:
    """Form value -> payload value; None means "leave the field out"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if spec.kind == "bool":
        return {YES: True, NO: False}.get(value) if isinstance(value, str) else bool(value)
    if spec.kind in ("int", "number"):
        return _number(spec, value)
    if spec.kind == "date":
        try:
            return date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise FormError(spec, "日期格式应为 YYYY-MM-DD") from None
    if spec.kind == "json":
        try:
            return json.loads(value) if isinstance(value, str) else value
        except json.JSONDecodeError as e:
            raise FormError(spec, f"不是合法的 JSON（{e.msg}）") from None
    return value.strip() if isinstance(value, str) else value


def _number(spec: FieldSpec, value: Any) -> int | Decimal:
    """A typed number -> int, or an exact Decimal (calculators and the profile take Decimal; the profile takes
    figures as numbers only, never as text). People's ways of writing a figure are read as the chat reads them
    (assistant.slots.parse_number): "1,200,000", " 12.5 ", "90万", "九十万", "1.5亿", "90万元", "12.5%"."""
    text = str(value).strip()
    try:
        number: Decimal | None = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        number = parse_number(_UNIT_TAIL.sub("", text))
    if number is None or not number.is_finite():
        raise FormError(spec, f"“{value}”不是数字（可以写 900000、90万 或 九十万）")
    if number == number.to_integral_value():
        return int(number)
    if spec.kind == "int":
        raise FormError(spec, "需要整数")
    return number


def payload_from_values(specs: list[FieldSpec], values: list[Any]) -> dict[str, Any]:
    """Values in the order of ``specs`` -> the JSON payload (blank fields omitted, so validation names them)."""
    out = {}
    for spec, value in zip(specs, values, strict=True):
        v = value_for(spec, value)
        if v is not None:
            out[spec.name] = v
    return out
