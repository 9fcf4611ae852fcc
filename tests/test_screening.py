"""``bidtool screen``: many candidates, one pipeline, files a GIS opens."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from bidtool.errors import InputError
from bidtool.model import Inputs, Metric, Region, Site
from bidtool.prepare import load_criteria, load_inputs
from bidtool.ranking import rank
from bidtool.screening import competition_ranks, load_candidates, screen
from tests.conftest import REPO, Run
from tests.spatial.helpers import collection, point, write_json

SITES = REPO / "regions" / "geo" / "sites.geojson"


def test_screen_equals_rank_on_the_same_sites(data_dir: Path) -> None:
    """Screening the five bundled sites gives what rank gives for the regions'
    spatial criteria, when the candidates carry the regions' other figures."""
    inputs = load_inputs("geo")
    features = json.loads(SITES.read_text(encoding="utf-8"))
    by_id = {r.id: r for r in inputs.regions}
    spatial = inputs.criteria.spatial_metrics
    for f in features["features"]:
        region = by_id[f["properties"]["id"]]
        for name, m in region.metrics.items():
            if name not in spatial:
                f["properties"][name] = m.value
    path = write_json(data_dir / "cands.geojson", features)
    result = screen(load_criteria("geo"), load_candidates(path, "cands.geojson"))
    ranking = rank(inputs)
    got = {result.ids[i]: (int(result.ranks[i]), float(result.scores[i])) for i in result.order}
    want = {row.id: (row.rank, row.score) for row in ranking.rows}
    assert got.keys() == want.keys()
    for rid, (r, s) in want.items():
        assert got[rid][0] == r
        assert got[rid][1] == pytest.approx(s, abs=1e-12)


@pytest.mark.parametrize("method", ["wsm", "topsis", "vikor", "promethee2", "wpm"])
def test_screen_matches_rank_for_every_method(data_dir: Path, method: str) -> None:
    """Candidates built from plain metrics (no geometry work) rank as regions do."""
    rng = np.random.default_rng(7)
    crit = load_criteria("default")
    inputs = load_inputs("default")
    feats = []
    regions = []
    for k in range(30):
        props: dict[str, object] = {"id": f"c{k:02d}"}
        metrics = {}
        template = inputs.regions[k % len(inputs.regions)]
        for name, m in template.metrics.items():
            v = m.value
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                v = float(v) * float(rng.uniform(0.5, 1.5))
            props[name] = v
            metrics[name] = Metric(v)
        feats.append(point(127.0 + k * 0.01, 35.0, **props))
        regions.append(Region(f"c{k:02d}", f"c{k:02d}", None, None, Site(), metrics, "x", ""))
    path = write_json(data_dir / "c.geojson", collection(*feats))
    got = screen(crit, load_candidates(path, "c.geojson"), method=method)
    want = rank(Inputs(crit, tuple(regions)), method)
    assert [got.ids[i] for i in got.order] == [r.id for r in want.rows]
    for i in got.order:
        row = want.row(got.ids[i])
        assert (int(got.ranks[i]) or None) == row.rank
        if row.score is not None:
            assert float(got.scores[i]) == pytest.approx(row.score, abs=1e-12)


def test_competition_ranks_ties_and_ids() -> None:
    order, ranks = competition_ranks(np.array([0.5, 0.9, 0.5, 0.1]), ["d", "a", "b", "c"], True)
    assert list(ranks) == [2, 1, 2, 4]
    assert list(order) == [1, 2, 0, 3]  # the tie is ordered by id: b before d


