"""``bidtool gap``: what would a region need to change to reach a rank?"""

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
def gap(
    env: Environment,
    region: Annotated[str, typer.Argument(metavar="ID", help="Region id, e.g. gwangju.")],
    target: Annotated[
        int, typer.Option("--rank", "-k", min=1, help="Target rank (default 1: first).")
    ] = 1,
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[Format | None, format_option("gap")] = None,
    output: OutputOpt = None,
    weighting: WeightingOpt = None,
    scenario: ScenarioOpt = None,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
    strict: StrictOpt = False,
) -> None:
    """What would ID need to change to reach rank K? One criterion at a time.

    For each criterion: the figure (in its own unit) nearest today's that reaches
    the rank, or "not reachable"; and the weight that would do it.

    [bold]Examples[/bold]

      bidtool gap gwangju

      bidtool gap pohang --rank 3 -f json

      bidtool gap busan -s what-if.yaml
    """
    from bidtool.api import load
    from bidtool.render import gap as render
    from bidtool.sensitivity.gap import gap as find_gap

    inputs = load(
        criteria, regions, scenario or (), weighting.value if weighting else None, strict=strict
    )
    env.warn(inputs.warnings)
    env.warn_degenerate(inputs, method, vikor_v)
    result = find_gap(inputs, region, target, method, vikor_v)
    out = resolve_output(env, "gap", fmt, output, encoding)
    out.render(
        lambda: render.render_table(result, inputs.criteria, out.lang),
        {
            Format.json: lambda: render.render_json(result, inputs),
            Format.csv: lambda: render.render_csv(result, inputs.criteria),
            Format.md: lambda: render.render_md(result, inputs.criteria, out.lang),
        },
    )
    if result.eligible_count == 0:
        from bidtool.errors import NothingEligibleError

        raise NothingEligibleError(env.t("gap.nothing_eligible"))
