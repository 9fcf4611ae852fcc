"""Regions' sites as geometry, and the spatial metrics computed for them.

A region's ``site`` is a ``location: [lon, lat]``, or a ``geometry`` that is
a file (GeoJSON or CSV, relative to the region file; several features are
one site, their union), a WKT string, or an inline GeoJSON object.  The
computed metrics join the region's own, with provenance saying which layer
they came from, so ``rank --explain``, ``regions ID`` and every export show
them like any sourced figure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from bidtool.errors import InputError, Problem
from bidtool.io.files import not_regular
from bidtool.model import CriteriaSet, Metric, Region, SpatialSpec, Status
from bidtool.spatial.crs import WGS84, transform
from bidtool.spatial.features import Features, geojson_features, read_features, wkt_feature
from bidtool.spatial.layers import Layer, load_layers
from bidtool.spatial.measures import Measured, measure

if TYPE_CHECKING:
    from numpy.typing import NDArray

_WKT = re.compile(
    r"^\s*(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)"
    r"\b",
    re.IGNORECASE,
)


def _site_features(region: Region, strict: bool) -> Features | None:
    site = region.site
    if site is None:
        return None
    if site.location is not None:
        lon, lat = site.location
        return Features(
            np.array([shapely.Point(lon, lat)], dtype=object),
            [{}],
            WGS84,
            region.path,
            ["site.location"],
        )
    g = site.geometry
    if g is None:
        return None
    if isinstance(g, dict):
        return geojson_features(g, region.path, site.crs, strict, prefix="site.geometry.")
    if _WKT.match(g):
        return wkt_feature(g, region.path, "site.geometry", site.crs)
    base = Path(region.base_dir) if region.base_dir else Path(region.path).parent
    display = str(Path(region.path).parent / g)
    problem = not_regular(base / g)
    if problem == "file not found":
        raise InputError.single(
            region.path,
            f"site geometry file not found: {display} (paths are relative to the region file; "
            "or write WKT, or inline GeoJSON)",
            path="site.geometry",
        )
    if problem is not None:
        raise InputError.single(region.path, f"{display}: {problem}", path="site.geometry")
    return read_features(base / g, display, site.crs, strict=strict)


def site_geometries(
    regions: Sequence[Region], strict: bool = False
) -> tuple[NDArray[np.object_], list[str]]:
    """Each region's site in WGS84 lon/lat (None without a site); warnings."""
    out = np.empty(len(regions), dtype=object)
    problems: list[Problem] = []
    warnings: list[str] = []
    for i, region in enumerate(regions):
        try:
            features = _site_features(region, strict)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if features is None:
            continue
        warnings.extend(features.warnings)
        lonlat = transform(features.geoms, features.crs, WGS84)
        out[i] = lonlat[0] if len(lonlat) == 1 else shapely.union_all(lonlat)
    if problems:
        raise InputError(problems)
    return out, warnings


def _provenance(
    spec: SpatialSpec, layers: Mapping[str, Layer], region: Region
) -> tuple[str, Status]:
    site = "site.location" if region.site and region.site.location else "site.geometry"
    if spec.kind == "area":
        source = f"computed from {region.path} {site}"
    else:
        source = "computed from " + "; ".join(layers[n].spec.describe() for n in spec.layers)
    estimate = (region.site is not None and region.site.status == "estimate") or any(
        layers[n].estimate for n in spec.layers
    )
    return source, "estimate" if estimate else "derived"


def round_significant(values: NDArray[np.float64], digits: int = 10) -> NDArray[np.float64]:
    """Round to ``digits`` significant digits, so results are the same bytes everywhere."""
    v = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        magnitude = np.floor(np.log10(np.abs(v)))
        factor = 10.0 ** (digits - 1 - np.where(np.isfinite(magnitude), magnitude, 0))
        out = np.round(v * factor) / factor
    return np.where(v == 0, 0.0, out)


def spatial_values(spec: SpatialSpec, values: NDArray[np.float64]) -> list[Any]:
    """Measured values as stored: true/false, an int count, or a rounded float; None if NaN."""
    if spec.kind == "within_distance":
        return [None if v != v else bool(v) for v in values.tolist()]
    if spec.kind == "count_within":
        return [None if v != v else int(v) for v in values.tolist()]
    return [None if v != v else v for v in round_significant(values).tolist()]


def computed_metrics(
    spec: SpatialSpec,
    measured: Measured,
    regions: Sequence[Region],
    has_site: NDArray[np.bool_],
    layers: Mapping[str, Layer],
    crs: str,
) -> list[Metric]:
    out = []
    as_of = sorted({a for n in spec.layers if (a := layers[n].spec.as_of)})
    values = spatial_values(spec, measured.values)
    for i, region in enumerate(regions):
        source, status = _provenance(spec, layers, region)
        value = values[i]
        if not has_site[i]:
            note = "no site location or geometry in the region file"
        elif value is None:
            reason = measured.reasons[i] if measured.reasons else None
            note = reason or measured.undefined or "undefined for this site"
        else:
            nearest = measured.nearest[i] if measured.nearest else None
            note = f"{spec.describe()}" + (f"; nearest: {nearest}" if nearest else "")
            note += f"; measured in {crs}"
            if status == "estimate":
                note += "; some coordinates are approximations"
        out.append(
            Metric(
                value=value,
                unit=spec.value_unit,
                source=source,
                as_of=", ".join(as_of) or None,
                status=status if value is not None else None,
                note=note,
            )
        )
    return out


def measure_regions(
    criteria: CriteriaSet, regions: Sequence[Region], strict: bool = False
) -> tuple[list[Region], list[str]]:
    """The regions with every spatial metric of ``criteria`` added."""
    specs = criteria.spatial_metrics
    problems: list[Problem] = []
    crs, layers, warnings = WGS84, dict[str, Layer](), list[str]()  # replaced unless it fails
    try:
        crs, layers, warnings = load_layers(criteria, strict)
    except InputError as exc:
        problems.extend(exc.problems)
    try:
        sites, found = site_geometries(regions, strict)
        warnings.extend(found)
    except InputError as exc:
        problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    has_site = ~shapely.is_missing(sites)
    work = np.empty(len(sites), dtype=object)
    work[has_site] = transform(sites[has_site], WGS84, crs)
    added: list[dict[str, Metric]] = [{} for _ in regions]
    missing_policy = {leaf.metric: leaf.missing for leaf in criteria.leaves}
    for name, spec in specs.items():
        measured = measure(spec, work, layers, crs)
        for i, metric in enumerate(
            computed_metrics(spec, measured, regions, has_site, layers, crs)
        ):
            added[i][name] = metric
            if metric.value is None and missing_policy.get(name) == "error":
                problems.append(
                    Problem(
                        regions[i].path,
                        None,
                        "site",
                        f"{name!r} is computed from the site ({spec.describe()}), but "
                        f"{metric.note}; add the site, or set missing: worst | exclude in "
                        f"{criteria.path}",
                    )
                )
    if problems:
        raise InputError(problems)
    out = [
        replace(region, metrics={**region.metrics, **extra})
        for region, extra in zip(regions, added)
    ]
    return out, warnings
