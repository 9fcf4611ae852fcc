"""The ``unknowns -f csv`` table: ``UnknownsResult.to_frame()`` (its ``to_dict()`` is
written in :mod:`bidtool.unknowns`)."""

from __future__ import annotations

from typing import Any

from bidtool.unknowns import UnknownsResult


def _verify_of(result: UnknownsResult, region: str) -> str:
    return "; ".join(
        f"{k}:{v.metric}" for k, v in enumerate(result.verify_first, 1) if v.region == region
    )


def table(result: UnknownsResult) -> tuple[list[str], list[list[Any]]]:
    """The ``-f csv`` header and rows (values, not yet cells): also ``to_frame()``."""
    header = [
        "rank",
        "id",
        "name",
        "coverage",
        "rank_best",
        "rank_worst",
        "rank_interval_exact",
        "eligible_now",
        "eligible_possible",
        "eligible_certain",
        "unknowns",
        "unknown_constraints",
        "leader_certain",
        "verify_first",
    ]
    rows: list[list[Any]] = [
        [
            r.rank,
            r.id,
            r.name,
            r.coverage,
            r.rank_best,
            r.rank_worst,
            result.exact,
            r.eligible_now,
            r.eligible_possible,
            r.eligible_certain,
            "; ".join(r.unknowns),
            "; ".join(r.unknown_constraints),
            result.leader_certain,
            _verify_of(result, r.id),
        ]
        for r in result.regions
    ]
    return header, rows
