"""A deterministic stand-in for scoring.score_turn, driven by a prefix in the reply."""

from __future__ import annotations

from scoring import LABELS, Classification, Flag, Move, TurnScore, TurnSpec

CALLS: list[tuple[str, TurnSpec]] = []
"""Every (reply, spec) the fake was asked to score, in order."""


def fake_score(reply: str, spec: TurnSpec) -> TurnScore:
    """Score a reply written as `LABEL [s=NN] [+step] [!flag]: text`.

    The label before the colon is the technique; `s=NN` sets the total (default 80, or 20
    for a reply with no prefix, which is classified `none`); `+step` adds a complaint step and
    `!flag` a flag, `~move` a move. Relevance is 25 unless `!off_topic` is given.
    """
    CALLS.append((reply, spec))
    head, sep, _ = reply.partition(":")
    tokens = head.split() if sep else []
    technique = tokens[0].lower() if tokens and tokens[0].lower() in LABELS else "none"
    total = 80 if technique != "none" else 20
    steps: set[str] = set()
    flags: list[Flag] = []
    moves: list[Move] = []
    for token in tokens[1:]:
        if token.startswith("s="):
            total = int(token[2:])
        elif token.startswith("+"):
            steps.add(token[1:])
        elif token.startswith("!"):
            flags.append(Flag(id=token[1:], message=token[1:], penalty=5))
        elif token.startswith("~"):
            moves.append(Move(id=token[1:], start=0, end=len(head), text=head))
    relevance = 0 if any(f.id == "off_topic" for f in flags) else 25
    classification = Classification(
        technique=technique,  # type: ignore[arg-type]
        confidence=0.9,
        runner_up="none" if technique != "none" else "ask",
        runner_up_confidence=0.1,
        evidence=(),
        language=spec.lang or "en",
    )
    return TurnScore(
        total=total,
        technique_fit=min(40, total),
        execution=max(0, min(35, total - 40)),
        relevance=relevance,
        classification=classification,
        flags=tuple(flags),
        tip="tip",
        steps=frozenset(steps),  # type: ignore[arg-type]
        moves=tuple(moves),
    )
