"""Loads scenario files safely and reports every problem in them by file, line and column."""

from simulator.scenario.loader.cache import CACHE_ENV, ScenarioCache
from simulator.scenario.loader.files import (
    MAX_BYTES,
    SCENARIO_SUFFIXES,
    Library,
    check_file,
    load_library,
    load_scenario,
    scenario_files,
)
from simulator.scenario.loader.parse import parse_scenario_text
from simulator.scenario.loader.problems import Problem, did_you_mean
from simulator.scenario.loader.tree import MAX_DEPTH, MAX_KEYS, MAX_NODES, StrictLoader

__all__ = [
    "CACHE_ENV",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_KEYS",
    "MAX_NODES",
    "SCENARIO_SUFFIXES",
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
