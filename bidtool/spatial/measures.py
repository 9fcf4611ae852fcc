"""The five spatial measures, vectorised over many sites at once.

Every function takes an array of site geometries in the work CRS (``None``
where a site has no geometry) and returns one value per site, NaN where the
measure is undefined.  Each layer's STRtree answers for all sites in one
call; nothing loops over sites in Python.

Ground truth, not grid lengths: planar results are divided by the
projection's scale factor (see :mod:`bidtool.spatial.crs`) — lengths by the
linear scale averaged along the segment (its midpoint value up to 20 km,
where the error is below 5e-7, Simpson's rule beyond), areas by the
areal scale at the site's centroid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from bidtool.model import SpatialSpec
from bidtool.spatial.crs import scale_factors
from bidtool.spatial.layers import Layer

if TYPE_CHECKING:
    from numpy.typing import NDArray


LONG = 20_000.0
"""Metres beyond which a distance's scale is averaged by Simpson's rule."""


@dataclass
class Measured:
    """Values in the spec's unit (NaN: undefined), and why a value is undefined."""

    values: NDArray[np.float64]
    nearest: list[str | None] | None = None  # distance_to: which feature was nearest
    undefined: str | None = None  # why NaN values are NaN (besides "no site")
    reasons: list[str | None] | None = None  # per site: why this one is NaN (overrides)


Memo = dict[str, Any]
"""Per-site values shared by the measures of one array of sites (centroids, scale factors),
so they are computed once, not once per measure: one memo per sites array, never shared."""


def _centroids(sites: NDArray[np.object_], memo: Memo | None = None) -> NDArray[np.float64]:
    key = f"centroids:{len(sites)}"
    if memo is not None and key in memo:
        return memo[key]  # type: ignore[no-any-return]
    c = np.asarray(shapely.get_coordinates(shapely.centroid(sites)), dtype=float)
    if memo is not None:
        memo[key] = c
    return c


