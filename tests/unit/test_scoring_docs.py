"""docs/scoring.md carries the policy, flag, move and step tables exactly as the code generates them."""

from __future__ import annotations

from pathlib import Path

from scoring.tables import TABLES, render

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"


def test_every_generated_table_is_in_the_scoring_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in TABLES:
        assert f"<!-- table:{name} -->" in text and f"<!-- /table:{name} -->" in text


def test_the_scoring_doc_tables_match_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert render(text) == text, "run `python bench/docs_tables.py` and commit docs/scoring.md"
