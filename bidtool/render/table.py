"""``-f table``: the Rich view for people at a terminal.

Rich measures East Asian wide characters, so Hangul names line up.
"""

from __future__ import annotations

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool.i18n import Text as Catalogue
from bidtool.i18n import text
from bidtool.ranking import Ranking, RegionResult
from bidtool.render.cells import (
    anyone_known,
    constraints,
    criteria_note,
    dominators,
    incomparable_with,
    method_label,
    partial_order_note,
    percent,
    status_mark,
    unknown_mark,
    unknown_scoring,
    weighting_note,
    with_unit,
)
from bidtool.render.markdown import rank_label

STATUS_STYLE = {
    "confirmed": "green",
    "claimed": "magenta",
    "derived": "cyan",
    "estimate": "yellow",
    "unknown": "red",
    "no status": "red",
}


def _eligibility(row: RegionResult, notes: list[str], t: Catalogue) -> Text:
    """A short mark for the table; the reasons go to numbered notes below it."""
    name = t.name(row.name, row.name_ko)
    if row.failed_constraints:
        why = constraints(row.failed_constraints, t.lang)
        notes.append(t("rank.note.ineligible", name=name, why=why))
        return Text(f"✗ [{len(notes)}]", style="red")
    if row.unverified_constraints:
        notes.append(
            t("rank.note.unverified", name=name, why=constraints(row.unverified_constraints, t.lang))
        )
        return Text(f"✓ [{len(notes)}]", style="yellow")
    return Text("✓", style="green")


