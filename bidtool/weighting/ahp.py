"""Analytic Hierarchy Process priorities and consistency (Saaty 1980)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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


@dataclass(frozen=True)
class AhpResult:
    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float
    random_index: float

    @property
    def consistent(self) -> bool:
        return self.cr <= CR_THRESHOLD


def ahp_priorities(matrix: np.ndarray) -> AhpResult:
    """Principal-eigenvector priorities of a positive reciprocal matrix.

    w solves A w = λmax w (normalised to sum 1); CI = (λmax − n)/(n − 1);
    CR = CI / RI(n) with Saaty's random index.  Missing judgements are
    written as 0 (or NaN) and handled by Harker's method: a_ij = 0 and the
    diagonal a_ii = 1 + (number of missing entries in row i) (Harker 1987).

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    Saaty, T. L. (2008). Decision making with the analytic hierarchy process.
    *Int. J. Services Sciences* 1(1), 83–98.
    Harker, P. T. (1987). Incomplete pairwise comparisons in the AHP.
    *Mathematical Modelling* 9(11), 837–848.
    """
    a = np.array(matrix, dtype=float)
    n = a.shape[0]
    if a.shape != (n, n) or n == 0:
        raise MethodError(f"AHP needs a square matrix, got shape {a.shape}")
    missing = ~np.isfinite(a) | (a == 0)
    np.fill_diagonal(missing, False)
    if (a[~missing] <= 0).any():
        raise MethodError("AHP judgements must be positive")
    if missing.any():
        a = np.where(missing, 0.0, a)
        a[np.diag_indices(n)] = 1.0 + missing.sum(axis=1)
    if n == 1:
        return AhpResult(np.ones(1), 1.0, 0.0, 0.0, 0.0)
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    if not np.isfinite(w).all() or w.sum() == 0:
        raise MethodError("AHP: the comparison graph is disconnected; add judgements")
    w = w / w.sum()
    lam = float(values[k].real)
    ci = (lam - n) / (n - 1)
    ri = RANDOM_INDEX[n] if n < len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    cr = ci / ri if ri > 0 else 0.0
    return AhpResult(w, lam, max(ci, 0.0) if abs(ci) < 1e-12 else ci, cr, ri)


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
    if not np.isfinite(out) or out <= 0:
        raise ValueError(f"expected a positive number or 'a/b', got {value!r}")
    return out


def matrix_from_judgements(
    elements: list[str], judgements: dict[str, dict[str, float]]
) -> np.ndarray:
    """Build a reciprocal matrix from ``{a: {b: 3}}`` (a is 3× as important as b).

    Pairs not given are left missing (0) for Harker's method.
    """
    index = {e: i for i, e in enumerate(elements)}
    n = len(elements)
    a = np.zeros((n, n))
    np.fill_diagonal(a, 1.0)
    for row, cols in judgements.items():
        for col, value in cols.items():
            i, j = index[row], index[col]
            a[i, j] = value
            a[j, i] = 1.0 / value
    return a
