"""The ``@calculator`` decorator: binds a pure function to its clause and records it for the registry.

Why a decorator: name, clause and title sit right above the code they describe, and the wrapper stamps them on every
result so a result can never carry a citation different from the calculator that produced it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from calculators.models import CalcInput, CalcResult

_CALCULATORS: dict[str, Calculator] = {}


@dataclass(frozen=True)
class Calculator:
    """One registered calculator."""

    name: str
    citation: str
    title: str
    description: str
    input_model: type[CalcInput]
    func: Callable[[Any], CalcResult]
    matter: str | None = None
    #: Text the corpus uses for this rule's own measure period within a clause (e.g. 2022#4 "1千伏"), if any.
    measure_hint: str | None = None
    citations: tuple[str, ...] = field(default_factory=tuple)
    #: The rule states no amount or rate at all: every result carries ``no_figure=True`` whatever the inputs, so the
    #: assistant can say "the clause states no figure" without asking for inputs that could not change that answer.
    no_figure: bool = False
    #: The name of the figure (in the clause's table) that caps this rule's award per enterprise or project ("单家企业
    #: 奖励最高不超过20万元"), so "最多能给多少" is answered with the clause's own ceiling when no case is given.
    ceiling: str | None = None

    @property
    def ceiling_figure(self):
        """The declared ceiling figure of this rule, or None when the clause states none."""
        if self.ceiling is None:
            return None
        from calculators.figures import figures

        return getattr(figures(self.citation), self.ceiling)

    def json_schema(self) -> dict[str, Any]:
        """JSON Schema of the input model (for the router, the API and LLM tool callers)."""
        return self.input_model.model_json_schema()

    @property
    def inputs_needed(self) -> list[dict[str, Any]]:
        """Each input with its Chinese name, so the assistant can ask "I need X to compute this"."""
        out = []
        for fname, finfo in self.input_model.model_fields.items():
            out.append(
                {
                    "field": fname,
                    "name_zh": finfo.title or fname,
                    "required": finfo.is_required(),
                    "description": finfo.description or "",
                }
            )
        return out


def calculator(
    *,
    name: str,
    citation: str,
    title: str,
    matter: str | None = None,
    measure_hint: str | None = None,
    citations: tuple[str, ...] = (),
    no_figure: bool = False,
    ceiling: str | None = None,
) -> Callable[[Callable[[Any], CalcResult]], Callable[[Any], CalcResult]]:
    """Register ``func`` (a pure ``(inputs) -> CalcResult``) under ``name`` for clause ``citation``."""

    def wrap(func: Callable[[Any], CalcResult]) -> Callable[[Any], CalcResult]:
        input_model = func.__annotations__.get("inputs")
        if isinstance(input_model, str):
            input_model = func.__globals__[input_model]
        if not (isinstance(input_model, type) and issubclass(input_model, CalcInput)):
            raise TypeError(f"{name}: first parameter must be annotated with a CalcInput model")
        if name in _CALCULATORS:
            raise ValueError(f"duplicate calculator name {name}")

        @functools.wraps(func)
        def run(inputs: Any) -> CalcResult:
            if not isinstance(inputs, input_model):
                raise TypeError(f"{name} expects {input_model.__name__}, got {type(inputs).__name__}")
            result = func(inputs)
            if no_figure and not result.no_figure:
                raise AssertionError(f"{name} is registered with no_figure=True but returned a figure")
            return result.model_copy(
                update={
                    "calculator": name,
                    "citation": citation,
                    "citations": list(dict.fromkeys((citation, *citations))),
                    "title": title,
                    "matter": matter,
                }
            )

        _CALCULATORS[name] = Calculator(
            name=name,
            citation=citation,
            title=title,
            description=(func.__doc__ or "").strip(),
            input_model=input_model,
            func=run,
            matter=matter,
            measure_hint=measure_hint,
            citations=tuple(dict.fromkeys((citation, *citations))),
            no_figure=no_figure,
            ceiling=ceiling,
        )
        return run

    return wrap
