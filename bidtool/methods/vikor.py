"""VIKOR: the compromise solution closest to the ideal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bidtool.methods.registry import Method, Scored, register


@dataclass(frozen=True)
class VikorResult:
    q: np.ndarray
    s: np.ndarray
    r: np.ndarray
    order: tuple[int, ...]  # the best two by Q (ties by index)
    acceptable_advantage: bool
    acceptable_stability: bool
    compromise: tuple[int, ...]  # indices of the compromise set


def vikor(
    matrix: np.ndarray, weights: np.ndarray, types: np.ndarray, v: float = 0.5
) -> VikorResult:
    """VIKOR (Opricovic 1998; Opricovic & Tzeng 2004).

    f*_j, f⁻_j: best and worst value of criterion j.
    S_i = Σ_j w_j (f*_j − f_ij)/(f*_j − f⁻_j),  R_i = max_j w_j (f*_j − f_ij)/(f*_j − f⁻_j),
    Q_i = v (S_i − S*)/(S⁻ − S*) + (1 − v)(R_i − R*)/(R⁻ − R*).
    Lower Q is better.  A constant criterion contributes 0; if S (or R) is
    the same for everyone (to 1e-12 relative) its term is 0.

    Compromise (Opricovic & Tzeng 2004, §3): with a′ the best by Q and a″ the
    second, DQ = 1/(m − 1):
    C1 acceptable advantage: Q(a″) − Q(a′) ≥ DQ;
    C2 acceptable stability: a′ is also best by S or by R.
    If C1 fails the compromise set is every a with Q(a) − Q(a′) < DQ; if only
    C2 fails it is {a′, a″}; otherwise {a′}.

    References
    ----------
    Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods:
    A comparative analysis of VIKOR and TOPSIS. *EJOR* 156(2), 445–455.
    doi:10.1016/S0377-2217(03)00020-1
    """
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    benefit = np.asarray(types) > 0
    best = np.where(benefit, x.max(axis=0), x.min(axis=0))
    worst = np.where(benefit, x.min(axis=0), x.max(axis=0))
    span = best - worst
    # w_j / (f*_j − f⁻_j) per column, 0 for a constant criterion: one pass over the matrix
    factor = np.where(span != 0, w / np.where(span != 0, span, 1.0), 0.0)
    weighted = (best - x) * factor
    s = weighted.sum(axis=1)
    r = weighted.max(axis=1) if x.shape[1] else np.zeros(x.shape[0])

    def scaled(a: np.ndarray) -> np.ndarray:
        # S or R equal for everyone up to rounding (1e-12 relative, DESIGN §4's tie rule)
        # is a tie: dividing rounding noise by rounding noise would flip Q by (1 − v)
        lo, hi = float(a.min()), float(a.max())
        if hi - lo <= 1e-12 * max(abs(hi), abs(lo)):
            return np.zeros_like(a)
        out: np.ndarray = (a - lo) / (hi - lo)
        return out

    q = v * scaled(s) + (1 - v) * scaled(r)
    m = len(q)
    if m < 2:
        return VikorResult(q, s, r, tuple(range(m)), True, True, tuple(range(m)))
    # the best two by Q, ties by index (argmin returns the first occurrence)
    first = int(np.argmin(q))
    rest = q.copy()
    rest[first] = np.inf
    second = int(np.argmin(rest))
    dq = 1.0 / (m - 1)
    tol = 1e-12
    advantage = bool(q[second] - q[first] >= dq - tol)
    stability = bool(s[first] <= s.min() + tol or r[first] <= r.min() + tol)
    if not advantage:
        close = np.flatnonzero(q - q[first] < dq - tol)
        compromise = tuple(int(i) for i in close[np.argsort(q[close], kind="stable")])
    elif not stability:
        compromise = (first, second)
    else:
        compromise = (first,)
    return VikorResult(q, s, r, (first, second), advantage, stability, compromise)


def _score(
    x: np.ndarray, w: np.ndarray, types: np.ndarray, prefs: Sequence[Any], vikor_v: float
) -> Scored:
    r = vikor(x, w, types, v=vikor_v)
    info = {
        "v": vikor_v,
        "acceptable_advantage": r.acceptable_advantage,
        "acceptable_stability": r.acceptable_stability,
    }
    extra = [
        {"S": float(r.s[i]), "R": float(r.r[i]), "in_compromise_set": i in r.compromise}
        for i in range(len(x))
    ]
    return Scored(r.q, extra, info)


VIKOR = register(Method("vikor", "VIKOR Q", False, additive=False, scorer=_score))
