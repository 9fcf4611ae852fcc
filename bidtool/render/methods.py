"""``rank --method all``: every method's rank side by side, with agreement."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool import __version__
from bidtool.agreement import MultiRanking
from bidtool.i18n import text
from bidtool.methods import COMPARED_METHODS as METHODS
from bidtool.render import csv as csv_render
from bidtool.render import markdown as md
from bidtool.render.cells import criteria_line
from bidtool.render.json import dumps, ranking_document


def _label(multi: MultiRanking, method: str, region_id: str) -> str:
    row = multi.rankings[method].row(region_id)
    return md.rank_label(row.rank, row.tied)


def document(multi: MultiRanking) -> dict[str, Any]:
    first = next(iter(multi.rankings.values()))
    base = ranking_document(first)
    return {
        "schema": "bidtool.ranking/1",
        "bidtool_version": __version__,
        "method": "all",
        "criteria": base["criteria"],
        "caveat": base["caveat"],
        "regions_files": base["regions_files"],
        "weights": base["weights"],
        "methods": {m: ranking_document(r) for m, r in multi.rankings.items()},
        "consensus_methods": list(multi.consensus_methods),
        "excluded_from_consensus": multi.excluded,
        "consensus": [
            {
                "id": i,
                "rank": multi.consensus[i],
                "mean_rank": multi.mean_rank[i],
                "ranks": {m: multi.ranks[m][i] for m in METHODS},
            }
            for i in multi.region_ids
        ],
        "agreement": {"spearman": multi.spearman, "ws": multi.ws},
        "vikor": multi.rankings["vikor"].info,
    }


def render_json(multi: MultiRanking) -> str:
    return dumps(document(multi))


def _rows(multi: MultiRanking) -> list[list[str]]:
    return [
        [
            str(multi.consensus[i]),
            i,
            *[_label(multi, m, i) for m in METHODS],
            f"{multi.mean_rank[i]:.2f}",
        ]
        for i in multi.region_ids
    ]


HEADER = ["consensus", "id", *METHODS, "mean_rank"]


def _headers(multi: MultiRanking, lang: str = "en") -> list[str]:
    """Method columns, a degenerate one marked as left out of the consensus."""
    t = text(lang)
    return [
        t("methods.md.consensus"),
        "id",
        *[t("methods.excluded", method=m) if m in multi.excluded else m for m in METHODS],
        t("methods.md.mean_rank"),
    ]


def _exclusion_note(multi: MultiRanking, lang: str = "en") -> str:
    t = text(lang)
    return " ".join(
        t("methods.exclusion_note", method=m, why=reason) for m, reason in multi.excluded.items()
    )


def render_csv(multi: MultiRanking) -> str:
    """One row per region; ``consensus_excludes`` names the degenerate methods (space-separated)."""
    excluded = " ".join(multi.excluded)
    return csv_render.write_rows(
        [*HEADER, "consensus_excludes"],
        [[*row, excluded] for row in _rows(multi)],
        next(iter(multi.rankings.values())).criteria,
    )


def _agreement_rows(multi: MultiRanking) -> list[list[str]]:
    return [
        [a, *[f"{multi.spearman[a][b]:.2f}/{multi.ws[a][b]:.2f}" for b in METHODS]] for a in METHODS
    ]


def render_md(multi: MultiRanking, lang: str = "en") -> str:
    t = text(lang)
    out = [
        f"# {t('methods.md.title')}\n\n",
        md.table(_headers(multi, lang), _rows(multi)),
        f"\n{md.escape(_exclusion_note(multi, lang))}\n" if multi.excluded else "",
        f"\n## {t('methods.md.agreement')}\n\n",
        md.table(["", *METHODS], _agreement_rows(multi)),
        f"\n{md.escape(criteria_line(next(iter(multi.rankings.values())).criteria, lang))}\n",
    ]
    return "".join(out)


def render_table(multi: MultiRanking, lang: str = "en") -> RenderableType:
    t = text(lang)
    first = next(iter(multi.rankings.values()))
    crit = first.criteria
    table = Table(
        title=t("methods.title", name=t.name(crit.name, crit.name_ko))
        + (t("methods.weighting", weighting=crit.weighting) if crit.weighting != "direct" else "")
        + (f" — {first.scenario_label}" if first.scenarios else ""),
        header_style="bold",
        box=box.SIMPLE_HEAVY,
        caption=t("methods.caption")
        + (f" {_exclusion_note(multi, lang)}" if multi.excluded else ""),
        caption_justify="left",
    )
    table.add_column(t("methods.col.consensus"), justify="right")
    table.add_column(t("rank.col.region"))
    for m in METHODS:
        head = f"{m}\n{t('methods.excluded_mark')}" if m in multi.excluded else m
        table.add_column(head, justify="right")
    table.add_column(t("methods.col.mean"), justify="right")
    for i in multi.region_ids:
        row = multi.rankings[METHODS[0]].row(i)  # names are the same in every ranking
        table.add_row(
            str(multi.consensus[i]),
            t.both(row.name, row.name_ko),
            *[_label(multi, m, i) for m in METHODS],
            f"{multi.mean_rank[i]:.2f}",
        )
    agree = Table(
        title=t("methods.agreement"),
        header_style="bold",
        box=box.SIMPLE_HEAVY,
    )
    agree.add_column("")
    for m in METHODS:
        agree.add_column(m, justify="right")
    for r in _agreement_rows(multi):
        agree.add_row(*r)
    parts: list[RenderableType] = [table, agree, Text(criteria_line(crit, lang), style="dim")]
    info = multi.rankings["vikor"].info
    if info:
        yes, no = t("cell.yes"), t("cell.no")
        parts.append(
            Text(
                t(
                    "methods.vikor",
                    v=info["v"],
                    advantage=yes if info["acceptable_advantage"] else no,
                    stability=yes if info["acceptable_stability"] else no,
                ),
                style="dim",
            )
        )
    return Group(*parts)
