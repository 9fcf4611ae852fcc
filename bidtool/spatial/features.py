"""Read features — geometry plus properties — from GeoJSON, CSV or WKT.

GeoJSON is lon/lat WGS84 (RFC 7946 §4).  Coordinates beyond ±180/±90 mean a
file is projected or has lat/lon swapped; both are refused with a message
saying which (unless the layer declares ``crs:``).  A legacy GeoJSON ``crs``
member, as QGIS writes for projected exports, is honoured.

Geometries are built in bulk with :func:`shapely.from_ragged_array` (one
Python pass to flatten, then C), so a 100,000-parcel file loads in a fraction
of the time ``shapely.geometry.shape`` per feature takes.  Invalid polygons
are repaired with :func:`shapely.make_valid` and reported as warnings, or
refused with ``strict``; unclosed rings likewise; empty geometries always
fail, because nothing can be measured on them.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from bidtool.errors import InputError, Problem
from bidtool.io.yaml_source import read_text
from bidtool.spatial.crs import WGS84, CrsProblem, parse_crs

if TYPE_CHECKING:
    from numpy.typing import NDArray

MAX_LAYER_BYTES = 1024 * 1024 * 1024
"""1 GiB: a national parcel layer as GeoJSON is a few hundred MB."""

MAX_REPORTED = 5
"""Per kind of problem, name this many features, then count the rest."""

_RAGGED = {
    "Point": (shapely.GeometryType.POINT, 0),
    "LineString": (shapely.GeometryType.LINESTRING, 1),
    "Polygon": (shapely.GeometryType.POLYGON, 2),
    "MultiPoint": (shapely.GeometryType.MULTIPOINT, 1),
    "MultiLineString": (shapely.GeometryType.MULTILINESTRING, 2),
    "MultiPolygon": (shapely.GeometryType.MULTIPOLYGON, 3),
}
"""GeoJSON type → (shapely type, nesting depth of position lists)."""

GEOMETRY_TYPES = (*_RAGGED, "GeometryCollection")
_UNCLOSED = "\0unclosed"  # grouped like a problem, reported as a warning


@dataclass
class Features:
    """Geometries (in ``crs``) with their properties, one row per feature."""

    geoms: NDArray[np.object_]
    properties: list[dict[str, Any]]
    crs: str
    display: str
    labels: list[str]  # key path (GeoJSON) or "line N" (CSV), for messages
    skipped: int = 0  # features without geometry (RFC 7946 "unlocated")
    warnings: list[str] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)  # their key paths (…geometry)

    def __len__(self) -> int:
        return len(self.geoms)

    def subset(self, keep: NDArray[np.bool_]) -> Features:
        idx = np.flatnonzero(keep)
        return Features(
            self.geoms[idx],
            [self.properties[i] for i in idx],
            self.crs,
            self.display,
            [self.labels[i] for i in idx],
            self.skipped,
            self.warnings,
            self.unlocated,
        )


class _Collect:
    """Problems for one file; names a few features per message, then counts."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.grouped: dict[str, list[str]] = {}

    def add(self, path: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.display, line, path, message))

    def group(self, message: str, label: str) -> None:
        self.grouped.setdefault(message, []).append(label)

    def flush(self) -> None:
        for message, labels in self.grouped.items():
            for label in labels[:MAX_REPORTED]:
                self.add(label, message)
            if len(labels) > MAX_REPORTED:
                self.add("", f"{message} — and {len(labels) - MAX_REPORTED} more features")
        self.grouped = {}

    def raise_if_any(self) -> None:
        self.flush()
        if self.problems:
            raise InputError(self.problems)


_INT_BITS = 1023
"""Integers longer than this may not fit a float64 (max ≈ 1.8e308)."""


