"""The HTML report: one self-contained file (no network, no external assets).

Inline CSS and SVG only, system fonts (Hangul renders with whatever the
reader's system has), readable on a laptop and printable (``@media print``
avoids breaking tables and charts across pages).
"""

from __future__ import annotations

from html import escape

from bidtool.i18n import Text, text
from bidtool.model import Metric, status_word
from bidtool.render.cells import criteria_note, method_label, raw_value, weighting_note
from bidtool.render.gap import statement
from bidtool.render.map import map_svg
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
    Report,
    coverage_rows,
    criterion_label,
    group_utility,
    reachable,
    region_name,
)
from bidtool.report.gaia import named_plane

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


def _ranking(report: Report, t: Text) -> str:
    ranking = report.ranking
    groups = ranking.criteria.groups if ranking.mcda.additive else ()
    score = t.term(ranking.score_name)
    header = [("#", "num"), (t("rank.col.region"), ""), (score[:1].upper() + score[1:], "num")]
    header += [(t.name(g.label, g.label_ko), "num") for g in groups]
    header += [
        (t("rank.col.unknown"), "num"),
        (t("rank.col.known"), "num"),
        (t("rank.col.eligible"), ""),
    ]
    rows = []
    for r in ranking.rows:
        second = r.name if t.ko else r.name_ko
        cells = [
            _cell(rank_label(r.rank, r.tied), "num"),
            f'<td class="region">{escape(t.name(r.name, r.name_ko))}'
            + (f'<br><span class="ko">{escape(second)}</span>' if r.name_ko and second else "")
            + "</td>",
            _cell(f"{r.score:.3f}" if r.score is not None else "", "num"),
            *[_cell(f"{r.group_scores.get(g.id, 0.0):.3f}", "num") for g in groups],
            _cell(str(len(r.imputed)), "num"),
            _cell(f"{r.coverage:.0%}", "num"),
            _cell(eligibility(r.failed_constraints, r.unverified_constraints, t.lang)),
        ]
        cls = "" if r.eligible else ' class="ineligible"'
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    return _table(header, rows, "ranking")


def _utilities(report: Report, t: Text) -> str:
    ranking = report.ranking
    groups = ranking.criteria.groups
    rows = []
    for r in ranking.rows:
        if not r.eligible:
            continue
        u = group_utility(ranking, r.id)
        rows.append(
            "<tr>"
            + _cell(t.name(r.name, r.name_ko))
            + "".join(_cell(f"{u[g.id]:.2f}", "num") for g in groups)
            + "</tr>"
        )
    header = [(t("rank.col.region"), "")] + [(g.label_ko or g.label, "num") for g in groups]
    return _table(header, rows, "utilities")


def _weights(report: Report, t: Text) -> str:
    crit = report.ranking.criteria
    rows = []
    for leaf in report.ranking.leaves:
        rows.append(
            "<tr>"
            + _cell(t.both(leaf.group.label, leaf.group.label_ko))
            + _cell(t.both(leaf.criterion.label, leaf.criterion.label_ko))
            + _cell(t("report.benefit" if leaf.criterion.direction > 0 else "report.cost"))
            + _cell(f"{leaf.weight:.1%}", "num")
            + "</tr>"
        )
    note = weighting_note(crit, t.lang)
    header = [
        (t("report.col.group"), ""),
        (t("explain.col.criterion"), ""),
        (t("report.col.direction"), ""),
        (t("explain.col.weight"), "num"),
    ]
    return (f'<p class="lead">{escape(note)}</p>' if note else "") + _table(header, rows, "weights")


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


