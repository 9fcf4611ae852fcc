"""The decision room (DESIGN §12): one self-contained HTML page, re-weighted in the browser.

A slider per criterion group and leaf (``input[type=range][data-criterion=ID]``,
its value the weight relative to its siblings as the criteria file writes it),
the ranking re-computed on every move (rows ``tr[data-region=ID]`` carrying
``data-rank`` and ``data-score``) with each region's contributions stacked by
group, the interval in which today's leader stays first under each slider,
P(first) from SMAA-2, and the ``weights:`` scenario that reproduces the page
through ``bidtool rank -s``.

Safe to open from anywhere: one inline script (allowed by its SHA-256 in the
Content-Security-Policy, which forbids every fetch), the data in a JSON block
with ``<``, ``>`` and ``&`` escaped, every text HTML-escaped; the same inputs
give the same bytes.  Sections come in :data:`SECTIONS` order; further figures
(inline SVG from other renderers) are passed as :class:`Figure` and placed after
the ranking, each in its own section.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from bidtool import __version__
from bidtool.i18n import Text, text
from bidtool.ranking import RegionResult
from bidtool.ranks import TIE_RTOL
from bidtool.render.cells import source_label
from bidtool.render.map import map_svg, rank_colours
from bidtool.render.markdown import rank_label
from bidtool.report.gaia import named_plane
from bidtool.report.room_script import SCRIPT
from bidtool.room import Room, Slider
from bidtool.sensitivity.sweep import Sweep

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
"""Okabe–Ito, as the report's charts."""

CSS = """
:root{--ink:#1d2433;--muted:#5b6475;--line:#d9dde5;--accent:#0072B2}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI","Noto Sans KR","Noto Sans CJK KR",
"Apple SD Gothic Neo","Malgun Gothic",sans-serif;color:var(--ink);background:#fff;line-height:1.45;
word-break:keep-all}
main{max-width:1180px;margin:0 auto;padding:20px 20px 40px}
h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.15rem;margin:22px 0 8px;border-bottom:2px solid
var(--line);padding-bottom:4px}p.lead{color:var(--muted);margin:0 0 10px}
.note{background:#fff8e6;border-left:4px solid #E69F00;padding:8px 12px;margin:10px 0;font-size:.9rem}
.room{display:grid;grid-template-columns:minmax(0,4fr) minmax(0,7fr);gap:24px;align-items:start}
#ranking{position:sticky;top:0;max-height:100vh;overflow:auto;background:#fff}
.slider{padding:6px 0;border-bottom:1px solid var(--line)}.slider.d1{padding-left:18px}
.slider.d2{padding-left:36px}.slider.d3{padding-left:54px}
.slider label{display:flex;justify-content:space-between;gap:8px;font-size:.92rem}
.slider.group>label{font-weight:600}
.slider input{width:100%;margin:4px 0 0;accent-color:var(--accent)}
.ko,.muted{color:var(--muted);font-size:.85rem}.num{font-variant-numeric:tabular-nums}
.interval{font-size:.8rem;color:var(--muted)}
.band{position:relative;height:4px;margin:0 8px 2px;background:#f3f5f9}
.band span{position:absolute;top:0;height:100%;background:#009E73}.fixed{font-size:.8rem;color:#8a5a00}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:5px 6px;text-align:left;vertical-align:top}
th{background:#f3f5f9;font-weight:600}td.num,th.num{text-align:right}
tr.ineligible td{color:var(--muted)}td.why{font-size:.8rem;max-width:14rem}
.bar{display:flex;height:14px;min-width:160px;background:#f3f5f9;margin-top:3px}
.seg{height:100%}
.legend span{display:inline-block;margin-right:10px;font-size:.8rem}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
textarea{width:100%;min-height:12rem;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem}
button{font:inherit;padding:4px 12px;margin:6px 8px 6px 0}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}
figure.map{margin:8px 0}figure.map figcaption{font-size:.8rem;color:var(--muted)}
footer{margin-top:28px;color:var(--muted);font-size:.8rem}
@media (max-width:900px){.room{grid-template-columns:1fr}#ranking{position:static;max-height:none}}
"""


