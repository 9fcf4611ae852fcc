"""Inline SVG charts: text stays text, so browsers render Hangul with system fonts.

Pure string building — no plotting library, nothing fetched, the same bytes
for the same ranking.  Colours are the Okabe–Ito palette, distinguishable
with the common colour-vision deficiencies; every chart also carries its
numbers as text or in a ``<title>`` tooltip.
"""

from __future__ import annotations

import math
from html import escape

from bidtool.i18n import text
from bidtool.ranking import Ranking
from bidtool.render.sensitivity import Sensitivity
from bidtool.report.content import ValueForMoney, group_utility

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
FONT = (
    'system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Apple SD Gothic Neo", '
    '"Malgun Gothic", sans-serif'
)


def _n(x: float) -> str:
    """Coordinates to 0.1 px: short and deterministic."""
    return f"{x:.1f}".rstrip("0").rstrip(".") if x != 0 else "0"


def _svg(width: float, height: float, label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="100%" role="img" aria-label="{escape(label)}" class="chart" '
        f'style="max-width:{_n(width)}px;font-family:{escape(FONT)}">' + "".join(body) + "</svg>"
    )


def _text(
    x: float, y: float, text: str, anchor: str = "start", size: int = 12, extra: str = ""
) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}"{extra}>'
        f"{escape(text)}</text>"
    )


