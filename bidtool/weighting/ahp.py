"""Analytic Hierarchy Process priorities and consistency (Saaty 1980).

Pure Python on purpose: criteria files may carry AHP judgements, and
``bidtool validate`` must check their consistency without importing numpy.
The matrices are small (a group's children), so power iteration is exact
to machine precision in microseconds.  Beyond :data:`EIG_FROM` elements
(``bidtool weights ahp`` on a long list) numpy's eigensolver takes over,
imported only then: power iteration costs n² per step and, for large
inconsistent matrices, thousands of steps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bidtool.methods.errors import MethodError

RANDOM_INDEX = (
    0.0,
    0.0,
    0.0,
    0.58,
    0.90,
    1.12,
    1.24,
    1.32,
    1.41,
    1.45,
    1.49,
    1.51,
    1.48,
    1.56,
    1.57,
    1.59,
)
"""Saaty's random consistency index RI(n), n = 0…15 (Saaty 1980, Table 1.7)."""

CR_THRESHOLD = 0.10

_TOL = 1e-15
_MAX_ITER = 20_000
EIG_FROM = 16
"""Matrices with at least this many elements use numpy.linalg.eig (Saaty's RI table ends at 15)."""


@dataclass(frozen=True)
class AhpResult:
    weights: tuple[float, ...]
    lambda_max: float
    ci: float
    cr: float
    random_index: float
    missing_pairs: int = 0

    @property
    def consistent(self) -> bool:
        return self.cr <= CR_THRESHOLD


def ahp_priorities(matrix: Sequence[Sequence[float]]) -> AhpResult:
    """Principal-eigenvector priorities of a positive reciprocal matrix.

    w solves A w = λmax w (normalised to sum 1), found by power iteration
    (Saaty's own procedure: the normalised row sums of A^k converge to w);
    CI = (λmax − n)/(n − 1); CR = CI / RI(n) with Saaty's random index.
    Missing judgements are written as 0 (or NaN) and handled by Harker's
    method: a_ij = 0 and the diagonal a_ii = 1 + (number of missing entries
    in row i) (Harker 1987); the comparisons must still connect every
    element.

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    Saaty, T. L. (2008). Decision making with the analytic hierarchy process.
    *Int. J. Services Sciences* 1(1), 83–98.
    Harker, P. T. (1987). Incomplete pairwise comparisons in the AHP.
    *Mathematical Modelling* 9(11), 837–848.
    """
    a = [[float(v) for v in row] for row in matrix]
    n = len(a)
    if n == 0 or any(len(row) != n for row in a):
        raise MethodError(
            f"AHP needs a square matrix, got {n} rows of lengths {[len(r) for r in a]}"
        )
    missing = [
        [i != j and (not math.isfinite(a[i][j]) or a[i][j] == 0) for j in range(n)]
        for i in range(n)
    ]
    for i in range(n):
        for j in range(n):
            if not missing[i][j] and a[i][j] <= 0:
                raise MethodError("AHP judgements must be positive")
    n_missing = sum(map(sum, missing)) // 2
    if n_missing:
        for i in range(n):
            for j in range(n):
                if missing[i][j]:
                    a[i][j] = 0.0
            a[i][i] = 1.0 + sum(missing[i])
        _require_connected(missing)
    if n == 1:
        return AhpResult((1.0,), 1.0, 0.0, 0.0, 0.0)
    if n >= EIG_FROM:
        w, lam = _principal_eigenvector(a)
    else:
        w, lam = _power_iteration(a)
    ci = (lam - n) / (n - 1)
    if abs(ci) < 1e-12:
        ci = 0.0
    ri = RANDOM_INDEX[n] if n < len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    cr = ci / ri if ri > 0 else 0.0
    return AhpResult(tuple(w), lam, ci, cr, ri, n_missing)


def _principal_eigenvector(a: list[list[float]]) -> tuple[list[float], float]:
    """The Perron vector (sum 1) and λmax of a positive (or Harker) matrix, by LAPACK."""
    import numpy as np

    m = np.array(a, dtype=float)
    values, vectors = np.linalg.eig(m)
    k = int(np.argmax(values.real))
    v = np.abs(vectors[:, k].real)
    w = v / v.sum()
    lam = float(np.sum(m @ w))  # Σ(Aw) = λ Σw, as the power iteration reports it
    return [float(x) for x in w], lam


def _power_iteration(a: list[list[float]]) -> tuple[list[float], float]:
    """Saaty's procedure: normalised A^k 1 until it stops changing (to 1e-15)."""
    n = len(a)
    w = [1.0 / n] * n
    lam = float(n)
    for _ in range(_MAX_ITER):
        y = [math.fsum(a[i][j] * w[j] for j in range(n)) for i in range(n)]
        lam = math.fsum(y)  # Σ(Aw) = λ Σw = λ once w has converged (Σw = 1)
        nxt = [v / lam for v in y]
        done = max(abs(p - q) for p, q in zip(nxt, w)) <= _TOL
        w = nxt
        if done:
            break
    return w, lam


def _require_connected(missing: list[list[bool]]) -> None:
    n = len(missing)
    seen = {0}
    stack = [0]
    while stack:
        i = stack.pop()
        for j in range(n):
            if j != i and not missing[i][j] and j not in seen:
                seen.add(j)
                stack.append(j)
    if len(seen) < n:
        raise MethodError(
            "the comparisons do not connect every element (no chain of judgements links "
            f"element {min(set(range(n)) - seen) + 1} to element 1); add judgements"
        )


def parse_judgement(value: object) -> float:
    """A judgement: a number, or text like ``"1/3"`` or ``"3"``."""
    if isinstance(value, bool):
        raise ValueError(f"expected a positive number or 'a/b', got {value!r}")
    if isinstance(value, (int, float)):
        out = float(value)
    elif isinstance(value, str):
        text = value.strip()
        try:
            if "/" in text:
                num, den = text.split("/", 1)
                out = float(num) / float(den)
            else:
                out = float(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"expected a positive number or 'a/b', got {value!r}") from None
    else:
        raise ValueError(f"expected a positive number or 'a/b', got {value!r}")
    if not math.isfinite(out) or out <= 0:
        raise ValueError(f"expected a positive number or 'a/b', got {value!r}")
    if not JUDGEMENT_MIN <= out <= JUDGEMENT_MAX:
        # 1e-320 is subnormal and its reciprocal overflows to infinity
        raise ValueError(
            f"judgement {value!r} is out of range: a ratio must lie within 1e-100 … 1e100 "
            "(Saaty's scale runs from 1/9 to 9)"
        )
    return out


JUDGEMENT_MIN = 1e-100
JUDGEMENT_MAX = 1e100
"""Judgements outside these make the reciprocal matrix or its eigenvector overflow."""
