"""The shareable HTML report: one self-contained file, inline styles and SVG charts, zh or en."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any, get_args

from scoring.models import LABELS, TECHNIQUE_NAMES
from simulator.i18n import LANGUAGES, Language, t
from simulator.records.report import WINDOW_WEEKS, Period
from simulator.session.evaluation import level_name as evaluation_level_name
from simulator.session.principles import principle_name, principle_of

Row = dict[str, Any]

COLOURS: dict[str, str] = {
    "ignore": "#E69F00",
    "compensate": "#56B4E9",
    "taichi": "#009E73",
    "ask": "#CC79A7",
    "yes_if": "#0072B2",
    "rebuttal": "#D55E00",
    "none": "#B0B0B0",
}
"""One colour per label (Okabe-Ito, told apart with colour blindness too)."""

LEVEL_COLOURS: dict[str, str] = {
    "dissatisfied": "#D55E00",
    "disappointed": "#E69F00",
    "satisfied": "#B0B0B0",
    "pleased": "#56B4E9",
    "delighted": "#009E73",
}


STYLE = """
:root { --ink: #1d2430; --muted: #5b6575; --line: #d5dae1; --band: #f3f5f8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, "Segoe UI", "PingFang SC", "Noto Sans CJK SC",
  "WenQuanYi Micro Hei", sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px;
  padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid var(--accent);
  padding-bottom: 3px; }
p.meta, p.intro, p.hint { color: var(--muted); margin: 4px 0 10px; }
dl.filters { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px;
  margin: 8px 0; padding: 8px 12px; background: var(--band); border-radius: 6px; }
dl.filters dt { font-weight: 600; }
dl.filters dd { margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 130px; }
.card b { display: block; font-size: 20px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;
  vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: var(--band); }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th[aria-sort="ascending"]::after { content: " \\25B2"; }
table.sortable th[aria-sort="descending"]::after { content: " \\25BC"; }
tbody tr:nth-child(even) { background: #fafbfc; }
.note-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.bad { color: #b23c00; font-weight: 600; }
.good { color: #00704f; font-weight: 600; }
.dim { color: var(--muted); }
figure { margin: 8px 0 14px; }
figcaption { color: var(--muted); font-size: 12px; margin-bottom: 4px; }
svg text { font-family: inherit; }
.legend span { display: inline-block; margin-right: 12px; font-size: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px;
  vertical-align: -1px; }
dl.definitions dt { font-weight: 600; margin-top: 4px; }
dl.definitions dd { margin: 0 0 0 12px; color: var(--muted); }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; }
  figure, tr, .card { break-inside: avoid; }
  thead { display: table-header-group; }
  p.hint { display: none; }
  a { color: inherit; text-decoration: none; }
}
"""

SCRIPT = """
(function () {
  function key(cell) {
    var v = cell.getAttribute('data-v');
    if (v === null) { return cell.textContent.trim().toLowerCase(); }
    return v === '' ? null : parseFloat(v);
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, index) {
      th.tabIndex = 0;
      function sort() {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[index]), y = key(b.cells[index]);
          if (x === y) { return 0; }
          if (x === null) { return 1; }
          if (y === null) { return -1; }
          return (x < y ? -1 : 1) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter') { sort(); } });
    });
  });
})();
"""

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
"""The page may load nothing from anywhere: everything it shows is inside the file."""


def e(value: Any) -> str:
    """Text escaped for HTML content and attribute values."""
    return escape("" if value is None else str(value), quote=True)


def _number(value: float | int | None, places: int = 1) -> str:
    if value is None:
        return "–"
    return str(value) if isinstance(value, int) else f"{value:.{places}f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def technique_name(label: str | None, lang: Language) -> str:
    """A label's name in the language, with its id."""
    if label is None:
        return "–"
    name = TECHNIQUE_NAMES.get(label, {}).get(lang, label)  # type: ignore[call-overload]
    return f"{name} ({label})" if name != label else label


Column = tuple[str, Callable[[Row], Any], Callable[[Row], Any] | None, bool]
"""A column: heading, cell text, sort value (None: sort by text) and whether it is a figure."""


