"""Map layers declared in a criteria file, projected once, indexed once.

Each layer is read (GeoJSON or CSV), filtered by its ``where:``, projected
into the work CRS and given one :class:`shapely.STRtree`, built on first use
and reused by every measure and every site.  Overlap measures use the
layer's *dissolved* polygons — the union of all its polygons, split into
disjoint parts — so two overlapping flood polygons never count an area twice.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from bidtool.errors import InputError, Problem
from bidtool.io.where import parse_where
from bidtool.model import CriteriaSet, LayerSpec
from bidtool.spatial.crs import WGS84, CrsProblem, area_of_use, transform, work_crs
from bidtool.spatial.features import Features, read_features

if TYPE_CHECKING:
    from numpy.typing import NDArray


SAMPLE_SPACING = 500.0
"""Largest gap (work-CRS metres) between the points sampled along a layer's lines."""


@dataclass
class Samples:
    """Points on a point or line layer's features, at most ``spacing`` apart along each
    line (so every point of a feature lies within ``spacing / 2`` of one), in a k-d tree."""

    tree: Any  # scipy.spatial.cKDTree of the points
    owner: NDArray[np.int64]  # feature index of each point
    spacing: float
    points: bool = False  # every feature is one point, and the points are the features

    @classmethod
    def of(cls, geoms: NDArray[np.object_]) -> Samples | None:
        try:
            from scipy.spatial import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
                cKDTree,
            )
        except ImportError:  # pragma: no cover - scipy is a dependency; the GEOS search stays
            return None
        if len(geoms) == 0 or (shapely.get_dimensions(geoms) > 1).any():
            return None
        parts, feature = shapely.get_parts(geoms, return_index=True)
        if len(parts) == 0 or shapely.is_empty(parts).any():
            return None
        # finer than the features' own spacing, so few features sit near a site's sample
        x0, y0, x1, y1 = shapely.total_bounds(parts)
        # and coarse enough that the tree stays small (at most about a million points)
        w, h = x1 - x0, y1 - y0
        typical = np.sqrt(max(w * h, max(w, h) ** 2 / 100) / len(geoms)) / 4  # even if flat
        spacing = float(min(SAMPLE_SPACING, max(typical, shapely.length(parts).sum() / 1e6, 1e-3)))
        dense = shapely.segmentize(parts, spacing)
        xy, part = shapely.get_coordinates(dense, return_index=True)
        if not np.isfinite(xy).all():
            return None
        points = bool((shapely.get_type_id(geoms) == 0).all())
        return cls(cKDTree(xy), np.asarray(feature[part], dtype=np.int64), spacing, points)


@dataclass
class Layer:
    """One layer's features in the work CRS."""

    spec: LayerSpec
    geoms: NDArray[np.object_]
    properties: list[dict[str, Any]]
    estimate: bool  # some coordinates are approximations
    total: int  # features in the file, before the filter
    extent: shapely.Geometry | None = None  # where the layer is complete (work CRS); None: all

    @functools.cached_property
    def tree(self) -> shapely.STRtree:
        return shapely.STRtree(self.geoms)

    @functools.cached_property
    def bounds(self) -> NDArray[np.float64]:
        return np.asarray(shapely.bounds(self.geoms), dtype=float)

    @functools.cached_property
    def samples(self) -> Samples | None:
        """Points along every feature, in a k-d tree, for the exact nearest search of
        :func:`bidtool.spatial.measures.nearest_features` (None: no scipy, or a polygon
        feature, whose inside is not sampled)."""
        return Samples.of(self.geoms)

    @functools.cached_property
    def dissolved(self) -> NDArray[np.object_]:
        """Disjoint polygonal parts of the union of the layer's polygons."""
        polygonal = self.geoms[shapely.get_dimensions(self.geoms) == 2]
        if len(polygonal) == 0:
            return np.empty(0, dtype=object)
        parts = shapely.get_parts(shapely.union_all(polygonal))
        return np.asarray(parts[shapely.get_dimensions(parts) == 2], dtype=object)

    @functools.cached_property
    def dissolved_tree(self) -> shapely.STRtree:
        return shapely.STRtree(self.dissolved)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without its indexes (rebuilt on first use in the process that unpickles)."""
        cached = ("tree", "bounds", "samples", "dissolved", "dissolved_tree")
        return {k: v for k, v in self.__dict__.items() if k not in cached}

    def label(self, i: int) -> str:
        p = self.properties[i]
        for key in ("name", "name_ko", "id"):
            if p.get(key) not in (None, ""):
                return str(p[key])
        return f"feature {i}"


def _estimate(features: Features, spec: LayerSpec) -> bool:
    if spec.status == "estimate":
        return True
    return any(p.get("status") == "estimate" for p in features.properties)


def load_layer(spec: LayerSpec, work_crs: str, strict: bool = False) -> tuple[Layer, list[str]]:
    """Read, filter and project one layer; warnings are returned, problems raised."""
    features = read_features(
        Path(spec.path), spec.display, spec.crs, spec.wkt, spec.lon, spec.lat, strict
    )
    warnings = list(features.warnings)
    total = len(features)
    if spec.where:
        where = parse_where(spec.where)
        present = set().union(*(p.keys() for p in features.properties)) if total else set()
        unknown = sorted(where.fields - present)
        if unknown and total:
            raise InputError(
                [
                    Problem(
                        spec.display,
                        None,
                        "",
                        f"filter {spec.where!r} names {', '.join(map(repr, unknown))}, which no "
                        f"feature has; properties are {', '.join(sorted(present)) or 'none'}",
                    )
                ]
            )
        keep = np.fromiter((where(p) for p in features.properties), dtype=bool, count=total)
        features = features.subset(keep)
    if len(features) == 0:
        what = f"filter {spec.where!r} matches none of its {total}" if spec.where else "it has no"
        raise InputError.single(
            spec.display, f"layer {spec.name!r} is empty: {what} located features"
        )
    if features.skipped:
        warnings.append(
            f"{spec.display}: {features.skipped} feature(s) without geometry (location not "
            "public) are listed in the file but cannot be measured"
        )
    features, found = _deduplicate(features, spec, strict)
    warnings.extend(found)
    warnings.extend(_outside(features, work_crs))
    geoms = transform(features.geoms, features.crs, work_crs)
    extent = _extent(spec, work_crs, strict)
    layer = Layer(spec, geoms, features.properties, _estimate(features, spec), total, extent)
    return layer, warnings


DUPLICATE_DEGREES = 0.01
"""Two dated features this close (lon/lat degrees, about 1 km) on the same date and time are
one event recorded twice."""


def _event_key(properties: dict[str, Any]) -> tuple[str, str] | None:
    date = properties.get("date")
    if date in (None, ""):
        return None
    return str(date), str(properties.get("time") or "")


def _deduplicate(features: Features, spec: LayerSpec, strict: bool) -> tuple[Features, list[str]]:
    """Drop a dated feature that repeats an earlier one (same date and time, same place).

    An event list (earthquakes, floods) must count each event once; a second row for
    the same event is kept out of every count, with a warning — or refused with
    ``--strict``.  Features without a ``date`` property are never merged.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for i, p in enumerate(features.properties):
        key = _event_key(p)
        if key is not None:
            groups.setdefault(key, []).append(i)
    if all(len(g) == 1 for g in groups.values()):
        return features, []
    lonlat = transform(features.geoms, features.crs, WGS84)
    drop: dict[int, int] = {}
    for members in groups.values():
        for k, i in enumerate(members):
            if i in drop:
                continue
            for j in members[k + 1 :]:
                if j not in drop and (
                    shapely.hausdorff_distance(lonlat[i], lonlat[j]) <= DUPLICATE_DEGREES
                ):
                    drop[j] = i
    if not drop:
        return features, []
    pairs = [
        f"{features.labels[j]} repeats {features.labels[i]} "
        f"({features.properties[j].get('date')}"
        + (f" {features.properties[j]['time']}" if features.properties[j].get("time") else "")
        + ")"
        for j, i in sorted(drop.items())
    ]
    message = (
        f"layer {spec.name!r}: {len(drop)} duplicate event(s) — same date and time, location "
        f"within {DUPLICATE_DEGREES}° — " + "; ".join(pairs)
    )
    if strict:
        raise InputError.single(
            spec.display, message + "; remove the repeated feature (--strict refuses duplicates)"
        )
    keep = np.ones(len(features), dtype=bool)
    keep[list(drop)] = False
    return features.subset(keep), [f"{spec.display}: {message}; each is counted once"]