def _centroid_scales(
    sites: NDArray[np.object_], crs: str, memo: Memo | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    key = f"scales:{len(sites)}"
    if memo is not None and key in memo:
        return memo[key]  # type: ignore[no-any-return]
    c = _centroids(sites, memo)
    areal, linear = scale_factors(c[:, 0], c[:, 1], crs)
    out = areal, linear if linear is not None else np.ones_like(areal)
    if memo is not None:
        memo[key] = out
    return out


def _radii(sites: NDArray[np.object_], memo: Memo | None = None) -> NDArray[np.float64]:
    """Each site's largest distance from its centroid to a vertex: every point of the site
    lies within it (the farthest point of a polygon or line from any point is a vertex)."""
    key = f"radii:{len(sites)}"
    if memo is not None and key in memo:
        return memo[key]  # type: ignore[no-any-return]
    c = _centroids(sites, memo)
    xy, owner = shapely.get_coordinates(sites, return_index=True)
    r = np.zeros(len(sites))
    if len(owner):
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        far = np.hypot(xy[:, 0] - c[owner, 0], xy[:, 1] - c[owner, 1])
        r[owner[starts]] = np.maximum.reduceat(far, starts)
    if memo is not None:
        memo[key] = r
    return r


NEIGHBOURS = 8
"""Sampled points looked at per site before falling back to a ball query."""


def nearest_features(
    sites: NDArray[np.object_], layer: Layer, memo: Memo | None = None
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """``layer.tree.query_nearest(sites, return_distance=True, all_matches=False)``, faster.

    The same site indices, features and distances (GEOS's, bit for bit): a k-d tree of
    points sampled along the features (:class:`~bidtool.spatial.layers.Samples`) finds,
    for each site, every feature that can be nearest; GEOS measures only those.  With
    centroid ``c``, radius ``r`` (every point of the site within ``r`` of ``c``) and
    ``d`` the distance from ``c`` to the nearest sample, the nearest feature is within
    ``d + r`` of the site, so within ``d + 2r`` of ``c``, so one of its samples is within
    ``d + 2r + spacing/2`` of ``c`` (triangle inequality).  Sites whose nearest distance
    is tied between features, and layers without samples (polygons), use GEOS's own
    nearest search, so ties resolve as it resolves them.
    """
    samples = layer.samples
    n = len(sites)
    if samples is None or n == 0:
        (si, fi), d = layer.tree.query_nearest(sites, return_distance=True, all_matches=False)
        return si, fi, d
    c = _centroids(sites, memo)
    r = _radii(sites, memo)
    ok = np.isfinite(c).all(axis=1) & np.isfinite(r)
    k = min(NEIGHBOURS, len(samples.owner))
    dk, ik = samples.tree.query(np.where(ok[:, None], c, 0.0), k=k)
    dk, ik = dk.reshape(n, k), ik.reshape(n, k)
    owner = samples.owner[ik]
    first = owner[:, 0]  # the owner of the nearest sample: a feature at most ``best`` away
    best = np.full(n, np.nan)
    best[ok] = shapely.distance(sites[ok], layer.geoms[first[ok]])
    feature = np.where(ok, first, -1)
    reach = (best + r + samples.spacing / 2) * (1 + 1e-9) + 1e-6
    inside = dk <= reach[:, None]  # NaN reach (not ok): nothing inside
    several = (inside & (owner != first[:, None])).any(axis=1)
    # the k-th sample is inside the reach: there may be more, ask for all of them
    full = ok & inside[:, -1] & (k < len(samples.owner))
    some = np.flatnonzero(several & ~full)
    pick = inside[some] & (owner[some] != first[some, None])
    sites_idx = [np.repeat(some, k).reshape(len(some), k)[pick]]
    feats = [owner[some][pick]]
    many = np.flatnonzero(full)
    if len(many):
        found = samples.tree.query_ball_point(c[many], reach[many], return_sorted=False)
        lens = np.fromiter(map(len, found), dtype=np.int64, count=len(many))
        points = np.fromiter((i for f in found for i in f), dtype=np.int64, count=int(lens.sum()))
        sites_idx.append(np.repeat(many, lens))
        feats.append(samples.owner[points])
    si, fi = np.concatenate(sites_idx), np.concatenate(feats)
    keep = fi != first[si]
    pair = np.unique(si[keep] * len(layer.geoms) + fi[keep])
    si, fi = pair // len(layer.geoms), pair % len(layer.geoms)
    d = shapely.distance(sites[si], layer.geoms[fi])
    # with each site's first candidate, nearest first
    si = np.concatenate([si, np.unique(si)])
    fi = np.concatenate([fi, first[si[len(d):]]])
    d = np.concatenate([d, best[si[len(d):]]])
    order = np.lexsort((d, si))
    si, fi, d = si[order], fi[order], d[order]
    head = np.r_[True, si[1:] != si[:-1]] if len(si) else np.zeros(0, dtype=bool)
    best[si[head]] = d[head]
    feature[si[head]] = fi[head]
    redo = ~ok | ~np.isfinite(best)
    redo[si[~head & (d == best[si])]] = True  # a tie: GEOS decides, as before
    feature[redo] = -1
    again = np.flatnonzero(redo)
    if len(again):
        (ri, rf), rd = layer.tree.query_nearest(
            sites[again], return_distance=True, all_matches=False
        )
        best[again[ri]] = rd
        feature[again[ri]] = rf
    done = np.flatnonzero(feature >= 0)
    return done, feature[done], best[done]


def area(sites: NDArray[np.object_], crs: str, memo: Memo | None = None) -> Measured:
    """Ellipsoidal area in m²: planar area / areal scale at the centroid."""
    out = np.full(len(sites), np.nan)
    poly = shapely.get_dimensions(sites) == 2
    if poly.any():
        # the memo holds values for all of ``sites``: a subset must not reuse it
        areal, _ = _centroid_scales(sites[poly], crs, memo if poly.all() else None)
        out[poly] = shapely.area(sites[poly]) / areal
    return Measured(out, undefined="the site is a point or line; area needs a polygon")


def _nearest(
    sites: NDArray[np.object_],
    layers: list[Layer],
    crs: str,
    names: bool = True,
    memo: Memo | None = None,
) -> tuple[NDArray[np.float64], list[str | None]]:
    """Edge-to-edge distance (m) to the nearest feature of any layer, and its name
    (``names=False``: no names, for screening, which does not show them)."""
    n = len(sites)
    best = np.full(n, np.inf)
    owner = np.full(n, -1)
    feature = np.full(n, -1)
    for k, layer in enumerate(layers):
        si, fi, d = nearest_features(sites, layer, memo)
        better = d < best[si]
        si, fi, d = si[better], fi[better], d[better]
        best[si] = d
        owner[si] = k
        feature[si] = fi
    dist = np.where(owner >= 0, best, np.nan)
    who: list[str | None] = [None] * n
    if not (owner >= 0).any():
        return dist, who
    apart = np.flatnonzero(best > 0)
    if len(apart):
        # ground distance = grid distance / mean scale along the shortest segment
        targets = np.empty(len(apart), dtype=object)
        for k, layer in enumerate(layers):
            mine = owner[apart] == k
            targets[mine] = layer.geoms[feature[apart[mine]]]
        ends = shapely.get_coordinates(shapely.shortest_line(sites[apart], targets))
        ends = ends.reshape(-1, 2, 2)
        mid = ends.mean(axis=1)
        _, k_mid = scale_factors(mid[:, 0], mid[:, 1], crs)
        if k_mid is not None:
            scale = k_mid
            long = np.flatnonzero(best[apart] > LONG)
            if len(long):  # Simpson's rule where the scale's curvature matters
                a, b = ends[long, 0], ends[long, 1]
                _, k_ends = scale_factors(
                    np.concatenate([a[:, 0], b[:, 0]]), np.concatenate([a[:, 1], b[:, 1]]), crs
                )
                assert k_ends is not None
                k_a, k_b = k_ends.reshape(2, -1)
                scale = scale.copy()
                scale[long] = (k_a + 4 * k_mid[long] + k_b) / 6
            dist[apart] = best[apart] / scale
    if not names:
        return dist, who
    for k, layer in enumerate(layers):
        for i in np.flatnonzero(owner == k):
            who[i] = layer.label(int(feature[i]))
    return dist, who


def distance_to(
    sites: NDArray[np.object_],
    layers: list[Layer],
    crs: str,
    names: bool = True,
    memo: Memo | None = None,
) -> Measured:
    dist, who = _nearest(sites, layers, crs, names, memo)
    return Measured(dist, nearest=who if names else None)


def _within(
    sites: NDArray[np.object_],
    layers: list[Layer],
    metres: float,
    crs: str,
    memo: Memo | None = None,
) -> NDArray[np.int64]:
    """How many features lie within ``metres`` (ground) of each site, exactly (dwithin)."""
    counts = np.zeros(len(sites), dtype=np.int64)
    _, linear = _centroid_scales(sites, crs, memo)
    # on the grid the ground radius is ``metres × scale``: query once with the largest,
    # then drop the few pairs beyond each site's own radius
    radius = metres * linear
    centre = _centroids(sites, memo)
    for layer in layers:
        rest = np.arange(len(sites))
        if layer.samples is not None and layer.samples.points and len(sites):
            sure, rest = _points_within(sites, layer, radius, memo)
            counts += sure
        if len(rest):
            counts[rest] += _within_geos(sites[rest], layer, radius[rest], centre[rest])
    return counts


def _within_geos(
    sites: NDArray[np.object_],
    layer: Layer,
    radius: NDArray[np.float64],
    centre: NDArray[np.float64],
) -> NDArray[np.int64]:
    """Features of ``layer`` within each site's grid ``radius``: GEOS dwithin, and distance."""
    si, fi = layer.tree.query(sites, predicate="dwithin", distance=float(radius.max()))
    if radius.min() < radius.max() and len(si):
        # a pair is surely within if even the feature's farthest bounding-box corner
        # is (measured from the site's centroid); measure exactly only the rest
        box = layer.bounds[fi]
        dx = np.maximum(np.abs(box[:, 0] - centre[si, 0]), np.abs(box[:, 2] - centre[si, 0]))
        dy = np.maximum(np.abs(box[:, 1] - centre[si, 1]), np.abs(box[:, 3] - centre[si, 1]))
        unsure = np.flatnonzero(np.hypot(dx, dy) > radius[si])
        beyond = shapely.distance(sites[si[unsure]], layer.geoms[fi[unsure]]) > radius[si[unsure]]
        si = np.delete(si, unsure[beyond])
    return np.bincount(si, minlength=len(sites))


def _points_within(
    sites: NDArray[np.object_], layer: Layer, radius: NDArray[np.float64], memo: Memo | None
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Point features within each site's grid ``radius``, counted in the layer's k-d tree
    where that is certain, and the sites left for :func:`_within_geos`.

    Every point of a site lies within ``r`` of its centroid ``c``, so a feature point
    within ``radius - r`` of ``c`` is within ``radius`` of the site, and one farther than
    ``radius + r`` is not (triangle inequality); a site with a point in between, whose
    answer only GEOS can give, is left for it.
    """
    samples = layer.samples
    assert samples is not None
    c = _centroids(sites, memo)
    r = _radii(sites, memo)
    ok = np.isfinite(c).all(axis=1) & np.isfinite(r) & np.isfinite(radius)
    xy = np.where(ok[:, None], c, 0.0)
    near = (radius - r) * (1 - 1e-9) - 1e-6
    far = np.where(ok, (radius + r) * (1 + 1e-9) + 1e-6, 0.0)
    inner = np.where(
        near >= 0,
        samples.tree.query_ball_point(xy, np.maximum(near, 0.0), return_length=True),
        0,
    )
    outer = samples.tree.query_ball_point(xy, far, return_length=True)
    certain = ok & (inner == outer)
    return np.where(certain, inner, 0).astype(np.int64), np.flatnonzero(~certain)


def count_within(
    sites: NDArray[np.object_],
    layers: list[Layer],
    metres: float,
    crs: str,
    memo: Memo | None = None,
) -> Measured:
    return Measured(_within(sites, layers, metres, crs, memo).astype(float))


def within_distance(
    sites: NDArray[np.object_],
    layers: list[Layer],
    metres: float,
    crs: str,
    memo: Memo | None = None,
) -> Measured:
    """1.0 where any feature lies within the setback, else 0.0."""
    return Measured((_within(sites, layers, metres, crs, memo) > 0).astype(float))


def overlap_fraction(sites: NDArray[np.object_], layers: list[Layer]) -> Measured:
    """Share (0–1) of each site's area inside the union of the layers' polygons.

    The layers are dissolved first, so overlapping hazard polygons — within a
    layer or across layers — are counted once.  A point site scores 1 inside,
    0 outside; scale factors cancel in the ratio.
    """
    polygonal = [layer for layer in layers if len(layer.dissolved)]
    out = np.zeros(len(sites))
    if not polygonal:
        return Measured(out)
    if len(polygonal) == 1:
        dissolved, tree = polygonal[0].dissolved, polygonal[0].dissolved_tree
    else:
        parts = [layer.dissolved for layer in polygonal]
        dissolved = np.asarray(
            shapely.get_parts(shapely.union_all(np.concatenate(parts))), dtype=object
        )
        tree = shapely.STRtree(dissolved)
    shapely.prepare(dissolved)
    si, pi = tree.query(sites)  # bounding boxes; then the prepared parts decide
    poly = shapely.get_dimensions(sites) == 2
    if len(si):
        # wholly inside a part: covered is the site's whole area (so the share is exactly 1);
        # only sites crossing a part's edge need the intersection
        inside = shapely.contains_properly(dissolved[pi], sites[si])
        rest = np.flatnonzero(~inside)
        rest = rest[shapely.intersects(dissolved[pi[rest]], sites[si[rest]])]
        hit = np.sort(np.concatenate([np.flatnonzero(inside), rest]))
        si, pi, inside = si[hit], pi[hit], inside[hit]
        on_poly = poly[si]
        area_of = shapely.area(sites)
        edge = on_poly & ~inside
        covered = np.where(inside, area_of[si], 0.0)
        covered[edge] = shapely.area(shapely.intersection(sites[si[edge]], dissolved[pi[edge]]))
        out += np.bincount(si[on_poly], weights=covered[on_poly], minlength=len(sites))
        with np.errstate(invalid="ignore", divide="ignore"):
            out[poly] = out[poly] / area_of[poly]
        out[np.unique(si[~on_poly])] = 1.0
    return Measured(np.clip(out, 0.0, 1.0))


def _km(metres: float) -> str:
    return f"{metres / 1000:.1f} km"


def coverage(
    kind: str,
    sites: NDArray[np.object_],
    layers: list[Layer],
    reach: NDArray[np.float64],
    found: NDArray[np.bool_],
    crs: str,
    memo: Memo | None = None,
) -> list[str | None]:
    """Why each site's measure is unknown because a layer is incomplete there (None: known).

    A layer with an ``extent`` is complete only inside it.  A measure is known when
    everything it looks at lies inside every such extent: the site itself, and the
    disc of ground radius ``reach`` (metres) around it — the measured distance for
    ``distance_to``, the radius or setback for ``count_within`` / ``within_distance``,
    nothing for ``overlap_fraction``.  ``found`` marks sites whose answer cannot
    change whatever lies outside (a setback already breached).  Otherwise nothing
    mapped is not the same as nothing there: the measure is unknown.
    """
    reasons: list[str | None] = [None] * len(sites)
    bounded = [layer for layer in layers if layer.extent is not None]
    if not bounded or len(sites) == 0:
        return reasons
    _, linear = _centroid_scales(sites, crs, memo)
    for layer in bounded:
        extent = layer.extent
        assert extent is not None
        name = layer.spec.name
        open_ = np.array([r is None for r in reasons]) & ~found
        outside = open_ & ~shapely.covered_by(sites, extent)
        for i in np.flatnonzero(outside):
            reasons[i] = (
                f"outside the mapped extent of layer {name} (it is complete only inside it), "
                "so unknown — not safe"
            )
        if kind == "overlap_fraction":
            continue
        check = np.flatnonzero(open_ & ~outside & np.isfinite(reach))
        # ground metres from the site to the extent's edge
        edge = shapely.distance(sites[check], shapely.boundary(extent)) / linear[check]
        what = "the nearest mapped feature ({})" if kind == "distance_to" else "the {} radius"
        for i, e in zip(check[edge < reach[check]], edge[edge < reach[check]]):
            reasons[i] = (
                f"the mapped extent of layer {name} ends {_km(e)} from the site, nearer than "
                f"{what.format(_km(reach[i]))}; beyond it the layer is not mapped, so unknown"
            )
    return reasons


def measure(
    spec: SpatialSpec,
    sites: NDArray[np.object_],
    layers: Mapping[str, Layer],
    crs: str,
    names: bool = True,
    memo: Memo | None = None,
) -> Measured:
    """One spatial metric for every site, in the spec's unit (``names=False``: skip the
    nearest feature's name, which only ``rank --explain`` and provenance notes show).
    ``memo``: a dict shared by the measures of the same ``sites`` (see :data:`Memo`).

    Where a layer has an ``extent`` and the measure looks beyond it, the value is
    NaN and ``reasons`` says why (see :func:`coverage`).
    """
    has = ~shapely.is_missing(sites)
    values = np.full(len(sites), np.nan)
    nearest: list[str | None] | None = None
    chosen = [layers[name] for name in spec.layers]
    present = sites[has]
    if spec.kind == "area":
        m = area(present, crs, memo)
    elif spec.kind == "distance_to":
        m = distance_to(present, chosen, crs, names, memo)
    elif spec.kind == "overlap_fraction":
        m = overlap_fraction(present, chosen)
    else:
        assert spec.distance is not None
        metres = spec.distance * spec.factor
        fn = count_within if spec.kind == "count_within" else within_distance
        m = fn(present, chosen, metres, crs, memo)
    scale = 1.0 if spec.kind in ("count_within", "within_distance") else spec.factor
    reasons: list[str | None] | None = None
    if spec.kind != "area" and any(layer.extent is not None for layer in chosen):
        if spec.kind == "distance_to":
            reach = m.values
        elif spec.kind == "overlap_fraction":
            reach = np.zeros(len(present))
        else:
            assert spec.distance is not None
            reach = np.full(len(present), spec.distance * spec.factor)
        found = (m.values > 0) if spec.kind == "within_distance" else np.zeros(len(present), bool)
        gaps = coverage(spec.kind, present, chosen, reach, found, crs, memo)
        if any(gaps):
            m.values = np.where([g is not None for g in gaps], np.nan, m.values)
            reasons = [None] * len(sites)
            for i, gap in zip(np.flatnonzero(has), gaps):
                reasons[i] = gap
    values[has] = m.values / scale
    if m.nearest is not None:
        nearest = [None] * len(sites)
        for i, name in zip(np.flatnonzero(has), m.nearest):
            nearest[i] = name
    return Measured(values, nearest, m.undefined, reasons)
