"""The sites on a map of Korea, as inline SVG: pure string building, the same bytes each time.

The map group's user coordinates *are* EPSG:5179 metres: one
``transform="matrix(s 0 0 -s tx ty)"`` turns them into the picture's pixels
(north up), so a site's ``cx``/``cy`` is its projected easting/northing and a
setback ring's ``r`` is its distance in metres.  Labels, legend and scale bar
sit outside that group, in pixels.  Strokes keep their width whatever the
scale (``vector-effect: non-scaling-stroke``).  Every text from the inputs is
escaped; names are shown in Korean where the region file gives ``name_ko``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bidtool.i18n import text
from bidtool.ranking import RegionResult
from bidtool.spatial.mapdata import MapData, MapFeature, MapLayer, Polygon, Ring

RANK_RAMP = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
"""Viridis at five stops (van der Walt & Smith 2015, matplotlib): dark = rank 1, light = last;
ordered in lightness, so it reads in grey too and with colour-vision deficiencies."""
INELIGIBLE = "#9a9a9a"
LAYER_COLOURS = ("#D55E00", "#0072B2", "#CC79A7", "#E69F00", "#009E73", "#56B4E9")
"""Okabe–Ito, one per layer in the order the criteria file declares them."""
FONT = (
    'system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Apple SD Gothic Neo", '
    '"Malgun Gothic", sans-serif'
)
SITE_PX = 6.0
LABELLED = 12
"""Sites labelled on the map and listed in its legend: the best-ranked (then by id)."""
NS = ' vector-effect="non-scaling-stroke"'


def _hex(c: str) -> tuple[int, int, int]:
    return int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)


def rank_colour(rank: int | None, count: int) -> str:
    """The marker colour of ``rank`` among ``count`` eligible regions (None: ineligible).

    Linear interpolation in sRGB between the :data:`RANK_RAMP` stops at
    t = (rank − 1) / (count − 1); rank 1 is the darkest.
    """
    if rank is None:
        return INELIGIBLE
    t = 0.0 if count <= 1 else min(max((rank - 1) / (count - 1), 0.0), 1.0)
    pos = t * (len(RANK_RAMP) - 1)
    k = min(int(pos), len(RANK_RAMP) - 2)
    f = pos - k
    a, b = _hex(RANK_RAMP[k]), _hex(RANK_RAMP[k + 1])
    r, g, bl = (round(a[i] + (b[i] - a[i]) * f) for i in range(3))
    return f"#{r:02x}{g:02x}{bl:02x}"


def _px(v: float) -> str:
    """Pixels to 0.1 px."""
    s = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def _m(v: float) -> str:
    """Projected metres, to the metre (outline, layers)."""
    return f"{v:.0f}"


def _exact(v: float) -> str:
    """Projected metres to the micrometre (sites): the SVG keeps the projection's figure."""
    return f"{v:.6f}"


def _ring_path(ring: Ring, close: bool) -> str:
    if not ring:
        return ""
    head = f"M{_m(ring[0][0])} {_m(ring[0][1])}"
    body = "".join(f"L{_m(x)} {_m(y)}" for x, y in ring[1:])
    return head + body + ("Z" if close else "")


def _polygons_path(polygons: Sequence[Polygon]) -> str:
    return "".join(_ring_path(r, True) for poly in polygons for r in poly)


class _Frame:
    """Projected metres → pixels: x_px = pad + s·(x − x0), y_px = pad + s·(y1 − y)."""

    def __init__(self, bounds: tuple[float, float, float, float], width: float, pad: float):
        x0, y0, x1, y1 = bounds
        self.x0, self.y1, self.pad = x0, y1, pad
        self.s = (width - 2 * pad) / (x1 - x0)
        self.w = width
        self.h = 2 * pad + self.s * (y1 - y0)

    def px(self, x: float, y: float) -> tuple[float, float]:
        return self.pad + self.s * (x - self.x0), self.pad + self.s * (self.y1 - y)

    @property
    def matrix(self) -> str:
        s = self.s
        tx = self.pad - s * self.x0
        ty = self.pad + s * self.y1
        return f"matrix({s:.9g} 0 0 {-s:.9g} {tx:.9g} {ty:.9g})"


