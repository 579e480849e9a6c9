"""`dojo classify`: say which technique a reply uses, for one reply or a stream of JSON Lines."""

from __future__ import annotations

import io
import sys
from typing import IO, Any

import click

from scoring import LABELS, SCORER_VERSION, TECHNIQUE_NAMES, Classification, Context, classify
from simulator.commands import jsonl
from simulator.commands.jsonl import RequestError, string_field
from simulator.limits import reply_too_long
from simulator.untrusted import scrub, visible

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


def answer_request(request: dict[str, Any]) -> dict[str, Any]:
    """Classify one JSON Lines request; RequestError says what is wrong with it."""
    reply = string_field(request, "reply", required=True, reply=True)
    objection = string_field(request, "objection")
    lang = request.get("lang")
    if lang not in (None, "zh", "en"):
        raise RequestError('"lang" must be "zh", "en" or null')
    assert reply is not None
    return classification_record(classify(reply, Context(objection=objection, lang=lang)))


def answer_line(line: str, number: int) -> dict[str, Any]:
    """Classify one JSON Lines request, or describe what is wrong with it."""
    return jsonl.answer_line(line.encode("utf-8", "surrogatepass"), number, answer_request)


def stream(source: IO[bytes], sink: IO[str]) -> None:
    """Answer each input line as it arrives, flushing after every answer."""
    jsonl.answer_stream(source, sink, answer_request)


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
        # JSON Lines are UTF-8 whatever the locale says; bytes are read as they are, so a
        # line that is not UTF-8 is answered with an error instead of ending the stream.
        if isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(encoding="utf-8")
        stream(getattr(sys.stdin, "buffer", sys.stdin), sys.stdout)
        return
    too_long = reply_too_long(reply)
    if too_long:
        raise click.BadParameter(too_long, param_hint="REPLY")
    reply = scrub(reply)
    result = classify(reply, Context(objection=objection, lang=lang))  # type: ignore[arg-type]
    click.echo(visible(explain(result, reply)))


COMMANDS: list[click.Command] = [classify_command]
