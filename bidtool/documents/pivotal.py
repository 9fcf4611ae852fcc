"""The ``bidtool.pivotal/1`` document and the ``pivotal -f csv`` table: ``Pivotal.to_dict()`` /
``Pivotal.to_frame()``."""

from __future__ import annotations

from typing import Any

from bidtool._version import __version__
from bidtool.documents.json import criteria_document, scenarios_document
from bidtool.model import Inputs
from bidtool.sensitivity.pivotal import Pivotal


def document(p: Pivotal, inputs: Inputs) -> dict[str, Any]:
    crit = inputs.criteria
    return {
        "schema": "bidtool.pivotal/1",
        "bidtool_version": __version__,
        "method": p.method,
        "criteria": criteria_document(crit),
        "caveat": crit.caveat,
        "regions_files": [{"path": r.path, "sha256": r.sha256} for r in inputs.regions],
        "scenarios": scenarios_document(inputs.scenarios),
        "tolerance": p.tolerance,
        "leaders": list(p.leaders),
        "claims": [
            {
                "region": c.region,
                "metric": c.metric,
                "criterion": c.criterion,
                "unit": c.unit,
                "status": c.status,
                "current": c.current,
                "range": None if c.range is None else list(c.range),
                "direction": c.direction,
                "threshold": c.threshold,
                "relative_change": c.relative_change,
                "flips": c.flips,
                "rank_now": c.rank_now,
                "rank_after": c.rank_after,
                "leader_after": list(c.leader_after),
                "pivotal": c.pivotal,
                "absolute_change": c.absolute_change,
                "interval_scale": c.interval_scale,
            }
            for c in p.claims
        ],
    }


TABLE_HEADER = [
    "region",
    "metric",
    "criterion",
    "unit",
    "status",
    "current",
    "direction",
    "threshold",
    "relative_change",
    "flips",
    "rank_now",
    "rank_after",
    "leader_after",
    "pivotal",
    "absolute_change",
    "interval_scale",
]


def table(p: Pivotal) -> tuple[list[str], list[list[Any]]]:
    """The ``-f csv`` header and rows (values, not yet cells): also ``Pivotal.to_frame()``."""
    rows = [
        [
            c.region, c.metric, c.criterion, c.unit, c.status, c.current, c.direction,
            c.threshold, c.relative_change, c.flips, c.rank_now, c.rank_after,
            " ".join(c.leader_after), c.pivotal, c.absolute_change, c.interval_scale,
        ]
        for c in p.claims
    ]
    return TABLE_HEADER, rows


