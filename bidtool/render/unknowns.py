"""``bidtool unknowns``: what the unpublished figures could change (table, CSV, JSON, Markdown)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool.documents.unknowns import table as table
from bidtool.i18n import text
from bidtool.render import csv as csv_render
from bidtool.render import markdown as md
from bidtool.render.cells import criteria_line, percent, unknown_scoring
from bidtool.render.json import dumps
from bidtool.unknowns import RegionUnknowns, UnknownsResult


def _rank(value: int | None) -> str:
    return "–" if value is None else str(value)


def interval(r: RegionUnknowns) -> str:
    """``1–5``, ``2`` when both ends agree, ``–`` when the region cannot be ranked."""
    if r.rank_best is None or r.rank_worst is None:
        return "–"
    return str(r.rank_best) if r.rank_best == r.rank_worst else f"{r.rank_best}–{r.rank_worst}"


def eligible_word(r: RegionUnknowns, lang: str = "en") -> str:
    """yes · yes, unverified (a constraint's figure is unknown) · possible · no."""
    t = text(lang)
    if r.eligible_certain:
        return t("unknowns.eligible.yes")
    if r.eligible_now:
        return t("unknowns.eligible.unverified")
    return t("unknowns.eligible.possible" if r.eligible_possible else "unknowns.eligible.no")


def labels(result: UnknownsResult, lang: str = "en") -> dict[str, str]:
    t = text(lang)
    out: dict[str, str] = {}
    for leaf in result.leaves:
        out.setdefault(leaf.metric, t.name(leaf.criterion.label, leaf.criterion.label_ko))
    return out


def interval_note(result: UnknownsResult, lang: str = "en") -> str:
    """How the rank interval was found (exact for WSM)."""
    t = text(lang)
    if result.exact:
        return t("unknowns.interval_exact")
    return t("unknowns.interval_heuristic", method=result.method)


def leader_sentence(result: UnknownsResult, lang: str = "en") -> str:
    t = text(lang)
    if not result.leader:
        return t("unknowns.nobody_ranked")
    who = t("unknowns.and").join(result.leader)
    if result.leader_certain:
        return t("unknowns.leader_certain", who=who)
    if len(result.leader) > 1:
        return t("unknowns.leaders_tied", who=who)
    others = [r for r in result.could_be_first if r not in result.leader]
    rivals = ", ".join(others) if others else t("unknowns.another_region")
    return t("unknowns.leader_uncertain", who=who, rivals=rivals)


def verify_heading(result: UnknownsResult, lang: str = "en") -> str:
    t = text(lang)
    if result.verify_changes_leader:
        return t("unknowns.verify.changes_leader")
    return t("unknowns.verify.swings" if result.verify_first else "unknowns.verify.none")


def render_table(result: UnknownsResult, lang: str = "en") -> RenderableType:
    t = text(lang)
    crit = result.criteria
    table = Table(
        title=t("unknowns.title", name=t.name(crit.name, crit.name_ko), method=result.method),
        caption=t("unknowns.caption", scoring=unknown_scoring(crit, lang))
        + " "
        + interval_note(result, lang),
        caption_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAVY,
    )
    table.add_column(t("rank.col.rank"), justify="right", no_wrap=True)
    table.add_column(t("rank.col.region"))
    table.add_column(t("rank.col.known"), justify="right", no_wrap=True)
    table.add_column(t("unknowns.col.best_worst"), justify="right", no_wrap=True)
    table.add_column(t("rank.col.eligible"), no_wrap=True)
    table.add_column(t("unknowns.col.unknown_figures"))
    for r in result.regions:
        table.add_row(
            _rank(r.rank),
            t.both(r.name, r.name_ko),
            Text(percent(r.coverage), style="" if r.coverage == 1.0 else "yellow"),
            interval(r),
            eligible_word(r, lang),
            ", ".join(
                r.unknowns
                + tuple(
                    t("unknowns.constraint", metric=c)
                    for c in r.unknown_constraints
                    if c not in r.unknowns
                )
            ),
        )
    parts: list[RenderableType] = [
        table,
        Text(
            leader_sentence(result, lang),
            style="green" if result.leader_certain else "bold yellow",
        ),
    ]
    verify = Table(
        title=verify_heading(result, lang),
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
    )
    verify.add_column("#", justify="right")
    verify.add_column(t("rank.col.region"))
    verify.add_column(t("unknowns.col.figure"))
    verify.add_column(t("unknowns.col.changes_leader"))
    verify.add_column(t("unknowns.col.could_be_first"))
    verify.add_column(t("unknowns.col.score_swing"), justify="right")
    names = labels(result, lang)
    for k, v in enumerate(result.verify_first, 1):
        verify.add_row(
            str(k),
            v.region,
            f"{names.get(v.metric, v.metric)} ({v.metric})",
            t("cell.yes") if v.changes_leader else t("cell.no"),
            ", ".join(v.leaders),
            f"{v.score_swing:.3f}",
        )
    if result.verify_first:
        parts.append(verify)
    else:
        parts.append(Text(verify_heading(result, lang), style="dim"))
    parts.append(Text(criteria_line(crit, lang), style="dim"))
    return Group(*parts)


def render_json(result: UnknownsResult) -> str:
    return dumps(result.to_dict())


def render_csv(result: UnknownsResult) -> str:
    return csv_render.write_rows(*table(result), result.criteria)


def render_md(result: UnknownsResult, lang: str = "en") -> str:
    t = text(lang)
    crit = result.criteria
    title = t("unknowns.title", name=t.name(crit.name, crit.name_ko), method=result.method)
    out = [f"# {md.escape(title)}\n\n"]
    out.append(
        md.table(
            [t("rank.col.rank"), t("rank.col.region"), t("rank.col.known"),
             t("unknowns.col.best_worst"), t("rank.col.eligible"),
             t("unknowns.col.unknown_figures")],
            [
                [
                    _rank(r.rank),
                    t.both(r.name, r.name_ko),
                    percent(r.coverage),
                    interval(r),
                    eligible_word(r, lang),
                    ", ".join(r.unknowns),
                ]
                for r in result.regions
            ],
            ["r", "l", "r", "r", "l", "l"],
        )
    )
    caption = t("unknowns.caption", scoring=unknown_scoring(crit, lang))
    out.append(f"\n{md.escape(interval_note(result, lang))} {md.escape(caption)}\n\n")
    out.append(f"**{md.escape(leader_sentence(result, lang))}**\n\n")
    out.append(f"## {md.escape(verify_heading(result, lang))}\n\n")
    if result.verify_first:
        names = labels(result, lang)
        out.append(
            md.table(
                ["#", t("rank.col.region"), t("unknowns.col.figure"),
                 t("unknowns.col.changes_leader"), t("unknowns.col.could_be_first"),
                 t("unknowns.col.score_swing")],
                [
                    [
                        str(k),
                        v.region,
                        f"{names.get(v.metric, v.metric)} (`{v.metric}`)",
                        t("cell.yes") if v.changes_leader else t("cell.no"),
                        ", ".join(v.leaders),
                        f"{v.score_swing:.3f}",
                    ]
                    for k, v in enumerate(result.verify_first, 1)
                ],
                ["r", "l", "l", "l", "l", "r"],
            )
        )
    out.append(f"\n{md.escape(criteria_line(crit, lang))}\n")
    return "".join(out)
