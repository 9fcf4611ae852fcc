"""The Excel report (openpyxl): Ranking, Contributions, Data, Weights, Sensitivity, Gap, Inputs.

``bidtool rank -o ranking.xlsx`` writes the first four sheets with the same code.

Frozen header rows, number formats, column widths that count Hangul as two
columns, and text that can never run as a formula (openpyxl would store a
string starting with ``=`` as one).  The file is deterministic: the document
properties and every zip entry carry a fixed date unless a timestamp is asked for.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from typing import Any

from bidtool import __version__
from bidtool.i18n import text
from bidtool.model import status_word
from bidtool.ranking import Ranking
from bidtool.render.cells import criteria_line, unknown_scoring
from bidtool.render.gap import statement
from bidtool.report.content import (
    Report,
    coverage_rows,
    criterion_label,
    reachable,
    region_name,
)

FIXED = dt.datetime(2000, 1, 1)
SCORE = "0.000"
PERCENT = "0.0%"


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _sheet(
    wb: Any,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: dict[int, str] | None = None,
) -> Any:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title)
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F3F5F9")
        cell.alignment = Alignment(vertical="top")
    for row in rows:
        ws.append([None if v is None else v for v in row])
    for r, row in enumerate(ws.iter_rows(min_row=1), start=1):
        for c, cell in enumerate(row):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif r > 1 and formats and c in formats and isinstance(cell.value, (int, float)):
                cell.number_format = formats[c]
    ws.freeze_panes = "A2"
    from openpyxl.utils import get_column_letter

    for c in range(1, len(header) + 1):
        longest = max((_width(ws.cell(r, c).value) for r in range(1, ws.max_row + 1)), default=8)
        ws.column_dimensions[get_column_letter(c)].width = min(max(longest + 2, 8), 60)
    return ws


def _hyperlinks(ws: Any, column: int) -> None:
    """Make the http(s) addresses in ``column`` (1-based) clickable; anything else stays text."""
    from openpyxl.styles import Font

    for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        url = cell.value
        if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
            cell.hyperlink = url
            cell.font = Font(color="0563C1", underline="single")


def _deterministic(data: bytes, modified: dt.datetime) -> bytes:
    """Rewrite the zip with a fixed date on every entry, in the same order.

    openpyxl stamps ``dcterms:modified`` with the clock when it saves; that
    is set back to ``modified`` (the report's own time, or a fixed date).
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = modified.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp + rb"\g<2>",
                    body,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, body)
    return out.getvalue()


def _note_row(ws: Any, text: str) -> None:
    """A note under a sheet's table, after one blank row (text, never a formula)."""
    from openpyxl.styles import Font

    ws.append([])
    ws.append([text])
    cell = ws.cell(ws.max_row, 1)
    cell.data_type = "s"
    cell.font = Font(italic=True)


def _workbook(title: str, when: dt.datetime) -> Any:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = f"bidtool {__version__}"
    wb.properties.title = title
    return wb


def _save(wb: Any, when: dt.datetime) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return _deterministic(buf.getvalue(), when)