def table(columns: list[Column], rows: Iterable[Row], lang: Language) -> str:
    """A sortable table; every heading and cell escaped, figures sorted as numbers."""
    head = "".join(
        f'<th scope="col"{" class=n" if numeric else ""}>{e(title)}</th>'
        for title, _cell, _sort, numeric in columns
    )
    body = []
    for row in rows:
        cells = []
        for _title, cell, sort, numeric in columns:
            attrs = ' class="n"' if numeric else ""
            if sort is not None:
                value = sort(row)
                attrs += f' data-v="{e("" if value is None else value)}"'
            content = cell(row)
            cells.append(
                f"<td{attrs}>{content if isinstance(content, Markup) else e(content)}</td>"
            )
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        return f'<p class="dim">{e(t("report.html.none", lang))}</p>'
    return (
        f'<table class="sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


class Markup(str):
    """HTML this module built itself from escaped parts; a table puts it in as it is."""


def figure(title: str, key: str, show: Callable[[Any], str] = _number) -> Column:
    """A column of a figure, shown formatted and sorted by its value."""
    return (title, lambda row: show(row[key]), lambda row: row[key], True)


def count(title: str, key: str) -> Column:
    """A column of a count."""
    return (title, lambda row: row[key], lambda row: row[key], True)


def words(title: str, key: str) -> Column:
    """A column of text, sorted as text."""
    return (title, lambda row: row[key], None, False)


# -- charts ---------------------------------------------------------------------


def svg(width: int, height: int, body: str, label: str) -> Markup:
    """An inline SVG element with an accessible name."""
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{e(label)}">'
        f"<title>{e(label)}</title>{body}</svg>"
    )


def legend(labels: Iterable[str], lang: Language) -> str:
    """A colour key of the labels."""
    return (
        '<div class="legend">'
        + "".join(
            f'<span><i style="background:{COLOURS.get(label, "#888")}"></i>'
            f"{e(technique_name(label, lang))}</span>"
            for label in labels
        )
        + "</div>"
    )


def mix_chart(
    teams: list[Row], team_label: Callable[[Row], str], lang: Language, title: str
) -> str:
    """Each team's technique mix as one 100 % stacked bar."""
    label_width, bar_width, row_height = 170, 520, 22
    height = row_height * len(teams) + 4
    parts = []
    for n, team in enumerate(teams):
        y = n * row_height + 2
        name = team_label(team)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{e(name[:28])}</text>"
        )
        x = float(label_width)
        for label in LABELS:
            share = team["technique_mix"].get(label) or 0.0
            if share <= 0:
                continue
            w = share * bar_width
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_height - 6}" '
                f'fill="{COLOURS[label]}"><title>{e(name)}: {e(technique_name(label, lang))} '
                f"{share:.0%}</title></rect>"
            )
            if w >= 28:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 12}" text-anchor="middle" '
                    f'font-size="10" fill="#fff">{share:.0%}</text>'
                )
            x += w
    chart = svg(label_width + bar_width + 10, height, "".join(parts), title)
    return f"<figure><figcaption>{e(title)}</figcaption>{chart}{legend(LABELS, lang)}</figure>"


def sparkline(weekly: list[Row], label: str, width: int = 150, height: int = 30) -> Markup:
    """A trainee's weekly average scores (0-100) as a small line, the last week marked."""
    scores = [row["average_score"] for row in weekly if row["average_score"] is not None]
    if not scores:
        return Markup("")
    step = (width - 6) / max(1, len(scores) - 1)

    def y(score: float) -> float:
        return height - 3 - score / 100 * (height - 6)

    points = " ".join(f"{3 + n * step:.1f},{y(s):.1f}" for n, s in enumerate(scores))
    last_x = 3 + (len(scores) - 1) * step
    body = (
        f'<line x1="0" y1="{y(60):.1f}" x2="{width}" y2="{y(60):.1f}" stroke="#d5dae1" '
        'stroke-dasharray="2,2"/>'
        f'<polyline points="{points}" fill="none" stroke="#0072B2" stroke-width="1.5"/>'
        f'<circle cx="{last_x:.1f}" cy="{y(scores[-1]):.1f}" r="2.5" fill="#0072B2"/>'
    )
    return svg(width, height, body, label)


