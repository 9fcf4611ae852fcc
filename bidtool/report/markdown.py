"""The Markdown report: the HTML report's content as tables, for wikis and pull requests."""

from __future__ import annotations

from bidtool.model import status_word
from bidtool.render.cells import criteria_note, method_label, raw_value, weighting_note
from bidtool.render.gap import statement
from bidtool.render.markdown import escape, ranking_table, table
from bidtool.render.unknowns import (
    eligible_word,
    interval,
    interval_note,
    labels,
    leader_sentence,
    verify_heading,
)
from bidtool.report.content import UNKNOWNS_TITLE, Report, coverage_rows, reachable


def _unknowns(report: Report) -> str:
    u = report.unknowns
    out = [f"## {UNKNOWNS_TITLE}\n\n"]
    if u is None:
        return out[0] + "Not computed: no region passes the must-pass constraints.\n\n"
    out.append(f"**{escape(leader_sentence(u))}** {escape(interval_note(u))}\n\n")
    out.append(
        table(
            ["Region", "Rank", "Known", "Best–worst", "Eligible"],
            [
                [r.display_name, "–" if r.rank is None else str(r.rank), f"{r.coverage:.0%}",
                 interval(r), eligible_word(r)]
                for r in u.regions
            ],
            ["l", "r", "r", "r", "l"],
        )
    )
    out.append("\n### Coverage: which figures are known\n\n")
    out.append(
        table(
            ["Region", *[leaf.criterion.label for leaf in u.leaves], "Known"],
            [
                [name, *["✓" if k else "**?**" for k in known], f"{share:.0%}"]
                for name, known, share in coverage_rows(u)
            ],
            ["l", *["l"] * len(u.leaves), "r"],
        )
    )
    out.append(f"\n✓ known · **?** unknown\n\n### {escape(verify_heading(u))}\n\n")
    if u.verify_first:
        names = labels(u)
        out.append(
            table(
                ["#", "Region", "Figure", "Changes leader", "Could be first", "Score swing"],
                [
                    [str(k), v.region, f"{names.get(v.metric, v.metric)} (`{v.metric}`)",
                     "yes" if v.changes_leader else "no", ", ".join(v.leaders),
                     f"{v.score_swing:.3f}"]
                    for k, v in enumerate(u.verify_first, 1)
                ],
                ["r", "l", "l", "l", "l", "r"],
            )
        )
    return "".join(out) + "\n"


def render(report: Report) -> str:
    ranking = report.ranking
    crit = ranking.criteria
    out = [f"# {escape(crit.name)}\n\n"]
    out.append(
        f"{method_label(ranking.method, crit.weighting)} · {len(ranking.rows)} regions, "
        f"{ranking.eligible_count} eligible"
        + (f" · {escape(report.inputs.scenario_label)}" if report.inputs.scenarios else "")
        + "\n\n"
    )
    out.append(f"> {escape(criteria_note(crit))}\n\n")
    if ranking.degenerate:
        out.append(f"**Degenerate method:** {escape(ranking.degenerate)}.\n\n")
    out.append("## Ranking\n\n")
    out.append(ranking_table(ranking, "#", ranking.score_name))
    out.append("\n## How robust is it?\n\n")
    s = report.sensitivity
    if not ranking.eligible_count:
        out.append("Not computed: no region passes the must-pass constraints.\n")
    elif s is None or s.smaa is None:
        out.append("Not computed (samples: 0).\n")
    else:
        r = s.smaa
        out.append(
            f"SMAA-2, {r.samples:,} uniform weight draws (seed {r.seed}): share of draws giving "
            "each region each rank.\n\n"
        )
        names = {reg.id: reg.display_name for reg in s.scorer.inputs.regions}
        m = len(s.order)
        out.append(
            table(
                ["Region", *[f"rank {k + 1}" for k in range(m)]],
                [
                    [names[rid], *[f"{p:.1%}" for p in r.acceptability[r.ids.index(rid)][:m]]]
                    for rid in s.order
                ],
                ["l", *["r"] * m],
            )
        )
        if "sensitivity" in report.notes:
            out.append(f"\n{escape(report.notes['sensitivity'])}\n")
        crit_rows = [
            [sw.label, f"{sw.weight:.1%}", f"{sw.top.t:.1%}", " ↔ ".join(sw.top.swaps)]
            for sw in s.sweeps
            if sw.top is not None and sw.level == "group"
        ]
        if crit_rows:
            out.append("\n### Critical group weights\n\n")
            out.append(
                table(
                    ["Group", "Weight", "First place changes at", "Swap"],
                    crit_rows,
                    ["l", "r", "r", "l"],
                )
            )
    out.append("\n## What would it take to win?\n\n")
    if not report.gaps:
        out.append("No eligible runner-up.\n")
    if "gaps" in report.notes:
        out.append(f"{escape(report.notes['gaps'])}\n\n")
    for g in report.gaps:
        target = "first" if g.target_rank == 1 else f"rank {g.target_rank}"
        out.append(f"### {escape(g.name)}: rank {g.current_rank} → {target}\n\n")
        lines = [f"- {escape(statement(c))}" for c in reachable(g)]
        none = f"- No single figure lifts it to {target}; several must change together."
        out.append("\n".join(lines or [none]) + "\n\n")
    out.append(_unknowns(report))
    out.append("## Weights\n\n")
    note = weighting_note(crit)
    if note:
        out.append(f"{escape(note)}\n\n")
    out.append(
        table(
            ["Group", "Criterion", "Direction", "Weight"],
            [
                [
                    leaf.group.label,
                    leaf.criterion.label,
                    "benefit" if leaf.criterion.direction > 0 else "cost",
                    f"{leaf.weight:.1%}",
                ]
                for leaf in ranking.leaves
            ],
            ["l", "l", "l", "r"],
        )
    )
    out.append(
        "\n## The data\n\nStatus: confirmed · claimed · derived · estimate (shown in *italics* ≈) · "
        "unknown (no published figure).\n\n"
    )
    rows = []
    for leaf in ranking.leaves:
        for cell in report.data(leaf.metric):
            mtr = cell.metric
            unit = leaf.criterion.value_unit or mtr.unit
            value = raw_value(mtr.value) + (f" {unit}" if unit and mtr.value is not None else "")
            if mtr.status == "estimate" and mtr.value is not None:
                value = f"*≈ {value}*"
            rows.append(
                [
                    leaf.criterion.label,
                    cell.region,
                    value,
                    status_word(mtr),
                    mtr.source or "",
                    mtr.as_of or "",
                ]
            )
    out.append(table(["Criterion", "Region", "Value", "Status", "Source", "As of"], rows))
    out.append("\n## Inputs\n\n")
    out.append(table(["File", "SHA-256"], [[p, f"`{h}`"] for p, h in report.files]))
    out.append(
        f"\nbidtool {report.version}"
        + (f" · generated {report.generated_at} (KST)" if report.generated_at else "")
        + "\n"
    )
    return "".join(out)