def number_problem(value: Any) -> str | None:
    """Why a parsed value cannot be used as a number (NaN, ±Infinity, beyond float64), or None.

    Python's JSON reader accepts ``NaN`` and ``Infinity`` and integers of any
    length; arithmetic on them gives blank scores or overflows, so they are
    refused where they are read.  Lists and objects are searched too.
    """
    t = type(value)
    if t is float:
        if math.isfinite(value):
            return None
        return (
            f"expected a finite number, got {value!r} (JSON has no NaN or Infinity; "
            "write null if the figure is unknown)"
        )
    if t is int:
        if value.bit_length() <= _INT_BITS:
            return None
        try:
            float(value)
        except OverflowError:
            return (
                f"expected a number within float64 range (±1.8e308), got an integer of "
                f"{len(str(abs(value))) if value.bit_length() < 12000 else 'thousands of'} digits"
            )
        return None
    if t is list:
        return next((p for p in map(number_problem, value) if p), None)
    if t is dict:
        return next((p for p in map(number_problem, value.values()) if p), None)
    return None


# ----------------------------------------------------------------- GeoJSON


def _legacy_crs(obj: Mapping[str, Any]) -> str | None:
    """The pre-RFC 7946 ``crs`` member (``urn:ogc:def:crs:EPSG::5186``), if any."""
    crs = obj.get("crs")
    if not isinstance(crs, dict):
        return None
    name = (
        crs.get("properties", {}).get("name") if isinstance(crs.get("properties"), dict) else None
    )
    if not isinstance(name, str):
        return None
    if name.upper().endswith(("CRS84", "EPSG::4326", "EPSG:4326")):
        return None
    if "EPSG::" in name:
        return "EPSG:" + name.rsplit("::", 1)[1]
    return name


def _source_crs(crs: str | None, display: str, path: str) -> str:
    """The CRS features are written in (lon/lat WGS84 unless declared), checked."""
    source = crs or WGS84
    try:
        parse_crs(source)
    except CrsProblem as exc:
        raise InputError.single(display, str(exc), path=path) from None
    return source


def read_geojson(
    path: Path, display: str, crs: str | None = None, strict: bool = False
) -> Features:
    """A GeoJSON file as :class:`Features`; raise :class:`InputError` on anything wrong."""
    text, _ = read_text(path, display, MAX_LAYER_BYTES, "(split the layer or filter it first)")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = (
            "; this is not GeoJSON (shapefiles and GeoPackages must be converted: "
            "ogr2ogr -f GeoJSON out.geojson in.shp)"
            if exc.pos == 0
            else ""
        )
        raise InputError.single(
            display, f"not valid JSON: {exc.msg} (column {exc.colno}){hint}", line=exc.lineno
        ) from None
    except RecursionError:
        raise InputError.single(display, "JSON nested too deeply to be GeoJSON") from None
    except ValueError as exc:  # an integer beyond Python's digit limit (4,300 digits)
        raise InputError.single(
            display, f"not a usable number in the JSON: {str(exc).split(';')[0]}"
        ) from None
    return geojson_features(obj, display, crs, strict)


