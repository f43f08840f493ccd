"""Responsible-unit lists: find them in a clause and normalise them.

The documents write unit lists the way officials do: a shared 区 prefix written once
("区工信局、财政局，供电公司"), trailing 等, names that themselves contain 、, and a rule
sentence mixed into the list. The rules live in ``corpus/units.yaml`` so a new document
of the same kind needs no code change.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

OPEN = "（(〔["
CLOSE = "）)〕]"
SPLIT_RE = re.compile(r"[、，,；;]")


class UnitRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit_suffixes: list[str]
    no_prefix_patterns: list[str]
    trailing_strip: list[str]
    replacements: dict[str, str] = {}


@lru_cache(maxsize=8)
def load_unit_rules(path: Path) -> UnitRules:
    return UnitRules.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def find_unit_group(text: str) -> tuple[str, int] | None:
    """Return (inner text, start offset) of the clause's closing unit parenthesis.

    The unit list is the last bracketed group at the end of the clause. Brackets nest
    (区市场监管局（知识产权局）) and may mix full and half width (2024 第8条 opens with （ and
    closes with ）). A group is a unit list when it says 责任单位 or ends the clause (2022 第42条).
    """
    stripped = text.rstrip().rstrip("。.")
    if not stripped or stripped[-1] not in CLOSE:
        return None
    depth = 0
    for i in range(len(stripped) - 1, -1, -1):
        ch = stripped[i]
        if ch in CLOSE:
            depth += 1
        elif ch in OPEN:
            depth -= 1
            if depth == 0:
                inner = stripped[i + 1 : -1]
                return inner, i
    return None


def _split_top_level(text: str) -> list[str]:
    """Split on separators that are not inside brackets."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth -= 1
        if depth == 0 and SPLIT_RE.match(ch):
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def _strip_trailing(name: str, rules: UnitRules) -> str:
    for tail in rules.trailing_strip:
        if name.endswith(tail) and len(name) > len(tail):
            return name[: -len(tail)]
    return name


def _looks_complete(name: str, rules: UnitRules) -> bool:
    core = re.sub(r"[（(][^（）()]*[）)]$", "", name)  # 区市场监管局（知识产权局） ends in 局
    return any(core.endswith(s) for s in rules.unit_suffixes)


def normalize_units(group: str, prefix: str, rules: UnitRules) -> list[str]:
    """Turn the text inside a unit parenthesis into a list of unit names."""
    body = group
    for old, new in rules.replacements.items():
        body = body.replace(old, new)
    body = re.sub(r"^\s*责任单位\s*[：:]\s*", "", body)
    # A rule sentence may follow the list ("。以下任务均需各乡镇<街道>落实，不再列出").
    body = body.split("。")[0]
    pieces = [_strip_trailing(p, rules) for p in _split_top_level(body)]
    merged: list[str] = []
    pending = ""
    for piece in pieces:
        name = f"{pending}、{piece}" if pending else piece
        if _looks_complete(name, rules):
            merged.append(name)
            pending = ""
        else:
            pending = name
    if pending:
        merged.append(pending)
    units: list[str] = []
    for name in merged:
        if prefix and not any(re.search(p, name) for p in rules.no_prefix_patterns):
            name = prefix + name
        if name not in units:
            units.append(name)
    return units
