"""The chunked screening engine and the GIS formats it reads (DESIGN §11).

The same candidates in every format give the same ranked output; the chunk size
never changes a byte; each reader's problems name the file and the feature.
Fixtures are generated here (pyogrio, pyarrow, shapely), never committed.
"""

from __future__ import annotations

import json
import pickle
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio
import pytest
import shapely
import yaml

from bidtool.errors import InputError
from bidtool.io.loading import load_criteria
from bidtool.render.screen import render_csv
from bidtool.screen_engine import (
    finish,
    measure_chunk,
    plan_chunks,
    prepare,
    screen_source,
)
from bidtool.spatial.crs import transform
from tests.conftest import Run
from tests.spatial.helpers import collection, point, polygon, write_json

N = 1000
ID = "필지번호"  # a Korean attribute name (CP949 in the shapefile)
LAND = {"임야": 1.0, "전": 0.6, "답": 0.5, "대지": 0.2}  # forest, field, paddy, building lot


def _criteria(root: Path, layer_suffix: str = ".geojson") -> Path:
    crit = {
        "schema": "bidtool.criteria/1",
        "name": "engine test",
        "missing": "worst",
        "work_crs": "EPSG:5179",
        "layers": {"subs": {"path": f"subs{layer_suffix}"}, "flood": {"path": "flood.geojson"}},
        "criteria": [
            {"id": "power_mw", "unit": "MW", "direction": "benefit", "weight": 2},
            {
                "id": "land_use",
                "direction": "benefit",
                "weight": 1,
                "value_function": {"type": "categorical", "map": LAND},
            },
            {"id": "sub_km", "unit": "km", "direction": "cost", "weight": 2,
             "spatial": {"distance_to": ["subs"]}},
            {"id": "subs_10km", "unit": "km", "direction": "benefit", "weight": 1,
             "spatial": {"count_within": {"layer": "subs", "radius": 10}}},
            {"id": "flood_share", "unit": "fraction", "direction": "cost", "weight": 1,
             "spatial": {"overlap_fraction": ["flood"]}},
            {"id": "area_ha", "unit": "ha", "direction": "benefit", "weight": 1,
             "spatial": {"area": {}}},
        ],
        "constraints": [{"metric": "power_mw", "op": ">=", "value": 5}],
    }
    path = root / "criteria.yaml"
    path.write_text(yaml.safe_dump(crit, allow_unicode=True), encoding="utf-8")
    return path


def _layers(root: Path) -> None:
    rng = np.random.default_rng(7)
    subs = [point(float(x), float(y), name=f"변전소 {i}")
            for i, (x, y) in enumerate(zip(rng.uniform(126.3, 129.3, 40), rng.uniform(34.8, 37.6, 40)))]
    write_json(root / "subs.geojson", collection(*subs))
    floods = []
    for x, y in zip(rng.uniform(126.5, 129, 25), rng.uniform(35, 37.4, 25)):
        d = 0.08
        floods.append(polygon([[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]))
    write_json(root / "flood.geojson", collection(*floods))


def _candidates(n: int = N, seed: int = 1) -> tuple[np.ndarray, dict[str, list[Any]]]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(126.4, 129.2, n)
    y = rng.uniform(34.9, 37.5, n)
    w = rng.uniform(0.002, 0.02, n)
    geoms = shapely.box(x, y, x + w, y + w * 0.8)
    props = {
        ID: [f"{4111010100 + i:010d}" for i in range(n)],
        "name": [f"후보지 {i}" for i in range(n)],
        "power_mw": [float(v) for v in np.round(rng.uniform(0, 200, n), 1)],
        "land_use": [list(LAND)[k] for k in rng.integers(0, len(LAND), n)],
    }
    return geoms, props


def _table(geoms: np.ndarray, props: dict[str, list[Any]]) -> pa.Table:
    cols = {k: pa.array(v) for k, v in props.items()}
    cols["geometry"] = pa.array(list(shapely.to_wkb(geoms)), pa.binary())
    return pa.table(cols)


CRS = "EPSG:5186"  # Korea 2000 / Central Belt 2010, as the cadastre is published


def write_formats(root: Path, geoms: np.ndarray, props: dict[str, list[Any]]) -> dict[str, Path]:
    """The same candidates in EPSG:5186 as GeoJSON (a legacy ``crs`` member, as QGIS
    writes), GeoPackage, a CP949 Shapefile without .cpg, FlatGeobuf and a directory of
    GeoParquet parts — the same coordinates to the bit in every file."""
    from pyproj import CRS as ProjCRS

    geoms = transform(geoms, "EPSG:4326", CRS)
    out: dict[str, Path] = {}
    feats = [
        {"type": "Feature", "properties": {k: v[i] for k, v in props.items()},
         "geometry": {"type": "Polygon",
                      "coordinates": [shapely.get_coordinates(geoms[i].exterior).tolist()]}}
        for i in range(len(geoms))
    ]
    doc = collection(*feats)
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::5186"}}
    out["geojson"] = write_json(root / "c.geojson", doc)
    table = _table(geoms, props)
    for name, driver in (("gpkg", "GPKG"), ("fgb", "FlatGeobuf")):
        out[name] = root / f"c.{name}"
        pyogrio.write_arrow(table, str(out[name]), driver=driver, geometry_name="geometry",
                            geometry_type="Polygon", crs=CRS)
    out["shp"] = root / "shp" / "c.shp"
    out["shp"].parent.mkdir()
    pyogrio.write_arrow(table, str(out["shp"]), driver="ESRI Shapefile",
                        geometry_name="geometry", geometry_type="Polygon", crs=CRS,
                        encoding="cp949")
    cpg = out["shp"].with_suffix(".cpg")
    if cpg.exists():
        cpg.unlink()  # as Korean government data often comes: no .cpg, attributes in CP949
    parts = root / "parts"
    parts.mkdir()
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Polygon"],
                                    "crs": ProjCRS.from_user_input(CRS).to_json_dict()}}}
    for k, (a, b) in enumerate(((0, 300), (300, 301), (301, len(geoms)))):
        piece = table.slice(a, b - a).replace_schema_metadata({b"geo": json.dumps(geo).encode()})
        pq.write_table(piece, parts / f"part-{k}.parquet", row_group_size=128)
    out["parquet"] = parts
    return out


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("engine")
    _layers(root)
    _criteria(root)
    geoms, props = _candidates()
    return {**write_formats(root, geoms, props), "root": root}


