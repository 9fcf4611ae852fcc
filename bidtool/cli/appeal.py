"""``bidtool appeal``: which conclusions would a region's corrected figures change?"""

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
    RegionsOpt,
    StrictOpt,
    VikorOpt,
    WeightingOpt,
    format_option,
)
from bidtool.cli.output import Format, resolve_output


@app.command()
@handles_errors
def appeal(
    env: Environment,
    region: Annotated[str, typer.Argument(metavar="REGION", help="The region appealing.")],
    corrections: Annotated[
        Path,
        typer.Option(
            "--corrections",
            metavar="FILE",
            help="Scenario YAML of REGION's disputed figures, each with status and sources "
            "(title and url).",
        ),
    ],
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    weighting: WeightingOpt = None,
    samples: Annotated[
        int, typer.Option("--samples", min=0, help="SMAA-2 draws for P(first) (0: none).")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="SMAA-2 seed (both runs).")] = 1,
    fmt: Annotated[Format | None, format_option("appeal")] = None,
    output: OutputOpt = None,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Rerun everything with REGION's corrected figures; say which conclusions change.

    Compared with the files as they stand: every region's rank, who is first,
    eligibility, P(first) (SMAA-2, the same seeded draws in both runs) and the
    figures to verify first (bidtool unknowns).  Each corrected figure needs a
    status and sources with a title and url; the file is a scenario, so
    bidtool rank -s FILE shows the corrected ranking itself.

    [bold]Examples[/bold]

      bidtool appeal gwangju --corrections examples/appeal-gwangju.yaml

      bidtool appeal gwangju --corrections examples/appeal-gwangju.yaml -f json

      bidtool appeal gwangju --corrections examples/appeal-gwangju.yaml -c investor --samples 0
    """
    from bidtool.api import appeal as run_appeal
    from bidtool.api import load
    from bidtool.render import audit as render

    out = resolve_output(env, "appeal", fmt, output, encoding)
    inputs = load(criteria, regions, (), weighting.value if weighting else None, strict=strict)
    env.warn(inputs.warnings)
    result = run_appeal(
        inputs, region, str(corrections), method, vikor_v=vikor_v, samples=samples, seed=seed
    )
    out.render(
        lambda: render.appeal_table(result, env.lang),
        {
            Format.json: lambda: render.appeal_json(result),
            Format.csv: lambda: render.appeal_csv(result),
            Format.md: lambda: render.appeal_md(result, lang=env.lang),
        },
    )
