"""`dojo classify`: say which technique a reply uses, for one reply or a stream of JSON Lines."""

from __future__ import annotations

import io
import json
import sys
from typing import IO, Any

import click

from scoring import (
    LABELS,
    POLICY,
    SCORER_VERSION,
    TECHNIQUE_NAMES,
    Classification,
    Context,
    Discouraged,
    TurnScore,
    TurnSpec,
    classify,
    score_turn,
)
from simulator.options import resolve_scenario_dirs, scenarios_option

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
        "moves": [move_record(move) for move in result.moves],
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


MAX_LINE_CHARS = 4 * POLICY.max_reply_chars + 4096
"""The longest request line `dojo score` reads; a longer one is answered with an error."""


def score_line(line: str, number: int) -> dict[str, Any]:
    """Score one JSON Lines request, or describe what is wrong with it."""
    if len(line) > MAX_LINE_CHARS:
        return {
            "error": f"line {number}: {len(line)} characters is too long; a request line may hold "
            f"at most {MAX_LINE_CHARS} (replies over {POLICY.max_reply_chars} characters are cut)"
        }
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        return {"error": f"line {number}: not valid JSON ({error.msg} at column {error.colno})"}
    if not isinstance(request, dict):
        return {
            "error": f'line {number}: expected a JSON object like {{"reply": "...", "objection": "..."}}'
        }
    reply, objection = request.get("reply"), request.get("objection")
    if not isinstance(reply, str):
        return {"error": f'line {number}: missing "reply" (a string)'}
    if not isinstance(objection, str):
        return {"error": f'line {number}: missing "objection" (a string: the customer\'s line)'}
    lang = request.get("lang")
    if lang not in (None, "zh", "en"):
        return {"error": f'line {number}: "lang" must be "zh", "en" or null'}
    kind = request.get("kind", "objection")
    if kind not in ("objection", "complaint"):
        return {"error": f'line {number}: "kind" must be "objection" or "complaint"'}
    recommended = request.get("recommended", [])
    if not isinstance(recommended, list) or any(label not in LABELS for label in recommended):
        return {
            "error": f'line {number}: "recommended" must be a list of labels from {", ".join(LABELS)}'
        }
    discouraged_raw = request.get("discouraged", [])
    discouraged = []
    if not isinstance(discouraged_raw, list):
        return {
            "error": f'line {number}: "discouraged" must be a list of {{"technique", "reason"}}'
        }
    for item in discouraged_raw:
        if (
            not isinstance(item, dict)
            or item.get("technique") not in LABELS
            or not isinstance(item.get("reason", ""), str)
        ):
            return {
                "error": f'line {number}: each "discouraged" item must be {{"technique": label, "reason": str}}'
            }
        discouraged.append(Discouraged(item["technique"], item.get("reason", "")))
    spec = TurnSpec(
        objection=objection,
        recommended=tuple(recommended),
        discouraged=tuple(discouraged),
        kind=kind,
        lang=lang,
    )
    return score_record(score_turn(reply, spec))


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


def stream(source: IO[str], sink: IO[str], answer: Any = None, limit: int | None = None) -> None:
    """Answer each input line as it arrives, flushing after every answer.

    With a `limit`, a longer line is read only up to it and answered as too long.
    """
    answer = answer or answer_line
    number = 0
    while True:
        line = source.readline(limit) if limit else source.readline()
        if not line:
            break
        number += 1
        if limit and len(line) >= limit and not line.endswith("\n"):
            rest = len(line)
            while True:
                more = source.readline(limit)
                rest += len(more)
                if not more or more.endswith("\n"):
                    break
            sink.write(
                json.dumps(
                    {
                        "error": f"line {number}: {rest} characters is too long; a request line may hold at most {limit - 1}"
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            sink.flush()
            continue
        if not line.strip():
            continue
        sink.write(json.dumps(answer(line, number), ensure_ascii=False) + "\n")
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


def _utf8_stdio() -> None:
    # JSON Lines are UTF-8 whatever the locale says.
    for handle in (sys.stdin, sys.stdout):
        if isinstance(handle, io.TextIOWrapper):
            handle.reconfigure(encoding="utf-8")


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
        _utf8_stdio()
        stream(sys.stdin, sys.stdout)
        return
    result = classify(reply, Context(objection=objection, lang=lang))  # type: ignore[arg-type]
    click.echo(explain(result, reply))


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
        _utf8_stdio()
        stream(sys.stdin, sys.stdout, score_line, MAX_LINE_CHARS + 1)
        return
    if scenario_id is not None:
        from simulator.commands.scenarios import turn_spec
        from simulator.errors import ScenarioError
        from simulator.loader import load_library

        library = load_library(resolve_scenario_dirs(ctx, scenario_dirs))
        try:
            scenario = library.get(scenario_id)
        except ScenarioError as error:
            raise click.ClickException(str(error)) from None
        node_id = node or scenario.start
        if node_id not in scenario.nodes:
            raise click.ClickException(
                f"scenario '{scenario_id}' has no node '{node_id}'; its nodes are: "
                + ", ".join(scenario.nodes)
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
        raise click.UsageError('give --objection "the customer\'s line", or --scenario ID')
    else:
        spec = TurnSpec(objection, kind=kind or "objection")  # type: ignore[arg-type]
    click.echo(explain_score(score_turn(reply, spec), reply))


COMMANDS: list[click.Command] = [classify_command, score_command]
