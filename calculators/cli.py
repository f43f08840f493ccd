"""``calc_app``: list the calculators and run one from JSON (mounted as ``policy-assistant calc``).

Errors name the field and the expected type and exit with code 2, so a shell script can tell bad input from a bug.
"""

from __future__ import annotations

import json
from datetime import date

import typer
from calculators import registry
from calculators.models import display_citation

calc_app = typer.Typer(help="确定性奖补计算器 / deterministic award calculators", no_args_is_help=True)


@calc_app.command("list")
def list_calculators(as_json: bool = typer.Option(False, "--json", help="print a JSON list")) -> None:
    """List every calculator: name, clause, title (tab-separated when not printed to a terminal)."""
    from assistant import cli_output

    calcs = registry.all()
    if as_json:
        cli_output.print_json([{"name": c.name, "citation": c.citation,
                                "citation_display": display_citation(c.citation), "title": c.title} for c in calcs])
        return
    cli_output.table(("name", "clause", "条款", "标题"),
                     [(c.name, c.citation, display_citation(c.citation), c.title) for c in calcs],
                     title="计算器", whole=("name", "条款"))


@calc_app.command("run")
def run_calculator(
    name: str = typer.Argument(..., help="calculator name, see `list`"),
    json_payload: str = typer.Option("{}", "--json", help="inputs as a JSON object"),
    as_of: str | None = typer.Option(None, "--as-of", help="date YYYY-MM-DD for the validity check"),
) -> None:
    """Run one calculator and print the result as JSON."""
    try:
        calc = registry.get(name)
    except registry.UnknownCalculatorError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        payload = json.loads(json_payload)
    except json.JSONDecodeError as exc:
        typer.echo(f"error: --json is not valid JSON: {exc}", err=True)
        raise typer.Exit(2) from None
    day = None
    if as_of is not None:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            typer.echo(f"error: --as-of: expected a date YYYY-MM-DD, got {as_of!r}", err=True)
            raise typer.Exit(2) from None
    try:
        result = registry.run(calc.name, payload, day)
    except registry.CalculatorInputError as exc:
        for field, msg in exc.errors:
            expected = exc.expected.get(field)
            typer.echo(f"error: field {field}: {msg}" + (f" (expected {expected})" if expected else ""), err=True)
        needed = [f"{i['field']}（{i['name_zh']}）" for i in calc.inputs_needed if i["required"]]
        if needed:
            typer.echo("required fields: " + ", ".join(needed), err=True)
        else:  # every field optional: the model asks for one of several combinations, named in the errors above
            typer.echo("every field is optional on its own; give one of the combinations named above", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
