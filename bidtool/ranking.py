"""Score and rank regions: constraints → matrix → method → :class:`Ranking`.

A ``Ranking`` carries everything a renderer needs; renderers never recompute.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from bidtool.dominance import pareto_dominance
from bidtool.errors import InputError
from bidtool.matrix import DecisionMatrix, build_matrix
from bidtool.methods import METHODS, get_method
from bidtool.methods.registry import Method, PartialOrder, Scored
from bidtool.methods.wsm import wsm_contributions
from bidtool.model import (
    CriteriaSet,
    Inputs,
    Leaf,
    Region,
    format_value,
    scenario_label,
)
from bidtool.ranks import TIE_RTOL as TIE_RTOL  # re-exported: one tie rule
from bidtool.ranks import competition_ranks as competition_ranks

if TYPE_CHECKING:
    import pandas as pd

    from bidtool.methods.gaia import Gaia



@dataclass(frozen=True)
class RegionResult:
    id: str
    name: str
    name_ko: str | None
    rank: int | None  # None when ineligible
    score: float | None
    eligible: bool
    failed_constraints: tuple[str, ...]
    unverified_constraints: tuple[str, ...]
    values: dict[str, Any]
    utilities: dict[str, float | None]
    contributions: dict[str, float | None]
    group_scores: dict[str, float]
    imputed: tuple[str, ...]  # leaves whose figure is unknown (scored by the leaf's ``missing``)
    tied: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    coverage: float = 1.0  # share of the global leaf weight whose figure is known
    dominated_by: tuple[str, ...] = ()  # eligible regions Pareto-better on every scored leaf
    dominated_by_certain: tuple[str, ...] = ()  # ... whatever the unknown figures are

    @property
    def display_name(self) -> str:
        return f"{self.name} {self.name_ko}" if self.name_ko else self.name


@dataclass(frozen=True)
class Ranking:
    method: str
    score_name: str
    higher_is_better: bool
    criteria: CriteriaSet
    regions: tuple[Region, ...]
    rows: tuple[RegionResult, ...]  # eligible by rank, then ineligible
    warnings: tuple[str, ...] = ()
    info: dict[str, Any] = field(default_factory=dict)  # method-level facts (VIKOR conditions)
    scenarios: tuple[Any, ...] = ()  # ScenarioInfo applied to the inputs
    degenerate: str | None = None  # why this method cannot tell the eligible regions apart
    at: str | None = None  # --at: the date scheduled figures were scored at
    partial_order: PartialOrder | None = None  # a partial-order method's P/I/R between eligible regions

    @property
    def mcda(self) -> Method:
        """The method object: ask it (``additive``, ``higher_is_better``), not its name."""
        return get_method(self.method)

    @property
    def scenario_label(self) -> str:
        return scenario_label(self.scenarios)

    @property
    def leaves(self) -> tuple[Leaf, ...]:
        return self.criteria.leaves

    @property
    def eligible_count(self) -> int:
        return sum(r.eligible for r in self.rows)

    @property
    def swing_regions(self) -> tuple[Region, ...]:
        """The regions a swing weight's worst and best figures come from: the eligible
        ones, in input order — the rows :func:`wsm_utilities` min–max scales over (all
        regions when none is eligible, as there)."""
        eligible = {r.id for r in self.rows if r.eligible}
        return tuple(r for r in self.regions if r.id in eligible) or self.regions

    def row(self, region_id: str) -> RegionResult:
        for r in self.rows:
            if r.id == region_id:
                return r
        raise KeyError(region_id)

    def region(self, region_id: str) -> Region:
        for r in self.regions:
            if r.id == region_id:
                return r
        raise KeyError(region_id)

    def to_dict(self) -> dict[str, Any]:
        """The ``bidtool.ranking/1`` document (DESIGN §6): what ``rank -f json`` prints."""
        from bidtool.documents.json import ranking_document

        return ranking_document(self)

    def to_frame(self, explain: bool = False) -> pd.DataFrame:
        """One row per region (``explain``: per region and criterion), the columns of
        ``rank -f csv`` (``--explain``) in their order, as a pandas DataFrame."""
        from bidtool.documents.csv import ranking_table
        from bidtool.frame import table_frame

        return table_frame(*ranking_table(self, explain), self.criteria)


def _tied(a: float, b: float) -> bool:
    return abs(a - b) <= TIE_RTOL * max(abs(a), abs(b), 1e-300)


def constraint_columns(criteria: CriteriaSet, regions: Sequence[Region]) -> dict[str, list[Any]]:
    """The constraint metrics' values, one column per metric, one entry per region."""
    names = dict.fromkeys(c.metric for c in criteria.constraints)
    return {name: [r.metric(name).value for r in regions] for name in names}


