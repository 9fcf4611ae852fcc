"""The Markdown report: the HTML report's content as tables, for wikis and pull requests."""

from __future__ import annotations

from bidtool.i18n import Text, text
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
from bidtool.report.content import (
    Report,
    coverage_rows,
    criterion_label,
    reachable,
    region_name,
)


def _unknowns(report: Report, t: Text) -> str:
    u = report.unknowns
    lang = t.lang
    out = [f"## {t('report.h.unknowns')}\n\n"]
    if u is None:
        return out[0] + t("report.not_computed_ineligible") + "\n\n"
    out.append(f"**{escape(leader_sentence(u, lang))}** {escape(interval_note(u, lang))}\n\n")
    out.append(
        table(
            [t("rank.col.region"), t("rank.col.rank"), t("rank.col.known"),
             t("unknowns.col.best_worst"), t("rank.col.eligible")],
            [
                [region_name(report, r.id, r.display_name, t),
                 "–" if r.rank is None else str(r.rank), f"{r.coverage:.0%}",
                 interval(r), eligible_word(r, lang)]
                for r in u.regions
            ],
            ["l", "r", "r", "r", "l"],
        )
    )
    out.append(f"\n### {t('unknowns.coverage_heading')}\n\n")
    out.append(
        table(
            [
                t("rank.col.region"),
                *[t.name(leaf.criterion.label, leaf.criterion.label_ko) for leaf in u.leaves],
                t("rank.col.known"),
            ],
            [
                [region_name(report, region.id, name, t),
                 *["✓" if k else "**?**" for k in known], f"{share:.0%}"]
                for (name, known, share), region in zip(coverage_rows(u), u.regions)
            ],
            ["l", *["l"] * len(u.leaves), "r"],
        )
    )
    out.append(f"\n{t('report.md.coverage_legend')}\n\n### {escape(verify_heading(u, lang))}\n\n")
    if u.verify_first:
        names = labels(u, lang)
        out.append(
            table(
                ["#", t("rank.col.region"), t("unknowns.col.figure"),
                 t("unknowns.col.changes_leader"), t("unknowns.col.could_be_first"),
                 t("unknowns.col.score_swing")],
                [
                    [str(k), v.region, f"{names.get(v.metric, v.metric)} (`{v.metric}`)",
                     t("cell.yes") if v.changes_leader else t("cell.no"), ", ".join(v.leaders),
                     f"{v.score_swing:.3f}"]
                    for k, v in enumerate(u.verify_first, 1)
                ],
                ["r", "l", "l", "l", "l", "r"],
            )
        )
    return "".join(out) + "\n"


