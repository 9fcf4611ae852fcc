"""``bidtool committee``: each member's ranking beside the group's, and who disagrees where."""

from __future__ import annotations

from enum import Enum
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
    enum_option,
    format_option,
)
from bidtool.cli.output import Format, resolve_output


class AggregationChoice(str, Enum):
    aij = "aij"
    aip = "aip"


@app.command()
@handles_errors
def committee(
    env: Environment,
    members: Annotated[
        list[Path],
        typer.Argument(
            metavar="MEMBER.yaml...",
            help="One file per member: direct 'weights:' or AHP 'ahp:' judgements over the "
            "criteria tree.",
        ),
    ],
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    aggregate: Annotated[
        AggregationChoice,
        enum_option(
            "aggregation",
            AggregationChoice,
            "--aggregate",
            help="aij: geometric mean of the members' pairwise judgements; aip: geometric mean "
            "of their priorities (Forman & Peniwati 1998).",
        ),
    ] = AggregationChoice.aij,
    fmt: Annotated[Format | None, format_option("committee")] = None,
    output: OutputOpt = None,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Each member's ranking beside the group's, Kendall's W, and who disagrees where.

    [bold]Examples[/bold]

      bidtool committee kim.yaml lee.yaml park.yaml

      bidtool committee members/*.yaml --aggregate aip -f json
    """
    from bidtool.api import load
    from bidtool.committee import check_consistency, convene, deliberate
    from bidtool.render import committee as render

    inputs = load(criteria, regions, strict=strict)
    env.warn(inputs.warnings)
    board = convene(inputs, [str(p) for p in members], aggregate.value)
    env.warn([f"{p.file}: {p.message}" for p in check_consistency(board, strict)])
    verdict = deliberate(board, method, vikor_v)
    env.warn(verdict.group.warnings[len(inputs.warnings) :])  # the method's own
    out = resolve_output(env, "committee", fmt, output, encoding)
    out.render(
        lambda: render.render_table(verdict, out.lang),
        {
            Format.json: lambda: render.render_json(verdict),
            Format.csv: lambda: render.render_csv(verdict),
            Format.md: lambda: render.render_md(verdict, out.lang),
        },
    )
    if verdict.group.eligible_count == 0:
        from bidtool.errors import NothingEligibleError

        raise NothingEligibleError(env.t("rank.all.nothing_eligible"))