def line_chart(rows: list[Row], title: str) -> str:
    """Average score per period on a 0-100 axis."""
    points_rows = [row for row in rows if row["average_score"] is not None]
    if not points_rows:
        return ""
    width, height, left, bottom = 700, 200, 34, 26
    inner_w, inner_h = width - left - 10, height - bottom - 10
    step = inner_w / max(1, len(points_rows) - 1)

    def y(score: float) -> float:
        return 10 + inner_h - score / 100 * inner_h

    parts = []
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - 10}" y2="{y(tick):.1f}" '
            'stroke="#e3e7ec"/>'
            f'<text x="{left - 4}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="10">'
            f"{tick}</text>"
        )
    points = " ".join(
        f"{left + n * step:.1f},{y(row['average_score']):.1f}" for n, row in enumerate(points_rows)
    )
    parts.append(f'<polyline points="{points}" fill="none" stroke="#0072B2" stroke-width="2"/>')
    every = max(1, len(points_rows) // 8)
    for n, row in enumerate(points_rows):
        x = left + n * step
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y(row["average_score"]):.1f}" r="2.5" fill="#0072B2">'
            f"<title>{e(row['period'])}: {row['average_score']:.1f}</title></circle>"
        )
        if n % every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" font-size="10">'
                f"{e(row['period'])}</text>"
            )
    return f"<figure><figcaption>{e(title)}</figcaption>{svg(width, height, ''.join(parts), title)}</figure>"


def bar_chart(items: list[tuple[str, float, str, str]], title: str) -> str:
    """Horizontal bars: (label, value, value text, colour) each."""
    if not items or not any(value for _l, value, _t, _c in items):
        return ""
    label_width, bar_width, row_height = 230, 380, 20
    largest = max(value for _l, value, _t, _c in items) or 1
    parts = []
    for n, (label, value, text, colour) in enumerate(items):
        y = n * row_height + 2
        w = value / largest * bar_width
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end" font-size="12">'
            f"{e(label[:36])}</text>"
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{row_height - 5}" '
            f'fill="{colour}"><title>{e(label)}: {e(text)}</title></rect>'
            f'<text x="{label_width + w + 4:.1f}" y="{y + 13}" font-size="11">{e(text)}</text>'
        )
    height = row_height * len(items) + 4
    chart = svg(label_width + bar_width + 120, height, "".join(parts), title)
    return f"<figure><figcaption>{e(title)}</figcaption>{chart}</figure>"


# -- the page -------------------------------------------------------------------


