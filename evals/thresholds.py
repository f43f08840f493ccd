"""Thresholds (`evals/thresholds.toml`) and the comparison that decides the exit code."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from evals.scoring import ALL_METRICS, Metrics

DEFAULT_THRESHOLDS = Path(__file__).with_name("thresholds.toml")


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")

    min: dict[str, float] = Field(default_factory=dict, description="metric must be >= this")
    max: dict[str, float] = Field(default_factory=dict, description="metric must be <= this")

    @field_validator("min", "max")
    @classmethod
    def _known(cls, v: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(v) - set(ALL_METRICS))
        if unknown:
            raise ValueError(f"unknown metric(s) {', '.join(unknown)}; known: {', '.join(ALL_METRICS)}")
        return v


class ThresholdCheck(BaseModel):
    metric: str
    kind: Literal["min", "max"]
    threshold: float
    value: float | None
    status: Literal["pass", "fail", "missing"]

    def describe(self) -> str:
        op = ">=" if self.kind == "min" else "<="
        if self.status == "missing":
            return f"{self.metric}: no applicable cases (needs {op} {self.threshold:g})"
        return f"{self.metric} = {self.value:.4f} (needs {op} {self.threshold:g})"


def load_thresholds(path: Path | str = DEFAULT_THRESHOLDS) -> Thresholds:
    with Path(path).open("rb") as fh:
        return Thresholds.model_validate(tomllib.load(fh))


def check_thresholds(metrics: Metrics, thresholds: Thresholds) -> list[ThresholdCheck]:
    out: list[ThresholdCheck] = []
    for kind, table in (("min", thresholds.min), ("max", thresholds.max)):
        for metric, threshold in table.items():
            value = metrics.value(metric)
            if value is None:
                status = "missing"
            elif kind == "min":
                status = "pass" if value >= threshold - 1e-12 else "fail"
            else:
                status = "pass" if value <= threshold + 1e-12 else "fail"
            out.append(ThresholdCheck(metric=metric, kind=kind, threshold=threshold, value=value, status=status))
    return out


def gate_failures(checks: list[ThresholdCheck], *, allow_missing: bool = False) -> list[ThresholdCheck]:
    """The checks that make the run exit non-zero."""
    return [c for c in checks if c.status == "fail" or (c.status == "missing" and not allow_missing)]
