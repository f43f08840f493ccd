"""`policy-assistant` command line: corpus, calculators, index, ask, chat, eval, match, serve."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer

from assistant import cli_output
from assistant.corpus import CorpusError, load_corpus
from assistant.models import Clause

app = typer.Typer(help="福州市长乐区产业政策助手：条款引用、奖补计算、政策体检", no_args_is_help=True)
corpus_app = typer.Typer(help="浏览政策条款", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")
console = cli_output.LazyConsole()  # a pipe gets no wrapping (cli_output.console)


def parse_date(value: str | None, field: str = "--as-of") -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{field} expects YYYY-MM-DD, got {value!r}") from None


def _corpus():
    try:
        return load_corpus()
    except CorpusError as e:
        console.print(f"[red]corpus error:[/red] {e}")
        raise typer.Exit(2) from None


@corpus_app.command("list")
def corpus_list(doc: str | None = typer.Option(None, help="document key, e.g. 2022"),
                as_json: bool = typer.Option(False, "--json", help="print a JSON list")) -> None:
    """List every clause and passage with its citation and units (tab-separated when not printed to a terminal)."""
    corpus = _corpus()
    items = [item for item in corpus.items.values() if not doc or item.doc_key == doc]
    if as_json:
        cli_output.print_json([{"id": i.id, "display": i.display, "title": i.title,
                                "responsible_units": list(i.responsible_units)} for i in items])
        return
    rows = [(i.id, i.display, i.title or i.text[:24] + "…", "、".join(i.responsible_units)) for i in items]
    cli_output.table(("id", "引用", "标题", "责任单位"), rows, whole=("引用",))


@corpus_app.command("show")
def corpus_show(
    citation: str = typer.Argument(..., help="e.g. 2022#14"),
    as_of: str | None = typer.Option(None, "--as-of", help="YYYY-MM-DD (default today)"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Show one clause: text, units, validity."""
    corpus = _corpus()
    day = parse_date(as_of)
    try:
        item = corpus.get(citation)
    except KeyError as e:
        console.print(f"[red]{e.args[0]}[/red]")
        raise typer.Exit(2) from None
    validity = corpus.validity(item.id, day)
    if as_json:
        out = {**item.model_dump(mode="json"), "display": item.display, "validity": validity.model_dump(mode="json")}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    out = cli_output.console()  # unwrapped in a pipe: one paragraph of the clause stays one line
    cli_output.echo(f"{item.display}  ({item.id})", out, style="bold")
    if isinstance(item, Clause):
        cli_output.echo(item.section, out, style="dim")
    cli_output.echo(item.text, out)
    cli_output.echo(f"责任单位：{'、'.join(item.responsible_units) or '（未列出）'}", out)
    if isinstance(item, Clause) and item.implementing_units:
        cli_output.echo(f"全文件落实单位：{'、'.join(item.implementing_units)}", out)
    cli_output.echo(f"有效性：{validity.note}", out)


@app.command()
def ask(
    question: str | None = typer.Argument(None, help="问题 / the question"),
    as_json: bool = typer.Option(False, "--json", help="print one JSON object (the evaluation contract)"),
    jsonl: Path | None = typer.Option(None, "--jsonl", help="read {id, question, history, as_of} lines, write JSON lines"),
    as_of: str | None = typer.Option(None, "--as-of", help="YYYY-MM-DD for validity (default today)"),
    history: list[str] = typer.Option([], "--history", help="an earlier user turn (repeatable)"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="also print how the question was routed"),
) -> None:
    """Ask a question; answers cite 文号 + 第N条 + 责任单位."""
    from pydantic import ValidationError

    from assistant.schema import AskRequest
    from assistant.service import Assistant

    if (question is None) == (jsonl is None):
        raise typer.BadParameter("give a QUESTION or --jsonl FILE (not both)")
    if jsonl is not None:
        try:
            lines = jsonl.read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise typer.BadParameter(f"--jsonl: cannot read {jsonl}: {e}") from None
        requests = []
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                keep = {k: data[k] for k in ("id", "question", "history", "as_of") if k in data}
                requests.append(AskRequest.model_validate(keep))
            except (json.JSONDecodeError, ValidationError) as e:
                console.print(f"[red]{jsonl}:{n}: {_brief(e)}[/red]")
                raise typer.Exit(2) from None
        assistant = _open_assistant(Assistant)
        for req in requests:
            typer.echo(assistant.ask(req).model_dump_json())
        return
    try:
        req = AskRequest(question=question, history=history, as_of=parse_date(as_of) if as_of else None)
    except ValidationError as e:
        console.print(f"[red]{_brief(e)}[/red]")
        raise typer.Exit(2) from None
    resp = _open_assistant(Assistant).ask(req)
    if as_json:
        typer.echo(resp.model_dump_json(indent=None))
        return
    out = cli_output.console()
    if verbose:  # a developer's line, not part of the answer
        cli_output.echo(f"intent: {resp.intent} — {resp.route_reason}", out, style="dim")
    cli_output.answer(resp, out)


