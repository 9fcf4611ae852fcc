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
from dataclasses import dataclass, field

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
    matrix: tuple[tuple[float, ...], ...] = field(default=(), compare=False, repr=False)
    """The judgements as given (0 where missing): what :func:`revise_for_consistency` reads."""

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
    given = tuple(tuple(row) for row in a)
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
        return AhpResult((1.0,), 1.0, 0.0, 0.0, 0.0, matrix=given)
    if n >= EIG_FROM:
        w, lam = _principal_eigenvector(a)
    else:
        w, lam = _power_iteration(a)
    ci = (lam - n) / (n - 1)
    if abs(ci) < 1e-12:
        ci = 0.0
    ri = RANDOM_INDEX[n] if n < len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    cr = ci / ri if ri > 0 else 0.0
    return AhpResult(tuple(w), lam, ci, cr, ri, n_missing, given)


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


EXHAUSTIVE_UPTO = 9
"""Up to this many elements every judgement is tried at every scale value (Saaty's 7 ± 2)."""

SAATY_SCALE = tuple(1.0 / k for k in range(9, 1, -1)) + tuple(float(k) for k in range(1, 10))
"""Saaty's fundamental scale and its reciprocals: 1/9, 1/8, …, 1/2, 1, 2, …, 9."""


@dataclass(frozen=True)
class Revision:
    """One judgement to change so that the matrix becomes acceptably consistent.

    ``row``/``column`` index the judgement a_ij as written (how much more element
    i than element j); ``suggested`` is the value on Saaty's scale that, with the
    revisions before it, gives the lowest CR; ``consistent_value`` is
    w_i / w_j, the ratio the priority vector implies before the change
    (Saaty 2003); ``cr_before``/``cr_after`` bracket this change.
    """

    row: int
    column: int
    current: float
    suggested: float
    consistent_value: float
    cr_before: float
    cr_after: float


def revise_for_consistency(
    result_or_matrix: AhpResult | Sequence[Sequence[float]], threshold: float = CR_THRESHOLD
) -> tuple[Revision, ...]:
    """The judgements to change, most inconsistent first, until CR ≤ ``threshold``.

    Each step tries every given judgement a_ij (its reciprocal kept) at each
    of the seventeen values of Saaty's 1/9…9 scale.  If some single change
    brings CR to ``threshold`` or below, it suggests the smallest such change
    (in ratio, |ln(new/old)|); otherwise the change that gives the lowest CR —
    the judgement that contributes most to the inconsistency, and the value
    that removes most of it.  Beyond
    :data:`EXHAUSTIVE_UPTO` elements only the n judgements that deviate most
    from the priorities are tried — the largest ε_ij = a_ij · w_j / w_i
    measured as max(ε_ij, 1/ε_ij), w the principal eigenvector (Saaty 2003,
    §4; the element Ergu et al. 2011's induced matrix points at).  Steps
    repeat on the revised matrix until CR ≤ ``threshold`` or every given
    judgement has been revised once; one change is often not enough for a
    badly inconsistent matrix, and each step says what CR it reaches.  Ties go
    to the value nearest w_i / w_j, the ratio the priorities imply.  Missing
    judgements (0, Harker 1987) are never suggested.  Empty when the matrix is
    already consistent enough.

    References
    ----------
    Saaty, T. L. (2003). Decision-making with the AHP: Why is the principal
    eigenvector necessary. *European Journal of Operational Research* 145(1),
    85–91. doi:10.1016/S0377-2217(02)00227-8
    Ergu, D., Kou, G., Peng, Y. & Shi, Y. (2011). A simple method to improve
    the consistency ratio of the pair-wise comparison matrix in ANP.
    *European Journal of Operational Research* 213(1), 246–259.
    doi:10.1016/j.ejor.2011.03.014
    Harker, P. T. (1987). Derivatives of the Perron root of a positive
    reciprocal matrix: with application to the analytic hierarchy process.
    *Applied Mathematics and Computation* 22(2–3), 217–232.
    """
    if isinstance(result_or_matrix, AhpResult):
        result = result_or_matrix
        a = [list(row) for row in result.matrix]
    else:
        a = [[float(v) for v in row] for row in result_or_matrix]
        result = ahp_priorities(a)
    n = len(a)
    given = [
        (i, j) for i in range(n) for j in range(i + 1, n) if math.isfinite(a[i][j]) and a[i][j] > 0
    ]
    revised: set[tuple[int, int]] = set()
    out: list[Revision] = []
    while result.cr > threshold and len(revised) < len(given):
        w = result.weights
        open_cells = sorted(
            (c for c in given if c not in revised), key=lambda c: -_deviation(a, w, *c)
        )
        candidates = open_cells if n <= EXHAUSTIVE_UPTO else open_cells[:n]
        best: tuple[float, ...] | None = None
        for i, j in candidates:
            target = w[i] / w[j]
            for v in SAATY_SCALE:
                trial = [row[:] for row in a]
                trial[i][j], trial[j][i] = v, 1.0 / v
                cr = round(ahp_priorities(trial).cr, 12)
                change = abs(math.log(v / a[i][j]))
                # enough on its own: the smallest change that reaches the threshold;
                # otherwise the lowest CR (ties: nearest the ratio the priorities imply)
                key = (
                    (0.0, change, cr) if cr <= threshold else (1.0, cr, abs(math.log(v / target)))
                ) + (i, j, v)
                if best is None or key < best:
                    best = key
        assert best is not None
        i, j, value = int(best[3]), int(best[4]), best[5]
        current = a[i][j]
        a[i][j], a[j][i] = value, 1.0 / value
        after = ahp_priorities(a)
        out.append(Revision(i, j, current, value, w[i] / w[j], result.cr, after.cr))
        revised.add((i, j))
        result = after
    return tuple(out)


def _deviation(a: list[list[float]], w: Sequence[float], i: int, j: int) -> float:
    """max(ε, 1/ε) with ε_ij = a_ij · w_j / w_i: how far judgement (i, j) is from the
    priorities (Saaty 2003)."""
    eps = a[i][j] * w[j] / w[i]
    return max(eps, 1.0 / eps)


def judgement_text(value: float) -> str:
    """A judgement as people write it: ``3``, ``1/3``, ``2.5``."""
    if value >= 1:
        return f"{value:g}" if abs(value - round(value)) > 1e-9 else str(round(value))
    inverse = 1.0 / value
    if abs(inverse - round(inverse)) <= 1e-9:
        return f"1/{round(inverse)}"
    return f"{value:.3g}"


def revision_advice(elements: Sequence[str], revisions: Sequence[Revision]) -> str:
    """One sentence naming the judgements to change and what CR they would give."""
    if not revisions:
        return ""
    parts = []
    for r in revisions:
        parts.append(
            f"{elements[r.row]} vs {elements[r.column]}: {judgement_text(r.current)} → "
            f"{judgement_text(r.suggested)} (CR {r.cr_after:.3f}; the priorities imply "
            f"{r.consistent_value:.3g})"
        )
    first = parts[0]
    rest = "; then " + "; then ".join(parts[1:]) if len(parts) > 1 else ""
    return f"most inconsistent judgement {first}{rest}"
