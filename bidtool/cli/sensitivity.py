"""``bidtool sensitivity``: weight sweeps, critical weights and SMAA-2."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.at import AtOpt
from bidtool.cli.environment import Environment
from bidtool.cli.options import (
    AllowLargeSamplesOpt,
    CriteriaOpt,
    EncodingOpt,
    MethodOpt,
    OutputOpt,
    RegionsOpt,
    ScenarioOpt,
    StrictOpt,
    VikorOpt,
    WeightingOpt,
    enum_option,
    enum_parser,
    format_option,
)
from bidtool.cli.output import Format, resolve_output


class WeightModel(str, Enum):
    uniform = "uniform"
    dirichlet = "dirichlet"
    ranges = "ranges"
    bands = "bands"


def _weight_draws(
    env: Environment, chosen: WeightModel, deprecated: WeightModel | None
) -> WeightModel:
    """``--weights`` is the old spelling of ``--weight-draws``: still honoured, with a warning."""
    if deprecated is None:
        return chosen
    if chosen is not WeightModel.uniform and chosen is not deprecated:
        raise typer.BadParameter(
            f"--weights {deprecated.value} contradicts --weight-draws {chosen.value}; "
            "give only --weight-draws",
            param_hint="'--weights'",
        )
    env.warn(["--weights is deprecated (too close to -w/--weighting); use --weight-draws"])
    return deprecated


def _bands_model(chosen: WeightModel, bands: str | None) -> WeightModel:
    """``--bands FILE`` means ``--weight-draws bands``; one without the other is a usage error."""
    if bands is None:
        if chosen is WeightModel.bands:
            raise typer.BadParameter(
                "--weight-draws bands needs --bands FILE (a bidtool.bands/1 file, "
                "e.g. examples/bands-illustration.yaml)",
                param_hint="'--bands'",
            )
        return chosen
    if chosen not in (WeightModel.uniform, WeightModel.bands):
        raise typer.BadParameter(
            f"--bands draws the weights from its bands; it contradicts --weight-draws "
            f"{chosen.value}", param_hint="'--bands'",
        )
    return WeightModel.bands


def check_samples(samples: int, allow: bool, estimate: Callable[[], tuple[float, int]]) -> None:
    """Refuse (exit 2) more draws than the cap unless asked, saying what they would cost."""
    from bidtool.sensitivity.smaa import SAMPLES_CAP

    if samples <= SAMPLES_CAP or allow:
        return
    seconds, peak = estimate()
    raise typer.BadParameter(
        f"{samples:,} draws is above {SAMPLES_CAP:,}: on this machine about "
        f"{_duration(seconds)} and {peak / 2**20:,.0f} MB of memory (draws go in chunks). "
        "Pass --allow-large-samples to run it anyway (a progress bar shows the time left), "
        f"or use --samples {SAMPLES_CAP:,} or fewer",
        param_hint="'--samples'",
    )


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:,.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:,.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:,.1f} h"
    return f"{seconds / 86400:,.1f} days"


@app.command()
@handles_errors
def sensitivity(
    env: Environment,
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[Format | None, format_option("sensitivity")] = None,
    output: OutputOpt = None,
    samples: Annotated[
        int, typer.Option("--samples", min=0, help="SMAA-2 weight draws (0: sweeps only).")
    ] = 10_000,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Random seed: same seed, same bytes.")
    ] = 1,
    weight_draws: Annotated[
        WeightModel,
        enum_option(
            "weight model",
            WeightModel,
            "--weight-draws",
            help="How SMAA draws weights: uniform on the simplex (no preferences), dirichlet "
            "around the declared weights, ranges (weight_range: [lo, hi] in the criteria "
            "file) or bands (--bands FILE). Not -w/--weighting, which sets the declared "
            "weights themselves.",
        ),
    ] = WeightModel.uniform,
    bands: Annotated[
        str | None,
        typer.Option(
            "--bands",
            metavar="FILE",
            help="Admissible weights: a bidtool.bands/1 file of [lower, upper] shares per "
            "top-level group, and optionally per path below one (power.power_available_mw: "
            "a share of its parent); SMAA-2 draws weights uniformly (exactly) inside them.",
        ),
    ] = None,
    weights_alias: Annotated[
        WeightModel | None,
        typer.Option("--weights", hidden=True, parser=enum_parser("weight model", WeightModel)),
    ] = None,
    concentration: Annotated[
        float,
        typer.Option(
            "--concentration",
            min=0.001,
            help="Dirichlet concentration: larger stays closer to the declared weights "
            "(variance w(1-w)/(c+1)).",
        ),
    ] = 100.0,
    data_uncertainty: Annotated[
        bool,
        typer.Option(
            "--data-uncertainty",
            help="Also draw the figures: each metric's 'uncertainty:', and ±10 % uniform for "
            "status: estimate.",
        ),
    ] = False,
    unknowns: Annotated[
        bool,
        typer.Option(
            "--unknowns",
            help="Also draw every unknown figure's utility uniformly in [0, 1] per sample, so "
            "P(first) reflects what nobody knows (not with --data-uncertainty).",
        ),
    ] = False,
    weighting: WeightingOpt = None,
    scenario: ScenarioOpt = None,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
    strict: StrictOpt = False,
    at: AtOpt = None,
    allow_large_samples: AllowLargeSamplesOpt = False,
) -> None:
    """How robust is the ranking? Weight sweeps, critical weights and SMAA-2.

    [bold]Examples[/bold]

      bidtool sensitivity

      bidtool sensitivity --weight-draws dirichlet --concentration 50 --samples 100000

      bidtool sensitivity -m topsis --data-uncertainty -f json -o robustness.json

      bidtool sensitivity --unknowns   [dim]# unknown figures drawn, not scored worst[/dim]

      bidtool sensitivity --bands examples/bands-illustration.yaml   [dim]# admissible weights[/dim]
    """
    if unknowns and data_uncertainty:
        raise typer.BadParameter(
            "--unknowns and --data-uncertainty cannot be combined yet; run them one at a time",
            param_hint="'--unknowns'",
        )
    from bidtool.api import load
    from bidtool.render import sensitivity as render
    from bidtool.sensitivity.analysis import assemble, scorer_for
    from bidtool.sensitivity.smaa import estimate

    weights = _bands_model(_weight_draws(env, weight_draws, weights_alias), bands)
    if bands is not None and samples == 0:
        raise typer.BadParameter(
            "--bands bounds the SMAA-2 weight draws, and --samples 0 draws none (the "
            "one-weight sweeps ignore bands); give --samples 1000 or more",
            param_hint="'--samples'",
        )
    inputs = load(
        criteria,
        regions,
        scenario or (),
        weighting.value if weighting else None,
        strict=strict,
        at=at,
    )
    env.warn(inputs.warnings)
    env.warn_degenerate(inputs, method, vikor_v)
    admissible = None
    if bands is not None:
        from bidtool.io.bands import load_bands

        admissible = load_bands(bands, inputs.criteria)
    scorer = scorer_for(inputs, method, vikor_v)
    check_samples(
        samples,
        allow_large_samples,
        lambda: estimate(
            scorer, samples, weights.value, concentration, data_uncertainty, bands=admissible
        ),
    )
    with env.progress(samples, f"SMAA-2 ({scorer.method})") as advance:
        report = assemble(
            scorer, samples, seed, weights.value, concentration, data_uncertainty, unknowns,
            advance, bands=admissible,
        )
    out = resolve_output(env, "sensitivity", fmt, output, encoding)
    out.render(
        lambda: render.render_table(report, out.lang),
        {
            Format.json: lambda: render.render_json(report),
            Format.csv: lambda: render.render_csv(report),
            Format.md: lambda: render.render_md(report, out.lang),
        },
    )
