"""The 政策体检 form, grouped by the clause family each field serves, and filled from a profile JSON or an example.

Why: the profile has over a hundred fields; nobody fills them all. Each group is one family of clauses (用电, 技术改造,
用工…), so a user opens only the groups of the awards they care about. Which fields a family needs is read from the
check-up's own mapping (profile field -> calculator input), not listed by hand, so a new field lands in its group.
A field several families use is shown once, in the first of them; the others name it ("还会用到").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from assistant.web.forms import NO, YES, FieldSpec

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = ROOT / "examples" / "profiles"

#: Clause families, in the order a factory owner meets them; each names its clauses by citation id.
FAMILIES: list[tuple[str, tuple[str, ...]]] = [
    ("上规模、增产增效", ("2022#13", "2022#14", "2022#15", "2024#7", "2024#8", "2024#10")),
    ("用电", ("2022#4", "2024#9")),
    ("技术改造、首台（套）", ("2022#9", "2022#11", "2024#14")),
    ("节能、绿色、循环经济", ("2022#7", "2022#16", "2022#17")),
    ("研发创新、专精特新", ("2022#19", "2022#20", "2022#22", "2022#23", "2022#24")),
    ("数字化、工业互联网", ("2022#21", "2022#30")),
    ("外资、外贸", ("2022#36", "2022#38", "2024#19")),
    ("融资、政银企对接", ("2022#51",)),
    ("用工、招聘", ("2022#59", "2024#23")),
]
BASIC = "基本情况"
OTHER = "其他"


@dataclass
class Group:
    title: str
    clauses: str = ""  # e.g. 文号 第4、9条；文号 第9条
    specs: list[FieldSpec] = field(default_factory=list)
    also_used: list[tuple[str, str]] = field(default_factory=list)  # (field label, the group that shows it)

    @property
    def heading(self) -> str:
        return f"{self.title}（{len(self.specs)} 项）"


def _clauses_text(citations: tuple[str, ...]) -> str:
    from assistant.documents import display_citation

    by_doc: dict[str, list[str]] = {}
    for c in citations:
        doc, _, n = c.partition("#")
        by_doc.setdefault(doc, []).append(n)
    # 文号 第4、9条: the display of the first clause with every number of the document in its place
    return "；".join(display_citation(f"{d}#{ns[0]}").replace(f"第{ns[0]}条", f"第{'、'.join(ns)}条")
                    for d, ns in by_doc.items())


def group_fields(specs: list[FieldSpec]) -> list[Group]:
    """The form's groups: 基本情况 first (always shown), then one group per clause family, then anything left."""
    from assistant.checkup.mapping import CONTEXT_FIELDS, MAPPINGS
    from calculators import registry

    by_name = {s.name: s for s in specs}
    used_by: dict[str, list[str]] = {}  # citation -> profile fields its calculators read, in mapping order
    for m in MAPPINGS:
        used_by.setdefault(registry.get(m.calculator).citation, []).extend(m.sources())
    placed: dict[str, str] = {}
    basic = Group(BASIC, specs=[s for s in specs if s.name in CONTEXT_FIELDS])
    placed.update({s.name: BASIC for s in basic.specs})
    groups = [basic]
    for title, citations in FAMILIES:
        group = Group(title, clauses=_clauses_text(citations))
        wanted = list(dict.fromkeys(f for c in citations for f in used_by.get(c, ())))
        for name in sorted(wanted, key=lambda n: list(by_name).index(n) if n in by_name else 10**6):
            if name not in by_name:
                continue
            if name in placed:
                if placed[name] != BASIC:
                    group.also_used.append((by_name[name].label, placed[name]))
                continue
            placed[name] = title
            group.specs.append(by_name[name])
        groups.append(group)
    rest = [s for s in specs if s.name not in placed]
    if rest:
        groups.append(Group(OTHER, specs=rest))
    return [g for g in groups if g.specs]


def form_value(spec: FieldSpec, value: Any) -> Any:
    """A profile value as the form component shows it (the inverse of ``forms.value_for``)."""
    if value is None:
        return None
    if spec.kind == "bool":
        return YES if value else NO
    if spec.kind in ("int", "number"):
        d = Decimal(str(value))
        return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")
    if spec.kind == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if spec.kind == "json":
        return json.dumps(value, ensure_ascii=False)
    return str(getattr(value, "value", value))


def values_from_profile(specs: list[FieldSpec], profile: Any) -> list[Any]:
    """Every component's value for one profile (an EnterpriseProfile), in the order of ``specs``."""
    return [form_value(s, getattr(profile, s.name, None)) for s in specs]


def example_profiles(folder: Path = EXAMPLES_DIR) -> dict[str, dict[str, Any]]:
    """The example enterprises shipped with the project, by their names (empty when the folder is absent)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            out[str(data.get("name") or path.stem)] = data
    return out