def eligibility_of_columns(
    criteria: CriteriaSet, columns: Mapping[str, Sequence[Any]], dm: DecisionMatrix
) -> tuple[np.ndarray, list[list[str]], list[list[str]]]:
    """Who may be ranked: constraints, and ``missing: exclude`` on unknown values.

    ``columns`` holds each constraint metric's values, one per row of ``dm``
    (regions, or screened candidates).  Returns the eligibility mask and, per
    row, the failed and the unverified (passed only because unknown)
    constraint messages.
    """
    n = dm.shape[0]
    failed: list[list[str]] = [[] for _ in range(n)]
    unverified: list[list[str]] = [[] for _ in range(n)]
    for c in criteria.constraints:
        for i, value in enumerate(columns[c.metric]):
            ok = c.check(value)
            if ok is None:
                msg = f"{c.describe()} (value unknown)"  # render.cells.VALUE_UNKNOWN
                (unverified if c.if_missing == "pass" else failed)[i].append(msg)
            elif not ok:
                failed[i].append(f"{c.describe()} (got {format_value(value)})")
    for j, leaf in enumerate(dm.leaves):
        if leaf.missing == "exclude":
            for k in np.flatnonzero(dm.missing[:, j]):
                failed[int(k)].append(f"{leaf.metric} unknown (missing: exclude)")
    return np.array([not f for f in failed], dtype=bool), failed, unverified


def eligibility(
    criteria: CriteriaSet, regions: Sequence[Region], dm: DecisionMatrix
) -> tuple[np.ndarray, list[list[str]], list[list[str]]]:
    """:func:`eligibility_of_columns` for regions."""
    return eligibility_of_columns(criteria, constraint_columns(criteria, regions), dm)


def swing_regions(criteria: CriteriaSet, regions: Sequence[Region]) -> tuple[Region, ...]:
    """:attr:`Ranking.swing_regions` without ranking: the regions passing the constraints
    (all of them when none does)."""
    eligible, _, _ = eligibility(criteria, regions, build_matrix(criteria, regions))
    return tuple(r for r, ok in zip(regions, eligible, strict=True) if ok) or tuple(regions)


Bounds = tuple[np.ndarray, np.ndarray]
"""Per leaf without a value function: the lowest and highest known value of the pool."""


def utility_bounds(dm: DecisionMatrix, rows: np.ndarray) -> Bounds:
    """The min–max scale of :func:`wsm_utilities`: per leaf without a value function, the
    lowest and highest known value among ``rows`` (a mask); ±inf where none is known.

    Bounds of disjoint blocks of rows combine exactly (``np.minimum``/``np.maximum``):
    what screening in blocks uses (:func:`bidtool.screen_engine.finish_ranked`).
    """
    x = dm.values[:, ~dm.has_vf][rows]
    if not len(x):
        return np.full(x.shape[1], np.inf), np.full(x.shape[1], -np.inf)
    with np.errstate(all="ignore"):
        lo = np.nanmin(np.where(np.isnan(x), np.inf, x), axis=0)
        hi = np.nanmax(np.where(np.isnan(x), -np.inf, x), axis=0)
    return lo, hi


