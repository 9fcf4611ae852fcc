"""``bidtool report``: a report a committee can read (HTML, Excel or Markdown)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.at import AtOpt
from bidtool.cli.environment import Environment
from bidtool.cli.options import (
    AllowLargeSamplesOpt,
    CriteriaOpt,
    MethodOpt,
    RegionsOpt,
    ScenarioOpt,
    StrictOpt,
    VikorOpt,
    WeightingOpt,
)
from bidtool.cli.sensitivity import check_samples

REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".xlsx": "xlsx", ".md": "md"}


class ReportFormat(str, Enum):
    html = "html"
    md = "md"
    xlsx = "xlsx"


def _report_kind(output: Path, report_format: ReportFormat | None) -> str:
    """The report's format from ``-f`` and the ``-o`` name (a contradiction exits 2)."""
    to_stdout = str(output) == "-"
    implied = None if to_stdout else REPORT_SUFFIXES.get(output.suffix.lower())
    kind = report_format.value if report_format is not None else "md" if to_stdout else implied
    if kind is None:
        raise typer.BadParameter(
            f"cannot tell the format from {output.name!r}; use {', '.join(REPORT_SUFFIXES)}",
            param_hint="'-o' / '--output'",
        )
    if to_stdout and kind == "xlsx":
        raise typer.BadParameter(
            "an Excel workbook is not text: give -o FILE.xlsx", param_hint="'-o' / '--output'"
        )
    if not to_stdout and kind != implied:
        raise typer.BadParameter(
            f"-f {kind} does not match the name {output.name!r}; name the file *.{kind}",
            param_hint="'-o' / '--output'",
        )
    return kind


@app.command()
@handles_errors
def report(
    env: Environment,
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="The report to write; the suffix picks the format: "
            + ", ".join(REPORT_SUFFIXES)
            + " ('-': stdout, Markdown unless -f html).",
        ),
    ],
    report_format: Annotated[
        ReportFormat | None,
        typer.Option("-f", "--format", help="html, md or xlsx (default: from the -o suffix)."),
    ] = None,
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    weighting: WeightingOpt = None,
    scenario: ScenarioOpt = None,
    samples: Annotated[
        int, typer.Option("--samples", min=0, help="SMAA-2 weight draws (0: no sensitivity).")
    ] = 10_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Random seed for SMAA-2.")] = 1,
    timestamp: Annotated[
        bool,
        typer.Option(
            "--timestamp",
            help="Add a generated-at time in KST, offset explicit (+09:00); the file then varies.",
        ),
    ] = False,
    vikor_v: VikorOpt = None,
    strict: StrictOpt = False,
    at: AtOpt = None,
    allow_large_samples: AllowLargeSamplesOpt = False,
    appeal: Annotated[
        Path | None,
        typer.Option(
            "--appeal",
            metavar="FILE",
            help="Add an Appeal section: which conclusions this region's corrections file "
            "would change (see bidtool appeal).",
        ),
    ] = None,
) -> None:
    """Write a report a committee can read: HTML, Excel or Markdown.

    The ranking, contribution and group charts, SMAA-2 acceptabilities, what
    each runner-up would need to win, the weights, every figure with its
    source and status, and the SHA-256 of every input.

    [bold]Examples[/bold]

      bidtool report -o report.html

      bidtool report -o report.xlsx -c investor

      bidtool report -o report.md --samples 0

      bidtool report -o report.html --appeal examples/appeal-gwangju.yaml
    """
    to_stdout = str(output) == "-"
    kind = _report_kind(output, report_format)
    from bidtool.api import load
    from bidtool.output import emit, target_of, write_file
    from bidtool.report.content import build_report

    inputs = load(
        criteria,
        regions,
        scenario or (),
        weighting.value if weighting else None,
        strict=strict,
        at=at,
    )
    if not to_stdout:
        target_of(output)  # before SMAA-2: a FIFO, a missing directory or an input is refused now
    env.warn(inputs.warnings)

    def cost() -> tuple[float, int]:
        from bidtool.sensitivity.scorer import Scorer
        from bidtool.sensitivity.smaa import estimate

        return estimate(Scorer.build(inputs, method, vikor_v), samples)

    check_samples(samples, allow_large_samples, cost)
    with env.stages() as stage:  # sweeps, SMAA-2, gaps, unknowns: a bar each on a terminal
        content = build_report(
            inputs, method, vikor_v, samples, seed, timestamp, stage=stage, lang=env.lang
        )
    env.warn(content.ranking.warnings[len(inputs.warnings) :])  # the method's own
    if appeal is not None:  # the one code path verify --appeal re-derives it by
        from bidtool.verification import with_appeal

        content = with_appeal(content, inputs, str(appeal), method, vikor_v, samples, seed)
    if kind == "html":
        from bidtool.report.html import render as render_html

        data = render_html(content).encode("utf-8")
    elif kind == "md":
        from bidtool.report.markdown import render as render_md

        data = render_md(content).encode("utf-8")
    else:
        from bidtool.report.xlsx import render as render_xlsx

        data = render_xlsx(content)
    if to_stdout:
        emit(data.decode("utf-8"), None, stream=env.stdout)
    else:
        write_file(data, output)
        env.say(env.t("cli.wrote_bytes", path=output, size=f"{len(data):,}"))
    if content.ranking.eligible_count == 0:
        from bidtool.errors import NothingEligibleError

        raise NothingEligibleError(env.t("report.nothing_eligible"))