def geojson_features(
    obj: Any, display: str, crs: str | None = None, strict: bool = False, prefix: str = ""
) -> Features:
    """Features from a parsed GeoJSON object (FeatureCollection, Feature or geometry)."""
    out = _Collect(display)
    kind = obj.get("type") if isinstance(obj, dict) else None
    if kind == "FeatureCollection":
        feats = obj.get("features")
        if not isinstance(feats, list):
            raise InputError.single(
                display, "expected a list of features", path=f"{prefix}features"
            )
        items = [(f"{prefix}features[{i}]", f) for i, f in enumerate(feats)]
    elif kind == "Feature":
        items = [(prefix.rstrip(".") or "(feature)", obj)]
    elif kind in GEOMETRY_TYPES:
        items = [("", {"type": "Feature", "geometry": obj})]
        prefix = prefix or "(geometry)."
    else:
        found = f"type {kind!r}" if kind is not None else f"a JSON {type(obj).__name__}"
        raise InputError.single(
            display,
            f"expected a GeoJSON FeatureCollection, Feature or geometry; found {found}",
            path=prefix.rstrip("."),
        )
    source_crs = _source_crs(
        crs or (_legacy_crs(obj) if isinstance(obj, dict) else None), display, "crs"
    )

    geometries: list[Any] = []
    labels: list[str] = []
    properties: list[dict[str, Any]] = []
    skipped = 0
    unlocated: list[str] = []
    for label, feat in items:
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            got = feat.get("type") if isinstance(feat, dict) else type(feat).__name__
            out.group(f"expected a GeoJSON Feature, found {got!r}", label)
            continue
        geom = feat.get("geometry")
        if geom is None:
            skipped += 1  # an unlocated feature (RFC 7946 §3.2): nothing to measure
            unlocated.append(f"{label}.geometry" if label else "geometry")
            continue
        props = feat.get("properties")
        if props is not None and not isinstance(props, dict):
            out.group("properties must be an object or null", label)
            continue
        p = dict(props or {})
        for key, value in p.items():
            bad = number_problem(value)
            if bad:
                out.add(f"{label}.properties.{key}" if label else f"properties.{key}", bad)
        if "id" in feat and "id" not in p:
            p["id"] = feat["id"]
        geometries.append(geom)
        labels.append(f"{label}.geometry" if label else prefix.rstrip("."))
        properties.append(p)
    out.raise_if_any()
    geoms = build_geometries(geometries, labels, out, strict)
    unclosed = out.grouped.pop(_UNCLOSED, [])
    out.raise_if_any()
    features = Features(geoms, properties, source_crs, display, labels, skipped)
    features.unlocated = unlocated
    if unclosed:
        more = f" and {len(unclosed) - MAX_REPORTED} more" if len(unclosed) > MAX_REPORTED else ""
        features.warnings.append(
            f"{display}: closed {len(unclosed)} polygon ring(s) whose first and last positions "
            f"differ (RFC 7946 requires closed rings): {', '.join(unclosed[:MAX_REPORTED])}{more}"
        )
    return check_features(features, strict)


def _flatten(
    coords: Any, depth: int, label: str, out: _Collect, strict: bool, polygon: int
) -> tuple[list[Any], list[list[int]]] | None:
    """Positions of one geometry and its ragged offsets (relative lengths).

    ``polygon`` is the nesting level holding rings (-1 if none).  Returns
    None after reporting a problem.
    """
    if (
        depth == 2
        and polygon == 1
        and all(type(r) is list and len(r) >= 4 and r[0] == r[-1] for r in coords)
    ):  # the common case, a well-formed Polygon, without the general walk
        return [p for r in coords for p in r], [[len(coords)], [len(r) for r in coords]]
    positions: list[Any] = []
    lengths: list[list[int]] = [[] for _ in range(depth)]

    def visit(node: Any, level: int) -> bool:
        if not isinstance(node, list):
            out.group(f"expected a list of coordinates at depth {level + 1}", label)
            return False
        if level == depth - 1:
            if level == polygon:
                if len(node) >= 1 and node[0] != node[-1]:
                    if strict:
                        out.group(
                            "polygon ring is not closed (first and last positions differ)", label
                        )
                        return False
                    node = [*node, node[0]]
                    out.group(_UNCLOSED, label)
                if len(node) < 4:
                    out.group(
                        f"a polygon ring needs at least 4 positions (closed), got {len(node)}",
                        label,
                    )
                    return False
            positions.extend(node)
            lengths[level].append(len(node))
            return True
        lengths[level].append(len(node))
        return all(visit(child, level + 1) for child in node)

    if depth == 0:
        return [coords], []
    if not visit(coords, 0):
        return None
    return positions, lengths


