"""The compiled schema check lets through only what the explained check passes, on mutated data."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.paths import bundled_scenarios_dir
from simulator.scenario.loader.schema_errors import _valid, _validator
from simulator.scenario.loader.tree import Tree, compose

BUNDLED = sorted(bundled_scenarios_dir().glob("*.yaml"))
DATA = [Tree(str(path)).build(compose(path.read_text(encoding="utf-8"))) for path in BUNDLED]

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(["", " ", "ask", "default", "won", "true", "hidden", "a-b", "A_b", "x\n"]),
    st.dates(),
    st.lists(st.one_of(st.text(max_size=3), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
"""Values of every kind YAML can give, and a few that are almost right."""


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A bundled scenario's data with a few values replaced, removed or added, at any depth."""
    data = copy.deepcopy(draw(st.sampled_from(DATA)))
    for _ in range(draw(st.integers(1, 4))):
        parent: Any = data
        while True:
            keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
            if not keys:
                break
            key = draw(st.sampled_from(keys))
            child = parent[key]
            if isinstance(child, dict | list) and child and draw(st.booleans()):
                parent = child
                continue
            operation = draw(st.integers(0, 2))
            if operation == 0:
                parent[key] = draw(VALUES)
            elif operation == 1:
                del parent[key]
            elif isinstance(parent, dict):
                parent[draw(st.text(max_size=6))] = draw(VALUES)
            else:
                parent.append(draw(VALUES))
            break
    return data


@settings(
    max_examples=500,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_data_the_compiled_check_passes_has_no_schema_error(data: Any) -> None:
    if _valid(data):
        assert _validator().is_valid(data)


def test_the_compiled_check_passes_the_bundled_scenarios() -> None:
    assert DATA and all(_valid(data) for data in DATA)