def wsm_utilities(
    dm: DecisionMatrix, eligible: np.ndarray, bounds: Bounds | None = None
) -> np.ndarray:
    """Utilities in [0, 1] for the weighted sum.

    Leaves with a value function use it.  Other leaves are min–max scaled
    over the *eligible* regions (ineligible ones are scored on the same
    scale, clipped), so a disqualified region cannot move the others.
    Unknown values score 0, the worst utility (``missing: worst``), or the
    mean utility of the known figures on that leaf (``missing: mean``).
    ``bounds`` (:func:`utility_bounds` of the eligible rows of *all* candidates, or of
    all rows if none is eligible) replaces the scale computed from ``dm``: ``dm`` is then
    one block of the rows.  Min–max scaling: Triantaphyllou, *Multi-Criteria Decision
    Making Methods: A Comparative Study* (2000), §2.
    """
    u = dm.vf_utilities.copy()
    relative = ~dm.has_vf
    if relative.any():
        x = dm.values[:, relative]
        if bounds is None:
            bounds = utility_bounds(dm, eligible if eligible.any() else np.ones(len(x), bool))
        lo, hi = bounds
        with np.errstate(all="ignore"):
            span = hi - lo
        ok = np.isfinite(span) & (span > 0)
        safe = np.where(ok, span, 1.0)
        with np.errstate(all="ignore"):
            up = np.clip((x - lo) / safe, 0.0, 1.0)
        scaled = np.where(dm.types[relative] > 0, up, 1.0 - up)
        # a constant column cannot separate anyone: everyone known gets 1
        u[:, relative] = np.where(ok, scaled, 1.0)
    return fill_unknowns(u, dm, eligible)


def coverage(weights: np.ndarray, missing: np.ndarray) -> float:
    """The share of the global leaf weight whose figure is known (1.0 when all are)."""
    total = float(weights.sum())
    if not missing.any():
        return 1.0
    if total <= 0:
        return float((~missing).mean())
    return float(weights[~missing].sum()) / total


def mean_leaves(leaves: Sequence[Leaf]) -> np.ndarray:
    """Mask of the leaves whose unknown figures score the mean (``missing: mean``)."""
    return np.array([leaf.missing == "mean" for leaf in leaves], dtype=bool)


