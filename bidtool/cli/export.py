"""``bidtool export regions``: every region's figures as one Excel workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import RegionsOpt

export_app = typer.Typer(
    help="Write inputs for other tools: the regions as an Excel workbook.\n\n"
    "[bold]Examples[/bold]\n\n"
    "  bidtool export regions -o regions.xlsx",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(export_app, name="export")


@export_app.command("regions")
@handles_errors
def export_regions(
    env: Environment,
    output: Annotated[
        Path,
        typer.Option("-o", "--output", metavar="FILE.xlsx", help="The workbook to write."),
    ],
    regions: RegionsOpt = None,
) -> None:
    """Every region's figures as one Excel workbook: Metrics (one row per figure, and
    per further source), Regions and Catalogue. Edit it; bring it back with bidtool import.

    [bold]Examples[/bold]

      bidtool export regions -o regions.xlsx

      bidtool export regions -r my-regions/ -o figures.xlsx
    """
    if output.suffix.lower() != ".xlsx":
        raise typer.BadParameter(
            f"an Excel workbook is written to a FILE.xlsx, not {str(output)!r}",
            param_hint="'-o' / '--output'",
        )
    from bidtool.workbook import export_workbook

    n = export_workbook(regions, output)
    env.say(env.t("cli.wrote_regions", path=output, n=n))
