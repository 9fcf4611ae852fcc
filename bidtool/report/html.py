"""The HTML report: one self-contained file (no network, no external assets).

Inline CSS and SVG only, system fonts (Hangul renders with whatever the
reader's system has), readable on a laptop and printable (``@media print``
avoids breaking tables and charts across pages).
"""

from __future__ import annotations

from html import escape

from bidtool.model import Metric, status_word
from bidtool.render.cells import criteria_note, method_label, raw_value, weighting_note
from bidtool.render.gap import statement
from bidtool.render.markdown import eligibility, rank_label
from bidtool.render.unknowns import (
    eligible_word,
    interval,
    interval_note,
    labels,
    leader_sentence,
    verify_heading,
)
from bidtool.report import svg
from bidtool.report.content import (
    UNKNOWNS_TITLE,
    Report,
    coverage_rows,
    group_utility,
    reachable,
)

CSS = """
:root{--ink:#1d2433;--muted:#5b6475;--line:#d9dde5;--accent:#0072B2;--est:#8a5a00}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI","Noto Sans KR","Apple SD Gothic Neo",
"Malgun Gothic",sans-serif;color:var(--ink);background:#fff;line-height:1.45}
main{max-width:1080px;margin:0 auto;padding:28px 24px 48px}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.2rem;margin:32px 0 10px;border-bottom:2px solid
var(--line);padding-bottom:4px}p.lead{color:var(--muted);margin:0 0 12px}
.note{background:#fff8e6;border-left:4px solid #E69F00;padding:8px 12px;margin:12px 0;font-size:.92rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:6px 0 12px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f9;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.ineligible td{color:var(--muted)}
td.region{min-width:9rem}.ko{color:var(--muted);font-size:.85rem}
figure#contributions-chart{margin:16px 0 4px}#contributions-chart svg{max-width:880px!important}
.est{color:var(--est);font-style:italic}.est::after{content:" ≈";font-style:normal}
.unknown{color:#b00020}.mark{font-size:.75rem;color:var(--muted)}
.grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:24px;align-items:center;
margin-top:16px}
figure{margin:0}figcaption{font-size:.85rem;color:var(--muted);margin-top:4px}
.chart{display:block;height:auto}
code,.hash{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.8rem}
footer{margin-top:36px;color:var(--muted);font-size:.82rem}
@media (max-width:800px){.grid{grid-template-columns:1fr}}
@media print{main{max-width:none;padding:0}h2{break-after:avoid}table,figure,svg{break-inside:avoid}
.note{border-left-color:#999}}
"""


def _cell(text: str, cls: str = "") -> str:
    return f'<td class="{cls}">{escape(text)}</td>' if cls else f"<td>{escape(text)}</td>"


def _table(header: list[tuple[str, str]], rows: list[str], id_: str = "") -> str:
    head = "".join(
        f'<th class="{c}">{escape(h)}</th>' if c else f"<th>{escape(h)}</th>" for h, c in header
    )
    ident = f' id="{id_}"' if id_ else ""
    return f"<table{ident}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _ranking(report: Report) -> str:
    ranking = report.ranking
    groups = ranking.criteria.groups if ranking.mcda.additive else ()
    header = [("#", "num"), ("Region", ""), (ranking.score_name.capitalize(), "num")]
    header += [(g.label, "num") for g in groups]
    header += [("Unknown", "num"), ("Known", "num"), ("Eligible", "")]
    rows = []
    for r in ranking.rows:
        cells = [
            _cell(rank_label(r.rank, r.tied), "num"),
            f'<td class="region">{escape(r.name)}'
            + (f'<br><span class="ko">{escape(r.name_ko)}</span>' if r.name_ko else "")
            + "</td>",
            _cell(f"{r.score:.3f}" if r.score is not None else "", "num"),
            *[_cell(f"{r.group_scores.get(g.id, 0.0):.3f}", "num") for g in groups],
            _cell(str(len(r.imputed)), "num"),
            _cell(f"{r.coverage:.0%}", "num"),
            _cell(eligibility(r.failed_constraints, r.unverified_constraints)),
        ]
        cls = "" if r.eligible else ' class="ineligible"'
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    return _table(header, rows, "ranking")


def _utilities(report: Report) -> str:
    ranking = report.ranking
    groups = ranking.criteria.groups
    rows = []
    for r in ranking.rows:
        if not r.eligible:
            continue
        u = group_utility(ranking, r.id)
        rows.append(
            "<tr>"
            + _cell(r.name)
            + "".join(_cell(f"{u[g.id]:.2f}", "num") for g in groups)
            + "</tr>"
        )
    header = [("Region", "")] + [(g.label_ko or g.label, "num") for g in groups]
    return _table(header, rows, "utilities")


