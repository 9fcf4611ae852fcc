"""``bidtool committee``: members' rankings beside the group's, W, and who disagrees where."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool import __version__
from bidtool.committee import TOP, Verdict, concordance_words
from bidtool.i18n import Text as Catalogue
from bidtool.i18n import text
from bidtool.render import markdown as md
from bidtool.render.cells import criteria_line
from bidtool.render.csv import write_rows
from bidtool.render.json import criteria_document, dumps


def document(v: Verdict) -> dict[str, Any]:
    c = v.committee
    crit = c.inputs.criteria
    return {
        "schema": "bidtool.committee/1",
        "bidtool_version": __version__,
        "method": v.method,
        "aggregation": c.aggregation,
        "criteria": criteria_document(crit),
        "caveat": crit.caveat,
        "members": [
            {
                "name": m.name,
                "role": m.role,
                "path": m.path,
                "sha256": m.sha256,
                "weights": {leaf.id: leaf.weight for leaf in s.leaves},
                "ahp": {
                    (lvl or TOP): {"cr": r.cr, "consistent": r.consistent}
                    for lvl, r in m.ahp.items()
                },
                "ranking": {row.id: row.rank for row in ranking.rows},
            }
            for m, s, ranking in zip(c.members, c.member_sets, v.members)
        ],
        "group": {
            "weights": {leaf.id: leaf.weight for leaf in c.group.leaves},
            "groups": {g.id: c.group.group_weight(g.id) for g in c.group.groups},
            "ahp": {
                (lvl or TOP): {"cr": r.cr, "consistent": r.consistent}
                for lvl, r in c.group_ahp.items()
            },
            "ranking": [
                {
                    "rank": r.rank,
                    "id": r.id,
                    "name": r.name,
                    "score": r.score,
                    "eligible": r.eligible,
                }
                for r in v.group.rows
            ],
        },
        "kendall_w": v.kendall_w,
        "disagreements": [
            {
                "criterion": d.criterion,
                "group_weight": d.group_weight,
                "member": d.member,
                "member_weight": d.member_weight,
            }
            for d in v.disagreements
        ],
        "inconsistent_members": [
            {"member": m.name, "level": lvl, "cr": cr}
            for m in c.members
            for lvl, cr in m.inconsistent
        ],
    }


def render_json(v: Verdict) -> str:
    return dumps(document(v))


def _rank(r: int | None) -> str:
    return "–" if r is None else str(r)


def _ranking_rows(v: Verdict) -> list[list[str]]:
    rows = []
    for r in v.group.rows:
        rows.append(
            [
                _rank(r.rank),
                r.display_name,
                f"{r.score:.3f}" if r.score is not None else "",
                *[_rank(m.row(r.id).rank) for m in v.members],
            ]
        )
    return rows


def _weight_rows(v: Verdict, t: Catalogue) -> list[list[str]]:
    c = v.committee
    return [
        [
            t.name(g.label, g.label_ko),
            f"{c.group.group_weight(g.id):.1%}",
            *[f"{s.group_weight(g.id):.1%}" for s in c.member_sets],
        ]
        for g in c.group.groups
    ]


def _w_line(v: Verdict, t: Catalogue) -> str:
    if v.kendall_w is None:
        return t("committee.w_needs")
    n = sum(r.eligible for r in v.group.rows)
    return t(
        "committee.w_line",
        w=f"{v.kendall_w:.3f}",
        members=len(v.members),
        n=n,
        words=t.term(concordance_words(v.kendall_w)),
    )


def _title(v: Verdict, t: Catalogue) -> str:
    c = v.committee
    crit = c.inputs.criteria
    how = t("committee.aij" if c.aggregation == "aij" else "committee.aip")
    return t("committee.title", name=t.name(crit.name, crit.name_ko), method=v.method, how=how)


FAR_COLUMNS = (
    ("explain.col.criterion", "left"),
    ("committee.col.group", "right"),
    ("committee.col.farthest", "left"),
    ("committee.col.their_weight", "right"),
)


def render_table(v: Verdict, lang: str = "en") -> RenderableType:
    t = text(lang)
    c = v.committee
    names = [m.name for m in c.members]
    ranking = Table(title=_title(v, t), header_style="bold", box=box.SIMPLE_HEAD)
    ranking.add_column("#", justify="right")
    ranking.add_column(t("rank.col.region"))
    ranking.add_column(t("committee.col.group"), justify="right")
    for name in names:
        ranking.add_column(name, justify="right", overflow="fold")
    for row in _ranking_rows(v):
        ranking.add_row(*row)
    weights = Table(
        title=t("committee.group_weights"),
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
    )
    weights.add_column(t("committee.col.criteria_group"))
    weights.add_column(t("committee.col.group"), justify="right")
    for name in names:
        weights.add_column(name, justify="right", overflow="fold")
    for row in _weight_rows(v, t):
        weights.add_row(*row)
    far = Table(
        title=t("committee.far_title"),
        title_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
    )
    for col, just in FAR_COLUMNS:
        far.add_column(t(col), justify=just)  # type: ignore[arg-type]
    for d in v.disagreements[:5]:
        far.add_row(d.label, f"{d.group_weight:.1%}", d.member, f"{d.member_weight:.1%}")
    parts: list[RenderableType] = [ranking, Text(_w_line(v, t)), weights, far]
    for m in c.members:
        for lvl, cr in m.inconsistent:
            parts.append(
                Text(
                    t("committee.inconsistent", name=m.name, cr=f"{cr:.3f}", level=repr(lvl)),
                    style="yellow",
                )
            )
    parts.append(Text(criteria_line(v.group.criteria, lang), style="dim"))
    return Group(*parts)


def render_md(v: Verdict, lang: str = "en") -> str:
    t = text(lang)
    names = [m.name for m in v.committee.members]
    out = [f"# {md.escape(_title(v, t))}\n\n"]
    out.append(
        md.table(
            ["#", t("rank.col.region"), t("committee.col.group_score"), *names],
            _ranking_rows(v),
            ["r", "l", "r", *["r"] * len(names)],
        )
    )
    out.append(f"\n{_w_line(v, t)}\n\n## {t('committee.group_weights')}\n\n")
    out.append(
        md.table(
            [t("committee.col.criteria_group"), t("committee.col.group"), *names],
            _weight_rows(v, t),
            ["l", "r", *["r"] * len(names)],
        )
    )
    out.append(f"\n## {t('committee.md.far')}\n\n")
    out.append(
        md.table(
            [t(col) for col, _ in FAR_COLUMNS],
            [
                [d.label, f"{d.group_weight:.1%}", d.member, f"{d.member_weight:.1%}"]
                for d in v.disagreements
            ],
            ["l", "r", "l", "r"],
        )
    )
    bad = [
        "- "
        + t("committee.md.inconsistent", name=md.escape(m.name), cr=f"{cr:.3f}",
            level=md.escape(str(lvl)))
        for m in v.committee.members
        for lvl, cr in m.inconsistent
    ]
    if bad:
        out.append(f"\n## {t('committee.md.inconsistent_heading')}\n\n" + "\n".join(bad) + "\n")
    out.append(f"\n{md.escape(criteria_line(v.group.criteria, lang))}\n")
    return "".join(out)


def render_csv(v: Verdict) -> str:
    names = [m.name for m in v.committee.members]
    return write_rows(
        ["rank", "region", "group_score", *[f"rank:{n}" for n in names]],
        _ranking_rows(v),
        v.group.criteria,
    )