def _extent(spec: LayerSpec, work_crs: str, strict: bool) -> shapely.Geometry | None:
    """The area where the layer is complete, in the work CRS (None: everywhere)."""
    if spec.extent is None:
        return None
    if isinstance(spec.extent, tuple):
        w, s, e, n = spec.extent
        # densified, so the box's edges follow the meridians and parallels once projected
        box = shapely.segmentize(shapely.box(w, s, e, n), 0.05)
        return transform(np.array([box], dtype=object), WGS84, work_crs)[0]
    display = spec.extent_display or spec.extent
    features = read_features(Path(spec.extent), display, strict=strict)
    polygons = features.geoms[shapely.get_dimensions(features.geoms) == 2]
    if len(polygons) == 0:
        raise InputError.single(
            display,
            f"the extent of layer {spec.name!r} has no polygon; give polygons, or a box "
            "[min_lon, min_lat, max_lon, max_lat]",
        )
    union = np.array([shapely.union_all(polygons)], dtype=object)
    return transform(union, features.crs, work_crs)[0]


def _outside(features: Features, work_crs: str) -> list[str]:
    """A warning when features lie outside the work CRS's area of use."""
    box = area_of_use(work_crs)
    if box is None or len(features) == 0:
        return []
    lonlat = transform(features.geoms, features.crs, WGS84)
    minx, miny, maxx, maxy = shapely.total_bounds(lonlat)
    w, s, e, n = box
    if minx >= w - 1 and maxx <= e + 1 and miny >= s - 1 and maxy <= n + 1:
        return []
    return [
        f"{features.display}: features reach {minx:.2f}…{maxx:.2f}°E, {miny:.2f}…{maxy:.2f}°N, "
        f"outside {work_crs}'s area of use ({w:g}…{e:g}°E, {s:g}…{n:g}°N); distances there "
        "are distorted — set work_crs in the criteria file"
    ]


def load_layers(
    criteria: CriteriaSet, strict: bool = False
) -> tuple[str, dict[str, Layer], list[str]]:
    """The work CRS, and every layer the criteria's spatial metrics use, projected into it.

    The problems of all layers are collected before raising.
    """
    try:
        crs = work_crs(criteria.work_crs).to_string()
    except CrsProblem as exc:
        raise InputError.single(criteria.path, str(exc), path="work_crs") from None
    needed = {name for spec in criteria.spatial_metrics.values() for name in spec.layers}
    layers: dict[str, Layer] = {}
    warnings: list[str] = []
    problems: list[Problem] = []
    for spec in criteria.layers:
        if spec.name not in needed:
            continue
        try:
            layer, found = load_layer(spec, crs, strict)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        layers[spec.name] = layer
        warnings.extend(found)
    if problems:
        raise InputError(problems)
    return crs, layers, warnings
