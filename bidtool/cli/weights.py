"""``bidtool weights``: derive criterion weights (``weights ahp``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import CriteriaOpt, OutputOpt, RegionsOpt, StrictOpt, format_option
from bidtool.cli.output import TEXT_FORMATS, Format, Output, resolve_output, supports

weights_app = typer.Typer(
    help="Derive criterion weights (AHP pairwise comparisons) and say what swing weights "
    "stand for.\n\n"
    "[bold]Examples[/bold]\n\n"
    "  bidtool weights ahp pairwise.yaml\n\n"
    "  bidtool weights swing -c examples/swing.yaml",
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
    from bidtool.prepare import weigh_file
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


@weights_app.command("swing")
@handles_errors
def weights_swing(
    env: Environment,
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    fmt: Annotated[Format | None, format_option("weights swing")] = None,
    output: OutputOpt = None,
    strict: StrictOpt = False,
) -> None:
    """What each swing weight stands for: the worst and best figures among the eligible regions.

    A criteria file's swing: block (on a group, or at the top) ranks the swings
    from the worst to the best figure and may score them (the first 100); this
    prints each weight with the swing it buys ("25 % = going from 120 MW to 500 MW").

    [bold]Examples[/bold]

      bidtool weights swing -c examples/swing.yaml

      bidtool weights swing -c examples/swing.yaml -f json
    """
    from bidtool.api import load
    from bidtool.errors import InputError
    from bidtool.ranking import swing_regions
    from bidtool.render import weights as render
    from bidtool.weighting.swing import describe_swings

    inputs = load(criteria, regions, strict=strict)
    env.warn(inputs.warnings)
    crit = inputs.criteria
    if not crit.swing:
        raise InputError.single(
            crit.path,
            "no level of this file is swing-weighted; add a swing: block (ranking, and "
            "optionally points) to a group or to the top of the file",
            path="swing",
        )
    swings = describe_swings(crit, swing_regions(crit, inputs.regions))
    out = resolve_output(env, "weights swing", fmt, output)
    if out.format is Format.table:
        Output(out.format, out.path, "utf-8", env).rich(
            render.swing_table(swings, crit.source_label, env.lang)
        )
    else:
        supports(out.format, TEXT_FORMATS)
        out.text(render.swing_text(swings, out.format.value, crit.source_label, env.lang))