def _weights(report: Report) -> str:
    crit = report.ranking.criteria
    rows = []
    for leaf in report.ranking.leaves:
        rows.append(
            "<tr>"
            + _cell(leaf.group.label + (f" {leaf.group.label_ko}" if leaf.group.label_ko else ""))
            + _cell(
                leaf.criterion.label
                + (f" {leaf.criterion.label_ko}" if leaf.criterion.label_ko else "")
            )
            + _cell("benefit" if leaf.criterion.direction > 0 else "cost")
            + _cell(f"{leaf.weight:.1%}", "num")
            + "</tr>"
        )
    note = weighting_note(crit)
    return (f'<p class="lead">{escape(note)}</p>' if note else "") + _table(
        [("Group", ""), ("Criterion", ""), ("Direction", ""), ("Weight", "num")], rows, "weights"
    )


def _links(metric: Metric) -> str:
    """The figure's sources as links: http(s) only, escaped (urls are checked at load too)."""
    titles = {s.url: s.title for s in metric.sources if s.url}
    links = [
        f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">'
        f"{escape(titles.get(url) or url)}</a>"
        for url in metric.urls
        if url.lower().startswith(("http://", "https://"))
    ]
    return f'<br><span class="mark">{" · ".join(links)}</span>' if links else ""


def _data(report: Report) -> str:
    regions = report.inputs.regions
    header = [("Criterion", "")] + [(r.name, "") for r in regions]
    rows = []
    for leaf in report.ranking.leaves:
        cells = [_cell(leaf.criterion.label)]
        for cell in report.data(leaf.metric):
            m = cell.metric
            unit = leaf.criterion.value_unit or m.unit
            value = raw_value(m.value) + (f" {unit}" if unit and m.value is not None else "")
            cls = "unknown" if m.value is None else ("est" if m.status == "estimate" else "")
            source = "; ".join(
                x for x in (m.source, m.as_of, m.note if m.value is None else None) if x
            )
            mark = status_word(m)
            cells.append(
                f'<td><span class="{cls}">{escape(value)}</span> '
                f'<span class="mark">[{escape(mark)}]</span>'
                f'<br><span class="mark">{escape(source)}</span>{_links(m)}</td>'
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return _table(header, rows, "data")


def _sensitivity(report: Report) -> str:
    s = report.sensitivity
    if not report.ranking.eligible_count:
        return '<p class="lead">Not computed: no region passes the must-pass constraints.</p>'
    if s is None or s.smaa is None:
        return '<p class="lead">Not computed (samples: 0).</p>'
    r = s.smaa
    out = [
        f'<p class="lead">SMAA-2 with {r.samples:,} weight vectors drawn uniformly (seed '
        f"{r.seed}): how often each region takes each rank when nobody's weights are "
        "assumed.</p>",
        f"<figure>{svg.heatmap(s)}<figcaption>Rank acceptability: share of weight draws "
        "giving the region that rank.</figcaption></figure>",
    ]
    if "sensitivity" in report.notes:
        out.append(f'<p class="note">{escape(report.notes["sensitivity"])}</p>')
    rows = []
    for sw in s.sweeps:
        if sw.top is None or sw.level != "group":
            continue
        rows.append(
            "<tr>"
            + _cell(sw.label)
            + _cell(f"{sw.weight:.1%}", "num")
            + _cell(f"{sw.top.t:.1%}", "num")
            + _cell(" ↔ ".join(sw.top.swaps))
            + "</tr>"
        )
    if rows:
        out.append("<h3>Critical group weights</h3>")
        out.append(
            _table(
                [("Group", ""), ("Weight", "num"), ("First place changes at", "num"), ("Swap", "")],
                rows,
                "critical",
            )
        )
    return "".join(out)


def _unknowns(report: Report) -> str:
    u = report.unknowns
    if u is None:
        return '<p class="lead">Not computed: no region passes the must-pass constraints.</p>'
    out = [
        f'<p class="lead">{escape(leader_sentence(u))} {escape(interval_note(u))}</p>',
        "<h3>Rank intervals</h3>",
        _table(
            [("Region", ""), ("Rank", "num"), ("Known", "num"), ("Best–worst", "num"),
             ("Eligible", "")],
            [
                "<tr>"
                + _cell(r.display_name)
                + _cell("–" if r.rank is None else str(r.rank), "num")
                + _cell(f"{r.coverage:.0%}", "num")
                + _cell(interval(r), "num")
                + _cell(eligible_word(r))
                + "</tr>"
                for r in u.regions
            ],
            "rank-intervals",
        ),
        "<h3>Coverage: which figures are known</h3>",
    ]
    header = [("Region", "")] + [(leaf.criterion.label, "") for leaf in u.leaves]
    header.append(("Known", "num"))
    rows = []
    for name, known, share in coverage_rows(u):
        cells = "".join(
            _cell("known") if k else '<td class="unknown">unknown</td>' for k in known
        )
        rows.append(f"<tr>{_cell(name)}{cells}{_cell(f'{share:.0%}', 'num')}</tr>")
    out.append(_table(header, rows, "coverage"))
    out.append(f"<h3>{escape(verify_heading(u))}</h3>")
    if u.verify_first:
        names = labels(u)
        out.append(
            _table(
                [("#", "num"), ("Region", ""), ("Figure", ""), ("Changes leader", ""),
                 ("Could be first", ""), ("Score swing", "num")],
                [
                    "<tr>"
                    + _cell(str(k), "num")
                    + _cell(v.region)
                    + _cell(f"{names.get(v.metric, v.metric)} ({v.metric})")
                    + _cell("yes" if v.changes_leader else "no")
                    + _cell(", ".join(v.leaders))
                    + _cell(f"{v.score_swing:.3f}", "num")
                    + "</tr>"
                    for k, v in enumerate(u.verify_first, 1)
                ],
                "verify-first",
            )
        )
    return "".join(out)


def _target(rank: int) -> str:
    return "first" if rank == 1 else f"rank {rank}"


def _gaps(report: Report) -> str:
    if not report.gaps:
        return '<p class="lead">No eligible runner-up.</p>'
    out = []
    if "gaps" in report.notes:
        out.append(f'<p class="note">{escape(report.notes["gaps"])}</p>')
    for g in report.gaps:
        items = [f"<li>{escape(statement(c))}</li>" for c in reachable(g)]
        if not items:
            items = [
                f"<li>No single figure lifts it to {_target(g.target_rank)}; several must "
                "change together (or the weights).</li>"
            ]
        out.append(
            f"<h3>{escape(g.name)}: rank {g.current_rank} → {_target(g.target_rank)}</h3>"
            f"<ul>{''.join(items)}</ul>"
        )
    return "".join(out)


def _files(report: Report) -> str:
    rows = [
        f'<tr>{_cell(path)}<td class="hash">{escape(sha)}</td></tr>' for path, sha in report.files
    ]
    return _table([("Input file", ""), ("SHA-256", "")], rows, "inputs")


def render(report: Report) -> str:
    ranking = report.ranking
    crit = ranking.criteria
    charts = (
        f'<figure id="contributions-chart">{svg.contributions(ranking)}<figcaption>'
        + (
            "What each criteria group contributed to the score (hover a segment for its value)."
            if ranking.mcda.additive
            else f"{escape(ranking.score_name)} by region."
        )
        + "</figcaption></figure>"
        '<div class="grid"><figure id="radar-chart">'
        f"{svg.radar(ranking)}<figcaption>Group utilities (0 = worst, 1 = best): where each "
        "region is strong and weak, whatever the weights.</figcaption></figure>"
        f"<div>{_utilities(report)}</div></div>"
    )
    estimates = report.estimates
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{CSS}</style></head><body><main>",
        f"<h1>{escape(crit.name)}</h1>",
        f'<p class="lead">{escape(method_label(ranking.method, crit.weighting))} · '
        f"{len(ranking.rows)} regions, {ranking.eligible_count} eligible"
        + (f" · {escape(report.inputs.scenario_label)}" if report.inputs.scenarios else "")
        + "</p>",
    ]
    parts.append(f'<div class="note">{escape(criteria_note(crit))}</div>')
    if ranking.degenerate:
        parts.append(f'<div class="note">Degenerate method: {escape(ranking.degenerate)}.</div>')
    parts += [
        "<h2>Ranking</h2>",
        _ranking(report),
        charts,
        "<h2>How robust is it?</h2>",
        _sensitivity(report),
        "<h2>What would it take to win?</h2>",
        _gaps(report),
        f"<h2>{UNKNOWNS_TITLE}</h2>",
        _unknowns(report),
        "<h2>Weights</h2>",
        _weights(report),
        "<h2>The data</h2>",
        f'<p class="lead">Every figure with its status — [confirmed], [claimed], [derived], '
        f'<span class="est">[estimate]</span> ({estimates} here), [unknown] (no published '
        "figure) — and its sources. Unknown figures are scored as the criteria file says.</p>",
        _data(report),
        "<h2>Inputs</h2>",
        _files(report),
        f"<footer>bidtool {escape(report.version)}"
        + (f" · generated {escape(report.generated_at)} (KST)" if report.generated_at else "")
        + " · same inputs, same report: re-run <code>bidtool report</code> to reproduce it."
        "</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"
