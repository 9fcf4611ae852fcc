"""Hazard layers: a layer's mapped extent, and one event counted once (issue 12 §4).

On 791400d a layer could not say where it is complete: a site with no mapped fault
nearby got the full "far from any fault" score, and the bundled earthquake layer
counted the 2017 Pohang earthquake twice (its epicentre and the EGS plant).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pyproj import Geod

from bidtool.errors import InputError
from bidtool.prepare import load_inputs
from bidtool.ranking import rank
from tests.spatial.helpers import collection, point, polygon, project, write_json

GEOD = Geod(ellps="WGS84")
REPO = Path(__file__).resolve().parents[2]
FAULT = {"type": "Feature", "properties": {"name": "F"}, "geometry": {
    "type": "LineString", "coordinates": [[129.0, 35.0], [129.0, 36.0]]}}  # fmt: skip
FAULT_KM = {
    "id": "fault_km",
    "unit": "km",
    "direction": "benefit",
    "spatial": {"distance_to": ["faults"]},
    "value_function": {"type": "linear", "worst": 0, "best": 50},
}


def _faults(root: Path, extent: Any) -> dict[str, Any]:
    write_json(root / "geo" / "faults.geojson", collection(FAULT))
    return {"faults": {"path": "../geo/faults.geojson", "extent": extent}}


def _metrics(crit: Path, root: Path) -> dict[str, Any]:
    inputs = load_inputs(str(crit), str(root / "regions"))
    return {r.id: r.metrics["fault_km"] for r in inputs.regions}


def test_a_site_outside_a_layers_extent_is_unknown_not_safe(tmp_path: Path) -> None:
    crit = project(
        tmp_path,
        [FAULT_KM],
        _faults(tmp_path, [128.5, 34.5, 129.5, 36.5]),
        {"inside": {"location": [129.1, 35.5]}, "outside": {"location": [126.9, 35.2]}},
    )
    m = _metrics(crit, tmp_path)
    assert m["inside"].value == pytest.approx(GEOD.inv(129.1, 35.5, 129.0, 35.5)[2] / 1000, 1e-3)
    assert m["outside"].value is None  # 190 km from the only mapped fault: not "safe"
    assert m["outside"].status is None
    assert "outside the mapped extent of layer faults" in m["outside"].note
    # scored by the file's missing policy (worst), never as the best distance
    ranking = rank(load_inputs(str(crit), str(tmp_path / "regions")))
    outside = next(r for r in ranking.rows if r.id == "outside")
    assert outside.utilities["fault_km"] == 0.0
    assert "fault_km" in outside.imputed


def test_an_extent_edge_nearer_than_the_nearest_mapped_feature_is_unknown(
    tmp_path: Path,
) -> None:
    # inside the box, but its western edge (≈9 km) is nearer than the fault (≈27 km):
    # an unmapped fault could lie just past the edge
    crit = project(
        tmp_path,
        [FAULT_KM],
        _faults(tmp_path, [128.6, 34.5, 129.5, 36.5]),
        {"edge": {"location": [128.7, 35.5]}, "deep": {"location": [129.2, 35.5]}},
    )
    m = _metrics(crit, tmp_path)
    assert m["edge"].value is None
    assert "mapped extent of layer faults ends" in m["edge"].note
    assert m["deep"].value == pytest.approx(18.2, abs=0.1)


def test_an_extent_polygon_file_and_count_and_setback_radius(tmp_path: Path) -> None:
    write_json(
        tmp_path / "geo" / "mapped.geojson",
        collection(polygon([[128, 35], [130, 35], [130, 36], [128, 36], [128, 35]])),
    )
    write_json(tmp_path / "geo" / "quakes.geojson", collection(point(129.0, 35.5, name="q")))
    crit = project(
        tmp_path,
        [
            {
                "id": "n30",
                "unit": "km",
                "direction": "cost",
                "spatial": {"count_within": {"layer": "quakes", "radius": 30}},
            }
        ],
        {"quakes": {"path": "../geo/quakes.geojson", "extent": "../geo/mapped.geojson"}},
        # 'near' is 10 km from the quake; 'rim' is 10 km inside the polygon's south edge
        {
            "near": {"location": [129.1, 35.5]},
            "rim": {"location": [128.5, 35.09]},
            "out": {"location": [127.0, 35.5]},
        },
        constraints=[
            {
                "metric": "setback",
                "spatial": {"within_distance": {"layer": "quakes", "distance": 20}},
                "unit": "km",
                "op": "==",
                "value": False,
            }
        ],
    )
    regions = {r.id: r.metrics for r in load_inputs(str(crit), str(tmp_path / "regions")).regions}
    assert regions["near"]["n30"].value == 1
    assert regions["near"]["setback"].value is True  # found inside: known whatever lies outside
    assert regions["rim"]["n30"].value is None  # the 30 km disc leaves the mapped area
    assert regions["rim"]["setback"].value is None
    assert regions["out"]["n30"].value is None
    assert "outside the mapped extent of layer quakes" in regions["out"]["n30"].note


def test_a_bad_extent_is_refused_with_its_key_path(tmp_path: Path) -> None:
    crit = project(tmp_path, [FAULT_KM], _faults(tmp_path, [130, 34, 129, 36]), {"a": None})
    with pytest.raises(InputError) as exc:
        load_inputs(str(crit), str(tmp_path / "regions"))
    assert "layers.faults" in str(exc.value) and "min < max" in str(exc.value)
    crit = project(tmp_path, [FAULT_KM], _faults(tmp_path, "../geo/none.geojson"), {"a": None})
    with pytest.raises(InputError) as exc:
        load_inputs(str(crit), str(tmp_path / "regions"))
    assert "extent file not found" in str(exc.value)


def _event(lon: float, lat: float, date: str, time: str, name: str) -> dict[str, Any]:
    return point(lon, lat, name=name, date=date, time=time)


def test_a_duplicate_event_is_counted_once_with_a_warning(tmp_path: Path) -> None:
    events = collection(
        _event(129.36, 36.12, "2017-11-15", "14:29", "Pohang"),
        _event(129.361, 36.121, "2017-11-15", "14:29", "Pohang again"),  # same event
        _event(129.19, 35.76, "2016-09-12", "19:44:32", "Gyeongju foreshock"),  # distinct
        _event(129.18, 35.77, "2016-09-12", "20:32:54", "Gyeongju"),
    )
    leaf = {
        "id": "n",
        "unit": "km",
        "direction": "cost",
        "spatial": {"count_within": {"layer": "quakes", "radius": 30}},
    }
    crit = project(tmp_path, [leaf], {"quakes": events}, {"pohang": {"location": [129.4, 35.96]}})
    inputs = load_inputs(str(crit), str(tmp_path / "regions"))
    assert inputs.regions[0].metrics["n"].value == 3  # not 4
    assert any("1 duplicate event" in w and "counted once" in w for w in inputs.warnings)
    with pytest.raises(InputError, match="duplicate event"):
        load_inputs(str(crit), str(tmp_path / "regions"), strict=True)


def test_the_bundled_quake_layer_counts_the_pohang_earthquake_once() -> None:
    events = json.loads((REPO / "regions/geo/seismic_events.geojson").read_text("utf-8"))
    props = [f["properties"] for f in events["features"]]
    keys = [(p["date"], p["time"]) for p in props]
    assert len(keys) == len(set(keys))  # one feature per event
    assert all(p["magnitude"] >= 5.0 and p["source"]["url"].startswith("http") for p in props)
    pohang = [f for f in events["features"] if f["properties"]["date"] == "2017-11-15"]
    assert len(pohang) == 1 and "EGS" not in json.dumps(events["features"])
    crit = yaml.safe_load((REPO / "criteria/geo.yaml").read_text("utf-8"))
    assert crit["layers"]["induced"]["path"].endswith("induced_seismicity.geojson")

    inputs = load_inputs(str(REPO / "criteria/geo.yaml"), str(REPO / "regions"))
    by_id = {r.id: r.metrics for r in inputs.regions}
    # Pohang's site: the 2017 Pohang and 2016 Gyeongju mainshocks lie within 30 km;
    # the EGS plant beside the 2017 epicentre is no longer a second "earthquake"
    assert by_id["pohang"]["quakes_within_km"].value == 2
    # the fault layer is mapped only in the south-east: elsewhere unknown, not safe
    assert by_id["jeonnam"]["fault_distance_km"].value is None
    assert by_id["gwangju"]["fault_distance_km"].value is None
    assert by_id["ulsan"]["fault_distance_km"].value == pytest.approx(7.02, abs=0.01)
    assert by_id["pohang"]["fault_distance_km"].value == pytest.approx(14.35, abs=0.01)
    # Busan's site (moved west to [128.87, 35.16]) lies 10.9 km inside the extent's edge,
    # nearer than the nearest mapped fault (13.7 km): an unmapped fault could be nearer
    busan = by_id["busan"]["fault_distance_km"]
    assert busan.value is None
    assert "ends 10.9 km from the site, nearer than the nearest mapped feature" in (
        busan.note or ""
    )
