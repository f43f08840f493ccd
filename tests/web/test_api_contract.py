"""The API contract, checked by schemathesis (its pytest integration, in-process on the ASGI app) against the real
Assistant: generated requests, valid and invalid by the OpenAPI schema, must never cause a server error; every answer
must match the schema (status code, content type, body, headers, ``Allow``); invalid input must be rejected and valid
input accepted (issue 15, item 6).

Valid-input acceptance is not asked of three operations whose rules JSON Schema cannot state, and which answer 422
naming the field instead: a calculator's inputs follow the ``input_schema`` of the calculator named in the path;
a profile's figures must not contradict each other (a growth rate with a zero base year); an OpenAI request's last
message must be a non-blank user turn.

The schema is loaded eagerly from an app built at import (schemathesis' fixture-based loader does not run under
pytest 9); the session's loaded Runtime is put into that app before the first case runs.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from assistant.sessions import SessionStore
from assistant.web.api import create_app
from assistant.web.deps import Runtime

pytestmark = pytest.mark.model

MAX_EXAMPLES = 40  # per operation and phase; the probe that found the defects ran 10,438 cases
CROSS_FIELD_RULES = {("POST", "/v1/calculators/{name}"), ("POST", "/v1/match"), ("POST", "/v1/chat/completions")}

APP = create_app(Runtime(loader=lambda: None, sessions=SessionStore()))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(autouse=True, scope="module")
def _loaded_runtime(runtime):
    APP.state.runtime = runtime


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_contract(case):
    excluded = [positive_data_acceptance] if (case.method.upper(), case.path) in CROSS_FIELD_RULES else []
    case.call_and_validate(excluded_checks=excluded)
