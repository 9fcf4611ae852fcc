"""``bidtool regions``: list the regions, or show one with every metric and its source."""

from __future__ import annotations

from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import (
    EncodingOpt,
    OutputOpt,
    RegionsOpt,
    bundled_names,
    criteria_option,
    format_option,
)
from bidtool.cli.output import Format, resolve_output


@app.command()
@handles_errors
def regions(
    env: Environment,
    region_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show one region in full.")
    ] = None,
    regions_dir: RegionsOpt = None,
    criteria: Annotated[
        str | None,
        criteria_option(
            "Also show the metrics this criteria file (or bundled name: "
            + ", ".join(bundled_names())
            + ") computes from site geometry."
        ),
    ] = None,
    fmt: Annotated[Format | None, format_option("regions")] = None,
    output: OutputOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """List the regions, or show one with every metric and its source.

    [bold]Examples[/bold]

      bidtool regions

      bidtool regions gwangju

      bidtool regions jeonnam -f json

      bidtool regions busan -c geo       [dim]# with distances measured from its site[/dim]

      bidtool regions -o sites.geojson   [dim]# the sites, for QGIS[/dim]
    """
    from bidtool.render import regions as render

    if criteria is not None:
        from bidtool.api import load

        region_list = list(load(criteria, regions_dir).regions)
    else:
        from bidtool.io.loading import load_region_dir

        region_list = load_region_dir(regions_dir)
    out = resolve_output(env, "regions", fmt, output, encoding)
    if out.format is Format.geojson:
        from bidtool.render.geojson import render_sites
        from bidtool.spatial.sites import site_geometries

        chosen = region_list if region_id is None else [render.find(region_list, region_id)]
        sites, warnings = site_geometries(chosen)
        env.warn(warnings)
        out.text(render_sites(chosen, sites))
        return
    if region_id is None:
        if out.format is Format.table:
            out.rich(render.list_table(region_list, out.lang))
        else:
            out.text(render.list_text(region_list, out.format.value))
        return
    region = render.find(region_list, region_id)
    if out.format is Format.table:
        out.rich(render.detail_table(region, out.lang))
    else:
        out.text(render.detail_text(region, out.format.value))
