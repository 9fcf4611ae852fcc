"""Feature sources in the formats GIS people use, read in columnar chunks.

* GeoPackage (``.gpkg``), Shapefile (``.shp`` with its ``.dbf``/``.prj``/``.cpg``),
  FlatGeobuf (``.fgb``) and GeoJSON larger than :data:`STREAM_GEOJSON_BYTES` are read
  by GDAL through pyogrio's Arrow interface (``open_arrow`` streams batches,
  ``read_arrow`` with ``skip_features``/``max_features`` reads one range);
* GeoParquet (``.parquet``, or a directory of ``.parquet`` parts) by pyarrow
  (``iter_batches``; one range reads only its row groups), WKB-encoded geometry;
* CSV and smaller GeoJSON by bidtool's own strict readers (:mod:`.features`),
  whose RFC 7946 checks and ``features[i]`` messages stay as they were.

Only the columns the criteria use are read.  The source CRS comes from the
file (``.prj``, the GeoPackage's SRS, GeoParquet's ``geo`` metadata; EPSG:5174,
5186, 5179 …), and is transformed to the work CRS with pyproj like every other
geometry.  Paths are checked with ``stat`` before GDAL sees them: FIFOs, devices
and directories (other than a directory of GeoParquet parts) are refused.
pyogrio and pyarrow are imported inside functions, never on ``--help``.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bidtool.errors import InputError
from bidtool.io.files import not_regular, remember_input
from bidtool.spatial.crs import WGS84

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from bidtool.spatial.features import Features

STREAM_GEOJSON_BYTES = 64 * 1024 * 1024
"""GeoJSON up to this size is read by bidtool's own reader; larger files are streamed."""

MAX_FEATURE_BYTES = 256 * 1024 * 1024
"""One feature's geometry (WKB) beyond this is refused: no parcel or hazard polygon is that big."""

OGR_SUFFIXES = {".gpkg": "GeoPackage", ".shp": "Shapefile", ".fgb": "FlatGeobuf"}
PARQUET_SUFFIXES = (".parquet", ".geoparquet")
TEXT_SUFFIXES = (".geojson", ".json", ".csv")
SUPPORTED = ".gpkg, .shp, .fgb, .parquet (a file or a directory of parts), .geojson, .csv"


@dataclass(frozen=True)
class Part:
    """One file of a source: a whole file, or one GeoParquet part of a directory."""

    path: str
    display: str  # as the user sees it, for messages
    kind: str  # "ogr" | "parquet" | "text"
    rows: int  # located features (text) or features (ogr, parquet)
    template: str  # how feature k is named in messages, e.g. "feature {}"
    encoding: str | None = None


@dataclass
class Block:
    """Rows ``start…`` of one part: geometries in ``crs``, and the wanted property columns.

    ``geoms`` holds shapely geometries for text sources (already checked by
    their reader) and WKB (``bytes``, None where null) for the others, checked
    by :func:`bidtool.screen_engine.check_block`.
    """

    geoms: NDArray[np.object_]
    columns: dict[str, list[Any]]
    rows: NDArray[np.int64]  # feature number in the part, for labels
    crs: str
    checked: bool  # geometries built and checked by a bidtool reader
    labels: list[str] | None = None  # the reader's own labels (text sources)
    warnings: list[str] = field(default_factory=list)  # the reader's (first block only)
    unlocated: list[str] = field(default_factory=list)  # text sources (first block only)
    nonfinite: dict[str, NDArray[np.int64]] = field(default_factory=dict)  # NaN/±inf figures


def kind_of(path: Path) -> str:
    """"ogr", "parquet" or "text" (bidtool's own CSV/GeoJSON readers); "other" if unknown."""
    try:
        return _kind(path)
    except InputError:
        return "other"


def _kind(path: Path, display: str | None = None) -> str:
    suffix = path.suffix.lower()
    if suffix in OGR_SUFFIXES:
        return "ogr"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    if suffix in (".geojson", ".json"):
        try:
            big = path.stat().st_size > STREAM_GEOJSON_BYTES
        except OSError:
            big = False
        return "ogr" if big else "text"
    if suffix == ".csv":
        return "text"
    raise InputError.single(
        display or str(path),
        f"expected one of {SUPPORTED}; got {path.suffix or 'no suffix'!r}; convert other "
        "formats first, e.g. ogr2ogr -f GPKG out.gpkg in.kml",
    )


def _check_file(path: Path, display: str, what: str = "candidates") -> None:
    problem = not_regular(path)
    if problem is not None:
        raise InputError.single(display, f"{what} {problem}" if problem == "file not found" else problem)
    remember_input(path, display)


