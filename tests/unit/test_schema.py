"""Tests that the committed scenario JSON Schema matches the dataclasses and the bundled files."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from simulator.paths import bundled_scenarios_dir
from simulator.scenario import model
from simulator.scenario.schema import NOT_IN_YAML, SCHEMA_FILE, build_schema, render_schema

COMMITTED = Path(__file__).parent.parent.parent / "scenarios" / SCHEMA_FILE
MODELINE = "# yaml-language-server: $schema=./scenario.schema.json"


def committed() -> dict[str, object]:
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_committed_schema_is_the_generated_one() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render_schema(), (
        "scenarios/scenario.schema.json is out of date: "
        "run `python -m simulator.scenario.schema scenarios/scenario.schema.json`"
    )


def test_committed_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(committed())


@pytest.mark.parametrize(
    ("cls", "where"),
    [
        (model.Scenario, ()),  # the top level
        (model.Persona, ("$defs", "Persona")),
        (model.Node, ("$defs", "Node")),
        (model.Reaction, ("$defs", "Reaction")),
        (model.Discouragement, ("$defs", "Discouragement")),
        (model.Example, ("$defs", "Example")),
    ],
)
def test_every_dataclass_field_has_a_schema_property_and_back(
    cls: type, where: tuple[str, ...]
) -> None:
    schema: object = committed()
    for key in where:
        assert isinstance(schema, dict)
        schema = schema[key]
    assert isinstance(schema, dict)
    fields = {f.name for f in dataclasses.fields(cls)} - NOT_IN_YAML.get(cls, frozenset())
    assert set(schema["properties"]) == fields
    assert all(prop["description"] for prop in schema["properties"].values())


def test_schema_enums_follow_the_model() -> None:
    schema = build_schema()
    node = schema["$defs"]["Node"]["properties"]
    assert node["cause"]["enum"] == list(model.CAUSES)
    assert schema["$defs"]["Reaction"]["properties"]["end"]["enum"] == list(model.OUTCOMES)
    assert set(schema["properties"]["satisfaction_weights"]["properties"]) == set(
        model.SATISFACTION_FACTORS
    )


def test_every_bundled_scenario_starts_with_the_modeline() -> None:
    files = sorted(bundled_scenarios_dir().glob("*.y*ml"))
    wrong = [f.name for f in files if f.read_text(encoding="utf-8").splitlines()[:1] != [MODELINE]]
    assert wrong == [], f"these files must start with {MODELINE!r}"


def test_bundled_schema_sits_beside_the_bundled_scenarios() -> None:
    assert (bundled_scenarios_dir() / SCHEMA_FILE).is_file()
