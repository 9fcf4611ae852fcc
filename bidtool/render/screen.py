"""Renderers for ``bidtool screen``: CSV, JSON, GeoJSON and a Rich top-N table.

Rows come best first (eligible by rank, then ineligible), one per candidate;
each leaf criterion's value is a column named by its metric and unit.
"""

from __future__ import annotations

import json
from typing import Any

from bidtool import __version__
from bidtool.render.csv import write_rows
from bidtool.render.json import dumps
from bidtool.screening import Screened, geometry_json


def _score(s: Screened, i: int) -> float | None:
    v = float(s.scores[i])
    return None if v != v else round(v, 12)


def _rank(s: Screened, i: int) -> int | None:
    return int(s.ranks[i]) if s.eligible[i] else None


def _header_of(s: Screened) -> list[str]:
    return [
        f"{leaf.metric} ({leaf.criterion.value_unit})" if leaf.criterion.value_unit else leaf.metric
        for leaf in s.leaves
    ]


def render_csv(s: Screened) -> str:
    header = ["rank", "id", "name", "score", "eligible", "failed_constraints", *_header_of(s)]
    metrics = [leaf.metric for leaf in s.leaves]
    rows = (
        [
            _rank(s, i),
            s.ids[i],
            s.names[i],
            _score(s, i),
            bool(s.eligible[i]),
            "; ".join(s.failed[i]),
            *[s.raw[m][i] for m in metrics],
        ]
        for i in s.order
    )
    return write_rows(header, rows)


def _properties(s: Screened, i: int) -> dict[str, Any]:
    return {
        "rank": _rank(s, i),
        "id": s.ids[i],
        "name": s.names[i],
        "score": _score(s, i),
        "eligible": bool(s.eligible[i]),
        "failed_constraints": s.failed[i],
        "values": {leaf.metric: s.raw[leaf.metric][i] for leaf in s.leaves},
    }


def _meta(s: Screened) -> dict[str, Any]:
    crit = s.criteria
    return {
        "schema": "bidtool.screen/1",
        "bidtool_version": __version__,
        "method": s.method,
        "higher_is_better": s.higher_is_better,
        "criteria": {"path": crit.path, "sha256": crit.sha256, "name": crit.name},
        "candidates": s.source,
        "work_crs": crit.work_crs,
        "weights": {leaf.id: leaf.weight for leaf in s.leaves},
        "units": {leaf.metric: leaf.criterion.value_unit for leaf in s.leaves},
        "eligible": int(s.eligible.sum()),
        "total": len(s.ids),
        "warnings": list(s.warnings),
    }


def render_json(s: Screened) -> str:
    doc = _meta(s)
    doc["ranking"] = [_properties(s, i) for i in s.order]
    return dumps(doc)


def render_geojson(s: Screened) -> str:
    """A FeatureCollection for QGIS: WGS84 lon/lat (RFC 7946), best first."""
    geometry = geometry_json(s.geoms)
    meta = json.dumps(_meta(s), ensure_ascii=False, allow_nan=False)
    features = ",\n".join(
        '{"type":"Feature","properties":'
        + json.dumps(_properties(s, int(i)), ensure_ascii=False, allow_nan=False)
        + ',"geometry":'
        + geometry[int(i)]
        + "}"
        for i in s.order
    )
    return f'{{"type":"FeatureCollection","bidtool":{meta},"features":[\n{features}\n]}}\n'


def _short(value: Any) -> str:
    from bidtool.render.cells import raw_value

    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.3g}"
    return raw_value(value)


def render_table(s: Screened, top: int, width: int = 100) -> Any:
    """The best ``top`` candidates; measured (spatial) criteria shown first."""
    from rich.table import Table

    eligible = int(s.eligible.sum())
    fits = max(1, (width - 56) // 10)
    shown = sorted(s.leaves, key=lambda leaf: leaf.criterion.spatial is None)[:fits]
    table = Table(
        title=f"{s.criteria.name} — {len(s.ids):,} candidates screened ({s.method}), "
        f"{eligible:,} eligible",
        caption=f"Top {min(top, len(s.ids))} shown; -o FILE.csv / .geojson / .json writes all, "
        "with every criterion",
        header_style="bold",
    )
    table.add_column("#", justify="right", min_width=2, no_wrap=True)
    table.add_column("Candidate", no_wrap=True, max_width=22, overflow="ellipsis")
    table.add_column("Score", justify="right", min_width=5, no_wrap=True)
    table.add_column("Eligible", no_wrap=True, max_width=14, overflow="ellipsis")
    for leaf in shown:
        unit = leaf.criterion.value_unit
        table.add_column(leaf.id + (f" ({unit})" if unit else ""), justify="right", min_width=6)
    for i in s.order[:top]:
        score = _score(s, int(i))
        table.add_row(
            str(_rank(s, int(i)) or "—"),
            s.ids[i] + (f" {s.names[i]}" if s.names[i] else ""),
            f"{score:.3f}" if score is not None else "—",
            "✓" if s.eligible[i] else "✗ " + "; ".join(s.failed[i]),
            *[_short(s.raw[leaf.metric][i]) for leaf in shown],
        )
    return table