def _feature(f: MapFeature, colour: str, frame: _Frame, layer: str) -> str:
    title = f"<title>{escape(layer)}: {escape(f.label)}</title>"
    if f.kind == "point":
        r = 3.5 / frame.s
        return "".join(
            f'<rect x="{_m(x - r)}" y="{_m(y - r)}" width="{_m(2 * r)}" height="{_m(2 * r)}" '
            f'fill="{colour}" stroke="#fff" stroke-width="0.8"{NS}>{title}</rect>'
            for (x, y), *_ in f.parts
        )
    if f.kind == "line":
        d = "".join(_ring_path(p, False) for p in f.parts)
        return (
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2.5"{NS}>{title}</path>'
        )
    d = "".join(_ring_path(p, True) for p in f.parts)
    return (
        f'<path d="{d}" fill="{colour}" fill-opacity="0.25" stroke="{colour}" '
        f'stroke-width="1"{NS} fill-rule="evenodd">{title}</path>'
    )


def _layer(layer: MapLayer, colour: str, frame: _Frame, outside: str) -> str:
    parts = [f'<g class="layer" data-layer="{escape(layer.name, quote=True)}">']
    if layer.extent:
        parts.append(
            f'<path d="{_polygons_path(layer.extent)}" fill="none" stroke="{colour}" '
            f'stroke-width="1" stroke-dasharray="2 3"{NS}><title>{escape(outside)}</title></path>'
        )
    parts += [_feature(f, colour, frame, layer.name) for f in layer.features]
    parts.append("</g>")
    return "".join(parts)


def _text(x: float, y: float, text: str, size: int = 12, anchor: str = "start",
          extra: str = "") -> str:
    return (
        f'<text x="{_px(x)}" y="{_px(y)}" font-size="{size}" text-anchor="{anchor}"{extra}>'
        f"{escape(text)}</text>"
    )


def _rank_key(row: RegionResult | None) -> int:
    return row.rank if row is not None and row.rank is not None else 10**9


def _site_name(name: str, name_ko: str | None) -> str:
    return name_ko or name


def rank_colours(count: int) -> tuple[str, ...]:
    """The marker colour of each rank 1 … ``count`` (:func:`rank_colour`), for a page's
    script to look up: the same colours as the static map, with no arithmetic in the page."""
    return tuple(rank_colour(k, count) for k in range(1, count + 1))


SCALE_STOPS = 10
"""Swatches in a live map's colour scale at most (evenly spaced ranks beyond that)."""


def _rank_scale(caption: str, count: int, pad: float, y: float, width: float) -> tuple[str, float]:
    """The colour scale from rank 1 to ``count``: a caption and a row of swatches, each
    labelled with its rank; the markup and the legend's next free ``y``."""
    if count == 0:
        return "", y
    stops = count if count <= SCALE_STOPS else SCALE_STOPS
    ranks = [1 + round(k * (count - 1) / (stops - 1)) if stops > 1 else 1 for k in range(stops)]
    out = [_text(pad, y + 10, caption, 11)]
    step = min(28.0, (width - 2 * pad) / max(stops, 1))
    for k, rank in enumerate(ranks):
        x = pad + k * step
        out.append(
            f'<rect x="{_px(x)}" y="{_px(y + 16)}" width="{_px(step - 2)}" height="10" '
            f'fill="{rank_colour(rank, count)}"/>'
            + _text(x + (step - 2) / 2, y + 38, str(rank), 10, "middle")
        )
    return "".join(out), y + 44


