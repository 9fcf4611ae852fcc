"""``bidtool screen`` at national scale: local engine, Dask engine and a geopandas reference.

    pip install -e '.[bench]'
    python benchmarks/scale.py --parcels 1000000
    python benchmarks/scale.py --parcels 3000000 --engines local

Generates (once; cached under ``benchmarks/.data/N-parcels/``) N synthetic
cadastral parcels — small rotated rectangles of 15–90 m scattered over the
South Korean mainland, in EPSG:5179, with an id, a land price and a slope —
written as a directory of GeoParquet parts and as one GeoJSON file
(WGS84, RFC 7946), plus five map layers (GeoJSON): 900 grid substations
(points), 4,000 transmission lines, 3,000 rivers and 400 fault traces
(polylines) and 4,000 overlapping flood polygons, and a criteria file that
uses every spatial measure bidtool has: ``distance_to`` (substations, lines,
rivers, faults), ``count_within`` (substations within 10 km),
``overlap_fraction`` (flood), ``area`` and a ``within_distance`` setback
(no parcel within 500 m of a fault), plus the land price from the parcels'
attributes.

Then it runs, each in its own subprocess and one after the other, in one
run so the ratios are meaningful on a shared machine:

- ``bidtool screen PARCELS --engine local -f csv -o …``
- ``bidtool screen PARCELS --engine dask --workers W -f csv -o …``
- a geopandas + pyogrio reference doing the same measures the way an analyst
  would (``read_parquet``, ``read_dataframe``, ``to_crs``, ``sjoin_nearest``,
  ``sindex.query(predicate="dwithin")``, dissolve + ``intersection`` areas)
  and writing them as CSV (``to_csv``); it does not validate, score or rank.

For each it reports the wall time and the peak resident memory of the whole
process tree (the child and all its descendants — Dask's workers are
children — summed, sampled every 50 ms with psutil), the ratios against the
reference, and how far each measure is from the reference (max absolute
difference; bidtool divides planar lengths and areas by UTM-K's scale factor,
0.9996–1.0004 over Korea, and the reference does not, so distances differ by
up to ~4e-4 relative, counts only where a feature sits at the 10 km radius).
It also says whether the two engines' CSVs are byte-identical.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
PART_ROWS = 250_000
SEED = 20250122

# A coarse outline of the South Korean mainland (lon, lat), enough to keep parcels on land.
OUTLINE = [
    (126.55, 37.75), (126.6, 37.2), (126.4, 36.9), (126.5, 36.3), (126.65, 35.9),
    (126.4, 35.5), (126.25, 35.0), (126.3, 34.55), (126.9, 34.45), (127.5, 34.65),
    (128.4, 34.85), (129.0, 35.05), (129.4, 35.4), (129.55, 36.0), (129.4, 36.5),
    (129.35, 37.1), (128.9, 37.7), (128.4, 38.55), (127.7, 38.3), (127.1, 38.3),
    (126.8, 37.95),
]  # fmt: skip

# metric -> (column in bidtool's CSV, column in the reference's CSV)
MEASURES = {
    "substation_km": "substation_km (km)",
    "line_km": "line_km (km)",
    "river_km": "river_km (km)",
    "fault_km": "fault_km (km)",
    "substations_10km": "substations_10km (count)",
    "flood_pct": "flood_pct (%)",
    "area_ha": "area_ha (ha)",
}

CRITERIA = """\
schema: bidtool.criteria/1
name: Scale benchmark (synthetic parcels and layers)
description: Synthetic data written by benchmarks/scale.py; the figures mean nothing.
method: wsm
missing: worst
work_crs: EPSG:5179
layers:
  substations: {path: substations.geojson}
  lines: {path: lines.geojson}
  rivers: {path: rivers.geojson}
  faults: {path: faults.geojson}
  flood: {path: flood.geojson}
criteria:
  - {id: substation_km, unit: km, direction: cost, weight: 3, spatial: {distance_to: [substations]}}
  - {id: line_km, unit: km, direction: cost, weight: 2, spatial: {distance_to: [lines]}}
  - id: substations_10km
    unit: km
    direction: benefit
    weight: 1
    spatial: {count_within: {layer: substations, radius: 10}}
  - {id: river_km, unit: km, direction: cost, weight: 1, spatial: {distance_to: [rivers]}}
  - {id: fault_km, unit: km, direction: benefit, weight: 2, spatial: {distance_to: [faults]}}
  - {id: flood_pct, unit: "%", direction: cost, weight: 2, spatial: {overlap_fraction: [flood]}}
  - {id: area_ha, unit: ha, direction: benefit, weight: 1, spatial: {area: {}}}
  - {id: land_price_krw_per_m2, unit: KRW/m2, direction: cost, weight: 2}
