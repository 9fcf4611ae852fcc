"""The ``bidtool`` command line: a thin Typer skin over the library.

Every command reads its arguments, calls one library function and renders the
result.  Heavy modules (numpy, the loaders, Rich tables) are imported inside
the commands so that ``bidtool --help`` starts as fast as Typer itself; a
test asserts that pandas, numpy and shapely stay out of ``--help`` and
``validate``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from bidtool import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from bidtool.errors import BidtoolError
    from bidtool.model import Inputs


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    geojson = "geojson"
    xlsx = "xlsx"


class Encoding(str, Enum):
    utf8_sig = "utf-8-sig"
    utf8 = "utf-8"


SUFFIX_FORMAT = {
    ".csv": Format.csv,
    ".json": Format.json,
    ".md": Format.md,
    ".txt": Format.table,
    ".geojson": Format.geojson,
    ".xlsx": Format.xlsx,
}

E = TypeVar("E", bound=Enum)


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _choice_parser(what: str, choices: Sequence[str]) -> Callable[[Any], str]:
    """Parse a free-text option against ``choices``: exit 2, blamed on the flag, with a hint."""

    def parse(value: Any) -> str:
        text = value.value if isinstance(value, Enum) else str(value)
        if text in choices:
            return text
        raise typer.BadParameter(
            f"unknown {what} {text!r}{_did_you_mean(text, choices)}; choose {', '.join(choices)}"
        )

    return parse


def _enum_parser(
    what: str, enum: type[E], allowed: Sequence[str] | None = None, where: str = ""
) -> Callable[[Any], E]:
    """Like :func:`_choice_parser` for an Enum-typed option (optionally a subset of it)."""
    names = list(allowed) if allowed is not None else [str(e.value) for e in enum]

    def parse(value: Any) -> E:
        text = value.value if isinstance(value, Enum) else str(value)
        if text in names:
            return enum(text)
        if any(text == e.value for e in enum):
            raise typer.BadParameter(
                f"{what} {text!r} is not available{where}; choose {', '.join(names)}"
            )
        raise typer.BadParameter(
            f"unknown {what} {text!r}{_did_you_mean(text, names)}; choose {', '.join(names)}"
        )

    return parse


def _enum_option(what: str, enum: type[E], *flags: str, help: str) -> Any:
    """An Enum option whose bad values get "did you mean" and the list of choices."""
    names = [str(e.value) for e in enum]
    return typer.Option(
        *flags, parser=_enum_parser(what, enum), metavar="[" + "|".join(names) + "]", help=help
    )


ALL_FORMATS = tuple(Format)
TEXT_AND_TABLE = (Format.table, Format.csv, Format.json, Format.md)
COMMAND_FORMATS: dict[str, tuple[Format, ...]] = {
    "rank": ALL_FORMATS,
    "rank --method all": TEXT_AND_TABLE,
    "regions": tuple(f for f in Format if f is not Format.xlsx),
    "compare": TEXT_AND_TABLE,
    "sensitivity": TEXT_AND_TABLE,
    "screen": (Format.table, Format.csv, Format.json, Format.geojson),
    "diff": TEXT_AND_TABLE,
    "committee": TEXT_AND_TABLE,
    "gap": TEXT_AND_TABLE,
    "unknowns": TEXT_AND_TABLE,
    "weights ahp": TEXT_AND_TABLE,
}
"""The formats each command's ``-f`` accepts: exactly the keys of its renderer mapping
(``tests/test_cli_options.py`` proves every listed format renders and no other is accepted)."""


def _format_option(command: str, note: str = "") -> Any:
    names = [f.value for f in COMMAND_FORMATS[command]]
    return typer.Option(
        "-f",
        "--format",
        parser=_enum_parser("format", Format, names, f" for {command}"),
        metavar="FORMAT",
        help=f"Output format: {', '.join(names)}{note}. Default: table on a terminal, csv "
        "when piped, or from the -o suffix.",
    )


def _method_option(with_all: bool = False) -> Any:
    from bidtool.methods import METHODS

    names = [*METHODS, *(["all"] if with_all else [])]
    return typer.Option(
        "-m",
        "--method",
        parser=_choice_parser("method", names),
        metavar="METHOD",
        help=f"MCDA method: {', '.join(names)}"
        + (" (every method side by side, with a consensus)" if with_all else "")
        + ". Default: the criteria file's 'method:', else wsm.",
    )


def _bundled_names() -> list[str]:
    from bidtool.bundled import bundled_criteria_names

    return bundled_criteria_names()


def _criteria_help() -> str:
    return (
        "Criteria YAML file, or a bundled name: "
        + ", ".join(_bundled_names())
        + " (./criteria/NAME.yaml wins over the bundled copy)."
    )


OTHER_SUFFIXES = (".pdf", ".html", ".htm", ".xls", ".xlsx", ".ods", ".doc", ".docx", ".png", ".svg")
"""Names that promise a format bidtool would not be writing there."""


app = typer.Typer(
    name="bidtool",
    help=(
        "Rank regions bidding for Korea's National AI Computing Center (국가AI컴퓨팅센터) "
        "— or any site — against weighted, sourced criteria.\n\n"
        "Bundled data: criteria (-c "
        + ", ".join(_bundled_names())
        + ") and regions/*.yaml; files in the current directory take precedence.\n\n"
        "[bold]Examples[/bold]\n\n"
        "  bidtool rank\n\n"
        "  bidtool rank --explain -c investor\n\n"
        "  bidtool rank -o ranking.csv\n\n"
        "  bidtool validate --strict\n\n"
        "  bidtool compare gwangju jeonnam\n\n"
        "  bidtool screen parcels.geojson -c geo -o shortlist.geojson\n\n"
        "  bidtool report -o report.html"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state: dict[str, object] = {"debug": False, "command": ""}

F = TypeVar("F", bound=Callable[..., Any])

CriteriaOpt = Annotated[
    str | None,
    typer.Option(
        "-c",
        "--criteria",
        metavar="CRITERIA",
        help=_criteria_help(),
    ),
]
RegionsOpt = Annotated[
    str | None,
    typer.Option("-r", "--regions", metavar="DIR", help="Directory of region YAML files."),
]
def _dash_is_stdout(value: Path | None) -> Path | None:
    return None if value is not None and str(value) == "-" else value


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        metavar="PATH",
        help="Write to PATH (atomically; its suffix picks the format) instead of stdout "
        "('-': stdout).",
        callback=_dash_is_stdout,
    ),
]


class Weighting(str, Enum):
    direct = "direct"
    entropy = "entropy"
    critic = "critic"


WeightingOpt = Annotated[
    Weighting | None,
    _enum_option(
        "weighting",
        Weighting,
        "-w",
        "--weighting",
        help="Where leaf weights come from: the file's direct/AHP/ROC weights (direct), or "
        "computed from the data (entropy, critic). Default: the criteria file's 'weighting:'.",
    ),
]
VikorOpt = Annotated[
    float | None,
    typer.Option(
        "--vikor-v", min=0.0, max=1.0, help="VIKOR's weight of the majority rule (default 0.5)."
    ),
]
ScenarioOpt = Annotated[
    list[str] | None,
    typer.Option(
        "-s",
        "--scenario",
        metavar="FILE",
        help="What-if YAML overriding region metrics or criterion weights "
        "(regions: {id: {metric: value}}, weights: {criterion: w}). Repeatable; later wins.",
    ),
]
STRICT_HELP = (
    "Refuse what the input files otherwise get away with, with a warning or silently (exit "
    "3): an AHP consistency ratio over 0.10 (criteria, member or pairwise file), geometry "
    "that would be repaired, a duplicated hazard event, a region metric that nothing reads, "
    "a metric without provenance (a status; sources with a url on every figure; status "
    "unknown and a note on a null)."
)
"""The one meaning of ``--strict``, on every command that has it."""

StrictOpt = Annotated[bool, typer.Option("--strict", help=STRICT_HELP)]


EncodingOpt = Annotated[
    Encoding | None,
    _enum_option(
        "encoding",
        Encoding,
        "--encoding",
        help="Text encoding for -o files. CSV defaults to utf-8-sig (a BOM, so "
        "Excel reads Hangul); everything else to utf-8.",
    ),
]


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _report(exc: BidtoolError) -> None:
    from bidtool.errors import InputError

    err = _stderr()
    if isinstance(exc, InputError):
        for problem in exc.problems:
            err.print(str(problem), markup=False)
        n = len(exc.problems)
        err.print(
            f"[bold red]error:[/] {n} problem{'s' if n != 1 else ''} in the input; "
            "nothing was written."
        )
    else:
        err.print(f"[bold red]error:[/] {exc}")


def handles_errors(func: F) -> F:
    """The one place where errors become messages and exit codes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from typer.exceptions import TyperException

        from bidtool.errors import BidtoolError, ExitCode
        from bidtool.files import forget_inputs

        forget_inputs()  # inputs are remembered so that -o never overwrites one
        _state["command"] = func.__name__
        try:
            return func(*args, **kwargs)
        except BidtoolError as exc:
            _report(exc)
            raise typer.Exit(int(exc.exit_code)) from None
        except (typer.Exit, typer.Abort, TyperException, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # stdout closed early (`bidtool rank | head`): not an error
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:
            if _state["debug"]:
                raise
            _stderr().print(
                f"[bold red]internal error[/] (a bug in bidtool, not your input): "
                f"{type(exc).__name__}: {exc}\nRe-run with --debug for the traceback.",
                markup=True,
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bidtool {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for internal errors.")
    ] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    _state["debug"] = debug


def _choose_format(fmt: Format | None, output: Path | None) -> Format:
    """``-f``, else the ``-o`` suffix, else table on a terminal and CSV when piped.

    A suffix the command does not write, or one that contradicts ``-f``, is a
    usage error (exit 2): ``ranking.pdf`` must never hold CSV text.
    """
    accepted = COMMAND_FORMATS.get(str(_state["command"]).replace("_", " "), TEXT_AND_TABLE)
    suffixes = [s for s, f in SUFFIX_FORMAT.items() if f in accepted]
    suffix = output.suffix.lower() if output is not None else ""
    if fmt is not None and fmt not in accepted:
        names = ", ".join(f.value for f in accepted)
        raise typer.BadParameter(
            f"{fmt.value!r} is not available here; choose {names}", param_hint="'-f' / '--format'"
        )
    if fmt is Format.xlsx and output is None:
        raise typer.BadParameter(
            "an Excel workbook is not text: give -o FILE.xlsx", param_hint="'-f' / '--format'"
        )
    if output is None:
        return fmt or (Format.table if sys.stdout.isatty() else Format.csv)
    implied = SUFFIX_FORMAT.get(suffix)
    if fmt is None and (implied is None or implied not in accepted):
        raise typer.BadParameter(
            f"cannot tell the format from {str(output)!r}; this command writes "
            f"{' '.join(suffixes)} (or give -f and a matching name)",
            param_hint="'-o' / '--output'",
        )
    if fmt is not None and (implied is not None or suffix in OTHER_SUFFIXES):
        text_in_txt = suffix == ".txt" and fmt is not Format.xlsx
        if implied is not fmt and not text_in_txt:
            raise typer.BadParameter(
                f"-f {fmt.value} does not match the name {output.name!r}; "
                f"name the file *{next(s for s, f in SUFFIX_FORMAT.items() if f is fmt)}",
                param_hint="'-o' / '--output'",
            )
    from bidtool.output import target_of

    target_of(output)  # refuse an unwritable -o before the work (checked again on writing)
    return fmt or implied  # type: ignore[return-value]


def _encoding(enc: Encoding | None, fmt: Format, output: Path | None) -> str:
    if enc is not None:
        return enc.value
    return "utf-8-sig" if (fmt is Format.csv and output is not None) else "utf-8"


def _warn_degenerate(inputs: Inputs, method: str | None, vikor_v: float | None) -> None:
    """Warn when ``method`` cannot tell the regions apart (commands built on its ranking)."""
    from bidtool.ranking import rank

    ranking = rank(inputs, method, vikor_v)
    _print_warnings(ranking.warnings[len(inputs.warnings) :])


def _print_warnings(warnings: tuple[str, ...] | list[str]) -> None:
    if warnings:
        err = _stderr()
        for w in warnings:
            err.print(f"[yellow]warning:[/] {w}", markup=True)


def _load(
    criteria: str | None,
    regions: str | None,
    strict: bool = False,
    weighting: Weighting | None = None,
    scenarios: list[str] | None = None,
) -> Inputs:
    from bidtool.api import load

    return load(
        criteria, regions, scenarios or (), weighting.value if weighting else None, strict=strict
    )


TEXT_FORMATS = (Format.csv, Format.json, Format.md)
"""What commands without a map offer besides ``table``."""

REPORT_WIDTH = 120
"""Width of plain-text tables written to files with ``-o``."""


def _width(output: Path | None) -> int:
    from rich.console import Console

    return REPORT_WIDTH if output is not None else Console().width


def _emit_rich(renderable: Any, output: Path | None, encoding: str) -> None:
    """Show a Rich renderable, or write it as plain text to ``output``."""
    from rich.console import Console

    if output is None:
        Console(highlight=False).print(renderable)
        return
    import io

    from bidtool.output import emit

    buf = io.StringIO()
    Console(file=buf, width=REPORT_WIDTH, color_system=None, highlight=False).print(renderable)
    emit(buf.getvalue(), output, encoding)


@app.command()
@handles_errors
def rank(
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: Annotated[str | None, _method_option(with_all=True)] = None,
    fmt: Annotated[Format | None, _format_option("rank", " (not with --method all: table, csv, json, md)")] = None,
    output: OutputOpt = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="Show every criterion's raw value, utility, weight and contribution."
        ),
    ] = False,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
    weighting: WeightingOpt = None,
    scenario: ScenarioOpt = None,
    strict: StrictOpt = False,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart", help="Also draw score bars, stacked by criteria group (table only)."
        ),
    ] = False,
) -> None:
    """Rank the regions and show what each criterion contributed.

    [bold]Examples[/bold]

      bidtool rank

      bidtool rank --explain

      bidtool rank --chart          [dim]# score bars by criteria group[/dim]

      bidtool rank -c investor -f json

      bidtool rank -o ranking.csv   [dim]# Excel-ready, with a BOM[/dim]

      bidtool rank --method all     [dim]# does every method agree?[/dim]

      bidtool rank -w entropy       [dim]# weights from the data's dispersion[/dim]

      bidtool rank -s what-if.yaml  [dim]# regions: {gwangju: {cooling_water_t_per_day: 60000}}[/dim]
    """
    from bidtool.output import emit
    from bidtool.ranking import rank as rank_regions

    inputs = _load(criteria, regions, strict, weighting, scenario)
    fmt = _choose_format(fmt, output)
    enc = _encoding(encoding, fmt, output)
    if method == "all":
        _rank_all(inputs, vikor_v, fmt, output, enc)
        return
    result = rank_regions(inputs, method, vikor_v)
    _print_warnings(result.warnings)
    if fmt is Format.table:
        from bidtool.render.table import render_ranking

        shown = render_ranking(result, explain, _width(output))
        if chart:
            from rich.console import Group

            from bidtool.render.chart import render_chart

            shown = Group(shown, render_chart(result, _width(output)))
        _emit_rich(shown, output, enc)
    elif fmt is Format.csv:
        from bidtool.render.csv import render_ranking as render_csv

        emit(render_csv(result, explain), output, enc)
    elif fmt is Format.json:
        from bidtool.render.json import render_ranking as render_json

        emit(render_json(result), output, enc)
    elif fmt is Format.geojson:
        from bidtool.render.geojson import render_ranking as render_geojson
        from bidtool.spatial.sites import site_geometries

        sites, _ = site_geometries(result.regions, strict)
        emit(render_geojson(result, sites), output, enc)
    elif fmt is Format.xlsx:
        from bidtool.output import write_file
        from bidtool.report.xlsx import render_ranking as render_xlsx

        assert output is not None  # _choose_format refuses xlsx to stdout
        write_file(render_xlsx(result), output)
    else:
        from bidtool.render.markdown import render_ranking as render_md

        emit(render_md(result, explain), output, enc)
    if result.eligible_count == 0:
        from bidtool.errors import NothingEligibleError

        raise NothingEligibleError(
            "no region passes the must-pass constraints; see the Eligible column"
        )


