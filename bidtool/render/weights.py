"""``bidtool weights ahp``: priorities and consistency."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from bidtool.i18n import text
from bidtool.render import csv as csv_render
from bidtool.render import markdown as md
from bidtool.render.json import dumps
from bidtool.weighting.ahp import AhpResult


def ahp_document(names: list[str], r: AhpResult) -> dict[str, object]:
    return {
        "schema": "bidtool.ahp-result/1",
        "weights": {n: float(w) for n, w in zip(names, r.weights)},
        "lambda_max": r.lambda_max,
        "ci": r.ci,
        "cr": r.cr,
        "random_index": r.random_index,
        "consistent": r.consistent,
    }


def ahp_text(names: list[str], r: AhpResult, fmt: str) -> str:
    if fmt == "json":
        return dumps(ahp_document(names, r))
    rows: list[list[object]] = [[n, float(w)] for n, w in zip(names, r.weights)]
    if fmt == "md":
        body = md.table(
            ["element", "weight"], [[n, f"{float(w):.4f}"] for n, w in zip(names, r.weights)]
        )
        return body + (
            f"\nλmax {r.lambda_max:.4f} · CI {r.ci:.4f} · RI {r.random_index:.2f} · CR {r.cr:.4f}\n"
        )
    return csv_render.write_rows(["element", "weight"], rows)


def ahp_table(names: list[str], r: AhpResult, lang: str = "en") -> Group:
    t = text(lang)
    table = Table(title=t("ahp.title"), header_style="bold", title_justify="left")
    table.add_column(t("ahp.col.element"))
    table.add_column(t("explain.col.weight"), justify="right")
    for n, w in sorted(zip(names, r.weights), key=lambda t: -t[1]):
        table.add_row(n, f"{w:.4f}")
    summary = Text(
        f"λmax {r.lambda_max:.4f} · CI {r.ci:.4f} · RI {r.random_index:.2f} · CR {r.cr:.4f} "
        + t("ahp.consistent" if r.consistent else "ahp.inconsistent"),
        style="green" if r.consistent else "red",
    )
    return Group(table, summary)
