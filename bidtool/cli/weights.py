"""``bidtool weights``: derive criterion weights (``weights ahp``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import OutputOpt, StrictOpt, format_option
from bidtool.cli.output import TEXT_FORMATS, Format, Output, resolve_output, supports

weights_app = typer.Typer(
    help="Derive criterion weights (AHP pairwise comparisons).\n\n"
    "[bold]Examples[/bold]\n\n"
    "  bidtool weights ahp pairwise.yaml",
    rich_markup_mode="rich",
    no_args_is_help=True,
)
app.add_typer(weights_app, name="weights")


@weights_app.command("ahp")
@handles_errors
def weights_ahp(
    env: Environment,
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PAIRWISE.yaml", help="schema: bidtool.ahp/1 with 'matrix' or 'judgements'."
        ),
    ],
    fmt: Annotated[Format | None, format_option("weights ahp")] = None,
    output: OutputOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Priorities, λmax, CI and CR of a pairwise comparison (Saaty's AHP).

    [bold]Examples[/bold]

      bidtool weights ahp pairwise.yaml

      bidtool weights ahp pairwise.yaml -f json
    """
    from bidtool.errors import InputError
    from bidtool.io.ahp_file import weigh_file
    from bidtool.render import weights as render
    from bidtool.weighting.ahp import CR_THRESHOLD, revise_for_consistency, revision_advice

    names, result = weigh_file(path, str(path))
    revisions = revise_for_consistency(result)
    if not result.consistent:
        msg = (
            f"consistency ratio {result.cr:.3f} > {CR_THRESHOLD:.2f}: the judgements "
            "contradict each other; "
            + (revision_advice(names, revisions) or "revise the most inconsistent pairs")
        )
        if strict:
            raise InputError.single(str(path), msg)
        env.warn([msg])
    out = resolve_output(env, "weights ahp", fmt, output)
    if out.format is Format.table:
        Output(out.format, out.path, "utf-8", env).rich(render.ahp_table(names, result, env.lang, revisions))
    else:
        supports(out.format, TEXT_FORMATS)
        out.text(render.ahp_text(names, result, out.format.value, revisions))