@dataclass(frozen=True)
class Figure:
    """A figure another renderer drew (inline SVG markup, trusted), placed in its own section."""

    id: str
    heading: str
    svg: str
    caption: str = ""


def _json_block(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">`` (no ``</script>``, no entities)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _one_line(text: str) -> str:
    """A path or name safe in a YAML comment: control and line-break characters as ``?``."""
    return re.sub(r"[\x00-\x1f\x7f\x85\u2028\u2029]", "?", text)


def _nice_max(weights: Sequence[float]) -> float:
    """A slider's upper end: twice the largest sibling weight, rounded up to 1, 2 or 5 × 10^k."""
    top = 2 * max([*weights, 0.0])
    if top <= 0:
        return 1.0
    k = math.floor(math.log10(top))
    for m in (1, 2, 5, 10):
        if m * 10.0**k >= top:
            return m * 10.0**k
    return 10.0 ** (k + 1)  # pragma: no cover - the loop always returns


def _label(t: Text, label: str, label_ko: str | None) -> str:
    """The label in the reader's language first, the other beside it (both when given)."""
    if not label_ko:
        return escape(label)
    if t.ko:
        return f'{escape(label_ko)} <span class="ko" lang="en">{escape(label)}</span>'
    return f'{escape(label)} <span class="ko" lang="ko">{escape(label_ko)}</span>'


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _sweep(room: Room, slider: Slider) -> Sweep | None:
    if room.sensitivity is None:
        return None
    return next((s for s in room.sensitivity.sweeps if s.criterion == slider.criterion.id), None)


def _on_slider(slider: Slider, siblings: Sequence[float], t: float) -> float | None:
    """A top-level weight's share ``t`` in the slider's units, the others as in the file:
    the slider's path is then the sweep's, ``t = w / (w + others)``; None past the end."""
    others = sum(siblings) - slider.criterion.weight
    return None if t >= 1 - 1e-9 else t * others / (1 - t)


def _interval(t: Text, room: Room, slider: Slider, siblings: Sequence[float]) -> str:
    """Under a slider: where today's leader stays first, as ``bidtool sensitivity`` says."""
    if room.sensitivity is None:
        return ""
    sweep = _sweep(room, slider)
    if sweep is None:
        return t("room.no_interval")
    if sweep.fixed:
        return t("room.fixed_level")
    if sweep.leader is None:
        return t("room.tie")
    if sweep.leader_interval is None:
        return t("room.alone")
    lo, hi = sweep.leader_interval
    row = room.ranking.row(sweep.leader)
    said = t(
        "room.interval",
        leader=t.name(row.name, row.name_ko),
        low=_pct(lo),
        high=_pct(hi),
        now=_pct(sweep.weight),
        how=t("room.exact") if room.exact else t("room.scanned"),
    )
    if slider.depth == 0 and slider.fixed is None:
        low, high = _on_slider(slider, siblings, lo), _on_slider(slider, siblings, hi)
        end = t("room.no_upper_limit") if high is None else f"{high:.4g}"
        said += t("room.on_slider", low=f"{low or 0:.4g}", high=end)
    return escape(said)


def _band(room: Room, slider: Slider, siblings: Sequence[float], top: float) -> str:
    """The leader's interval drawn under a top-level slider (in its units), or ""."""
    sweep = _sweep(room, slider)
    if slider.depth or slider.fixed or sweep is None or sweep.leader_interval is None:
        return ""
    lo, hi = (_on_slider(slider, siblings, t) for t in sweep.leader_interval)
    left = min((lo or 0.0) / top, 1.0)
    right = 1.0 if hi is None else min(hi / top, 1.0)
    return (
        f'<div class="band" aria-hidden="true"><span style="left:{100 * left:.2f}%;'
        f'width:{100 * (right - left):.2f}%"></span></div>'
    )


def _fixed(t: Text, room: Room, slider: Slider) -> str:
    if slider.fixed is None:
        return ""
    if room.inputs.criteria.weighting != "direct":
        why = t("room.fixed_data", weighting=slider.fixed)
    else:
        why = t("room.fixed_judgements", source=slider.fixed.upper())
    return f'<div class="fixed">{escape(why)}</div>'


def _sliders(t: Text, room: Room) -> str:
    crit = room.inputs.criteria
    levels = {parent: [n.weight for n in nodes] for parent, nodes in crit.levels()}
    out = []
    for s in room.sliders:
        node = s.criterion
        siblings = levels[s.parent]
        kind = "group" if node.children else "leaf"
        disabled = " disabled" if s.fixed else ""
        top = _nice_max(siblings)
        out.append(
            f'<div class="slider {kind} d{min(s.depth, 3)}">'
            f'<label for="w-{node.id}"><span>{_label(t, node.label, node.label_ko)} '
            f'<code class="muted">{escape(node.id)}</code></span>'
            f'<span class="num"><b data-value="{node.id}">{node.weight:.4g}</b> · '
            f'<span data-share="{node.id}"></span></span></label>'
            f'<input type="range" id="w-{node.id}" data-criterion="{node.id}" min="0" '
            f'max="{top!r}" step="any" value="{node.weight!r}"{disabled}>'
            f'{_band(room, s, siblings, top)}{_fixed(t, room, s)}'
            f'<div class="interval">{_interval(t, room, s, siblings)}</div></div>'
        )
    return "".join(out)


def _eligibility(t: Text, r: RegionResult) -> str:
    if r.failed_constraints:
        return t("room.ineligible", why="; ".join(r.failed_constraints))
    if r.unverified_constraints:
        return t("room.unverified", why="; ".join(r.unverified_constraints))
    return t("room.eligible_yes")


def _p(values: dict[str, float], rid: str) -> str:
    return f"{values[rid]:.3f}" if rid in values else "–"


def _ranking(t: Text, room: Room) -> str:
    groups = room.inputs.criteria.groups
    legend = "".join(
        f'<span><i style="background:{PALETTE[k % len(PALETTE)]}"></i>'
        f"{_label(t, g.label, g.label_ko)}</span>"
        for k, g in enumerate(groups)
    )
    uniform, near = room.p_first(), room.p_first(near=True)
    head = (
        f'<th class="num">{escape(t("room.rank"))}</th><th>{escape(t("room.region"))}</th>'
        f'<th class="num">{escape(room.reweigh_method)}</th>'
        f'<th>{escape(t("room.contributions"))}</th><th class="num">{escape(t("room.known"))}</th>'
        f'<th class="num">P(first)<br><span class="muted">{escape(t("room.p_first_any"))}'
        f'</span></th><th class="num">P(first)<br><span class="muted">'
        f'{escape(t("room.p_first_near"))}</span></th><th>{escape(t("room.eligible"))}</th>'
    )
    rows = []
    for r in room.ranking.rows:
        segs = "".join(
            f'<span class="seg" data-group="{g.id}" data-label="{escape(t.name(g.label, g.label_ko))}" '
            f'style="background:{PALETTE[k % len(PALETTE)]}"></span>'
            for k, g in enumerate(groups)
        )
        cls = "" if r.eligible else ' class="ineligible"'
        rows.append(
            f'<tr data-region="{r.id}" data-rank="{r.rank or ""}" data-score=""{cls}>'
            f'<td class="num rank">{rank_label(r.rank, r.tied)}</td>'
            f"<td>{_label(t, r.name, r.name_ko).replace(' <span', '<br><span', 1)}</td>"
            '<td class="num score"></td>'
            f'<td><div class="bar">{segs}</div></td><td class="num known"></td>'
            f'<td class="num">{_p(uniform, r.id)}</td><td class="num">{_p(near, r.id)}</td>'
            f'<td class="why">{escape(_eligibility(t, r))}</td></tr>'
        )
    return (
        f'<div class="legend">{legend}</div><table id="room-ranking"><thead><tr>{head}</tr>'
        f'</thead><tbody id="room-rows">{"".join(rows)}</tbody></table>'
    )


def _map(t: Text, room: Room) -> str:
    """The report's map of the sites (:func:`bidtool.render.map.map_svg`), drawn for the
    page's script: its markers and rank numbers follow the live ranking; "" without sites."""
    data = room.map
    if data is None:
        return ""
    names = ", ".join(layer.name for layer in data.layers)
    caption = " ".join(
        (
            t(
                "report.map_caption",
                crs=data.crs,
                layers=t("report.map_layers", layers=names) if names else "",
                rings=t("report.map_rings") if data.rings else "",
                source=t("report.map_source"),
            ),
            t("room.map_live"),
        )
    )
    svg = map_svg(data, room.ranking.rows, lang=t.lang, live=True)
    return (
        f'<section id="map"><h2>{escape(t("report.h.map"))}</h2><figure class="map">{svg}'
        f"<figcaption>{escape(caption)}</figcaption></figure></section>"
    )


def _method_note(t: Text, room: Room) -> str:
    ranking = room.ranking
    if room.exact:
        return ""
    exact = ", ".join(
        f"{rank_label(r.rank, r.tied)}. {t.name(r.name, r.name_ko)} ({r.score:.3f})"
        for r in ranking.rows
        if r.eligible and r.score is not None
    )
    said = t(
        "room.not_additive",
        criteria=ranking.criteria.source_label,
        method=ranking.method,
        additive=room.reweigh_method,
        exact=exact,
    )
    return f'<p class="note">{escape(said)}</p>'


def _smaa_note(t: Text, room: Room) -> str:
    if room.sensitivity is None or room.sensitivity.smaa is None:
        return f'<p class="muted">{escape(t("room.smaa_none"))}</p>'
    said = t("room.smaa", samples=f"{room.samples:,}", seed=room.seed, method=room.ranking.method)
    return f'<p class="muted">{escape(said)}</p>'


def _scenario_head(room: Room) -> list[str]:
    # YAML comments stay English: the file is read by bidtool, and by whoever opens it
    crit = room.inputs.criteria
    arg = crit.path.rsplit("/", 1)[-1].removesuffix(".yaml") if crit.bundled else crit.path
    command = ["bidtool", "rank", "-c", _one_line(arg)]
    for sc in room.inputs.scenarios:
        command += ["-s", _one_line(sc.path)]
    command += ["-s", "room-weights.yaml"]
    if not room.exact:
        command += ["-m", room.reweigh_method]
    return [
        "# bidtool explore: the weights set in the decision room",
        f"# criteria: {_one_line(crit.source_label)}",
        "# save as room-weights.yaml, then: " + " ".join(command),
        "schema: bidtool.scenario/1",
        "name: decision room",
    ]


def _data(t: Text, room: Room) -> dict[str, Any]:
    crit = room.inputs.criteria
    leaves = crit.leaves
    rows = {r.id: r for r in room.ranking.rows}
    return {
        "tieRtol": TIE_RTOL,
        "nodes": [
            {
                "id": s.criterion.id,
                "parent": s.parent,
                "weight": s.criterion.weight,
                "editable": s.fixed is None,
            }
            for s in room.sliders
        ],
        "leaves": [leaf.id for leaf in leaves],
        "leafPath": [list(leaf.path) for leaf in leaves],
        "leafGroup": [leaf.group.id for leaf in leaves],
        "fixedLeafWeights": None
        if crit.weighting == "direct"
        else [leaf.weight for leaf in leaves],
        "regions": [
            {
                "id": r.id,
                "eligible": rows[r.id].eligible,
                "u": [rows[r.id].utilities[leaf.id] for leaf in leaves],
                "known": [leaf.id not in rows[r.id].imputed for leaf in leaves],
            }
            for r in room.inputs.regions
        ],
        "rankColours": list(rank_colours(room.ranking.eligible_count)),
        "scenario": {
            "head": _scenario_head(room),
            "editable": any(s.fixed is None for s in room.sliders),
            "fixed": t("room.nothing_to_copy"),
        },
    }


def _figures(figures: Sequence[Figure]) -> str:
    return "".join(
        f'<section id="{escape(f.id)}"><h2>{escape(f.heading)}</h2><figure>{f.svg}'
        + (f"<figcaption>{escape(f.caption)}</figcaption>" if f.caption else "")
        + "</figure></section>"
        for f in figures
    )


def gaia_figure(room: Room, lang: str = "en") -> tuple[Figure, ...]:
    """The GAIA plane at the file's weights, as the report draws it (none with fewer than
    two eligible regions); the caption says the sliders do not redraw it."""
    g = room.gaia
    if g is None:
        return ()
    t = text(lang)
    plane, represented = named_plane(g, room.ranking, t)
    caption = f"{t('report.gaia_lead')} {represented} {t('room.gaia_note')}"
    return (Figure("gaia", t("report.h.gaia"), plane, caption),)


def script_hash() -> str:
    """The CSP source that allows exactly the page's one script."""
    digest = hashlib.sha256(SCRIPT.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp() -> str:
    """No fetch of any kind: only the inline script (by hash), inline styles, data: images."""
    return (
        f"default-src 'none'; script-src {script_hash()}; style-src 'unsafe-inline'; "
        "img-src data:; connect-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'"
    )


def render(room: Room, figures: Sequence[Figure] = (), lang: str = "en") -> str:
    """The room as one HTML document in ``lang`` (``en``, ``ko``); ``figures``: further
    sections after the ranking, in the order given, then the GAIA plane."""
    t = text(lang)
    crit = room.inputs.criteria
    title = t("room.title", criteria=t.name(crit.name, crit.name_ko))
    scenario = f" ({room.inputs.scenario_label})" if room.inputs.scenarios else ""
    caveat = f"{t('cell.caveat')} {crit.caveat}" if t.ko else crit.caveat
    criteria = t("room.criteria", source=source_label(crit, t.lang) + scenario, caveat=caveat)
    body = (
        f"<main><h1>{escape(title)}</h1>"
        f'<p class="lead">{escape(t("room.lead"))}</p>'
        f'<p class="note">{escape(criteria)}</p>{_method_note(t, room)}'
        f'<div class="room"><section id="weights"><h2>{escape(t("room.weights"))}</h2>'
        f'<button type="button" id="room-reset">{escape(t("room.reset"))}</button>'
        f'<p class="note" id="room-zero" hidden>{escape(t("room.zero"))}</p>'
        f"{_sliders(t, room)}</section>"
        f'<section id="ranking"><h2>{escape(t("room.ranking"))}</h2>{_ranking(t, room)}'
        f'{_smaa_note(t, room)}{_map(t, room)}<h2 id="copy-scenario">{escape(t("room.scenario"))}</h2>'
        f'<p class="muted">{escape(t("room.scenario_lead"))}</p>'
        f'<button type="button" id="room-copy">{escape(t("room.copy"))}</button>'
        f'<span id="room-copied" class="muted" data-ok="{escape(t("room.copied"))}" '
        f'data-select="{escape(t("room.select"))}" aria-live="polite"></span>'
        f'<textarea id="scenario" readonly spellcheck="false"></textarea></section></div>'
        f"{_figures((*figures, *gaia_figure(room, t.lang)))}"
        f'<footer>bidtool {__version__} · {escape(t("room.footer"))}</footer></main>'
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{t.lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp()}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>{body}"
        f'<script type="application/json" id="room-data">{_json_block(_data(t, room))}</script>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )
