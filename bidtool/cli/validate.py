"""``bidtool validate``: check criteria and region files, every problem at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import RegionsOpt, StrictOpt, bundled_names, criteria_option

if TYPE_CHECKING:
    from bidtool.model import Inputs


@app.command()
@handles_errors
def validate(
    env: Environment,
    criteria: Annotated[
        str | None,
        criteria_option(
            "Criteria file or bundled name ("
            + ", ".join(bundled_names())
            + "). Default: every file in criteria/."
        ),
    ] = None,
    regions: RegionsOpt = None,
    strict: StrictOpt = False,
    geometry: Annotated[
        bool,
        typer.Option(
            "--geometry",
            help="Also read map layers and site geometry and compute spatial metrics "
            "(slower: loads shapely and pyproj).",
        ),
    ] = False,
) -> None:
    """Check criteria and region files; report every problem at once (exit 3).

    [bold]Examples[/bold]

      bidtool validate

      bidtool validate --strict -c criteria/default.yaml -r regions/

      bidtool validate --geometry -c geo   [dim]# also check layers and site geometry[/dim]
    """
    from bidtool.errors import InputError, Problem
    from bidtool.io.loading import criteria_names, merge_repeated
    from bidtool.prepare import load_inputs

    names = [criteria] if criteria else criteria_names()
    problems: list[Problem] = []
    checked: list[Inputs] = []
    for name in names:
        try:
            inputs = load_inputs(name, regions, strict=strict, geometry=geometry)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        checked.append(inputs)
    # each region is checked once per criteria file: one mistake, one line
    env.warn(list(dict.fromkeys(w for i in checked for w in i.warnings)))
    if problems:
        raise InputError(merge_repeated(problems))
    n_regions = len(checked[0].regions) if checked else 0
    files = ", ".join(i.criteria.path for i in checked)
    typer.echo(
        env.t("validate.ok", files=files, n=n_regions)
        + (env.t("validate.strict") if strict else "")
        + ".",
        file=env.stdout,
    )
