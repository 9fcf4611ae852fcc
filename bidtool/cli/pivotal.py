"""``bidtool pivotal``: which unverified claims does the outcome hang on?"""

from __future__ import annotations

from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import (
    CriteriaOpt,
    EncodingOpt,
    MethodOpt,
    OutputOpt,
    RegionsOpt,
    ScenarioOpt,
    StrictOpt,
    VikorOpt,
    WeightingOpt,
    format_option,
)
from bidtool.cli.output import Format, resolve_output


@app.command()
@handles_errors
def pivotal(
    env: Environment,
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    scenario: ScenarioOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[Format | None, format_option("pivotal")] = None,
    output: OutputOpt = None,
    tolerance: Annotated[
        float,
        typer.Option(
            "--tolerance",
            min=0.0,
            help="A threshold within this share of the claimed figure is pivotal "
            "(default 0.25: 25 %).",
        ),
    ] = 0.25,
    weighting: WeightingOpt = None,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Which claimed or estimated figures does the outcome hang on?

    For every figure with status claimed or estimate that a numeric criterion
    scores, one at a time: how much worse the true figure would have to be to
    change who is first or its region's rank (overstated), and how much better
    to change who is first (understated). A threshold within --tolerance of the
    claim, or inside the figure's stated range, is flagged pivotal.

    [bold]Examples[/bold]

      bidtool pivotal

      bidtool pivotal --tolerance 0.1 -f csv

      bidtool pivotal -c investor -f json
    """
    from bidtool.api import load
    from bidtool.api import pivotal as find_pivotal
    from bidtool.render import pivotal as render

    if weighting is not None and weighting.value != "direct":
        raise typer.BadParameter(
            f"pivotal needs weights that stay put while the figures move, got "
            f"{weighting.value}: its weights are computed from the regions' figures, so a "
            "threshold found with today's weights need not change the outcome once they are "
            "recomputed; use -w direct",
            param_hint="'--weighting'",
        )
    inputs = load(
        criteria, regions, scenario or (), weighting.value if weighting else None, strict=strict
    )
    env.warn(inputs.warnings)
    env.warn_degenerate(inputs, method, vikor_v)
    result = find_pivotal(inputs, method, tolerance=tolerance, vikor_v=vikor_v)
    out = resolve_output(env, "pivotal", fmt, output, encoding)
    out.render(
        lambda: render.render_table(result, inputs.criteria, out.lang),
        {
            Format.json: lambda: render.render_json(result, inputs),
            Format.csv: lambda: render.render_csv(result, inputs.criteria),
            Format.md: lambda: render.render_md(result, inputs.criteria, out.lang),
        },
    )
