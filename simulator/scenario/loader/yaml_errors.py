"""YAML syntax errors in a trainer's words, at the place that needs fixing."""

from __future__ import annotations

import re

import yaml
import yaml.composer
import yaml.reader

from simulator.i18n import Message
from simulator.scenario.loader.problems import Problem


def _position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset in a text."""
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def _misaligned(text: str, line: int) -> Message:
    """Say how a line that fits no block is indented, against the line above it (0-based line)."""
    lines = text.splitlines()
    here = lines[line] if line < len(lines) else ""
    above = next(
        (lines[i] for i in range(min(line, len(lines)) - 1, -1, -1) if lines[i].strip()), ""
    )

    def indent(row: str) -> int:
        return len(row) - len(row.lstrip(" "))

    return Message("loader.yaml.misaligned", {"here": indent(here), "above": indent(above)})


FLOW_EXAMPLE = '{say: "Yes, and?"}'
"""A text in brackets that holds a comma and a question mark, quoted as it must be."""

_KEY_LINE = re.compile(r"""^(\s*(?:-\s+)*)([^\s#'"][^:#]*?):(?:\s+(\S.*))?$""")
"""A `key: value` or `key:` line (also after list dashes): its indentation, key and value."""


def _run_on(text: str, line: int, column: int) -> tuple[Message, int] | None:
    """Whether a line is a key indented under a key that has a value, which YAML then reads as
    more of that value: what to say and the column to point at, or None (0-based line and column
    of the colon YAML stopped at).
    """
    lines = text.splitlines()
    here = _KEY_LINE.match(lines[line]) if line < len(lines) else None
    if here is None or len(here.group(1)) + len(here.group(2)) != column:
        return None  # the colon is inside a value on its own key's line, not a key's colon
    above = next((found for row in reversed(lines[:line]) if (found := _KEY_LINE.match(row))), None)
    if above is None or above.group(3) is None or above.group(3).startswith("#"):
        return None
    indent, expected = len(here.group(1)), len(above.group(1))
    if indent == expected:
        return None
    values = {"indent": indent, "field": above.group(2), "expected": expected}
    return Message("loader.yaml.run_on", {**values, "column": expected + 1}), indent + 1


def yaml_problem(path: str, text: str, error: yaml.YAMLError) -> Problem:
    """A YAML syntax error in trainer's words, at the place that needs fixing."""
    if isinstance(error, yaml.reader.ReaderError):
        line, column = _position(text, error.position)
        return Problem.of(
            path, line, column, "", Message("loader.yaml.control_char", {"code": error.character})
        )
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem.of(path, 1, 1, "", Message("loader.yaml.invalid", {"error": str(error)}))
    problem = error.problem or ""
    mark = error.problem_mark or error.context_mark
    context = error.context or ""
    key_column: int | None = None  # where a wrongly indented key starts, to point at it
    if "'\\t'" in problem or "tab" in problem:
        message = Message("loader.yaml.tab")
    elif "quoted scalar" in context and error.context_mark is not None:
        message = Message("loader.yaml.quote_never_closed")
        mark = error.context_mark
    elif "while parsing a flow" in context:
        message = Message("loader.yaml.flow_not_closed", {"example": FLOW_EXAMPLE})
    elif problem == "aliases are not allowed":
        message = Message("loader.yaml.alias")
    elif "expected a single document" in context:
        message = Message("loader.yaml.two_documents")
    elif "mapping values are not allowed" in problem:
        message = Message("loader.yaml.colon_in_value")
        run_on = _run_on(text, mark.line, mark.column) if mark else None
        if run_on is not None:
            message, key_column = run_on
    elif "expected <block end>" in problem and "block mapping" in context:
        message = _misaligned(text, error.problem_mark.line if error.problem_mark else 0)
    elif "could not find expected ':'" in problem:
        message = Message("loader.yaml.missing_colon")
    else:
        where = Message("loader.yaml.context", {"context": context}) if context else ""
        message = Message("loader.yaml.other", {"problem": problem, "context": where})
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    column = key_column or column
    opened = _unclosed_quote(text, line)
    if opened is not None and not isinstance(error, yaml.composer.ComposerError):
        # A quoted text may run over several lines, so YAML notices a missing closing
        # quote only lines later; the opening quote is the place to fix.
        quote, line, column = opened
        message = Message("loader.yaml.unclosed_quote", {"quote": quote})
    return Problem.of(path, line, column, "", message)


_QUOTED_VALUE = re.compile(r"""^(\s*(?:-\s+)?(?:[^\s#'"][^#'"]*?:\s+)?)(["'])(.*)$""")


def _closes(quote: str, rest: str) -> bool:
    """Whether the rest of a line after an opening quote holds its closing quote."""
    if quote == '"':
        return re.search(r'(?<!\\)"', rest) is not None
    return re.search(r"'(?!')", rest.replace("''", "")) is not None


def _unclosed_quote(text: str, last_line: int) -> tuple[str, int, int] | None:
    """The first quote opened and not closed on its own line, up to a 1-based line."""
    for index, row in enumerate(text.splitlines()[:last_line]):
        found = _QUOTED_VALUE.match(row)
        if found and not _closes(found.group(2), found.group(3)):
            return found.group(2), index + 1, len(found.group(1)) + 1
    return None
