"""``bidtool weights ahp``: priorities and consistency."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text

from bidtool.documents.json import swing_document as swing_document
from bidtool.i18n import text
from bidtool.render import csv as csv_render
from bidtool.render import markdown as md
from bidtool.render.json import dumps
from bidtool.weighting.ahp import AhpResult, Revision, judgement_text
from bidtool.weighting.swing import Swing


def revisions_document(names: list[str], revisions: Sequence[Revision]) -> list[dict[str, object]]:
    """The judgements to change, in order (each one's CR counts the ones before it)."""
    return [
        {
            "row": names[r.row],
            "column": names[r.column],
            "current": r.current,
            "suggested": judgement_text(r.suggested),
            "suggested_value": r.suggested,
            "consistent_value": r.consistent_value,
            "cr_before": r.cr_before,
            "cr_after": r.cr_after,
        }
        for r in revisions
    ]


def ahp_document(
    names: list[str], r: AhpResult, revisions: Sequence[Revision] = ()
) -> dict[str, object]:
    return {
        "schema": "bidtool.ahp-result/1",
        "weights": {n: float(w) for n, w in zip(names, r.weights)},
        "lambda_max": r.lambda_max,
        "ci": r.ci,
        "cr": r.cr,
        "random_index": r.random_index,
        "consistent": r.consistent,
        "revisions": revisions_document(names, revisions),
    }


def _revision_lines(names: list[str], revisions: Sequence[Revision]) -> list[str]:
    return [
        f"{k}. {names[r.row]} vs {names[r.column]}: {judgement_text(r.current)} → "
        f"{judgement_text(r.suggested)} (CR {r.cr_before:.3f} → {r.cr_after:.3f}; the "
        f"priorities imply {r.consistent_value:.3g})"
        for k, r in enumerate(revisions, 1)
    ]


def ahp_text(names: list[str], r: AhpResult, fmt: str, revisions: Sequence[Revision] = ()) -> str:
    if fmt == "json":
        return dumps(ahp_document(names, r, revisions))
    rows: list[list[object]] = [[n, float(w)] for n, w in zip(names, r.weights)]
    if fmt == "md":
        body = md.table(
            ["element", "weight"], [[n, f"{float(w):.4f}"] for n, w in zip(names, r.weights)]
        )
        fix = _revision_lines(names, revisions)
        return (
            body
            + (
                f"\nλmax {r.lambda_max:.4f} · CI {r.ci:.4f} · RI {r.random_index:.2f} · CR {r.cr:.4f}\n"
            )
            + (
                "\nTo reach CR ≤ 0.10, change (in this order):\n\n" + "\n".join(fix) + "\n"
                if fix
                else ""
            )
        )
    return csv_render.write_rows(["element", "weight"], rows)


def ahp_table(
    names: list[str], r: AhpResult, lang: str = "en", revisions: Sequence[Revision] = ()
) -> Group:
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
    fix = _revision_lines(names, revisions)
    if not fix:
        return Group(table, summary)
    advice = Text(t("ahp.fix_heading") + "\n" + "\n".join(fix))
    return Group(table, summary, advice)


SWING_HEADER = ["criterion", "label", "rank", "points", "weight", "global_weight", "worst", "best"]


def swing_rows(swings: Sequence[Swing]) -> list[list[object]]:
    return [
        [s.criterion, s.label, s.rank, s.points, s.weight, s.global_weight, s.worst, s.best]
        for s in swings
    ]


def _swing_columns(lang: str) -> list[tuple[str, str]]:
    """The swing table's headings and their alignment (Markdown and the terminal)."""
    t = text(lang)
    return [
        ("#", "right"),
        (t("swing.col.criterion"), "left"),
        (t("swing.col.points"), "right"),
        (t("swing.col.weight"), "right"),
        (t("swing.col.global"), "right"),
        (t("swing.col.stands_for"), "left"),
    ]


def _swing_cells(s: Swing, lang: str) -> list[str]:
    return [
        str(s.rank),
        s.label,
        "" if s.points is None else f"{s.points:g}",
        f"{s.weight:.1%}",
        f"{s.global_weight:.1%}",
        s.statement_in(lang),
    ]


def swing_text(swings: Sequence[Swing], fmt: str, source: str, lang: str = "en") -> str:
    if fmt == "json":
        return dumps(
            {"schema": "bidtool.swing/1", "criteria": source, "swings": swing_document(swings)}
        )
    if fmt == "md":
        columns = _swing_columns(lang)
        return md.table(
            [name for name, _ in columns],
            [_swing_cells(s, lang) for s in swings],
            [justify[0] for _, justify in columns],
        )
    return csv_render.write_rows(SWING_HEADER, swing_rows(swings))


def swing_table(swings: Sequence[Swing], source: str, lang: str = "en") -> Group:
    t = text(lang)
    table = Table(title=t("swing.title", source=source), header_style="bold", title_justify="left")
    for name, justify in _swing_columns(lang):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for s in swings:
        table.add_row(*_swing_cells(s, lang))
    note = Text(t("swing.note"), style="dim")
    return Group(table, note)
