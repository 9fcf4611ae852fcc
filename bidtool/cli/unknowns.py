"""``bidtool unknowns``: what could the figures nobody has published change?"""

from __future__ import annotations

from typing import Annotated

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
def unknowns(
    env: Environment,
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[Format | None, format_option("unknowns")] = None,
    output: OutputOpt = None,
    weighting: WeightingOpt = None,
    scenario: ScenarioOpt = None,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
    strict: StrictOpt = False,
) -> None:
    """What could the figures nobody has published change?

    Per region: the share of its weight whose figure is known, its best and
    worst rank over the unknown figures, whether it could or must pass the
    constraints; whether today's leader is certain; and the figures to verify
    first — each one that alone could change who is first.

    [bold]Examples[/bold]

      bidtool unknowns

      bidtool unknowns -c investor -f json

      bidtool unknowns -f md -o unknowns.md
    """
    from bidtool.api import load
    from bidtool.render import unknowns as render
    from bidtool.unknowns import unknowns as find_unknowns

    inputs = load(
        criteria, regions, scenario or (), weighting.value if weighting else None, strict=strict
    )
    env.warn(inputs.warnings)
    env.warn_degenerate(inputs, method, vikor_v)
    with env.progress(len(inputs.regions), env.t("report.stage.unknowns")) as advance:
        result = find_unknowns(inputs, method, vikor_v, progress=advance)
    out = resolve_output(env, "unknowns", fmt, output, encoding)
    out.render(
        lambda: render.render_table(result, out.lang),
        {
            Format.json: lambda: render.render_json(result),
            Format.csv: lambda: render.render_csv(result),
            Format.md: lambda: render.render_md(result, out.lang),
        },
    )
    if result.ranking.eligible_count == 0:
        from bidtool.errors import NothingEligibleError

        raise NothingEligibleError(env.t("rank.all.nothing_eligible"))
