"""Bad geometry: a clear error (exit 3) naming file and key path, or an explicit repair."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.spatial.helpers import collection, point, polygon, project, write_json

SITE = {"location": [127.0, 35.0]}
DIST = [{"id": "d_km", "unit": "km", "direction": "cost", "spatial": {"distance_to": "layer"}}]


def _rank(cli: Callable[..., Run], root: Path, *extra: str) -> Run:
    return cli(
        "rank",
        "-c",
        str(root / "criteria" / "test.yaml"),
        "-r",
        str(root / "regions"),
        "-f",
        "csv",
        *extra,
    )


def _layer_case(tmp_path: Path, layer: Any, suffix: str = ".geojson", **spec: Any) -> Path:
    path = tmp_path / "geo" / f"layer{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(layer, bytes):
        path.write_bytes(layer)
    elif isinstance(layer, str):
        path.write_text(layer, encoding="utf-8")
    else:
        write_json(path, layer)
    project(tmp_path, DIST, {"layer": {"path": f"../geo/layer{suffix}", **spec}}, {"a": SITE})
    return path


BOWTIE = [[127.0, 35.0], [127.01, 35.01], [127.01, 35.0], [127.0, 35.01], [127.0, 35.0]]
UNCLOSED = [[127.0, 35.0], [127.01, 35.0], [127.01, 35.01], [127.0, 35.01]]


@pytest.mark.parametrize(
    ("layer", "message"),
    [
        (collection(point(35.1, 129.0)), "look like [lat, lon]"),
        (collection(point(955000.0, 1700000.0)), "looks projected"),
        (
            collection(
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {"type": "Polygon", "coordinates": []},
                }
            ),
            "empty geometry",
        ),
        (
            collection(
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[127, 35], [127.1, 35], [127, 35]]],
                    },
                }
            ),
            "needs at least 4 positions",
        ),
        (
            collection(
                {
                    "type": "Feature",
                    "properties": {},
                    "geometry": {"type": "Circle", "coordinates": [1, 2]},
                }
            ),
            "expected a GeoJSON geometry type",
        ),
        (collection(point(127.0, float("nan"))), "two finite numbers, found [127.0, NaN]"),
        ({"foo": 1}, "expected a GeoJSON FeatureCollection, Feature or geometry"),
        ("this is not json", "not valid JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        (
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {},
                        "geometry": {"type": "Point", "coordinates": ["127", 35]},
                    }
                ],
            },
            "expected a position [x, y]",
        ),
    ],
)
def test_bad_layer_is_a_clear_error(
    tmp_path: Path, cli: Callable[..., Run], layer: Any, message: str
) -> None:
    out = tmp_path / "out.csv"
    out.write_text("previous", encoding="utf-8")
    _layer_case(tmp_path, layer)
    run = _rank(cli, tmp_path, "-o", str(out))
    assert run.exit_code == 3, run.stderr
    assert message in run.stderr
    assert "geo/layer.geojson" in run.stderr
    assert "Traceback" not in run.stderr
    assert out.read_text(encoding="utf-8") == "previous"


def test_feature_problems_name_the_key_path(tmp_path: Path, cli: Callable[..., Run]) -> None:
    _layer_case(tmp_path, collection(point(127.0, 35.0), point(35.0, 127.0)))
    run = _rank(cli, tmp_path)
    assert run.exit_code == 3
    assert "features[1].geometry" in run.stderr
    assert "features[0]" not in run.stderr


def test_projected_layer_with_declared_crs_is_accepted(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 5186, always_xy=True).transform(127.1, 35.0)
    _layer_case(tmp_path, collection(point(x, y)), crs="EPSG:5186")
    run = _rank(cli, tmp_path, "--explain")
    assert run.exit_code == 0, run.stderr
    assert ",9.1" in run.stdout  # 127.0 → 127.1 at 35N is about 9.13 km


def test_legacy_geojson_crs_member_is_honoured(tmp_path: Path, cli: Callable[..., Run]) -> None:
    from pyproj import Transformer

    x, y = Transformer.from_crs(4326, 5186, always_xy=True).transform(127.1, 35.0)
    layer = collection(point(x, y))
    layer["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::5186"}}
    _layer_case(tmp_path, layer)
    assert _rank(cli, tmp_path).exit_code == 0


def test_unknown_crs(tmp_path: Path, cli: Callable[..., Run]) -> None:
    _layer_case(tmp_path, collection(point(127.1, 35.0)), crs="EPSG:999999")
    run = _rank(cli, tmp_path)
    assert run.exit_code == 3
    assert "unknown CRS 'EPSG:999999'" in run.stderr


def test_work_crs_must_be_projected(tmp_path: Path, cli: Callable[..., Run]) -> None:
    _layer_case(tmp_path, collection(point(127.1, 35.0)))
    crit = tmp_path / "criteria" / "test.yaml"
    crit.write_text(crit.read_text() + "work_crs: EPSG:4326\n")
    run = _rank(cli, tmp_path)
    assert run.exit_code == 3
    assert "work_crs: work_crs 'EPSG:4326' is not projected" in run.stderr


def test_unknown_layer_format_is_refused_by_validate_without_shapely(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    _layer_case(tmp_path, b"<kml/>", suffix=".kml")
    run = cli(
        "validate", "-c", str(tmp_path / "criteria" / "test.yaml"), "-r", str(tmp_path / "regions")
    )
    assert run.exit_code == 3
    assert "layers.layer.path" in run.stderr
    assert "ogr2ogr" in run.stderr


def test_unclosed_ring_is_closed_with_a_warning_or_refused_with_strict(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    _layer_case(tmp_path, collection(polygon(UNCLOSED)))
    run = _rank(cli, tmp_path)
    assert run.exit_code == 0, run.stderr
    assert "warning:" in run.stderr and "closed 1 polygon ring" in run.stderr
    assert "features[0].geometry" in run.stderr
    strict = _rank(cli, tmp_path, "--strict")
    assert strict.exit_code == 3
    assert "polygon ring is not closed" in strict.stderr


def test_self_intersecting_site_is_repaired_or_refused_with_strict(
    tmp_path: Path, cli: Callable[..., Run]
) -> None:
    project(
        tmp_path,
        [{"id": "a_m2", "unit": "m2", "direction": "benefit", "spatial": {"area": {}}}],
        {},
        {"a": {"geometry": {"type": "Polygon", "coordinates": [BOWTIE]}}},
    )
    run = _rank(cli, tmp_path, "--explain")
    assert run.exit_code == 0, run.stderr
    assert "repaired 1 invalid geometry with make_valid" in run.stderr
    assert "Self-intersection" in run.stderr
    # the bow-tie becomes its two triangles: half the bounding box, not zero
    value = float(run.stdout.splitlines()[1].split(",")[6])
    assert 0.45 * 1.0e6 * 0.0104 < value < 0.55 * 1.0e6 * 1.2
    strict = _rank(cli, tmp_path, "--strict")
    assert strict.exit_code == 3
    assert "regions/a.yaml: site.geometry: invalid geometry (Self-intersection" in strict.stderr


def test_missing_site_geometry_file(tmp_path: Path, cli: Callable[..., Run]) -> None:
    project(
        tmp_path,
        [{"id": "a_m2", "unit": "m2", "direction": "benefit", "spatial": {"area": {}}}],
        {},
        {"a": {"geometry": "geo/nowhere.geojson"}},
    )
    run = _rank(cli, tmp_path)
    assert run.exit_code == 3
    assert "site.geometry: site geometry file not found" in run.stderr


@pytest.mark.parametrize(
    ("leaf", "message"),
    [
        ({"spatial": {"distance_to": "layr"}}, "unknown layer 'layr'; declare it under 'layers:'"),
        ({"unit": "ha"}, "spatial distance_to needs unit one of m, km; got 'ha'"),
        ({"spatial": {"distance_to": "layer", "area": {}}}, "expected exactly one of"),
        (
            {"spatial": {"within_distance": {"layer": "layer", "distance": 1}}},
            "give the leaf a categorical",
        ),
    ],
)
def test_bad_spatial_declarations(
    tmp_path: Path, cli: Callable[..., Run], leaf: dict[str, Any], message: str
) -> None:
    _layer_case(tmp_path, collection(point(127.1, 35.0)))
    project(
        tmp_path, [{**DIST[0], **leaf}], {"layer": {"path": "../geo/layer.geojson"}}, {"a": SITE}
    )
    run = cli(
        "validate", "-c", str(tmp_path / "criteria" / "test.yaml"), "-r", str(tmp_path / "regions")
    )
    assert run.exit_code == 3
    assert message in run.stderr
    assert "criteria/test.yaml:" in run.stderr


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("voltage_kv >=", "expected a number"),
        ("voltage_kv = 154", "unexpected '= 154'"),
        ("volts >= 154", "names 'volts', which no feature has; properties are name, voltage_kv"),
    ],
)
def test_bad_where(tmp_path: Path, cli: Callable[..., Run], where: str, message: str) -> None:
    _layer_case(tmp_path, collection(point(127.1, 35.0, name="x", voltage_kv=154)), where=where)
    run = _rank(cli, tmp_path)
    assert run.exit_code == 3
    assert message in run.stderr


def test_region_may_not_state_a_computed_metric(tmp_path: Path, cli: Callable[..., Run]) -> None:
    _layer_case(tmp_path, collection(point(127.1, 35.0)))
    region = tmp_path / "regions" / "a.yaml"
    region.write_text(region.read_text().replace("metrics: {}", "metrics:\n  d_km: 3"))
    run = _rank(cli, tmp_path)
    assert run.exit_code == 3
    assert "'d_km' is computed from geometry" in run.stderr


def test_no_site_with_missing_error(tmp_path: Path, cli: Callable[..., Run]) -> None:
    _layer_case(tmp_path, collection(point(127.1, 35.0)))
    project(
        tmp_path,
        DIST,
        {"layer": {"path": "../geo/layer.geojson"}},
        {"a": SITE, "b": None},
        missing="error",
    )
    run = _rank(cli, tmp_path)
    assert run.exit_code == 3
    assert "regions/b.yaml: site: 'd_km' is computed from the site" in run.stderr
