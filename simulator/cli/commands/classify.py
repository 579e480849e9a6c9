"""`dojo classify`: say which technique a reply uses, for one reply or a stream of JSON Lines."""

from __future__ import annotations

import io
import sys
from typing import IO, Any

import click

from scoring import (
    LABELS,
    SCORER_VERSION,
    TECHNIQUE_NAMES,
    Classification,
    Context,
    Discouraged,
    Language,
    TurnScore,
    TurnSpec,
    classify,
    score_turn,
)
from simulator.cli.commands import jsonl
from simulator.cli.commands.jsonl import RequestError, string_field
from simulator.i18n import t
from simulator.limits import reply_too_long
from simulator.options import interface_lang, resolve_scenario_dirs, scenarios_option
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


def move_record(move: Any) -> dict[str, Any]:
    """The JSON form of one move."""
    return {
        "id": move.id,
        "span": [move.start, move.end],
        "text": move.text,
        "detail": move.detail,
    }


def score_record(score: TurnScore) -> dict[str, Any]:
    """The JSON form of a turn score, as `dojo score` writes it."""
    record = classification_record(score.classification)
    return {
        "technique": record["technique"],
        "confidence": record["confidence"],
        "total": score.total,
        "technique_fit": score.technique_fit,
        "execution": score.execution,
        "relevance": score.relevance,
        "moves": [move_record(move) for move in score.moves],
        "flags": [
            {
                "id": flag.id,
                "message": flag.message,
                "penalty": flag.penalty,
                "span": list(flag.span) if flag.span is not None else None,
            }
            for flag in score.flags
        ],
        "tip": score.tip,
        "evidence": record["evidence"],
        "steps": sorted(score.steps),
        "runner_up": record["runner_up"],
        "language": record["language"],
        "gaming": record["gaming"],
        "scorer_version": SCORER_VERSION,
    }


def score_request(request: dict[str, Any]) -> dict[str, Any]:
    """Score one `dojo score` JSON Lines request; RequestError says what is wrong with it."""
    reply = string_field(request, "reply", required=True, reply=True)
    objection = string_field(request, "objection", required=True)
    lang = request.get("lang")
    if lang not in (None, "zh", "en"):
        raise RequestError('"lang" must be "zh", "en" or null')
    kind = request.get("kind", "objection")
    if kind not in ("objection", "complaint"):
        raise RequestError('"kind" must be "objection" or "complaint"')
    recommended = request.get("recommended", [])
    if not isinstance(recommended, list) or any(label not in LABELS for label in recommended):
        raise RequestError(f'"recommended" must be a list of labels from {", ".join(LABELS)}')
    discouraged_raw = request.get("discouraged", [])
    if not isinstance(discouraged_raw, list):
        raise RequestError('"discouraged" must be a list of {"technique", "reason"}')
    discouraged = []
    for item in discouraged_raw:
        if (
            not isinstance(item, dict)
            or item.get("technique") not in LABELS
            or not isinstance(item.get("reason", ""), str)
        ):
            raise RequestError(
                'each "discouraged" item must be {"technique": label, "reason": str}'
            )
        discouraged.append(Discouraged(item["technique"], scrub(item.get("reason", ""))))
    assert reply is not None and objection is not None
    spec = TurnSpec(
        objection=objection,
        recommended=tuple(recommended),
        discouraged=tuple(discouraged),
        kind=kind,
        lang=lang,
    )
    return score_record(score_turn(reply, spec))


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
    other: Language = "en" if lang == "zh" else "zh"

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
def classify_command(reply: str | None, objection: str | None, lang: Language | None) -> None:
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
        stream(sys.stdin.buffer, sys.stdout)
        return
    too_long = reply_too_long(reply)
    if too_long:
        raise click.BadParameter(too_long, param_hint="REPLY")
    reply = scrub(reply)
    result = classify(reply, Context(objection=objection, lang=lang))
    click.echo(visible(explain(result, reply)))


def explain_score(score: TurnScore, reply: str) -> str:
    """A readable explanation of one score: the classification, then the moves, flags and tip."""
    lines = [
        f"Score:      {score.total}/100  (technique fit {score.technique_fit}/40, "
        f"execution {score.execution}/35, relevance {score.relevance}/25)",
        "",
        "Moves:",
    ]
    if not score.moves:
        lines.append("  (none)")
    for move in score.moves:
        quoted = move.text if len(move.text) <= 60 else move.text[:57] + "..."
        detail = f"  ({move.detail})" if move.detail else ""
        lines.append(f"  [{move.start}:{move.end}] {move.id}  \u201c{quoted}\u201d{detail}")
    lines.append("")
    lines.append("Flags:")
    if not score.flags:
        lines.append("  (none)")
    for flag in score.flags:
        where = f"[{flag.span[0]}:{flag.span[1]}] " if flag.span else ""
        lines.append(f"  {where}{flag.id}  -{flag.penalty}  {flag.message}")
    lines.append("")
    lines.append(f"Tip: {score.tip}")
    lines.append("")
    lines.append(explain(score.classification, reply))
    return "\n".join(lines)


@click.command("score")
@click.argument("reply", required=False)
@click.option("--objection", default=None, help="The customer's line the reply answers.")
@click.option("--scenario", "scenario_id", default=None, help="Score against this scenario's node.")
@click.option("--node", default=None, help="The scenario node (default: its start).")
@click.option(
    "--kind",
    type=click.Choice(["objection", "complaint"]),
    default=None,
    help="Default: objection.",
)
@scenarios_option
@click.pass_context
def score_command(
    ctx: click.Context,
    reply: str | None,
    objection: str | None,
    scenario_id: str | None,
    node: str | None,
    kind: str | None,
    scenario_dirs: tuple[str, ...],
) -> None:
    """Score REPLY 0-100 and explain it: technique, moves, flags and tip.

    With no REPLY, read JSON Lines from standard input, one
    {"reply", "objection", "recommended", "discouraged", "kind", "lang"} per line
    (all but reply and objection optional), and write one JSON answer per line; a bad
    line gets {"error": ...} and the rest go on.
    """
    if reply is None:
        if isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(encoding="utf-8")
        jsonl.answer_stream(sys.stdin.buffer, sys.stdout, score_request)
        return
    too_long = reply_too_long(reply)
    if too_long:
        raise click.BadParameter(too_long, param_hint="REPLY")
    reply = scrub(reply)
    if scenario_id is not None:
        from simulator.cli.commands.scenarios import turn_spec
        from simulator.errors import ScenarioError
        from simulator.scenario.loader import load_library

        lang = interface_lang(ctx)
        library = load_library(resolve_scenario_dirs(ctx, scenario_dirs))
        try:
            scenario = library.get(scenario_id)
        except ScenarioError as error:
            raise click.ClickException(error.message_in(lang)) from None
        node_id = node or scenario.start
        if node_id not in scenario.nodes:
            nodes = ", ".join(scenario.nodes)
            raise click.ClickException(
                t("cli.score.no_node", lang, scenario=scenario_id, node=node_id, nodes=nodes)
            )
        spec = turn_spec(scenario, node_id)
        if objection is not None:
            spec = TurnSpec(
                objection,
                spec.recommended,
                spec.discouraged,
                spec.model_answers,
                spec.kind,
                spec.lang,
            )
    elif objection is None:
        raise click.UsageError(t("cli.score.no_objection", interface_lang(ctx)))
    else:
        spec = TurnSpec(objection, kind=kind or "objection")  # type: ignore[arg-type]
    click.echo(visible(explain_score(score_turn(reply, spec), reply)))


COMMANDS: list[click.Command] = [classify_command, score_command]
