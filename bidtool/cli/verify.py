"""``bidtool verify``: is a published report what the sealed criteria give?"""

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
    ScenarioOpt,
    StrictOpt,
    VikorOpt,
    WeightingOpt,
    criteria_option,
    enum_parser,
)
from bidtool.cli.output import COMMAND_FORMATS, Format, resolve_output

FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "-f",
        "--format",
        parser=enum_parser("format", Format, [f.value for f in COMMAND_FORMATS["verify"]], " for verify"),
        metavar="FORMAT",
        help="Output format: table, json. Default: table, or from the -o suffix.",
    ),
]


@app.command()
@handles_errors
def verify(
    env: Environment,
    report: Annotated[
        Path, typer.Argument(metavar="REPORT", help="The report: .html, .xlsx, .md or rank's .json.")
    ],
    seal: Annotated[
        Path, typer.Option("--seal", metavar="SEAL", help="The seal.json written by bidtool seal.")
    ],
    regions: RegionsOpt = None,
    criteria: Annotated[
        str | None,
        criteria_option(
            "Also check this criteria file against the seal (exit 3 naming each change); "
            "without it the criteria are rebuilt from the seal alone."
        ),
    ] = None,
    method: MethodOpt = None,
    samples: Annotated[
        int, typer.Option("--samples", min=0, help="SMAA-2 draws the report was made with.")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Its SMAA-2 seed.")] = 1,
    weighting: WeightingOpt = None,
    scenario: ScenarioOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
    strict: StrictOpt = False,
    appeal: Annotated[
        Path | None,
        typer.Option(
            "--appeal",
            metavar="FILE",
            help="The corrections file the report was made with (bidtool report --appeal "
            "FILE): its Appeal section is re-derived too, and a file whose SHA-256 differs "
            "from the one the report records is named.",
        ),
    ] = None,
) -> None:
    """Re-derive a report from the sealed criteria and the submitted regions; compare.

    Says "identical", or exactly what differs: a JSON key, a report section and
    line, or a workbook cell, with the report's and the sealed criteria's
    value (exit 3).  An edited seal, or a criteria file (-c), metric catalogue
    or map layer that no longer matches the seal, is exit 3 naming each change.
    A report made with --appeal FILE is verified with the same --appeal FILE.  Give the
    options the report was made with (method, --samples, --seed, -s, -w, --lang);
    a rank -f json document names its method itself.

    [bold]Examples[/bold]

      bidtool verify report.html --seal seal.json

      bidtool verify ranking.json --seal seal.json -r regions/

      bidtool verify report.md --seal seal.json -c criteria/default.yaml --samples 0

      bidtool verify report.html --seal seal.json --appeal examples/appeal-gwangju.yaml
    """
    from bidtool.render import audit as render
    from bidtool.verification import ReportDiffersError
    from bidtool.verification import verify as run_verify

    if fmt is None and output is None:
        fmt = Format.table  # the verdict is text to read, piped or not
    out = resolve_output(env, "verify", fmt, output, encoding)
    with env.stages() as stage:
        result = run_verify(
            str(report),
            str(seal),
            regions,
            criteria,
            method=method,
            samples=samples,
            seed=seed,
            scenarios=scenario or (),
            weighting=weighting.value if weighting else None,
            vikor_v=vikor_v,
            strict=strict,
            stage=stage,
            lang=env.lang,
            appeal=None if appeal is None else str(appeal),
        )
    out.render(
        lambda: render.verify_table(result, env.lang),
        {Format.json: lambda: render.verify_json(result)},
    )
    if not result.identical:
        raise ReportDiffersError(env.t.count("verify.failed", result.count, report=result.report))
