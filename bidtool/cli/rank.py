"""``bidtool rank``: rank the regions (one method, or every method side by side)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.at import AtOpt
from bidtool.cli.environment import Environment
from bidtool.cli.options import (
    CriteriaOpt,
    EncodingOpt,
    OutputOpt,
    RegionsOpt,
    ScenarioOpt,
    StrictOpt,
    VikorOpt,
    WeightingOpt,
    format_option,
    method_option,
)
from bidtool.cli.output import Format, Output, resolve_output

if TYPE_CHECKING:
    from collections.abc import Callable

    from bidtool.agreement import MultiRanking
    from bidtool.model import Inputs


@app.command()
@handles_errors
def rank(
    env: Environment,
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: Annotated[str | None, method_option(with_all=True)] = None,
    fmt: Annotated[
        Format | None, format_option("rank", " (not with --method all: table, csv, json, md)")
    ] = None,
    output: OutputOpt = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="Show every criterion's raw value, utility, weight and contribution."
        ),
    ] = False,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
    weighting: WeightingOpt = None,
    scenario: ScenarioOpt = None,
    strict: StrictOpt = False,
    at: AtOpt = None,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart", help="Also draw score bars, stacked by criteria group (table only)."
        ),
    ] = False,
) -> None:
    """Rank the regions and show what each criterion contributed.

    [bold]Examples[/bold]

      bidtool rank

      bidtool rank --explain

      bidtool rank --chart          [dim]# score bars by criteria group[/dim]

      bidtool rank -c investor -f json

      bidtool rank -o ranking.csv   [dim]# Excel-ready, with a BOM[/dim]

      bidtool rank --method all     [dim]# does every method agree?[/dim]

      bidtool rank -w entropy       [dim]# weights from the data's dispersion[/dim]

      bidtool rank -s what-if.yaml  [dim]# regions: {gwangju: {cooling_water_t_per_day: 60000}}[/dim]
    """
    from bidtool.api import load
    from bidtool.ranking import rank as rank_regions

    inputs = load(
        criteria,
        regions,
        scenario or (),
        weighting.value if weighting else None,
        strict=strict,
        at=at,
    )
    out = resolve_output(env, "rank", fmt, output, encoding)
    if method == "all":
        _rank_all(env, inputs, vikor_v, out)
        return
    result = rank_regions(inputs, method, vikor_v)
    env.warn(result.warnings)
    if out.format is Format.table:
        from bidtool.render.table import render_ranking

        shown = render_ranking(result, explain, out.width, out.lang)
        if chart:
            from rich.console import Group

            from bidtool.render.chart import render_chart

            shown = Group(shown, render_chart(result, out.width, out.lang))
        out.rich(shown)
    elif out.format is Format.csv:
        from bidtool.render.csv import render_ranking as render_csv

        out.text(render_csv(result, explain))
    elif out.format is Format.json:
        from bidtool.render.json import render_ranking as render_json

        out.text(render_json(result))
    elif out.format is Format.geojson:
        from bidtool.render.geojson import render_ranking as render_geojson
        from bidtool.spatial.sites import site_geometries

        sites, _ = site_geometries(result.regions, strict)
        out.text(render_geojson(result, sites))
    elif out.format is Format.xlsx:
        from bidtool.output import write_file
        from bidtool.report.xlsx import render_ranking as render_xlsx

        assert out.path is not None  # resolve_output refuses xlsx to stdout
        write_file(render_xlsx(result, out.lang), out.path)
    else:
        from bidtool.render.markdown import render_ranking as render_md

        out.text(render_md(result, explain, out.lang))
    if result.eligible_count == 0:
        from bidtool.errors import NothingEligibleError

        raise NothingEligibleError(env.t("rank.nothing_eligible"))


def _rank_all(env: Environment, inputs: Inputs, vikor_v: float | None, out: Output) -> None:
    from bidtool.agreement import rank_all
    from bidtool.errors import NothingEligibleError
    from bidtool.render import methods as render

    renderers: dict[Format, Callable[[MultiRanking], str]] = {
        Format.csv: render.render_csv,
        Format.json: render.render_json,
        Format.md: functools.partial(render.render_md, lang=out.lang),
    }
    if out.format is not Format.table:
        from bidtool.cli.output import supports

        supports(out.format, renderers)
    multi = rank_all(inputs, vikor_v)
    env.warn(multi.warnings)
    out.render(
        lambda: render.render_table(multi, out.lang),
        {f: functools.partial(r, multi) for f, r in renderers.items()},
    )
    if not multi.region_ids:
        raise NothingEligibleError(env.t("rank.all.nothing_eligible"))