SMALL = 120


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Fewer candidates, for chunk sizes down to 1 (one read per candidate)."""
    root = tmp_path_factory.mktemp("small")
    _layers(root)
    _criteria(root)
    geoms, props = _candidates(SMALL, seed=2)
    return {**write_formats(root, geoms, props), "root": root}


def _screen(source: Path, root: Path, **kw: Any) -> str:
    crit = load_criteria(str(root / "criteria.yaml"))
    result = screen_source(source, crit, id_field=ID, display="candidates", **kw)
    return render_csv(result)


def test_every_format_gives_the_same_ranked_output(world: dict[str, Path]) -> None:
    root = world["root"]
    expected = _screen(world["geojson"], root)
    assert expected.count("\r\n") == N + 1
    assert "후보지" in expected
    for name in ("gpkg", "fgb", "parquet"):
        assert _screen(world[name], root) == expected, name
    assert _screen(world["shp"], root, encoding="cp949") == expected


def test_a_cp949_shapefile_without_cpg_needs_its_encoding(world: dict[str, Path]) -> None:
    with pytest.raises(InputError, match="pass --input-encoding cp949"):
        _screen(world["shp"], world["root"])


@pytest.mark.parametrize("size", [1, 7, 50, SMALL, 10 * SMALL])
def test_chunk_size_never_changes_a_byte(small: dict[str, Path], size: int) -> None:
    root = small["root"]
    expected = _screen(small["geojson"], root, chunk_size=SMALL)
    for name in ("geojson", "parquet", "gpkg", "fgb"):
        assert _screen(small[name], root, chunk_size=size) == expected, (name, size)


def test_chunks_measured_apart_and_finished_together_equal_one_piece(
    small: dict[str, Path],
) -> None:
    """The dask contract: plan, measure each chunk in any order (pickled), finish."""
    world = small
    root = world["root"]
    crit = load_criteria(str(root / "criteria.yaml"))
    context = pickle.loads(pickle.dumps(prepare(crit, id_field=ID, keep_geometry=True)))
    for name in ("parquet", "fgb"):
        specs = plan_chunks(world[name], 25, display="candidates")
        assert len(specs) > 3 and all(s.stop - s.start <= 25 for s in specs)
        measures = [pickle.loads(pickle.dumps(measure_chunk(pickle.loads(pickle.dumps(s)), context)))
                    for s in reversed(specs)]
        assert all(m.wkb is not None for m in measures)
        result = finish(measures, context, source="candidates")
        assert render_csv(result) == _screen(world["geojson"], root), name


def test_streamed_geojson_equals_the_strict_reader(
    small: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bidtool.spatial import sources

    root = small["root"]
    expected = _screen(small["geojson"], root)
    monkeypatch.setattr(sources, "STREAM_GEOJSON_BYTES", 0)  # GDAL streams it
    assert _screen(small["geojson"], root, chunk_size=32) == expected


def test_layers_in_gis_formats(small: dict[str, Path], tmp_path: Path) -> None:
    world = small
    root = world["root"]
    expected = _screen(world["parquet"], root)
    subs = pyogrio.read_arrow(str(root / "subs.geojson"))[1]
    for suffix, driver in ((".gpkg", "GPKG"), (".fgb", "FlatGeobuf")):
        pyogrio.write_arrow(subs, str(tmp_path / f"subs{suffix}"), driver=driver,
                            geometry_name="wkb_geometry", geometry_type="Point", crs="EPSG:4326")
        (tmp_path / "flood.geojson").write_bytes((root / "flood.geojson").read_bytes())
        _criteria(tmp_path, suffix)
        got = _screen(world["parquet"], tmp_path).replace(str(tmp_path), str(root))
        assert got == expected, suffix


def test_cli_writes_geopackage_and_geoparquet(
    small: dict[str, Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    world = small
    root = world["root"]
    args = ["screen", str(world["parquet"]), "-c", str(root / "criteria.yaml"), "--id-field", ID]
    csv_run = cli(*args, "-f", "csv")
    assert csv_run.exit_code == 0, csv_run.stderr
    for suffix in ("gpkg", "parquet"):
        out = tmp_path / f"short.{suffix}"
        run = cli(*args, "--chunk-size", "50", "-o", str(out))
        assert run.exit_code == 0, run.stderr
        first = out.read_bytes()
        assert cli(*args, "-o", str(out)).exit_code == 0
        assert out.read_bytes() == first  # deterministic, whatever the chunk size
        if suffix == "gpkg":
            meta, table = pyogrio.read_arrow(str(out))
            assert meta["crs"] == "EPSG:4326"
        else:
            table = pq.read_table(out)
            assert json.loads(table.schema.metadata[b"geo"])["primary_column"] == "geometry"
        assert table.num_rows == SMALL
        ids = table.column("id").to_pylist()
        assert ids[:5] == [line.split(",")[1] for line in csv_run.stdout.splitlines()[1:6]]
    assert cli(*args, "-f", "gpkg").exit_code == 2  # not text: needs -o


def _bad(tmp_path: Path, geoms: list[Any], crs: str = "EPSG:4326", driver: str = "GPKG",
         suffix: str = "gpkg") -> Path:
    n = len(geoms)
    table = pa.table({
        "id": pa.array([f"p{i}" for i in range(n)]),
        "power_mw": pa.array([10.0] * n),
        "geometry": pa.array([None if g is None else shapely.to_wkb(g) for g in geoms], pa.binary()),
    })
    path = tmp_path / f"bad.{suffix}"
    if suffix == "parquet":
        geo = {"version": "1.0.0", "primary_column": "geometry",
               "columns": {"geometry": {"encoding": "WKB", "geometry_types": []}}}
        pq.write_table(table.replace_schema_metadata({b"geo": json.dumps(geo).encode()}), path)
    else:
        options = {"SPATIAL_INDEX": "NO"} if driver == "FlatGeobuf" else {}
        pyogrio.write_arrow(table, str(path), driver=driver, geometry_name="geometry",
                            geometry_type="Unknown", crs=crs, layer_options=options)
    return path


BOX = shapely.box(127.0, 36.0, 127.01, 36.01)


@pytest.mark.parametrize(
    ("suffix", "driver", "label"),
    [("gpkg", "GPKG", "feature 1"), ("fgb", "FlatGeobuf", "feature 1"),
     ("parquet", None, "row 1")],
)
def test_reader_errors_name_file_and_feature(
    tmp_path: Path, cli: Callable[..., Run], world: dict[str, Path],
    suffix: str, driver: str | None, label: str,
) -> None:
    crit = str(world["root"] / "criteria.yaml")

    def run(geoms: list[Any], *extra: str) -> Run:
        path = _bad(tmp_path, geoms, driver=driver or "", suffix=suffix)
        return cli("screen", str(path), "-c", crit, "--chunk-size", "1", "-f", "csv", *extra)

    null = run([BOX, None, BOX])
    assert null.exit_code == 3
    assert f"bad.{suffix}: {label}" in null.stderr
    if suffix != "fgb":  # GDAL's FlatGeobuf has no null geometry: it cannot be built
        assert "geometry is null" in null.stderr and "--skip-unlocated" in null.stderr
        skipped = run([BOX, None, BOX], "--skip-unlocated")
        assert skipped.exit_code in (0, 4), skipped.stderr
        assert "left out 1 candidate(s) without geometry" in skipped.stderr
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        nan_polygon = shapely.from_wkt("POLYGON ((127 36, nan 36, 127.01 36.01, 127 36))")
    nan = run([BOX, nan_polygon, BOX])
    assert nan.exit_code == 3
    assert f"{label}: a coordinate is NaN or infinite" in nan.stderr
    huge = run([BOX, shapely.box(1e300, 1e300, 2e300, 2e300), BOX])
    assert huge.exit_code == 3
    assert f"{label}: coordinates are outside ±180/±90" in huge.stderr
    empty = run([BOX, shapely.Polygon(), BOX])
    assert empty.exit_code == 3
    assert f"{label}: " in empty.stderr
    assert any(m in empty.stderr for m in ("empty geometry", "is null", "could not be built"))


def test_unreadable_sources_are_exit_3(
    tmp_path: Path, cli: Callable[..., Run], world: dict[str, Path]
) -> None:
    import os

    crit = str(world["root"] / "criteria.yaml")
    fifo = tmp_path / "pipe.gpkg"
    os.mkfifo(fifo)
    garbage = tmp_path / "garbage.gpkg"
    garbage.write_bytes(b"not a geopackage")
    lonely = tmp_path / "lonely.shp"
    lonely.write_bytes(b"\x00\x00\x27\x0a")
    notgeo = tmp_path / "plain.parquet"
    pq.write_table(pa.table({"id": ["a"]}), notgeo)
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    cases = {
        fifo: "named pipe (FIFO)",
        garbage: "cannot read it as GIS data",
        lonely: "the shapefile's .dbf file is missing",
        notgeo: "not GeoParquet",
        empty_dir: "directory without .parquet parts",
        tmp_path / "absent.fgb": "candidates file not found",
        tmp_path / "c.kml": "expected one of",
    }
    (tmp_path / "c.kml").write_text("<kml/>", encoding="utf-8")
    for path, message in cases.items():
        run = cli("screen", str(path), "-c", crit, "-f", "csv")
        assert run.exit_code == 3, (path, run.stderr)
        assert message in " ".join(run.stderr.split()), (path, run.stderr)
        assert "Traceback" not in run.stderr


def test_chunked_problems_are_reported_as_in_one_piece(tmp_path: Path, world: dict[str, Path]) -> None:
    crit = load_criteria(str(world["root"] / "criteria.yaml"))
    geoms = [BOX] * 20
    for i in (3, 8, 9, 12, 15, 16, 19):
        geoms[i] = None
    path = _bad(tmp_path, geoms, suffix="parquet")
    messages = set()
    for size in (1, 4, 20):
        with pytest.raises(InputError) as info:
            screen_source(path, crit, chunk_size=size)
        messages.add(str(info.value))
    assert len(messages) == 1
    assert "row 3" in messages.pop()


def test_another_engine_plugs_in_through_run_chunks(small: dict[str, Path]) -> None:
    root = small["root"]
    crit = load_criteria(str(root / "criteria.yaml"))
    seen: list[int] = []

    def run(fn: Any, specs: list[Any], context: Any, done: Callable[[int], None]) -> list[Any]:
        out = []
        for i, spec in reversed(list(enumerate(specs))):  # any order, any process
            out.append(fn(pickle.loads(pickle.dumps(spec)), pickle.loads(pickle.dumps(context))))
            done(i)
        return out

    got = screen_source(small["parquet"], crit, id_field=ID, display="candidates",
                        chunk_size=30, run_chunks=run, progress=lambda d, t: seen.append(t))
    assert render_csv(got) == _screen(small["geojson"], root)
    assert len(seen) == len(plan_chunks(small["parquet"], 30)) > 1


def test_csv_written_in_blocks_is_the_same_bytes(
    small: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bidtool.render import screen as render

    expected = _screen(small["parquet"], small["root"])
    monkeypatch.setattr(render, "CSV_BLOCK", 7)
    assert _screen(small["parquet"], small["root"]) == expected


def test_encoding_cp949_points_to_input_encoding(
    world: dict[str, Path], cli: Callable[..., Run], tmp_path: Path
) -> None:
    """``--encoding`` is the -o file's (DESIGN §8); a legacy codec there can only mean the
    candidates' attributes, so the usage error names ``--input-encoding`` and writes nothing."""
    out = tmp_path / "out.csv"
    run = cli("screen", str(world["shp"]), "-c", str(world["root"] / "criteria.yaml"),
              "--id-field", ID, "--encoding", "cp949", "-o", str(out))
    assert run.exit_code == 2
    assert "use --input-encoding cp949" in " ".join(run.stderr.split())
    assert not out.exists()
    run = cli("screen", str(world["shp"]), "-c", str(world["root"] / "criteria.yaml"),
              "--id-field", ID, "--encoding", "utf8x", "-o", str(out))
    assert run.exit_code == 2 and "input-encoding" not in run.stderr
