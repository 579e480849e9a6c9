"""`dojo classify`: say which technique a reply uses, for one reply or a stream of JSON Lines."""

from __future__ import annotations

import io
import json
import sys
from typing import IO, Any

import click

from scoring import LABELS, SCORER_VERSION, TECHNIQUE_NAMES, Classification, Context, classify

BAR_WIDTH = 24


def classification_record(result: Classification) -> dict[str, Any]:
    """The JSON form of a classification, as `dojo classify` writes it."""
    return {
        "technique": result.technique,
        "confidence": result.confidence,
        "runner_up": result.runner_up,
        "runner_up_confidence": result.runner_up_confidence,
        "language": result.language,
        "evidence": [
            {
                "start": item.start,
                "end": item.end,
                "text": item.text,
                "technique": item.technique,
                "signal": item.signal,
                "weight": item.weight,
            }
            for item in result.evidence
        ],
        "probabilities": result.probabilities,
        "gaming": list(result.gaming),
        "scorer_version": SCORER_VERSION,
    }


def answer_line(line: str, number: int) -> dict[str, Any]:
    """Classify one JSON Lines request, or describe what is wrong with it."""
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        return {"error": f"line {number}: not valid JSON ({error.msg} at column {error.colno})"}
    if not isinstance(request, dict):
        return {"error": f'line {number}: expected a JSON object like {{"reply": "..."}}'}
    reply = request.get("reply")
    if not isinstance(reply, str):
        return {"error": f'line {number}: missing "reply" (a string)'}
    objection = request.get("objection")
    if objection is not None and not isinstance(objection, str):
        return {"error": f'line {number}: "objection" must be a string or null'}
    lang = request.get("lang")
    if lang not in (None, "zh", "en"):
        return {"error": f'line {number}: "lang" must be "zh", "en" or null'}
    return classification_record(classify(reply, Context(objection=objection, lang=lang)))


def stream(source: IO[str], sink: IO[str]) -> None:
    """Answer each input line as it arrives, flushing after every answer."""
    number = 0
    while True:
        line = source.readline()
        if not line:
            break
        number += 1
        if not line.strip():
            continue
        sink.write(json.dumps(answer_line(line, number), ensure_ascii=False) + "\n")
        sink.flush()


def explain(result: Classification, reply: str) -> str:
    """A readable explanation of one classification."""
    lang = result.language
    other = "en" if lang == "zh" else "zh"

    def name(label: str) -> str:
        names = TECHNIQUE_NAMES[label]  # type: ignore[index]
        return f"{names[lang]} / {names[other]} ({label})"

    lines = [
        f"Technique:  {name(result.technique)}  {result.confidence:.0%}",
        f"Runner-up:  {name(result.runner_up)}  {result.runner_up_confidence:.0%}",
        f"Language:   {lang}",
    ]
    if result.gaming:
        lines.append(f"Looks gamed: {', '.join(result.gaming)}")
    lines.append("")
    lines.append("Evidence:")
    if not result.evidence:
        lines.append("  (none)")
    for item in result.evidence:
        quoted = item.text if len(item.text) <= 60 else item.text[:57] + "..."
        lines.append(
            f"  [{item.start}:{item.end}] \u201c{quoted}\u201d  -> {item.technique}  {item.signal}  +{item.weight:.2f}"
        )
    lines.append("")
    lines.append("Probabilities:")
    for label in sorted(LABELS, key=lambda label: -result.probabilities.get(label, 0.0)):
        share = result.probabilities.get(label, 0.0)
        bar = "\u2588" * round(share * BAR_WIDTH)
        lines.append(f"  {label:<10} {bar:<{BAR_WIDTH}} {share:6.1%}")
    lines.append("")
    lines.append(f"Reply: {reply}")
    lines.append(f"Scorer {SCORER_VERSION}")
    return "\n".join(lines)


@click.command("classify")
@click.argument("reply", required=False)
@click.option("--objection", default=None, help="The customer's line the reply answers.")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="The reply's language (default: detected).",
)
def classify_command(reply: str | None, objection: str | None, lang: str | None) -> None:
    """Say which technique REPLY uses, and why.

    With no REPLY, read JSON Lines from standard input, one
    {"reply": ..., "objection": ..., "lang": ...} per line, and write one JSON
    answer per line.
    """
    if reply is None:
        # JSON Lines are UTF-8 whatever the locale says.
        for handle in (sys.stdin, sys.stdout):
            if isinstance(handle, io.TextIOWrapper):
                handle.reconfigure(encoding="utf-8")
        stream(sys.stdin, sys.stdout)
        return
    result = classify(reply, Context(objection=objection, lang=lang))  # type: ignore[arg-type]
    click.echo(explain(result, reply))


COMMANDS: list[click.Command] = [classify_command]
