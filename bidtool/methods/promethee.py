"""PROMETHEE I and II outranking flows, in O(m·n log n) for piecewise-linear preferences,
and the unicriterion net flows GAIA projects (:mod:`bidtool.methods.gaia`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bidtool.methods.errors import MethodError
from bidtool.methods.registry import (
    INCOMPARABLE,
    INDIFFERENT,
    PREFERRED,
    PREFERRED_BY,
    Method,
    Scored,
    register,
)

PREFERENCE_TYPES = ("usual", "u-shape", "v-shape", "level", "linear", "gaussian")

GAUSSIAN_CHUNK = 2048
"""Rows per block in the O(n²) Gaussian form: memory stays ~n × chunk floats."""


@dataclass(frozen=True)
class PreferenceFunction:
    """One criterion's generalised criterion (Brans & Vincke 1985, types I–VI).

    With d = f(a) − f(b) (orientated so larger is better):

    usual:    P = 1 if d > 0
    u-shape:  P = 1 if d > q
    v-shape:  P = d/p on (0, p], 1 beyond
    level:    P = ½ on (q, p], 1 beyond
    linear:   P = (d − q)/(p − q) on (q, p], 1 beyond
    gaussian: P = 1 − exp(−d²/(2s²)) for d > 0
    and 0 otherwise.
    """

    type: str = "usual"
    q: float = 0.0
    p: float = 0.0
    s: float = 1.0

    def __post_init__(self) -> None:
        if self.type not in PREFERENCE_TYPES:
            raise MethodError(
                f"unknown preference function {self.type!r}; one of {', '.join(PREFERENCE_TYPES)}"
            )
        if self.type in ("v-shape", "level", "linear") and self.p <= 0:
            raise MethodError(f"preference {self.type!r} needs p > 0")
        if self.type in ("level", "linear") and not self.q < self.p:
            raise MethodError(f"preference {self.type!r} needs q < p (got q={self.q}, p={self.p})")
        if self.type == "gaussian" and self.s <= 0:
            raise MethodError("preference 'gaussian' needs s > 0")

    def __call__(self, d: np.ndarray) -> np.ndarray:
        """P(d), vectorised — the textbook form, used by the direct method."""
        d = np.asarray(d, dtype=float)
        t, q, p = self.type, self.q, self.p
        if t == "usual":
            return (d > 0).astype(float)
        if t == "u-shape":
            return (d > q).astype(float)
        if t == "v-shape":
            return np.where(d > p, 1.0, np.where(d > 0, d / p, 0.0))
        if t == "level":
            return np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
        if t == "linear":
            return np.where(d > p, 1.0, np.where(d > q, (d - q) / (p - q), 0.0))
        return np.where(d > 0, 1.0 - np.exp(-(d * d) / (2 * self.s * self.s)), 0.0)


@dataclass(frozen=True)
class Flows:
    net: np.ndarray
    plus: np.ndarray
    minus: np.ndarray


def _orient(matrix: np.ndarray, types: np.ndarray) -> np.ndarray:
    return np.asarray(matrix, dtype=float) * np.where(np.asarray(types) < 0, -1.0, 1.0)


def _outranking_sums(y: np.ndarray, pref: PreferenceFunction) -> np.ndarray:
    """Σ_b P(y_a − y_b) for every a, by sorting and prefix sums: O(n log n).

    For a piecewise-linear P the sum splits into a count of b with
    y_b < y_a − p (P = 1), plus — on the sloped piece y_a − p ≤ y_b < y_a − q —
    a count and a sum of y_b read off the prefix sums of the sorted column.
    """
    ys = np.sort(y)
    prefix = np.concatenate([[0.0], np.cumsum(ys)])
    t = pref.type
    if t == "usual":
        return np.searchsorted(ys, y, side="left").astype(float)
    if t == "u-shape":
        return np.searchsorted(ys, y - pref.q, side="left").astype(float)
    q = 0.0 if t == "v-shape" else pref.q
    p = pref.p
    full = np.searchsorted(ys, y - p, side="left")  # d > p
    part = np.searchsorted(ys, y - q, side="left")  # d > q
    if t == "level":
        return full + 0.5 * (part - full)
    count = part - full
    sum_yb = prefix[part] - prefix[full]
    return np.asarray(full + (count * (y - q) - sum_yb) / (p - q))


def promethee2(
    matrix: np.ndarray,
    weights: np.ndarray,
    types: np.ndarray,
    preferences: Sequence[PreferenceFunction],
) -> Flows:
    """PROMETHEE II flows: φ = φ⁺ − φ⁻.

    π(a, b) = Σ_j w_j P_j(a, b) (weights normalised to sum 1);
    φ⁺(a) = Σ_b π(a, b)/(m − 1),  φ⁻(a) = Σ_b π(b, a)/(m − 1).

    Piecewise-linear preference functions use sorting and prefix sums, so
    time is O(m·n log n) and memory O(m·n) for m alternatives and n criteria;
    the Gaussian uses the direct pairwise sum in bounded blocks.  Cost
    criteria are negated first, so a lower value is preferred.

    References
    ----------
    Brans, J.-P. & Vincke, Ph. (1985). A preference ranking organisation
    method (The PROMETHEE method for MCDM). *Management Science* 31(6),
    647–656. doi:10.1287/mnsc.31.6.647
    """
    x = _orient(matrix, types)
    m, n = x.shape
    w = np.asarray(weights, dtype=float)
    total = w.sum()
    w = w / total if total > 0 else w
    plus = np.zeros(m)
    minus = np.zeros(m)
    for j in range(n):
        if w[j] == 0:
            continue
        pref = preferences[j]
        if pref.type == "gaussian":
            out, into = _direct_sums(x[:, j], pref)
        else:
            out = _outranking_sums(x[:, j], pref)
            into = _outranking_sums(-x[:, j], pref)
        plus += w[j] * out
        minus += w[j] * into
    if m > 1:
        plus /= m - 1
        minus /= m - 1
    return Flows(plus - minus, plus, minus)


def _direct_sums(y: np.ndarray, pref: PreferenceFunction) -> tuple[np.ndarray, np.ndarray]:
    out = np.empty_like(y)
    into = np.empty_like(y)
    for start in range(0, len(y), GAUSSIAN_CHUNK):
        block = y[start : start + GAUSSIAN_CHUNK, None]
        out[start : start + GAUSSIAN_CHUNK] = pref(block - y[None, :]).sum(axis=1)
        into[start : start + GAUSSIAN_CHUNK] = pref(y[None, :] - block).sum(axis=1)
    return out, into


def promethee2_direct(
    matrix: np.ndarray,
    weights: np.ndarray,
    types: np.ndarray,
    preferences: Sequence[PreferenceFunction],
) -> Flows:
    """The O(m²·n) textbook form: every pair, every criterion. A test oracle."""
    x = _orient(matrix, types)
    m, n = x.shape
    w = np.asarray(weights, dtype=float)
    w = w / w.sum() if w.sum() > 0 else w
    pi = np.zeros((m, m))
    for j in range(n):
        pi += w[j] * preferences[j](x[:, j][:, None] - x[:, j][None, :])
    scale = 1.0 / (m - 1) if m > 1 else 0.0
    plus = pi.sum(axis=1) * scale
    minus = pi.sum(axis=0) * scale
    return Flows(plus - minus, plus, minus)


def unicriterion_flows(
    matrix: np.ndarray, types: np.ndarray, preferences: Sequence[PreferenceFunction]
) -> np.ndarray:
    """The m × n matrix of unicriterion net flows φ_j(a).

    φ_j(a) = Σ_b [P_j(a, b) − P_j(b, a)] / (m − 1), so that the net flow is
    φ(a) = Σ_j w_j φ_j(a) for weights summing to 1 (Brans & Mareschal 2005,
    eq. 5.9 and 5.10).  Each column sums to 0.

    References
    ----------
    Brans, J.-P. & Mareschal, B. (2005). PROMETHEE methods. In: Figueira, J.,
    Greco, S. & Ehrgott, M. (eds.) *Multiple Criteria Decision Analysis:
    State of the Art Surveys*, Springer, ch. 5, pp. 163–196.
    """
    x = _orient(matrix, types)
    m, n = x.shape
    out = np.zeros((m, n))
    for j in range(n):
        pref = preferences[j]
        if pref.type == "gaussian":
            plus, minus = _direct_sums(x[:, j], pref)
        else:
            plus = _outranking_sums(x[:, j], pref)
            minus = _outranking_sums(-x[:, j], pref)
        out[:, j] = plus - minus
    return out / (m - 1) if m > 1 else out


FLOW_TOL = 1e-12
"""Two flows closer than this are equal (the same sum reached by different float paths)."""


def promethee1_relations(
    plus: Sequence[float], minus: Sequence[float], tol: float = FLOW_TOL
) -> tuple[tuple[str, ...], ...]:
    """PROMETHEE I: the partial order from the leaving and entering flows.

    a P b (preferred) when a is at least as good on both flows and better on
    one: φ⁺(a) ≥ φ⁺(b) and φ⁻(a) ≤ φ⁻(b), not both equal; a I b
    (indifferent) when both flows are equal; a R b (incomparable) when one
    flow says a and the other b — the two rankings conflict and PROMETHEE I
    refuses to decide.  ``relation[i][j]`` is ``"P+"`` (i P j), ``"P-"``
    (j P i), ``"I"`` or ``"R"``; flows within ``tol`` count as equal.

    References
    ----------
    Brans, J.-P. & Vincke, Ph. (1985). A preference ranking organisation
    method. *Management Science* 31(6), 647–656, §4 (PROMETHEE I).
    Brans, J.-P. & Mareschal, B. (2005). PROMETHEE methods, §5.1, in
    Figueira et al., *Multiple Criteria Decision Analysis*, Springer.
    """
    m = len(plus)
    rows: list[tuple[str, ...]] = []
    for i in range(m):
        row = []
        for j in range(m):
            dp = plus[i] - plus[j]  # > 0: i better on φ⁺
            dm = minus[j] - minus[i]  # > 0: i better on φ⁻
            better_p, worse_p = dp > tol, dp < -tol
            better_m, worse_m = dm > tol, dm < -tol
            if i == j or not (better_p or worse_p or better_m or worse_m):
                row.append(INDIFFERENT)
            elif not (worse_p or worse_m):
                row.append(PREFERRED)
            elif not (better_p or better_m):
                row.append(PREFERRED_BY)
            else:
                row.append(INCOMPARABLE)
        rows.append(tuple(row))
    return tuple(rows)


def _score(
    x: np.ndarray, w: np.ndarray, types: np.ndarray, prefs: Sequence[Any], vikor_v: float
) -> Scored:
    flows = promethee2(x, w, types, list(prefs))
    return Scored(
        flows.net,
        [{"phi_plus": float(a), "phi_minus": float(b)} for a, b in zip(flows.plus, flows.minus)],
        {},
    )


PROMETHEE2 = register(
    Method("promethee2", "net outranking flow φ", True, additive=False, scorer=_score)
)


def _score_partial(
    x: np.ndarray, w: np.ndarray, types: np.ndarray, prefs: Sequence[Any], vikor_v: float
) -> Scored:
    """PROMETHEE I: score = how many rows are preferred to this one (fewer is better)."""
    flows = promethee2(x, w, types, list(prefs))
    rel = promethee1_relations(list(flows.plus), list(flows.minus))
    m = len(rel)
    beaten = np.array([sum(rel[i][j] == PREFERRED_BY for j in range(m)) for i in range(m)], float)
    return Scored(
        beaten,
        [
            {"phi_plus": float(a), "phi_minus": float(b), "phi": float(c)}
            for a, b, c in zip(flows.plus, flows.minus, flows.net)
        ],
        {},
        relations=rel,
    )


PROMETHEE1 = register(
    Method(
        "promethee1",
        "regions preferred to it (PROMETHEE I)",
        False,
        additive=False,
        scorer=_score_partial,
        partial=True,
    )
)
