"""A committee: each member's weights, the group's, and how far they agree.

Every member file weighs the same criteria tree, level by level, with direct
weights or AHP pairwise judgements (levels a member leaves alone keep the
criteria file's weights).  The group's weights come from one of the two
aggregations of Forman & Peniwati (1998):

* **AIJ** — aggregation of individual judgements: the element-wise geometric
  mean of the members' pairwise matrices, then its principal eigenvector.
  A member's direct weights enter as the consistent matrix a_ij = w_i / w_j;
  a missing AHP judgement is filled the same way from that member's own
  priorities.
* **AIP** — aggregation of individual priorities: the geometric mean of the
  members' priority vectors, renormalised.

For consistent matrices the two coincide.  Agreement on the ranking is
Kendall's coefficient of concordance W over the members' rankings of the
eligible regions (Kendall & Babington Smith 1939), with the correction for
tied ranks (Kendall & Gibbons 1990, eq. 6.4).

References
----------
Forman, E. & Peniwati, K. (1998). Aggregating individual judgments and
priorities with the analytic hierarchy process. *EJOR* 108(1), 165–169.
Kendall, M. G. & Babington Smith, B. (1939). The problem of m rankings.
*Annals of Mathematical Statistics* 10(3), 275–287.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from bidtool.errors import InputError, Problem
from bidtool.io.members import TOP as TOP
from bidtool.io.members import Member, MemberFile, read_member
from bidtool.methods.errors import MethodError
from bidtool.model import CriteriaSet, Inputs
from bidtool.ranking import Ranking, rank
from bidtool.weighting.ahp import AhpResult, ahp_priorities

Aggregation = Literal["aij", "aip"]


def member_criteria(
    criteria: CriteriaSet, priorities: Mapping[str, Sequence[float]]
) -> CriteriaSet:
    """The criteria tree with every level weighed by ``priorities``."""
    weights = {
        c.id: float(w) for lvl, nodes in criteria.levels() for c, w in zip(nodes, priorities[lvl])
    }
    return replace(criteria.reweighed(weights, "committee"), ahp=(), weighting="direct")


def aggregate_aij(members: Sequence[Member], level: str) -> AhpResult:
    """Geometric mean of the members' pairwise matrices, then the eigenvector."""
    n = len(members[0].matrices[level])
    k = len(members)
    mean = [
        [math.exp(sum(math.log(m.matrices[level][i][j]) for m in members) / k) for j in range(n)]
        for i in range(n)
    ]
    return ahp_priorities(mean)


def aggregate_aip(members: Sequence[Member], level: str) -> tuple[float, ...]:
    """Geometric mean of the members' priority vectors, renormalised (a zero vetoes)."""
    n = len(members[0].priorities[level])
    k = len(members)
    geo = [
        0.0
        if any(m.priorities[level][i] <= 0 for m in members)
        else math.exp(sum(math.log(m.priorities[level][i]) for m in members) / k)
        for i in range(n)
    ]
    total = sum(geo)
    if total <= 0:
        raise MethodError(f"AIP: every weight at level {level or TOP!r} is vetoed by someone")
    return tuple(g / total for g in geo)


def kendall_w(ranks: Sequence[Sequence[float]]) -> float:
    """Kendall's W for ``ranks[rater][object]`` (ties as mid-ranks, corrected).

    W = 12 S / (m² (n³ − n) − m Σ T),  S = Σ_j (R_j − m (n + 1) / 2)²,
    T = Σ (t³ − t) over each rater's groups of t tied objects.
    """
    m = len(ranks)
    n = len(ranks[0]) if m else 0
    if m < 2 or n < 2:
        raise MethodError("Kendall's W needs at least two raters and two objects")
    totals = [sum(r[j] for r in ranks) for j in range(n)]
    mean = m * (n + 1) / 2
    s = sum((t - mean) ** 2 for t in totals)
    ties = 0.0
    for r in ranks:
        counts: dict[float, int] = {}
        for v in r:
            counts[v] = counts.get(v, 0) + 1
        ties += sum(t**3 - t for t in counts.values())
    denominator = m**2 * (n**3 - n) - m * ties
    return 12 * s / denominator if denominator > 0 else 1.0


def mid_ranks(scores: Sequence[float], higher_is_better: bool = True) -> list[float]:
    """Ranks 1..n with ties sharing the mean of their positions (for W)."""
    sign = -1.0 if higher_is_better else 1.0
    order = sorted(range(len(scores)), key=lambda i: sign * scores[i])
    out = [0.0] * len(scores)
    pos = 0
    while pos < len(order):
        end = pos
        while end + 1 < len(order) and math.isclose(
            scores[order[end + 1]], scores[order[pos]], rel_tol=1e-12, abs_tol=1e-15
        ):
            end += 1
        for k in range(pos, end + 1):
            out[order[k]] = (pos + end) / 2 + 1
        pos = end + 1
    return out


@dataclass(frozen=True)
class Disagreement:
    criterion: str
    label: str
    group_weight: float
    member: str
    member_weight: float

    @property
    def gap(self) -> float:
        return self.member_weight - self.group_weight


@dataclass(frozen=True)
class Committee:
    aggregation: Aggregation
    members: tuple[Member, ...]
    group: CriteriaSet
    group_ahp: dict[str, AhpResult]  # AIJ: the aggregated matrix's result per level
    member_sets: tuple[CriteriaSet, ...]
    inputs: Inputs


def _consistent_matrix(w: Sequence[float]) -> list[list[float]]:
    return [[wi / wj if wj > 0 else math.inf for wj in w] for wi in w]


