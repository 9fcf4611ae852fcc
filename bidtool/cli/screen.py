"""``bidtool screen``: shortlist many candidate parcels against a criteria file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import (
    CriteriaOpt,
    EncodingOpt,
    MethodOpt,
    OutputOpt,
    StrictOpt,
    VikorOpt,
    format_option,
)
from bidtool.cli.output import Format, resolve_output


@app.command()
@handles_errors
def screen(
    env: Environment,
    candidates: Annotated[
        Path,
        typer.Argument(
            metavar="CANDIDATES",
            help="GeoJSON (or CSV with a WKT or lon/lat column) of candidate sites; each "
            "feature's properties are metrics by name.",
        ),
    ],
    criteria: CriteriaOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[Format | None, format_option("screen")] = None,
    output: OutputOpt = None,
    id_field: Annotated[
        str, typer.Option("--id-field", help="The property that names each candidate.")
    ] = "id",
    top: Annotated[int, typer.Option("--top", min=1, help="Rows in the terminal table.")] = 20,
    strict: StrictOpt = False,
    skip_unlocated: Annotated[
        bool,
        typer.Option(
            "--skip-unlocated",
            help="Leave out features whose geometry is null (warned of, and counted as "
            "skipped_unlocated in JSON/GeoJSON) instead of refusing the file.",
        ),
    ] = False,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
) -> None:
    """Shortlist many candidate parcels against a criteria file.

    The same pipeline as rank (constraints, value functions, method), with the
    spatial criteria measured for every parcel at once.

    [bold]Examples[/bold]

      bidtool screen parcels.geojson -c geo

      bidtool screen parcels.geojson -c geo -o shortlist.geojson   [dim]# for QGIS[/dim]

      bidtool screen parcels.csv -c geo --id-field pnu -o shortlist.csv
    """
    from bidtool.io.loading import load_criteria
    from bidtool.render import screen as render
    from bidtool.screening import load_candidates
    from bidtool.screening import screen as run_screen

    out = resolve_output(env, "screen", fmt, output, encoding)
    crit = load_criteria(criteria, strict=strict)
    steps = 3 + len(crit.spatial_metrics)
    with env.progress(steps, env.t("screen.progress")) as advance:
        found = load_candidates(candidates, str(candidates), strict, skip_unlocated)
        result = run_screen(
            crit, found, id_field, method, vikor_v, strict, progress=lambda label: advance(1)
        )
    env.warn(result.warnings)
    out.render(
        lambda: render.render_table(result, top, out.width, out.lang),
        {
            Format.csv: lambda: render.render_csv(result),
            Format.json: lambda: render.render_json(result),
            Format.geojson: lambda: render.render_geojson(result),
        },
    )
    if not result.eligible.any():
        from bidtool.errors import NothingEligibleError

        raise NothingEligibleError(env.t("screen.nothing_eligible"))