constraints:
  - metric: near_fault
    spatial: {within_distance: {layer: faults, distance: 500}}
    unit: m
    op: "=="
    value: false
    reason: Synthetic setback - no parcel within 500 m of a fault trace.
"""


# --- data -----------------------------------------------------------------------------------


def _outline_5179() -> Any:
    import shapely
    from pyproj import Transformer

    tr = Transformer.from_crs("EPSG:4326", "EPSG:5179", always_xy=True)
    lon, lat = np.array(OUTLINE).T
    x, y = tr.transform(lon, lat)
    poly = shapely.Polygon(np.column_stack([x, y]))
    shapely.prepare(poly)
    return poly


def _inside(rng: np.random.Generator, outline: Any, n: int) -> np.ndarray:
    """n uniform points (x, y) inside the outline, by rejection."""
    import shapely

    x0, y0, x1, y1 = outline.bounds
    out: list[np.ndarray] = []
    have = 0
    while have < n:
        xy = np.column_stack([rng.uniform(x0, x1, 2 * n), rng.uniform(y0, y1, 2 * n)])
        xy = xy[shapely.contains_xy(outline, xy[:, 0], xy[:, 1])]
        out.append(xy)
        have += len(xy)
    return np.concatenate(out)[:n]


def _parcels(rng: np.random.Generator, outline: Any, start: int, n: int) -> Any:
    import geopandas as gpd
    import shapely

    centre = _inside(rng, outline, n)
    w = rng.uniform(15.0, 90.0, n)
    h = w * rng.uniform(0.5, 1.0, n)
    theta = rng.uniform(0.0, np.pi, n)
    c, s = np.cos(theta), np.sin(theta)
    # corners of a w × h rectangle rotated by theta about its centre, closed ring
    u = np.array([-0.5, 0.5, 0.5, -0.5, -0.5])[None, :] * w[:, None]
    v = np.array([-0.5, -0.5, 0.5, 0.5, -0.5])[None, :] * h[:, None]
    xs = centre[:, :1] + u * c[:, None] - v * s[:, None]
    ys = centre[:, 1:] + u * s[:, None] + v * c[:, None]
    geoms = shapely.polygons(np.stack([xs, ys], axis=-1))
    return gpd.GeoDataFrame(
        {
            "id": [f"p{i:08d}" for i in range(start, start + n)],
            "land_price_krw_per_m2": np.round(rng.lognormal(12.0, 0.8, n), 0),
            "slope_pct": np.round(rng.gamma(2.0, 4.0, n), 1),
        },
        geometry=geoms,
        crs="EPSG:5179",
    )


def _walks(
    rng: np.random.Generator, outline: Any, n: int, vertices: int, step: float, heading: float
) -> Any:
    """n polylines: random walks of ``vertices`` points, ``step`` m apart, around ``heading``."""
    import shapely

    start = _inside(rng, outline, n)
    angle = heading + np.cumsum(rng.normal(0.0, 0.35, (n, vertices - 1)), axis=1)
    angle += rng.uniform(-np.pi, np.pi, (n, 1)) * (heading == 0.0)
    dx = np.concatenate([np.zeros((n, 1)), np.cumsum(step * np.cos(angle), axis=1)], axis=1)
    dy = np.concatenate([np.zeros((n, 1)), np.cumsum(step * np.sin(angle), axis=1)], axis=1)
    return shapely.linestrings(np.stack([start[:, :1] + dx, start[:, 1:] + dy], axis=-1))


def _write_layer(path: Path, geoms: Any, names: list[str]) -> None:
    import geopandas as gpd

    frame = gpd.GeoDataFrame({"name": names}, geometry=geoms, crs="EPSG:5179").to_crs(4326)
    frame.to_file(path, driver="GeoJSON", engine="pyogrio")


def _layers(root: Path, outline: Any) -> None:
    import shapely

    rng = np.random.default_rng([SEED, 1])
    subs = shapely.points(_inside(rng, outline, 900))
    _write_layer(root / "substations.geojson", subs, [f"S{i:03d}" for i in range(900)])
    lines = _walks(rng, outline, 4_000, 4, 2_000.0, 0.0)
    _write_layer(root / "lines.geojson", lines, [f"L{i:04d}" for i in range(4_000)])
    rivers = _walks(rng, outline, 3_000, 5, 1_500.0, 0.0)
    _write_layer(root / "rivers.geojson", rivers, [f"R{i:04d}" for i in range(3_000)])
    faults = _walks(rng, outline, 400, 3, 5_000.0, np.deg2rad(70.0))
    _write_layer(root / "faults.geojson", faults, [f"F{i:03d}" for i in range(400)])
    centres = shapely.points(_inside(rng, outline, 4_000))
    flood = shapely.buffer(centres, rng.uniform(200.0, 2_500.0, 4_000), quad_segs=8)
    _write_layer(root / "flood.geojson", flood, [f"Z{i:04d}" for i in range(4_000)])


def _write_geojson_part(fh: Any, frame: Any, first: bool) -> None:
    import shapely

    wgs = frame.to_crs(4326)
    texts = shapely.to_geojson(np.asarray(wgs.geometry.array, dtype=object))
    props = wgs.drop(columns="geometry").to_dict("records")
    body = ",\n".join(
        f'{{"type":"Feature","properties":{json.dumps(p)},"geometry":{t}}}'
        for p, t in zip(props, texts)
    )
    fh.write(("" if first else ",\n") + body)


def make_data(n: int, geojson: bool = True) -> Path:
    """The cached data for n parcels: GeoParquet parts, layers, criteria (and GeoJSON)."""
    root = DATA / f"{n}-parcels"
    parts = root / "parcels.parquet"
    if not (root / ".complete").exists():
        root.mkdir(parents=True, exist_ok=True)
        outline = _outline_5179()
        _layers(root, outline)
        (root / "criteria.yaml").write_text(CRITERIA, encoding="utf-8")
        parts.mkdir(exist_ok=True)
        for k, start in enumerate(range(0, n, PART_ROWS)):
            rows = min(PART_ROWS, n - start)
            frame = _parcels(np.random.default_rng([SEED, 2, k]), outline, start, rows)
            frame.to_parquet(parts / f"part-{k:05d}.parquet", row_group_size=50_000)
            print(f"  generated {start + rows:,} / {n:,} parcels", file=sys.stderr)
        (root / ".complete").write_text("ok\n", encoding="utf-8")
    if geojson and not (root / "parcels.geojson").exists():
        import geopandas as gpd

        partial = root / "parcels.geojson.part"
        with partial.open("w", encoding="utf-8") as fh:
            fh.write('{"type":"FeatureCollection","features":[\n')
            for k, part in enumerate(sorted(parts.glob("*.parquet"))):
                _write_geojson_part(fh, gpd.read_parquet(part), k == 0)
            fh.write("\n]}\n")
        partial.rename(root / "parcels.geojson")
        print("  wrote parcels.geojson", file=sys.stderr)
    return root


# --- the geopandas reference ----------------------------------------------------------------


def reference(root: Path, source: Path, out: Path) -> None:
    """The same measures with geopandas + pyogrio, written as CSV (no scoring, no ranking)."""
    import geopandas as gpd
    import pandas as pd
    import pyogrio

    if source.suffix == ".parquet":
        parcels = gpd.read_parquet(source)
    else:
        parcels = pyogrio.read_dataframe(source, use_arrow=True)
    parcels = parcels.to_crs(5179)
    layer = {
        name: pyogrio.read_dataframe(root / f"{name}.geojson", use_arrow=True).to_crs(5179)
        for name in ("substations", "lines", "rivers", "faults", "flood")
    }
    sites = parcels[["geometry"]]
    out_frame = pd.DataFrame({"id": parcels["id"].to_numpy()})
    for metric, name in (
        ("substation_km", "substations"),
        ("line_km", "lines"),
        ("river_km", "rivers"),
        ("fault_km", "faults"),
    ):
        joined = gpd.sjoin_nearest(sites, layer[name][["geometry"]], distance_col="d")
        out_frame[metric] = joined.groupby(level=0)["d"].first().to_numpy() / 1000.0
    geoms = sites.geometry
    si, _ = layer["substations"].sindex.query(geoms, predicate="dwithin", distance=10_000.0)
    out_frame["substations_10km"] = np.bincount(si, minlength=len(sites))
    flood = layer["flood"].dissolve().explode(index_parts=False).reset_index(drop=True)
    si, fi = flood.sindex.query(geoms, predicate="intersects")
    covered = geoms.iloc[si].intersection(flood.geometry.iloc[fi], align=False).area
    area = geoms.area.to_numpy()
    share = np.bincount(si, weights=covered.to_numpy(), minlength=len(sites)) / area
    out_frame["flood_pct"] = np.clip(share, 0.0, 1.0) * 100.0
    out_frame["area_ha"] = area / 1e4
    si, _ = layer["faults"].sindex.query(geoms, predicate="dwithin", distance=500.0)
    out_frame["near_fault"] = np.bincount(si, minlength=len(sites)) > 0
    out_frame["land_price_krw_per_m2"] = parcels["land_price_krw_per_m2"].to_numpy()
    out_frame.to_csv(out, index=False, float_format="%.6f")


# --- running and measuring ------------------------------------------------------------------


@dataclass
class Measured:
    wall: float  # seconds
    peak: int  # bytes: the largest sum of the RSS of the command and its descendants
    code: int  # exit code
    cpu: float  # CPU seconds of the command and every descendant
    root_cpu: float  # CPU seconds of the command's own process (the client, for dask)
    root_peak: int  # bytes: its own peak RSS
    child_peak: int  # bytes: the largest peak RSS of any one descendant (a dask worker)


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run ``cmd`` and measure its process tree.

    The command runs in its own session, as from a terminal, so this sampler is not
    counted in its CPU share.  The RSS of the command and all its descendants is summed
    every 50 ms (descendants looked up every 250 ms); the tree's CPU time is what the
    command and every descendant it waited for used (``getrusage(RUSAGE_CHILDREN)``).
    """
    import resource

    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    root = psutil.Process(proc.pid)
    tree = [root]
    peak, root_cpu, root_peak, child_peak, tick = 0, 0.0, 0, 0, 0
    while proc.poll() is None:
        if tick % 5 == 0:
            with contextlib.suppress(psutil.NoSuchProcess):
                tree = [root, *root.children(recursive=True)]
        total = 0
        for p in tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                rss = p.memory_info().rss
                total += rss
                if p is root:
                    t = p.cpu_times()
                    root_cpu, root_peak = t.user + t.system, max(root_peak, rss)
                else:
                    child_peak = max(child_peak, rss)
        peak = max(peak, total)
        tick += 1
        time.sleep(0.05)
    code = proc.wait()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(wall, peak, code, cpu, root_cpu, root_peak, child_peak)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "-"


