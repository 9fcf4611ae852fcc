"""``bidtool compare``: regions side by side, criterion by criterion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from bidtool.errors import InputError
from bidtool.i18n import text
from bidtool.model import data_status
from bidtool.names import did_you_mean
from bidtool.ranking import Ranking, RegionResult
from bidtool.render import csv as csv_render
from bidtool.render import markdown as md
from bidtool.render.cells import criteria_line, percent, plain_value, unknown_scoring, with_unit
from bidtool.render.json import criteria_document, dumps
from bidtool.render.markdown import rank_label


def select(ranking: Ranking, ids: Sequence[str]) -> list[RegionResult]:
    known = [r.id for r in ranking.rows]
    bad = [i for i in ids if i not in known]
    if bad:
        raise InputError(
            [
                InputError.single(
                    i, f"no such region{did_you_mean(i, known)}; known: {', '.join(known)}"
                ).problems[0]
                for i in bad
            ]
        )
    seen: list[str] = []
    for i in ids:
        if i not in seen:
            seen.append(i)
    return [ranking.row(i) for i in seen]


def _rows(ranking: Ranking, chosen: Sequence[RegionResult]) -> list[dict[str, Any]]:
    out = []
    for leaf in ranking.leaves:
        cells = []
        for row in chosen:
            m = ranking.region(row.id).metric(leaf.metric)
            cells.append(
                {
                    "value": m.value,
                    "unit": leaf.criterion.value_unit or m.unit,
                    "status": data_status(m),
                    "utility": row.utilities[leaf.id],
                    "contribution": row.contributions[leaf.id],
                }
            )
        best = max(c["contribution"] for c in cells)
        out.append({"leaf": leaf, "cells": cells, "best": best})
    return out


def compare_table(ranking: Ranking, chosen: Sequence[RegionResult], lang: str = "en") -> Table:
    tr = text(lang)
    crit = ranking.criteria
    table = Table(
        title=f"{tr('compare.vs').join(tr.name(r.name, r.name_ko) for r in chosen)} — "
        f"{tr.name(crit.name, crit.name_ko)}",
        header_style="bold",
        caption=tr("compare.caption", scoring=unknown_scoring(crit, lang)),
        caption_justify="left",
    )
    table.add_column(tr("explain.col.criterion"))
    table.add_column(tr("explain.col.weight"), justify="right")
    for r in chosen:
        head = tr.name(r.name, r.name_ko) if tr.ko else f"{r.name}\n{r.name_ko or ''}".strip()
        table.add_column(head, justify="right")
    group = None
    for item in _rows(ranking, chosen):
        leaf = item["leaf"]
        if leaf.group.id != group:
            group = leaf.group.id
            table.add_row(
                Text(tr.name(leaf.group.label, leaf.group.label_ko), style="bold"),
                "",
                *[Text(f"{r.group_scores.get(group, 0.0):.3f}", style="bold") for r in chosen],
            )
        cells = []
        for c in item["cells"]:
            cell = Text(
                with_unit(c["value"], c["unit"], lang), style="red" if c["value"] is None else ""
            )
            cell.append(
                f"\n{c['utility']:.2f} → {c['contribution']:.3f}",
                style="bold" if c["contribution"] == item["best"] and item["best"] > 0 else "dim",
            )
            cells.append(cell)
        label = tr.name(leaf.criterion.label, leaf.criterion.label_ko)
        table.add_row("  " + label, f"{leaf.weight:.3f}", *cells)
    table.add_row(
        Text(tr("rank.col.score"), style="bold"),
        "",
        *[
            Text(
                tr("compare.score", score=f"{r.score:.3f}", rank=rank_label(r.rank, r.tied)),
                style="bold",
            )
            for r in chosen
        ],
    )
    table.add_row(
        tr("rank.col.known"),
        "",
        *[Text(percent(r.coverage), style="" if r.coverage == 1.0 else "yellow") for r in chosen],
        end_section=True,
    )
    table.caption = f"{table.caption} {criteria_line(ranking.criteria, lang)}"
    return table


def compare_text(ranking: Ranking, chosen: Sequence[RegionResult], fmt: str) -> str:
    items = _rows(ranking, chosen)
    if fmt == "json":
        return dumps(
            {
                "schema": "bidtool.compare/1",
                "method": ranking.method,
                "criteria": criteria_document(ranking.criteria),
                "caveat": ranking.criteria.caveat,
                "regions": [
                    {"id": r.id, "rank": r.rank, "score": r.score, "coverage": r.coverage}
                    for r in chosen
                ],
                "criteria_rows": [
                    {
                        "criterion": it["leaf"].id,
                        "group": it["leaf"].group.id,
                        "weight": it["leaf"].weight,
                        "regions": {r.id: c for r, c in zip(chosen, it["cells"])},
                    }
                    for it in items
                ],
            }
        )
    header = ["group", "criterion", "weight"]
    for r in chosen:
        header += [f"{r.id}:value", f"{r.id}:utility", f"{r.id}:contribution"]
    rows: list[list[Any]] = []
    for it in items:
        row: list[Any] = [it["leaf"].group.id, it["leaf"].id, it["leaf"].weight]
        for c in it["cells"]:
            row += [plain_value(c["value"]), c["utility"], c["contribution"]]
        rows.append(row)
    score_row: list[Any] = ["", "score", 1.0]
    for r in chosen:
        score_row += ["", None, r.score]
    rows.append(score_row)
    coverage_row: list[Any] = ["", "coverage", None]
    for r in chosen:
        coverage_row += ["", None, r.coverage]
    rows.append(coverage_row)
    if fmt == "md":
        return md.table(
            header,
            [
                [c if isinstance(c, str) else ("" if c is None else f"{c:.4f}") for c in row]
                for row in rows
            ],
        )
    return csv_render.write_rows(header, rows, ranking.criteria)