def ranking_sheets(wb: Any, ranking: Ranking, lang: str = "en") -> None:
    """The Ranking, Contributions, Data and Weights sheets (shared by ``rank -o x.xlsx``).

    Sheet names stay English (they are what programs look for); headings and notes
    are in ``lang``, values as the data has them."""
    t = text(lang)
    crit = ranking.criteria
    groups = crit.groups
    header = [
        t("rank.col.rank"),
        t("rank.col.region"),
        t("xlsx.region_ko"),
        t.term(ranking.score_name),
        t("rank.col.eligible"),
        t("xlsx.failed"),
        t("xlsx.unverified"),
        t("xlsx.unknown", scoring=unknown_scoring(crit, lang)),
        t("rank.col.known"),
    ]
    ranking_sheet = _sheet(
        wb,
        "Ranking",
        header,
        [
            [
                r.rank,
                r.name,
                r.name_ko,
                r.score,
                t("cell.yes") if r.eligible else t("cell.no"),
                "; ".join(r.failed_constraints),
                "; ".join(r.unverified_constraints),
                len(r.imputed),
                r.coverage,
            ]
            for r in ranking.rows
        ],
        {3: SCORE, 8: PERCENT},
    )
    _note_row(ranking_sheet, criteria_line(crit, lang))
    if ranking.degenerate:
        _note_row(ranking_sheet, t("rank.degenerate", why=ranking.degenerate))
    leaves = ranking.leaves
    _sheet(
        wb,
        "Contributions",
        [
            t("rank.col.rank"),
            t("rank.col.region"),
            *[t("xlsx.group", group=t.name(g.label, g.label_ko)) for g in groups],
            *[t.name(leaf.criterion.label, leaf.criterion.label_ko) for leaf in leaves],
        ],
        [
            [
                r.rank,
                t.both(r.name, r.name_ko),
                *[r.group_scores.get(g.id) for g in groups],
                *[r.contributions.get(leaf.id) for leaf in leaves],
            ]
            for r in ranking.rows
        ],
        {c: "0.0000" for c in range(2, 2 + len(groups) + len(leaves))},
    )
    data_rows = []
    for leaf in leaves:
        for region in ranking.regions:
            m = region.metric(leaf.metric)
            value = m.value if not isinstance(m.value, bool) else ("true" if m.value else "false")
            data_rows.append(
                [
                    t.name(leaf.criterion.label, leaf.criterion.label_ko),
                    leaf.metric,
                    region.id,
                    value,
                    leaf.criterion.value_unit or m.unit,
                    t.term(status_word(m)),
                    m.status or "",
                    m.source or (m.sources[0].title if m.sources else None),
                    m.as_of,
                    m.note,
                    m.urls[0] if m.urls else None,
                ]
            )
    ws = _sheet(
        wb,
        "Data",
        [
            t("explain.col.criterion"),
            t("regions.col.metric"),
            t("rank.col.region"),
            t("explain.col.value"),
            t("xlsx.unit"),
            t("xlsx.mark"),
            t("explain.col.status"),
            t("explain.col.source"),
            t("report.col.as_of"),
            t("xlsx.note"),
            "URL",
        ],
        data_rows,
    )
    _hyperlinks(ws, column=11)
    from openpyxl.styles import Font

    for row in ws.iter_rows(min_row=2):
        if row[6].value == "estimate":
            row[3].font = Font(italic=True, color="8A5A00")
    _sheet(
        wb,
        "Weights",
        [
            t("report.col.group"),
            t("explain.col.criterion"),
            t("regions.col.metric"),
            t("report.col.direction"),
            t("explain.col.weight"),
            t("xlsx.set_by"),
        ],
        [
            [
                t.name(leaf.group.label, leaf.group.label_ko),
                t.name(leaf.criterion.label, leaf.criterion.label_ko),
                leaf.metric,
                t("report.benefit" if leaf.criterion.direction > 0 else "report.cost"),
                leaf.weight,
                crit.weighting if crit.weighting != "direct" else leaf.criterion.weight_source,
            ]
            for leaf in leaves
        ],
        {4: PERCENT},
    )


def render_ranking(ranking: Ranking, lang: str = "en") -> bytes:
    """``bidtool rank -o ranking.xlsx``: the report's first four sheets, same rules."""
    t = text(lang)
    title = f"{t.name(ranking.criteria.name, ranking.criteria.name_ko)} — {ranking.method}"
    if ranking.scenarios:
        title += f" ({ranking.scenario_label})"
    wb = _workbook(title, FIXED)
    ranking_sheets(wb, ranking, lang)
    return _save(wb, FIXED)


