"""Output of the command line, fit for a terminal and for a pipe.

Why one place: rich wraps text and squeezes tables to 80 columns when stdout is not a terminal, which hard-wraps
clause text and cuts citations to "文号〔20…" in a file or a pipe. Here a terminal gets rich's tables and colours;
anything else gets plain, unwrapped lines (tab-separated rows with a header line) that other programs can read,
and every citation is written whole (文号 第9条), as in the answers.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table


def is_terminal(stream: Any = None) -> bool:
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def console(stderr: bool = False) -> Console:
    """A terminal gets rich as usual; a pipe or file gets no colour and no wrapping (one line stays one line)."""
    stream = sys.stderr if stderr else sys.stdout
    if is_terminal(stream):
        return Console(stderr=stderr)
    return Console(file=stream, soft_wrap=True, no_color=True, highlight=False, emoji=False, width=100_000)


class LazyConsole:
    """A module-level console that picks terminal or pipe behaviour when it prints, not when the module is imported
    (so a pipe never gets wrapped lines, and a test that swaps sys.stdout is written to)."""

    def __init__(self, stderr: bool = False) -> None:
        self.stderr = stderr

    def __getattr__(self, name: str) -> Any:
        return getattr(console(self.stderr), name)


def echo(text: str, con: Console | None = None, style: str | None = None) -> None:
    """One message, printed literally (no rich markup is read from policy text)."""
    (con or console()).print(text, markup=False, highlight=False, style=style)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], con: Console | None = None, title: str | None = None,
          whole: Sequence[str] = ()) -> None:
    """Rows as a rich table on a terminal (columns named in ``whole`` — citations — are never cut or wrapped), or as
    tab-separated lines under a header line elsewhere."""
    con = con or console()
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    if not is_terminal(con.file):  # written as is: rich would expand the tabs into spaces
        lines = ([title] if title else []) + ["\t".join(headers)]
        lines += ["\t".join(c.replace("\t", " ").replace("\n", " ") for c in row) for row in cells]
        con.file.write("\n".join(lines) + "\n")
        con.file.flush()
        return
    t = Table(title=title)
    for i, h in enumerate(headers):
        if h in whole:  # as wide as its longest cell: a citation is never cut
            widest = max([cell_len(h), *(cell_len(row[i]) for row in cells)])
            t.add_column(h, no_wrap=True, min_width=widest)
        else:
            t.add_column(h, overflow="fold")
    for row in cells:
        t.add_row(*row)
    con.print(t)


def answer(response: Any, con: Console | None = None) -> None:
    """An answer as `ask` and `chat` print it: the answer, then, after a blank line, the related section
    ("根据您提供的情况，还可能适用：…") when the facts given so far touch other measures. In a pipe the two are the
    same text as the OpenAI-compatible message (answer + blank line + section)."""
    from assistant.related import section

    con = con or console()
    echo(response.answer, con)
    extra = section(response.related)
    if extra:
        echo("", con)
        echo(extra, con, style="cyan" if is_terminal(con.file) else None)
