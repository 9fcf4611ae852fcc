"""``bidtool compare``: regions side by side, criterion by criterion."""

from __future__ import annotations

from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import (
    CriteriaOpt,
    EncodingOpt,
    OutputOpt,
    RegionsOpt,
    StrictOpt,
    format_option,
)
from bidtool.cli.output import TEXT_FORMATS, Format, resolve_output, supports


@app.command()
@handles_errors
def compare(
    env: Environment,
    ids: Annotated[list[str], typer.Argument(metavar="ID ID...", help="Two or more region ids.")],
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    fmt: Annotated[Format | None, format_option("compare")] = None,
    output: OutputOpt = None,
    encoding: EncodingOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Put regions side by side, criterion by criterion.

    [bold]Examples[/bold]

      bidtool compare gwangju jeonnam

      bidtool compare busan ulsan pohang -f md
    """
    from bidtool.api import load
    from bidtool.ranking import rank as rank_regions
    from bidtool.render import compare as render

    if len(ids) < 2:
        raise typer.BadParameter("give at least two region ids", param_hint="ID ID...")
    result = rank_regions(load(criteria, regions, strict=strict))
    chosen = render.select(result, ids)
    out = resolve_output(env, "compare", fmt, output, encoding)
    if out.format is Format.table:
        out.rich(render.compare_table(result, chosen, out.lang))
    else:
        supports(out.format, TEXT_FORMATS)
        out.text(render.compare_text(result, chosen, out.format.value))
