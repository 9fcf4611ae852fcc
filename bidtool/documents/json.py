"""``-f json`` (DESIGN §6, contract)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bidtool._version import __version__
from bidtool.model import CriteriaSet, data_status
from bidtool.ranking import Ranking
from bidtool.weighting.swing import Swing


def ranking_document(ranking: Ranking) -> dict[str, Any]:
    crit = ranking.criteria
    return {
        "schema": "bidtool.ranking/1",
        "bidtool_version": __version__,
        "method": ranking.method,
        "score_name": ranking.score_name,
        "higher_is_better": ranking.higher_is_better,
        "criteria": criteria_document(crit),
        "caveat": crit.caveat,
        "regions_files": [{"path": r.path, "sha256": r.sha256} for r in ranking.regions],
        "weights": {leaf.id: leaf.weight for leaf in ranking.leaves},
        "groups": {g.id: crit.group_weight(g.id) for g in crit.groups},
        "missing": {leaf.id: leaf.missing for leaf in ranking.leaves},
        "weighting": {**weighting_document(crit), "swing": _swing(ranking)},
        "scenarios": scenarios_document(ranking.scenarios),
        "at": ranking.at,
        "ranking": [
            {
                "rank": row.rank,
                "id": row.id,
                "name": row.name,
                "name_ko": row.name_ko,
                "score": row.score,
                "eligible": row.eligible,
                "failed_constraints": list(row.failed_constraints),
                "unverified_constraints": list(row.unverified_constraints),
                "tied": row.tied,
                "values": row.values,
                "utilities": row.utilities,
                "contributions": row.contributions,
                "group_scores": row.group_scores,
                "imputed": list(row.imputed),
                "coverage": row.coverage,
                "dominated_by": list(row.dominated_by),
                "dominated_by_certain": list(row.dominated_by_certain),
                "extra": row.extra,
                "computed": _computed(ranking, row.id),
            }
            for row in ranking.rows
        ],
        "method_info": ranking.info,
        "partial_order": ranking.partial_order.to_dict() if ranking.partial_order else None,
        "degenerate": ranking.degenerate,
        "warnings": list(ranking.warnings),
    }


def _swing(ranking: Ranking) -> list[dict[str, Any]]:
    """Swing-weighted levels: each weight and the swing it stands for (empty without)."""
    if not ranking.criteria.swing:
        return []
    from bidtool.weighting.swing import describe_swings

    return swing_document(describe_swings(ranking.criteria, ranking.swing_regions))


def _computed(ranking: Ranking, region_id: str) -> dict[str, Any]:
    """Provenance of the metrics measured from the site (spatial criteria)."""
    region = ranking.region(region_id)
    out = {}
    for name in ranking.criteria.spatial_metrics:
        m = region.metric(name)
        out[name] = {
            "value": m.value,
            "unit": m.unit,
            "source": m.source,
            "status": data_status(m),
            "note": m.note,
        }
    return out


def criteria_document(crit: CriteriaSet) -> dict[str, Any]:
    """Which criteria file (every JSON document carries it): path, SHA-256, name, whether it
    is the bundled copy, how outputs name it (``source``), and its caveat."""
    return {
        "path": crit.path,
        "sha256": crit.sha256,
        "name": crit.name,
        "bundled": crit.bundled,
        "source": crit.source_label,
        "caveat": crit.caveat,
    }


def scenarios_document(scenarios: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {"name": s.name, "path": s.path, "sha256": s.sha256, "description": s.description}
        for s in scenarios
    ]


def weighting_document(crit: CriteriaSet) -> dict[str, Any]:
    """How the weights were set: direct, entropy or critic; AHP levels with consistency."""
    return {
        "method": crit.weighting,
        "ahp": [
            {
                "level": g.label,
                "weights": dict(zip(g.elements, g.result.weights)),
                "lambda_max": g.result.lambda_max,
                "ci": g.result.ci,
                "cr": g.result.cr,
                "random_index": g.result.random_index,
                "consistent": g.result.consistent,
            }
            for g in crit.ahp
        ]
        if crit.weighting == "direct"
        else [],
        "roc": crit.levels_weighed_by("roc") if crit.weighting == "direct" else [],
    }


def dumps(document: Any) -> str:
    """Deterministic JSON: insertion order, UTF-8 text (Hangul unescaped), newline-terminated."""
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def render_ranking(ranking: Ranking) -> str:
    return dumps(ranking_document(ranking))


def swing_document(swings: Sequence[Swing]) -> list[dict[str, object]]:
    """Each swing-weighted criterion: its weight and the swing it stands for (new key
    ``weighting.swing`` of ``bidtool.ranking/1``; ``bidtool weights swing -f json``)."""
    return [
        {
            "criterion": s.criterion,
            "label": s.label,
            "rank": s.rank,
            "points": s.points,
            "weight": s.weight,
            "global_weight": s.global_weight,
            "worst": s.worst,
            "best": s.best,
            "regions_with_figures": s.regions,
            "statement": s.statement,
        }
        for s in swings
    ]
