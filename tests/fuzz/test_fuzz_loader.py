"""Fuzz the scenario loader from the bundled files: every mutant gives problems, never a traceback."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.paths import bundled_scenarios_dir
from simulator.scenario.loader import Problem, parse_scenario_text

BUNDLED = sorted(bundled_scenarios_dir().glob("*.yaml"))
TEXTS = [path.read_text(encoding="utf-8") for path in BUNDLED]

TOKENS = (
    "!!int abc", "!!float x", "!!timestamp 2026-13-45", "2026-02-30", "2026-13-45 10:00:00",
    "[" * 600, "]", "{", "}", "9" * 5000, "1e999", ".nan", "-.inf", '"\\ud800"',
    '"\\e]0;pwned\\a"', '"\\u202e"', "&a ", "*a", "<<: {x: 1}", "? ", "- ", ": ", "\t", "'",
    '"', "#", "|", ">", "---", "...", "%YAML 1.1", "~", "no", "007", "0x1F", "12:30:00",
    "!!python/object/apply:os.system [echo]", "!!binary x", "!!set {a}", "next: nowhere",
    "end: maybe", "default:", "reactions: saved", "nodes: {}", "start: ''",
)  # fmt: skip
"""Fragments known to trip YAML readers and scenario checks."""


@st.composite
def mutants(draw: st.DrawFn) -> str:
    """A bundled scenario with a few lines deleted, copied, re-indented, cut or spliced."""
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        operation = draw(st.integers(0, 6))
        if operation == 0:
            del lines[at]
        elif operation == 1:
            lines.insert(at, lines[draw(st.integers(0, len(lines) - 1))])
        elif operation == 2:
            lines[at] = " " * draw(st.integers(0, 8)) + line.lstrip()
        elif operation == 3:
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + draw(st.sampled_from(TOKENS)) + line[cut:]
        elif operation == 4 and ":" in line:
            lines[at] = line[: line.index(":") + 1] + " " + draw(st.sampled_from(TOKENS))
        elif operation == 5:
            lines[at] = line[: draw(st.integers(0, len(line)))]  # a half-saved line
        else:
            lines[at] = line + draw(st.text(max_size=8))
    return "\n".join(lines)


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutants())
def test_no_mutant_of_a_bundled_scenario_raises(text: str) -> None:
    scenario, problems = parse_scenario_text(text, "mutant.yaml")
    assert all(isinstance(problem, Problem) for problem in problems)
    for problem in problems:
        assert problem.path == "mutant.yaml"
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message and "Traceback" not in problem.message
        str(problem).encode("utf-8")  # printable on any UTF-8 terminal or file
    if scenario is None:
        assert any(problem.severity == "error" for problem in problems)


def test_the_bundled_scenarios_are_the_fuzz_seeds() -> None:
    assert len(BUNDLED) >= 10
    for text, path in zip(TEXTS, BUNDLED, strict=True):
        scenario, _ = parse_scenario_text(text, str(path))
        assert scenario is not None, path
    assert Path(BUNDLED[0]).suffix == ".yaml"
