"""Builders for gold cases and responses in the exact contract shape (assistant/schema.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from assistant.documents import registry
from assistant.schema import AskResponse
from evals.dataset import GoldCase


def gold(id: str = "c1", **over: Any) -> GoldCase:
    base: dict[str, Any] = {
        "id": id,
        "category": "lookup",
        "question": "春节期间用电奖励是哪一条？",
        "history": [],
        "as_of": None,
        "expected_intent": "clause_lookup",
        "expected_citations": ["2024#9"],
        "expected_units": None,
        "expected_amount_yuan": None,
        "expected_amount_max_yuan": None,
        "expected_eligible": None,
        "expected_in_force": None,
        "expected_needs": [],
        "note": "test case",
    }
    base.update(over)
    return GoldCase.model_validate(base)


def cite(cid: str, units: list[str] | None = None) -> dict[str, Any]:
    doc, _, clause = cid.partition("#")
    return {
        "id": cid,
        "doc": registry().wenhao(doc),
        "clause": int(clause) if clause.isdigit() else None,
        "display": cid,
        "responsible_units": units or [],
        "quote": "…",
    }


def calc(amount: int | None = None, amount_max: int | None = None, eligible: bool | None = True) -> dict[str, Any]:
    return {
        "calculator": "test",
        "inputs": {},
        "eligible": eligible,
        "amount_yuan": amount,
        "amount_max_yuan": amount_max,
        "steps": [],
    }


def validity(in_force: bool) -> dict[str, Any]:
    return {
        "doc": registry().wenhao("2024"),
        "citation": "2024#validity",
        "effective_from": date(2024, 2, 8),
        "expires": date(2024, 3, 31),
        "in_force": in_force,
        "as_of": date(2024, 3, 1),
        "note": "",
    }


def resp(
    intent: str = "clause_lookup",
    citations: list[dict[str, Any]] | None = None,
    calculation: dict[str, Any] | None = None,
    validity_: list[dict[str, Any]] | None = None,
    needs: list[str] | None = None,
) -> AskResponse:
    return AskResponse.model_validate(
        {
            "intent": intent,
            "answer": "…",
            "citations": citations or [],
            "calculation": calculation,
            "validity": validity_ or [],
            "needs": needs or [],
        }
    )