def _parquet_parts(path: Path, display: str) -> list[tuple[Path, str]]:
    found = []
    for p in sorted(path.iterdir()):
        if p.suffix.lower() not in PARQUET_SUFFIXES or p.name.startswith((".", "_")):
            continue
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):
            raise InputError.single(
                f"{display}/{p.name}", "expected a regular file (a GeoParquet part)"
            )
        found.append((p, f"{display.rstrip('/')}/{p.name}"))
    if not found:
        raise InputError.single(
            display,
            "expected a file, got a directory without .parquet parts; give a file, or a "
            "directory of GeoParquet parts",
        )
    return found


def open_source(
    path: Path, display: str, encoding: str | None = None, crs: str | None = None,
    strict: bool = False, what: str = "candidates",
) -> list[Part]:
    """The parts of a source and their sizes; refuse what cannot be read (exit 3)."""
    if (path.is_dir() and not path.is_symlink()) or (path.is_dir() and path.suffix.lower() in PARQUET_SUFFIXES):
        remember_input(path, display)
        parts = _parquet_parts(path, display)
        return [Part(str(p), d, "parquet", _parquet_rows(p, d), "row {}") for p, d in parts]
    _check_file(path, display, what)
    kind = _kind(path, display)
    if kind == "text":
        features = _text_features(path, display, crs, strict)
        template = "line {}" if path.suffix.lower() == ".csv" else "features[{}]"
        return [Part(str(path), display, "text", len(features), template)]
    if kind == "parquet":
        return [Part(str(path), display, "parquet", _parquet_rows(path, display), "row {}")]
    if path.suffix.lower() == ".shp":
        _check_sidecars(path, display)
    info = _ogr_info(path, display, encoding)
    template = "features[{}]" if path.suffix.lower() in (".geojson", ".json") else "feature {}"
    return [Part(str(path), display, "ogr", int(info["features"]), template, encoding)]


def _check_sidecars(path: Path, display: str) -> None:
    for ext in (".dbf", ".shx"):
        side = next(
            (p for p in (path.with_suffix(ext), path.with_suffix(ext.upper())) if p.exists()), None
        )
        if side is None:
            raise InputError.single(
                display,
                f"the shapefile's {ext} file is missing; a shapefile is .shp, .shx and .dbf "
                "(and .prj, .cpg) side by side",
            )
        problem = not_regular(side)
        if problem is not None:
            raise InputError.single(str(side), problem)


def _gdal_error(display: str, exc: Exception) -> InputError:
    if isinstance(exc, UnicodeDecodeError) or "codec can't decode" in str(exc):
        return InputError.single(
            display,
            "attribute names or values are not in the encoding the file declares (UTF-8 or "
            "none): pass --input-encoding cp949 (most Korean government data), or add a .cpg "
            "file naming the encoding",
        )
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return InputError.single(display, f"cannot read it as GIS data: {text}")


def _ogr_info(path: Path, display: str, encoding: str | None) -> dict[str, Any]:
    import pyogrio

    try:
        info: dict[str, Any] = pyogrio.read_info(
            str(path), encoding=encoding, force_feature_count=True
        )
    except Exception as exc:  # pyogrio raises DataSourceError, DataLayerError, LookupError …
        raise _gdal_error(display, exc) from None
    if info.get("geometry_type") is None:
        raise InputError.single(display, "the layer has no geometry column")
    return info


def _parquet_file(path: Path | str, display: str) -> Any:
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(str(path))
    except Exception as exc:  # pyarrow.ArrowInvalid and friends
        raise InputError.single(display, f"cannot read it as Parquet: {exc}") from None


def _parquet_rows(path: Path | str, display: str) -> int:
    pf = _parquet_file(path, display)
    _geo_column(pf, display)
    return int(pf.metadata.num_rows)


def _geo_column(pf: Any, display: str) -> tuple[str, str]:
    """The primary geometry column and its CRS, from GeoParquet's ``geo`` metadata."""
    meta = pf.schema_arrow.metadata or {}
    raw = meta.get(b"geo")
    if raw is None:
        raise InputError.single(
            display,
            "not GeoParquet: no 'geo' metadata naming the geometry column (write it with "
            "geopandas to_parquet, GDAL or bidtool)",
        )
    try:
        geo = json.loads(raw)
        column = geo["primary_column"]
        spec = geo["columns"][column]
    except (ValueError, KeyError, TypeError):
        raise InputError.single(display, "GeoParquet 'geo' metadata is malformed") from None
    if str(spec.get("encoding", "WKB")).upper() != "WKB":
        raise InputError.single(
            display,
            f"geometry encoding {spec.get('encoding')!r} is not supported; write WKB "
            "(GeoParquet's default)",
        )
    return column, _projjson_crs(spec.get("crs", "absent"), display)


