"""YAML syntax errors in a trainer's words, at the place that needs fixing."""

from __future__ import annotations

import re

import yaml
import yaml.composer
import yaml.reader

from simulator.scenario.loader.problems import Problem


def _position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset in a text."""
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def _misaligned(text: str, line: int) -> str:
    """Say how a line that fits no block is indented, against the line above it (0-based line)."""
    lines = text.splitlines()
    here = lines[line] if line < len(lines) else ""
    above = next(
        (lines[i] for i in range(min(line, len(lines)) - 1, -1, -1) if lines[i].strip()), ""
    )

    def indent(row: str) -> int:
        return len(row) - len(row.lstrip(" "))

    return (
        f"this line is indented {indent(here)} spaces and the line above {indent(above)}, and it "
        "fits no block: keys of one block start in the same column; line it up with its "
        "neighbours"
    )


_KEY_LINE = re.compile(r"""^(\s*(?:-\s+)*)([^\s#'"][^:#]*?):(?:\s+(\S.*))?$""")
"""A `key: value` or `key:` line (also after list dashes): its indentation, key and value."""


def _run_on(text: str, line: int, column: int) -> tuple[str, int] | None:
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
    key = above.group(2)
    return (
        f"this line is probably indented wrongly: it is indented {indent} spaces, and the key "
        f"'{key}' above it {expected}, so YAML reads it as more of the value of '{key}', and a "
        "colon followed by a space cannot appear in an unquoted value; indent it "
        f"{expected} spaces (column {expected + 1}), like '{key}', or put the value of '{key}' "
        "in quotes if the colon belongs to it",
        indent + 1,
    )


def yaml_problem(path: str, text: str, error: yaml.YAMLError) -> Problem:
    """A YAML syntax error in trainer's words, at the place that needs fixing."""
    if isinstance(error, yaml.reader.ReaderError):
        line, column = _position(text, error.position)
        return Problem(
            path,
            line,
            column,
            "",
            f"the file contains the control character U+{error.character:04X}, which YAML does "
            "not allow; delete it",
        )
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem(path, 1, 1, "", f"this is not valid YAML: {error}")
    problem = error.problem or ""
    mark = error.problem_mark or error.context_mark
    context = error.context or ""
    key_column: int | None = None  # where a wrongly indented key starts, to point at it
    if "'\\t'" in problem or "tab" in problem:
        message = (
            "a tab character is used for indentation; YAML indents with spaces only — "
            "replace the tab with spaces"
        )
    elif "quoted scalar" in context and error.context_mark is not None:
        message = "a quoted text is never closed; add the closing quote"
        mark = error.context_mark
    elif "while parsing a flow" in context:
        message = (
            "a list [ … ] or mapping { … } is not closed properly here; inside brackets, put any "
            'text that holds a comma, colon, question mark or bracket in quotes, e.g. {say: "Yes, and?"}'
        )
    elif problem == "aliases are not allowed":
        message = (
            "aliases (*name) are not allowed in scenarios; write the text out in full "
            "instead of referring to an &anchor"
        )
    elif "expected a single document" in context:
        message = "a file holds one scenario only; remove the second '---' document or move it to its own file"
    elif "mapping values are not allowed" in problem:
        message = (
            "a colon followed by a space cannot appear in an unquoted value; "
            'put the value in quotes, e.g. say: "Note: …"'
        )
        run_on = _run_on(text, mark.line, mark.column) if mark else None
        if run_on is not None:
            message, key_column = run_on
    elif "expected <block end>" in problem and "block mapping" in context:
        message = _misaligned(text, error.problem_mark.line if error.problem_mark else 0)
    elif "could not find expected ':'" in problem:
        message = (
            "expected 'key: value' here; a line may be missing its colon or is indented wrongly"
        )
    else:
        where = f" ({context})" if context else ""
        message = f"this is not valid YAML: {problem}{where}; check the indentation and quotes"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    column = key_column or column
    opened = _unclosed_quote(text, line)
    if opened is not None and not isinstance(error, yaml.composer.ComposerError):
        # A quoted text may run over several lines, so YAML notices a missing closing
        # quote only lines later; the opening quote is the place to fix.
        quote, line, column = opened
        message = f"the quote {quote} opened here is never closed; add the closing {quote}"
    return Problem(path, line, column, "", message)


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
