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
    costs: Annotated[
        str | None,
        typer.Option(
            "--costs",
            metavar="FILE",
            help="A bidtool.costs/1 file of costs per unit: answer instead with the cheapest "
            "package of commitments (several figures at once) that reaches rank K "
            "(weighted sum only; -f json adds a package block to bidtool.gap/1).",
        ),
    ] = None,
) -> None:
    """What would ID need to change to reach rank K? One criterion at a time.

    For each criterion: the figure (in its own unit) nearest today's that reaches
    the rank, or "not reachable"; and the weight that would do it. With --costs:
    the cheapest package of commitments, several figures at once, each moved only
    the way its criterion calls better, at the cost per unit the file states.

    [bold]Examples[/bold]

      bidtool gap gwangju

      bidtool gap pohang --rank 3 -f json

      bidtool gap busan -s what-if.yaml

      bidtool gap pohang --rank 1 --costs examples/commitment-costs.yaml
    """
    from bidtool.api import gap as find_gap
    from bidtool.api import load
    from bidtool.render import gap as render

    inputs = load(
        criteria, regions, scenario or (), weighting.value if weighting else None, strict=strict
    )
    env.warn(inputs.warnings)
    env.warn_degenerate(inputs, method, vikor_v)
    if costs is not None and method is not None:
        from bidtool.methods import get_method

        if not get_method(method).additive:
            raise typer.BadParameter(
                f"--costs solves the cheapest package exactly for the weighted sum only, got "
                f"{method}; use -m wsm",
                param_hint="'--method'",
            )
    if costs is not None and weighting is not None and weighting.value != "direct":
        raise typer.BadParameter(
            f"--costs needs weights that stay put while the figures move, got {weighting.value}: "
            "its weights are computed from the regions' figures; use -w direct",
            param_hint="'--weighting'",
        )
    result = find_gap(inputs, region, target, method, vikor_v=vikor_v, costs=costs)
    out = resolve_output(env, "gap --costs" if costs else "gap", fmt, output, encoding)
    if result.package is not None:
        from bidtool.render import package as render_package

        package = result.package
        out.render(
            lambda: render_package.render_table(package, inputs.criteria, out.lang),
            {
                Format.json: lambda: render.render_json(result, inputs),
                Format.csv: lambda: render_package.render_csv(package, inputs.criteria),
                Format.md: lambda: render_package.render_md(package, inputs.criteria, out.lang),
            },
        )
        return
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
