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
from bidtool.model import CriteriaSet, LayerSpec
from bidtool.spatial.crs import WGS84, CrsProblem, area_of_use, transform, work_crs
from bidtool.spatial.features import Features, read_features
from bidtool.spatial.where import parse_where

if TYPE_CHECKING:
    from numpy.typing import NDArray


@dataclass
class Layer:
    """One layer's features in the work CRS."""

    spec: LayerSpec
    geoms: NDArray[np.object_]
    properties: list[dict[str, Any]]
    estimate: bool  # some coordinates are approximations
    total: int  # features in the file, before the filter

    @functools.cached_property
    def tree(self) -> shapely.STRtree:
        return shapely.STRtree(self.geoms)

    @functools.cached_property
    def bounds(self) -> NDArray[np.float64]:
        return np.asarray(shapely.bounds(self.geoms), dtype=float)

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
    warnings.extend(_outside(features, work_crs))
    geoms = transform(features.geoms, features.crs, work_crs)
    return Layer(spec, geoms, features.properties, _estimate(features, spec), total), warnings


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