def _unknowns_sheet(wb: Any, report: Report) -> None:
    """What the unknowns could change: intervals and coverage per region, then verify-first."""
    t = text(report.lang)
    lang = t.lang
    u = report.unknowns
    if u is None:
        _sheet(wb, "Unknowns", [t("report.not_computed_ineligible")], [])
        return
    from bidtool.render.unknowns import eligible_word, interval_note, labels, leader_sentence

    leaves = u.leaves
    header = [t("rank.col.region"), t("rank.col.rank"), t("xlsx.best_rank"),
              t("xlsx.worst_rank"), t("rank.col.eligible"), t("rank.col.known"),
              *[t.name(leaf.criterion.label, leaf.criterion.label_ko) for leaf in leaves]]
    known_word, unknown_word = t("unknowns.known"), t("xlsx.unknown_mark")
    rows: list[list[Any]] = [
        [t.both(r.name, r.name_ko), r.rank, r.rank_best, r.rank_worst, eligible_word(r, lang),
         share, *[known_word if k else unknown_word for k in known]]
        for r, (name, known, share) in zip(u.regions, coverage_rows(u))
    ]
    names = labels(u, lang)
    rows += [[], [leader_sentence(u, lang)], [interval_note(u, lang)], [],
             [t("xlsx.verify_first"), t("rank.col.region"), t("unknowns.col.figure"),
              t("regions.col.metric"), t("unknowns.col.changes_leader"),
              t("unknowns.col.could_be_first"), t("unknowns.col.score_swing")]]
    rows += [
        [k, v.region, names.get(v.metric, v.metric), v.metric,
         t("cell.yes") if v.changes_leader else t("cell.no"), ", ".join(v.leaders),
         v.score_swing]
        for k, v in enumerate(u.verify_first, 1)
    ]
    _sheet(wb, "Unknowns", header, rows, {5: PERCENT})


def render(report: Report) -> bytes:
    when = (
        dt.datetime.fromisoformat(report.generated_at)
        .astimezone(dt.timezone.utc)  # the file's properties are in UTC ("…Z")
        .replace(tzinfo=None)
        if report.generated_at
        else FIXED
    )
    t = text(report.lang)
    wb = _workbook(report.title, when)
    ranking_sheets(wb, report.ranking, t.lang)
    s = report.sensitivity
    if s is not None and s.smaa is not None:
        r = s.smaa
        names = {reg.id: t.both(reg.name, reg.name_ko) for reg in s.scorer.inputs.regions}
        n_ranks = len(s.order)
        _sheet(
            wb,
            "Sensitivity",
            [
                t("rank.col.region"),
                *[t("xlsx.rank_n", rank=k + 1) for k in range(n_ranks)],
                t("xlsx.confidence"),
            ],
            [
                [
                    names[rid],
                    *[float(p) for p in r.acceptability[r.ids.index(rid)][:n_ranks]],
                    None
                    if r.confidence[r.ids.index(rid)] != r.confidence[r.ids.index(rid)]
                    else float(r.confidence[r.ids.index(rid)]),
                ]
                for rid in s.order
            ]
            + ([[report.notes["sensitivity"]]] if "sensitivity" in report.notes else []),
            {c: PERCENT for c in range(1, n_ranks + 2)},
        )
    else:
        _sheet(wb, "Sensitivity", [t("xlsx.not_computed_samples")], [])
    _sheet(
        wb,
        "Gap",
        [t("rank.col.region"), t("xlsx.now"), t("xlsx.target"), t("xlsx.what_would_do_it")],
        [
            [
                region_name(report, g.region, g.name, t),
                g.current_rank,
                g.target_rank,
                statement(c, t.lang, criterion_label(report, c.criterion, c.label, t)),
            ]
            for g in report.gaps
            for c in reachable(g)
        ]
        + ([[report.notes["gaps"]]] if "gaps" in report.notes else []),
    )
    _unknowns_sheet(wb, report)
    if report.promises:
        from bidtool.report.content import promise_rows

        head, rows, sentence = promise_rows(report)
        _sheet(wb, "Promises", head, [*rows, [], [sentence]])
    if report.appeal is not None:
        from bidtool.render.audit import CONCLUSION_HEADER, conclusion_rows, method_line, verdict
        from bidtool.render.audit import statement as said

        a = report.appeal
        lang = report.lang
        _sheet(
            wb,
            "Appeal",
            CONCLUSION_HEADER,
            [*conclusion_rows(a, lang), [], [verdict(a, lang)],
             *[[said(c, lang)] for c in a.changes], [], [method_line(a, lang)]],
        )
    _sheet(
        wb,
        "Inputs",
        [t("report.col.file"), "SHA-256"],
        [
            *[[p, h] for p, h in report.files],
            ["bidtool", report.version],
            [t("xlsx.criteria_used"), report.ranking.criteria.source_label],
            [t("xlsx.caveat"), report.ranking.criteria.caveat],
        ],
    )
    return _save(wb, when)
