"""Build small spatial projects (criteria + regions + layers) in a temp dir."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml


def point(lon: float, lat: float, **props: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def polygon(ring: list[list[float]], **props: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def write_json(path: Path, obj: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj), encoding="utf-8")
    return path


def project(
    root: Path,
    leaves: list[dict[str, Any]],
    layers: dict[str, Any],
    sites: dict[str, dict[str, Any] | None],
    constraints: list[dict[str, Any]] | None = None,
    missing: str = "worst",
) -> Path:
    """criteria/test.yaml + regions/<id>.yaml; layer values are GeoJSON objects or specs.

    ``layers`` maps a name to a GeoJSON object (written to geo/<name>.geojson)
    or to a ready ``{path: ...}`` spec.  ``sites`` maps a region id to its
    ``site:`` mapping (None: no site).
    """
    specs = {}
    for name, layer in layers.items():
        if "path" in layer:
            specs[name] = layer
        else:
            write_json(root / "geo" / f"{name}.geojson", layer)
            specs[name] = {"path": f"../geo/{name}.geojson"}
    crit = {
        "schema": "bidtool.criteria/1",
        "name": "spatial test",
        "missing": missing,
        "layers": specs,
        "criteria": [{**leaf, "weight": 1} for leaf in leaves],
        "constraints": constraints or [],
    }
    (root / "criteria").mkdir(parents=True, exist_ok=True)
    (root / "regions").mkdir(parents=True, exist_ok=True)
    (root / "criteria" / "test.yaml").write_text(
        yaml.safe_dump(crit, allow_unicode=True), encoding="utf-8"
    )
    for rid, site in sites.items():
        doc: dict[str, Any] = {
            "schema": "bidtool.region/1",
            "name": rid.title(),
            "metrics": {},  # every measure comes from the site geometry
        }
        if site is not None:
            doc["site"] = site
        (root / "regions" / f"{rid}.yaml").write_text(
            yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8"
        )
    return root / "criteria" / "test.yaml"
