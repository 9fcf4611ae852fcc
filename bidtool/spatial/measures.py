"""The five spatial measures, vectorised over many sites at once.

Every function takes an array of site geometries in the work CRS (``None``
where a site has no geometry) and returns one value per site, NaN where the
measure is undefined.  Each layer's STRtree answers for all sites in one
call; nothing loops over sites in Python.

Ground truth, not grid lengths: planar results are divided by the
projection's scale factor (see :mod:`bidtool.spatial.crs`) — lengths by the
linear scale (Simpson's rule over the segment for distances), areas by the
areal scale at the site's centroid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import shapely

from bidtool.model import SpatialSpec
from bidtool.spatial.crs import scale_factors
from bidtool.spatial.layers import Layer

if TYPE_CHECKING:
    from numpy.typing import NDArray


@dataclass
class Measured:
    """Values in the spec's unit (NaN: undefined), and why a value is undefined."""

    values: NDArray[np.float64]
    nearest: list[str | None] | None = None  # distance_to: which feature was nearest
    undefined: str | None = None  # why NaN values are NaN (besides "no site")


def _centroid_scales(
    sites: NDArray[np.object_], crs: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    c = shapely.get_coordinates(shapely.centroid(sites))
    areal, linear = scale_factors(c[:, 0], c[:, 1], crs)
    return areal, linear if linear is not None else np.ones_like(areal)


def area(sites: NDArray[np.object_], crs: str) -> Measured:
    """Ellipsoidal area in m²: planar area / areal scale at the centroid."""
    out = np.full(len(sites), np.nan)
    poly = shapely.get_dimensions(sites) == 2
    if poly.any():
        areal, _ = _centroid_scales(sites[poly], crs)
        out[poly] = shapely.area(sites[poly]) / areal
    return Measured(out, undefined="the site is a point or line; area needs a polygon")


def _nearest(
    sites: NDArray[np.object_], layers: list[Layer], crs: str
) -> tuple[NDArray[np.float64], list[str | None]]:
    """Edge-to-edge distance (m) to the nearest feature of any layer, and its name."""
    n = len(sites)
    best = np.full(n, np.inf)
    line = np.empty(n, dtype=object)
    who: list[str | None] = [None] * n
    owner = np.full(n, -1)
    feature = np.full(n, -1)
    for k, layer in enumerate(layers):
        (si, fi), d = layer.tree.query_nearest(sites, return_distance=True, all_matches=False)
        better = d < best[si]
        si, fi, d = si[better], fi[better], d[better]
        best[si] = d
        owner[si] = k
        feature[si] = fi
    found = np.flatnonzero(owner >= 0)
    if len(found) == 0:
        return np.full(n, np.nan), who
    targets = np.array([layers[owner[i]].geoms[feature[i]] for i in found], dtype=object)
    line[found] = shapely.shortest_line(sites[found], targets)
    ends = shapely.get_coordinates(line[found]).reshape(-1, 2, 2)
    mid = ends.mean(axis=1)
    xs = np.concatenate([ends[:, 0, 0], mid[:, 0], ends[:, 1, 0]])
    ys = np.concatenate([ends[:, 0, 1], mid[:, 1], ends[:, 1, 1]])
    _, linear = scale_factors(xs, ys, crs)
    dist = np.full(n, np.nan)
    if linear is None:
        dist[found] = best[found]
    else:
        k0, km, k1 = linear.reshape(3, -1)
        dist[found] = best[found] / ((k0 + 4 * km + k1) / 6)  # Simpson's rule
    for i in found:
        who[i] = layers[owner[i]].label(int(feature[i]))
    return dist, who


def distance_to(sites: NDArray[np.object_], layers: list[Layer], crs: str) -> Measured:
    dist, who = _nearest(sites, layers, crs)
    return Measured(dist, nearest=who)


def _within(
    sites: NDArray[np.object_], layers: list[Layer], metres: float, crs: str
) -> NDArray[np.int64]:
    """How many features lie within ``metres`` (ground) of each site, exactly (dwithin)."""
    counts = np.zeros(len(sites), dtype=np.int64)
    _, linear = _centroid_scales(sites, crs)
    # the radius on the grid is the ground radius times the local scale; one query per
    # distinct (rounded) scale keeps the call vectorised
    grid = np.round(metres * linear, 3)
    for r in np.unique(grid):
        rows = np.flatnonzero(grid == r)
        for layer in layers:
            si, _ = layer.tree.query(sites[rows], predicate="dwithin", distance=float(r))
            counts[rows] += np.bincount(si, minlength=len(rows))
    return counts


def count_within(
    sites: NDArray[np.object_], layers: list[Layer], metres: float, crs: str
) -> Measured:
    return Measured(_within(sites, layers, metres, crs).astype(float))


def within_distance(
    sites: NDArray[np.object_], layers: list[Layer], metres: float, crs: str
) -> Measured:
    """1.0 where any feature lies within the setback, else 0.0."""
    return Measured((_within(sites, layers, metres, crs) > 0).astype(float))


def overlap_fraction(sites: NDArray[np.object_], layers: list[Layer]) -> Measured:
    """Share (0–1) of each site's area inside the union of the layers' polygons.

    The layers are dissolved first, so overlapping hazard polygons — within a
    layer or across layers — are counted once.  A point site scores 1 inside,
    0 outside; scale factors cancel in the ratio.
    """
    parts = [layer.dissolved for layer in layers if len(layer.dissolved)]
    out = np.zeros(len(sites))
    if not parts:
        return Measured(out)
    if len(parts) == 1:
        dissolved, tree = parts[0], next(lyr for lyr in layers if len(lyr.dissolved)).dissolved_tree
    else:
        dissolved = np.asarray(
            shapely.get_parts(shapely.union_all(np.concatenate(parts))), dtype=object
        )
        tree = shapely.STRtree(dissolved)
    si, pi = tree.query(sites, predicate="intersects")
    poly = shapely.get_dimensions(sites) == 2
    if len(si):
        on_poly = poly[si]
        covered = shapely.area(shapely.intersection(sites[si[on_poly]], dissolved[pi[on_poly]]))
        out += np.bincount(si[on_poly], weights=covered, minlength=len(sites))
        with np.errstate(invalid="ignore", divide="ignore"):
            out[poly] = out[poly] / shapely.area(sites[poly])
        out[np.unique(si[~on_poly])] = 1.0
    return Measured(np.clip(out, 0.0, 1.0))


def measure(
    spec: SpatialSpec, sites: NDArray[np.object_], layers: Mapping[str, Layer], crs: str
) -> Measured:
    """One spatial metric for every site, in the spec's unit."""
    has = ~shapely.is_missing(sites)
    values = np.full(len(sites), np.nan)
    nearest: list[str | None] | None = None
    chosen = [layers[name] for name in spec.layers]
    present = sites[has]
    if spec.kind == "area":
        m = area(present, crs)
    elif spec.kind == "distance_to":
        m = distance_to(present, chosen, crs)
    elif spec.kind == "overlap_fraction":
        m = overlap_fraction(present, chosen)
    else:
        assert spec.distance is not None
        metres = spec.distance * spec.factor
        fn = count_within if spec.kind == "count_within" else within_distance
        m = fn(present, chosen, metres, crs)
    scale = 1.0 if spec.kind in ("count_within", "within_distance") else spec.factor
    values[has] = m.values / scale
    if m.nearest is not None:
        nearest = [None] * len(sites)
        for i, name in zip(np.flatnonzero(has), m.nearest):
            nearest[i] = name
    return Measured(values, nearest, m.undefined)