@app.command()
def chat(
    as_of: str | None = typer.Option(None, "--as-of", help="YYYY-MM-DD for validity (default today)"),
) -> None:
    """Chat in the terminal: each answer, then what else the facts given so far may qualify for (/new, /quit)."""
    from assistant.chat_cli import run
    from assistant.service import Assistant

    day = parse_date(as_of) if as_of else None
    raise typer.Exit(run(lambda: _open_assistant(Assistant), day))


def _open_assistant(assistant_class):
    """The Assistant, or one line saying what to fix (the model setting, the corpus, the index) and exit 2 — never
    a traceback for a configuration problem."""
    from assistant.model_check import ModelIntegrityError
    from assistant.retrieval import ChromaUnavailable, OnnxExportRefused
    from assistant.settings import ModelNotFound

    try:
        return assistant_class.open()
    except (ModelNotFound, ModelIntegrityError, CorpusError, ChromaUnavailable, OnnxExportRefused) as e:
        cli_output.echo(f"cannot open the assistant: {e}", cli_output.console(stderr=True))
        raise typer.Exit(2) from None


def _brief(e: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(e, ValidationError):
        return "; ".join(f"{'.'.join(map(str, err['loc'])) or 'line'}: {err['msg']}" for err in e.errors())
    return str(e)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="interface to bind; 0.0.0.0 only on a trusted network"),
    port: int = typer.Option(7860, help="port"),
    log_level: str = typer.Option("info", help="debug | info | warning | error"),
) -> None:
    """Serve the web app: chat UI at /, API under /v1 (docs at /docs), MCP at /mcp — the same app as `python app.py`."""
    from assistant.serve import NoEntryPoint, serve as run

    if log_level not in ("debug", "info", "warning", "error"):
        raise typer.BadParameter("--log-level expects debug, info, warning or error")
    try:
        run(host, port, log_level)
    except NoEntryPoint as e:
        console.print(f"[red]{e}[/red]")
        raise typer.Exit(2) from None


def _mount_optional() -> None:
    """Sub-apps owned by other modules; each is mounted when present.

    Not for a process started as ``policy-assistant ask|corpus …``: importing the sub-apps (MCP SDK, evaluation,
    check-up, index tools) costs over a second of every cold question and none of them is used."""
    import importlib
    import sys

    if len(sys.argv) > 1 and sys.argv[1] in ("ask", "chat", "corpus") and Path(sys.argv[0]).name == "policy-assistant":
        return
    for module, attr, name in [
        ("calculators.cli", "calc_app", "calc"),
        ("assistant.index_cli", "index_app", "index"),
        ("evals.cli", "eval_app", "eval"),
        ("assistant.match_cli", "match_app", "match"),
        ("assistant.mcp.cli", "mcp_app", "mcp"),
    ]:
        try:
            sub = getattr(importlib.import_module(module), attr)
        except ModuleNotFoundError as e:
            if e.name != module:
                raise
            continue
        app.add_typer(sub, name=name)


_mount_optional()


def main() -> None:  # pragma: no cover
    app()
