"""The ``bidtool.sensitivity/1`` document and the long ``sensitivity -f csv`` table:
``Sensitivity.to_dict()`` / ``Sensitivity.to_frame()``."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from bidtool._version import __version__
from bidtool.documents.json import criteria_document, scenarios_document
from bidtool.sensitivity.analysis import Sensitivity
from bidtool.sensitivity.smaa import SmaaResult
from bidtool.sensitivity.sweep import Critical


def _f(x: float) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def _critical(c: Critical | None) -> dict[str, Any]:
    if c is None:
        return {"delta_abs": None, "delta_rel": None, "weight_at_swap": None, "swaps": []}
    return {
        "delta_abs": c.delta_abs,
        "delta_rel": c.delta_rel,
        "weight_at_swap": c.t,
        "swaps": list(c.swaps),
    }


def document(s: Sensitivity) -> dict[str, Any]:
    sc = s.scorer
    crit = sc.inputs.criteria
    leaf_ids = [leaf.id for leaf in sc.leaves]
    order = s.order
    doc: dict[str, Any] = {
        "schema": "bidtool.sensitivity/1",
        "bidtool_version": __version__,
        "method": sc.method,
        "criteria": criteria_document(crit),
        "caveat": crit.caveat,
        "regions_files": [{"path": r.path, "sha256": r.sha256} for r in sc.inputs.regions],
        "scenarios": scenarios_document(sc.inputs.scenarios),
        "weights": dict(zip(leaf_ids, map(float, sc.weights))),
        "regions": order,
        "ineligible": [r.id for r in sc.inputs.regions if r.id not in s.base_ranks],
        "base_ranks": {i: s.base_ranks[i] for i in order},
        "samples": s.smaa.samples if s.smaa else 0,
        "seed": s.smaa.seed if s.smaa else None,
        "weight_model": s.smaa.weights if s.smaa else None,
        "concentration": s.concentration if s.smaa and s.smaa.weights == "dirichlet" else None,
        "data_uncertainty": [list(p) for p in s.smaa.data_uncertain] if s.smaa else [],
        "unknowns_drawn": [list(p) for p in s.smaa.unknowns_drawn] if s.smaa else [],
    }
    if s.smaa is not None:
        r = s.smaa
        k = {rid: r.ids.index(rid) for rid in order}
        doc["rank_acceptability"] = {i: [float(b) for b in r.acceptability[k[i]]] for i in order}
        doc["p_first"] = {i: float(r.p_first[k[i]]) for i in order}
        doc["central_weights"] = {
            i: None
            if math.isnan(r.central[k[i]][0])
            else dict(zip(leaf_ids, map(float, r.central[k[i]])))
            for i in order
        }
        doc["confidence"] = {i: _f(float(r.confidence[k[i]])) for i in order}
        if r.bands is not None:
            doc["bands"] = _bands_document(r)
    else:
        doc["rank_acceptability"] = {}
        doc["p_first"] = {}
        doc["central_weights"] = {}
        doc["confidence"] = {}
    doc["critical_weights"] = [
        {
            "criterion": sw.criterion,
            "level": sw.level,
            "weight": sw.weight,
            **_critical(sw.top),
            "any_rank": _critical(sw.any),
        }
        for sw in s.sweeps
    ]
    doc["sweep"] = [
        {
            "criterion": sw.criterion,
            "label": sw.label,
            "level": sw.level,
            "weight": sw.weight,
            "leader": sw.leader,
            "leader_interval": list(sw.leader_interval) if sw.leader_interval else None,
            "only_criterion": sw.fixed,
            "breakpoints_scope": sw.scope,
            "breakpoints": [
                {
                    "weight": bp.t,
                    "swaps": [list(p) for p in bp.swaps],
                    "ranking": dict(bp.ranking),
                }
                for bp in sw.breakpoints
            ],
        }
        for sw in s.sweeps
    ]
    return doc


TABLE_HEADER = ["section", "criterion", "region", "measure", "value"]


def table(s: Sensitivity) -> tuple[list[str], Iterable[Sequence[Any]]]:
    """Long format: one measure per row, so every section fits one sheet."""
    rows: list[Sequence[Any]] = []
    for sw in s.sweeps:
        rows.append(["sweep", sw.criterion, "", "weight", sw.weight])
        if sw.leader_interval:
            rows.append(
                ["sweep", sw.criterion, sw.leader or "", "leader_from", sw.leader_interval[0]]
            )
            rows.append(
                ["sweep", sw.criterion, sw.leader or "", "leader_to", sw.leader_interval[1]]
            )
        for name, c in (("top", sw.top), ("any", sw.any)):
            if c is not None:
                rows.append(["critical_" + name, sw.criterion, c.swaps[1], "weight_at_swap", c.t])
                rows.append(
                    ["critical_" + name, sw.criterion, c.swaps[1], "delta_abs", c.delta_abs]
                )
                rows.append(
                    ["critical_" + name, sw.criterion, c.swaps[1], "delta_rel", c.delta_rel]
                )
    return TABLE_HEADER, itertools.chain(rows, _smaa_csv_rows(s))


def _smaa_csv_rows(s: Sensitivity) -> Iterator[Sequence[Any]]:
    """SMAA rows, generated (m² of them: four million for 2,000 regions)."""
    if s.smaa is None:
        return
    r = s.smaa
    leaf_ids = [leaf.id for leaf in s.scorer.leaves]
    index = {rid: k for k, rid in enumerate(r.ids)}
    for rid in s.order:
        k = index[rid]
        for rank, b in enumerate(r.acceptability[k].tolist(), 1):
            yield ["smaa", "", rid, f"rank_{rank}", b]
        yield ["smaa", "", rid, "confidence", _f(float(r.confidence[k]))]
        if not math.isnan(r.central[k][0]):
            for lid, w in zip(leaf_ids, r.central[k]):
                yield ["smaa_central_weight", lid, rid, "weight", float(w)]


def _bands_document(r: SmaaResult) -> dict[str, Any]:
    """JSON ``bands`` (only with ``--bands``): what the admissible weights were."""
    assert r.bands is not None
    b = r.bands
    return {
        "path": b.path,
        "sha256": b.sha256,
        "label": b.label,
        "source": b.source,
        "level": b.level,
        "groups": b.as_dict(),
        "sampler": f"exact: Dirichlet(1) shifted from the {r.bands_shift} bounds, "
        "draws outside the bands rejected (Tervonen & Lahdelma 2007)",
    }
