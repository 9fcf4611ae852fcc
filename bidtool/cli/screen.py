"""``bidtool screen``: shortlist many candidate parcels against a criteria file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bidtool.cli.app import app, handles_errors
from bidtool.cli.environment import Environment
from bidtool.cli.options import (
    CriteriaOpt,
    MethodOpt,
    OutputOpt,
    StrictOpt,
    VikorOpt,
    choice_parser,
    enum_parser,
    format_option,
)
from bidtool.cli.output import MAP_FORMATS, Encoding, Format, Output, resolve_output

if TYPE_CHECKING:
    from bidtool.screen_spill import Ranked

ENGINES = ("local", "dask")


def _output_encoding(value: Any) -> Encoding:
    """``--encoding`` is the -o file's; a legacy codec (cp949, euc-kr) can only mean the input."""
    import codecs

    try:
        return enum_parser("encoding", Encoding)(value)
    except typer.BadParameter as problem:
        text = str(value)
        try:
            codecs.lookup(text)
        except LookupError:
            raise problem from None
        raise typer.BadParameter(
            f"{problem.message} (--encoding is the -o file's); to read the candidates' "
            f"attributes in {text}, use --input-encoding {text}"
        ) from None
"""``--engine`` choices; each runs :func:`bidtool.screen_engine.measure_chunk` on every chunk."""


@app.command()
@handles_errors
def screen(
    env: Environment,
    candidates: Annotated[
        Path,
        typer.Argument(
            metavar="CANDIDATES",
            help="Candidate sites: GeoPackage, Shapefile, FlatGeobuf, GeoParquet (a file or a "
            "directory of parts), GeoJSON, or CSV with a WKT or lon/lat column; each "
            "feature's properties are metrics by name.",
        ),
    ],
    criteria: CriteriaOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[Format | None, format_option("screen")] = None,
    output: OutputOpt = None,
    id_field: Annotated[
        str, typer.Option("--id-field", help="The property that names each candidate.")
    ] = "id",
    top: Annotated[int, typer.Option("--top", min=1, help="Rows in the terminal table.")] = 20,
    strict: StrictOpt = False,
    skip_unlocated: Annotated[
        bool,
        typer.Option(
            "--skip-unlocated",
            help="Leave out features whose geometry is null (warned of, and counted as "
            "skipped_unlocated in JSON/GeoJSON) instead of refusing the file.",
        ),
    ] = False,
    encoding: Annotated[
        Encoding | None,
        typer.Option(
            "--encoding",
            parser=_output_encoding,
            metavar="[utf-8-sig|utf-8]",
            help="Text encoding for -o files. CSV defaults to utf-8-sig (a BOM, so Excel reads "
            "Hangul); everything else to utf-8. For the candidates' own attributes see "
            "--input-encoding.",
        ),
    ] = None,
    vikor_v: VikorOpt = None,
    chunk_size: Annotated[
        int,
        typer.Option(
            "--chunk-size",
            min=1,
            help="Candidates read and measured at a time: memory holds one chunk plus the "
            "layers; the per-candidate measures wait on disk, next to the -o file (else in "
            "TMPDIR), until the ranking is written (about 25 bytes per candidate stay in "
            "memory with wsm; other methods, and missing: mean with unknown figures, score "
            "all candidates in memory). The result does not depend on it.",
        ),
    ] = 50_000,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            parser=choice_parser("engine", ENGINES),
            metavar="ENGINE",
            help="local: stream the chunks in this process (bounded memory); dask: measure "
            "them on a dask.distributed cluster (pip install 'bidtool[dask]'). Every engine "
            "gives the same bytes.",
        ),
    ] = "local",
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="--engine dask: single-threaded worker processes of the local cluster "
            "started for this run.",
        ),
    ] = 2,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="tcp://HOST:PORT",
            help="--engine dask: use the running cluster whose scheduler is here instead of "
            "starting one; its workers must read the candidates at the same path.",
        ),
    ] = None,
    input_encoding: Annotated[
        str | None,
        typer.Option(
            "--input-encoding",
            metavar="CODEC",
            help="Text encoding of the candidates' attributes where the file does not say "
            "(a Shapefile without .cpg): cp949 for most Korean government data.",
        ),
    ] = None,
) -> None:
    """Shortlist many candidate parcels against a criteria file.

    The same pipeline as rank (constraints, value functions, method), with the
    spatial criteria measured for every parcel at once.

    [bold]Examples[/bold]

      bidtool screen parcels.geojson -c geo

      bidtool screen parcels.geojson -c geo -o shortlist.geojson   [dim]# for QGIS[/dim]

      bidtool screen parcels.csv -c geo --id-field pnu -o shortlist.csv

      bidtool screen cadastre.shp -c geo --input-encoding cp949 -o shortlist.gpkg

      bidtool screen parcels/ -c geo --chunk-size 100000 -o shortlist.parquet

      bidtool screen parcels/ -c geo --engine dask --workers 8 -o shortlist.csv

      bidtool screen /shared/parcels/ -c geo --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from bidtool.prepare import load_criteria
    from bidtool.render import screen as render
    from bidtool.screen_engine import RunChunks, screen_ranked

    run_chunks: RunChunks | None = None
    source = candidates
    if engine == "dask":
        from bidtool.cluster import dask_runner

        # checks dask and the address before any work; the address only ever reaches dask
        run_chunks = dask_runner(workers, scheduler)
        source = candidates.absolute()  # what a worker in another directory can open
    elif scheduler is not None:
        raise typer.BadParameter("--scheduler needs --engine dask", param_hint="--scheduler")
    out = resolve_output(env, "screen", fmt, output, encoding)
    crit = load_criteria(criteria, strict=strict)
    with env.stages() as stage:
        bar: list[Callable[[int], None]] = []

        def advance(done: int, total: int) -> None:
            if not bar:
                bar.append(stage(env.t("screen.progress"), total))
            bar[0](1)

        # the measures wait on disk next to the output (else in TMPDIR), removed at the end
        result = screen_ranked(
            source,
            crit,
            id_field=id_field,
            method=method,
            vikor_v=vikor_v,
            strict=strict,
            skip_unlocated=skip_unlocated,
            keep_geometry=out.format in (Format.geojson, *MAP_FORMATS),
            chunk_size=chunk_size,
            encoding=input_encoding,
            display=str(candidates),
            progress=advance,
            run_chunks=run_chunks,
            spill_dir=None if out.path is None else (out.path.absolute().parent),
        )
    with result:
        env.warn(result.warnings)
        _write(env, out, render, result, top)
        if not result.eligible.any():
            from bidtool.errors import NothingEligibleError

            raise NothingEligibleError(env.t("screen.nothing_eligible"))


def _write(env: Environment, out: Output, render: Any, result: Ranked, top: int) -> None:
    """CSV, JSON and GeoJSON block by block from the spill; GeoPackage and GeoParquet from
    the whole result in memory; the table from its first rows."""
    if out.format in MAP_FORMATS:
        from bidtool.output import write_file

        assert out.path is not None  # resolve_output refuses a binary format to stdout
        whole = result.to_screened()
        data = render.render_gpkg(whole) if out.format is Format.gpkg else None
        write_file(data if data is not None else render.render_geoparquet(whole), out.path)
    elif out.format in (Format.csv, Format.geojson, Format.json):
        from bidtool.output import emit_chunks

        chunks = {Format.csv: render.csv_chunks, Format.geojson: render.geojson_chunks,
                  Format.json: render.json_chunks}[out.format]
        emit_chunks(chunks(result), out.path, out.encoding, stream=env.stdout)
    else:
        out.rich(render.render_table(result, top, out.width, out.lang))