def weigh_member(parsed: MemberFile) -> Member:
    """A member's priorities at every level: AHP levels by
    :func:`~bidtool.weighting.ahp.ahp_priorities` (Saaty 1980; Harker 1987 for missing
    judgements, which are then filled from the member's own priorities so AIJ has a
    complete matrix — Forman & Peniwati 1998), direct levels normalised to sum 1."""
    judged: dict[str, AhpResult] = {}
    matrices: dict[str, list[list[float]]] = {}
    priorities: dict[str, tuple[float, ...]] = {}
    problems: list[Problem] = []
    for lvl, matrix in parsed.judgements.items():
        try:
            result = ahp_priorities(matrix)
        except MethodError as exc:
            line, shown = parsed.where[lvl]
            problems.append(Problem(parsed.path, line, shown, str(exc)))
            continue
        judged[lvl] = result
        priorities[lvl] = result.weights
        full = _consistent_matrix(result.weights)
        matrices[lvl] = [
            [row[j] if row[j] > 0 else full[i][j] for j in range(len(row))]
            for i, row in enumerate(matrix)
        ]
    if problems:
        raise InputError(problems)
    for lvl, raw in parsed.weights.items():
        total = sum(raw)
        priorities[lvl] = tuple(w / total for w in raw)
        matrices[lvl] = _consistent_matrix(priorities[lvl])
    return Member(
        parsed.name, parsed.role, parsed.path, parsed.sha256, priorities, matrices, judged
    )


def convene(inputs: Inputs, paths: Sequence[str], aggregation: Aggregation = "aij") -> Committee:
    """Load every member file (all problems at once) and aggregate their weights."""
    criteria = inputs.criteria
    if criteria.weighting != "direct":
        raise InputError.single(
            criteria.path,
            f"weights are computed from the data ({criteria.weighting}); a committee weighs "
            "the tree itself — use a file with direct or AHP weights",
        )
    members: list[Member] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            members.append(weigh_member(read_member(path, criteria)))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    group: dict[str, Sequence[float]] = {}
    group_ahp: dict[str, AhpResult] = {}
    for lvl, _ in criteria.levels():
        try:
            if aggregation == "aij":
                zero = next((m for m in members if min(m.priorities[lvl]) <= 0), None)
                if zero is not None:
                    raise InputError.single(
                        zero.path,
                        f"a zero weight at level {lvl or TOP!r} has no pairwise ratio; AIJ "
                        "needs positive weights (use --aggregate aip, where a zero vetoes)",
                        path="weights",
                    )
                result = aggregate_aij(members, lvl)
                group_ahp[lvl] = result
                group[lvl] = result.weights
            else:
                group[lvl] = aggregate_aip(members, lvl)
        except MethodError as exc:
            raise InputError.single(criteria.path, str(exc)) from None
    return Committee(
        aggregation,
        tuple(members),
        member_criteria(criteria, group),
        group_ahp,
        tuple(member_criteria(criteria, m.priorities) for m in members),
        inputs,
    )


def check_consistency(c: Committee, strict: bool = False) -> list[Problem]:
    """Every member's AHP level whose consistency ratio is over 0.10.

    Returned as problems to warn of; with ``strict`` they are refused instead
    (:class:`~bidtool.errors.InputError`, exit 3), as ``--strict`` promises.
    """
    bad = [
        Problem(
            m.path,
            None,
            f"ahp.{lvl}",
            f"consistency ratio {cr:.3f} > 0.10: the judgements "
            "contradict each other; revise the most inconsistent pairs",
        )
        for m in c.members
        for lvl, cr in m.inconsistent
    ]
    if bad and strict:
        raise InputError([Problem(p.file, p.line, p.path, f"--strict: {p.message}") for p in bad])
    return bad


def disagreements(c: Committee) -> list[Disagreement]:
    """Per leaf criterion, the member whose global weight is farthest from the group's."""
    out = []
    for j, leaf in enumerate(c.group.leaves):
        far = max(
            range(len(c.members)),
            key=lambda k: (abs(c.member_sets[k].leaves[j].weight - leaf.weight), -k),
        )
        out.append(
            Disagreement(
                leaf.id,
                leaf.criterion.label,
                leaf.weight,
                c.members[far].name,
                c.member_sets[far].leaves[j].weight,
            )
        )
    return sorted(out, key=lambda d: -abs(d.gap))


@dataclass(frozen=True)
class Verdict:
    """The group's ranking next to every member's, and how far they agree."""

    committee: Committee
    method: str
    group: Ranking
    members: tuple[Ranking, ...]
    kendall_w: float | None  # None with fewer than two members or eligible regions
    disagreements: tuple[Disagreement, ...]


def deliberate(c: Committee, method: str | None = None, vikor_v: float | None = None) -> Verdict:
    group = rank(replace(c.inputs, criteria=c.group), method, vikor_v)
    members = tuple(rank(replace(c.inputs, criteria=s), method, vikor_v) for s in c.member_sets)
    eligible = [r.id for r in group.rows if r.eligible]
    w = None
    if len(c.members) >= 2 and len(eligible) >= 2:
        ranks = []
        for ranking in members:
            scores = [ranking.row(rid).score or 0.0 for rid in eligible]
            ranks.append(mid_ranks(scores, ranking.higher_is_better))
        w = kendall_w(ranks)
    return Verdict(c, group.method, group, members, w, tuple(disagreements(c)))


def concordance_words(w: float) -> str:
    """A conventional reading of W (Schmidt 1997): how much the members agree."""
    if w >= 0.9:
        return "unusually strong agreement"
    if w >= 0.7:
        return "strong agreement"
    if w >= 0.5:
        return "moderate agreement"
    if w >= 0.3:
        return "weak agreement"
    return "little agreement"
