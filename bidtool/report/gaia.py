"""The GAIA plane as inline SVG (Mareschal & Brans 1988; Brans & Mareschal 2005, §5.4).

:func:`gaia_svg` draws a :class:`~bidtool.methods.gaia.Gaia`: the regions as
points, each criterion as an axis from the centre, the decision stick π as a
thick arrow, and δ (the share of information the plane keeps) in the caption.
Pure string building: the same numbers give the same bytes, every text is
escaped, nothing is fetched — the report and the decision room embed it as is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape

from bidtool.i18n import Text, text
from bidtool.methods.gaia import Gaia
from bidtool.ranking import Ranking
from bidtool.report.svg import FONT, PALETTE, _n, _text

STICK = "#D55E00"
AXIS = "#6b6b6b"
POINT = PALETTE[0]
WIDTH = 820.0
HEIGHT = 560.0
RADIUS = 220.0
SHORT_AXIS = 0.25
"""Criteria axes shorter than this share of the longest are poorly represented in the plane:
drawn, but labelled only in their tooltip (and listed by :func:`poorly_represented`)."""


def gaia_caption(g: Gaia, lang: str = "en") -> str:
    """One line saying how much of the picture can be trusted (δ; below 60 %, a caution)."""
    t = text(lang)
    first = g.explained[0] if g.explained else 0.0
    second = g.explained[1] if len(g.explained) > 1 else 0.0
    caption = t(
        "gaia.caption", delta=f"{g.delta:.1%}", first=f"{first:.1%}", second=f"{second:.1%}"
    )
    return caption + (t("gaia.caution") if g.delta < 0.6 else "")


def poorly_represented(g: Gaia) -> list[str]:
    """The criteria whose axis is shorter than :data:`SHORT_AXIS` of the longest one."""
    lengths = [math.hypot(u, v) for u, v in g.axes]
    longest = max(lengths, default=0.0)
    return [c for c, n in zip(g.criteria, lengths) if n < SHORT_AXIS * longest]



def named_plane(g: Gaia, ranking: Ranking, t: Text) -> tuple[str, str]:
    """The plane drawn with the regions' and criteria's names in ``t``'s language, and the
    sentence naming the criteria it represents poorly (the report's and the room's)."""
    names = {r.id: t.name(r.name, r.name_ko) for r in ranking.rows}
    labels = {
        leaf.id: t.name(leaf.criterion.label, leaf.criterion.label_ko) for leaf in ranking.leaves
    }
    short = poorly_represented(g)
    represented = (
        t("report.gaia_poor", labels=", ".join(labels[c] for c in short))
        if short
        else t("report.gaia_all_well")
    )
    return gaia_svg(g, names, labels, t.lang), represented


def gaia_svg(
    g: Gaia,
    alternative_labels: Mapping[str, str] | None = None,
    criterion_labels: Mapping[str, str] | None = None,
    lang: str = "en",
) -> str:
    """The GAIA plane as one ``<svg>`` element (labels default to the ids).

    Points are scaled so the farthest region sits at the plot's radius;
    criteria axes (length ≤ 1 in the flows' units) share one scale, so their
    relative lengths — how well each criterion is represented — stay true;
    the decision stick is drawn along its direction at 0.9 of the radius, its
    true coordinates in its tooltip.
    """
    alabels = alternative_labels or {}
    clabels = criterion_labels or {}
    c, cy = WIDTH / 2, (HEIGHT - 30) / 2
    radius = RADIUS
    short = set(poorly_represented(g))
    far = max((math.hypot(u, v) for u, v in g.points), default=0.0) or 1.0
    longest_axis = max((math.hypot(u, v) for u, v in g.axes), default=0.0) or 1.0
    body: list[str] = [
        f'<circle cx="{_n(c)}" cy="{_n(cy)}" r="{_n(radius)}" fill="none" stroke="#ddd"/>',
        f'<line x1="{_n(c - radius)}" y1="{_n(cy)}" x2="{_n(c + radius)}" y2="{_n(cy)}" '
        'stroke="#eee"/>',
        f'<line x1="{_n(c)}" y1="{_n(cy - radius)}" x2="{_n(c)}" y2="{_n(cy + radius)}" '
        'stroke="#eee"/>',
    ]
    for cid, (u, v) in zip(g.criteria, g.axes):
        x, y = c + radius * u / longest_axis, cy - radius * v / longest_axis
        label = clabels.get(cid, cid)
        anchor = "start" if x >= c else "end"
        body.append(
            f'<line x1="{_n(c)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" stroke="{AXIS}" '
            f'stroke-width="1"><title>{escape(label)}: ({u:.4f}, {v:.4f})</title></line>'
        )
        if cid not in short:
            dx = 4 if x >= c else -4
            body.append(_text(x + dx, y + 4, label, anchor, 10, f' fill="{AXIS}"'))
    su, sv = g.stick
    norm = math.hypot(su, sv)
    if norm > 0:
        x, y = c + 0.9 * radius * su / norm, cy - 0.9 * radius * sv / norm
        body.append(
            f'<line x1="{_n(c)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" stroke="{STICK}" '
            f'stroke-width="4" stroke-linecap="round"><title>'
            f"{escape(text(lang)('gaia.stick', u=f'{su:.4f}', v=f'{sv:.4f}'))}</title></line>"
        )
        body.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="5" fill="{STICK}"><title>π</title></circle>'
        )
        body.append(_text(x + 8, y - 6, "π", "start", 14, f' fill="{STICK}" font-weight="bold"'))
    for aid, (u, v) in zip(g.alternatives, g.points):
        x, y = c + radius * u / far, cy - radius * v / far
        label = alabels.get(aid, aid)
        body.append(
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="6" fill="{POINT}" data-region="{escape(aid)}">'
            f"<title>{escape(label)}: ({u:.4f}, {v:.4f})</title></circle>"
        )
        body.append(_text(x + 9, y + 4, label, "start", 12, ' font-weight="bold"'))
    caption = gaia_caption(g, lang)
    body.append(_text(c, HEIGHT - 12, caption, "middle", 12))
    label = text(lang)(
        "gaia.label", regions=len(g.alternatives), criteria=len(g.criteria), caption=caption
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(WIDTH)} {_n(HEIGHT)}" '
        f'width="100%" role="img" aria-label="{escape(label)}" class="chart gaia" '
        f'style="max-width:{_n(WIDTH)}px;font-family:{escape(FONT)}">' + "".join(body) + "</svg>"
    )