def _data(report: Report, t: Text) -> str:
    regions = report.inputs.regions
    header = [(t("explain.col.criterion"), "")] + [(t.name(r.name, r.name_ko), "") for r in regions]
    rows = []
    for leaf in report.ranking.leaves:
        cells = [_cell(t.name(leaf.criterion.label, leaf.criterion.label_ko))]
        for cell in report.data(leaf.metric):
            m = cell.metric
            unit = leaf.criterion.value_unit or m.unit
            value = raw_value(m.value, t.lang) + (
                f" {unit}" if unit and m.value is not None else ""
            )
            cls = "unknown" if m.value is None else ("est" if m.status == "estimate" else "")
            source = "; ".join(
                x for x in (m.source, m.as_of, m.note if m.value is None else None) if x
            )
            mark = t.term(status_word(m))
            cells.append(
                f'<td><span class="{cls}">{escape(value)}</span> '
                f'<span class="mark">[{escape(mark)}]</span>'
                f'<br><span class="mark">{escape(source)}</span>{_links(m)}</td>'
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return _table(header, rows, "data")


def _sensitivity(report: Report, t: Text) -> str:
    s = report.sensitivity
    if not report.ranking.eligible_count:
        return f'<p class="lead">{t("report.not_computed_ineligible")}</p>'
    if s is None or s.smaa is None:
        return f'<p class="lead">{t("report.not_computed_samples")}</p>'
    r = s.smaa
    out = [
        f'<p class="lead">{t("report.smaa_lead", samples=f"{r.samples:,}", seed=r.seed)}</p>',
        f"<figure>{svg.heatmap(s, t.lang)}<figcaption>{t('report.heatmap_caption')}"
        "</figcaption></figure>",
    ]
    if "sensitivity" in report.notes:
        out.append(f'<p class="note">{escape(report.notes["sensitivity"])}</p>')
    rows = []
    for sw in s.sweeps:
        if sw.top is None or sw.level != "group":
            continue
        rows.append(
            "<tr>"
            + _cell(criterion_label(report, sw.criterion, sw.label, t))
            + _cell(f"{sw.weight:.1%}", "num")
            + _cell(f"{sw.top.t:.1%}", "num")
            + _cell(" ↔ ".join(sw.top.swaps))
            + "</tr>"
        )
    if rows:
        out.append(f"<h3>{t('report.critical_heading')}</h3>")
        out.append(
            _table(
                [
                    (t("report.col.group"), ""),
                    (t("explain.col.weight"), "num"),
                    (t("report.col.first_changes_at"), "num"),
                    (t("report.col.swap"), ""),
                ],
                rows,
                "critical",
            )
        )
    return "".join(out)


def _unknowns(report: Report, t: Text) -> str:
    u = report.unknowns
    if u is None:
        return f'<p class="lead">{t("report.not_computed_ineligible")}</p>'
    lang = t.lang
    out = [
        f'<p class="lead">{escape(leader_sentence(u, lang))} {escape(interval_note(u, lang))}</p>',
        f"<h3>{t('unknowns.intervals_heading')}</h3>",
        _table(
            [(t("rank.col.region"), ""), (t("rank.col.rank"), "num"), (t("rank.col.known"), "num"),
             (t("unknowns.col.best_worst"), "num"), (t("rank.col.eligible"), "")],
            [
                "<tr>"
                + _cell(region_name(report, r.id, r.display_name, t))
                + _cell("–" if r.rank is None else str(r.rank), "num")
                + _cell(f"{r.coverage:.0%}", "num")
                + _cell(interval(r), "num")
                + _cell(eligible_word(r, lang))
                + "</tr>"
                for r in u.regions
            ],
            "rank-intervals",
        ),
        f"<h3>{t('unknowns.coverage_heading')}</h3>",
    ]
    header = [(t("rank.col.region"), "")] + [
        (t.name(leaf.criterion.label, leaf.criterion.label_ko), "") for leaf in u.leaves
    ]
    header.append((t("rank.col.known"), "num"))
    rows = []
    known_word, unknown_word = t("unknowns.known"), t("cell.unknown")
    for (name, known, share), region in zip(coverage_rows(u), u.regions):
        cells = "".join(
            _cell(known_word) if k else f'<td class="unknown">{unknown_word}</td>' for k in known
        )
        name = region_name(report, region.id, name, t)
        rows.append(f"<tr>{_cell(name)}{cells}{_cell(f'{share:.0%}', 'num')}</tr>")
    out.append(_table(header, rows, "coverage"))
    out.append(f"<h3>{escape(verify_heading(u, lang))}</h3>")
    if u.verify_first:
        names = labels(u, lang)
        yes, no = t("cell.yes"), t("cell.no")
        out.append(
            _table(
                [("#", "num"), (t("rank.col.region"), ""), (t("unknowns.col.figure"), ""),
                 (t("unknowns.col.changes_leader"), ""), (t("unknowns.col.could_be_first"), ""),
                 (t("unknowns.col.score_swing"), "num")],
                [
                    "<tr>"
                    + _cell(str(k), "num")
                    + _cell(v.region)
                    + _cell(f"{names.get(v.metric, v.metric)} ({v.metric})")
                    + _cell(yes if v.changes_leader else no)
                    + _cell(", ".join(v.leaders))
                    + _cell(f"{v.score_swing:.3f}", "num")
                    + "</tr>"
                    for k, v in enumerate(u.verify_first, 1)
                ],
                "verify-first",
            )
        )
    return "".join(out)


def _map(report: Report, t: Text) -> str:
    data = report.map
    if data is None:
        return f'<p class="lead">{t("report.map_none")}</p>'
    names = ", ".join(layer.name for layer in data.layers)
    caption = t(
        "report.map_caption",
        crs=data.crs,
        layers=t("report.map_layers", layers=names) if names else "",
        rings=t("report.map_rings") if data.rings else "",
        source=t("report.map_source"),
    )
    return (
        f'<figure id="map">{map_svg(data, report.ranking.rows, lang=t.lang)}'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _value(report: Report, t: Text) -> str:
    v = report.value
    assert v is not None
    efficient = ", ".join(t.name(p.name, p.name_ko) for p in v.points if p.efficient)
    caption = t(
        "report.value_caption",
        groups=", ".join(v.cost_groups),
        efficient=efficient or t("report.value_none"),
    ) + (t("report.value_note", note=" ".join(v.note.split())) if v.note else "")
    rows = [
        "<tr>"
        + _cell(str(p.rank), "num")
        + _cell(t.name(p.name, p.name_ko))
        + _cell(f"{p.benefit:.4f}", "num")
        + _cell(f"{p.cost:.4f}", "num")
        + _cell(t("report.value_yes") if p.efficient else t("report.value_no"))
        + "</tr>"
        for p in v.points
    ]
    return (
        f'<figure id="value-for-money">{svg.value_for_money(v, t.lang)}'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
        + _table(
            [("#", "num"), (t("rank.col.region"), ""), (t("report.col.benefit"), "num"),
             (t("report.col.cost_to_state"), "num"), (t("report.col.efficient"), "")],
            rows,
            "value-table",
        )
    )


def _target(rank: int, t: Text) -> str:
    return t("report.target_first") if rank == 1 else t("report.target_rank", rank=rank)


def _gaps(report: Report, t: Text) -> str:
    if not report.gaps and "gaps" in report.notes:
        return f'<p class="note">{escape(report.notes["gaps"])}</p>'
    if not report.gaps:
        return f'<p class="lead">{t("report.no_runner_up")}</p>'
    out = []
    if "gaps" in report.notes:
        out.append(f'<p class="note">{escape(report.notes["gaps"])}</p>')
    for g in report.gaps:
        items = [
            f"<li>{escape(statement(c, t.lang, criterion_label(report, c.criterion, c.label, t)))}"
            "</li>"
            for c in reachable(g)
        ]
        if not items:
            items = [f"<li>{t('report.no_single_figure', target=_target(g.target_rank, t))}</li>"]
        heading = t(
            "report.gap_heading",
            name=region_name(report, g.region, g.name, t),
            rank=g.current_rank,
            target=_target(g.target_rank, t),
        )
        out.append(f"<h3>{escape(heading)}</h3><ul>{''.join(items)}</ul>")
    return "".join(out)


def _promises(report: Report) -> list[str]:
    """The rank as filed and at each milestone: which ranking rests on promises."""
    if not report.promises:
        return []
    from bidtool.report.content import promise_rows

    t = text(report.lang)
    head, rows, sentence = promise_rows(report)
    title = t("report.h.promises")
    return [
        f'<h2 id="promises">{escape(title)}</h2>',
        f'<p class="lead"><strong>{escape(sentence)}</strong> {t("promises.lead")}</p>',
        _table([(h, "" if i == 0 else "num") for i, h in enumerate(head)],
               ["<tr>" + "".join(_cell(c, "" if i == 0 else "num") for i, c in enumerate(row))
                + "</tr>" for row in rows]),
    ]


def _appeal(report: Report) -> list[str]:
    """``report --appeal``: the corrected figures, the verdict, the conclusions side by side."""
    a = report.appeal
    if a is None:
        return []
    from bidtool.render.audit import (
        APPEAL_TITLE,
        CONCLUSION_HEADER,
        CORRECTION_HEADER,
        conclusion_rows,
        corrections_rows,
        method_line,
        statement,
        verdict,
    )

    def rows(data: list[list[str]]) -> list[str]:
        return ["<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in data]

    t = text(report.lang)
    return [
        f'<h2 id="appeal">{escape(t.term(APPEAL_TITLE))}: {escape(a.region)}</h2>',
        _table([(t.term(h), "") for h in CORRECTION_HEADER], rows(corrections_rows(a, t.lang))),
        f'<p class="lead"><strong>{escape(verdict(a, t.lang))}</strong></p>',
        "<ul>" + "".join(f"<li>{escape(statement(c, t.lang))}</li>" for c in a.changes) + "</ul>",
        _table([(t.term(h), "") for h in CONCLUSION_HEADER], rows(conclusion_rows(a, t.lang))),
        f'<p class="lead">{escape(method_line(a, t.lang))}</p>',
    ]


def _files(report: Report, t: Text) -> str:
    rows = [
        f'<tr>{_cell(path)}<td class="hash">{escape(sha)}</td></tr>' for path, sha in report.files
    ]
    return _table([(t("report.col.input_file"), ""), ("SHA-256", "")], rows, "inputs")


def _gaia(report: Report, t: Text) -> str:
    """The GAIA plane: which regions are alike and which criteria pull apart."""
    g = report.gaia
    if g is None:
        return ""
    plane, caption = named_plane(g, report.ranking, t)
    return (
        f"<h2>{t('report.h.gaia')}</h2>"
        f'<p class="lead">{escape(t("report.gaia_lead"))}</p>'
        f'<figure id="gaia-plane">{plane}'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def render(report: Report) -> str:
    t = text(report.lang)
    ranking = report.ranking
    crit = ranking.criteria
    charts = (
        f'<figure id="contributions-chart">{svg.contributions(ranking, t.lang)}<figcaption>'
        + (
            t("report.contributions_caption")
            if ranking.mcda.additive
            else escape(t("report.scores_caption", score=t.term(ranking.score_name)))
        )
        + "</figcaption></figure>"
        '<div class="grid"><figure id="radar-chart">'
        f"{svg.radar(ranking, lang=t.lang)}<figcaption>{t('report.radar_caption')}"
        "</figcaption></figure>"
        f"<div>{_utilities(report, t)}</div></div>"
    )
    estimates = report.estimates
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{t.lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{CSS}</style></head><body><main>",
        f"<h1>{escape(t.name(crit.name, crit.name_ko))}</h1>",
        f'<p class="lead">{escape(method_label(ranking.method, crit.weighting, t.lang))} · '
        + t("report.regions_eligible", n=len(ranking.rows), k=ranking.eligible_count)
        + (f" · {escape(report.inputs.scenario_label)}" if report.inputs.scenarios else "")
        + (f" · promises at {escape(report.inputs.at)}" if report.inputs.at else "")
        + "</p>",
    ]
    parts.append(f'<div class="note">{escape(criteria_note(crit, t.lang))}</div>')
    if ranking.degenerate:
        degenerate = t("rank.degenerate", why=ranking.degenerate)
        parts.append(f'<div class="note">{escape(degenerate)}</div>')
    parts += [
        f"<h2>{t('report.h.ranking')}</h2>",
        _ranking(report, t),
        charts,
        _gaia(report, t),
        f"<h2>{t('report.h.map')}</h2>",
        _map(report, t),
        *([f"<h2>{t('report.h.value')}</h2>", _value(report, t)] if report.value else []),
        f"<h2>{t('report.h.robust')}</h2>",
        _sensitivity(report, t),
        f"<h2>{t('report.h.gaps')}</h2>",
        _gaps(report, t),
        f"<h2>{t('report.h.unknowns')}</h2>",
        _unknowns(report, t),
        *_promises(report),
        *_appeal(report),
        f"<h2>{t('report.h.weights')}</h2>",
        _weights(report, t),
        f"<h2>{t('report.h.data')}</h2>",
        f'<p class="lead">{t("report.data_lead", estimates=estimates)}</p>',
        _data(report, t),
        f"<h2>{t('report.h.inputs')}</h2>",
        _files(report, t),
        f"<footer>bidtool {escape(report.version)}"
        + (t("report.generated", when=escape(report.generated_at)) if report.generated_at else "")
        + t("report.reproduce")
        + "</footer>",
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"
