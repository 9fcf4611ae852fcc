"""What the figures nobody has published could do to the ranking (DESIGN §9).

Every unknown figure is a cell of the decision matrix whose utility could be
anything from 0 (the worst its leaf can score) to 1 (the best).  On a leaf
with a value function those are the function's own 0 and 1; on a leaf
without one (min–max over the eligible regions) they are the utilities of the
worst and of the best figure known among the regions, so the known cells keep
their utilities whatever the unknowns turn out to be.

- ``coverage``: the share of a region's global leaf weight whose figure is known.
- ``rank_best`` / ``rank_worst``: the region's rank with each of its unknowns
  at utility 1 and every rival's at 0, and the reverse.  For the weighted sum a
  region's score depends only on its own cells and grows with each of them, so
  these are the best and the worst rank over *every* value of the unknowns
  (exact).  Other methods compare regions jointly (normalisation, ideal points,
  pairwise flows): the same extreme assignment is used and ``exact`` is false.
- ``eligible_possible`` / ``eligible_certain``: whether some / every value of
  the unknown constraint metrics (and of leaves under ``missing: exclude``)
  lets the region pass.
- ``verify_first``: each unknown (region, metric) swept over [0, 1] — with
  the other unknowns scored by the file's ``missing`` policy, re-evaluated as
  the swept figure becomes known (a ``mean`` moves with it) — and, if a
  constraint reads the metric, with the region failing it.  Those that can
  change who is first, biggest score swing first; when none can, the
  :data:`TOP` with the largest swing.

Rival eligibility is held as it is now: a region outside the ranking (failed
or unverifiable constraint) gets a rank interval only when it could pass
(``eligible_possible``), ranked as if it had joined the regions ranked now.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from bidtool.matrix import DecisionMatrix, build_matrix
from bidtool.methods import get_method
from bidtool.model import CriteriaSet, Inputs, Leaf
from bidtool.ranking import (
    TIE_RTOL,
    Ranking,
    eligibility,
    known_mean,
    mean_leaves,
    method_matrix,
    preferences,
    rank,
    score,
    wsm_utilities,
)

if TYPE_CHECKING:
    import pandas as pd

TOP = 5
"""How many figures ``verify_first`` lists when none can change who is first."""
SWEEP = 11
"""Sweep points in [0, 1] for methods other than the weighted sum (0, 0.1, …, 1)."""


@dataclass(frozen=True)
class RegionUnknowns:
    id: str
    name: str
    name_ko: str | None
    rank: int | None
    coverage: float
    rank_best: int | None
    rank_worst: int | None
    eligible_now: bool
    eligible_possible: bool
    eligible_certain: bool
    unknowns: tuple[str, ...]  # metrics of the leaves whose figure is unknown
    unknown_constraints: tuple[str, ...]  # constraint metrics whose figure is unknown
    score: float | None
    score_best: float | None  # own unknowns at 1 (rivals' do not matter to it)
    score_worst: float | None  # own unknowns at 0 (WSM; others: in the extreme assignment)

    @property
    def display_name(self) -> str:
        return f"{self.name} {self.name_ko}" if self.name_ko else self.name


@dataclass(frozen=True)
class VerifyItem:
    region: str
    metric: str
    changes_leader: bool
    leaders: tuple[str, ...]  # every region that is first somewhere along the sweep
    score_swing: float  # max − min of the region's score along the sweep
    weight: float  # global weight of the leaves reading the metric


@dataclass(frozen=True)
class UnknownsResult:
    method: str
    exact: bool
    criteria: CriteriaSet
    ranking: Ranking
    regions: tuple[RegionUnknowns, ...]  # in the ranking's order
    leader: tuple[str, ...]  # first now (several when tied)
    leader_certain: bool
    verify_first: tuple[VerifyItem, ...]
    verify_changes_leader: bool  # False: the list is the largest swings, none changes the leader
    known: dict[str, dict[str, bool]] = field(default_factory=dict)  # region → leaf → known

    @property
    def leaves(self) -> tuple[Leaf, ...]:
        return self.criteria.leaves

    @property
    def could_be_first(self) -> tuple[str, ...]:
        """Regions first under their own best case (``rank_best`` 1), by id."""
        return tuple(sorted(r.id for r in self.regions if r.rank_best == 1))

    def to_frame(self) -> pd.DataFrame:
        """One row per region, the columns of ``unknowns -f csv`` in their order."""
        from bidtool.documents.unknowns import table
        from bidtool.frame import table_frame

        return table_frame(*table(self), self.criteria)

    def to_dict(self) -> dict[str, Any]:
        """The ``bidtool.unknowns/1`` document (DESIGN §9)."""
        from bidtool._version import __version__
        from bidtool.documents.json import criteria_document, scenarios_document

        return {
            "schema": "bidtool.unknowns/1",
            "bidtool_version": __version__,
            "method": self.method,
            "criteria": criteria_document(self.criteria),
            "caveat": self.criteria.caveat,
            "rank_interval": "exact"
            if self.exact
            else "extreme assignment (own unknowns best, rivals' worst, and the reverse); "
            f"not proven extreme for {self.method}",
            "missing": {leaf.id: leaf.missing for leaf in self.leaves},
            "scenarios": scenarios_document(self.ranking.scenarios),
            "regions": [
                {
                    "id": r.id,
                    "rank": r.rank,
                    "coverage": r.coverage,
                    "rank_best": r.rank_best,
                    "rank_worst": r.rank_worst,
                    "eligible_now": r.eligible_now,
                    "eligible_possible": r.eligible_possible,
                    "eligible_certain": r.eligible_certain,
                    "unknowns": list(r.unknowns),
                    "unknown_constraints": list(r.unknown_constraints),
                    "name": r.name,
                    "name_ko": r.name_ko,
                    "score": r.score,
                    "score_best": r.score_best,
                    "score_worst": r.score_worst,
                    "known": self.known.get(r.id, {}),
                }
                for r in self.regions
            ],
            "leader": list(self.leader),
            "could_be_first": list(self.could_be_first),
            "leader_certain": self.leader_certain,
            "verify_first_changes_leader": self.verify_changes_leader,
            "verify_first": [
                {
                    "region": v.region,
                    "metric": v.metric,
                    "changes_leader": v.changes_leader,
                    "leaders": list(v.leaders),
                    "score_swing": v.score_swing,
                    "weight": v.weight,
                }
                for v in self.verify_first
            ],
        }


def _better(a: np.ndarray, b: np.ndarray, higher: bool) -> np.ndarray:
    """``a`` strictly better than ``b`` beyond the tie tolerance (as ``rank_matrix``)."""
    d = a - b if higher else b - a
    tol = TIE_RTOL * np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-300)
    return np.asarray(d > tol)


class _Model:
    """The decision matrix in utility space, re-scored for any value of the unknowns."""

    def __init__(self, inputs: Inputs, method: str, vikor_v: float) -> None:
        crit = inputs.criteria
        self.regions = inputs.regions
        self.ids = [r.id for r in self.regions]
        self.method = method
        self.vikor_v = vikor_v
        self.mcda = get_method(method)
        self.higher = self.mcda.higher_is_better
        dm: DecisionMatrix = build_matrix(crit, self.regions)
        self.dm = dm
        self.eligible, self.failed, _ = eligibility(crit, self.regions, dm)
        self.missing = dm.missing
        self.w = dm.weights
        self.mean = mean_leaves(dm.leaves)
        self.u = wsm_utilities(dm, self.eligible)  # unknowns filled by the policy
        self.x, self.types = method_matrix(dm, self.eligible)
        self.prefs = preferences(dm.leaves)
        pool = self.eligible if self.eligible.any() else np.ones(len(self.regions), dtype=bool)
        raw = np.where(dm.missing, np.nan, dm.values)[pool]
        with np.errstate(all="ignore"):
            self.lo = np.nanmin(np.where(np.isnan(raw), np.inf, raw), axis=0)
            self.hi = np.nanmax(np.where(np.isnan(raw), -np.inf, raw), axis=0)

    def policy(self, u: np.ndarray, missing: np.ndarray, pool: np.ndarray) -> np.ndarray:
        """``u`` with every cell in ``missing`` scored by its leaf's ``missing`` policy."""
        fill = np.zeros(u.shape[1])
        if self.mean.any():
            avg = known_mean(np.where(missing, np.nan, u), missing, pool)
            fill = np.where(self.mean & ~np.isnan(avg), avg, 0.0)
        return np.where(missing, fill, u)

    def scores(self, u: np.ndarray, pool: Sequence[int]) -> np.ndarray:
        """Scores of the regions ``pool`` when every cell's utility is ``u``."""
        rows = list(pool)
        if self.mcda.additive:
            return self._score(u[rows], self.x[rows])
        x = self.x[rows].copy()
        vf = self.dm.has_vf
        x[:, vf] = u[rows][:, vf]
        # a relative leaf's unknown: the raw figure whose min–max utility is u
        with np.errstate(all="ignore"):
            finite = np.isfinite(self.hi - self.lo)
        span = np.where(finite, self.hi - self.lo, 0.0)
        guess = np.where(self.types > 0, self.lo + u[rows] * span, self.hi - u[rows] * span)
        cell = self.missing[rows] & ~vf & finite
        x = np.where(cell, guess, x)
        return self._score(u[rows], x)

    def _score(self, u: np.ndarray, x: np.ndarray) -> np.ndarray:
        """:func:`bidtool.ranking.score` of these rows' utilities ``u`` / method matrix ``x``."""
        s = score(
            self.mcda, self.dm, self.eligible, self.vikor_v, self.w, utilities=u, x=x,
            prefs=self.prefs,
        )
        return np.asarray(s.scores[0])

    def first(self, u: np.ndarray, pool: Sequence[int]) -> frozenset[str]:
        if not pool:
            return frozenset()
        s = self.scores(u, pool)
        best = s.max() if self.higher else s.min()
        ahead = _better(np.full_like(s, best), s, self.higher)
        return frozenset(self.ids[p] for k, p in enumerate(pool) if not ahead[k])

    def rank_in(self, u: np.ndarray, pool: Sequence[int], i: int) -> int:
        s = self.scores(u, pool)
        k = list(pool).index(i)
        return 1 + int(_better(np.delete(s, k), np.full(len(s) - 1, s[k]), self.higher).sum())


