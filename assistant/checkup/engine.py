"""``match(profile, as_of)``: run every calculator the profile can feed; deterministic, no model."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from assistant.checkup.mapping import BY_NAME, CONTEXT_FIELDS, MAPPINGS, UNMAPPED, Feed, Mapping
from assistant.checkup.profile import EnterpriseProfile
from assistant.checkup.report import (
    AwardItem,
    CheckupReport,
    DuplicateDecision,
    LevelTotal,
    MayApplyItem,
    MissingInput,
    NotAssessedItem,
    RuledOutItem,
    Totals,
)
from calculators import registry
from calculators.highest import funding_rule, highest_not_repeated
from calculators.models import Amount, CalcResult, display_citation
from calculators.validity import validity_for

LEVEL_ORDER = ["省级", "市级", "市级、区级", "区级", "未写明"]


def basis_documents() -> list[str]:
    """Keys of the documents the check-up rests on: those with calculators, in registry order."""
    from assistant.documents import registry as documents

    with_calculators = {c.citation.split("#")[0] for c in registry.all()}
    return [k for k in documents().keys if k in with_calculators]


def general_notes() -> list[str]:
    from assistant.documents import registry as documents

    basis = "、".join(documents().wenhao(k) for k in basis_documents())
    return [
        f"本报告由规则计算生成（不使用模型），依据{basis}条文；最终以责任单位审核为准。",
        "企业画像未填写的信息按“未知”处理，不替企业推定；补充后可重新体检。",
        "合计只加确定金额；只有上限（最高…）或区间的奖励另列“最高可达”，条文未写金额的不计入。",
    ]


@lru_cache(maxsize=1)
def _corpus() -> Any:
    from assistant.corpus import load_corpus

    return load_corpus()


def _units(citation: str) -> list[str]:
    try:
        return list(_corpus().get(citation).responsible_units)
    except Exception:  # corpus is another module's; a missing clause must not sink the report
        return []


def _title(field: str) -> str:
    info = EnterpriseProfile.model_fields.get(field)
    return (info.title if info and info.title else field)


def _clause_info(m: Mapping, as_of: date | None) -> dict[str, Any]:
    calc = registry.get(m.calculator)
    v = validity_for(calc.citation, as_of, calc.measure_hint)
    return {
        "calculator": calc.name,
        "title": calc.title,
        "citation": calc.citation,
        "citation_display": display_citation(calc.citation),
        "responsible_units": _units(calc.citation),
        "in_force": None if v is None else v.in_force,
        "validity_note": "未给出日期，未判断是否在有效期内。" if v is None else v.note,
    }


def amount_text(r: CalcResult) -> str:
    """The result's amount in the report's words (``Amount.amount_words``), naming a missing input it waits for."""
    pending = [n for n in r.notes if n.startswith("未提供")]
    return r.amount_words(r.decided_by, pending[0] if pending else None)


def _is_given(v: Any) -> bool:
    return v is not None and v is not False


def _relevant(m: Mapping, p: EnterpriseProfile) -> bool:
    for s in m.sources():
        if s in CONTEXT_FIELDS:
            continue
        if _is_given(getattr(p, s)):
            return True
    ctx = m.context_relevant(p) if callable(m.context_relevant) else m.context_relevant
    return bool(ctx) and any(getattr(p, f) is not None for f in ("scale", "industry", "industrial_enterprise", "manufacturing_enterprise"))


def _missing_for(feed: Feed, p: EnterpriseProfile, calc_title: str) -> MissingInput:
    unknown = [s for s in feed.sources if getattr(p, s) is None] or list(feed.sources)
    if not unknown:  # no profile field can give it: the responsible unit decides
        return MissingInput(fields=[], titles=[calc_title], note="企业画像无此项，由责任单位认定")
    return MissingInput(fields=unknown, titles=[_title(s) for s in unknown])


def _prompt(missing: list[MissingInput], undecided: list[str], display: str) -> str:
    if missing:
        asks = [
            (f"{mi.titles[0]}（或其他替代数据，见说明）" if mi.note and len(mi.titles) > 1 else "、".join(mi.titles))
            for mi in missing
            if mi.titles
        ]
        return f"提供{'、'.join(dict.fromkeys(asks))}以测算{display}"
    if undecided:
        return f"{display}：条文未写明的条件需责任单位确认（{'；'.join(undecided)}）"
    return display


def _assess(m: Mapping, p: EnterpriseProfile, as_of: date | None) -> tuple[str, Any]:
    """Returns (kind, item-or-result) with kind in applicable | may_apply | ruled_out."""
    calc = registry.get(m.calculator)
    info = _clause_info(m, as_of)
    fields = calc.input_model.model_fields
    # gates: conditions of the clause the calculator does not check
    gate_missing: list[MissingInput] = []
    for g in m.gates:
        v = g.derive(p)
        if v is False:
            given = "、".join(f"{_title(s)}：{_show(getattr(p, s))}" for s in g.sources)
            return "ruled_out", RuledOutItem(
                **info, reason=f"不是{g.label}（{given}）", clause_words=g.clause_words
            )
        if v is None:
            gate_missing.append(MissingInput(fields=list(g.sources), titles=[_title(s) for s in g.sources]))
    payload: dict[str, Any] = {}
    missing: list[MissingInput] = list(gate_missing)
    ruling: tuple[Feed, Any] | None = None
    for f in m.feeds:
        v = f.value(p)
        if v is None:
            if f.is_needed(p):
                title = fields[f.target].title if f.target in fields else f.target
                missing.append(_missing_for(f, p, title or f.target))
            continue
        payload[f.target] = v.value if hasattr(v, "value") and not isinstance(v, (int, str)) else v
        if f.rules_out and f.settles_no(v) and ruling is None:
            ruling = (f, v)
    def ruled_by_feed() -> tuple[str, Any]:
        assert ruling is not None
        f, v = ruling
        title = fields[f.target].title if f.target in fields else f.target
        given = "、".join(
            f"{_title(s)}：{_show(getattr(p, s))}" for s in f.sources if getattr(p, s) is not None and _title(s) != title
        )
        return "ruled_out", RuledOutItem(
            **info, reason=f"{title}：{_show(v)}" + (f"（{given}）" if given else ""), clause_words=f.clause_words
        )

    if missing:
        if ruling is not None:
            return ruled_by_feed()
        return "may_apply", MayApplyItem(
            **info, missing=missing, prompt=_prompt(missing, [], info["citation_display"])
        )
    try:
        result = registry.run(m.calculator, payload, as_of)
    except registry.CalculatorInputError as exc:
        absent = [
            MissingInput(
                fields=[s for fld in fl.split(", ") for f in m.feeds if f.target == fld for s in f.sources],
                titles=[],
                note=msg,
            )
            for fl, msg in exc.errors
            if any(fld not in payload for fld in fl.split(", "))
        ]
        if not absent:
            raise
        if ruling is not None:  # a stated "no" settles it whatever the calculator still wants
            return ruled_by_feed()
        merged: list[MissingInput] = []
        seen: set[str] = set()
        for mi in absent:
            fs = [s for s in dict.fromkeys(mi.fields) if getattr(p, s) is None and s not in seen]
            seen.update(fs)
            if not fs:
                continue
            merged.append(MissingInput(fields=fs, titles=[_title(s) for s in fs], note=mi.note))
        return "may_apply", MayApplyItem(**info, missing=merged, prompt=_prompt(merged, [], info["citation_display"]))
    basis = None
    if ruling is not None and ruling[0].derive is not None:
        basis = "、".join(f"{_title(s)}：{_show(getattr(p, s))}" for s in ruling[0].sources if getattr(p, s) is not None)
    return _classify(m, result, info, payload, basis)


def _show(v: Any) -> str:
    if v is True:
        return "是"
    if v is False:
        return "否"
    return str(getattr(v, "value", v))


def _classify(
    m: Mapping, r: CalcResult, info: dict[str, Any], payload: dict[str, Any], basis: str | None = None
) -> tuple[str, Any]:
    info = {**info, "in_force": r.in_force, "validity_note": r.validity_note}
    if r.eligible is False:
        failing = next((s for s in r.steps if s.kind == "condition" and s.passed is False), None)
        return "ruled_out", RuledOutItem(
            **info,
            reason=(failing.check if failing else "不符合条件") + (f"（依据画像：{basis}）" if basis else ""),
            clause_words=failing.clause_words if failing else None,
            steps=r.steps,
        )
    if r.eligible is None:
        undecided = [s.check for s in r.steps if s.kind == "condition" and s.passed is None]
        return "may_apply", MayApplyItem(
            **info,
            undecided=undecided,
            prompt=_prompt([], undecided, info["citation_display"]),
            amount_text=None if r.no_figure and r.amount_max_yuan is None else amount_text(r),
            amount_min_yuan=r.amount_min_yuan,
            amount_max_yuan=r.amount_max_yuan,
            steps=r.steps,
        )
    return "applicable", (
        AwardItem(
            **info,
            matter=r.matter,
            **{name: getattr(r, name) for name in Amount.model_fields},  # the calculator's amount, as it is
            decided_by=r.decided_by,
            amount_text=amount_text(r),
            funding_levels=list(r.funding_levels),
            parts=r.parts,
            steps=r.steps,
            interpretation=r.interpretation,
            notes=list(r.notes) + list(m.notes),
            inputs={k: _jsonable(v) for k, v in payload.items()},
        ),
        r,
    )


def _jsonable(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "as_tuple"):  # Decimal
        return str(v)
    return v


def _level_key(levels: list[str]) -> str:
    return "、".join(levels) if levels else "未写明"


def _totals(items: list[AwardItem]) -> Totals:
    exact: dict[str, int] = {}
    up_to: dict[str, int] = {}
    in_force_exact = 0
    no_fig = 0
    any_date = False

    def add(bucket: dict[str, int], key: str, amount: int) -> None:
        bucket[key] = bucket.get(key, 0) + amount

    for it in items:
        if it.not_repeated:
            continue
        if it.in_force is not None:
            any_date = True
        if it.no_figure:
            no_fig += 1
            continue
        fixed = it.amount_yuan is not None and not it.upper_bound and it.amount_max_yuan is None
        if it.parts:
            for part in it.parts:
                key = _level_key(part.levels)
                if part.amount_yuan is not None:
                    add(exact, key, part.amount_yuan)
                    if it.in_force is not False:
                        in_force_exact += part.amount_yuan
                elif part.amount_max_yuan is not None:
                    add(up_to, key, part.amount_max_yuan)
        else:
            key = _level_key(it.funding_levels)
            if fixed:
                add(exact, key, it.amount_yuan or 0)
                if it.in_force is not False:
                    in_force_exact += it.amount_yuan or 0
            elif it.amount_max_yuan is not None:
                add(up_to, key, it.amount_max_yuan)
    keys = sorted(set(exact) | set(up_to), key=lambda k: (LEVEL_ORDER.index(k) if k in LEVEL_ORDER else 99, k))
    by_level = [LevelTotal(level=k, exact_yuan=exact.get(k, 0), up_to_yuan=up_to.get(k, 0)) for k in keys]
    return Totals(
        by_level=by_level,
        exact_total_yuan=sum(exact.values()),
        up_to_total_yuan=sum(up_to.values()),
        exact_total_in_force_yuan=in_force_exact if any_date else None,
        no_figure_count=no_fig,
    )


def _provide(m: Mapping) -> list[str]:
    return list(dict.fromkeys(_title(s) for s in m.sources() if s not in CONTEXT_FIELDS))


def match(profile: EnterpriseProfile, as_of: date | None = None) -> CheckupReport:
    """Run every calculator the profile can feed and sort the outcomes; same profile and date → same report."""
    if not isinstance(profile, EnterpriseProfile):
        profile = EnterpriseProfile.model_validate(profile)
    applicable: list[AwardItem] = []
    results: dict[str, CalcResult] = {}
    may_apply: list[MayApplyItem] = []
    ruled_out: list[RuledOutItem] = []
    not_assessed: list[NotAssessedItem] = []
    for m in MAPPINGS:
        if not _relevant(m, profile):
            calc = registry.get(m.calculator)
            not_assessed.append(
                NotAssessedItem(
                    calculator=calc.name,
                    title=calc.title,
                    citation=calc.citation,
                    citation_display=display_citation(calc.citation),
                    provide=_provide(m),
                )
            )
            continue
        kind, payload = _assess(m, profile, as_of)
        if kind == "applicable":
            item, result = payload
            applicable.append(item)
            results[item.calculator] = result
        elif kind == "may_apply":
            may_apply.append(payload)
        else:
            ruled_out.append(payload)

    # 就高不重复 among applicable awards of the same matter
    duplicates: list[DuplicateDecision] = []
    by_matter: dict[str, list[AwardItem]] = {}
    for it in applicable:
        if it.matter:
            by_matter.setdefault(it.matter, []).append(it)
    for matter, group in by_matter.items():
        if len(group) < 2:
            continue
        d = highest_not_repeated([results[it.calculator] for it in group])
        duplicates.append(
            DuplicateDecision(
                matter=matter,
                calculators=[it.calculator for it in group],
                kept=d.kept,
                dropped=d.dropped,
                not_comparable=d.not_comparable,
                applies=d.applies,
                reason=d.reason,
                citation=d.citation or funding_rule()[0],
                rule_words=d.rule_words or funding_rule()[1],
            )
        )
        for it in group:
            if it.calculator in d.dropped:
                it.not_repeated = True
                it.not_repeated_reason = d.reason

    units = list(
        dict.fromkeys(u for it in applicable if not it.not_repeated for u in it.responsible_units)
    )
    validity = _validity_summary(applicable, may_apply, as_of)
    return CheckupReport(
        enterprise_name=profile.name,
        as_of=as_of,
        applicable=applicable,
        may_apply=may_apply,
        ruled_out=ruled_out,
        duplicates=duplicates,
        not_assessed=not_assessed,
        totals=_totals(applicable),
        contact_units=units,
        validity_summary=validity,
        notes=general_notes() + [f"未纳入体检的计算器：{name}（{why}）" for name, why in UNMAPPED.items()],
        profile=profile,
    )


def _validity_summary(applicable: list[AwardItem], may_apply: list[MayApplyItem], as_of: date | None) -> list[str]:
    if as_of is None:
        return ["未给出体检日期，未判断各条款是否在有效期内。"]
    out = []
    docs = {it.citation.split("#")[0] for it in [*applicable, *may_apply]}
    for doc in sorted(docs):
        v = validity_for(f"{doc}#validity", as_of)
        if v is not None:
            out.append(v.note)
    expired = [it.citation_display for it in applicable if it.in_force is False]
    if expired:
        out.append(
            f"截至{as_of.isoformat()}已过有效期的适用条款：{'、'.join(expired)}；金额仍按条文计算列出，是否还能申报请向责任单位确认。"
        )
    return out


__all__ = ["match", "amount_text", "BY_NAME"]