def _rank_all(
    inputs: Inputs, vikor_v: float | None, fmt: Format, output: Path | None, enc: str
) -> None:
    from bidtool.agreement import rank_all
    from bidtool.errors import NothingEligibleError
    from bidtool.output import emit
    from bidtool.render import methods as render

    renderers = {
        Format.csv: render.render_csv,
        Format.json: render.render_json,
        Format.md: render.render_md,
    }
    if fmt is not Format.table:
        _supports(fmt, renderers)
    multi = rank_all(inputs, vikor_v)
    _print_warnings(multi.warnings)
    if fmt is Format.table:
        _emit_rich(render.render_table(multi), output, enc)
    else:
        emit(renderers[fmt](multi), output, enc)
    if not multi.region_ids:
        raise NothingEligibleError("no region passes the must-pass constraints")


@app.command()
@handles_errors
def validate(
    criteria: Annotated[
        str | None,
        typer.Option(
            "-c",
            "--criteria",
            metavar="CRITERIA",
            help="Criteria file or bundled name ("
            + ", ".join(_bundled_names())
            + "). Default: every file in criteria/.",
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
    from bidtool.loading import criteria_names, load_inputs, merge_repeated

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
    _print_warnings(list(dict.fromkeys(w for i in checked for w in i.warnings)))
    if problems:
        raise InputError(merge_repeated(problems))
    n_regions = len(checked[0].regions) if checked else 0
    files = ", ".join(i.criteria.path for i in checked)
    typer.echo(
        f"OK: {files} and {n_regions} region files are valid"
        f"{' (strict: every metric has provenance)' if strict else ''}."
    )


@app.command()
@handles_errors
def regions(
    region_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show one region in full.")
    ] = None,
    regions_dir: RegionsOpt = None,
    criteria: Annotated[
        str | None,
        typer.Option(
            "-c",
            "--criteria",
            metavar="CRITERIA",
            help="Also show the metrics this criteria file (or bundled name: "
            + ", ".join(_bundled_names())
            + ") computes from site geometry.",
        ),
    ] = None,
    fmt: Annotated[Format | None, _format_option("regions")] = None,
    output: OutputOpt = None,
    encoding: EncodingOpt = None,
) -> None:
    """List the regions, or show one with every metric and its source.

    [bold]Examples[/bold]

      bidtool regions

      bidtool regions gwangju

      bidtool regions jeonnam -f json

      bidtool regions busan -c geo       [dim]# with distances measured from its site[/dim]

      bidtool regions -o sites.geojson   [dim]# the sites, for QGIS[/dim]
    """
    from bidtool.output import emit
    from bidtool.render import regions as render

    if criteria is not None:
        region_list = list(_load(criteria, regions_dir).regions)
    else:
        from bidtool.loading import load_region_dir

        region_list = load_region_dir(regions_dir)
    fmt = _choose_format(fmt, output)
    enc = _encoding(encoding, fmt, output)
    if fmt is Format.geojson:
        from bidtool.render.geojson import render_sites
        from bidtool.spatial.sites import site_geometries

        chosen = region_list if region_id is None else [render.find(region_list, region_id)]
        sites, warnings = site_geometries(chosen)
        _print_warnings(warnings)
        emit(render_sites(chosen, sites), output, enc)
        return
    if region_id is None:
        if fmt is Format.table:
            _emit_rich(render.list_table(region_list), output, enc)
        else:
            emit(render.list_text(region_list, fmt.value), output, enc)
        return
    region = render.find(region_list, region_id)
    if fmt is Format.table:
        _emit_rich(render.detail_table(region), output, enc)
    else:
        emit(render.detail_text(region, fmt.value), output, enc)


@app.command()
@handles_errors
def compare(
    ids: Annotated[list[str], typer.Argument(metavar="ID ID...", help="Two or more region ids.")],
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    fmt: Annotated[Format | None, _format_option("compare")] = None,
    output: OutputOpt = None,
    encoding: EncodingOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Put regions side by side, criterion by criterion.

    [bold]Examples[/bold]

      bidtool compare gwangju jeonnam

      bidtool compare busan ulsan pohang -f md
    """
    from bidtool.output import emit
    from bidtool.ranking import rank as rank_regions
    from bidtool.render import compare as render

    if len(ids) < 2:
        raise typer.BadParameter("give at least two region ids", param_hint="ID ID...")
    result = rank_regions(_load(criteria, regions, strict))
    chosen = render.select(result, ids)
    fmt = _choose_format(fmt, output)
    enc = _encoding(encoding, fmt, output)
    if fmt is Format.table:
        _emit_rich(render.compare_table(result, chosen), output, enc)
    else:
        _supports(fmt, TEXT_FORMATS)
        emit(render.compare_text(result, chosen, fmt.value), output, enc)


weights_app = typer.Typer(
    help="Derive criterion weights (AHP pairwise comparisons).",
    no_args_is_help=True,
)


class WeightModel(str, Enum):
    uniform = "uniform"
    dirichlet = "dirichlet"
    ranges = "ranges"


MethodOpt = Annotated[str | None, _method_option()]


def _emit_any(
    fmt: Format,
    output: Path | None,
    enc: str,
    table: Callable[[], Any],
    text: dict[Format, Callable[[], str]],
) -> None:
    from bidtool.output import emit

    if fmt is Format.table:
        _emit_rich(table(), output, enc)
    else:
        _supports(fmt, text)
        emit(text[fmt](), output, enc)


def _supports(fmt: Format, renderers: Any) -> None:
    if fmt not in renderers:
        names = ", ".join(["table", *(f.value for f in renderers)])
        raise typer.BadParameter(
            f"{fmt.value!r} is not available here; choose {names}", param_hint="'-f' / '--format'"
        )


def _weight_draws(chosen: WeightModel, deprecated: WeightModel | None) -> WeightModel:
    """``--weights`` is the old spelling of ``--weight-draws``: still honoured, with a warning."""
    if deprecated is None:
        return chosen
    if chosen is not WeightModel.uniform and chosen is not deprecated:
        raise typer.BadParameter(
            f"--weights {deprecated.value} contradicts --weight-draws {chosen.value}; "
            "give only --weight-draws",
            param_hint="'--weights'",
        )
    _print_warnings(
        ["--weights is deprecated (too close to -w/--weighting); use --weight-draws"]
    )
    return deprecated


AllowLargeSamplesOpt = Annotated[
    bool,
    typer.Option(
        "--allow-large-samples",
        help="Run more than 1,000,000 SMAA-2 draws (otherwise refused with a time estimate).",
    ),
]


def _check_samples(samples: int, allow: bool, estimate: Callable[[], tuple[float, int]]) -> None:
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
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[Format | None, _format_option("sensitivity")] = None,
    output: OutputOpt = None,
    samples: Annotated[
        int, typer.Option("--samples", min=0, help="SMAA-2 weight draws (0: sweeps only).")
    ] = 10_000,
    seed: Annotated[
        int, typer.Option("--seed", min=0, help="Random seed: same seed, same bytes.")
    ] = 1,
    weight_draws: Annotated[
        WeightModel,
        _enum_option(
            "weight model",
            WeightModel,
            "--weight-draws",
            help="How SMAA draws weights: uniform on the simplex (no preferences), dirichlet "
            "around the declared weights, or ranges (weight_range: [lo, hi] in the criteria "
            "file). Not -w/--weighting, which sets the declared weights themselves.",
        ),
    ] = WeightModel.uniform,
    weights_alias: Annotated[
        WeightModel | None,
        typer.Option(
            "--weights", hidden=True, parser=_enum_parser("weight model", WeightModel)
        ),
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
    allow_large_samples: AllowLargeSamplesOpt = False,
) -> None:
    """How robust is the ranking? Weight sweeps, critical weights and SMAA-2.

    [bold]Examples[/bold]

      bidtool sensitivity

      bidtool sensitivity --weight-draws dirichlet --concentration 50 --samples 100000

      bidtool sensitivity -m topsis --data-uncertainty -f json -o robustness.json

      bidtool sensitivity --unknowns   [dim]# unknown figures drawn, not scored worst[/dim]
    """
    if unknowns and data_uncertainty:
        raise typer.BadParameter(
            "--unknowns and --data-uncertainty cannot be combined yet; run them one at a time",
            param_hint="'--unknowns'",
        )
    from bidtool.render import sensitivity as render
    from bidtool.sensitivity.analysis import assemble, scorer_for
    from bidtool.sensitivity.smaa import estimate

    weights = _weight_draws(weight_draws, weights_alias)
    inputs = _load(criteria, regions, strict, weighting, scenario)
    _print_warnings(inputs.warnings)
    _warn_degenerate(inputs, method, vikor_v)
    scorer = scorer_for(inputs, method, vikor_v)
    _check_samples(
        samples,
        allow_large_samples,
        lambda: estimate(scorer, samples, weights.value, concentration, data_uncertainty),
    )
    with _progress(samples, f"SMAA-2 ({scorer.method})") as advance:
        report = assemble(
            scorer, samples, seed, weights.value, concentration, data_uncertainty, unknowns, advance
        )
    fmt = _choose_format(fmt, output)
    _emit_any(
        fmt,
        output,
        _encoding(encoding, fmt, output),
        lambda: render.render_table(report),
        {
            Format.json: lambda: render.render_json(report),
            Format.csv: lambda: render.render_csv(report),
            Format.md: lambda: render.render_md(report),
        },
    )


@app.command()
@handles_errors
def screen(
    candidates: Annotated[
        Path,
        typer.Argument(
            metavar="CANDIDATES",
            help="GeoJSON (or CSV with a WKT or lon/lat column) of candidate sites; each "
            "feature's properties are metrics by name.",
        ),
    ],
    criteria: CriteriaOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[Format | None, _format_option("screen")] = None,
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
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
) -> None:
    """Shortlist many candidate parcels against a criteria file.

    The same pipeline as rank (constraints, value functions, method), with the
    spatial criteria measured for every parcel at once.

    [bold]Examples[/bold]

      bidtool screen parcels.geojson -c geo

      bidtool screen parcels.geojson -c geo -o shortlist.geojson   [dim]# for QGIS[/dim]

      bidtool screen parcels.csv -c geo --id-field pnu -o shortlist.csv
    """
    from bidtool.loading import load_criteria
    from bidtool.render import screen as render
    from bidtool.screening import load_candidates
    from bidtool.screening import screen as run_screen

    fmt = _choose_format(fmt, output)
    enc = _encoding(encoding, fmt, output)
    if fmt is Format.md:
        _supports(fmt, (Format.csv, Format.json, Format.geojson))
    crit = load_criteria(criteria, strict=strict)
    steps = 3 + len(crit.spatial_metrics)
    with _progress(steps, "screening") as advance:
        found = load_candidates(candidates, str(candidates), strict, skip_unlocated)
        result = run_screen(
            crit, found, id_field, method, vikor_v, strict, progress=lambda label: advance(1)
        )
    _print_warnings(result.warnings)
    _emit_any(
        fmt,
        output,
        enc,
        lambda: render.render_table(result, top, _width(output)),
        {
            Format.csv: lambda: render.render_csv(result),
            Format.json: lambda: render.render_json(result),
            Format.geojson: lambda: render.render_geojson(result),
        },
    )
    if not result.eligible.any():
        from bidtool.errors import NothingEligibleError

        raise NothingEligibleError("no candidate passes the must-pass constraints")


@app.command()
@handles_errors
def diff(
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
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[Format | None, _format_option("diff")] = None,
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
    fmt = _choose_format(fmt, output)
    _emit_any(
        fmt,
        output,
        _encoding(encoding, fmt, output),
        lambda: render.render_table(result),
        {
            Format.json: lambda: render.render_json(result),
            Format.csv: lambda: render.render_csv(result),
            Format.md: lambda: render.render_md(result),
        },
    )


class AggregationChoice(str, Enum):
    aij = "aij"
    aip = "aip"


@app.command()
@handles_errors
def committee(
    members: Annotated[
        list[Path],
        typer.Argument(
            metavar="MEMBER.yaml...",
            help="One file per member: direct 'weights:' or AHP 'ahp:' judgements over the "
            "criteria tree.",
        ),
    ],
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    aggregate: Annotated[
        AggregationChoice,
        _enum_option(
            "aggregation",
            AggregationChoice,
            "--aggregate",
            help="aij: geometric mean of the members' pairwise judgements; aip: geometric mean "
            "of their priorities (Forman & Peniwati 1998).",
        ),
    ] = AggregationChoice.aij,
    fmt: Annotated[Format | None, _format_option("committee")] = None,
    output: OutputOpt = None,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Each member's ranking beside the group's, Kendall's W, and who disagrees where.

    [bold]Examples[/bold]

      bidtool committee kim.yaml lee.yaml park.yaml

      bidtool committee members/*.yaml --aggregate aip -f json
    """
    from bidtool.committee import convene, deliberate
    from bidtool.errors import InputError, Problem
    from bidtool.render import committee as render

    inputs = _load(criteria, regions, strict)
    _print_warnings(inputs.warnings)
    board = convene(inputs, [str(p) for p in members], aggregate.value)
    bad = [
        Problem(
            m.path,
            None,
            f"ahp.{lvl}",
            f"consistency ratio {cr:.3f} > 0.10: the judgements "
            "contradict each other; revise the most inconsistent pairs",
        )
        for m in board.members
        for lvl, cr in m.inconsistent
    ]
    if bad and strict:
        raise InputError([Problem(p.file, p.line, p.path, f"--strict: {p.message}") for p in bad])
    _print_warnings([f"{p.file}: {p.message}" for p in bad])
    verdict = deliberate(board, method, vikor_v)
    _print_warnings(verdict.group.warnings[len(inputs.warnings) :])  # the method's own
    fmt = _choose_format(fmt, output)
    _emit_any(
        fmt,
        output,
        _encoding(encoding, fmt, output),
        lambda: render.render_table(verdict),
        {
            Format.json: lambda: render.render_json(verdict),
            Format.csv: lambda: render.render_csv(verdict),
            Format.md: lambda: render.render_md(verdict),
        },
    )


REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".xlsx": "xlsx", ".md": "md"}


class ReportFormat(str, Enum):
    html = "html"
    md = "md"
    xlsx = "xlsx"


@app.command()
@handles_errors
def report(
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
    allow_large_samples: AllowLargeSamplesOpt = False,
) -> None:
    """Write a report a committee can read: HTML, Excel or Markdown.

    The ranking, contribution and group charts, SMAA-2 acceptabilities, what
    each runner-up would need to win, the weights, every figure with its
    source and status, and the SHA-256 of every input.

    [bold]Examples[/bold]

      bidtool report -o report.html

      bidtool report -o report.xlsx -c investor

      bidtool report -o report.md --samples 0
    """
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
    from bidtool.output import emit, target_of, write_file
    from bidtool.report.content import build_report

    inputs = _load(criteria, regions, strict, weighting, scenario)
    if not to_stdout:
        target_of(output)  # before SMAA-2: a FIFO, a missing directory or an input is refused now
    _print_warnings(inputs.warnings)

    def cost() -> tuple[float, int]:
        from bidtool.sensitivity.scorer import Scorer
        from bidtool.sensitivity.smaa import estimate

        return estimate(Scorer.build(inputs, method, vikor_v), samples)

    _check_samples(samples, allow_large_samples, cost)
    with _progress(samples, "SMAA-2") as advance:
        content = build_report(inputs, method, vikor_v, samples, seed, timestamp, advance)
    _print_warnings(content.ranking.warnings[len(inputs.warnings) :])  # the method's own
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
        emit(data.decode("utf-8"), None)
    else:
        write_file(data, output)
        _stderr().print(f"wrote {output} ({len(data):,} bytes)", markup=False)
    if content.ranking.eligible_count == 0:
        from bidtool.errors import NothingEligibleError

        raise NothingEligibleError(
            "no region passes the must-pass constraints; the report says which failed"
        )


@contextlib.contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A Rich progress bar on stderr (only on a terminal); yields ``advance(n)``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    err = _stderr()
    with Progress(
        f"[bold]{label}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


@app.command()
@handles_errors
def gap(
    region: Annotated[str, typer.Argument(metavar="ID", help="Region id, e.g. gwangju.")],
    target: Annotated[
        int, typer.Option("--rank", "-k", min=1, help="Target rank (default 1: first).")
    ] = 1,
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[Format | None, _format_option("gap")] = None,
    output: OutputOpt = None,
    weighting: WeightingOpt = None,
    scenario: ScenarioOpt = None,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
    strict: StrictOpt = False,
) -> None:
    """What would ID need to change to reach rank K? One criterion at a time.

    For each criterion: the figure (in its own unit) nearest today's that reaches
    the rank, or "not reachable"; and the weight that would do it.

    [bold]Examples[/bold]

      bidtool gap gwangju

      bidtool gap pohang --rank 3 -f json

      bidtool gap busan -s what-if.yaml
    """
    from bidtool.render import gap as render
    from bidtool.sensitivity.gap import gap as find_gap

    inputs = _load(criteria, regions, strict, weighting, scenario)
    _print_warnings(inputs.warnings)
    _warn_degenerate(inputs, method, vikor_v)
    result = find_gap(inputs, region, target, method, vikor_v)
    fmt = _choose_format(fmt, output)
    _emit_any(
        fmt,
        output,
        _encoding(encoding, fmt, output),
        lambda: render.render_table(result, inputs.criteria),
        {
            Format.json: lambda: render.render_json(result, inputs),
            Format.csv: lambda: render.render_csv(result, inputs.criteria),
            Format.md: lambda: render.render_md(result, inputs.criteria),
        },
    )
    if result.eligible_count == 0:
        from bidtool.errors import NothingEligibleError

        raise NothingEligibleError(
            "no region passes the must-pass constraints; the output says which one fails"
        )


@app.command()
@handles_errors
def unknowns(
    criteria: CriteriaOpt = None,
    regions: RegionsOpt = None,
    method: MethodOpt = None,
    fmt: Annotated[Format | None, _format_option("unknowns")] = None,
    output: OutputOpt = None,
    weighting: WeightingOpt = None,
    scenario: ScenarioOpt = None,
    encoding: EncodingOpt = None,
    vikor_v: VikorOpt = None,
    strict: StrictOpt = False,
) -> None:
    """What could the figures nobody has published change?

    Per region: the share of its weight whose figure is known, its best and
    worst rank over the unknown figures, whether it could or must pass the
    constraints; whether today's leader is certain; and the figures to verify
    first — each one that alone could change who is first.

    [bold]Examples[/bold]

      bidtool unknowns

      bidtool unknowns -c investor -f json

      bidtool unknowns -f md -o unknowns.md
    """
    from bidtool.render import unknowns as render
    from bidtool.unknowns import unknowns as find_unknowns

    inputs = _load(criteria, regions, strict, weighting, scenario)
    _print_warnings(inputs.warnings)
    _warn_degenerate(inputs, method, vikor_v)
    result = find_unknowns(inputs, method, vikor_v)
    fmt = _choose_format(fmt, output)
    _emit_any(
        fmt,
        output,
        _encoding(encoding, fmt, output),
        lambda: render.render_table(result),
        {
            Format.json: lambda: render.render_json(result),
            Format.csv: lambda: render.render_csv(result),
            Format.md: lambda: render.render_md(result),
        },
    )
    if result.ranking.eligible_count == 0:
        from bidtool.errors import NothingEligibleError

        raise NothingEligibleError("no region passes the must-pass constraints")


app.add_typer(weights_app, name="weights")


@weights_app.command("ahp")
@handles_errors
def weights_ahp(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PAIRWISE.yaml", help="schema: bidtool.ahp/1 with 'matrix' or 'judgements'."
        ),
    ],
    fmt: Annotated[Format | None, _format_option("weights ahp")] = None,
    output: OutputOpt = None,
    strict: StrictOpt = False,
) -> None:
    """Priorities, λmax, CI and CR of a pairwise comparison (Saaty's AHP).

    [bold]Examples[/bold]

      bidtool weights ahp pairwise.yaml

      bidtool weights ahp pairwise.yaml -f json
    """
    from bidtool.errors import InputError
    from bidtool.output import emit
    from bidtool.render import weights as render
    from bidtool.weighting.ahp import CR_THRESHOLD
    from bidtool.weighting.ahp_file import weigh_file

    names, result = weigh_file(path, str(path))
    if not result.consistent:
        msg = (
            f"consistency ratio {result.cr:.3f} > {CR_THRESHOLD:.2f}: the judgements "
            "contradict each other; revise the most inconsistent pairs"
        )
        if strict:
            raise InputError.single(str(path), msg)
        _print_warnings([msg])
    fmt = _choose_format(fmt, output)
    if fmt is Format.table:
        _emit_rich(render.ahp_table(names, result), output, "utf-8")
    else:
        _supports(fmt, TEXT_FORMATS)
        emit(render.ahp_text(names, result, fmt.value), output, _encoding(None, fmt, output))


def main() -> None:
    """Console-script entry point."""
    app()