def build_geometries(
    geometries: Sequence[Any], labels: Sequence[str], out: _Collect, strict: bool
) -> NDArray[np.object_]:
    """shapely geometries from GeoJSON geometry objects, built per type in bulk."""
    result = np.empty(len(geometries), dtype=object)
    by_type: dict[str, list[int]] = {}
    for i, g in enumerate(geometries):
        t = g.get("type") if isinstance(g, dict) else None
        if t not in GEOMETRY_TYPES:
            found = repr(t) if t is not None else f"a JSON {type(g).__name__}"
            out.group(
                f"expected a GeoJSON geometry type ({', '.join(GEOMETRY_TYPES)}), found {found}",
                labels[i],
            )
            continue
        if t != "GeometryCollection" and not isinstance(g.get("coordinates"), list):
            out.group("expected 'coordinates' to be a list", labels[i])
            continue
        by_type.setdefault(t, []).append(i)
    for t, idx in by_type.items():
        if t == "GeometryCollection":
            for i in idx:
                result[i] = _collection(geometries[i], labels[i], out, strict)
            continue
        gtype, depth = _RAGGED[t]
        polygon = depth - 1 if t in ("Polygon", "MultiPolygon") else -1
        positions: list[Any] = []
        lengths: list[list[int]] = [[] for _ in range(depth)]
        built: list[int] = []
        counts: list[int] = []  # positions per built geometry
        for i in idx:
            coords = geometries[i]["coordinates"]
            if depth > 0 and not coords:
                out.group("empty geometry (no coordinates): nothing to measure", labels[i])
                continue
            flat = _flatten(coords, depth, labels[i], out, strict, polygon)
            if flat is None:
                continue
            positions.extend(flat[0])
            for level in range(depth):
                lengths[level].extend(flat[1][level])
            built.append(i)
            counts.append(len(flat[0]))
        if not built:
            continue
        xy = _positions(positions, [labels[i] for i in built], counts, out)
        if xy is None:
            continue
        if depth == 0:
            result[built] = shapely.points(xy)
            continue
        offsets = tuple(
            np.concatenate([[0], np.cumsum(np.asarray(n, dtype=np.int64))]) for n in lengths
        )
        # from_ragged_array wants the innermost offsets first
        result[built] = shapely.from_ragged_array(gtype, xy, offsets[::-1])
    return result


def _positions(
    positions: list[Any], labels: list[str], counts: list[int], out: _Collect
) -> NDArray[np.float64] | None:
    """An (n, 2) float array; positions with a third value (height) keep x and y.

    ``counts`` gives how many positions each geometry (``labels``) has, so a
    bad position is blamed on its feature.
    """
    try:
        xy = np.asarray(positions)  # numbers only: text like "127" makes a string array
        if (
            xy.ndim == 2
            and xy.shape[1] in (2, 3)
            and xy.dtype.kind in "iuf"
            and not any(type(v) is bool for pos in positions for v in pos)  # true → 1.0
        ):
            xy = xy[:, :2].astype(float)
            if np.isfinite(xy).all():
                return np.ascontiguousarray(xy)
    except (ValueError, TypeError, OverflowError):
        pass
    # something is off: find it position by position
    ends = np.cumsum(np.asarray(counts, dtype=np.int64))
    clean = []
    for k, pos in enumerate(positions):
        problem = _position_problem(pos)
        if problem:
            label = labels[int(np.searchsorted(ends, k, side="right"))]
            out.group(problem, label)
            continue
        clean.append(pos[:2])
    if len(clean) < len(positions):
        return None
    return np.asarray(clean, dtype=float)


def _position_problem(pos: Any) -> str | None:
    """What is wrong with one GeoJSON position, or None."""
    want = f"expected a position [x, y] of two finite numbers, found {json.dumps(pos)[:40]}"
    if not isinstance(pos, list) or len(pos) not in (2, 3):
        return want
    for v in pos:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return f"non-numeric coordinate {json.dumps(v)[:20]}: {want}"
        if number_problem(v):
            return want + (" (beyond float64 range)" if isinstance(v, int) else "")
    return None


def _collection(g: dict[str, Any], label: str, out: _Collect, strict: bool) -> Any:
    parts = g.get("geometries")
    if not isinstance(parts, list):
        out.group("a GeometryCollection needs a 'geometries' list", label)
        return None
    built = build_geometries(
        parts, [f"{label}.geometries[{i}]" for i in range(len(parts))], out, strict
    )
    return shapely.geometrycollections(list(built)) if all(b is not None for b in built) else None