def known_mean(x: np.ndarray, missing: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """Per column, the mean of the known cells of the eligible rows (all rows if none is
    eligible); NaN where nobody's figure is known."""
    rows = eligible if eligible.any() else np.ones(len(x), dtype=bool)
    known = ~missing[rows] & ~np.isnan(x[rows])
    total = np.where(known, x[rows], 0.0).sum(axis=0)
    count = known.sum(axis=0)
    with np.errstate(all="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def fill_unknowns(u: np.ndarray, dm: DecisionMatrix, eligible: np.ndarray) -> np.ndarray:
    """Utilities with each unknown cell scored by its leaf's ``missing`` policy.

    ``mean``: the average utility of the (eligible) regions whose figure is
    known on that leaf; every other policy, and a leaf nobody knows: 0, the worst.
    """
    fill = np.zeros(u.shape[1])
    mean = mean_leaves(dm.leaves)
    if mean.any() and dm.missing.any():
        avg = known_mean(u, dm.missing, eligible)
        fill = np.where(mean & ~np.isnan(avg), avg, 0.0)
    return np.where(dm.missing, fill, u)


def method_matrix(dm: DecisionMatrix, eligible: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The matrix fed to non-additive methods, and its criterion types.

    A leaf with a value function feeds its utility as a benefit column
    (DESIGN §4); other leaves feed raw values with their direction.  An
    unknown value becomes the worst: utility 0, or the worst raw value
    observed among the eligible regions; under ``missing: mean`` the mean
    utility, or the mean raw value (its min–max utility is the mean utility),
    of the eligible regions whose figure is known.
    """
    x = np.where(dm.has_vf, dm.vf_utilities, dm.values)
    types = np.where(dm.has_vf, 1.0, dm.types)
    pool = x[eligible] if eligible.any() else x
    avg = known_mean(x, dm.missing, eligible)
    mean = mean_leaves(dm.leaves)
    for j in np.flatnonzero(dm.missing.any(axis=0)):
        if mean[j] and not np.isnan(avg[j]):
            x[dm.missing[:, j], j] = avg[j]
            continue
        if dm.has_vf[j]:
            worst = 0.0
        else:
            known = pool[:, j][~np.isnan(pool[:, j])]
            worst = (known.min() if types[j] > 0 else known.max()) if known.size else 0.0
        x[dm.missing[:, j], j] = worst
    return x, types


def degeneracy(
    method: str,
    scores: Sequence[float],
    x: np.ndarray | None = None,
    w: np.ndarray | None = None,
    types: np.ndarray | None = None,
    leaf_ids: Sequence[str] = (),
    region_ids: Sequence[str] = (),
) -> str | None:
    """Why ``method`` cannot discriminate between the eligible regions, or None.

    A method is degenerate when two or more eligible regions all get the same
    score (within :data:`TIE_RTOL`): its ranking is one big tie, and averaging
    that tie into a consensus would pull every region towards the middle.  For
    WPM the usual cause is a zero benefit value (utility 0) in every row — one
    zero factor makes the whole weighted product 0 — and the reason names it.
    """
    if len(scores) < 2 or any(not _tied(s, scores[0]) for s in scores[1:]):
        return None
    reason = (
        f"all {len(scores)} eligible regions score {scores[0]:.6g}, so {method} cannot tell "
        "them apart"
    )
    if get_method(method).zero_vetoes and x is not None and w is not None and types is not None:
        zero = (x == 0) & (np.asarray(types) > 0) & (np.asarray(w) > 0)
        if zero.any(axis=1).all():
            where = "; ".join(
                _zero_list(region_ids[i], [leaf_ids[int(j)] for j in np.flatnonzero(zero[i])])
                for i in range(len(zero))
            )
            reason = (
                f"every eligible region has a zero utility on some criterion ({where}); one "
                f"zero factor makes a weighted product 0, so all {len(scores)} score 0 and wpm "
                "cannot tell them apart. Give those criteria a value function whose worst "
                "utility is above 0, or use another method"
            )
    return reason


def _method_warnings(
    method: str,
    degenerate: str | None,
    scores: Sequence[float | None],
    elig_idx: Sequence[int],
    regions: Sequence[Region],
) -> list[str]:
    """A degenerate method, or WPM tying several regions at 0 (a zero factor each)."""
    if degenerate:
        return [f"{method} is degenerate: {degenerate}"]
    vetoes = get_method(method).zero_vetoes
    zeros = [regions[i].id for i in elig_idx if vetoes and scores[i] == 0.0]
    if len(zeros) > 1:
        return [
            f"{method} scores {', '.join(zeros)} 0 (each has a zero utility on some criterion), "
            "so it cannot order them: they share a rank"
        ]
    return []


def _zero_list(region_id: str, leaves: Sequence[str]) -> str:
    more = f" +{len(leaves) - 2} more" if len(leaves) > 2 else ""
    return f"{region_id}: {', '.join(leaves[:2])}{more}"


def preferences(leaves: Sequence[Leaf]) -> list[Any]:
    """PROMETHEE preference functions per leaf (``usual`` where none is declared)."""
    from bidtool.methods.promethee import PreferenceFunction

    out = []
    for leaf in leaves:
        pref = leaf.criterion.preference
        if pref is None:
            out.append(PreferenceFunction("usual"))
        else:
            out.append(PreferenceFunction(pref.type, pref.q or 0.0, pref.p or 0.0, pref.s or 1.0))
    return out


def resolve_method(criteria: CriteriaSet, method: str | None = None) -> Method:
    """The method to use: ``method``, else the criteria file's ``method:`` (one place)."""
    name = method or criteria.method
    if name not in METHODS:
        raise InputError.single(
            criteria.path,
            f"unknown method {name!r}; available: {', '.join(METHODS)}",
            path="method",
        )
    return get_method(name)


def method_scores(
    method: str | Method,
    x: np.ndarray,
    w: np.ndarray,
    types: np.ndarray,
    prefs: Sequence[Any],
    vikor_v: float,
) -> Scored:
    """One method on the rows of ``x`` (eligible rows only): the registered method's score."""
    mcda = get_method(method) if isinstance(method, str) else method
    return mcda.score(x, w, types, prefs, vikor_v)


@dataclass(frozen=True)
class Scores:
    """One method's scores of every row of a decision matrix (:func:`score`)."""

    utilities: np.ndarray  # rows × leaves: the additive utilities (unknowns by policy)
    contributions: np.ndarray  # rows × leaves: w_j · u_ij
    weighted_sum: np.ndarray  # per row: the sum of its contributions
    scores: np.ndarray  # per row: the method's score; NaN where ineligible (non-additive)
    extra: list[dict[str, Any]]  # per row: the method's own figures ({} where ineligible)
    info: dict[str, Any]  # method-level facts (VIKOR's conditions)
    x: np.ndarray | None  # the method matrix's eligible rows (non-additive methods)
    types: np.ndarray | None
    relations: tuple[tuple[str, ...], ...] | None = None  # partial-order methods, eligible rows


def score(
    mcda: Method,
    dm: DecisionMatrix,
    eligible: np.ndarray,
    vikor_v: float,
    weights: np.ndarray | None = None,
    *,
    utilities: np.ndarray | None = None,
    x: np.ndarray | None = None,
    prefs: Sequence[Any] | None = None,
    bounds: Bounds | None = None,
) -> Scores:
    """Score the rows of ``dm`` with ``mcda``: the one scoring step of ``rank``, ``screen``,
    ``sensitivity``, ``gap`` and ``unknowns``.

    Utilities are min–max scaled over the eligible rows; an additive method's
    score is the sum of the contributions for every row; any other method
    scores the eligible rows of :func:`method_matrix`.

    Re-scoring (``weights`` given: one vector ``n`` or a batch ``k × n``) scores the
    *eligible* rows for every weight vector at once: ``Scores.scores`` is ``k × e``
    (``e`` eligible rows) and ``contributions`` / ``weighted_sum`` / ``extra`` are
    empty.  ``utilities`` (additive methods) or ``x`` (the others) replace the
    eligible rows' utilities or method matrix computed from ``dm`` — what the weight
    sweeps and SMAA-2 reuse across calls, and what perturbed-data or unknown-figure
    draws vary (a leading sample axis, ``k × e × n``, scores sample ``k`` with weight
    vector ``k``).  An additive method is one matrix product; any other method is
    called once per weight vector (``prefs``: its PROMETHEE preference functions, when
    the caller has them from :func:`preferences` already).

    ``bounds`` (additive methods): the min–max scale of every candidate's eligible rows
    (:func:`utility_bounds`), so that ``dm`` may be one block of the candidates and the
    block's scores are those of the whole — how ``screen`` scores millions of parcels
    block by block.
    """
    if weights is not None:
        return _rescore(mcda, dm, eligible, vikor_v, weights, utilities, x, prefs)
    utilities = wsm_utilities(dm, eligible, bounds)
    weighted_sum, contributions = wsm_contributions(utilities, dm.weights)
    rows = dm.shape[0]
    extra: list[dict[str, Any]] = [{} for _ in range(rows)]
    if mcda.additive:
        return Scores(utilities, contributions, weighted_sum, weighted_sum, extra, {}, None, None)
    scores = np.full(rows, np.nan)
    if not eligible.any():
        return Scores(utilities, contributions, weighted_sum, scores, extra, {}, None, None)
    x, types = method_matrix(dm, eligible)
    scored = mcda.score(x[eligible], dm.weights, types, preferences(dm.leaves), vikor_v)
    index = np.flatnonzero(eligible)
    scores[index] = scored.scores
    for k, i in enumerate(index):
        extra[int(i)] = scored.extra[k]
    return Scores(
        utilities,
        contributions,
        weighted_sum,
        scores,
        extra,
        scored.info,
        x[eligible],
        types,
        scored.relations,
    )


def _rescore(
    mcda: Method,
    dm: DecisionMatrix,
    eligible: np.ndarray,
    vikor_v: float,
    weights: np.ndarray,
    utilities: np.ndarray | None,
    x: np.ndarray | None,
    prefs: Sequence[Any] | None,
) -> Scores:
    """:func:`score` for many weight vectors (or samples) over the eligible rows."""
    if mcda.additive:
        u = wsm_utilities(dm, eligible)[eligible] if utilities is None else utilities
        if u.ndim == 2 and np.ndim(weights) == 1:
            # one weight vector: each row's own sum, the same bits whichever rows are scored
            # (the hot path of bidtool unknowns: no more than that here)
            return Scores(u, _NONE2, _NONE1, (u * weights).sum(axis=1)[None, :], [], {}, None, None)
        w = np.atleast_2d(np.asarray(weights, dtype=float))
        if u.ndim == 2:
            s = w @ u.T  # a batch: one matrix product
        elif np.ndim(weights) == 1:
            s = u @ w[0]
        else:
            s = np.einsum("kmn,kn->km", u, np.broadcast_to(w, (u.shape[0], w.shape[-1])))
        return Scores(u, _NONE2, _NONE1, np.asarray(s), [], {}, None, None)
    w = np.atleast_2d(np.asarray(weights, dtype=float))
    types = np.where(dm.has_vf, 1.0, dm.types)
    xs = method_matrix(dm, eligible)[0][eligible] if x is None else np.asarray(x)
    prefs = preferences(dm.leaves) if prefs is None else prefs
    if xs.ndim == 2:
        s = np.stack([mcda.score(xs, row, types, prefs, vikor_v).scores for row in w])
    else:
        ws = np.broadcast_to(w, (xs.shape[0], w.shape[-1]))
        s = np.stack(
            [mcda.score(xs[k], ws[k], types, prefs, vikor_v).scores for k in range(len(xs))]
        )
    return Scores(_NONE2, _NONE2, _NONE1, s, [], {}, xs, types)


_NONE1, _NONE2 = np.empty(0), np.empty((0, 0))
"""What a re-score leaves empty (contributions, weighted sums): never written to."""


def rank(inputs: Inputs, method: str | None = None, vikor_v: float | None = None) -> Ranking:
    """Rank ``inputs.regions`` against ``inputs.criteria`` with ``method``."""
    criteria = inputs.criteria
    mcda = resolve_method(criteria, method)
    method = mcda.name
    v = criteria.vikor_v if vikor_v is None else vikor_v
    regions = inputs.regions
    dm = build_matrix(criteria, regions)
    m = len(regions)
    eligible, failed, unverified = eligibility(criteria, regions, dm)

    scored = score(mcda, dm, eligible, v)
    utilities, contributions, wsm_scores = scored.utilities, scored.contributions, scored.weighted_sum
    higher = mcda.higher_is_better
    elig_idx = [i for i in range(m) if eligible[i]]
    extra: dict[int, dict[str, Any]] = {i: {} for i in range(m)}
    info: dict[str, Any] = {}
    degenerate: str | None = None
    warnings = inputs.warnings
    if mcda.additive:
        scores: list[float | None] = [float(s) for s in wsm_scores]
        degenerate = degeneracy(method, [float(wsm_scores[i]) for i in elig_idx])
    else:
        scores = [None] * m
        if elig_idx:
            info = scored.info
            for i in elig_idx:
                scores[i] = float(scored.scores[i])
                extra[i] = scored.extra[i]
            degenerate = degeneracy(
                method,
                [float(scored.scores[i]) for i in elig_idx],
                scored.x,
                dm.weights,
                scored.types,
                [leaf.id for leaf in dm.leaves],
                [regions[i].id for i in elig_idx],
            )

    order, ranks = competition_ranks(
        [float(scores[i] or 0.0) for i in elig_idx], [regions[i].id for i in elig_idx], higher
    )
    rank_of = {elig_idx[k]: ranks[k] for k in range(len(elig_idx))}
    tie_count: dict[int, int] = {}
    for r in ranks:
        tie_count[r] = tie_count.get(r, 0) + 1
    inelig_idx = sorted(
        (i for i in range(m) if not eligible[i]),
        key=lambda i: (-float(wsm_scores[i]), regions[i].id),
    )
    sequence = [elig_idx[k] for k in order] + inelig_idx

    additive = mcda.additive
    leaf_ids = [leaf.id for leaf in dm.leaves]
    dominance = pareto_dominance(utilities, dm.missing, dm.weights, eligible)
    position = {i: k for k, i in enumerate(sequence)}

    def ids(found: tuple[int, ...]) -> tuple[str, ...]:
        return tuple(regions[a].id for a in sorted(found, key=position.__getitem__))

    rows = []
    for i in sequence:
        region = regions[i]
        groups: dict[str, float] = {}
        if additive:
            for j, leaf in enumerate(dm.leaves):
                groups[leaf.group.id] = groups.get(leaf.group.id, 0.0) + float(contributions[i, j])
        region_rank = rank_of.get(i)
        rows.append(
            RegionResult(
                id=region.id,
                name=region.name,
                name_ko=region.name_ko,
                rank=region_rank,
                score=scores[i],
                eligible=bool(eligible[i]),
                failed_constraints=tuple(failed[i]),
                unverified_constraints=tuple(unverified[i]),
                values=dict(zip(leaf_ids, dm.raw[i])),
                utilities={leaf_ids[j]: float(utilities[i, j]) for j in range(len(leaf_ids))},
                contributions={
                    leaf_ids[j]: float(contributions[i, j]) if additive else None
                    for j in range(len(leaf_ids))
                },
                group_scores=groups,
                imputed=tuple(leaf_ids[j] for j in range(len(leaf_ids)) if dm.missing[i, j]),
                tied=region_rank is not None and tie_count.get(region_rank, 0) > 1,
                extra=extra[i],
                coverage=coverage(dm.weights, dm.missing[i]),
                dominated_by=ids(dominance.dominated_by[i]),
                dominated_by_certain=ids(dominance.certain[i]),
            )
        )
    return Ranking(
        method=method,
        score_name=mcda.score_name,
        higher_is_better=higher,
        criteria=criteria,
        regions=regions,
        rows=tuple(rows),
        warnings=(*warnings, *_method_warnings(method, degenerate, scores, elig_idx, regions)),
        info=info,
        scenarios=inputs.scenarios,
        at=inputs.at,
        degenerate=degenerate,
        partial_order=PartialOrder(tuple(regions[i].id for i in elig_idx), scored.relations)
        if scored.relations is not None
        else None,
    )


def gaia_of(ranking: Ranking) -> Gaia | None:
    """The GAIA plane of the ranking's eligible regions (None with fewer than two).

    The unicriterion net flows are computed on the matrix every non-additive
    method reads (:func:`method_matrix`: value-function utilities, else raw
    figures with their direction; unknowns by the leaf's policy) with each
    leaf's PROMETHEE preference function (``usual`` where none is declared),
    and the decision stick is the leaves' global weights — whatever method
    ranked the regions.  See :func:`bidtool.methods.gaia.gaia`.
    """
    from bidtool.methods.gaia import gaia
    from bidtool.methods.promethee import unicriterion_flows

    dm = build_matrix(ranking.criteria, ranking.regions)
    eligible, _, _ = eligibility(ranking.criteria, ranking.regions, dm)
    if int(eligible.sum()) < 2 or not dm.leaves:
        return None
    x, types = method_matrix(dm, eligible)
    flows = unicriterion_flows(x[eligible], types, preferences(dm.leaves))
    ids = [r.id for r, ok in zip(ranking.regions, eligible) if ok]
    return gaia(flows, list(dm.weights), ids, [leaf.id for leaf in dm.leaves])
