"""``bidtool screen --engine dask``: the same chunk function on a dask.distributed cluster.

The cluster is a real LocalCluster of two single-threaded worker processes;
the candidates are a directory of GeoParquet parts, which the workers read
themselves.  Same bytes as ``--engine local``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely
import yaml

from tests.conftest import Run
from tests.spatial.helpers import collection, point, polygon, write_json

N = 20_000
CRS = "EPSG:5179"


def _world(root: Path, n: int = N) -> tuple[Path, Path]:
    """n parcels (20,000 by default) as four GeoParquet parts (EPSG:5179), two layers, a criteria file."""
    from pyproj import CRS as ProjCRS

    rng = np.random.default_rng(11)
    subs = [point(float(x), float(y), name=f"S{i}")
            for i, (x, y) in enumerate(zip(rng.uniform(126.3, 129.3, 60), rng.uniform(34.8, 37.6, 60)))]
    write_json(root / "subs.geojson", collection(*subs))
    floods = [polygon([[x, y], [x + 0.1, y], [x + 0.1, y + 0.07], [x, y + 0.07], [x, y]])
              for x, y in zip(rng.uniform(126.5, 129, 30), rng.uniform(35, 37.4, 30))]
    write_json(root / "flood.geojson", collection(*floods))
    crit = {
        "schema": "bidtool.criteria/1",
        "name": "dask engine test",
        "missing": "worst",
        "work_crs": CRS,
        "layers": {"subs": {"path": "subs.geojson"}, "flood": {"path": "flood.geojson"}},
        "criteria": [
            {"id": "price", "unit": "KRW/m2", "direction": "cost", "weight": 2},
            {"id": "sub_km", "unit": "km", "direction": "cost", "weight": 2,
             "spatial": {"distance_to": ["subs"]}},
            {"id": "subs_20km", "unit": "km", "direction": "benefit", "weight": 1,
             "spatial": {"count_within": {"layer": "subs", "radius": 20}}},
            {"id": "flood_share", "unit": "%", "direction": "cost", "weight": 1,
             "spatial": {"overlap_fraction": ["flood"]}},
            {"id": "area_ha", "unit": "ha", "direction": "benefit", "weight": 1,
             "spatial": {"area": {}}},
        ],
        "constraints": [{"metric": "near_sub", "unit": "km", "op": "==", "value": False,
                         "spatial": {"within_distance": {"layer": "subs", "distance": 1}}}],
    }
    (root / "criteria.yaml").write_text(yaml.safe_dump(crit), encoding="utf-8")
    x = rng.uniform(950_000, 1_150_000, n)
    y = rng.uniform(1_700_000, 2_000_000, n)
    w = rng.uniform(20, 120, n)
    table = pa.table({
        "id": [f"p{i:05d}" for i in range(n)],
        "price": np.round(rng.lognormal(12, 0.8, n), 0),
        "geometry": pa.array(list(shapely.to_wkb(shapely.box(x, y, x + w, y + w * 0.7))), pa.binary()),
    })
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Polygon"],
                                    "crs": ProjCRS.from_user_input(CRS).to_json_dict()}}}
    parts = root / "parcels"
    parts.mkdir()
    for k in range(4):
        piece = table.slice(k * n // 4, n // 4).replace_schema_metadata({b"geo": json.dumps(geo).encode()})
        pq.write_table(piece, parts / f"part-{k}.parquet")
    return parts, root / "criteria.yaml"


def test_dask_and_local_engines_write_the_same_bytes(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    _world(tmp_path)
    monkeypatch.chdir(tmp_path)  # relative paths, as typed: the workers get absolute ones
    common = ["screen", "parcels", "-c", "criteria.yaml", "--chunk-size", "5000", "-f", "csv"]
    local = cli(*common, "--engine", "local", "-o", "local.csv")
    assert local.exit_code == 0, local.stderr
    dask = cli(*common, "--engine", "dask", "--workers", "2", "-o", "dask.csv")
    assert dask.exit_code == 0, dask.stderr
    assert dask.stderr == local.stderr
    want = (tmp_path / "local.csv").read_bytes()
    assert want.count(b"\n") == N + 1
    assert (tmp_path / "dask.csv").read_bytes() == want


def test_a_bad_feature_read_by_a_worker_is_reported_as_locally(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, dask_scheduler: str
) -> None:
    """Problems found in a worker's rows reach the user exactly as the local engine reports them."""
    parts, _ = _world(tmp_path, n=2_000)
    part = parts / "part-2.parquet"
    table = pq.read_table(part)
    geometry = table.column("geometry").to_pylist()
    geometry[7] = shapely.to_wkb(shapely.from_wkt("POLYGON EMPTY"))
    bad = table.set_column(2, "geometry", pa.array(geometry, pa.binary()))
    pq.write_table(bad.replace_schema_metadata(table.schema.metadata), part)
    monkeypatch.chdir(tmp_path)
    common = ["screen", "parcels", "-c", "criteria.yaml", "--chunk-size", "200", "-f", "csv"]
    local = cli(*common, "-o", "local.csv")
    dask = cli(*common, "--engine", "dask", "--scheduler", dask_scheduler, "-o", "dask.csv")
    assert local.exit_code == dask.exit_code == 3
    assert "empty geometry" in local.stderr
    assert dask.stderr == local.stderr
    assert not (tmp_path / "dask.csv").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--engine", "dask", "--scheduler", "http://10.0.0.5:8786"], "tcp://HOST:PORT"),
        (["--engine", "dask", "--scheduler", "tcp://x:1;reboot"], "tcp://HOST:PORT"),
        (["--scheduler", "tcp://10.0.0.5:8786"], "--scheduler needs --engine dask"),
        (["--engine", "dask", "--workers", "0"], "--workers"),
        (["--engine", "spark"], "--engine"),
    ],
)
def test_engine_options_are_checked_before_any_work(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, args: list[str], says: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "criteria.yaml").write_text("not: [a criteria file", encoding="utf-8")
    run = cli("screen", "parcels", "-c", "criteria.yaml", *args, "-o", "out.csv")
    assert run.exit_code == 2, run.stderr
    assert says in run.stderr
    assert not (tmp_path / "out.csv").exists()


def test_without_dask_the_engine_says_how_to_install_it(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    _world(tmp_path, n=100)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "distributed", None)
    run = cli("screen", "parcels", "-c", "criteria.yaml", "--engine", "dask", "-o", "out.csv")
    assert run.exit_code == 2
    assert "pip install 'bidtool[dask]'" in run.stderr
    assert not (tmp_path / "out.csv").exists()