# --------------------------------------------------------------------- CSV

_WKT_COLUMNS = ("wkt", "WKT", "geometry", "geom", "the_geom")
_LON_LAT = (("lon", "lat"), ("lng", "lat"), ("longitude", "latitude"), ("x", "y"))


def _number(text: str) -> Any:
    """CSV cells as numbers or true/false where they are (so filters and metrics work)."""
    t = text.strip()
    if not t:
        return None
    if t.lower() in ("true", "false"):
        return t.lower() == "true"
    if not t.isascii() or "_" in t:
        return text  # int() reads '١٢' and '1_00'; see _cell_problem
    try:
        return int(t)
    except ValueError:
        pass
    try:
        v = float(t)
    except ValueError:
        return text
    return v if math.isfinite(v) else text


_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _cell_problem(text: str | None) -> str | None:
    """A figure written so that it would be misread (``12_6.5``, ``1,500``), or None."""
    if text is None:
        return None
    t = text.strip()
    if "_" in t:
        try:
            float(t)  # Python reads 12_6.5 as 126.5
        except ValueError:
            return None
        return (
            f"expected a number, got {t!r}; write {t.replace('_', '')}: underscores are not "
            "digit separators here"
        )
    if _THOUSANDS.fullmatch(t):
        from bidtool.io.schema import number_hint

        return f"expected a number, got {t!r}{number_hint(t)}"
    return None


def _csv_error(exc: csv.Error) -> str:
    if "field limit" in str(exc):
        return (
            f"a cell longer than {csv.field_size_limit():,} characters; a candidate's "
            "cells are figures, names and WKT — is a quote left open, or a geometry too detailed?"
        )
    return f"cannot read this CSV row: {exc}"


def read_csv(
    path: Path,
    display: str,
    crs: str | None = None,
    wkt: str | None = None,
    lon: str | None = None,
    lat: str | None = None,
    strict: bool = False,
) -> Features:
    """A CSV with a WKT column or lon/lat columns as :class:`Features`."""
    text, _ = read_text(path, display, MAX_LAYER_BYTES, "(split the layer or filter it first)")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out = _Collect(display)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise InputError.single(display, _csv_error(exc), line=1) from None
    if wkt is None and lon is None:
        wkt = next((c for c in _WKT_COLUMNS if c in header), None)
        if wkt is None:
            lon, lat = next(
                ((a, b) for a, b in _LON_LAT if a in header and b in header), (None, None)
            )
    wanted = [c for c in (wkt, lon, lat) if c is not None]
    if not wanted:
        raise InputError.single(
            display,
            "no geometry columns: expected a WKT column (wkt, geometry) or lon/lat columns, "
            f"or name them with 'wkt:' or 'lon:'/'lat:'; columns are {', '.join(header) or 'none'}",
            line=1,
        )
    missing = [c for c in wanted if c not in header]
    if missing:
        raise InputError.single(
            display, f"column {missing[0]!r} not found; columns are {', '.join(header)}", line=1
        )
    rows: list[dict[str, Any]] = []
    lines: list[int] = []
    reported: set[tuple[int, str]] = set()  # (row, column) already refused
    try:
        for row in reader:
            if None in row:
                out.add("", f"more cells than the {len(header)} columns", line=reader.line_num)
                continue
            parsed = {k: _number(v) if v is not None else None for k, v in row.items()}
            for key, value in parsed.items():
                bad = number_problem(value) or _cell_problem(row[key])
                if bad:
                    out.add(key, bad, line=reader.line_num)
                    reported.add((len(rows), key))
            rows.append(parsed)
            lines.append(reader.line_num)
    except csv.Error as exc:  # a cell over the csv module's field limit, a NUL byte …
        out.add("", _csv_error(exc), line=reader.line_num + 1)
        out.raise_if_any()
    labels = [f"line {n}" for n in lines]
    if wkt is not None:
        texts = np.array([str(r.get(wkt) or "") for r in rows], dtype=object)
        refused = set()
        for i, t in enumerate(texts):
            big = _wkt_number_problem(t)
            if big is not None and (i, wkt) not in reported:
                out.add(wkt, big, line=lines[i])
                refused.add(i)
        for i in refused:
            texts[i] = ""  # not handed to shapely, which would warn and read infinity
        geoms = _from_wkt(texts)
        for i in map(int, np.flatnonzero(shapely.is_missing(geoms))):
            if i not in refused and (i, wkt) not in reported:
                out.add(wkt, f"not valid WKT: {str(texts[i])[:60]!r}", line=lines[i])
    else:
        assert lon is not None and lat is not None
        xs = np.array([r.get(lon) for r in rows], dtype=object)
        ys = np.array([r.get(lat) for r in rows], dtype=object)
        good = np.array([_coordinate(v) and _coordinate(w) for v, w in zip(xs, ys)], dtype=bool)
        for i in map(int, np.flatnonzero(~good)):
            if (i, lon) in reported or (i, lat) in reported:
                continue  # the cell's own problem (too large, 12_6.5) says it already
            out.add(
                f"{lon}/{lat}",
                f"non-numeric coordinate: expected two numbers, found {xs[i]!r}, {ys[i]!r}",
                line=lines[i],
            )
        geoms = np.empty(len(rows), dtype=object)
        if good.any():
            geoms[good] = shapely.points(xs[good].astype(float), ys[good].astype(float))
    out.raise_if_any()
    for r in rows:
        for c in wanted:
            r.pop(c, None)
    source_crs = _source_crs(crs, display, "crs")
    features = Features(np.asarray(geoms, dtype=object), rows, source_crs, display, labels)
    return check_features(features, strict)