class _Additive:
    """The weighted sum's answers from the score vector, without re-ranking everyone.

    A region's weighted sum depends only on its own cells, so with every other
    unknown scored 0 (``missing: worst`` / ``exclude``, or a ``mean`` leaf with
    no unknown cell) setting one cell of region ``i`` moves ``i``'s score alone.
    Who is first is then decided by ``i``'s score against the few rivals near
    the top of the fixed score vector: every other rival is behind the best
    rival by far more than the tie tolerance.  Scores come from the same
    :func:`bidtool.ranking.score` the generic path calls, and ties use the
    same :func:`_better`, so the results are identical, not just close.
    """

    def __init__(
        self,
        mdl: _Model,
        known_u: np.ndarray,
        s_known: np.ndarray,
        s_best: np.ndarray,
        pool_now: list[int],
    ) -> None:
        self.mdl = mdl
        self.known_u = known_u
        self.s_known = s_known
        self.s_best = s_best
        self.pool_now = pool_now
        self.in_pool = np.zeros(len(s_known), dtype=bool)
        self.in_pool[pool_now] = True
        ids = np.array(pool_now, dtype=int)
        order = ids[np.argsort(-s_known[ids], kind="stable")]
        # rivals that can tie the best one once any single region leaves the pool
        if len(order) > 1:
            floor = s_known[order[1]] * (1.0 - 1e-6)
            self.top = order[s_known[order] >= floor]
        else:
            self.top = order
        self.head = order[:2]
        self.ids = np.array(mdl.ids, dtype=object)

    @classmethod
    def build(
        cls, mdl: _Model, known_u: np.ndarray, best_u: np.ndarray, pool_now: list[int]
    ) -> _Additive | None:
        """``None`` when this shortcut does not apply (a method that is not additive, or scores that are not
        finite and non-negative)."""
        if not mdl.mcda.additive or not (np.all(np.isfinite(mdl.w)) and np.all(mdl.w >= 0)):
            return None
        with np.errstate(all="ignore"):
            s_known = mdl._score(known_u, mdl.x)
            s_best = mdl._score(best_u, mdl.x)
        for s in (s_known, s_best):
            if not (np.all(np.isfinite(s)) and np.all(s >= 0)):
                return None
        return cls(mdl, known_u, s_known, s_best, pool_now)

    def interval(self, i: int) -> tuple[int, int, float, float]:
        """``rank_best``, ``rank_worst``, ``score_best``, ``score_worst`` of region ``i``."""
        rivals = self.in_pool.copy()
        rivals[i] = False
        hi = float(self.s_best[i])  # own unknowns at 1 (its row of best_u)
        lo = float(self.s_known[i])  # own unknowns at 0
        n = int(rivals.sum())
        best = 1 + int(_better(self.s_known[rivals], np.full(n, hi), True).sum())
        worst = 1 + int(_better(self.s_best[rivals], np.full(n, lo), True).sum())
        return best, worst, hi, lo

    def _first(self, i: int, own: float | None) -> frozenset[str]:
        """Who is first among ``pool_now`` without ``i``, and ``i`` scoring ``own`` if given."""
        top = self.top[self.top != i]
        cand = self.s_known[top]
        scores = cand if own is None else np.append(cand, own)
        if not len(scores):
            return frozenset()
        best = scores.max()
        ahead = _better(np.full_like(scores, best), scores, True)
        who = [str(self.ids[r]) for k, r in enumerate(top) if not ahead[k]]
        if own is not None and not ahead[-1]:
            who.append(self.mdl.ids[i])
        return frozenset(who)

    def sweep(
        self, i: int, cols: list[int], joins: bool, gates: bool
    ) -> tuple[list[frozenset[str]], list[float]]:
        """Who is first as region ``i``'s figure on ``cols`` goes 0 → 1, and ``i``'s scores."""
        in_pool = joins or bool(self.in_pool[i])
        firsts: list[frozenset[str]] = []
        own: list[float] = []
        if in_pool:
            rows = np.repeat(self.known_u[i][None, :], 2, axis=0)
            rows[0, cols] = 0.0
            rows[1, cols] = 1.0
            for s in self.mdl._score(rows, self.mdl.x[:2]):
                own.append(float(s))
                firsts.append(self._first(i, float(s)))
        else:
            firsts.append(self._first(-1, None))  # ``i`` is not ranked: the others as now
        if gates or not joins:
            firsts.append(self._first(i, None))
        return firsts, own


