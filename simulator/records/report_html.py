"""The shareable HTML report: one self-contained file, inline styles and SVG charts, zh or en."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from scoring.models import LABELS, TECHNIQUE_NAMES
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

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Objection Dojo — practice report",
        "generated": "Generated {at} UTC",
        "filters": "Made with these filters",
        "from": "From",
        "to": "To",
        "trainee": "Trainee",
        "team": "Team",
        "scenario": "Scenario",
        "all": "all",
        "averaged_over": "Averages over",
        "finished_only": "finished sessions only",
        "finished_and_unfinished": "finished and unfinished sessions",
        "sessions": "Sessions",
        "finished": "Finished",
        "unfinished": "Unfinished",
        "trainees": "Trainees",
        "average": "Avg score",
        "pass_rate": "Pass rate",
        "excluded": "Not counted: {abandoned} abandoned, {open} in progress",
        "teams": "Teams: who needs help with which technique",
        "teams_intro": "Most misused: the technique a team used most often where it was not "
        "recommended. Weakest: its lowest average turn score among techniques used at least "
        "{min_uses} times.",
        "no_team": "(no team)",
        "most_misused": "Most misused",
        "weakest": "Weakest",
        "mix_chart": "Technique mix per team (share of turns)",
        "team_techniques": "Techniques per team: average turn score (match rate)",
        "progress": "Trainees over time: first {weeks} weeks against the latest {weeks}",
        "first": "First {weeks} wks",
        "latest": "Latest {weeks} wks",
        "change": "Change",
        "trend": "Trend",
        "weekly": "Weekly average",
        "trend.improving": "improving",
        "trend.steady": "steady",
        "trend.declining": "declining",
        "trend.new": "too early",
        "techniques": "Techniques overall",
        "technique": "Technique",
        "uses": "Uses",
        "share": "Share",
        "avg_turn": "Avg turn score",
        "match_rate": "Match rate",
        "misused": "Misused",
        "calibration": "Self-assessment against the evaluation",
        "calibration_intro": "Each trainee's own 1-5 rating beside the evaluation's weighted "
        "index (1-5) of the same sessions; widest gap first.",
        "rated": "Rated sessions",
        "self": "Own rating",
        "evaluated": "Evaluation index",
        "gap": "Gap",
        "calibration.overrates": "rates self high, evaluated lower",
        "calibration.underrates": "rates self low, evaluated higher",
        "calibration.calibrated": "about right",
        "flags": "Principles most often broken",
        "flag_name": "Flag",
        "principle": "Principle (DOMAIN.md)",
        "flag": "Flag id",
        "turns": "Turns",
        "share_turns": "Share of turns",
        "team_most": "Team most often",
        "scenarios": "Scenarios",
        "title_col": "Title",
        "good_endings": "Won/resolved",
        "trend_chart": "Average score per {period}",
        "satisfaction": "Satisfaction levels",
        "level": "Level",
        "avg_css": "Avg CSS",
        "notes": "Notes on sessions",
        "when": "When",
        "session": "Session",
        "author": "Author",
        "note": "Note",
        "no_notes": "No notes in this selection.",
        "none": "Nothing in this selection.",
        "definitions": "What the figures mean",
        "sort_hint": "Click a column heading to sort.",
        "week": "week",
        "day": "day",
    },
    "zh": {
        "title": "异议处理道场 — 练习报告",
        "generated": "生成于 {at} UTC",
        "filters": "本报告的筛选条件",
        "from": "起始日",
        "to": "截止日",
        "trainee": "学员",
        "team": "团队",
        "scenario": "场景",
        "all": "全部",
        "averaged_over": "平均范围",
        "finished_only": "仅已完成的练习",
        "finished_and_unfinished": "已完成和未完成的练习",
        "sessions": "练习次数",
        "finished": "已完成",
        "unfinished": "未完成",
        "trainees": "学员",
        "average": "平均分",
        "pass_rate": "及格率",
        "excluded": "不计入:放弃 {abandoned},进行中 {open}",
        "teams": "团队:哪个团队需要在哪种技巧上辅导",
        "teams_intro": "最常误用:团队在不推荐的节点最常使用的技巧。最弱:使用至少 {min_uses} "
        "次的技巧中平均回合得分最低的一种。",
        "no_team": "(未分团队)",
        "most_misused": "最常误用",
        "weakest": "最弱",
        "mix_chart": "各团队的技巧构成(回合占比)",
        "team_techniques": "各团队的技巧:平均回合得分(符合率)",
        "progress": "学员进步:最初 {weeks} 周对比最近 {weeks} 周",
        "first": "最初 {weeks} 周",
        "latest": "最近 {weeks} 周",
        "change": "变化",
        "trend": "走势",
        "weekly": "每周平均分",
        "trend.improving": "进步",
        "trend.steady": "持平",
        "trend.declining": "退步",
        "trend.new": "为时尚早",
        "techniques": "技巧总览",
        "technique": "技巧",
        "uses": "使用次数",
        "share": "占比",
        "avg_turn": "平均回合得分",
        "match_rate": "符合率",
        "misused": "误用",
        "calibration": "学员自评与评估对比",
        "calibration_intro": "学员对同一批练习的 1-5 自评与评估加权指数(1-5)并列;差距最大者在前。",
        "rated": "自评次数",
        "self": "自评",
        "evaluated": "评估指数",
        "gap": "差距",
        "calibration.overrates": "自评偏高",
        "calibration.underrates": "自评偏低",
        "calibration.calibrated": "基本相符",
        "flags": "最常违反的原则",
        "flag_name": "标记",
        "principle": "原则(DOMAIN.md)",
        "flag": "标记 id",
        "turns": "回合",
        "share_turns": "回合占比",
        "team_most": "最常出现的团队",
        "scenarios": "场景",
        "title_col": "标题",
        "good_endings": "成交/解决",
        "trend_chart": "平均分走势(每{period})",
        "satisfaction": "满意程度",
        "level": "程度",
        "avg_css": "平均 CSS",
        "notes": "练习备注",
        "when": "时间",
        "session": "会话",
        "author": "作者",
        "note": "备注",
        "no_notes": "所选范围内没有备注。",
        "none": "所选范围内没有数据。",
        "definitions": "各项数字的含义",
        "sort_hint": "点击列标题可排序。",
        "week": "周",
        "day": "日",
    },
}
"""The report's words in zh and en."""

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