def render_html(data: dict[str, Any], lang: Language = "en") -> str:
    """The whole report as one HTML document; every recorded text is escaped."""
    lang = lang if lang in LANGUAGES else "en"
    weeks = WINDOW_WEEKS
    team_name: Callable[[Row], str] = lambda row: row["team"] or t("report.no_team", lang)  # noqa: E731
    parts: list[str] = []
    parts.append(f"<h1>{e(t('report.html.title', lang))}</h1>")
    parts.append(
        f'<p class="meta">{e(t("report.html.generated", lang, at=data["generated_at"][:16].replace("T", " ")))}</p>'
    )
    parts.append(_filters(data, lang))
    parts.append(_cards(data, lang))
    parts.append(f'<p class="hint">{e(t("report.html.sort_hint", lang))}</p>')

    # Teams first: the question HR brings to the meeting.
    parts.append(f'<section id="teams"><h2>{e(t("report.html.teams", lang))}</h2>')
    parts.append(f'<p class="intro">{e(t("report.html.teams_intro", lang, min_uses=3))}</p>')
    parts.append(
        table(
            [
                (t("report.col.team", lang), team_name, None, False),
                count(t("report.col.trainees", lang), "trainees"),
                count(t("report.col.finished", lang), "finished"),
                count(t("report.col.unfinished", lang), "unfinished"),
                figure(t("report.col.average", lang), "average_score"),
                figure(t("report.col.pass_rate", lang), "pass_rate", _percent),
                (
                    t("report.col.most_misused", lang),
                    lambda r: technique_name(r["most_misused"], lang),
                    None,
                    False,
                ),
                (
                    t("report.col.weakest", lang),
                    lambda r: technique_name(r["weakest"], lang),
                    None,
                    False,
                ),
            ],
            data["teams"],
            lang,
        )
    )
    if data["teams"]:
        parts.append(mix_chart(data["teams"], team_name, lang, t("report.html.mix_chart", lang)))
    parts.append("</section>")

    parts.append(
        f'<section id="team-techniques"><h2>{e(t("report.html.team_techniques", lang))}</h2>'
    )
    parts.append(_team_matrix(data, team_name, lang))
    parts.append("</section>")

    parts.append(
        f'<section id="progress"><h2>{e(t("report.html.progress", lang, weeks=weeks))}</h2>'
    )
    parts.append(_progress(data, lang, weeks))
    parts.append("</section>")

    parts.append(f'<section id="calibration"><h2>{e(t("report.html.calibration", lang))}</h2>')
    parts.append(f'<p class="intro">{e(t("report.html.calibration_intro", lang))}</p>')
    parts.append(
        table(
            [
                words(t("report.col.trainee", lang), "trainee"),
                (t("report.col.team", lang), team_name, None, False),
                count(t("report.col.rated", lang), "rated_sessions"),
                (
                    t("report.col.self", lang),
                    lambda r: _number(r["self_assessment"], 2),
                    lambda r: r["self_assessment"],
                    True,
                ),
                (
                    t("report.col.evaluated", lang),
                    lambda r: _number(r["evaluation_index"], 2),
                    lambda r: r["evaluation_index"],
                    True,
                ),
                (t("report.col.gap", lang), lambda r: f"{r['gap']:+.2f}", lambda r: r["gap"], True),
                (
                    "",
                    lambda r: Markup(
                        f'<span class="{"bad" if r["calibration"] == "overrates" else "dim"}">'
                        f"{e(t('report.calibration.' + r['calibration'], lang))}</span>"
                    ),
                    None,
                    False,
                ),
            ],
            data["calibration"],
            lang,
        )
    )
    parts.append("</section>")

    parts.append(f'<section id="flags"><h2>{e(t("report.section.flags", lang))}</h2>')
    parts.append(
        bar_chart(
            [
                (
                    principle_name(r["flag"], lang),
                    r["turns"],
                    f"{r['turns']} ({r['share_of_turns']:.1%})",
                    "#D55E00",
                )
                for r in data["flags"]
            ],
            t("report.section.flags", lang),
        )
    )
    parts.append(
        table(
            [
                (
                    t("report.col.flag", lang),
                    lambda r: principle_name(r["flag"], lang),
                    None,
                    False,
                ),
                words(t("report.col.flag_id", lang), "flag"),
                (t("report.html.principle", lang), lambda r: principle_of(r["flag"]), None, False),
                count(t("report.col.turns", lang), "turns"),
                (
                    t("report.col.share_turns", lang),
                    lambda r: f"{r['share_of_turns']:.1%}",
                    lambda r: r["share_of_turns"],
                    True,
                ),
                count(t("report.col.sessions", lang), "sessions"),
                count(t("report.col.trainees", lang), "trainees"),
                (
                    t("report.col.team_most", lang),
                    lambda r: (
                        (r["team_most_often"] or t("report.no_team", lang))
                        + (
                            ""
                            if r["team_most_often_share"] is None
                            else f" ({r['team_most_often_share']:.1%})"
                        )
                    ),
                    None,
                    False,
                ),
            ],
            data["flags"],
            lang,
        )
    )
    parts.append("</section>")

    parts.append(f'<section id="techniques"><h2>{e(t("report.html.techniques", lang))}</h2>')
    parts.append(
        table(
            [
                (
                    t("report.col.technique", lang),
                    lambda r: technique_name(r["technique"], lang),
                    None,
                    False,
                ),
                count(t("report.col.uses", lang), "uses"),
                figure(t("report.col.share", lang), "share", _percent),
                figure(t("report.col.avg_turn", lang), "average_score"),
                figure(t("report.col.match_rate", lang), "matched_rate", _percent),
                count(t("report.col.misused", lang), "misused"),
            ],
            data["techniques"],
            lang,
        )
    )
    parts.append("</section>")

    parts.append(f'<section id="scenarios"><h2>{e(t("report.section.scenarios", lang))}</h2>')
    parts.append(
        table(
            [
                words(t("report.col.scenario", lang), "scenario_id"),
                words(t("report.col.title", lang), "title"),
                count(t("report.col.finished", lang), "finished"),
                count(t("report.col.unfinished", lang), "unfinished"),
                figure(t("report.col.average", lang), "average_score"),
                figure(t("report.col.pass_rate", lang), "pass_rate", _percent),
                count(t("report.col.good_endings", lang), "good_endings"),
            ],
            data["scenarios"],
            lang,
        )
    )
    parts.append("</section>")

    period = data["trend_period"]
    period = t(f"report.period.{period}", lang) if period in get_args(Period) else period
    parts.append(
        f'<section id="trend"><h2>{e(t("report.html.trend_chart", lang, period=period))}</h2>'
    )
    parts.append(line_chart(data["trend"], t("report.html.trend_chart", lang, period=period)))
    parts.append("</section>")

    parts.append(f'<section id="satisfaction"><h2>{e(t("report.section.satisfaction", lang))}</h2>')
    level_name: Callable[[str], str] = lambda level: evaluation_level_name(level, lang)  # noqa: E731
    parts.append(
        bar_chart(
            [
                (
                    level_name(r["level"]),
                    r["sessions"],
                    f"{r['sessions']} ({r['share']:.0%})",
                    LEVEL_COLOURS.get(r["level"], "#888"),
                )
                for r in data["satisfaction"]
            ],
            t("report.section.satisfaction", lang),
        )
    )
    parts.append(
        table(
            [
                (t("report.col.level", lang), lambda r: level_name(r["level"]), None, False),
                count(t("report.col.sessions", lang), "sessions"),
                figure(t("report.col.share", lang), "share", _percent),
                (
                    t("report.col.avg_css", lang),
                    lambda r: _number(r["average_css"], 2),
                    lambda r: r["average_css"],
                    True,
                ),
            ],
            data["satisfaction"],
            lang,
        )
    )
    parts.append("</section>")

    parts.append(f'<section id="notes"><h2>{e(t("report.html.notes", lang))}</h2>')
    if data["notes"]:
        parts.append(
            table(
                [
                    (
                        t("report.col.when", lang),
                        lambda r: r["created_at"][:16].replace("T", " "),
                        lambda r: r["created_at"],
                        False,
                    ),
                    words(t("report.col.trainee", lang), "trainee"),
                    words(t("report.col.scenario", lang), "scenario_id"),
                    (t("report.col.session", lang), lambda r: r["session_id"][:8], None, False),
                    words(t("report.col.author", lang), "author"),
                    (
                        t("report.col.note", lang),
                        lambda r: Markup(f'<span class="note-text">{e(r["text"])}</span>'),
                        None,
                        False,
                    ),
                ],
                data["notes"],
                lang,
            )
        )
    else:
        parts.append(f'<p class="dim">{e(t("report.html.no_notes", lang))}</p>')
    parts.append("</section>")

    parts.append(
        f'<section id="definitions"><h2>{e(t("report.html.definitions", lang))}</h2><dl class="definitions">'
    )
    for name, meaning in data["definitions"].items():
        parts.append(f"<dt>{e(name)}</dt><dd>{e(meaning)}</dd>")
    parts.append("</dl></section>")

    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(t('report.html.title', lang))}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(parts)}<script>{SCRIPT}</script></body></html>\n"
    )


def _filters(data: dict[str, Any], lang: Language) -> str:
    filters = data["filters"]
    rows = [
        (t("report.html.from", lang), filters.get("date_from")),
        (t("report.html.to", lang), filters.get("date_to")),
        (t("report.col.trainee", lang), filters.get("trainee")),
        (t("report.col.team", lang), filters.get("team")),
        (t("report.col.scenario", lang), filters.get("scenario")),
    ]
    items = "".join(
        f"<dt>{e(name)}</dt><dd>{e(value) if value else e(t('report.html.all', lang))}</dd>"
        for name, value in rows
    )
    over = (
        t("report.html.finished_and_unfinished", lang)
        if filters.get("include_unfinished")
        else t("report.html.finished_only", lang)
    )
    items += f"<dt>{e(t('report.html.averaged_over', lang))}</dt><dd>{e(over)}</dd>"
    return (
        f'<h2>{e(t("report.html.filters", lang))}</h2><dl class="filters" id="filters">{items}</dl>'
    )


def _cards(data: dict[str, Any], lang: Language) -> str:
    cards = [
        (t("report.col.finished", lang), data["finished"]),
        (t("report.col.unfinished", lang), data["unfinished"]),
        (t("report.col.trainees", lang), data["trainee_count"]),
        (t("report.col.average", lang), _number(data["average_score"])),
        (t("report.col.pass_rate", lang), _percent(data["pass_rate"])),
    ]
    html = '<div class="cards" id="summary">' + "".join(
        f'<div class="card">{e(name)}<b>{e(value)}</b></div>' for name, value in cards
    )
    html += "</div>"
    if data["abandoned_excluded"] or data["open_excluded"]:
        html += f'<p class="meta">{e(t("report.html.excluded", lang, abandoned=data["abandoned_excluded"], open=data["open_excluded"]))}</p>'
    return html


