"""Registry of every calculator: discover (name, clause, title, input schema) and run one from a plain dict.

Why: the router, the API and an LLM tool-caller only hold JSON; ``run`` turns it into the typed input, calls the
pure calculator, and adds validity on ``as_of`` from the corpus. Bad payloads raise :class:`CalculatorInputError`
naming each field, never a silent 0.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any

from pydantic import ValidationError

from calculators import rules_2022, rules_2024  # noqa: F401  (registers the calculators)
from calculators.blocks import fmt_number
from calculators.models import CalcResult
from calculators.spec import _CALCULATORS, Calculator
from calculators.validity import validity_for


class UnknownCalculatorError(KeyError):
    def __init__(self, name: str) -> None:
        close = difflib.get_close_matches(name, list(_CALCULATORS), n=3, cutoff=0.5)
        self.name = name
        self.suggestions = close
        super().__init__(f"unknown calculator {name!r}" + (f"; did you mean {', '.join(close)}?" if close else ""))

    def __str__(self) -> str:
        return str(self.args[0])


class CalculatorInputError(ValueError):
    """Bad payload: ``errors`` is a list of (field, message); ``expected`` maps a field to its expected type."""

    def __init__(self, calculator: str, errors: list[tuple[str, str]], expected: dict[str, str]) -> None:
        self.calculator = calculator
        self.errors = errors
        self.expected = expected
        lines = [
            f"{f}: {m}" + (f" (expected {expected[f]})" if f in expected else "") for f, m in errors
        ]
        super().__init__(f"invalid input for {calculator}: " + "; ".join(lines))


def get(name: str) -> Calculator:
    try:
        return _CALCULATORS[name]
    except KeyError:
        raise UnknownCalculatorError(name) from None


def all() -> list[Calculator]:  # noqa: A001  (the brief's name; shadows the builtin only inside this module)
    return list(_CALCULATORS.values())


def _describe_schema(k: dict[str, Any]) -> list[str]:
    if "anyOf" in k:
        return [d for sub in k["anyOf"] for d in _describe_schema(sub)]
    if "enum" in k:
        return ["one of " + ", ".join(map(str, k["enum"]))]
    if "const" in k:
        return [repr(k["const"])]
    if "type" not in k:
        return []
    t = k["type"]
    if t == "string" and k.get("format"):
        t += f" ({k['format']})"
    bounds = [f"{op} {fmt_number(k[key])}" for key, op in (("minimum", "≥"), ("maximum", "≤")) if key in k]
    return [t + (" " + " ".join(bounds) if bounds else "")]


def _expected_type(calc: Calculator, field: str) -> str:
    """Expected type of ``field`` in words, from the JSON Schema (e.g. 'integer ≥ 0', 'number ≥ 0 ≤ 100')."""
    prop = calc.json_schema().get("properties", {}).get(field)
    if prop is None:
        return "no such field" if field not in calc.input_model.model_fields else "?"
    kinds = list(dict.fromkeys(_describe_schema(prop)))
    # a Decimal is accepted as a number or a numeric string; say "number" once
    if any(k.startswith("number") for k in kinds) and "string" in kinds:
        kinds.remove("string")
    return " or ".join(kinds) or "?"


_FIELD_PREFIX = re.compile(r"^(?:Value error, )?([a-z0-9_]+(?:, [a-z0-9_]+)*): ")


def _field_errors(calc: Calculator, exc: ValidationError) -> list[tuple[str, str]]:
    out = []
    for e in exc.errors():
        loc = ".".join(str(p) for p in e["loc"])
        msg = e["msg"]
        if not loc:  # model-level validator: each line of our message starts with the field name(s) it is about
            lines = msg.split("\n")
            matches = [_FIELD_PREFIX.match(line) for line in lines]
            if None not in matches:  # (the builtin all() is shadowed in this module)
                for line, m in zip(lines, matches):
                    for f in m.group(1).split(", "):  # type: ignore[union-attr]
                        out.append((f, line[m.end():]))  # type: ignore[union-attr]
                continue
        out.append((loc or "(payload)", msg))
    return out


def run(name: str, payload: dict[str, Any], as_of: date | None = None) -> CalcResult:
    """Validate ``payload`` against the calculator's input model, compute, and report validity on ``as_of``."""
    calc = get(name)
    if not isinstance(payload, dict):
        raise CalculatorInputError(name, [("(payload)", "must be a JSON object")], {})
    try:
        inputs = calc.input_model.model_validate(payload)
    except ValidationError as exc:
        errors = _field_errors(calc, exc)
        raise CalculatorInputError(name, errors, {f: _expected_type(calc, f) for f, _ in errors}) from exc
    result = calc.func(inputs)
    v = validity_for(calc.citation, as_of, calc.measure_hint)
    if v is None:
        return result.model_copy(update={"as_of": None, "in_force": None, "validity_note": "未给出日期，未判断是否在有效期内。"})
    return result.model_copy(update={"as_of": as_of, "in_force": v.in_force, "validity_note": v.note})


def describe(calc: Calculator) -> dict[str, Any]:
    """Plain-dict card of one calculator, for listing endpoints and tool descriptions."""
    return {
        "name": calc.name,
        "citation": calc.citation,
        "title": calc.title,
        "description": calc.description,
        "no_figure": calc.no_figure,
        "inputs_needed": calc.inputs_needed,
        "input_schema": calc.json_schema(),
    }