def technique_name(label: str | None, lang: str) -> str:
    """A label's name in the language, with its id."""
    if label is None:
        return "–"
    name = TECHNIQUE_NAMES.get(label, {}).get(lang, label)  # type: ignore[call-overload]
    return f"{name} ({label})" if name != label else label


Column = tuple[str, Callable[[Row], Any], Callable[[Row], Any] | None, bool]
"""A column: heading, cell text, sort value (None: sort by text) and whether it is a figure."""


def table(columns: list[Column], rows: Iterable[Row], words: dict[str, str]) -> str:
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
        return f'<p class="dim">{e(words["none"])}</p>'
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


def legend(labels: Iterable[str], lang: str) -> str:
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


def mix_chart(teams: list[Row], team_label: Callable[[Row], str], lang: str, title: str) -> str:
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


def render_html(data: dict[str, Any], lang: str = "en") -> str:
    """The whole report as one HTML document; every recorded text is escaped."""
    lang = lang if lang in WORDS else "en"
    w = WORDS[lang]
    weeks = 4
    team_name: Callable[[Row], str] = lambda row: row["team"] or w["no_team"]  # noqa: E731
    parts: list[str] = []
    parts.append(f"<h1>{e(w['title'])}</h1>")
    parts.append(
        f'<p class="meta">{e(w["generated"].format(at=data["generated_at"][:16].replace("T", " ")))}</p>'
    )
    parts.append(_filters(data, w))
    parts.append(_cards(data, w))
    parts.append(f'<p class="hint">{e(w["sort_hint"])}</p>')

    # Teams first: the question HR brings to the meeting.
    parts.append(f'<section id="teams"><h2>{e(w["teams"])}</h2>')
    parts.append(f'<p class="intro">{e(w["teams_intro"].format(min_uses=3))}</p>')
    parts.append(
        table(
            [
                (w["team"], team_name, None, False),
                count(w["trainees"], "trainees"),
                count(w["finished"], "finished"),
                count(w["unfinished"], "unfinished"),
                figure(w["average"], "average_score"),
                figure(w["pass_rate"], "pass_rate", _percent),
                (w["most_misused"], lambda r: technique_name(r["most_misused"], lang), None, False),
                (w["weakest"], lambda r: technique_name(r["weakest"], lang), None, False),
            ],
            data["teams"],
            w,
        )
    )
    if data["teams"]:
        parts.append(mix_chart(data["teams"], team_name, lang, w["mix_chart"]))
    parts.append("</section>")

    parts.append(f'<section id="team-techniques"><h2>{e(w["team_techniques"])}</h2>')
    parts.append(_team_matrix(data, team_name, lang, w))
    parts.append("</section>")

    parts.append(f'<section id="progress"><h2>{e(w["progress"].format(weeks=weeks))}</h2>')
    parts.append(_progress(data, lang, w, weeks))
    parts.append("</section>")

    parts.append(f'<section id="calibration"><h2>{e(w["calibration"])}</h2>')
    parts.append(f'<p class="intro">{e(w["calibration_intro"])}</p>')
    parts.append(
        table(
            [
                words(w["trainee"], "trainee"),
                (w["team"], team_name, None, False),
                count(w["rated"], "rated_sessions"),
                (
                    w["self"],
                    lambda r: _number(r["self_assessment"], 2),
                    lambda r: r["self_assessment"],
                    True,
                ),
                (
                    w["evaluated"],
                    lambda r: _number(r["evaluation_index"], 2),
                    lambda r: r["evaluation_index"],
                    True,
                ),
                (w["gap"], lambda r: f"{r['gap']:+.2f}", lambda r: r["gap"], True),
                (
                    "",
                    lambda r: Markup(
                        f'<span class="{"bad" if r["calibration"] == "overrates" else "dim"}">'
                        f"{e(w['calibration.' + r['calibration']])}</span>"
                    ),
                    None,
                    False,
                ),
            ],
            data["calibration"],
            w,
        )
    )
    parts.append("</section>")

    parts.append(f'<section id="flags"><h2>{e(w["flags"])}</h2>')
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
            w["flags"],
        )
    )
    parts.append(
        table(
            [
                (w["flag_name"], lambda r: principle_name(r["flag"], lang), None, False),
                words(w["flag"], "flag"),
                (w["principle"], lambda r: principle_of(r["flag"]), None, False),
                count(w["turns"], "turns"),
                (
                    w["share_turns"],
                    lambda r: f"{r['share_of_turns']:.1%}",
                    lambda r: r["share_of_turns"],
                    True,
                ),
                count(w["sessions"], "sessions"),
                count(w["trainees"], "trainees"),
                (
                    w["team_most"],
                    lambda r: (
                        (r["team_most_often"] or w["no_team"])
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
            w,
        )
    )
    parts.append("</section>")

    parts.append(f'<section id="techniques"><h2>{e(w["techniques"])}</h2>')
    parts.append(
        table(
            [
                (w["technique"], lambda r: technique_name(r["technique"], lang), None, False),
                count(w["uses"], "uses"),
                figure(w["share"], "share", _percent),
                figure(w["avg_turn"], "average_score"),
                figure(w["match_rate"], "matched_rate", _percent),
                count(w["misused"], "misused"),
            ],
            data["techniques"],
            w,
        )
    )
    parts.append("</section>")

    parts.append(f'<section id="scenarios"><h2>{e(w["scenarios"])}</h2>')
    parts.append(
        table(
            [
                words(w["scenario"], "scenario_id"),
                words(w["title_col"], "title"),
                count(w["finished"], "finished"),
                count(w["unfinished"], "unfinished"),
                figure(w["average"], "average_score"),
                figure(w["pass_rate"], "pass_rate", _percent),
                count(w["good_endings"], "good_endings"),
            ],
            data["scenarios"],
            w,
        )
    )
    parts.append("</section>")

    period = w.get(data["trend_period"], data["trend_period"])
    parts.append(f'<section id="trend"><h2>{e(w["trend_chart"].format(period=period))}</h2>')
    parts.append(line_chart(data["trend"], w["trend_chart"].format(period=period)))
    parts.append("</section>")

    parts.append(f'<section id="satisfaction"><h2>{e(w["satisfaction"])}</h2>')
    level_name: Callable[[str], str] = lambda level: evaluation_level_name(level, lang)  # type: ignore[arg-type]  # noqa: E731
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
            w["satisfaction"],
        )
    )
    parts.append(
        table(
            [
                (w["level"], lambda r: level_name(r["level"]), None, False),
                count(w["sessions"], "sessions"),
                figure(w["share"], "share", _percent),
                (
                    w["avg_css"],
                    lambda r: _number(r["average_css"], 2),
                    lambda r: r["average_css"],
                    True,
                ),
            ],
            data["satisfaction"],
            w,
        )
    )
    parts.append("</section>")

    parts.append(f'<section id="notes"><h2>{e(w["notes"])}</h2>')
    if data["notes"]:
        parts.append(
            table(
                [
                    (
                        w["when"],
                        lambda r: r["created_at"][:16].replace("T", " "),
                        lambda r: r["created_at"],
                        False,
                    ),
                    words(w["trainee"], "trainee"),
                    words(w["scenario"], "scenario_id"),
                    (w["session"], lambda r: r["session_id"][:8], None, False),
                    words(w["author"], "author"),
                    (
                        w["note"],
                        lambda r: Markup(f'<span class="note-text">{e(r["text"])}</span>'),
                        None,
                        False,
                    ),
                ],
                data["notes"],
                w,
            )
        )
    else:
        parts.append(f'<p class="dim">{e(w["no_notes"])}</p>')
    parts.append("</section>")

    parts.append(
        f'<section id="definitions"><h2>{e(w["definitions"])}</h2><dl class="definitions">'
    )
    for name, meaning in data["definitions"].items():
        parts.append(f"<dt>{e(name)}</dt><dd>{e(meaning)}</dd>")
    parts.append("</dl></section>")

    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(w['title'])}</title><style>{STYLE}</style></head>"
        f"<body>{''.join(parts)}<script>{SCRIPT}</script></body></html>\n"
    )


