"""``-f md``: GitHub-flavoured Markdown tables for wikis and pull requests."""

from __future__ import annotations

from collections.abc import Sequence

from bidtool.ranking import Ranking
from bidtool.render.cells import (
    anyone_known,
    criteria_note,
    method_label,
    percent,
    status_mark,
    unknown_mark,
    unknown_scoring,
    weighting_note,
    with_unit,
)


def escape(text: str) -> str:
    """Text from the inputs as inert Markdown: no HTML (``<`` ``>`` ``&`` as entities),
    no cell breaks (``|``), one line."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\n", " ")
    )


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str] | None = None
) -> str:
    align = align or ["l"] * len(header)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(escape(h) for h in header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def rank_label(rank: int | None, tied: bool) -> str:
    if rank is None:
        return "–"
    return f"{rank}=" if tied else str(rank)


def eligibility(failed: Sequence[str], unverified: Sequence[str]) -> str:
    if failed:
        return "no: " + "; ".join(failed)
    if unverified:
        return "yes (unverified: " + "; ".join(unverified) + ")"
    return "yes"


def ranking_table(ranking: Ranking, rank_header: str, score_header: str) -> str:
    """Rank, region, score, each group's contribution (WSM), unknowns, eligibility."""
    groups = ranking.criteria.groups if ranking.mcda.additive else ()
    header = [rank_header, "Region", score_header, *[g.label for g in groups]]
    rows = [
        [
            rank_label(r.rank, r.tied),
            r.display_name,
            f"{r.score:.3f}" if r.score is not None else "",
            *[f"{r.group_scores.get(g.id, 0.0):.3f}" for g in groups],
            str(len(r.imputed)),
            percent(r.coverage),
            eligibility(r.failed_constraints, r.unverified_constraints),
        ]
        for r in ranking.rows
    ]
    return table(
        [*header, "Unknown", "Known", "Eligible"],
        rows,
        ["r", "l", "r", *["r"] * len(groups), "r", "r", "l"],
    )


def render_ranking(ranking: Ranking, explain: bool = False) -> str:
    crit = ranking.criteria
    out = [
        f"# Ranking: {escape(crit.name)} ({method_label(ranking.method, crit.weighting)}, "
        f"{ranking.score_name})"
        + (f" — {escape(ranking.scenario_label)}" if ranking.scenarios else "")
        + "\n\n"
    ]
    out.append(f"> {escape(criteria_note(crit))}\n\n")
    if ranking.degenerate:
        out.append(f"**Degenerate method:** {escape(ranking.degenerate)}.\n\n")
    if weighting_note(crit):
        out.append(f"{escape(weighting_note(crit))}\n\n")
    out.append(ranking_table(ranking, "Rank", "Score"))
    out.append(
        f"\nCriteria: {escape(crit.source_label)} (`{crit.path}`, sha256 `{crit.sha256[:12]}`). "
        "Group columns are "
        'each group\'s contribution to the score; "Unknown" counts criteria whose value '
        f'is unknown ({unknown_scoring(crit)}); "Known" is the share of the weight whose '
        "figure is known.\n"
    )
    if explain:
        for r in ranking.rows:
            region = ranking.region(r.id)
            out.append(f"\n## {rank_label(r.rank, r.tied)}. {escape(r.display_name)}\n\n")
            rows = []
            for leaf in ranking.leaves:
                m = region.metric(leaf.metric)
                rows.append(
                    [
                        leaf.criterion.label,
                        with_unit(m.value, leaf.criterion.value_unit or m.unit)
                        + (
                            unknown_mark(leaf.missing, anyone_known(ranking.rows, leaf.id))
                            if leaf.id in r.imputed
                            else ""
                        ),
                        status_mark(m),
                        f"{r.utilities[leaf.id]:.3f}",
                        f"{leaf.weight:.4f}",
                        ""
                        if r.contributions[leaf.id] is None
                        else f"{r.contributions[leaf.id]:.4f}",
                        m.source or "",
                    ]
                )
            out.append(
                table(
                    ["Criterion", "Value", "Status", "Utility", "Weight", "Contribution", "Source"],
                    rows,
                    ["l", "r", "l", "r", "r", "r", "l"],
                )
            )
    return "".join(out)
