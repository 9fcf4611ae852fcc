"""The ``package`` block of ``bidtool.gap/1`` (``gap --costs -f json``) and the
``gap --costs -f csv`` table: ``Package.to_frame()``."""

from __future__ import annotations

from typing import Any

from bidtool.sensitivity.package import Package


def package_document(p: Package) -> dict[str, Any]:
    """The cheapest package of commitments, as the ``package`` key of ``bidtool.gap/1``."""
    c = p.costs
    return {
        "costs": {
            "path": c.path,
            "sha256": c.sha256,
            "label": c.label,
            "currency": c.currency,
            "source": c.source,
        },
        "target_rank": p.target_rank,
        "reachable": p.reachable,
        "total_cost": p.total_cost,
        "currency": c.currency,
        "rank_before": p.current_rank,
        "score_before": p.current_score,
        "rank_after": p.rank,
        "score_after": p.score,
        "overtakes": list(p.overtakes),
        "ties": list(p.ties),
        "commitments": [
            {
                "metric": m.metric,
                "criteria": list(m.criteria),
                "unit": m.unit,
                "current": m.current,
                "from": m.start,
                "to": m.to,
                "per_unit": m.per_unit,
                "cost": m.cost,
                "bound": m.bound,
            }
            for m in p.commitments
        ],
        "best_rank": p.best_rank,
        "reasons": [n.text() for n in p.reasons],
        "notes": [n.text() for n in p.notes],
        "scenario": p.scenario if p.reachable and p.commitments else None,
    }


TABLE_HEADER = [
    "region",
    "target_rank",
    "reachable",
    "metric",
    "scored_by",
    "unit",
    "current",
    "from",
    "to",
    "per_unit",
    "cost",
    "currency",
    "total_cost",
    "rank_before",
    "rank_after",
    "score_after",
    "overtakes",
    "ties",
    "reason",
]


def table(p: Package) -> tuple[list[str], list[list[Any]]]:
    """The ``-f csv`` header and rows: one row per commitment (one row with blank figure
    columns when none is needed or none reaches the rank, ``reason`` saying why)."""
    common = [p.region, p.target_rank, p.reachable]
    tail = [
        p.costs.currency,
        p.total_cost,
        p.current_rank,
        p.rank,
        p.score,
        " ".join(p.overtakes),
        " ".join(p.ties),
    ]
    rows = [
        [
            *common, m.metric, " ".join(m.criteria), m.unit, m.current, m.start, m.to,
            m.per_unit, m.cost, *tail, None,
        ]
        for m in p.commitments
    ]
    if not rows:
        reason = " ".join(n.text() for n in p.reasons) or None
        rows = [[*common, None, None, None, None, None, None, None, None, *tail, reason]]
    return TABLE_HEADER, rows