def _projjson_crs(value: Any, display: str) -> str:
    if value == "absent" or value is None:
        return WGS84  # GeoParquet: absent means OGC:CRS84 (lon/lat)
    from pyproj import CRS

    try:
        crs = CRS.from_json_dict(value) if isinstance(value, dict) else CRS.from_user_input(value)
    except Exception:
        raise InputError.single(display, "GeoParquet 'geo' metadata has a CRS pyproj does not know") from None
    return crs_text(crs)


def crs_text(crs: Any) -> str:
    """A CRS as ``EPSG:nnnn`` where it has one (so transformers are shared), else WKT."""
    from pyproj import CRS

    c = crs if isinstance(crs, CRS) else CRS.from_user_input(crs)
    if c.to_authority() == ("OGC", "CRS84"):
        return WGS84
    auth = c.to_authority(min_confidence=90)
    return f"{auth[0]}:{auth[1]}" if auth else c.to_wkt()


# ------------------------------------------------------------------ text sources

_text_cache: dict[tuple[str, int, int, str | None, bool], Features] = {}


def _text_features(path: Path, display: str, crs: str | None, strict: bool) -> Features:
    """A CSV or small GeoJSON file read once by bidtool's reader (kept for its chunks)."""
    from bidtool.spatial.features import read_features

    st = Path(path).stat()
    key = (str(path), st.st_mtime_ns, st.st_size, crs, strict)
    if key not in _text_cache:
        _text_cache.clear()
        _text_cache[key] = read_features(path, display, crs, strict=strict)
    return _text_cache[key]


def forget_text() -> None:
    _text_cache.clear()


def _text_block(part: Part, start: int, stop: int, names: Sequence[str], strict: bool) -> Block:
    features = _text_features(Path(part.path), part.display, None, strict)
    props = features.properties[start:stop]
    columns = {name: [p.get(name) for p in props] for name in names}
    labels = features.labels[start:stop]
    block = Block(
        features.geoms[start:stop], columns, np.arange(start, stop, dtype=np.int64),
        features.crs, True, labels,
    )
    if start == 0:
        block.warnings = list(features.warnings)
        block.unlocated = list(features.unlocated)
    return block


# ------------------------------------------------------------- GDAL and Parquet


def _arrow_block(table: Any, geometry: str, names: Sequence[str], start: int, crs: str) -> Block:
    import pyarrow as pa
    import pyarrow.compute as pc

    n = table.num_rows
    try:
        wkb = np.empty(n, dtype=object)
        wkb[:] = table.column(geometry).to_pylist()  # (to_numpy would import pandas)
    except (SystemError, ValueError) as exc:  # GDAL handed over a malformed geometry buffer
        raise InputError.single(str(geometry), f"cannot read the geometries: {exc}") from None
    present = set(table.column_names)
    columns: dict[str, list[Any]] = {}
    nonfinite: dict[str, NDArray[np.int64]] = {}
    for name in names:
        if name not in present:
            columns[name] = [None] * n
            continue
        col = table.column(name)
        columns[name] = col.to_pylist()
        if pa.types.is_floating(col.type):
            # NaN and ±inf, not nulls (which indices_nonzero skips)
            found = pc.indices_nonzero(pc.invert(pc.is_finite(col))).to_pylist()
            bad = np.asarray(found, dtype=np.int64)
            if len(bad):
                nonfinite[name] = bad
    block = Block(wkb, columns, np.arange(start, start + n, dtype=np.int64), crs, False)
    block.nonfinite = nonfinite
    return block


def _ogr_columns(info_fields: Sequence[str], names: Sequence[str]) -> list[str]:
    return [f for f in info_fields if f in set(names)]


