"""Loads scenario files safely and reports every problem in them by file, line and column."""

from simulator.scenario.loader.checks import (
    MAX_BYTES,
    MAX_KEYS,
    MAX_NODES,
    Library,
    Problem,
    ScenarioCache,
    StrictLoader,
    check_file,
    did_you_mean,
    load_library,
    load_scenario,
    parse_scenario_text,
    scenario_files,
)

__all__ = [
    "MAX_BYTES",
    "MAX_KEYS",
    "MAX_NODES",
    "Library",
    "Problem",
    "ScenarioCache",
    "StrictLoader",
    "check_file",
    "did_you_mean",
    "load_library",
    "load_scenario",
    "parse_scenario_text",
    "scenario_files",
]
