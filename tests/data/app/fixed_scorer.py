"""A fixed stand-in for scoring.score_turn, so app snapshots don't move when the scorer is retuned."""

from __future__ import annotations

from scoring import Classification, Evidence, TurnScore, TurnSpec

CUES: tuple[tuple[str, str, str], ...] = (
    ("确实", "compensate", "cue:admit-zh"),
    ("但", "compensate", "cue:but-benefit-zh"),
    ("？", "ask", "structure:question"),
    ("sorry", "compensate", "cue:apology-en"),
    ("and", "compensate", "cue:and-benefit-en"),
    ("?", "ask", "structure:question"),
)
"""(text, technique, signal) marked wherever the text first occurs in a reply."""


def fixed_score(reply: str, spec: TurnSpec) -> TurnScore:
    """Call every reply compensate (73), with evidence at the first occurrence of each cue."""
    evidence = tuple(
        Evidence(start, start + len(text), text, technique, signal, 1.0)  # type: ignore[arg-type]
        for text, technique, signal in CUES
        if (start := reply.find(text)) >= 0
    )
    steps = frozenset({"apologise", "propose"}) if spec.kind == "complaint" else frozenset()
    tip = "下一步:给出一个具体的数字。" if spec.lang == "zh" else "Next: give one concrete figure."
    return TurnScore(
        total=73,
        technique_fit=30,
        execution=25,
        relevance=18,
        classification=Classification(
            technique="compensate",
            confidence=0.82,
            runner_up="ask",
            runner_up_confidence=0.11,
            evidence=evidence,
            language=spec.lang or "en",
        ),
        tip=tip,
        steps=steps,  # type: ignore[arg-type]
    )