def read_block(part: Part, start: int, stop: int, names: Sequence[str], strict: bool = False) -> Block:
    """Rows ``start``–``stop`` of a part (random access: what a worker reads)."""
    if part.kind == "text":
        return _text_block(part, start, stop, names, strict)
    if part.kind == "parquet":
        pf = _parquet_file(part.path, part.display)
        geometry, crs = _geo_column(pf, part.display)
        want = [geometry, *(c for c in pf.schema_arrow.names if c in set(names) and c != geometry)]
        groups, first, seen = [], None, 0
        for g in range(pf.num_row_groups):
            size = pf.metadata.row_group(g).num_rows
            if seen + size > start and seen < stop:
                groups.append(g)
                first = seen if first is None else first
            seen += size
        import pyarrow as pa

        table = (
            pf.read_row_groups(groups, columns=want)
            if groups
            else pa.table({geometry: pa.array([], pa.binary())})
        )
        table = table.slice(start - (first or 0), stop - start)
        return _arrow_block(table, geometry, names, start, crs)
    import pyogrio

    try:
        meta, table = pyogrio.read_arrow(
            part.path,
            encoding=part.encoding,
            columns=_ogr_fields(part, names),
            skip_features=start,
            max_features=stop - start,
        )
    except Exception as exc:
        raise _gdal_error(part.display, exc) from None
    return _arrow_block(table, _geometry_name(meta), names, start, _ogr_crs(meta))


def _ogr_fields(part: Part, names: Sequence[str]) -> list[str]:
    import pyogrio

    info = pyogrio.read_info(part.path, encoding=part.encoding)
    return _ogr_columns(list(info["fields"]), names)


def _geometry_name(meta: dict[str, Any]) -> str:
    return str(meta.get("geometry_name") or "wkb_geometry")


def _ogr_crs(meta: dict[str, Any]) -> str:
    crs = meta.get("crs")
    return crs_text(crs) if crs else WGS84


def stream_blocks(
    part: Part, chunk_size: int, names: Sequence[str], strict: bool = False
) -> Iterator[Block]:
    """Every row of a part in blocks of ``chunk_size``, read sequentially (the local engine)."""
    if part.kind == "text":
        for start in range(0, max(part.rows, 1), chunk_size):
            yield _text_block(part, start, min(start + chunk_size, part.rows), names, strict)
        return
    if part.kind == "parquet":
        pf = _parquet_file(part.path, part.display)
        geometry, crs = _geo_column(pf, part.display)
        want = [geometry, *(c for c in pf.schema_arrow.names if c in set(names) and c != geometry)]
        import pyarrow as pa

        start = 0
        for batch in pf.iter_batches(batch_size=chunk_size, columns=want):
            yield _arrow_block(pa.Table.from_batches([batch]), geometry, names, start, crs)
            start += batch.num_rows
        if start == 0:
            yield _arrow_block(pa.table({geometry: pa.array([], pa.binary())}), geometry, names, 0, crs)
        return
    import pyogrio

    start = 0
    try:
        with pyogrio.open_arrow(
            part.path,
            encoding=part.encoding,
            columns=_ogr_fields(part, names),
            batch_size=chunk_size,
            use_pyarrow=True,
        ) as (meta, reader):
            import pyarrow as pa

            crs = _ogr_crs(meta)
            for batch in reader:
                yield _arrow_block(pa.Table.from_batches([batch]), _geometry_name(meta), names, start, crs)
                start += batch.num_rows
    except InputError:
        raise
    except Exception as exc:
        raise _gdal_error(part.display, exc) from None


def read_all(
    path: Path, display: str, crs: str | None = None, strict: bool = False,
    encoding: str | None = None, what: str = "layer",
) -> Features:
    """A whole GIS file (a map layer) as :class:`Features`, checked like candidates."""
    from bidtool.spatial.features import Features

    parts = open_source(path, display, encoding, crs, strict, what)
    geoms: list[Any] = []
    props: list[dict[str, Any]] = []
    labels: list[str] = []
    unlocated: list[str] = []
    source_crs = crs
    for part in parts:
        names = _all_fields(part)
        block = read_block(part, 0, part.rows, names, strict)
        source_crs = crs or block.crs
        for k in range(len(block.geoms)):
            label = part.template.format(int(block.rows[k]))
            if block.geoms[k] is None:
                unlocated.append(label)
                continue
            geoms.append(block.geoms[k])
            labels.append(label)
            props.append({c: block.columns[c][k] for c in names})
    import shapely

    from bidtool.spatial.features import check_features

    built = np.asarray(shapely.from_wkb(np.asarray(geoms, dtype=object), on_invalid="ignore"), dtype=object)
    features = Features(built, props, source_crs or WGS84, display, labels, len(unlocated))
    features.unlocated = unlocated
    return check_features(features, strict)


def _all_fields(part: Part) -> list[str]:
    if part.kind == "parquet":
        pf = _parquet_file(part.path, part.display)
        geometry, _ = _geo_column(pf, part.display)
        return [c for c in pf.schema_arrow.names if c != geometry]
    import pyogrio

    return list(pyogrio.read_info(part.path, encoding=part.encoding)["fields"])
