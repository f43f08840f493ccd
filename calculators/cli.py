"""``calc_app``: list the calculators and run one from JSON (mounted as ``policy-assistant calc``).

Errors name the field and the expected type and exit with code 2, so a shell script can tell bad input from a bug.
"""

from __future__ import annotations

import json
from datetime import date

import typer
from rich.console import Console
from rich.table import Table

from calculators import registry

calc_app = typer.Typer(help="确定性奖补计算器 / deterministic award calculators", no_args_is_help=True)


@calc_app.command("list")
def list_calculators() -> None:
    """List every calculator: name, clause, title."""
    table = Table(title="计算器 / calculators")
    table.add_column("name")
    table.add_column("clause")
    table.add_column("title")
    for c in registry.all():
        table.add_row(c.name, c.citation, c.title)
    Console(width=200).print(table)


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
