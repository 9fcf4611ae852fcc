"""``bidtool seal``: commit to the criteria before the bids are opened."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import CriteriaOpt, RegionsOpt


@app.command()
@handles_errors
def seal(
    env: Environment,
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", metavar="PATH", help="Where to write the seal ('-': stdout)."
        ),
    ] = Path("seal.json"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing, different seal file.")
    ] = False,
) -> None:
    """Seal the criteria: write seal.json (bidtool.seal/1) and print the SHA-256 to publish.

    The seal holds the criteria and the metric catalogue (regions/metrics.yaml)
    in canonical form — comments, key order, quoting and YAML style do not
    count; every weight, value-function point, constraint and definition does
    — with the method, weights, value functions, constraints, missing policy
    and bidtool version, and the SHA-256 of every map layer file the criteria
    name (layers:), so a swapped layer no longer verifies.  Publish the digest with the call;
    `bidtool verify REPORT --seal seal.json` later re-derives a report from it.

    [bold]Examples[/bold]

      bidtool seal

      bidtool seal -c investor -o investor-seal.json

      bidtool seal -c criteria/default.yaml -o -
    """
    from bidtool.api import seal as make_seal
    from bidtool.output import emit, target_of, write_file
    from bidtool.render.json import dumps

    result = make_seal(criteria, regions)
    data = dumps(result.to_dict()).encode("utf-8")
    if str(output) == "-":
        emit(data.decode("utf-8"), None, stream=env.stdout)
        env.say(f"sha256 {result.sha256}")
        return
    target_of(output)  # a FIFO, a directory or an input of this run is refused
    if output.is_file() and output.read_bytes() != data and not force:
        raise typer.BadParameter(env.t("seal.exists", path=output), param_hint="'-o' / '--output'")
    write_file(data, output)
    env.say(env.t("cli.wrote_bytes", path=output, size=f"{len(data):,}"))
    emit(f"sha256 {result.sha256}\n", None, stream=env.stdout)
