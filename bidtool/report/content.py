"""What a report says, computed once; the HTML, XLSX and Markdown writers only lay it out.

A report holds the ranking, the data behind it (every figure with unit,
status and source), the weights, SMAA-2 rank acceptabilities and critical
weights (unless ``samples`` is 0), each runner-up's gap to first place, and
the SHA-256 of every input file with the bidtool version, so a reader can
reproduce it.  Nothing here depends on the clock unless ``timestamp`` is set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from bidtool import __version__
from bidtool.i18n import Lang, Text, text
from bidtool.methods.gaia import Gaia
from bidtool.model import Inputs, Metric
from bidtool.ranking import Ranking, gaia_of, rank
from bidtool.sensitivity.analysis import Sensitivity
from bidtool.sensitivity.gap import Gap, gap
from bidtool.spatial.mapdata import MapData
from bidtool.unknowns import UnknownsResult, unknowns


@dataclass(frozen=True)
class DataCell:
    region: str
    metric: Metric


GAP_REGIONS = 10
"""Gap statements for at most this many runners-up (the best-ranked); ``bidtool gap ID`` for others."""
SHOWN_REGIONS = 20
"""The heat map and acceptability tables show this many regions and ranks at most."""


@dataclass(frozen=True)
class Report:
    title: str
    ranking: Ranking
    inputs: Inputs
    sensitivity: Sensitivity | None
    gaps: tuple[Gap, ...]
    generated_at: str | None = None
    files: tuple[tuple[str, str], ...] = field(default=())  # (path, sha256)
    unknowns: UnknownsResult | None = None  # what the unknown figures could change
    notes: dict[str, str] = field(default_factory=dict)  # section → what was left out
    lang: Lang = "en"  # the language of headings and notes (data stays as it is)
    appeal: Any = None  # bidtool.appeal.Appeal: which conclusions a region's corrections change
    promises: tuple[tuple[str, Ranking], ...] = ()  # (milestone label, ranking at it)
    gaia: Gaia | None = None  # the GAIA plane of the eligible regions (two or more)
    map: MapData | None = None  # the sites and the criteria's layers in EPSG:5179; None: no site
    value: ValueForMoney | None = None  # benefit vs cost to the state (value_for_money:)

    @property
    def version(self) -> str:
        return __version__

    def data(self, metric: str) -> list[DataCell]:
        return [DataCell(r.id, r.metric(metric)) for r in self.inputs.regions]

    @property
    def estimates(self) -> int:
        """How many figures in the data table are estimates."""
        metrics = {leaf.metric for leaf in self.ranking.leaves}
        return sum(
            1
            for r in self.inputs.regions
            for name in metrics
            if r.metric(name).status == "estimate" and r.metric(name).value is not None
        )


def build_report(
    inputs: Inputs,
    method: str | None = None,
    vikor_v: float | None = None,
    samples: int = 10_000,
    seed: int = 1,
    timestamp: bool = False,
    progress: Callable[[int], None] | None = None,
    stage: Callable[[str, int], Callable[[int], None]] | None = None,
    lang: Lang = "en",
) -> Report:
    """Rank, test robustness and find the gaps; ``samples=0`` skips the sensitivity part.

    ``progress(n)`` counts SMAA-2 draws.  ``stage(label, total)``, when given, is
    called as each long step starts (sweeps, SMAA-2 unless ``progress`` is given,
    gaps, unknowns) and returns that step's ``advance(n)``.  ``lang`` is the
    language the report is written in (headings, notes; not the data).
    """
    t = text(lang)

    def step(label: str, total: int) -> Callable[[int], None] | None:
        return stage(label, total) if stage is not None else None

    ranking = rank(inputs, method, vikor_v)
    sens = None
    scorer = None  # one for the sensitivity part and every gap
    gaps: list[Gap] = []
    notes: dict[str, str] = {}
    if ranking.eligible_count:
        from bidtool.sensitivity.analysis import assemble, scorer_for

        if samples > 0:
            from bidtool.sensitivity.sweep import criteria_to_sweep

            scorer = scorer_for(inputs, method, vikor_v)
            swept = step(t("report.stage.sweeps"), len(criteria_to_sweep(scorer)))
            drawn = progress if progress is not None else step("SMAA-2", samples)
            sens = assemble(
                scorer, samples, seed, "uniform", None, progress=drawn, sweep_progress=swept
            )
            base = sens.base_ranks
            if len(base) > SHOWN_REGIONS:
                best = sorted(base, key=lambda i: (base[i], i))[:SHOWN_REGIONS]
                sens = replace(sens, base_ranks={i: base[i] for i in best})
                notes["sensitivity"] = t(
                    "report.note.sensitivity_shown", shown=SHOWN_REGIONS, n=f"{len(base):,}"
                )
        runners_up = [r for r in ranking.rows if r.eligible and r.rank and r.rank > 1]
        if inputs.criteria.weighting != "direct":
            # weights computed from the figures move with them: no gap is solved with
            # today's weights (it could be wrong), a note says why (see sensitivity.gap)
            notes["gaps"] = t("report.note.gaps_data_weights", weighting=inputs.criteria.weighting)
            runners_up = []
        elif len(runners_up) > GAP_REGIONS:
            notes["gaps"] = t("report.note.gaps_shown", shown=GAP_REGIONS, n=f"{len(runners_up):,}")
        gapped = step(t("report.stage.gaps"), len(runners_up[:GAP_REGIONS]))
        if runners_up and scorer is None:
            from bidtool.sensitivity.scorer import Scorer

            scorer = Scorer.build(inputs, method, vikor_v)
        for row in runners_up[:GAP_REGIONS]:
            assert row.rank is not None
            if gapped is not None:
                gapped(1)
            to_first = gap(inputs, row.id, 1, method, vikor_v, scorer=scorer)
            gaps.append(to_first)
            if row.rank > 2 and not reachable(to_first):
                gaps.append(gap(inputs, row.id, row.rank - 1, method, vikor_v, scorer=scorer))
    files = [(inputs.criteria.path, inputs.criteria.sha256)]
    files += [(r.path, r.sha256) for r in inputs.regions]
    files += [inputs.catalogue] if inputs.catalogue is not None else []
    files += [(s.path, s.sha256) for s in inputs.scenarios]
    when = generated_at() if timestamp else None
    title = f"{t.name(inputs.criteria.name, inputs.criteria.name_ko)} — {ranking.method}"
    if inputs.scenarios:
        title += f" ({inputs.scenario_label})"
    if inputs.at:
        title += f" (promises at {inputs.at})"
    unk = None
    if ranking.eligible_count:
        unk = unknowns(
            inputs, method, vikor_v, progress=step(t("report.stage.unknowns"), len(inputs.regions))
        )
    return Report(
        title, ranking, inputs, sens, tuple(gaps), when, tuple(files), unk, notes, lang,
        promises=promises_over_time(inputs, method, vikor_v),
        gaia=gaia_of(ranking),
        map=site_map(inputs),
        value=value_for_money(ranking),
    )


@dataclass(frozen=True)
class ValuePoint:
    id: str
    name: str
    name_ko: str | None
    rank: int
    benefit: float  # Σ wⱼ·uⱼ over the leaves of the groups that are not costs to the state
    cost: float  # Σ wⱼ·uⱼ over the leaves of the groups that are
    efficient: bool  # on the efficient frontier (no region more benefit for no more cost)


@dataclass(frozen=True)
class ValueForMoney:
    cost_groups: tuple[str, ...]  # the groups' labels
    points: tuple[ValuePoint, ...]  # eligible regions, by rank
    note: str | None  # the criteria file's reason


def value_for_money(ranking: Ranking) -> ValueForMoney | None:
    """Benefit against cost to the state, per eligible region, and who is efficient.

    Both are parts of the weighted sum Σ wⱼ·uⱼ (global leaf weight × utility, unknown
    figures scored by the leaf's ``missing`` policy): cost over the leaves of the groups
    ``value_for_money.cost_to_state`` names, benefit over all the others, so benefit +
    cost is the WSM score.  None when the criteria file names no such group.
    """
    crit = ranking.criteria
    if not crit.cost_to_state:
        return None
    import numpy as np

    from bidtool.dominance import efficient

    rows = [r for r in ranking.rows if r.eligible and r.rank is not None]
    costs = set(crit.cost_to_state)
    benefit, cost = [], []
    for row in rows:
        b = c = 0.0
        for leaf in ranking.leaves:
            part = leaf.weight * (row.utilities[leaf.id] or 0.0)
            if leaf.group.id in costs:
                c += part
            else:
                b += part
        benefit.append(b)
        cost.append(c)
    on = efficient(np.array(benefit), np.array(cost)) if rows else np.array([], dtype=bool)
    points = tuple(
        ValuePoint(r.id, r.name, r.name_ko, r.rank or 0, benefit[k], cost[k], bool(on[k]))
        for k, r in enumerate(rows)
    )
    labels = tuple(g.label for g in crit.groups if g.id in costs)
    return ValueForMoney(labels, points, crit.value_for_money_note)


def site_map(inputs: Inputs) -> MapData | None:
    """The map's data (:func:`bidtool.spatial.mapdata.map_data`); None when no region has a
    site to place."""
    if not any(r.site is not None and (r.site.location or r.site.geometry) for r in inputs.regions):
        return None
    from bidtool.spatial.mapdata import map_data

    return map_data(inputs)


PROMISES_TITLE = "Promises over time"


def promises_over_time(
    inputs: Inputs, method: str | None, vikor_v: float | None
) -> tuple[tuple[str, Ranking], ...]:
    """The ranking at each milestone of the criteria file, when some figure has a schedule:
    which ranking rests on promises rather than on what exists (``--at`` each milestone)."""
    scheduled = any(m.schedule for r in inputs.regions for m in r.metrics.values())
    if not scheduled or not inputs.criteria.milestones or inputs.at is not None:
        return ()
    from bidtool.promises import day_of, state_at

    order = sorted(inputs.criteria.milestones, key=lambda kv: (day_of(kv[1]), kv[0]))
    return tuple(
        (f"{name} ({date})", rank(state_at(inputs, name), method, vikor_v)) for name, date in order
    )


def promise_rows(report: Report) -> tuple[list[str], list[list[str]], str]:
    """Header, one row per region (rank as filed, then at each milestone), and a sentence
    saying whether the leader depends on the promises."""
    t = text(report.lang)
    filed = t("promises.as_filed")
    cols = [(filed, report.ranking), *report.promises]

    def cell(ranking: Ranking, rid: str) -> str:
        row = ranking.row(rid)
        return f"{row.rank}" if row.eligible and row.rank is not None else t("gap.now_ineligible")

    rows = [[t.both(r.name, r.name_ko), *[cell(rk, r.id) for _, rk in cols]]
            for r in report.ranking.rows]
    leaders = {label: ", ".join(x.id for x in rk.rows if x.eligible and x.rank == 1)
               or t("promises.nobody") for label, rk in cols}
    if len(set(leaders.values())) == 1:
        sentence = t("promises.same_leader", who=next(iter(leaders.values())))
    else:
        sentence = t("promises.depends", leaders="; ".join(
            t("promises.who_as_filed", who=who) if label == filed
            else t("promises.who_at", who=who, label=label)
            for label, who in leaders.items()
        ))
    return [t("rank.col.region"), *[label for label, _ in cols]], rows, sentence


KST = dt.timezone(dt.timedelta(hours=9), "KST")
"""Korea Standard Time (UTC+09:00, no daylight saving): the committee's clock."""


def generated_at(now: dt.datetime | None = None) -> str:
    """``--timestamp``: the time in KST with its offset explicit, e.g. ``2026-11-30T08:30:00+09:00``."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(KST).replace(microsecond=0).isoformat()


def group_utility(ranking: Ranking, region_id: str) -> dict[str, float]:
    """Each top-level group's weighted-average utility (0–1) for a region: radar axes."""
    row = ranking.row(region_id)
    out = {}
    for g in ranking.criteria.groups:
        w = ranking.criteria.group_weight(g.id)
        s = 0.0
        for leaf in ranking.leaves:
            u = row.utilities[leaf.id]
            if leaf.group.id == g.id and u is not None:
                s += u * leaf.weight
        out[g.id] = s / w if w > 0 else 0.0
    return out


def region_name(report: Report, region_id: str, fallback: str, t: Text) -> str:
    """A region by its id, named in the report's language (``fallback`` if not a region)."""
    for r in report.inputs.regions:
        if r.id == region_id:
            return t.both(r.name, r.name_ko)
    return fallback


def criterion_label(report: Report, criterion_id: str, fallback: str, t: Text) -> str:
    """A criterion or group by its id, labelled in the report's language."""
    stack = list(report.ranking.criteria.criteria)
    while stack:
        node = stack.pop()
        if node.id == criterion_id:
            return t.name(node.label, node.label_ko)
        stack.extend(node.children)
    return fallback


def coverage_rows(u: UnknownsResult) -> list[tuple[str, list[bool], float]]:
    """The coverage matrix: per region (ranking order), known or not on each leaf, and its
    coverage."""
    return [(r.display_name, [u.known[r.id][leaf.id] for leaf in u.leaves], r.coverage)
            for r in u.regions]


def reachable(g: Gap) -> list[Any]:
    return [c for c in g.changes if c.reachable]