def _sensitivity(report: Report, t: Text) -> str:
    s = report.sensitivity
    if not report.ranking.eligible_count:
        return t("report.not_computed_ineligible") + "\n"
    if s is None or s.smaa is None:
        return t("report.not_computed_samples") + "\n"
    r = s.smaa
    out = [t("report.md.smaa_lead", samples=f"{r.samples:,}", seed=r.seed) + "\n\n"]
    names = {reg.id: t.both(reg.name, reg.name_ko) for reg in s.scorer.inputs.regions}
    m = len(s.order)
    out.append(
        table(
            [t("rank.col.region"), *[t("svg.rank_n", rank=k + 1) for k in range(m)]],
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
        [criterion_label(report, sw.criterion, sw.label, t), f"{sw.weight:.1%}",
         f"{sw.top.t:.1%}", " ↔ ".join(sw.top.swaps)]
        for sw in s.sweeps
        if sw.top is not None and sw.level == "group"
    ]
    if crit_rows:
        out.append(f"\n### {t('report.critical_heading')}\n\n")
        out.append(
            table(
                [t("report.col.group"), t("explain.col.weight"),
                 t("report.col.first_changes_at"), t("report.col.swap")],
                crit_rows,
                ["l", "r", "r", "l"],
            )
        )
    return "".join(out)


def _gaps(report: Report, t: Text) -> str:
    out = []
    if not report.gaps and "gaps" not in report.notes:
        out.append(t("report.no_runner_up") + "\n")
    if "gaps" in report.notes:
        out.append(f"{escape(report.notes['gaps'])}\n\n")
    for g in report.gaps:
        target = (
            t("report.target_first")
            if g.target_rank == 1
            else t("report.target_rank", rank=g.target_rank)
        )
        heading = t(
            "report.gap_heading",
            name=region_name(report, g.region, g.name, t),
            rank=g.current_rank,
            target=target,
        )
        out.append(f"### {escape(heading)}\n\n")
        lines = [
            f"- {escape(statement(c, t.lang, criterion_label(report, c.criterion, c.label, t)))}"
            for c in reachable(g)
        ]
        none = "- " + t("report.md.no_single_figure", target=target)
        out.append("\n".join(lines or [none]) + "\n\n")
    return "".join(out)


def render(report: Report) -> str:
    t = text(report.lang)
    lang = t.lang
    ranking = report.ranking
    crit = ranking.criteria
    out = [f"# {escape(t.name(crit.name, crit.name_ko))}\n\n"]
    out.append(
        f"{method_label(ranking.method, crit.weighting, lang)} · "
        + t("report.regions_eligible", n=len(ranking.rows), k=ranking.eligible_count)
        + (f" · {escape(report.inputs.scenario_label)}" if report.inputs.scenarios else "")
        + (f" · promises at {escape(report.inputs.at)}" if report.inputs.at else "")
        + "\n\n"
    )
    out.append(f"> {escape(criteria_note(crit, lang))}\n\n")
    if ranking.degenerate:
        out.append(f"**{t('rank.md.degenerate')}** {escape(ranking.degenerate)}.\n\n")
    out.append(f"## {t('report.h.ranking')}\n\n")
    out.append(ranking_table(ranking, "#", t.term(ranking.score_name), lang))
    out.append(f"\n## {t('report.h.robust')}\n\n")
    out.append(_sensitivity(report, t))
    out.append(f"\n## {t('report.h.gaps')}\n\n")
    out.append(_gaps(report, t))
    out.append(_unknowns(report, t))
    if report.promises:
        from bidtool.report.content import promise_rows

        head, rows, sentence = promise_rows(report)
        title = t("report.h.promises")
        out.append(f"## {title}\n\n**{escape(sentence)}** {t('promises.md.lead')}\n\n")
        out.append(table(head, rows, ["l", *["r"] * (len(head) - 1)]) + "\n")
    if report.appeal is not None:
        from bidtool.render.audit import appeal_md

        out.append(appeal_md(report.appeal, level=2, lang=report.lang))
    out.append(f"## {t('report.h.weights')}\n\n")
    note = weighting_note(crit, lang)
    if note:
        out.append(f"{escape(note)}\n\n")
    out.append(
        table(
            [t("report.col.group"), t("explain.col.criterion"), t("report.col.direction"),
             t("explain.col.weight")],
            [
                [
                    t.name(leaf.group.label, leaf.group.label_ko),
                    t.name(leaf.criterion.label, leaf.criterion.label_ko),
                    t("report.benefit" if leaf.criterion.direction > 0 else "report.cost"),
                    f"{leaf.weight:.1%}",
                ]
                for leaf in ranking.leaves
            ],
            ["l", "l", "l", "r"],
        )
    )
    out.append(f"\n## {t('report.h.data')}\n\n{t('report.md.status_legend')}\n\n")
    rows = []
    for leaf in ranking.leaves:
        for cell in report.data(leaf.metric):
            mtr = cell.metric
            unit = leaf.criterion.value_unit or mtr.unit
            value = raw_value(mtr.value, lang) + (
                f" {unit}" if unit and mtr.value is not None else ""
            )
            if mtr.status == "estimate" and mtr.value is not None:
                value = f"*≈ {value}*"
            rows.append(
                [
                    t.name(leaf.criterion.label, leaf.criterion.label_ko),
                    cell.region,
                    value,
                    t.term(status_word(mtr)),
                    mtr.source or "",
                    mtr.as_of or "",
                ]
            )
    out.append(
        table(
            [t("explain.col.criterion"), t("rank.col.region"), t("explain.col.value"),
             t("explain.col.status"), t("explain.col.source"), t("report.col.as_of")],
            rows,
        )
    )
    out.append(f"\n## {t('report.h.inputs')}\n\n")
    out.append(
        table([t("report.col.file"), "SHA-256"], [[p, f"`{h}`"] for p, h in report.files])
    )
    out.append(
        f"\nbidtool {report.version}"
        + (t("report.generated", when=report.generated_at) if report.generated_at else "")
        + "\n"
    )
    return "".join(out)
