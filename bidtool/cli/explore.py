"""``bidtool explore``: the decision room, one self-contained HTML page (DESIGN §12)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import (
    AllowLargeSamplesOpt,
    CriteriaOpt,
    MethodOpt,
    RegionsOpt,
    ScenarioOpt,
    StrictOpt,
    VikorOpt,
    WeightingOpt,
    enum_parser,
)
from bidtool.cli.output import COMMAND_FORMATS, Format
from bidtool.cli.sensitivity import check_samples

ROOM_SUFFIXES = (".html", ".htm")


def _check_output(output: Path, fmt: Format | None) -> None:
    """``-o`` must name an HTML file (or be ``-``); a FIFO, a missing directory or an input
    of this run is refused before any work."""
    if str(output) == "-":
        return
    if output.suffix.lower() not in ROOM_SUFFIXES:
        given = f"-f {fmt.value} does not match" if fmt is not None else "cannot tell the format from"
        raise typer.BadParameter(
            f"{given} the name {output.name!r}; the room is one HTML page: name it *.html",
            param_hint="'-o' / '--output'",
        )
    from bidtool.output import target_of

    target_of(output)


@app.command()
@handles_errors
def explore(
    env: Environment,
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="The page to write (*.html; '-': stdout). Written atomically.",
        ),
    ],
    fmt: Annotated[
        Format | None,
        typer.Option(
            "-f",
            "--format",
            parser=enum_parser(
                "format", Format, [f.value for f in COMMAND_FORMATS["explore"]], " for explore"
            ),
            metavar="FORMAT",
            help="Output format: html (the only one; also implied by the -o suffix).",
        ),
    ] = None,
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    weighting: WeightingOpt = None,
    scenario: ScenarioOpt = None,
    samples: Annotated[
        int,
        typer.Option("--samples", min=0, help="SMAA-2 weight draws for P(first) (0: none)."),
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed for SMAA-2.")] = 1,
    vikor_v: VikorOpt = None,
    strict: StrictOpt = False,
    allow_large_samples: AllowLargeSamplesOpt = False,
) -> None:
    """Write the decision room: one HTML page where a committee moves the weights live.

    A slider per criterion group and leaf re-ranks the regions at once, with
    the arithmetic of bidtool rank; under each slider, the interval in which
    today's leader stays first (as bidtool sensitivity computes it); P(first)
    from SMAA-2; and "copy as scenario", the weights: YAML that reproduces the
    page through bidtool rank -s.  Nothing on the page is fetched: one inline
    script, a Content-Security-Policy that forbids every request.  The same
    inputs give the same bytes.

    [bold]Examples[/bold]

      bidtool explore -o room.html

      bidtool explore -c investor -o room.html

      bidtool explore --lang ko -o 의사결정실.html

      bidtool explore -s examples/what-if.yaml -o room.html --samples 2000
    """
    _check_output(output, fmt)
    from bidtool.api import load
    from bidtool.api import room as build_room
    from bidtool.output import emit, write_file
    from bidtool.report.room import render

    inputs = load(
        criteria, regions, scenario or (), weighting.value if weighting else None, strict=strict
    )
    env.warn(inputs.warnings)

    def cost() -> tuple[float, int]:
        from bidtool.sensitivity.scorer import Scorer
        from bidtool.sensitivity.smaa import estimate

        seconds, peak = estimate(Scorer.build(inputs, method, vikor_v), samples)
        return 2 * seconds, peak  # two SMAA-2 runs: uniform, and near the file's weights

    check_samples(samples, allow_large_samples, cost)
    with env.stages() as stage:
        room = build_room(
            inputs,
            method,
            samples=samples,
            seed=seed,
            vikor_v=vikor_v,
            progress=stage("SMAA-2", 2 * samples) if samples else None,
        )
    env.warn(room.ranking.warnings[len(inputs.warnings) :])
    page = render(room, lang=env.lang)
    if str(output) == "-":
        emit(page, None, stream=env.stdout)
    else:
        data = page.encode("utf-8")
        write_file(data, output)
        env.say(env.t("cli.wrote_bytes", path=output, size=f"{len(data):,}"))
    if room.ranking.eligible_count == 0:
        from bidtool.errors import NothingEligibleError

        raise NothingEligibleError(env.t("room.nothing_eligible"))
