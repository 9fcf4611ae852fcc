"""``-f geojson``: ranked regions or their sites as a FeatureCollection for QGIS.

RFC 7946: WGS84 lon/lat, coordinates rounded to 1e-7° (about 1 cm); a region
without a site is a feature with ``"geometry": null``.  Properties are flat
scalars (rank, score, group scores) so QGIS can style by them directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bidtool import __version__
from bidtool.model import Region
from bidtool.ranking import Ranking
from bidtool.render.json import criteria_document


def geometry_texts(geoms: Any, precision: int = 7) -> list[str]:
    """GeoJSON geometry text per geometry, lon/lat rounded to 10^-precision° (1e-7: ~1 cm)."""
    import shapely

    rounded = shapely.set_precision(geoms, 10.0**-precision, mode="pointwise")
    return [str(s) for s in shapely.to_geojson(rounded)]


def _geometry(geom: Any) -> Any:
    return None if geom is None else json.loads(geometry_texts([geom])[0])


def _collection(meta: dict[str, Any], features: list[dict[str, Any]]) -> str:
    doc = {"type": "FeatureCollection", "bidtool": meta, "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def render_ranking(ranking: Ranking, sites: Iterable[Any]) -> str:
    where = {r.id: g for r, g in zip(ranking.regions, sites)}
    features = []
    for row in ranking.rows:
        props: dict[str, Any] = {
            "rank": row.rank,
            "id": row.id,
            "name": row.name,
            "name_ko": row.name_ko,
            "score": row.score,
            "eligible": row.eligible,
            "failed_constraints": "; ".join(row.failed_constraints),
        }
        props.update({f"group_{k}": v for k, v in row.group_scores.items()})
        features.append(
            {"type": "Feature", "properties": props, "geometry": _geometry(where[row.id])}
        )
    crit = ranking.criteria
    meta = {
        "schema": "bidtool.ranking-geojson/1",
        "bidtool_version": __version__,
        "method": ranking.method,
        "criteria": criteria_document(crit),
        "caveat": crit.caveat,
        "scenarios": [s.name for s in ranking.scenarios],
    }
    return _collection(meta, features)


def render_sites(regions: Iterable[Region], sites: Iterable[Any]) -> str:
    features = [
        {
            "type": "Feature",
            "properties": {
                "id": r.id,
                "name": r.name,
                "name_ko": r.name_ko,
                "site": r.site.name if r.site else None,
                "status": r.site.status if r.site else None,
                "note": r.site.note if r.site else None,
                "file": r.path,
            },
            "geometry": _geometry(g),
        }
        for r, g in zip(regions, sites)
    ]
    return _collection({"schema": "bidtool.sites/1", "bidtool_version": __version__}, features)
