"""Tool errors that name the field and what was expected, for a model to read and correct its call.

Why one module: the SDK rejects arguments against a tool's schema, the calculators reject their ``inputs``, the
profile rejects contradictions, and the assistant's request model rejects blank questions. An agent should get
the same shape from all four — ``field: problem (expected …)`` per line, no trace, no echo of a huge input — so it
can fix exactly that field and call again.
"""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import ValidationError

from calculators import registry

#: Longest input value quoted back in an error (a whole profile or question is never echoed).
MAX_ECHO = 60


def _echo(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 1] + "…"


def _note(err: dict[str, Any]) -> str:
    """A hint for the error kinds whose message alone does not say what to do."""
    if err.get("type") == "extra_forbidden":
        return " (no such field: check the spelling against the schema)"
    return ""


def validation_lines(exc: ValidationError, prefix: tuple[str | int, ...] = ()) -> list[str]:
    """One ``field: message`` line per error; a model-level message ``"a, b: text"`` is split per line."""
    lines = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in (*prefix, *err["loc"])) or "(arguments)"
        msg = str(err["msg"])
        if msg.startswith("Value error, "):
            msg = msg.removeprefix("Value error, ")
            parts = msg.splitlines()
            named = [p.partition(": ") for p in parts]
            if all(sep for _, sep, _ in named):  # the profile's contradictions: each line names its field(s)
                base = f"{loc}." if err["loc"] or prefix else ""
                for fields, _, text in named:
                    lines.append(", ".join(base + f for f in fields.split(", ")) + f": {text}")
                continue
        given = "" if err.get("type") == "missing" else f"; got {_echo(err.get('input'))}"
        lines.append(f"{loc}: {msg}{_note(err)}{given}")
    return lines


def invalid_arguments(lines: list[str], hint: str = "") -> ToolError:
    """The SDK prefixes it with "Error executing tool <name>: " (the server does the same for schema errors)."""
    body = "\n".join(f"- {line}" for line in lines)
    return ToolError(f"invalid arguments:\n{body}" + (f"\n{hint}" if hint else ""))


def calculator_input_error(exc: registry.CalculatorInputError) -> ToolError:
    """``inputs.<field>: message (expected …)`` per field, then the calculator's required fields by title."""
    calc = registry.get(exc.calculator)
    lines = []
    for field, msg in exc.errors:
        where = "inputs" if field == "(payload)" else f"inputs.{field}"
        expected = exc.expected.get(field)
        lines.append(f"{where}: {msg}" + (f" (expected {expected})" if expected else ""))
    needed = [f"{i['field']}（{i['name_zh']}）" for i in calc.inputs_needed if i["required"]]
    hint = (
        f"required inputs of {calc.name}: " + ", ".join(needed)
        if needed
        else f"every input of {calc.name} is optional on its own; give one of the combinations named above"
    )
    return invalid_arguments(lines, hint + ". The input_schema from list_calculators has them all.")
