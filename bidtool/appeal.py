"""An appeal: which conclusions would a region's corrected figures change?

A losing region disputes some of its figures (a corrections file,
:mod:`bidtool.io.corrections`).  Everything is run twice — as the files stand
and with the corrections — by the same library calls ``rank``, ``unknowns``
and ``sensitivity`` make, and the conclusions are compared:

* each region's rank and score, and who is first;
* each region's eligibility (the must-pass constraints it fails);
* P(first): the SMAA-2 rank-1 acceptability (Lahdelma & Salminen 2001) with
  uniform weight draws and a fixed seed, so both runs see the same weight
  vectors and any difference comes from the corrected figures alone;
* the verify-first list of ``bidtool unknowns`` (DESIGN §9).

Every change is stated in words (``rank of gwangju: 2 → 1``) and as data
(``bidtool.appeal/1``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from bidtool.io.corrections import CorrectedFigure, Corrections
from bidtool.io.loading import metric_from
from bidtool.model import Inputs, data_status
from bidtool.prepare import apply_scenarios
from bidtool.ranking import Ranking, rank
from bidtool.unknowns import UnknownsResult, unknowns

APPEAL_SCHEMA = "bidtool.appeal/1"
P_FIRST_TOL = 1e-12
"""P(first) values closer than this are the same (both runs share their weight draws)."""


@dataclass(frozen=True)
class Conclusions:
    """What one run concludes."""

    ranking: Ranking
    unknowns: UnknownsResult | None  # None when nothing is eligible
    p_first: dict[str, float]  # eligible regions; empty without SMAA-2

    @property
    def leader(self) -> tuple[str, ...]:
        return tuple(sorted(r.id for r in self.ranking.rows if r.eligible and r.rank == 1))

    @property
    def verify_first(self) -> tuple[tuple[str, str], ...]:
        if self.unknowns is None:
            return ()
        return tuple((v.region, v.metric) for v in self.unknowns.verify_first)

    def to_dict(self) -> dict[str, Any]:
        return {
            "leader": list(self.leader),
            "ranking": [
                {
                    "id": r.id,
                    "rank": r.rank,
                    "score": r.score,
                    "eligible": r.eligible,
                    "failed_constraints": list(r.failed_constraints),
                    "p_first": self.p_first.get(r.id),
                }
                for r in self.ranking.rows
            ],
            "verify_first": [
                {"region": v.region, "metric": v.metric, "changes_leader": v.changes_leader}
                for v in (self.unknowns.verify_first if self.unknowns is not None else ())
            ],
        }


@dataclass(frozen=True)
class Change:
    """One conclusion that differs: ``rank``, ``leader``, ``eligibility``, ``p_first``,
    ``verify_first``; ``region`` is None for the leader."""

    conclusion: str
    region: str | None
    before: Any
    after: Any
    statement: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "conclusion": self.conclusion,
            "region": self.region,
            "before": self.before,
            "after": self.after,
            "statement": self.statement,
        }


@dataclass(frozen=True)
class Appeal:
    """The answer to an appeal: the corrected figures, both runs, and what changed."""

    region: str
    corrections: Corrections
    figures: tuple[CorrectedFigure, ...]
    before: Conclusions
    after: Conclusions
    changes: tuple[Change, ...]
    samples: int
    seed: int

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def method(self) -> str:
        return self.before.ranking.method

    def to_dict(self) -> dict[str, Any]:
        """The ``bidtool.appeal/1`` document (docs/audit.md)."""
        from bidtool._version import __version__
        from bidtool.render.json import criteria_document

        sc = self.corrections.scenario.info
        return {
            "schema": APPEAL_SCHEMA,
            "bidtool_version": __version__,
            "method": self.method,
            "criteria": criteria_document(self.before.ranking.criteria),
            "region": self.region,
            "corrections_file": {"path": sc.path, "sha256": sc.sha256, "name": sc.name},
            "samples": self.samples,
            "seed": self.seed,
            "corrections": [
                {
                    "metric": f.metric,
                    "unit": f.after.unit,
                    "before": {"value": f.before.value, "status": data_status(f.before)},
                    "after": {
                        "value": f.after.value,
                        "status": data_status(f.after),
                        "sources": [
                            {"title": s.title, "url": s.url, "publisher": s.publisher,
                             "date": s.date, "quote": s.quote}
                            for s in f.after.sources
                        ],
                        "note": f.after.note,
                    },
                }
                for f in self.figures
            ],
            "changed": self.changed,
            "changes": [c.to_dict() for c in self.changes],
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
        }


def conclude(
    inputs: Inputs, method: str | None, vikor_v: float | None, samples: int, seed: int
) -> Conclusions:
    """Rank, unknowns and (``samples`` > 0) SMAA-2 P(first) for one set of inputs."""
    ranking = rank(inputs, method, vikor_v)
    if not ranking.eligible_count:
        return Conclusions(ranking, None, {})
    unk = unknowns(inputs, method, vikor_v)
    p_first: dict[str, float] = {}
    if samples > 0:
        from bidtool.sensitivity.scorer import Scorer
        from bidtool.sensitivity.smaa import smaa

        scorer = Scorer.build(inputs, method, vikor_v)
        result = smaa(scorer, samples, seed, "uniform")
        p_first = {rid: float(p) for rid, p in zip(result.ids, result.p_first, strict=True)}
    return Conclusions(ranking, unk, p_first)


def _rank_word(rank: int | None, eligible: bool) -> str:
    return str(rank) if eligible and rank is not None else "ineligible"


def compare(before: Conclusions, after: Conclusions) -> tuple[Change, ...]:
    """Every conclusion that differs between two runs, leader first."""
    out: list[Change] = []
    if before.leader != after.leader:
        out.append(
            Change("leader", None, list(before.leader), list(after.leader),
                   f"first place: {', '.join(before.leader) or 'nobody'} → "
                   f"{', '.join(after.leader) or 'nobody'}")
        )
    old = {r.id: r for r in before.ranking.rows}
    for r in after.ranking.rows:
        o = old[r.id]
        if (o.rank, o.eligible) != (r.rank, r.eligible):
            out.append(
                Change("rank", r.id, o.rank, r.rank,
                       f"rank of {r.id}: {_rank_word(o.rank, o.eligible)} → "
                       f"{_rank_word(r.rank, r.eligible)}")
            )
    for r in after.ranking.rows:
        o = old[r.id]
        if (o.eligible, o.failed_constraints) != (r.eligible, r.failed_constraints):
            def word(eligible: bool, failed: tuple[str, ...]) -> str:
                return "eligible" if eligible else "fails " + "; ".join(failed)

            out.append(
                Change("eligibility", r.id,
                       {"eligible": o.eligible, "failed_constraints": list(o.failed_constraints)},
                       {"eligible": r.eligible, "failed_constraints": list(r.failed_constraints)},
                       f"eligibility of {r.id}: {word(o.eligible, o.failed_constraints)} → "
                       f"{word(r.eligible, r.failed_constraints)}")
            )
    for r in after.ranking.rows:
        a, b = before.p_first.get(r.id), after.p_first.get(r.id)
        if (a is None) != (b is None) or (a is not None and b is not None and abs(a - b) > P_FIRST_TOL):
            def pct(p: float | None) -> str:
                return "–" if p is None else f"{p:.1%}"

            out.append(
                Change("p_first", r.id, a, b, f"P(first) of {r.id}: {pct(a)} → {pct(b)}")
            )
    gone = [v for v in before.verify_first if v not in after.verify_first]
    new = [v for v in after.verify_first if v not in before.verify_first]
    if gone or new:
        words = []
        if new:
            words.append("now " + ", ".join(f"{r}.{m}" for r, m in new))
        if gone:
            words.append("no longer " + ", ".join(f"{r}.{m}" for r, m in gone))
        out.append(
            Change("verify_first", None, [list(v) for v in before.verify_first],
                   [list(v) for v in after.verify_first],
                   "figures to verify first: " + "; ".join(words))
        )
    return tuple(out)


def appeal(
    inputs: Inputs,
    corrections: Corrections,
    method: str | None = None,
    vikor_v: float | None = None,
    samples: int = 10_000,
    seed: int = 1,
) -> Appeal:
    """Run everything with and without ``corrections`` and state what changes."""
    corrected, figures = apply_corrections(inputs, corrections)
    before = conclude(inputs, method, vikor_v, samples, seed)
    after = conclude(corrected, method, vikor_v, samples, seed)
    return Appeal(
        corrections.region, corrections, figures, before, after, compare(before, after),
        samples, seed,
    )


def apply_corrections(
    inputs: Inputs, corrections: Corrections
) -> tuple[Inputs, tuple[CorrectedFigure, ...]]:
    """``inputs`` with the corrected figures in place — each with its status and sources —
    validated as a scenario (unknown metric, wrong type or unit → exit 3 with its line)."""
    applied = apply_scenarios(inputs, [corrections.scenario])
    rid = corrections.region
    k = [r.id for r in applied.regions].index(rid)
    region = applied.regions[k]
    old = next(r for r in inputs.regions if r.id == rid)
    metrics = dict(region.metrics)
    figures: list[CorrectedFigure] = []
    for name, m in corrections.scenario.model.regions[rid].items():
        before = old.metric(name)
        after = metric_from(
            m,
            corrections.scenario.doc.line_of(("regions", rid, name)),
            unit=metrics[name].unit,
            note=m.note or f"appeal ({corrections.path}); the region file says "
            f"{'unknown' if before.value is None else repr(before.value)}",
        )
        metrics[name] = after
        figures.append(CorrectedFigure(name, before, after))
    regions = list(applied.regions)
    regions[k] = replace(region, metrics=metrics)
    return replace(applied, regions=tuple(regions)), tuple(figures)