def agreement(bidtool_csv: Path, reference_csv: Path) -> dict[str, tuple[float, float]]:
    """metric -> (max abs difference, max difference relative to max(|reference|, 1))."""
    import pandas as pd

    got = pd.read_csv(
        bidtool_csv, encoding="utf-8-sig", dtype={"id": str, "failed_constraints": str}
    ).set_index("id")
    want = pd.read_csv(reference_csv, dtype={"id": str}).set_index("id")
    got = got.reindex(want.index)
    out: dict[str, tuple[float, float]] = {}
    for metric, column in {**MEASURES, "land_price_krw_per_m2": "land_price_krw_per_m2 (KRW/m2)"}.items():
        a = got[column].to_numpy(dtype=float)
        b = want[metric].to_numpy(dtype=float)
        diff = np.abs(a - b)
        out[metric] = (float(np.nanmax(diff)), float(np.nanmax(diff / np.maximum(np.abs(b), 1.0))))
    near = got["failed_constraints"].fillna("").str.len().to_numpy() > 0
    out["near_fault (setback)"] = (float(np.sum(near != want["near_fault"].to_numpy())), 0.0)
    return out


def _growth(n: int, peak: float) -> None:
    """Record the local engine's peak RSS for ``n`` parcels (benchmarks/.data/local-peaks.json)
    and print its ratio to every other size recorded: memory should not grow with N."""
    book = DATA / "local-peaks.json"
    peaks = json.loads(book.read_text()) if book.exists() else {}
    peaks[str(n)] = peak
    book.write_text(json.dumps(peaks, indent=1, sort_keys=True))
    for other, was in sorted(peaks.items(), key=lambda kv: int(kv[0])):
        if int(other) != n:
            grew = (peak - was) / (n - int(other))
            print(f"local peak RSS at {n:,} parcels / at {int(other):,}: {peak / was:.2f}× "
                  f"({grew:+.0f} bytes per added parcel; recorded {book})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="Dask LocalCluster workers")
    parser.add_argument(
        "--engines",
        default="local,dask,reference",
        help="comma-separated subset of local, dask, reference",
    )
    parser.add_argument(
        "--input", choices=("parquet", "geojson"), default="parquet", help="which copy to read"
    )
    parser.add_argument("--chunk-size", type=int, default=None, help="bidtool --chunk-size")
    parser.add_argument(
        "--no-geojson", action="store_true", help="do not write the (large) GeoJSON copy"
    )
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]

    t0 = time.perf_counter()
    root = make_data(args.parcels, geojson=not args.no_geojson or args.input == "geojson")
    print(f"data: {root} ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    source = root / ("parcels.parquet" if args.input == "parquet" else "parcels.geojson")
    out = root / "out"
    out.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    bidtool = [sys.executable, "-m", "bidtool", "screen", str(source), "-c", str(root / "criteria.yaml")]
    chunk = ["--chunk-size", str(args.chunk_size)] if args.chunk_size else []
    commands = {
        "local": [*bidtool, "--engine", "local", *chunk, "-f", "csv", "-o", str(out / "local.csv")],
        "dask": [
            *bidtool, "--engine", "dask", "--workers", str(args.workers), *chunk,
            "-f", "csv", "-o", str(out / "dask.csv"),
        ],
        "reference": [
            sys.executable, str(Path(__file__).resolve()), "--_reference",
            str(root), str(source), str(out / "reference.csv"),
        ],
    }  # fmt: skip
    results: dict[str, Measured] = {}
    for name in engines:
        target = out / ("reference.csv" if name == "reference" else f"{name}.csv")
        target.unlink(missing_ok=True)
        print(f"running {name}: {' '.join(commands[name])}", file=sys.stderr)
        results[name] = run_measured(commands[name], env)

    cores = os.cpu_count() or 1
    print(f"\n{args.parcels:,} parcels ({args.input}), 900 substations, 4,000 lines, "
          f"3,000 rivers, 400 faults, 4,000 flood polygons; {cores} cores")  # fmt: skip
    ref = results.get("reference")
    ok_ref = ref is not None and ref.code == 0
    print(f"{'run':<22}{'wall s':>8}{'peak RSS MB':>12}{'parcels/s':>10}{'× ref time':>11}"
          f"{'× ref RSS':>10}{'CPU s':>8}{'parcels/CPU s':>14}  exit")  # fmt: skip
    for name, m in results.items():
        label = {"dask": f"dask ({args.workers} workers)", "reference": "geopandas reference"}
        ratio_t = f"{m.wall / ref.wall:.2f}" if ref and ok_ref else "-"
        ratio_m = f"{m.peak / ref.peak:.2f}" if ref and ok_ref else "-"
        print(f"{label.get(name, 'bidtool local'):<22}{m.wall:8.1f}{m.peak / 2**20:12.0f}"
              f"{args.parcels / m.wall:10,.0f}{ratio_t:>11}{ratio_m:>10}{m.cpu:8.1f}"
              f"{args.parcels / m.cpu:14,.0f}  {m.code}")  # fmt: skip
    if "dask" in results:
        m = results["dask"]
        print(f"dask: client process {m.root_cpu:.1f} CPU s, peak {m.root_peak / 2**20:.0f} MB; "
              f"largest worker/nanny peak {m.child_peak / 2**20:.0f} MB; "
              f"workers and nannies {m.cpu - m.root_cpu:.1f} CPU s")
    if "local" in results and results["local"].code == 0:
        _growth(args.parcels, results["local"].peak)
    if "local" in results and "dask" in results:
        a, b = _sha(out / "local.csv"), _sha(out / "dask.csv")
        same = "identical" if a == b and a != "-" else "DIFFERENT"
        print(f"local vs dask CSV: {same} (sha256 {a} / {b})")
    if ok_ref:
        for name in ("local", "dask"):
            csv_path = out / f"{name}.csv"
            if name in results and results[name].code == 0 and csv_path.exists():
                print(f"agreement of {name} with the reference (max abs / relative difference):")
                for metric, (d, rel) in agreement(csv_path, out / "reference.csv").items():
                    if metric.startswith("near_fault"):
                        print(f"  {metric:<24} {int(d)} parcels differ")
                    else:
                        print(f"  {metric:<24} {d:.3g} / {rel:.2g}")
                break


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--_reference":
        reference(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
