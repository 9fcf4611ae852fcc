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
from bidtool.model import status_word
from bidtool.ranking import Ranking
from bidtool.render.cells import criteria_line, unknown_scoring
from bidtool.render.gap import statement
from bidtool.report.content import Report, coverage_rows, reachable

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


def ranking_sheets(wb: Any, ranking: Ranking) -> None:
    """The Ranking, Contributions, Data and Weights sheets (shared by ``rank -o x.xlsx``)."""
    crit = ranking.criteria
    groups = crit.groups
    header = [
        "Rank",
        "Region",
        "Region (ko)",
        ranking.score_name,
        "Eligible",
        "Failed constraints",
        "Unverified constraints",
        f"Unknown ({unknown_scoring(crit)})",
        "Known",
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
                "yes" if r.eligible else "no",
                "; ".join(r.failed_constraints),
                "; ".join(r.unverified_constraints),
                len(r.imputed),
                r.coverage,
            ]
            for r in ranking.rows
        ],
        {3: SCORE, 8: PERCENT},
    )
    _note_row(ranking_sheet, criteria_line(crit))
    if ranking.degenerate:
        _note_row(ranking_sheet, f"Degenerate method: {ranking.degenerate}.")
    leaves = ranking.leaves
    _sheet(
        wb,
        "Contributions",
        [
            "Rank",
            "Region",
            *[f"{g.label} (group)" for g in groups],
            *[leaf.criterion.label for leaf in leaves],
        ],
        [
            [
                r.rank,
                r.display_name,
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
                    leaf.criterion.label,
                    leaf.metric,
                    region.id,
                    value,
                    leaf.criterion.value_unit or m.unit,
                    status_word(m),
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
            "Criterion",
            "Metric",
            "Region",
            "Value",
            "Unit",
            "Mark",
            "Status",
            "Source",
            "As of",
            "Note",
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
        ["Group", "Criterion", "Metric", "Direction", "Weight", "Set by"],
        [
            [
                leaf.group.label,
                leaf.criterion.label,
                leaf.metric,
                "benefit" if leaf.criterion.direction > 0 else "cost",
                leaf.weight,
                crit.weighting if crit.weighting != "direct" else leaf.criterion.weight_source,
            ]
            for leaf in leaves
        ],
        {4: PERCENT},
    )


def render_ranking(ranking: Ranking) -> bytes:
    """``bidtool rank -o ranking.xlsx``: the report's first four sheets, same rules."""
    title = f"{ranking.criteria.name} — {ranking.method}"
    if ranking.scenarios:
        title += f" ({ranking.scenario_label})"
    wb = _workbook(title, FIXED)
    ranking_sheets(wb, ranking)
    return _save(wb, FIXED)


def _unknowns_sheet(wb: Any, report: Report) -> None:
    """What the unknowns could change: intervals and coverage per region, then verify-first."""
    u = report.unknowns
    if u is None:
        _sheet(wb, "Unknowns", ["Not computed: no region passes the must-pass constraints"], [])
        return
    from bidtool.render.unknowns import eligible_word, interval_note, labels, leader_sentence

    leaves = u.leaves
    header = ["Region", "Rank", "Best rank", "Worst rank", "Eligible", "Known",
              *[leaf.criterion.label for leaf in leaves]]
    rows: list[list[Any]] = [
        [name, r.rank, r.rank_best, r.rank_worst, eligible_word(r), share,
         *["known" if k else "UNKNOWN" for k in known]]
        for r, (name, known, share) in zip(u.regions, coverage_rows(u))
    ]
    names = labels(u)
    rows += [[], [leader_sentence(u)], [interval_note(u)], [],
             ["Verify first", "Region", "Figure", "Metric", "Changes leader", "Could be first",
              "Score swing"]]
    rows += [
        [k, v.region, names.get(v.metric, v.metric), v.metric,
         "yes" if v.changes_leader else "no", ", ".join(v.leaders), v.score_swing]
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
    wb = _workbook(report.title, when)
    ranking_sheets(wb, report.ranking)
    s = report.sensitivity
    if s is not None and s.smaa is not None:
        r = s.smaa
        names = {reg.id: reg.display_name for reg in s.scorer.inputs.regions}
        n_ranks = len(s.order)
        _sheet(
            wb,
            "Sensitivity",
            ["Region", *[f"Rank {k + 1}" for k in range(n_ranks)], "Confidence (first)"],
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
        _sheet(wb, "Sensitivity", ["Not computed (samples: 0)"], [])
    _sheet(
        wb,
        "Gap",
        ["Region", "Now", "Target", "What would do it"],
        [
            [g.name, g.current_rank, g.target_rank, statement(c)]
            for g in report.gaps
            for c in reachable(g)
        ]
        + ([[report.notes["gaps"]]] if "gaps" in report.notes else []),
    )
    _unknowns_sheet(wb, report)
    _sheet(
        wb,
        "Inputs",
        ["File", "SHA-256"],
        [
            *[[p, h] for p, h in report.files],
            ["bidtool", report.version],
            ["criteria used", report.ranking.criteria.source_label],
            ["caveat", report.ranking.criteria.caveat],
        ],
    )
    return _save(wb, when)
