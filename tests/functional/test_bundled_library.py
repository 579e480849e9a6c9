"""The bundled scenario library agrees with itself: coverage, and what its self-tests show."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.paths import bundled_scenarios_dir
from simulator.scenario.loader import load_library
from simulator.scenario.model import Scenario

INDUSTRY_GROUPS = {
    "banking": {"banking"},
    "telecom": {"telecom"},
    "SaaS renewal": {"saas"},
    "real estate": {"real-estate"},
    "restaurants": {"restaurant"},
    "healthcare booking": {"healthcare"},
}
"""Industries the library must cover, each with the `industry` values that count for it."""


@pytest.fixture(scope="module")
def library() -> dict[str, Scenario]:
    loaded = load_library([bundled_scenarios_dir()])
    assert not loaded.errors
    return loaded.scenarios


def test_the_library_has_both_languages_and_enough_complaints(
    library: dict[str, Scenario],
) -> None:
    languages = Counter(s.language for s in library.values())
    assert languages["zh"] >= 12 and languages["en"] >= 12
    assert sum(1 for s in library.values() if s.kind == "complaint") >= 8


@pytest.mark.parametrize("group", INDUSTRY_GROUPS)
def test_each_industry_has_a_hidden_objection_or_a_fact_to_correct(
    library: dict[str, Scenario], group: str
) -> None:
    scenarios = [s for s in library.values() if s.industry in INDUSTRY_GROUPS[group]]
    assert scenarios, f"no {group} scenario"
    nodes = [n for s in scenarios for n in s.nodes.values()]
    assert any(n.nature in ("hidden", "false") or n.cause == "wrong_facts" for n in nodes)


def test_every_self_test_of_the_bundled_library_passes() -> None:
    """Every model answer reads as its technique, every model-answer playthrough ends won or
    resolved, every example scores as its author expects: `dojo validate --test` exits 0."""
    result = CliRunner().invoke(cli, ["validate", "--test", "--json", str(bundled_scenarios_dir())])
    data = json.loads(result.stdout)
    assert data["problems"] == [], data["summary"]
    assert data["model_answers_agreeing"] == data["model_answers"], data["summary"]
    assert data["playthroughs_ending_well"] == data["playthroughs"], data["summary"]
    assert result.exit_code == 0, data["summary"]
