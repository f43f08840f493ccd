"""The profile→calculator mapping is data; these tests make a rename on either side fail loudly."""

import re

import pytest

from assistant.checkup import EnterpriseProfile
from assistant.checkup.mapping import MAPPINGS, UNMAPPED
from assistant.corpus import load_corpus
from calculators import registry

MAPPED = {m.calculator: m for m in MAPPINGS}


def test_every_calculator_is_mapped_or_explicitly_left_out():
    names = {c.name for c in registry.all()}
    assert set(MAPPED) | set(UNMAPPED) == names
    assert not set(MAPPED) & set(UNMAPPED)
    assert len(MAPPED) == len(MAPPINGS)  # no calculator mapped twice


@pytest.mark.parametrize("m", MAPPINGS, ids=lambda m: m.calculator)
def test_every_target_is_a_field_of_the_calculator_input(m):
    model = registry.get(m.calculator).input_model
    targets = [f.target for f in m.feeds]
    assert len(targets) == len(set(targets)), "a target mapped twice"
    unknown = [t for t in targets if t not in model.model_fields]
    assert not unknown, f"{m.calculator}: {unknown} not in {model.__name__}"


@pytest.mark.parametrize("m", MAPPINGS, ids=lambda m: m.calculator)
def test_every_input_field_is_fed(m):
    """A new calculator input (required or optional) must be mapped, or the 体检 would silently never give it."""
    model = registry.get(m.calculator).input_model
    fed = {f.target for f in m.feeds}
    assert set(model.model_fields) == fed, f"{m.calculator}: not fed {set(model.model_fields) - fed}"


@pytest.mark.parametrize("m", MAPPINGS, ids=lambda m: m.calculator)
def test_every_source_is_a_profile_field(m):
    unknown = [s for s in m.sources() if s not in EnterpriseProfile.model_fields]
    assert not unknown, f"{m.calculator}: {unknown} not in EnterpriseProfile"


@pytest.mark.parametrize("m", MAPPINGS, ids=lambda m: m.calculator)
def test_required_inputs_are_never_left_optional_here(m):
    """A field the calculator requires must be marked needed (else the 体检 would send a payload without it)."""
    model = registry.get(m.calculator).input_model
    for f in m.feeds:
        if model.model_fields[f.target].is_required():
            assert f.needed is True, f"{m.calculator}.{f.target} is required by the calculator"


def test_defaults_that_would_be_guesses_are_needed():
    # these inputs have defaults in the calculators (True / 1 / 0 / False) that would be a guess about the enterprise
    for calc, target in [
        ("energy_saving_municipal_2022_16", "self_implemented"),
        ("matchmaking_event_2022_51", "events_count"),
        ("recruitment_event_subsidy_2024_23", "already_subsidised_this_year"),
        ("scale_up_award_2022_13", "entered_stats_in_2022_q2"),
        ("q1_growth_award_2024_8", "new_entrant_q1_2024"),
        ("tech_upgrade_matching_2024_14", "provincial_subsidy_yuan"),
        ("tech_upgrade_matching_2024_14", "municipal_subsidy_yuan"),
    ]:
        feed = next(f for f in MAPPED[calc].feeds if f.target == target)
        assert feed.needed is True, (calc, target)


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("m", MAPPINGS, ids=lambda m: m.calculator)
def test_clause_words_are_verbatim(m):
    corpus = load_corpus()
    text = _squash(corpus.get(registry.get(m.calculator).citation).text)
    words = [f.clause_words for f in m.feeds if f.clause_words] + [g.clause_words for g in m.gates]
    for w in words:
        assert _squash(w) in text, f"{m.calculator}: {w!r} not in the clause"
    for f in m.feeds:
        assert bool(f.rules_out) == bool(f.clause_words), f"{m.calculator}.{f.target}: a ruling needs its clause words"


def test_profile_fields_have_chinese_titles_and_are_optional():
    for name, info in EnterpriseProfile.model_fields.items():
        assert info.title and re.search(r"[\u4e00-\u9fff]", info.title), name
        assert not info.is_required(), name
    assert EnterpriseProfile.model_config["extra"] == "forbid"
    schema = EnterpriseProfile.model_json_schema()
    assert schema["properties"]["industry"]["anyOf"][0]["$ref"].endswith("Industry")
    assert EnterpriseProfile().model_dump(exclude_none=True) == {}
