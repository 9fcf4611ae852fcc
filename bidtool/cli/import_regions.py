"""``bidtool import``: an edited regions workbook back to region YAML files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import CriteriaOpt, StrictOpt


@app.command("import")
@handles_errors
def import_regions(
    env: Environment,
    workbook: Annotated[
        Path,
        typer.Argument(metavar="WORKBOOK.xlsx", help="A workbook from bidtool export regions."),
    ],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", metavar="DIR", help="The regions directory to write."),
    ],
    criteria: CriteriaOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace region files that already exist in DIR.")
    ] = False,
    strict: StrictOpt = False,
) -> None:
    """Read an edited regions workbook back into region YAML files.

    Every cell is checked as bidtool validate checks a region file (against -c
    and the workbook's Catalogue); each problem is named by its cell
    (regions.xlsx:Metrics!C14), and nothing is written while any remains.
    Existing region files are kept unless --force.

    [bold]Examples[/bold]

      bidtool import regions.xlsx -o regions/ --force

      bidtool import figures.xlsx -o new-regions/
    """
    from bidtool.workbook import import_workbook

    written = import_workbook(workbook, str(workbook), output, criteria, force, strict)
    env.say(env.t("cli.wrote_region_files", n=len(written), path=output))
