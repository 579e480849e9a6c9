"""Markdown tables of the scoring policy and the registry, for docs/scoring.md (checked in CI)."""

from __future__ import annotations

from dataclasses import fields

from scoring.policy import POLICY, Policy
from scoring.registry import FLAGS, MOVES, STEPS


def _doc(name: str) -> str:
    """The docstring of one Policy field, from the class source's attribute docstrings."""
    return POLICY_DOCS.get(name, "")


def _field_docs() -> dict[str, str]:
    import ast
    import inspect
    import itertools

    tree = ast.parse(inspect.getsource(Policy))
    docs: dict[str, str] = {}
    body = tree.body[0].body  # type: ignore[attr-defined]
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
        ):
            docs[node.target.id] = " ".join(str(following.value.value).split())
    return docs


POLICY_DOCS: dict[str, str] = {}


def policy_table() -> str:
    """Every number of the policy, with what it means."""
    if not POLICY_DOCS:
        POLICY_DOCS.update(_field_docs())
    rows = ["| setting | value | meaning |", "|---|---|---|"]
    for item in fields(Policy):
        rows.append(f"| `{item.name}` | {getattr(POLICY, item.name)} | {_doc(item.name)} |")
    return "\n".join(rows)


def flags_table() -> str:
    """Every flag with its penalty and effects."""
    rows = [
        "| flag | penalty | mood cost | serious | spoils handling | learned | principle | message |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind in FLAGS.values():
        rows.append(
            f"| `{kind.id}` | {kind.penalty} | {kind.mood_cost} | {'yes' if kind.serious else 'no'} "
            f"| {'yes' if kind.spoils_handling else 'no'} | {'yes' if kind.learned else 'no'} "
            f"| {kind.principle} | {kind.message('en')} |"
        )
    return "\n".join(rows)


def moves_table() -> str:
    """Every move with its effect, credit, flag, step and technique."""
    rows = [
        "| move | name | effect | soothes | execution credit | raises | complaint step | technique |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind in MOVES.values():
        rows.append(
            f"| `{kind.id}` | {kind.name('en')} / {kind.name('zh')} | {kind.effect} "
            f"| {'yes' if kind.soothes else ''} | {kind.credit:+d} "
            f"| {', '.join(kind.raises)} | {kind.step or ''} | {kind.technique or ''} |"
        )
    return "\n".join(rows)


def steps_table() -> str:
    """Every complaint step."""
    rows = ["| step | order | carries forward | coached when missing |", "|---|---|---|---|"]
    for kind in sorted(STEPS.values(), key=lambda k: k.order):
        rows.append(
            f"| `{kind.id}` | {kind.order} | {'yes' if kind.carries_forward else 'no'} "
            f"| {'yes' if kind.coached else 'no'} |"
        )
    return "\n".join(rows)


TABLES = {
    "policy": policy_table,
    "flags": flags_table,
    "moves": moves_table,
    "steps": steps_table,
}
"""Each generated table by the name of its marker in docs/scoring.md."""


def render(document: str) -> str:
    """The document with every `<!-- table:NAME -->…<!-- /table:NAME -->` block regenerated."""
    for name, build in TABLES.items():
        start, end = f"<!-- table:{name} -->", f"<!-- /table:{name} -->"
        if start in document and end in document:
            head, rest = document.split(start, 1)
            _, tail = rest.split(end, 1)
            document = f"{head}{start}\n{build()}\n{end}{tail}"
    return document
