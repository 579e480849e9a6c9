"""Regenerates the policy, flag, move and step tables in docs/scoring.md (CI checks they match)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.tables import render  # noqa: E402

DOC = ROOT / "docs" / "scoring.md"


def main() -> None:
    """Rewrite the generated blocks of docs/scoring.md in place."""
    before = DOC.read_text(encoding="utf-8")
    after = render(before)
    DOC.write_text(after, encoding="utf-8")
    print("docs/scoring.md " + ("updated" if after != before else "already up to date"))


if __name__ == "__main__":
    main()
