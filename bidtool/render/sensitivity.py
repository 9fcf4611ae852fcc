"""``bidtool sensitivity``: sweeps, critical weights and SMAA-2 (JSON contract bidtool.sensitivity/1)."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool.documents.sensitivity import TABLE_HEADER as TABLE_HEADER
from bidtool.documents.sensitivity import _f
from bidtool.documents.sensitivity import document as document
from bidtool.documents.sensitivity import table as table
from bidtool.i18n import Text as Catalogue
from bidtool.i18n import text
from bidtool.render import csv as csv_render
from bidtool.render import markdown as md
from bidtool.render.cells import criteria_line
from bidtool.render.json import dumps
from bidtool.sensitivity.analysis import Sensitivity as Sensitivity  # re-exported
from bidtool.sensitivity.smaa import SmaaResult
from bidtool.sensitivity.sweep import Critical, Sweep


def render_json(s: Sensitivity) -> str:
    return dumps(document(s))


def _pct(x: float | None) -> str:
    return "" if x is None else f"{100 * x:.1f}%"


def _interval(sw: Sweep, t: Catalogue) -> str:
    if sw.fixed:
        return t("sens.only_criterion")
    if sw.leader_interval is None:
        return t("sens.tie_at_top")
    lo, hi = sw.leader_interval
    return f"{100 * lo:.1f}–{100 * hi:.1f}%"


def _at(c: Critical | None, t: Catalogue) -> str:
    return t("sens.never") if c is None else _pct(c.t)


def _delta(c: Critical | None) -> str:
    if c is None:
        return ""
    rel = "" if c.delta_rel is None else f" ({c.delta_rel:+.0%})"
    return f"{c.delta_abs:+.3f}{rel}"


def _any(c: Critical | None, t: Catalogue) -> str:
    return t("sens.never") if c is None else f"{_pct(c.t)} {c.swaps[1]} > {c.swaps[0]}"


def _sweep_rows(s: Sensitivity, t: Catalogue) -> list[list[str]]:
    return [
        [
            sw.criterion,
            _pct(sw.weight),
            _interval(sw, t),
            _at(sw.top, t),
            _delta(sw.top),
            "" if sw.top is None else sw.top.swaps[1],
            _any(sw.any, t),
        ]
        for sw in s.sweeps
    ]


SWEEP_HEADER = [
    "sens.col.criterion",
    "sens.col.weight",
    "sens.col.leader_first",
    "sens.col.top_flips_at",
    "sens.col.delta",
    "sens.col.new_leader",
    "sens.col.first_pair",
]
"""Catalogue keys of the sweep table's columns."""
LEFT = ("sens.col.criterion", "sens.col.new_leader", "sens.col.first_pair")


def _unknowns_note(r: SmaaResult, t: Catalogue) -> str:
    if not r.unknowns_drawn:
        return ""
    return " " + t("sens.unknowns_note", n=len(r.unknowns_drawn))


def _bands_note(r: SmaaResult, t: Catalogue) -> str:
    """``--bands``: which admissible weights were drawn, with the file's label and source."""
    if r.bands is None:
        return ""
    b = r.bands
    spans = ", ".join(f"{g} {_pct(lo)}–{_pct(hi)}" for g, (lo, hi) in b.as_dict().items())
    key = "sens.bands_note_nested" if b.nested else "sens.bands_note"
    return " " + t(key, path=b.path, bands=spans, label=b.label, source=b.source)


SMAA_SHOWN = 20
"""Tables (terminal, Markdown) show this many regions and ranks; JSON and CSV have all."""


def _smaa_header(s: Sensitivity, t: Catalogue) -> list[str]:
    m = len(s.order)
    shown = min(m, SMAA_SHOWN)
    rest = [t("sens.col.rank_beyond", rank=shown)] if m > shown else []
    return [
        t("sens.col.region"),
        *[t("sens.col.rank", rank=r) for r in range(1, shown + 1)],
        *rest,
        "P(first)",
        t("sens.col.confidence"),
    ]