def test_screen_cli_writes_csv_geojson_json(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("screen", str(SITES), "-c", "geo", "-o", "short.csv")
    assert run.exit_code == 0, run.stderr
    raw = (data_dir / "short.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["rank"] == "1"
    assert "cable_landing_distance_km (km)" in rows[0]
    assert {r["id"] for r in rows} == {"gwangju", "jeonnam", "busan", "ulsan", "pohang"}
    busan = next(r for r in rows if r["id"] == "busan")
    # busan's site [128.87, 35.16] (Eco Delta City) to the nearest landing
    assert float(busan["cable_landing_distance_km (km)"]) == pytest.approx(30.14, abs=0.01)

    run = cli("screen", str(SITES), "-c", "geo", "-o", "short.geojson")
    assert run.exit_code == 0, run.stderr
    doc = json.loads((data_dir / "short.geojson").read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert doc["bidtool"]["schema"] == "bidtool.screen/1"
    first = doc["features"][0]
    assert first["properties"]["rank"] == 1
    assert first["geometry"]["type"] == "Point"
    lon, lat = first["geometry"]["coordinates"]
    assert 124 < lon < 132 and 33 < lat < 39  # WGS84 lon/lat, not metres

    run = cli("screen", str(SITES), "-c", "geo", "-f", "json")
    doc = json.loads(run.stdout)
    assert doc["total"] == 5 and doc["ranking"][0]["values"]["quakes_within_km"] in (0, 1, 2)

    again = cli("screen", str(SITES), "-c", "geo", "-f", "json")
    assert again.stdout == run.stdout  # same inputs, same bytes


def test_screen_csv_candidates_with_lon_lat(data_dir: Path, cli: Callable[..., Run]) -> None:
    (data_dir / "c.csv").write_text(
        "pnu,lon,lat,outside_capital_region,power_available_mw\n"
        "p1,129.21,35.18,true,50\n"
        "p2,126.5,34.7,true,200\n"
        "=cmd,128.0,36.0,true,10\n",
        encoding="utf-8",
    )
    run = cli("screen", "c.csv", "-c", "geo", "--id-field", "pnu", "-f", "csv")
    assert run.exit_code == 0, run.stderr
    assert "'=cmd" in run.stdout  # formula injection neutralised
    # p2 has more power, but lies outside the fault layer's mapped extent: its fault
    # distance is unknown (scored worst under missing: worst), not "far from any fault"
    assert "p1" in run.stdout.splitlines()[1]


def test_screen_errors(data_dir: Path, cli: Callable[..., Run]) -> None:
    write_json(data_dir / "noid.geojson", collection(point(127, 35), point(127.1, 35, id="b")))
    run = cli("screen", "noid.geojson", "-c", "geo")
    assert run.exit_code == 3
    assert "features[0]: no 'id' property" in run.stderr
    write_json(
        data_dir / "dup.geojson", collection(point(127, 35, id="a"), point(127.1, 35, id="a"))
    )
    run = cli("screen", "dup.geojson", "-c", "geo")
    assert run.exit_code == 3 and "duplicate candidate id 'a'" in run.stderr
    write_json(
        data_dir / "bad.geojson", collection(point(127, 35, id="a", power_available_mw="lots"))
    )
    run = cli("screen", "bad.geojson", "-c", "geo")
    assert run.exit_code == 3
    assert "features[0].power_available_mw: expected a number" in run.stderr
    run = cli("screen", "missing.geojson", "-c", "geo")
    assert run.exit_code == 3 and "candidates file not found" in run.stderr
    run = cli("screen", str(SITES), "-c", "geo", "-f", "md")
    assert run.exit_code == 2


def test_rank_geojson_has_sites_and_scores(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("rank", "-f", "geojson")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert [f["properties"]["rank"] for f in doc["features"]] == [1, 2, 3, 4, 5]
    gwangju = next(f for f in doc["features"] if f["properties"]["id"] == "gwangju")
    assert gwangju["geometry"] == {"type": "Point", "coordinates": [126.85, 35.23]}
    assert gwangju["properties"]["name_ko"] == "광주광역시"


def test_regions_geojson_and_computed_metrics(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("regions", "-f", "geojson")
    assert run.exit_code == 0, run.stderr
    assert len(json.loads(run.stdout)["features"]) == 5
    run = cli("regions", "busan", "-c", "geo", "-f", "csv")
    assert run.exit_code == 0, run.stderr
    line = next(x for x in run.stdout.splitlines() if x.startswith("cable_landing_distance_km"))
    assert "computed from regions/geo/cable_landings.geojson" in line
    assert "nearest: Busan" in line
    assert ",estimate," in line


def test_validate_geometry_checks_layers(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("validate", "-c", "geo", "--geometry", "--strict")
    # until the bundled figures carry sources (issue 12 §3), only those problems are allowed
    problems = [ln for ln in run.stderr.splitlines() if ln.startswith("regions/")]
    assert all("provenance missing" in ln or "null figure" in ln for ln in problems), run.stderr
    assert run.exit_code == (3 if problems else 0), run.stderr
    (data_dir / "regions" / "geo" / "faults.geojson").write_text('{"type": "Topology"}')
    assert cli("validate", "-c", "geo").exit_code == 0  # geometry is not read by default
    run = cli("validate", "-c", "geo", "--geometry")
    assert run.exit_code == 3
    assert "regions/geo/faults.geojson: expected a GeoJSON FeatureCollection" in run.stderr


def test_bundled_geo_layers_mark_approximate_coordinates() -> None:
    for path in (REPO / "regions" / "geo").glob("*.geojson"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc.get("description"), path
        for f in doc["features"]:
            p = f["properties"]
            assert p.get("source"), (path.name, p)
            assert p.get("status") in ("confirmed", "estimate"), (path.name, p)


def test_rank_json_carries_provenance_of_computed_metrics(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    doc = json.loads(cli("rank", "-c", "geo", "-f", "json").stdout)
    busan = next(r for r in doc["ranking"] if r["id"] == "busan")
    cable = busan["computed"]["cable_landing_distance_km"]
    assert cable["value"] == busan["values"]["cable_landing_distance_km"]
    assert cable["source"] == "computed from regions/geo/cable_landings.geojson"
    assert cable["status"] == "estimate" and "nearest: Busan" in cable["note"]
    assert json.loads(cli("rank", "-f", "json").stdout)["ranking"][0]["computed"] == {}


# ---------------------------------------------------- bad candidates (issue 11)


def _feature_json(props: str, coords: str) -> str:
    return (
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        f'"properties": {{{props}}}, "geometry": {{"type": "Point", "coordinates": {coords}}}}}]}}'
    )


def test_screen_null_geometry_is_refused_not_dropped(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    """791400d: a feature with "geometry": null vanished from the output, exit 0."""
    doc = collection(point(127, 35, id="a"), point(127.1, 35, id="b"))
    doc["features"][1]["geometry"] = None
    write_json(data_dir / "null.geojson", doc)
    run = cli("screen", "null.geojson", "-c", "geo", "-f", "json")
    assert run.exit_code == 3
    assert "null.geojson: features[1].geometry: geometry is null" in run.stderr
    assert "--skip-unlocated" in run.stderr

    run = cli("screen", "null.geojson", "-c", "geo", "-f", "json", "--skip-unlocated")
    assert run.exit_code in (0, 4), run.stderr
    out = json.loads(run.stdout)
    assert out["skipped_unlocated"] == 1 and out["total"] == 1
    assert any("left out 1 candidate" in w for w in out["warnings"])
    assert "left out 1 candidate(s) without geometry" in run.stderr


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1" + "0" * 399])
def test_screen_non_finite_or_huge_property_is_exit_3(
    data_dir: Path, cli: Callable[..., Run], literal: str
) -> None:
    """791400d: NaN/Infinity properties gave a blank score, a 400-digit integer exit 1."""
    text = _feature_json(f'"id": "a", "power_available_mw": {literal}', "[127, 35]")
    (data_dir / "c.geojson").write_text(text, encoding="utf-8")
    run = cli("screen", "c.geojson", "-c", "geo", "-f", "csv")
    assert run.exit_code == 3, run.stderr
    assert "c.geojson: features[0].properties.power_available_mw: expected a" in run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize(
    ("coords", "message"),
    [
        ("[true, 35.5]", "non-numeric coordinate true"),
        ("[127, false]", "non-numeric coordinate false"),
        ("[" + "9" * 400 + ", 35]", "beyond float64 range"),
        ("[NaN, 35]", "two finite numbers, found [NaN, 35]"),
    ],
)
def test_screen_non_numeric_coordinate_is_exit_3(
    data_dir: Path, cli: Callable[..., Run], coords: str, message: str
) -> None:
    """791400d: [true, 35.5] was read as longitude 1.0; a 400-digit one gave exit 1."""
    (data_dir / "c.geojson").write_text(_feature_json('"id": "a"', coords), encoding="utf-8")
    run = cli("screen", "c.geojson", "-c", "geo", "-f", "csv")
    assert run.exit_code == 3, run.stderr
    assert "c.geojson: features[0].geometry:" in run.stderr and message in run.stderr


def test_screen_bool_coordinate_in_a_polygon_names_its_feature(data_dir: Path) -> None:
    ring = [[127, 35], [127.1, 35], [127.1, 35.1], [127, 35]]
    bad = [[127, 35], [127.1, 35], [True, 35.1], [127, 35]]
    path = write_json(
        data_dir / "p.geojson",
        collection(
            {
                "type": "Feature",
                "properties": {"id": "a"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            },
            {
                "type": "Feature",
                "properties": {"id": "b"},
                "geometry": {"type": "Polygon", "coordinates": [bad]},
            },
        ),
    )
    with pytest.raises(InputError) as info:
        load_candidates(path, "p.geojson")
    assert [p.path for p in info.value.problems] == ["features[1].geometry"]


def test_screen_empty_feature_collection_is_exit_3(data_dir: Path, cli: Callable[..., Run]) -> None:
    """791400d: an empty FeatureCollection was an internal error (exit 1)."""
    write_json(data_dir / "none.geojson", collection())
    run = cli("screen", "none.geojson", "-c", "geo")
    assert run.exit_code == 3 and "no candidates" in run.stderr
    (data_dir / "none.csv").write_text("id,lon,lat\n", encoding="utf-8")
    run = cli("screen", "none.csv", "-c", "geo")
    assert run.exit_code == 3 and "no candidates" in run.stderr


def test_screen_nan_wkt_is_exit_3(data_dir: Path, cli: Callable[..., Run]) -> None:
    """791400d: POINT (nan 35.5) in a CSV's WKT column was an internal error (exit 1)."""
    (data_dir / "c.csv").write_text("id,wkt\na,POINT (127 35)\nb,POINT (nan 35.5)\n")
    run = cli("screen", "c.csv", "-c", "geo")
    assert run.exit_code == 3, run.stderr
    assert "line 3" in run.stderr and "NaN or infinite" in run.stderr


def test_screen_huge_csv_cell_is_exit_3_with_its_line(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    """791400d: a 200,000-character cell hit the csv field limit: internal error (exit 1)."""
    (data_dir / "c.csv").write_text(
        "id,lon,lat,note\na,127,35,ok\nb,127.1,35," + "x" * 200_000 + "\n", encoding="utf-8"
    )
    run = cli("screen", "c.csv", "-c", "geo")
    assert run.exit_code == 3, run.stderr
    assert "c.csv:3: a cell longer than" in run.stderr


def test_screen_huge_integer_in_csv_is_exit_3(data_dir: Path, cli: Callable[..., Run]) -> None:
    (data_dir / "c.csv").write_text(
        "id,lon,lat,power_available_mw\na,127,35," + "9" * 400 + "\n", encoding="utf-8"
    )
    run = cli("screen", "c.csv", "-c", "geo")
    assert run.exit_code == 3, run.stderr
    assert "c.csv:2: power_available_mw: expected a number within float64 range" in run.stderr
