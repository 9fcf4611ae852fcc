"""The ``bidtool.screen/1`` document and the ``screen -f csv`` columns:
``Screened.to_dict()`` / ``Screened.to_frame()``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bidtool._version import __version__
from bidtool.documents.json import criteria_document
from bidtool.screening import Screened

if TYPE_CHECKING:
    from bidtool.screen_spill import Ranked


def _score(s: Screened, i: int) -> float | None:
    v = float(s.scores[i])
    return None if v != v else round(v, 12)


def _rank(s: Screened, i: int) -> int | None:
    return int(s.ranks[i]) if s.eligible[i] else None


def _header_of(s: Screened | Ranked) -> list[str]:
    return [
        f"{leaf.metric} ({leaf.criterion.value_unit})" if leaf.criterion.value_unit else leaf.metric
        for leaf in s.leaves
    ]


def header(s: Screened | Ranked) -> list[str]:
    """The ``-f csv`` header."""
    return ["rank", "id", "name", "score", "eligible", "failed_constraints", *_header_of(s)]


def columns(s: Screened) -> tuple[list[str], list[list[Any]]]:
    """The ``-f csv`` header and columns (values, rows best first): also ``to_frame()``."""
    order = s.order.tolist()
    eligible = s.eligible.tolist()
    ranks = s.ranks.tolist()
    cols: list[list[Any]] = [
        [ranks[i] if eligible[i] else None for i in order],
        [s.ids[i] for i in order],
        [s.names[i] for i in order],
        [None if v != v else v for v in s.scores[order].tolist()],
        [eligible[i] for i in order],
        ["; ".join(s.failed[i]) for i in order],
    ]
    for leaf in s.leaves:
        column = s.raw[leaf.metric]
        cols.append([column[i] for i in order])
    return header(s), cols


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


def _meta(s: Screened | Ranked) -> dict[str, Any]:
    crit = s.criteria
    return {
        "schema": "bidtool.screen/1",
        "bidtool_version": __version__,
        "method": s.method,
        "higher_is_better": s.higher_is_better,
        "criteria": criteria_document(crit),
        "caveat": crit.caveat,
        "candidates": s.source,
        "work_crs": crit.work_crs,
        "weights": {leaf.id: leaf.weight for leaf in s.leaves},
        "units": {leaf.metric: leaf.criterion.value_unit for leaf in s.leaves},
        "eligible": int(s.eligible.sum()),
        "total": len(s.order),
        "skipped_unlocated": s.skipped,
        "warnings": list(s.warnings),
    }


def document(s: Screened) -> dict[str, Any]:
    """The ``bidtool.screen/1`` document: also ``Screened.to_dict()``."""
    doc = _meta(s)
    doc["ranking"] = [_properties(s, i) for i in s.order]
    return doc
