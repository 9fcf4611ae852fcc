"""``rank --chart``: score bars in the terminal.

For the weighted sum each bar is stacked by criteria group, drawn with a
different block character per group as well as a colour, so the chart still
reads under ``NO_COLOR`` or on paper.  Other methods get one bar per region,
scaled from the worst to the best score (their scores are not on a 0–1 scale).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool.i18n import text
from bidtool.ranking import Ranking

COLOURS = ("blue", "yellow", "green", "magenta", "cyan", "red", "bright_black", "white")
BLOCKS = ("█", "▓", "▒", "░", "▚", "▞", "▖", "▗")


def render_chart(ranking: Ranking, width: int = 80, lang: str = "en") -> RenderableType:
    t = text(lang)
    rows = [r for r in ranking.rows if r.eligible]
    groups = ranking.criteria.groups
    names = [t.both(r.name, r.name_ko) for r in rows]
    from rich.cells import cell_len

    label_w = min(max((cell_len(n) for n in names), default=10), 28)
    bar_w = max(10, width - label_w - 12)
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", no_wrap=True, max_width=label_w, overflow="ellipsis")
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    wsm = ranking.mcda.additive
    scores = [r.score or 0.0 for r in rows]
    lo, hi = min(scores, default=0.0), max(scores, default=1.0)
    for row, name in zip(rows, names):
        bar = Text()
        if wsm:
            used = 0
            for k, g in enumerate(groups):
                n = round(bar_w * row.group_scores.get(g.id, 0.0))
                n = min(n, bar_w - used)
                bar.append(BLOCKS[k % len(BLOCKS)] * n, style=COLOURS[k % len(COLOURS)])
                used += n
        else:
            frac = 1.0 if hi == lo else ((row.score or 0.0) - lo) / (hi - lo)
            if not ranking.higher_is_better:
                frac = 1.0 - frac
            bar.append("█" * max(1, round(bar_w * (0.05 + 0.95 * frac))), style=COLOURS[0])
        table.add_row(
            f"{row.rank}. {name}", bar, f"{row.score:.3f}" if row.score is not None else ""
        )
    parts: list[RenderableType] = [table]
    if wsm:
        legend = Text("  ")
        for k, g in enumerate(groups):
            legend.append(BLOCKS[k % len(BLOCKS)] * 2, style=COLOURS[k % len(COLOURS)])
            legend.append(f" {t.name(g.label, g.label_ko)}  ")
        parts.append(legend)
        parts.append(Text("  " + t("chart.full_width"), style="dim"))
    else:
        parts.append(
            Text("  " + t("chart.bars", score=t.term(ranking.score_name)), style="dim")
        )
    return Group(*parts)
