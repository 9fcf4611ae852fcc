"""What the map shows, projected once into EPSG:5179: the outline, the sites, the layers.

:func:`map_data` reads the outline shipped with the package
(``bidtool/data/outline/korea.geojson``, Natural Earth 1:50m, public domain;
its README says how it was simplified), the regions' sites and every layer
the criteria measure against, and projects them into EPSG:5179 (Korea 2000 /
UTM-K) whatever the criteria's ``work_crs`` — one projection for one picture.
The result is plain coordinates in metres: :func:`bidtool.render.map.map_svg`
draws it without reading a file or importing shapely.

Setback rings come from the spatial measures that have a distance:
``within_distance`` (a must-pass setback) is drawn around each point feature
of its layers — the zone a site must stay out of — and ``count_within``
around each site — the radius inside which features are counted.  Radii are
in the projected plane (UTM-K's scale factor is within 0.04 % of 1 in Korea).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from bidtool.model import Inputs

if TYPE_CHECKING:
    import numpy as np
    import shapely
    from numpy.typing import NDArray

MAP_CRS = "EPSG:5179"
"""The map's projection: Korea 2000 / Unified CS (UTM-K), one zone for the peninsula."""
OUTLINE = "data/outline/korea.geojson"
"""The shipped outline, inside the package."""
FRAME_MARGIN_M = 25_000.0
"""Sea around South Korea and the sites, in metres."""

Point = tuple[float, float]
Ring = tuple[Point, ...]
Polygon = tuple[Ring, ...]  # exterior first, then holes


@dataclass(frozen=True)
class MapSite:
    id: str
    name: str
    name_ko: str | None
    x: float  # EPSG:5179 easting, metres
    y: float  # northing
    estimate: bool  # the site's coordinates are an approximation


@dataclass(frozen=True)
class MapFeature:
    label: str
    kind: str  # "point" | "line" | "polygon"
    parts: tuple[Ring, ...]  # point: one ring of one point; line: lines; polygon: rings


@dataclass(frozen=True)
class MapLayer:
    name: str  # as declared under ``layers:``
    display: str  # path, and filter
    features: tuple[MapFeature, ...]
    estimate: bool  # some coordinates are approximations
    extent: tuple[Polygon, ...] = ()  # where the layer is complete; () everywhere


@dataclass(frozen=True)
class MapRing:
    """A circle of ``radius`` metres: a setback around a feature, or a counting radius."""

    x: float
    y: float
    radius: float  # metres, in the projected plane
    kind: str  # "setback" (around a layer feature) | "radius" (around a site)
    layer: str
    label: str  # e.g. "within 5 km of quakes, induced"


@dataclass(frozen=True)
class MapData:
    crs: str
    bounds: tuple[float, float, float, float]  # the frame: min x, min y, max x, max y
    outline: tuple[Polygon, ...]  # South Korea
    context: tuple[Polygon, ...]  # North Korea, drawn faintly
    outline_source: str  # the citation
    sites: tuple[MapSite, ...]
    layers: tuple[MapLayer, ...] = ()
    rings: tuple[MapRing, ...] = ()


def _rings(geom: shapely.Geometry) -> list[Polygon]:
    import shapely

    out = []
    for part in shapely.get_parts(geom):
        if shapely.get_type_id(part) != 3:  # polygons only
            continue
        rings = [part.exterior, *part.interiors]
        out.append(tuple(tuple((float(x), float(y)) for x, y in r.coords) for r in rings))
    return out


def _feature(geom: shapely.Geometry, label: str) -> MapFeature | None:
    import shapely

    dim = shapely.get_dimensions(geom)
    parts = shapely.get_parts(geom)
    if dim == 0:
        pts = tuple(((float(p.x), float(p.y)),) for p in parts)
        return MapFeature(label, "point", pts) if pts else None
    if dim == 1:
        lines = tuple(tuple((float(x), float(y)) for x, y in p.coords) for p in parts)
        return MapFeature(label, "line", lines)
    rings = tuple(r for poly in _rings(geom) for r in poly)
    return MapFeature(label, "polygon", rings) if rings else None