def _coordinate(value: Any) -> bool:
    """A number usable as a coordinate: not true/false, finite in float64."""
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and number_problem(value) is None
    )


def read_features(
    path: Path,
    display: str,
    crs: str | None = None,
    wkt: str | None = None,
    lon: str | None = None,
    lat: str | None = None,
    strict: bool = False,
) -> Features:
    """GeoJSON or CSV by bidtool's own readers; GeoPackage, Shapefile, FlatGeobuf, GeoParquet
    (or a directory of parts) and GeoJSON beyond 64 MiB by :mod:`bidtool.spatial.sources`."""
    from bidtool.spatial import sources

    suffix = path.suffix.lower()
    if path.is_dir() or sources.kind_of(path) in ("ogr", "parquet"):
        return sources.read_all(path, display, crs, strict)
    if suffix == ".csv":
        return read_csv(path, display, crs, wkt, lon, lat, strict)
    if suffix in (".geojson", ".json"):
        return read_geojson(path, display, crs, strict)
    raise InputError.single(
        display,
        f"expected one of {sources.SUPPORTED}; got {path.suffix or 'no suffix'!r}; "
        "convert other formats first, e.g. ogr2ogr -f GPKG out.gpkg in.kml",
    )


_WKT_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _wkt_number_problem(text: str) -> str | None:
    """A WKT coordinate beyond float64 (shapely would warn and read infinity), or None."""
    for match in _WKT_NUMBER.finditer(text):
        token = match.group()
        if not math.isfinite(float(token)):
            shown = token if len(token) <= 24 else f"{token[:12]}… ({len(token)} characters)"
            return (
                f"coordinate {shown} is too large: numbers must lie within ±1.8e308 (float64); "
                "are the coordinates in the right units?"
            )
    return None


def _from_wkt(texts: Any, on_invalid: str = "ignore") -> Any:
    """shapely.from_wkt without its RuntimeWarnings on stderr (problems are ours to report)."""
    import warnings

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return shapely.from_wkt(texts, on_invalid=on_invalid)


