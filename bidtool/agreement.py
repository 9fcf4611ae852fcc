"""Do the methods agree?  Rank correlation and a consensus ranking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bidtool.methods import COMPARED_METHODS as METHODS
from bidtool.model import Inputs
from bidtool.ranking import Ranking, competition_ranks, rank


def spearman_rho(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's ρ: Pearson's correlation of the two rank vectors (ties allowed).

    Spearman, C. (1904). *Am. J. Psychology* 15(1), 72–101.  A constant
    ranking has no defined correlation; it is reported as 1.0 against an
    identical ranking and 0.0 otherwise.
    """
    n = len(x)
    if n == 0:
        return 1.0  # no eligible region: two empty rankings, identical
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return 1.0 if list(x) == list(y) else 0.0
    return float(sxy / (sxx * syy) ** 0.5)


def ws_coefficient(reference: Sequence[float], other: Sequence[float]) -> float:
    """WS rank similarity (Sałabun & Urbaniak 2020), weighting the top places most.

    WS = 1 − Σ_i 2^(−R_xi) · |R_xi − R_yi| / max(|R_xi − 1|, |R_xi − N|),
    with ``reference`` the ranking R_x.  Not symmetric.

    Sałabun, W. & Urbaniak, K. (2020). A new coefficient of rankings
    similarity in decision-making problems. *ICCS 2020*, LNCS 12138, 632–645.
    doi:10.1007/978-3-030-50417-5_47
    """
    n = len(reference)
    total = 0.0
    for rx, ry in zip(reference, other):
        denom = max(abs(rx - 1), abs(rx - n))
        if denom > 0:
            total += 2.0 ** (-rx) * abs(rx - ry) / denom
    return 1.0 - total


@dataclass(frozen=True)
class MultiRanking:
    rankings: dict[str, Ranking]
    region_ids: tuple[str, ...]  # eligible regions, consensus order
    ranks: dict[str, dict[str, int]]  # method → region → rank
    consensus: dict[str, int]
    mean_rank: dict[str, float]
    spearman: dict[str, dict[str, float]]
    ws: dict[str, dict[str, float]]
    excluded: dict[str, str] = field(default_factory=dict)  # method → why it is left out
    input_warnings: tuple[str, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """The inputs' warnings, each method's own, and one per method left out of the consensus."""
        n = len(self.input_warnings)
        return (
            *self.input_warnings,
            *(w for m, rk in self.rankings.items() if m not in self.excluded for w in rk.warnings[n:]),
            *(f"{m} is degenerate, left out of the consensus: {r}" for m, r in self.excluded.items()),
        )

    @property
    def consensus_methods(self) -> tuple[str, ...]:
        """The methods the consensus averages: every method that is not degenerate."""
        return tuple(m for m in self.rankings if m not in self.excluded)


def rank_all(inputs: Inputs, vikor_v: float | None = None) -> MultiRanking:
    """Rank with every method; consensus = competition rank of the mean rank.

    A degenerate method (every eligible region tied, e.g. WPM with a zero in
    every row) is left out of the consensus and listed in ``excluded`` with
    its reason; with every method degenerate, all of them count (it is a tie
    either way).
    """
    rankings = {m: rank(inputs, m, vikor_v) for m in METHODS}
    first = next(iter(rankings.values()))
    ids = [r.id for r in first.rows if r.eligible]
    ranks = {m: {r.id: r.rank for r in rk.rows if r.rank is not None} for m, rk in rankings.items()}
    excluded = {m: d for m, rk in rankings.items() if (d := rk.degenerate) is not None}
    if len(excluded) == len(rankings):
        excluded = {}
    counted = [m for m in METHODS if m not in excluded]
    mean = {i: sum(ranks[m][i] for m in counted) / len(counted) for i in ids}
    order, cons = competition_ranks([mean[i] for i in ids], ids, higher_is_better=False)
    consensus = {ids[k]: cons[k] for k in range(len(ids))}
    vec = {m: [float(ranks[m][i]) for i in ids] for m in METHODS}
    spearman = {a: {b: spearman_rho(vec[a], vec[b]) for b in METHODS} for a in METHODS}
    ws = {a: {b: ws_coefficient(vec[a], vec[b]) for b in METHODS} for a in METHODS}
    return MultiRanking(
        rankings,
        tuple(ids[k] for k in order),
        ranks,
        consensus,
        mean,
        spearman,
        ws,
        excluded,
        inputs.warnings,
    )