def unknowns(
    inputs: Inputs,
    method: str | None = None,
    vikor_v: float | None = None,
    *,
    fast: bool = True,
    progress: Callable[[int], None] | None = None,
) -> UnknownsResult:
    """What the unknown figures could change (DESIGN §9).

    ``fast`` (the default) computes the weighted sum's rank intervals and
    ``verify_first`` from the score vector (see :class:`_Additive`); the result
    is the same as the generic re-ranking (``fast=False``, kept for the other
    methods, for ``missing: mean`` and for tests).  ``progress(n)`` is called
    as regions are done (``len(inputs.regions)`` in all).
    """
    ranking = rank(inputs, method, vikor_v)
    crit = inputs.criteria
    mdl = _Model(inputs, ranking.method, crit.vikor_v if vikor_v is None else vikor_v)
    m = len(mdl.regions)
    leaves = crit.leaves
    miss = mdl.missing
    known_u = np.where(miss, 0.0, mdl.u)

    # ---- eligibility under the unknowns
    certain_fail = np.zeros(m, dtype=bool)
    open_metrics: list[set[str]] = [set() for _ in range(m)]  # unknowns that gate eligibility
    unknown_constraints: list[list[str]] = [[] for _ in range(m)]
    for i, region in enumerate(mdl.regions):
        for c in crit.constraints:
            ok = c.check(region.metric(c.metric).value)
            if ok is None:
                open_metrics[i].add(c.metric)
                if c.metric not in unknown_constraints[i]:
                    unknown_constraints[i].append(c.metric)
            elif not ok:
                certain_fail[i] = True
        for j, leaf in enumerate(leaves):
            if leaf.missing == "exclude" and miss[i, j]:
                open_metrics[i].add(leaf.metric)
    possible = ~certain_fail
    certain = possible & np.array([not s for s in open_metrics], dtype=bool)
    pool_now = [i for i in range(m) if mdl.eligible[i]]

    # ---- rank intervals: own unknowns at 1 and rivals' at 0, and the reverse
    best_u = np.where(miss, 1.0, known_u)
    rank_best: list[int | None] = [None] * m
    rank_worst: list[int | None] = [None] * m
    score_best: list[float | None] = [None] * m
    score_worst: list[float | None] = [None] * m
    add = _Additive.build(mdl, known_u, best_u, pool_now) if fast else None
    for i in range(m):
        if not possible[i]:
            continue
        if add is not None:
            rank_best[i], rank_worst[i], score_best[i], score_worst[i] = add.interval(i)
            continue
        pool = sorted({*pool_now, i})
        favour = known_u.copy()
        favour[i] = best_u[i]
        against = best_u.copy()
        against[i] = known_u[i]
        rank_best[i] = mdl.rank_in(favour, pool, i)
        rank_worst[i] = mdl.rank_in(against, pool, i)
        k = pool.index(i)
        score_best[i] = float(mdl.scores(favour, pool)[k])
        score_worst[i] = float(mdl.scores(against, pool)[k])

    # ---- is today's leader first whatever the unknowns are?
    leader = tuple(sorted(r.id for r in ranking.rows if r.rank == 1))
    leader_certain = False
    if len(leader) == 1:
        li = mdl.ids.index(leader[0])
        rivals = [k for k in range(m) if possible[k]]
        against = best_u.copy()
        against[li] = known_u[li]
        leader_certain = bool(certain[li]) and mdl.first(against, rivals) == {leader[0]}

    # ---- which single figure, once known, could change who is first
    now = frozenset(leader)
    items: list[VerifyItem] = []
    ts = np.array([0.0, 1.0]) if mdl.mcda.additive else np.linspace(0.0, 1.0, SWEEP)
    # the fast sweep needs every unknown scored 0 whatever becomes known (no ``mean`` fill)
    sweep = add if add is not None and not miss[:, mdl.mean].any() else None
    for i in range(m):
        if progress is not None:
            progress(1)
        if not possible[i]:
            continue
        metrics = list(dict.fromkeys(leaves[j].metric for j in range(len(leaves)) if miss[i, j]))
        for metric in metrics:
            cols = [j for j, leaf in enumerate(leaves) if leaf.metric == metric]
            gates = metric in open_metrics[i]
            # once the figure is known, the region is ranked if nothing else keeps it out
            joins = bool(mdl.eligible[i]) or (open_metrics[i] == {metric} and not certain_fail[i])
            if sweep is not None:
                seen, swept = sweep.sweep(i, cols, joins, gates)
                union = frozenset().union(now, *seen)
                items.append(
                    VerifyItem(
                        region=mdl.ids[i],
                        metric=metric,
                        changes_leader=any(f != now for f in seen),
                        leaders=tuple(sorted(union)),
                        score_swing=(max(swept) - min(swept)) if swept else 0.0,
                        weight=float(sum(leaves[j].weight for j in cols)),
                    )
                )
                continue
            known = miss.copy()
            known[i, cols] = False
            pool = sorted({*pool_now, i}) if joins else pool_now
            pmask = np.zeros(m, dtype=bool)
            pmask[pool] = True
            firsts = {now}
            own: list[float] = []
            for t in ts:
                u = known_u.copy()
                u[i, cols] = t
                u = mdl.policy(u, known, pmask)
                firsts.add(mdl.first(u, pool))
                if i in pool:
                    own.append(float(mdl.scores(u, pool)[pool.index(i)]))
            if gates or not joins:
                # a constraint reads it, so it can also keep the region out
                out = [p for p in pool_now if p != i]
                omask = np.zeros(m, dtype=bool)
                omask[out] = True
                firsts.add(mdl.first(mdl.policy(known_u, miss, omask), out))
            union = frozenset().union(*firsts)
            items.append(
                VerifyItem(
                    region=mdl.ids[i],
                    metric=metric,
                    changes_leader=any(f != now for f in firsts),
                    leaders=tuple(sorted(union)),
                    score_swing=(max(own) - min(own)) if own else 0.0,
                    weight=float(sum(leaves[j].weight for j in cols)),
                )
            )
    items.sort(key=lambda v: (-v.score_swing, v.region, v.metric))
    changing = [v for v in items if v.changes_leader]
    verify = tuple(changing) if changing else tuple(items[:TOP])

    rows = []
    for row in ranking.rows:
        i = mdl.ids.index(row.id)
        rows.append(
            RegionUnknowns(
                id=row.id,
                name=row.name,
                name_ko=row.name_ko,
                rank=row.rank,
                coverage=row.coverage,
                rank_best=rank_best[i],
                rank_worst=rank_worst[i],
                eligible_now=row.eligible,
                eligible_possible=bool(possible[i]),
                eligible_certain=bool(certain[i]),
                unknowns=tuple(
                    dict.fromkeys(leaf.metric for leaf in leaves if leaf.id in row.imputed)
                ),
                unknown_constraints=tuple(unknown_constraints[i]),
                score=row.score,
                score_best=score_best[i],
                score_worst=score_worst[i],
            )
        )
    known_map = {
        r.id: {leaf.id: not bool(miss[mdl.ids.index(r.id), j]) for j, leaf in enumerate(leaves)}
        for r in rows
    }
    return UnknownsResult(
        method=ranking.method,
        exact=ranking.mcda.additive,
        criteria=crit,
        ranking=ranking,
        regions=tuple(rows),
        leader=leader,
        leader_certain=leader_certain,
        verify_first=verify,
        verify_changes_leader=bool(changing),
        known=known_map,
    )
