"""``-f table``: the Rich view for people at a terminal.

Rich measures East Asian wide characters, so Hangul names line up.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool.ranking import Ranking, RegionResult
from bidtool.render.cells import status_mark, with_unit
from bidtool.render.markdown import rank_label

STATUS_STYLE = {"C": "green", "D": "cyan", "E": "yellow", "?": "red"}


def _eligibility(row: RegionResult) -> Text:
    if row.failed_constraints:
        return Text("✗ " + "; ".join(row.failed_constraints), style="red")
    if row.unverified_constraints:
        return Text("✓ unverified: " + "; ".join(row.unverified_constraints), style="yellow")
    return Text("✓", style="green")


def ranking_table(ranking: Ranking) -> Table:
    crit = ranking.criteria
    groups = crit.groups
    group_weight = {
        g.id: sum(leaf.weight for leaf in ranking.leaves if leaf.group.id == g.id) for g in groups
    }
    table = Table(
        title=f"{crit.name} — {ranking.score_name} ({ranking.method})",
        caption=f"Group columns: contribution to the score (group weight). "
                f"Unknown: criteria with no figure, scored as worst. Criteria: {crit.path}",
        caption_justify="left",
        header_style="bold",
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Region", no_wrap=True)
    table.add_column("Score", justify="right", style="bold")
    for g in groups:
        table.add_column(f"{g.label}\n{group_weight[g.id]:.0%}", justify="right")
    table.add_column("Unknown", justify="right")
    table.add_column("Eligible")
    for row in ranking.rows:
        name = Text(row.name)
        if row.name_ko:
            name.append("\n" + row.name_ko, style="dim")
        table.add_row(
            rank_label(row.rank, row.tied),
            name,
            f"{row.score:.3f}" if row.score is not None else "",
            *[f"{row.group_scores.get(g.id, 0.0):.3f}" for g in groups],
            str(len(row.imputed)) if row.imputed else "",
            _eligibility(row),
            end_section=True,
        )
    return table


def explain_table(ranking: Ranking, row: RegionResult) -> Table:
    region = ranking.region(row.id)
    table = Table(title=f"{rank_label(row.rank, row.tied)}. {row.display_name} — "
                        f"score {row.score:.3f}", title_justify="left", header_style="bold")
    table.add_column("Criterion")
    table.add_column("Value", justify="right")
    table.add_column("", no_wrap=True)  # status mark
    table.add_column("Utility", justify="right")
    table.add_column("Weight", justify="right")
    table.add_column("Contribution", justify="right")
    current_group = None
    for leaf in ranking.leaves:
        if leaf.group.id != current_group:
            current_group = leaf.group.id
            label = leaf.group.label + (f" {leaf.group.label_ko}" if leaf.group.label_ko else "")
            table.add_row(Text(label, style="bold"), "", "", "", "",
                          Text(f"{row.group_scores.get(current_group, 0.0):.4f}", style="bold"))
        m = region.metric(leaf.metric)
        mark = status_mark(m)
        value = with_unit(m.value, leaf.criterion.unit or m.unit)
        if leaf.id in row.imputed:
            value += " → worst"
        table.add_row(
            "  " + leaf.criterion.label,
            Text(value, style="red" if m.value is None else ""),
            Text(mark, style=STATUS_STYLE.get(mark, "")),
            f"{row.utilities[leaf.id]:.3f}",
            f"{leaf.weight:.4f}",
            f"{row.contributions[leaf.id]:.4f}",
        )
    return table


def render_ranking(ranking: Ranking, explain: bool = False) -> RenderableType:
    parts: list[RenderableType] = [ranking_table(ranking)]
    if explain:
        parts += [explain_table(ranking, row) for row in ranking.rows]
        parts.append(Text("Status: C confirmed · D derived · E estimate · ? no provenance",
                          style="dim"))
    if ranking.criteria.description:
        parts.append(Text(ranking.criteria.description.strip(), style="dim italic"))
    return Group(*parts)
