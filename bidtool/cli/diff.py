"""``bidtool diff``: what changed between two versions, and how the ranking moved."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import (
    EncodingOpt,
    MethodOpt,
    OutputOpt,
    RegionsOpt,
    bundled_names,
    format_option,
)
from bidtool.cli.output import Format, resolve_output


@app.command()
@handles_errors
def diff(
    env: Environment,
    a: Annotated[
        str | None,
        typer.Argument(metavar="[A]", help="A criteria file, or a regions directory."),
    ] = None,
    b: Annotated[
        str | None,
        typer.Argument(metavar="[B]", help="The other criteria file or regions directory."),
    ] = None,
    git: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--git",
            metavar="REV1 REV2",
            help="Compare criteria/ and regions/ at two git revisions of the repository.",
        ),
    ] = None,
    repo: Annotated[Path, typer.Option("--repo", help="The git repository for --git.")] = Path(),
    criteria: Annotated[
        str | None,
        typer.Option(
            "-c",
            "--criteria",
            metavar="CRITERIA",
            # not checked against the working directory: with --git it names a file in
            # each revision (criteria/NAME.yaml there)
            help="Criteria YAML file, or a bundled name: "
            + ", ".join(bundled_names())
            + " (./criteria/NAME.yaml wins over the bundled copy; with --git, "
            "criteria/NAME.yaml in each revision).",
        ),
    ] = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[Format | None, format_option("diff")] = None,
    output: OutputOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """What changed between two versions — weights, figures, sources — and how every
    region's score and rank moved.

    [bold]Examples[/bold]

      bidtool diff criteria/default.yaml criteria/investor.yaml

      bidtool diff old-regions/ regions/

      bidtool diff --git v0.1 HEAD               [dim]# criteria/default.yaml and regions/[/dim]

      bidtool diff --git HEAD~3 HEAD -c investor -f md
    """
    from bidtool import diff as diffing
    from bidtool.render import diff as render

    if git is not None:
        if a is not None or b is not None:
            raise typer.BadParameter("give either A B or --git REV1 REV2, not both")
        result = diffing.diff_git(repo, git[0], git[1], criteria, method)
    else:
        if a is None or b is None:
            raise typer.BadParameter(
                "give two criteria files, two regions directories, or --git REV1 REV2",
                param_hint="A B",
            )
        result = diffing.diff_paths(a, b, criteria, regions, method)
    out = resolve_output(env, "diff", fmt, output, encoding)
    out.render(
        lambda: render.render_table(result, out.lang),
        {
            Format.json: lambda: render.render_json(result),
            Format.csv: lambda: render.render_csv(result),
            Format.md: lambda: render.render_md(result, out.lang),
        },
    )
