"""Peak memory and wall time of ``bidtool screen`` as the number of parcels grows.

    python benchmarks/screen_memory.py [--sizes 200000 1000000] [--chunk-size 50000]
                                       [--format parquet|geojson|gpkg] [--against REV]

Writes N parcels (squares of 100–600 m over South Korea) as a directory of
GeoParquet parts (or one GeoJSON / GeoPackage), and the layers of
``benchmarks/spatial.py`` (10,000 substations, 10,000 lines, 1,000 hazard
polygons), then runs ``bidtool screen PARCELS -c criteria.yaml -o out.csv`` in a
child process for each size, reporting its wall time and peak RSS
(``os.wait4``'s ``ru_maxrss``: the child's own high-water mark).  With the
streaming engine peak RSS is one chunk plus the layers plus the
per-candidate measures, so it should grow far slower than N.

``--against REV`` runs the same commands with the bidtool of git revision
REV (checked out into a temporary directory) alternately with this tree, so
the before/after ratio comes from one run on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

sys.path.insert(0, str(Path(__file__).parent))
from spatial import CRITERIA, EAST, NORTH, SOUTH, WEST, _write

REPO = Path(__file__).resolve().parent.parent
PART = 100_000


def make_layers(root: Path, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)

    def xy(k: int) -> tuple[np.ndarray, np.ndarray]:
        return rng.uniform(WEST, EAST, k), rng.uniform(SOUTH, NORTH, k)

    _write(root / "substations.geojson", shapely.points(*xy(10_000)))
    x, y = xy(10_000)
    dx, dy = rng.normal(0, 0.03, (2, 10_000))
    lines = shapely.linestrings(np.stack([np.stack([x, y], 1), np.stack([x + dx, y + dy], 1)], 1))
    _write(root / "lines.geojson", lines)
    hazard = shapely.buffer(shapely.points(*xy(1_000)), rng.uniform(0.01, 0.08, 1_000), quad_segs=8)
    _write(root / "hazard.geojson", hazard)
    (root / "criteria.yaml").write_text(CRITERIA, encoding="utf-8")


def parcels(n: int, start: int, seed: int) -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(WEST, EAST, n), rng.uniform(SOUTH, NORTH, n)
    side = rng.uniform(0.001, 0.006, n)
    return shapely.box(x, y, x + side, y + side * 0.82), [f"p{start + i:08d}" for i in range(n)]


def make_parcels(root: Path, n: int, fmt: str) -> Path:
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Polygon"]}}}
    if fmt == "parquet":
        out = root / f"parcels-{n}"
        out.mkdir()
        for k, start in enumerate(range(0, n, PART)):
            geoms, ids = parcels(min(PART, n - start), start, k)
            table = pa.table({"id": ids, "geometry": pa.array(list(shapely.to_wkb(geoms)), pa.binary())})
            pq.write_table(table.replace_schema_metadata({b"geo": json.dumps(geo).encode()}),
                           out / f"part-{k:04d}.parquet")
        return out
    geoms, ids = parcels(n, 0, 0)
    if fmt == "geojson":
        out = root / f"parcels-{n}.geojson"
        _write(out, geoms, [{"id": i} for i in ids])
        return out
    import pyogrio

    out = root / f"parcels-{n}.gpkg"
    table = pa.table({"id": ids, "geometry": pa.array(list(shapely.to_wkb(geoms)), pa.binary())})
    pyogrio.write_arrow(table, str(out), driver="GPKG", geometry_name="geometry",
                        geometry_type="Polygon", crs="EPSG:4326")
    return out


def run(tree: Path, args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``python -m bidtool ARGS`` from ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bidtool", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 4):
        raise SystemExit(f"bidtool failed: {err}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--chunk-size", type=int, default=50_000)
    parser.add_argument("--format", choices=["parquet", "geojson", "gpkg"], default="parquet")
    parser.add_argument("--against", metavar="REV", help="also run git revision REV's bidtool")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_layers(root)
        trees = {"this tree": REPO}
        if args.against:
            base = root / "base"
            base.mkdir()
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.against, "bidtool"],
                                     check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
            trees = {args.against: base, **trees}
        print(f"bidtool screen {args.format} parcels vs 10,000 points, 10,000 lines, "
              f"1,000 hazard polygons (5 measures, WSM, CSV out)")
        for n in args.sizes:
            source = make_parcels(root, n, args.format)
            for name, tree in trees.items():
                cmd = ["screen", str(source), "-c", "criteria.yaml", "-o", "out.csv"]
                if tree == REPO:
                    cmd += ["--chunk-size", str(args.chunk_size)]
                best = min((run(tree, cmd, root) for _ in range(args.rounds)), key=lambda r: r[0])
                print(f"{n:>10,} parcels  {name:>12}: {best[0]:7.1f} s  peak RSS {best[1]:7.0f} MB"
                      f"  ({best[1] * 1024 * 1024 / n:,.0f} B/parcel)")


if __name__ == "__main__":
    main()