def load_outline() -> dict[str, Any]:
    """The shipped outline (GeoJSON, WGS84), read from the package with importlib.resources."""
    text = resources.files("bidtool").joinpath(OUTLINE).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def _outline(document: dict[str, Any]) -> tuple[list[Polygon], list[Polygon], Any]:
    import numpy as np
    import shapely

    from bidtool.spatial.crs import WGS84, transform

    south: list[Polygon] = []
    north: list[Polygon] = []
    geoms = [shapely.from_geojson(json.dumps(f["geometry"])) for f in document["features"]]
    projected = transform(np.array(geoms, dtype=object), WGS84, MAP_CRS)
    kor = None
    for feature, geom in zip(document["features"], projected):
        if feature["properties"]["adm0_a3"] == "KOR":
            south += _rings(geom)
            kor = geom
        else:
            north += _rings(geom)
    return south, north, kor


def _frame(kor: Any, sites: NDArray[np.object_]) -> tuple[float, float, float, float]:
    import shapely

    geoms = [g for g in (kor, *sites) if g is not None]
    x0, y0, x1, y1 = (float(v) for v in shapely.total_bounds(geoms))
    m = FRAME_MARGIN_M
    return (x0 - m, y0 - m, x1 + m, y1 + m)


def map_data(inputs: Inputs) -> MapData:
    """The outline, every region's site and the criteria's layers, in EPSG:5179.

    Layers whose file cannot be read raise :class:`~bidtool.errors.InputError`
    (the same as ranking with them would).
    """
    import numpy as np
    import shapely

    from bidtool.spatial.crs import WGS84, transform
    from bidtool.spatial.layers import load_layer
    from bidtool.spatial.sites import site_geometries

    document = load_outline()
    south, north, kor = _outline(document)
    regions = inputs.regions
    lonlat, _ = site_geometries(regions)
    has = ~shapely.is_missing(lonlat)
    projected = np.empty(len(regions), dtype=object)
    projected[has] = transform(lonlat[has], WGS84, MAP_CRS)
    sites = []
    for region, geom in zip(regions, projected):
        if geom is None:
            continue
        point = geom if shapely.get_type_id(geom) == 0 else shapely.point_on_surface(geom)
        estimate = region.site is not None and region.site.status == "estimate"
        sites.append(
            MapSite(region.id, region.name, region.name_ko, float(point.x), float(point.y),
                    estimate)
        )
    crit = inputs.criteria
    specs = crit.spatial_metrics
    used = sorted({n for s in specs.values() for n in s.layers},
                  key=[layer.name for layer in crit.layers].index)
    layers: dict[str, Any] = {}
    out_layers = []
    for name in used:
        layer, _ = load_layer(crit.layer(name), MAP_CRS)
        layers[name] = layer
        feats = [_feature(g, layer.label(i)) for i, g in enumerate(layer.geoms)]
        extent = tuple(_rings(layer.extent)) if layer.extent is not None else ()
        out_layers.append(
            MapLayer(name, layer.spec.describe(), tuple(f for f in feats if f is not None),
                     layer.estimate, extent)
        )
    rings: list[MapRing] = []
    for spec in specs.values():
        if spec.distance is None or spec.kind not in ("within_distance", "count_within"):
            continue
        radius = spec.distance * spec.factor
        label = spec.describe()
        if spec.kind == "count_within":
            rings += [MapRing(s.x, s.y, radius, "radius", ", ".join(spec.layers), label)
                      for s in sites]
            continue
        for name in spec.layers:
            for geom in layers[name].geoms:
                for part in shapely.get_parts(geom):
                    if shapely.get_type_id(part) == 0:
                        rings.append(
                            MapRing(float(part.x), float(part.y), radius, "setback", name, label)
                        )
    return MapData(
        crs=MAP_CRS,
        bounds=_frame(kor, projected[has]),
        outline=tuple(south),
        context=tuple(north),
        outline_source=str(document.get("source", "")),
        sites=tuple(sites),
        layers=tuple(out_layers),
        rings=tuple(rings),
    )