def ranking_table(ranking: Ranking, width: int = 120, lang: str = "en") -> tuple[Table, list[str]]:
    t = text(lang)
    crit = ranking.criteria
    groups = crit.groups if ranking.mcda.additive else ()
    extra_keys = [
        k
        for k in (ranking.rows[0].extra if ranking.rows else {})
        if not isinstance(ranking.rows[0].extra[k], bool)
    ]
    group_weight = {g.id: ranking.criteria.group_weight(g.id) for g in groups}
    dominated = any(r.dominated_by for r in ranking.rows)
    table = Table(
        title=f"{t.name(crit.name, crit.name_ko)} — {t.term(ranking.score_name)} "
        f"({method_label(ranking.method, crit.weighting, lang)})"
        + (f" — {ranking.scenario_label}" if ranking.scenarios else "")
        + (f" — promises at {ranking.at}" if ranking.at else ""),
        caption=" ".join(
            part
            for part in (
                t("rank.caption", scoring=unknown_scoring(crit, lang)),
                weighting_note(crit, lang),
                t("rank.degenerate", why=ranking.degenerate) if ranking.degenerate else "",
                partial_order_note(ranking, lang),
                t("rank.dominance_note") if dominated else "",
            )
            if part
        ),
        caption_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAVY,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(t("rank.col.region"), min_width=10)
    table.add_column(t("rank.col.score"), justify="right", style="bold", no_wrap=True)
    # Full group names need room; on a narrow terminal use G1…Gn and a legend.
    labels = {g.id: t.name(g.label, g.label_ko) for g in groups}
    longest_word = max((cell_len(w) for g in groups for w in labels[g.id].split()), default=5)
    compact = width < 45 + len(groups) * (max(longest_word, 6) + 2)
    for i, g in enumerate(groups, 1):
        head = (
            f"G{i}\n{group_weight[g.id]:.0%}"
            if compact
            else (f"{labels[g.id]}\n{group_weight[g.id]:.0%}")
        )
        table.add_column(head, justify="right", min_width=5)
    if compact:
        table.caption = (
            " · ".join(f"G{i} {labels[g.id]}" for i, g in enumerate(groups, 1))
            + f". {table.caption}"
        )
    for key in extra_keys:
        table.add_column(key, justify="right", no_wrap=True)
    partial = ranking.partial_order is not None
    if partial:
        table.add_column(t("rank.col.incomparable"))
    table.add_column(t("rank.col.na"), justify="right", no_wrap=True)
    table.add_column(t("rank.col.known"), justify="right", no_wrap=True)
    table.add_column(t("rank.col.eligible"), no_wrap=True)
    if dominated:
        table.add_column(t("rank.col.dominated"))
    notes: list[str] = []
    for row in ranking.rows:
        name = Text(t.name(row.name, row.name_ko))
        if row.name_ko and not t.ko:
            name.append("\n" + row.name_ko, style="dim")
        table.add_row(
            rank_label(row.rank, row.tied),
            name,
            f"{row.score:.3f}" if row.score is not None else "",
            *[f"{row.group_scores.get(g.id, 0.0):.3f}" for g in groups],
            *[f"{row.extra[k]:.4f}" if k in row.extra else "" for k in extra_keys],
            *([incomparable_with(ranking, row.id, lang)] if partial else []),
            str(len(row.imputed)) if row.imputed else "",
            Text(percent(row.coverage), style="" if row.coverage == 1.0 else "yellow"),
            _eligibility(row, notes, t),
            *([dominators(row, lang)] if dominated else []),
            end_section=True,
        )
    return table, notes


def explain_table(ranking: Ranking, row: RegionResult, lang: str = "en") -> Table:
    t = text(lang)
    region = ranking.region(row.id)
    table = Table(
        title=t(
            "explain.title",
            rank=rank_label(row.rank, row.tied),
            name=t.both(row.name, row.name_ko),
            score=f"{row.score:.3f}",
        ),
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column(t("explain.col.criterion"))
    table.add_column(t("explain.col.value"), justify="right", no_wrap=True)  # status below
    table.add_column(t("explain.col.utility"), justify="right")
    table.add_column(t("explain.col.weight"), justify="right")
    table.add_column(t("explain.col.contribution"), justify="right")
    current_group = None
    for leaf in ranking.leaves:
        if leaf.group.id != current_group:
            current_group = leaf.group.id
            label = t.both(leaf.group.label, leaf.group.label_ko)
            table.add_row(
                Text(label, style="bold"),
                "",
                "",
                "",
                Text(f"{row.group_scores.get(current_group, 0.0):.4f}", style="bold"),
            )
        m = region.metric(leaf.metric)
        mark = status_mark(m)
        value = with_unit(m.value, leaf.criterion.value_unit or m.unit, lang)
        if leaf.id in row.imputed:
            value += unknown_mark(leaf.missing, anyone_known(ranking.rows, leaf.id), lang)
        cell = Text(value, style="red" if m.value is None else "")
        cell.append("\n" + t.term(mark), style=STATUS_STYLE.get(mark, ""))
        table.add_row(
            "  " + t.name(leaf.criterion.label, leaf.criterion.label_ko),
            cell,
            f"{row.utilities[leaf.id]:.3f}",
            f"{leaf.weight:.4f}",
            f"{row.contributions[leaf.id]:.4f}",
        )
    measured = [
        f"⌖ {t.name(leaf.criterion.label, leaf.criterion.label_ko)}: {m.source}"
        + (f"; {m.note}" if m.note else "")
        for leaf in ranking.leaves
        if leaf.criterion.spatial is not None and (m := region.metric(leaf.metric)).source
    ]
    if measured:
        table.caption = "\n".join(measured)
        table.caption_justify = "left"
        table.caption_style = "dim"
    return table


def render_ranking(
    ranking: Ranking, explain: bool = False, width: int = 120, lang: str = "en"
) -> RenderableType:
    t = text(lang)
    table, notes = ranking_table(ranking, width, lang)
    # the caption wraps to the table's width, and rich crops a table wider than the
    # terminal: printed after the table it wraps to the terminal and loses no words
    caption, table.caption = table.caption, None
    parts: list[RenderableType] = [table]
    if caption:
        parts.append(Text(str(caption)))
    parts += [Text(f"[{i}] {note}", style="yellow") for i, note in enumerate(notes, 1)]
    if explain:
        parts += [explain_table(ranking, row, lang) for row in ranking.rows]
        if ranking.criteria.swing:
            from bidtool.render.weights import swing_table
            from bidtool.weighting.swing import describe_swings

            swings = describe_swings(ranking.criteria, ranking.swing_regions)
            parts.append(swing_table(swings, ranking.criteria.source_label, lang))
        parts.append(Text(t("explain.status_legend"), style="dim"))
    parts.append(Text(criteria_note(ranking.criteria, lang), style="dim italic"))
    return Group(*parts)
