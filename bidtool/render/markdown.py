"""``-f md``: GitHub-flavoured Markdown tables for wikis and pull requests."""

from __future__ import annotations

from collections.abc import Sequence

from bidtool.i18n import text
from bidtool.ranking import Ranking
from bidtool.render.cells import (
    anyone_known,
    constraints,
    criteria_note,
    dominators,
    incomparable_with,
    method_label,
    partial_order_note,
    percent,
    source_label,
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


def eligibility(failed: Sequence[str], unverified: Sequence[str], lang: str = "en") -> str:
    t = text(lang)
    if failed:
        return t("eligible.no", why=constraints(failed, lang))
    if unverified:
        return t("eligible.unverified", why=constraints(unverified, lang))
    return t("eligible.yes")


def ranking_table(ranking: Ranking, rank_header: str, score_header: str, lang: str = "en") -> str:
    """Rank, region, score, each group's contribution (WSM), unknowns, eligibility."""
    t = text(lang)
    groups = ranking.criteria.groups if ranking.mcda.additive else ()
    partial = ranking.partial_order is not None
    header = [rank_header, t("rank.col.region"), score_header]
    header += [t.name(g.label, g.label_ko) for g in groups]
    header += [t("rank.col.incomparable")] if partial else []
    dominated = any(r.dominated_by for r in ranking.rows)
    rows = [
        [
            rank_label(r.rank, r.tied),
            t.both(r.name, r.name_ko),
            f"{r.score:.3f}" if r.score is not None else "",
            *[f"{r.group_scores.get(g.id, 0.0):.3f}" for g in groups],
            *([incomparable_with(ranking, r.id, lang)] if partial else []),
            str(len(r.imputed)),
            percent(r.coverage),
            eligibility(r.failed_constraints, r.unverified_constraints, lang),
            *([dominators(r, lang)] if dominated else []),
        ]
        for r in ranking.rows
    ]
    return table(
        [
            *header,
            t("rank.col.unknown"),
            t("rank.col.known"),
            t("rank.col.eligible"),
            *([t("rank.col.dominated")] if dominated else []),
        ],
        rows,
        ["r", "l", "r", *["r"] * len(groups), *(["l"] if partial else []), "r", "r", "l",
         *(["l"] if dominated else [])],
    )


def render_ranking(ranking: Ranking, explain: bool = False, lang: str = "en") -> str:
    t = text(lang)
    crit = ranking.criteria
    out = [
        "# "
        + t(
            "rank.md.title",
            name=escape(t.name(crit.name, crit.name_ko)),
            method=method_label(ranking.method, crit.weighting, lang),
            score=t.term(ranking.score_name),
        )
        + (f" — {escape(ranking.scenario_label)}" if ranking.scenarios else "")
        + (f" — promises at {escape(ranking.at)}" if ranking.at else "")
        + "\n\n"
    ]
    out.append(f"> {escape(criteria_note(crit, lang))}\n\n")
    if ranking.degenerate:
        out.append(f"**{t('rank.md.degenerate')}** {escape(ranking.degenerate)}.\n\n")
    if weighting_note(crit, lang):
        out.append(f"{escape(weighting_note(crit, lang))}\n\n")
    if partial_order_note(ranking, lang):
        out.append(f"{escape(partial_order_note(ranking, lang))}\n\n")
    out.append(ranking_table(ranking, t("rank.col.rank"), t("rank.col.score"), lang))
    out.append(
        "\n"
        + t(
            "rank.md.footer",
            source=escape(source_label(crit, lang)),
            path=crit.path,
            sha=crit.sha256[:12],
            scoring=unknown_scoring(crit, lang),
        )
        + (
            f" {t('rank.dominance_note')}"
            if any(r.dominated_by for r in ranking.rows)
            else ""
        )
        + "\n"
    )
    if explain and ranking.criteria.swing:
        from bidtool.render.weights import swing_text
        from bidtool.weighting.swing import describe_swings

        swings = describe_swings(ranking.criteria, ranking.swing_regions)
        heading = f"\n## {t('swing.heading')}\n\n"
        out.append(heading + swing_text(swings, "md", crit.source_label, lang))
    if explain:
        for r in ranking.rows:
            region = ranking.region(r.id)
            name = escape(t.both(r.name, r.name_ko))
            out.append(f"\n## {rank_label(r.rank, r.tied)}. {name}\n\n")
            rows = []
            for leaf in ranking.leaves:
                m = region.metric(leaf.metric)
                rows.append(
                    [
                        t.name(leaf.criterion.label, leaf.criterion.label_ko),
                        with_unit(m.value, leaf.criterion.value_unit or m.unit, lang)
                        + (
                            unknown_mark(leaf.missing, anyone_known(ranking.rows, leaf.id), lang)
                            if leaf.id in r.imputed
                            else ""
                        ),
                        status_mark(m, lang),
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
                    [
                        t("explain.col.criterion"),
                        t("explain.col.value"),
                        t("explain.col.status"),
                        t("explain.col.utility"),
                        t("explain.col.weight"),
                        t("explain.col.contribution"),
                        t("explain.col.source"),
                    ],
                    rows,
                    ["l", "r", "l", "r", "r", "r", "l"],
                )
            )
    return "".join(out)
