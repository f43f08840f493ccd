"""Validation errors in the words of the person filling a form: Chinese, with the field's label and figures written
as people write them ("不能大于1000万", not "Input should be less than or equal to 1e+07").

Why here: pydantic's messages are right for the API (developers read them) and wrong for the UI's forms; the
translation goes by the error's ``type`` and ``ctx``, so no message text is parsed except our own validators'.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from calculators.blocks import fmt_number

# A model-level message line is "field_a, field_b: 中文说明 / English gloss" (see calculators.registry._field_errors).
_FIELD_LINE = re.compile(r"^([a-z0-9_]+(?:, [a-z0-9_]+)*): (.*)$", re.S)
_ENGLISH_TAIL = re.compile(r"\s*/\s*[A-Za-z][^\u4e00-\u9fff]*$")


def _bound(e: dict[str, Any], key: str) -> str:
    value = (e.get("ctx") or {}).get(key)
    return fmt_number(value) if isinstance(value, int | float) or _is_decimal(value) else str(value)


def _is_decimal(value: Any) -> bool:
    from decimal import Decimal

    return isinstance(value, Decimal)


def plain(text: str) -> str:
    """Our own validators write "中文 / English": keep the Chinese."""
    text = re.sub(r"^(?:Value error|Assertion failed), ", "", text)
    return _ENGLISH_TAIL.sub("", text).strip()


def zh_message(e: dict[str, Any]) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as a Chinese sentence."""
    kind = e.get("type", "")
    ctx = e.get("ctx") or {}
    if kind == "missing":
        return "必须填写"
    if kind == "greater_than_equal":
        return f"不能小于{_bound(e, 'ge')}"
    if kind == "greater_than":
        return f"必须大于{_bound(e, 'gt')}"
    if kind == "less_than_equal":
        return f"不能大于{_bound(e, 'le')}"
    if kind == "less_than":
        return f"必须小于{_bound(e, 'lt')}"
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return "需要整数"
    if kind.startswith(("decimal_", "float_")) or kind == "finite_number":
        return "需要数字"
    if kind.startswith("bool_"):
        return "请选“是”或“否”"
    if kind.startswith(("date_", "datetime_")):
        return "日期格式应为 YYYY-MM-DD，例如 2024-03-15"
    if kind in ("literal_error", "enum"):
        return f"应为以下之一：{str(ctx.get('expected', '')).replace(' or ', '、').replace(',', '、')}"
    if kind == "extra_forbidden":
        return "不是这一项需要填写的内容"
    if kind == "string_too_long":
        return f"不能超过{ctx.get('max_length')}个字"
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return "不能为空"
    if kind in ("value_error", "assertion_error"):
        return plain(str(e.get("msg", "")))
    return "填写有误"


def zh_problems(exc: ValidationError, labels: dict[str, str]) -> list[str]:
    """Every error as "字段名：说明"; a model-level error names its fields on each of its lines."""
    out: list[str] = []
    for e in exc.errors():
        loc = [str(p) for p in e.get("loc", ())]
        if loc:
            out.append(f"{labels.get(loc[0], loc[0])}：{zh_message(e)}")
            continue
        for line in re.sub(r"^(?:Value error|Assertion failed), ", "", str(e.get("msg", ""))).split("\n"):
            m = _FIELD_LINE.match(line.strip())
            if m:
                names = "、".join(labels.get(f, f) for f in m.group(1).split(", "))
                out.append(f"{names}：{plain(m.group(2))}")
            elif line.strip():
                out.append(plain(line))
    return out