def contributions(ranking: Ranking, lang: str = "en") -> str:
    """Stacked bars: what each criteria group contributed to each region's score."""
    t = text(lang)
    rows = [r for r in ranking.rows if r.eligible]
    groups = ranking.criteria.groups
    label_w, bar_w, row_h, top = 250.0, 560.0, 32.0, 10.0
    legend_h = 22.0 * math.ceil(len(groups) / 2)
    height = top + row_h * len(rows) + 30 + legend_h
    body: list[str] = []
    wsm = ranking.mcda.additive
    scores = [r.score or 0.0 for r in rows]
    lo, hi = (0.0, 1.0) if wsm else (min(scores, default=0.0), max(scores, default=1.0))
    span = (hi - lo) or 1.0
    for i, row in enumerate(rows):
        y = top + i * row_h
        body.append(
            _text(label_w - 8, y + 19, f"{row.rank}. {t.name(row.name, row.name_ko)}", "end", 13)
        )
        x = label_w
        if wsm:
            for k, g in enumerate(groups):
                v = row.group_scores.get(g.id, 0.0)
                w = bar_w * v
                if w <= 0:
                    continue
                body.append(
                    f'<rect x="{_n(x)}" y="{_n(y + 4)}" width="{_n(w)}" height="20" '
                    f'fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(t.name(g.label, g.label_ko))}: {v:.3f}'
                    "</title></rect>"
                )
                x += w
        else:
            w = bar_w * (0.05 + 0.95 * ((row.score or 0.0) - lo) / span)
            if not ranking.higher_is_better:
                w = bar_w * (0.05 + 0.95 * (hi - (row.score or 0.0)) / span)
            body.append(
                f'<rect x="{_n(x)}" y="{_n(y + 4)}" width="{_n(w)}" height="20" fill="{PALETTE[0]}"/>'
            )
            x += w
        body.append(
            _text(x + 6, y + 19, f"{row.score:.3f}" if row.score is not None else "", size=13)
        )
    axis_y = top + row_h * len(rows) + 4
    body.append(
        f'<line x1="{_n(label_w)}" y1="{_n(axis_y)}" x2="{_n(label_w + bar_w)}" '
        f'y2="{_n(axis_y)}" stroke="#999"/>'
    )
    if wsm:
        for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
            body.append(_text(label_w + bar_w * tick, axis_y + 14, f"{tick:g}", "middle", 10))
        for k, g in enumerate(groups):
            lx = label_w + (k % 2) * 290
            ly = axis_y + 26 + (k // 2) * 22
            body.append(
                f'<rect x="{_n(lx)}" y="{_n(ly)}" width="12" height="12" '
                f'fill="{PALETTE[k % len(PALETTE)]}"/>'
            )
            name = t.both(g.label, g.label_ko)
            body.append(
                _text(
                    lx + 16, ly + 10, f"{name} ({ranking.criteria.group_weight(g.id):.0%})", size=11
                )
            )
    else:
        score = t.term(ranking.score_name)
        body.append(_text(label_w, axis_y + 16, t("svg.relative_bars", score=score), size=11))
    return _svg(label_w + bar_w + 60, height, t("svg.contributions_label"), body)


def radar(ranking: Ranking, limit: int = 6, lang: str = "en") -> str:
    """Each region's group utilities (0–1) on one axis per criteria group."""
    t = text(lang)
    groups = ranking.criteria.groups
    rows = [r for r in ranking.rows if r.eligible][:limit]
    size, cx, cy, radius = 460.0, 230.0, 215.0, 150.0
    n = max(len(groups), 3)
    body: list[str] = []

    def point(k: int, v: float) -> tuple[float, float]:
        a = -math.pi / 2 + 2 * math.pi * k / n
        return cx + radius * v * math.cos(a), cy + radius * v * math.sin(a)

    for ring in (0.25, 0.5, 0.75, 1.0):
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(k, ring) for k in range(n)))
        body.append(f'<polygon points="{pts}" fill="none" stroke="#ccc"/>')
    for k, g in enumerate(groups):
        x, y = point(k, 1.0)
        body.append(f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" stroke="#ccc"/>')
        lx, ly = point(k, 1.17)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        body.append(_text(lx, ly + 4, g.label_ko or g.label, anchor, 12))
    for i, row in enumerate(rows):
        u = group_utility(ranking, row.id)
        pts = " ".join(
            f"{_n(x)},{_n(y)}" for x, y in (point(k, u[g.id]) for k, g in enumerate(groups))
        )
        colour = PALETTE[i % len(PALETTE)]
        body.append(
            f'<polygon points="{pts}" fill="{colour}" fill-opacity="0.12" stroke="{colour}" '
            f'stroke-width="2"><title>{escape(t.both(row.name, row.name_ko))}</title></polygon>'
        )
        body.append(
            f'<rect x="{_n(20 + (i % 2) * 220)}" y="{_n(size - 28 + (i // 2) * 20)}" width="12" '
            f'height="12" fill="{colour}"/>'
        )
        name = t.name(row.name, row.name_ko)
        body.append(_text(36 + (i % 2) * 220, size - 18 + (i // 2) * 20, name, size=12))
    return _svg(size, size + 20 * ((len(rows) - 1) // 2), t("svg.radar_label"), body)


def heatmap(s: Sensitivity, lang: str = "en") -> str:
    """SMAA-2 rank acceptabilities: region × rank, shade and percentage."""
    assert s.smaa is not None
    t = text(lang)
    r = s.smaa
    order = s.order
    regions = {reg.id: reg for reg in s.scorer.inputs.regions}
    label_w, cell, top = 250.0, 64.0, 24.0
    m = len(order)
    body: list[str] = []
    for k in range(m):
        body.append(
            _text(label_w + cell * k + cell / 2, 16, t("svg.rank_n", rank=k + 1), "middle", 11)
        )
    for i, rid in enumerate(order):
        y = top + i * 30
        name = t.name(regions[rid].name, regions[rid].name_ko)
        body.append(_text(label_w - 8, y + 20, name, "end", 13))
        idx = r.ids.index(rid)
        for k in range(m):
            p = float(r.acceptability[idx][k])
            shade = f"rgba(0,114,178,{0.08 + 0.92 * p:.3f})" if p > 0 else "#f4f4f4"
            colour = "#fff" if p > 0.55 else "#222"
            body.append(
                f'<rect x="{_n(label_w + cell * k)}" y="{_n(y)}" width="{_n(cell - 2)}" '
                f'height="28" fill="{shade}"/>'
            )
            body.append(
                _text(
                    label_w + cell * k + cell / 2 - 1,
                    y + 19,
                    f"{p:.0%}",
                    "middle",
                    11,
                    f' fill="{colour}"',
                )
            )
    return _svg(label_w + cell * m + 10, top + 30 * m + 6, t("svg.heatmap_label"), body)



def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 2.5 or 5 × 10ᵏ apart)."""
    span = (hi - lo) or abs(hi) or 1.0
    raw = span / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    return [round(start + k * step, 12) for k in range(count + 2) if start + k * step <= hi + step]


def value_for_money(v: ValueForMoney, lang: str = "en") -> str:
    """Benefit (up) against cost to the state (right), one dot per eligible region; the
    efficient frontier joins the regions nobody beats on both (filled dots)."""
    t = text(lang)
    w, h, left, top, right, bottom = 560.0, 380.0, 64.0, 16.0, 150.0, 46.0
    pw, ph = w - left - right, h - top - bottom
    pts = v.points
    xs = [p.cost for p in pts] or [0.0]
    ys = [p.benefit for p in pts] or [0.0]
    xt = _ticks(0.0, max(xs))
    yt = _ticks(min(ys), max(ys))
    x0, x1, y0, y1 = xt[0], xt[-1], yt[0], yt[-1]

    def sx(x: float) -> float:
        return left + pw * (x - x0) / ((x1 - x0) or 1.0)

    def sy(y: float) -> float:
        return top + ph * (1 - (y - y0) / ((y1 - y0) or 1.0))

    body: list[str] = [
        f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(pw)}" height="{_n(ph)}" fill="#fafbfc" '
        'stroke="#ccc"/>'
    ]
    for tick in xt:
        body.append(
            f'<line x1="{_n(sx(tick))}" y1="{_n(top + ph)}" x2="{_n(sx(tick))}" y2="{_n(top + ph + 4)}" '
            'stroke="#999"/>' + _text(sx(tick), top + ph + 16, f"{tick:g}", "middle", 10)
        )
    for tick in yt:
        body.append(
            f'<line x1="{_n(left)}" y1="{_n(sy(tick))}" x2="{_n(left + pw)}" y2="{_n(sy(tick))}" '
            'stroke="#eee"/>' + _text(left - 6, sy(tick) + 4, f"{tick:g}", "end", 10)
        )
    body.append(
        _text(left + pw / 2, h - 8, t("svg.value_x", groups=", ".join(v.cost_groups)),
              "middle", 11)
    )
    body.append(
        _text(14, top + ph / 2, t("svg.value_y"), "middle", 11,
              f' transform="rotate(-90 14 {_n(top + ph / 2)})"')
    )
    frontier = sorted((p for p in pts if p.efficient), key=lambda p: (p.cost, -p.benefit, p.id))
    if len(frontier) > 1:
        line = " ".join(f"{_n(sx(p.cost))},{_n(sy(p.benefit))}" for p in frontier)
        body.append(
            f'<polyline class="frontier" points="{line}" fill="none" stroke="{PALETTE[0]}" '
            'stroke-width="2"/>'
        )
    for p in pts:
        name = t.name(p.name, p.name_ko)
        fill = PALETTE[0] if p.efficient else "#fff"
        body.append(
            f'<circle class="{"efficient" if p.efficient else "dominated"}" '
            f'data-region="{escape(p.id, quote=True)}" cx="{_n(sx(p.cost))}" '
            f'cy="{_n(sy(p.benefit))}" r="5" fill="{fill}" stroke="{PALETTE[0]}" '
            f'stroke-width="1.5"><title>'
            + escape(t("svg.value_tip", name=name, benefit=f"{p.benefit:.4f}",
                       cost=f"{p.cost:.4f}"))
            + (escape(t("svg.value_tip_efficient")) if p.efficient else "")
            + "</title></circle>"
        )
        far = sx(p.cost) > left + 0.6 * pw  # near the right edge: label to the left
        body.append(
            _text(sx(p.cost) + (-8 if far else 8), sy(p.benefit) + (-8 if far else 4),
                  f"{p.rank}. {name}", "end" if far else "start", 11)
        )
    lx = left + pw + 14
    body.append(
        f'<circle cx="{_n(lx + 5)}" cy="{_n(top + 10)}" r="5" fill="{PALETTE[0]}"/>'
        + _text(lx + 14, top + 14, t("svg.value_efficient"), size=11)
        + f'<circle cx="{_n(lx + 5)}" cy="{_n(top + 30)}" r="5" fill="#fff" '
        f'stroke="{PALETTE[0]}" stroke-width="1.5"/>'
        + _text(lx + 14, top + 34, t("svg.value_dominated"), size=11)
        + f'<line x1="{_n(lx)}" y1="{_n(top + 50)}" x2="{_n(lx + 10)}" y2="{_n(top + 50)}" '
        f'stroke="{PALETTE[0]}" stroke-width="2"/>'
        + _text(lx + 14, top + 54, t("svg.value_frontier"), size=11)
    )
    return _svg(w, h, t("svg.value_label"), body)