def _filters(data: dict[str, Any], w: dict[str, str]) -> str:
    filters = data["filters"]
    rows = [
        (w["from"], filters.get("date_from")),
        (w["to"], filters.get("date_to")),
        (w["trainee"], filters.get("trainee")),
        (w["team"], filters.get("team")),
        (w["scenario"], filters.get("scenario")),
    ]
    items = "".join(
        f"<dt>{e(name)}</dt><dd>{e(value) if value else e(w['all'])}</dd>" for name, value in rows
    )
    over = w["finished_and_unfinished"] if filters.get("include_unfinished") else w["finished_only"]
    items += f"<dt>{e(w['averaged_over'])}</dt><dd>{e(over)}</dd>"
    return f'<h2>{e(w["filters"])}</h2><dl class="filters" id="filters">{items}</dl>'


def _cards(data: dict[str, Any], w: dict[str, str]) -> str:
    cards = [
        (w["finished"], data["finished"]),
        (w["unfinished"], data["unfinished"]),
        (w["trainees"], data["trainee_count"]),
        (w["average"], _number(data["average_score"])),
        (w["pass_rate"], _percent(data["pass_rate"])),
    ]
    html = '<div class="cards" id="summary">' + "".join(
        f'<div class="card">{e(name)}<b>{e(value)}</b></div>' for name, value in cards
    )
    html += "</div>"
    if data["abandoned_excluded"] or data["open_excluded"]:
        html += f'<p class="meta">{e(w["excluded"].format(abandoned=data["abandoned_excluded"], open=data["open_excluded"]))}</p>'
    return html


def _team_matrix(
    data: dict[str, Any], team_name: Callable[[Row], str], lang: str, w: dict[str, str]
) -> str:
    """Teams down, techniques across: each cell the average turn score and match rate, shaded."""
    by_team: dict[str | None, dict[str, Row]] = {}
    for row in data["team_techniques"]:
        by_team.setdefault(row["team"], {})[row["technique"]] = row
    if not by_team:
        return f'<p class="dim">{e(w["none"])}</p>'
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

    columns: list[Column] = [(w["team"], team_name, None, False)]
    columns += [
        (technique_name(label, lang), cell(label), sort_value(label), True) for label in LABELS
    ]
    return table(columns, rows, w)


def _progress(data: dict[str, Any], lang: str, w: dict[str, str], weeks: int) -> str:
    def trend_cell(row: Row) -> Markup:
        css = {"improving": "good", "declining": "bad"}.get(row["trend"], "dim")
        return Markup(f'<span class="{css}">{e(w["trend." + row["trend"]])}</span>')

    return table(
        [
            words(w["trainee"], "trainee"),
            (w["team"], lambda r: r["team"] or w["no_team"], None, False),
            (
                w["first"].format(weeks=weeks),
                lambda r: f"{_number(r['first_average'])} ({r['first_sessions']})",
                lambda r: r["first_average"],
                True,
            ),
            (
                w["latest"].format(weeks=weeks),
                lambda r: f"{_number(r['latest_average'])} ({r['latest_sessions']})",
                lambda r: r["latest_average"],
                True,
            ),
            (
                w["change"],
                lambda r: "–" if r["change"] is None else f"{r['change']:+.1f}",
                lambda r: r["change"],
                True,
            ),
            (w["trend"], trend_cell, None, False),
            (
                w["weekly"],
                lambda r: sparkline(r["weekly"], f"{r['trainee']}: {w['weekly']}"),
                None,
                False,
            ),
        ],
        data["progress"],
        w,
    )


__all__ = ["render_html"]