def _team_matrix(data: dict[str, Any], team_name: Callable[[Row], str], lang: Language) -> str:
    """Teams down, techniques across: each cell the average turn score and match rate, shaded."""
    by_team: dict[str | None, dict[str, Row]] = {}
    for row in data["team_techniques"]:
        by_team.setdefault(row["team"], {})[row["technique"]] = row
    if not by_team:
        return f'<p class="dim">{e(t("report.html.none", lang))}</p>'
    rows = [{"team": team, "cells": cells} for team, cells in by_team.items()]

    def cell(label: str) -> Callable[[Row], Any]:
        def show(row: Row) -> Markup:
            found = row["cells"].get(label)
            if not found or not found["uses"]:
                return Markup('<span class="dim">–</span>')
            score = found["average_score"] or 0.0
            # Low scores shade warm, high ones cool, so the weak spots stand out in print too.
            shade = "#fbe3d6" if score < 50 else "#fff3cf" if score < 65 else "#dcefe6"
            return Markup(
                f'<span style="background:{shade};padding:1px 4px;border-radius:3px">'
                f'{score:.0f}</span> <span class="dim">({_percent(found["matched_rate"])})</span>'
            )

        return show

    def sort_value(label: str) -> Callable[[Row], Any]:
        return lambda row: (row["cells"].get(label) or {}).get("average_score")

    columns: list[Column] = [(t("report.col.team", lang), team_name, None, False)]
    columns += [
        (technique_name(label, lang), cell(label), sort_value(label), True) for label in LABELS
    ]
    return table(columns, rows, lang)


def _progress(data: dict[str, Any], lang: Language, weeks: int) -> str:
    def trend_cell(row: Row) -> Markup:
        css = {"improving": "good", "declining": "bad"}.get(row["trend"], "dim")
        trend = t(f"report.trend.{row['trend']}", lang)
        return Markup(f'<span class="{css}">{e(trend)}</span>')

    return table(
        [
            words(t("report.col.trainee", lang), "trainee"),
            (
                t("report.col.team", lang),
                lambda r: r["team"] or t("report.no_team", lang),
                None,
                False,
            ),
            (
                t("report.col.first_weeks", lang, weeks=weeks),
                lambda r: f"{_number(r['first_average'])} ({r['first_sessions']})",
                lambda r: r["first_average"],
                True,
            ),
            (
                t("report.col.latest_weeks", lang, weeks=weeks),
                lambda r: f"{_number(r['latest_average'])} ({r['latest_sessions']})",
                lambda r: r["latest_average"],
                True,
            ),
            (
                t("report.col.change", lang),
                lambda r: "–" if r["change"] is None else f"{r['change']:+.1f}",
                lambda r: r["change"],
                True,
            ),
            (t("report.col.trend", lang), trend_cell, None, False),
            (
                t("report.html.weekly", lang),
                lambda r: sparkline(
                    r["weekly"], f"{r['trainee']}: {t('report.html.weekly', lang)}"
                ),
                None,
                False,
            ),
        ],
        data["progress"],
        lang,
    )


__all__ = ["render_html"]