def wkt_feature(text: str, display: str, path: str, crs: str | None) -> Features:
    """One geometry written as WKT (a region's ``site.geometry``)."""
    big = _wkt_number_problem(text)
    if big is not None:
        raise InputError.single(display, big, path=path)
    try:
        geom = _from_wkt(text, on_invalid="raise")
    except shapely.errors.GEOSException as exc:
        raise InputError.single(display, f"not valid WKT: {exc}", path=path) from None
    source_crs = _source_crs(crs, display, f"{path.rsplit('.', 1)[0]}.crs")
    return check_features(
        Features(np.array([geom], dtype=object), [{}], source_crs, display, [path]), strict=False
    )


# ------------------------------------------------------------------ checks


def _lonlat_problem(bounds: NDArray[np.float64]) -> str | None:
    minx, miny, maxx, maxy = bounds
    if max(abs(minx), abs(maxx)) <= 180 and max(abs(miny), abs(maxy)) <= 90:
        return None
    if max(abs(minx), abs(maxx)) <= 90 and max(abs(miny), abs(maxy)) <= 180:
        return (
            f"coordinates look like [lat, lon] (x {minx:g}…{maxx:g}, y {miny:g}…{maxy:g}); "
            "GeoJSON positions are [lon, lat] (RFC 7946)"
        )
    return (
        f"coordinates are outside ±180/±90 (x {minx:.6g}…{maxx:.6g}, y {miny:.6g}…{maxy:.6g}): "
        "the file looks projected (metres?). GeoJSON is lon/lat WGS84 (RFC 7946): reproject "
        "it, or declare its CRS with 'crs:' (e.g. crs: EPSG:5179)"
    )


def check_features(features: Features, strict: bool) -> Features:
    """Empty, out-of-range and invalid geometries: refuse, or repair and warn."""
    out = _Collect(features.display)
    geoms = features.geoms
    missing = shapely.is_missing(geoms)
    for i in np.flatnonzero(missing):
        out.group("geometry could not be built", features.labels[i])
    empty = shapely.is_empty(geoms) & ~missing
    for i in np.flatnonzero(empty):
        out.group("empty geometry: nothing to measure", features.labels[i])
    out.raise_if_any()
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    for i in np.unique(owner[~np.isfinite(coords).all(axis=1)]):  # WKT allows POINT (nan 1)
        out.group(
            "a coordinate is NaN or infinite: every position needs two finite numbers",
            features.labels[i],
        )
    out.raise_if_any()
    if parse_crs(features.crs).is_geographic:
        bounds = shapely.bounds(geoms)
        bad = (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1) | (np.abs(bounds[:, [1, 3]]) > 90).any(
            axis=1
        )
        idx = np.flatnonzero(bad)
        for i in idx[:MAX_REPORTED]:
            out.add(features.labels[i], _lonlat_problem(bounds[i]) or "")
        if len(idx) > MAX_REPORTED:
            out.add(
                "", f"{len(idx) - MAX_REPORTED} more features have coordinates outside ±180/±90"
            )
        out.raise_if_any()
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        reasons = [str(r).replace("[", " at [", 1) for r in shapely.is_valid_reason(geoms[invalid])]
        idx = np.flatnonzero(invalid)
        if strict:
            for i, reason in zip(idx, reasons):
                out.group(
                    f"invalid geometry ({reason}); --strict does not repair", features.labels[i]
                )
            out.raise_if_any()
        repaired = _make_valid(geoms[invalid])
        geoms = geoms.copy()
        geoms[invalid] = repaired
        names = ", ".join(
            f"{features.labels[i]} ({r})" for i, r in zip(idx[:MAX_REPORTED], reasons)
        )
        more = f" and {len(idx) - MAX_REPORTED} more" if len(idx) > MAX_REPORTED else ""
        features.warnings.append(
            f"{features.display}: repaired {len(idx)} invalid geometr"
            f"{'y' if len(idx) == 1 else 'ies'} with make_valid: {names}{more}"
        )
    features.geoms = geoms
    return features


def _make_valid(geoms: NDArray[np.object_]) -> NDArray[np.object_]:
    """Valid geometries of the same dimension (a bow-tie stays polygonal)."""
    fixed = shapely.make_valid(geoms, method="structure", keep_collapsed=False)
    return np.asarray(fixed, dtype=object)