def _smaa_rows(s: Sensitivity) -> list[list[str]]:
    assert s.smaa is not None
    r = s.smaa
    m = len(s.order)
    shown = min(m, SMAA_SHOWN)
    index = {rid: k for k, rid in enumerate(r.ids)}
    rows = []
    for rid in s.order[:shown]:
        k = index[rid]
        conf = _f(float(r.confidence[k]))
        acc = r.acceptability[k]
        rest = [_pct(float(acc[shown:].sum()))] if m > shown else []
        rows.append(
            [
                rid,
                *[_pct(float(b)) for b in acc[:shown]],
                *rest,
                _pct(float(r.p_first[k])),
                "—" if conf is None else _pct(conf),
            ]
        )
    return rows


def _smaa_note(s: Sensitivity, t: Catalogue) -> str:
    m = len(s.order)
    if m <= SMAA_SHOWN:
        return ""
    return " " + t("sens.smaa_shown", shown=SMAA_SHOWN, n=f"{m:,}")


def _title(s: Sensitivity, t: Catalogue) -> str:
    crit = s.scorer.inputs.criteria
    label = s.scorer.inputs.scenario_label
    return t("sens.title", name=t.name(crit.name, crit.name_ko), method=s.scorer.method) + (
        f" — {label}" if label else ""
    )


def render_table(s: Sensitivity, lang: str = "en") -> RenderableType:
    t = text(lang)
    parts: list[RenderableType] = []
    sweep = Table(
        title=_title(s, t) + t("sens.one_at_a_time_suffix"),
        caption=t("sens.sweep_caption"),
        caption_justify="left",
        box=box.SIMPLE_HEAVY,
        header_style="bold",
    )
    for h in SWEEP_HEADER:
        sweep.add_column(t(h), justify="left" if h in LEFT else "right", overflow="fold")
    for row in _sweep_rows(s, t):
        sweep.add_row(*row)
    parts.append(sweep)
    if s.smaa is not None:
        r = s.smaa
        smaa = Table(
            title=t("sens.smaa_title", samples=f"{r.samples:,}", weights=t.term(r.weights), seed=r.seed),
            caption=t("sens.smaa_caption")
            + t("sens.as_data_vary" if r.data_uncertain else "sens.period")
            + _unknowns_note(r, t)
            + _bands_note(r, t)
            + _smaa_note(s, t),
            caption_justify="left",
            box=box.SIMPLE_HEAVY,
            header_style="bold",
        )
        for k, h in enumerate(_smaa_header(s, t)):
            smaa.add_column(h, justify="left" if k == 0 else "right")
        for row in _smaa_rows(s):
            smaa.add_row(*row)
        parts.append(smaa)
    ineligible = [r.id for r in s.scorer.inputs.regions if r.id not in s.base_ranks]
    if ineligible:
        parts.append(Text(t("sens.not_ranked", ids=", ".join(ineligible)), style="yellow"))
    parts.append(Text(criteria_line(s.scorer.inputs.criteria, lang), style="dim"))
    return Group(*parts)


def render_md(s: Sensitivity, lang: str = "en") -> str:
    t = text(lang)
    out = [f"# {md.escape(_title(s, t))}\n\n", f"## {t('sens.one_at_a_time')}\n\n"]
    out.append(md.table([t(h) for h in SWEEP_HEADER], _sweep_rows(s, t)))
    if s.smaa is not None:
        r = s.smaa
        heading = t("sens.md.smaa_heading", samples=f"{r.samples:,}", weights=t.term(r.weights), seed=r.seed)
        out.append(f"\n## {heading}\n\n")
        if r.bands is not None:
            out.append(md.escape(_bands_note(r, t).strip()) + "\n\n")
        if r.unknowns_drawn:
            out.append(_unknowns_note(r, t).strip() + "\n\n")
        out.append(md.table(_smaa_header(s, t), _smaa_rows(s)))
        if _smaa_note(s, t):
            out.append(f"\n{_smaa_note(s, t).strip()}\n")
    out.append(f"\n{md.escape(criteria_line(s.scorer.inputs.criteria, lang))}\n")
    return "".join(out)


def render_csv(s: Sensitivity) -> str:
    return csv_render.write_rows(*table(s), s.scorer.inputs.criteria)


