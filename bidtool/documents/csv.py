"""The ``-f csv`` table of a ranking (values, not yet cells): ``Ranking.to_frame()``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bidtool.model import data_status
from bidtool.ranking import Ranking


def plain_value(value: Any) -> str:
    """A metric value for data files: no thousands separators."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def ranking_table(ranking: Ranking, explain: bool = False) -> tuple[list[str], list[list[Any]]]:
    """The ``-f csv`` header and rows (values, not yet cells): also ``Ranking.to_frame()``."""
    groups = ranking.criteria.groups if ranking.mcda.additive else ()
    extra_keys = list(ranking.rows[0].extra) if ranking.rows else []
    po = ranking.partial_order
    partial = po is not None
    if explain:
        return _explain_table(ranking)
    header = [
        "rank",
        "id",
        "name",
        "name_ko",
        "score",
        "eligible",
        "failed_constraints",
        "unverified_constraints",
        "unknown_scored_worst",
        "unknown_scored_mean",
        "coverage",
        "dominated_by",
        "dominated_by_certain",
        *[f"group:{g.id}" for g in groups],
        *extra_keys,
        *(["incomparable_with"] if partial else []),
    ]
    rows = [
        [
            row.rank,
            row.id,
            row.name,
            row.name_ko,
            row.score,
            row.eligible,
            "; ".join(row.failed_constraints),
            "; ".join(row.unverified_constraints),
            len(_scored(ranking, row.imputed, "worst")),
            len(_scored(ranking, row.imputed, "mean")),
            row.coverage,
            "; ".join(row.dominated_by),
            "; ".join(row.dominated_by_certain),
            *[row.group_scores.get(g.id, 0.0) for g in groups],
            *[row.extra.get(k) for k in extra_keys],
            *(["; ".join(po.incomparable_with(row.id)) if row.id in po.ids else ""] if po else []),
        ]
        for row in ranking.rows
    ]
    return header, rows


def _scored(ranking: Ranking, imputed: Sequence[str], policy: str) -> list[str]:
    """The unknown leaves scored as ``policy`` says: worst (worst, exclude) or mean."""
    by_id = {leaf.id: leaf.missing for leaf in ranking.leaves}
    return [i for i in imputed if (by_id[i] == "mean") == (policy == "mean")]


def _explain_table(ranking: Ranking) -> tuple[list[str], list[list[Any]]]:
    header = [
        "rank",
        "region_id",
        "region",
        "group",
        "criterion",
        "metric",
        "value",
        "unit",
        "status",
        "source",
        "utility",
        "weight",
        "contribution",
        "unknown_scored_worst",
        "unknown_scored_mean",
    ]
    rows = []
    for row in ranking.rows:
        region = ranking.region(row.id)
        for leaf in ranking.leaves:
            m = region.metric(leaf.metric)
            rows.append(
                [
                    row.rank,
                    row.id,
                    row.name,
                    leaf.group.id,
                    leaf.id,
                    leaf.metric,
                    plain_value(m.value),
                    leaf.criterion.value_unit or m.unit,
                    data_status(m),
                    m.source or (m.sources[0].title if m.sources else None),
                    row.utilities[leaf.id],
                    leaf.weight,
                    row.contributions[leaf.id],
                    leaf.id in row.imputed and leaf.missing != "mean",
                    leaf.id in row.imputed and leaf.missing == "mean",
                ]
            )
    return header, rows