def map_svg(
    data: MapData,
    rows: Sequence[RegionResult] = (),
    width: float = 560.0,
    title: str | None = None,
    lang: str = "en",
    live: bool = False,
) -> str:
    """The map: outline, layers, setback rings, the sites coloured by rank, legend, scale.

    ``rows`` are the ranking's rows (rank, eligibility, names); a site without a
    row is drawn as unranked.  ``lang`` picks the legend's language (``bidtool.i18n``);
    the outline's citation stays as the data file gives it.  Pure: the same arguments
    give the same bytes.

    ``live`` draws the map for a page whose script re-ranks (the decision room): a
    site marker carries ``data-site`` (not ``data-region``/``data-rank``, which name
    the page's ranking rows), a label's rank is a ``tspan[data-site-rank]`` the
    script rewrites, tooltips name the site without a rank, and the legend is the
    colour scale from rank 1 to the last (:func:`rank_colours`) instead of a list of
    sites in the file's order.
    """
    t = text(lang)
    title = t("map.title") if title is None else title
    pad = 12.0
    frame = _Frame(data.bounds, width, pad)
    by_id = {r.id: r for r in rows}
    eligible = sum(1 for r in rows if r.eligible)
    body: list[str] = [
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(t('map.desc', crs=data.crs, source=data.outline_source))}</desc>",
        f'<metadata data-crs="{escape(data.crs, quote=True)}">'
        f"{escape(data.outline_source)}</metadata>",
        f'<rect x="{_px(pad)}" y="{_px(pad)}" width="{_px(frame.w - 2 * pad)}" '
        f'height="{_px(frame.h - 2 * pad)}" fill="#eef4f8" stroke="#c9d3dc"/>',
        # a nested <svg> clips what lies outside the frame (no clip-path url() reference)
        f'<svg xmlns="http://www.w3.org/2000/svg" x="{_px(pad)}" y="{_px(pad)}" '
        f'width="{_px(frame.w - 2 * pad)}" height="{_px(frame.h - 2 * pad)}" '
        f'viewBox="{_px(pad)} {_px(pad)} {_px(frame.w - 2 * pad)} {_px(frame.h - 2 * pad)}">'
        f'<g class="projected" transform="{frame.matrix}">',
    ]
    if data.context:
        body.append(
            f'<path class="context" d="{_polygons_path(data.context)}" fill="#f1f1ee" '
            f'stroke="#c8c8c0" stroke-width="0.8"{NS} fill-rule="evenodd"/>'
        )
    body.append(
        f'<path class="outline" d="{_polygons_path(data.outline)}" fill="#fbfaf5" '
        f'stroke="#8a8a80" stroke-width="1"{NS} fill-rule="evenodd"/>'
    )
    colours = {layer.name: LAYER_COLOURS[k % len(LAYER_COLOURS)]
               for k, layer in enumerate(data.layers)}
    for ring in data.rings:
        colour = colours.get(ring.layer.split(", ")[0], "#666")
        dash = "5 3" if ring.kind == "setback" else "1 3"
        fill = f'fill="{colour}" fill-opacity="0.12"' if ring.kind == "setback" else 'fill="none"'
        body.append(
            f'<circle class="ring {ring.kind}" cx="{_m(ring.x)}" cy="{_m(ring.y)}" '
            f'r="{_m(ring.radius)}" {fill} stroke="{colour}" stroke-width="1" '
            f'stroke-dasharray="{dash}"{NS}><title>{escape(ring.label)}</title></circle>'
        )
    body += [
        _layer(layer, colours[layer.name], frame, t("map.outside_box", layer=layer.name))
        for layer in data.layers
    ]
    r_site = SITE_PX / frame.s
    # rank 1 drawn last, on top
    order = sorted(
        data.sites,
        key=lambda s: (-(by_id[s.id].rank or 10**9) if s.id in by_id else -(10**9), s.id),
    )
    for site in order:
        row = by_id.get(site.id)
        rank = row.rank if row is not None else None
        colour = rank_colour(rank, eligible)
        label = _site_name(site.name, site.name_ko)
        if live:
            tip = label if row is not None else t("map.not_ranked", name=label)
            ident = f'data-site="{escape(site.id, quote=True)}"'
        else:
            tip = f"{rank}. {label}" if rank is not None else t("map.not_ranked", name=label)
            ident = (
                f'data-region="{escape(site.id, quote=True)}" '
                f'data-rank="{rank if rank is not None else ""}"'
            )
        body.append(
            f'<circle class="site" {ident} cx="{_exact(site.x)}" '
            f'cy="{_exact(site.y)}" r="{_m(r_site)}" fill="{colour}" stroke="#fff" '
            f'stroke-width="1.5"{NS}><title>{escape(tip)}'
            + (escape(t("map.approximate")) if site.estimate else "")
            + "</title></circle>"
        )
    body.append("</g></svg>")
    # labels, in pixels: right of the marker, nudged down where they would overlap
    placed: list[tuple[float, float, float, float]] = []
    best = sorted(data.sites, key=lambda s: (_rank_key(by_id.get(s.id)), s.id))[:LABELLED]
    for site in sorted(best, key=lambda s: (-s.y, s.x, s.id)):
        row = by_id.get(site.id)
        x, y = frame.px(site.x, site.y)
        label = _site_name(site.name, site.name_ko)
        rank_tspan = ""
        if row is not None and row.rank is not None:
            if live:
                rank_tspan = (
                    f'<tspan data-site-rank="{escape(site.id, quote=True)}">{row.rank}</tspan>. '
                )
            label = f"{row.rank}. {label}"
        w = sum(12.0 if ord(c) > 0x2E80 else 7.0 for c in label) + 4
        lx, ly = x + SITE_PX + 3, y + 4
        while any(lx < b[2] and lx + w > b[0] and ly - 11 < b[3] and ly + 3 > b[1]
                  for b in placed):
            ly += 14
        placed.append((lx, ly - 11, lx + w, ly + 3))
        halo = ' paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round"'
        if rank_tspan:
            body.append(
                f'<text x="{_px(lx)}" y="{_px(ly)}" font-size="12" text-anchor="start"{halo}>'
                f"{rank_tspan}{escape(_site_name(site.name, site.name_ko))}</text>"
            )
        else:
            body.append(_text(lx, ly, label, 12, extra=halo))
    # scale bar: 100 km, bottom left inside the frame
    bar = 100_000 * frame.s
    bx, by = pad + 10, frame.h - pad - 12
    body.append(
        f'<path d="M{_px(bx)} {_px(by)}h{_px(bar)}" stroke="#333" stroke-width="2"/>'
        + _text(bx + bar / 2, by - 5, "100 km", 10, "middle")
        + _text(frame.w - pad - 6, frame.h - pad - 8, data.crs, 10, "end", ' fill="#666"')
    )
    # legend, below the map
    y = frame.h + 8
    legend: list[str] = []
    ranked = sorted((r for r in rows if r.rank is not None), key=lambda r: (r.rank or 0, r.id))
    if live:
        scale, y = _rank_scale(t("map.rank_scale"), eligible, pad, y, width)
        legend.append(scale)
        ranked = []
    if len(ranked) > LABELLED:
        more = len(ranked) - LABELLED
        ranked = ranked[:LABELLED]
    else:
        more = 0
    for k, row in enumerate(ranked):
        lx = pad + (k % 3) * (width - 2 * pad) / 3
        ly = y + (k // 3) * 18
        legend.append(
            f'<circle cx="{_px(lx + 6)}" cy="{_px(ly + 6)}" r="6" '
            f'fill="{rank_colour(row.rank, eligible)}"/>'
            + _text(lx + 16, ly + 10, f"{row.rank}. {_site_name(row.name, row.name_ko)}", 11)
        )
    y += 18 * ((len(ranked) + 2) // 3)
    if more:
        legend.append(_text(pad, y + 10, t("map.more", n=more), 11))
        y += 18
    extras = []
    if any(r.id in {s.id for s in data.sites} and not r.eligible for r in rows):
        extras.append((INELIGIBLE, "circle", t("map.ineligible")))
    for layer in data.layers:
        kind = layer.features[0].kind if layer.features else "point"
        extras.append((colours[layer.name], kind, layer.name))
    for kind, key in (("setback", "map.setback"), ("radius", "map.radius")):
        found = [r for r in data.rings if r.kind == kind]
        if found:
            names = ", ".join(dict.fromkeys(r.layer for r in found))
            extras.append(("#666", kind, t(key, km=f"{found[0].radius / 1000:g}", layers=names)))
    for k, (colour, kind, label) in enumerate(extras):
        lx = pad + (k % 2) * (width - 2 * pad) / 2
        ly = y + (k // 2) * 18
        if kind == "line":
            mark = (f'<path d="M{_px(lx)} {_px(ly + 6)}h12" stroke="{colour}" '
                    'stroke-width="2.5"/>')
        elif kind in ("setback", "radius"):
            dash = "5 3" if kind == "setback" else "1 3"
            mark = (f'<circle cx="{_px(lx + 6)}" cy="{_px(ly + 6)}" r="6" fill="none" '
                    f'stroke="{colour}" stroke-dasharray="{dash}"/>')
        elif kind == "circle":
            mark = f'<circle cx="{_px(lx + 6)}" cy="{_px(ly + 6)}" r="6" fill="{colour}"/>'
        else:
            mark = (f'<rect x="{_px(lx + 2)}" y="{_px(ly + 2)}" width="8" height="8" '
                    f'fill="{colour}"/>')
        legend.append(mark + _text(lx + 16, ly + 10, label, 11))
    y += 18 * ((len(extras) + 1) // 2)
    height = y + 4
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_px(width)} {_px(height)}" '
        f'width="100%" role="img" aria-label="{escape(title, quote=True)}" class="chart map" '
        f'data-crs="{escape(data.crs, quote=True)}" '
        f'style="max-width:{_px(width)}px;font-family:{escape(FONT, quote=True)}">'
        + "".join(body) + "".join(legend) + "</svg>"
    )
