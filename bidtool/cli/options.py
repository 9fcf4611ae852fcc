"""Options shared by the commands, as ``Annotated`` types, and their parsers.

Bad values exit 2, blamed on the flag, with "did you mean" and the choices.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from bidtool.cli.output import COMMAND_FORMATS, Encoding, Format

E = TypeVar("E", bound=Enum)


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    from bidtool.names import did_you_mean

    return did_you_mean(word, choices)


def choice_parser(what: str, choices: Sequence[str]) -> Callable[[Any], str]:
    """Parse a free-text option against ``choices``: exit 2, blamed on the flag, with a hint."""

    def parse(value: Any) -> str:
        text = value.value if isinstance(value, Enum) else str(value)
        if text in choices:
            return text
        raise typer.BadParameter(
            f"unknown {what} {text!r}{_did_you_mean(text, choices)}; choose {', '.join(choices)}"
        )

    return parse


def enum_parser(
    what: str, enum: type[E], allowed: Sequence[str] | None = None, where: str = ""
) -> Callable[[Any], E]:
    """Like :func:`choice_parser` for an Enum-typed option (optionally a subset of it)."""
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


def enum_option(what: str, enum: type[E], *flags: str, help: str) -> Any:
    """An Enum option whose bad values get "did you mean" and the list of choices."""
    names = [str(e.value) for e in enum]
    return typer.Option(
        *flags, parser=enum_parser(what, enum), metavar="[" + "|".join(names) + "]", help=help
    )


def format_option(command: str, note: str = "") -> Any:
    names = [f.value for f in COMMAND_FORMATS[command]]
    return typer.Option(
        "-f",
        "--format",
        parser=enum_parser("format", Format, names, f" for {command}"),
        metavar="FORMAT",
        help=f"Output format: {', '.join(names)}{note}. Default: table on a terminal, csv "
        "when piped, or from the -o suffix.",
    )


def method_option(with_all: bool = False) -> Any:
    from bidtool.methods import METHODS

    names = [*METHODS, *(["all"] if with_all else [])]
    return typer.Option(
        "-m",
        "--method",
        parser=choice_parser("method", names),
        metavar="METHOD",
        help=f"MCDA method: {', '.join(names)}"
        + (" (every method side by side, with a consensus)" if with_all else "")
        + ". Default: the criteria file's 'method:', else wsm.",
    )


def bundled_names() -> list[str]:
    from bidtool.io.bundled import bundled_criteria_names

    return bundled_criteria_names()


def _dash_is_stdout(value: Path | None) -> Path | None:
    return None if value is not None and str(value) == "-" else value


def existing_criteria(value: str | None) -> str | None:
    """``-c``: an existing path or a criteria name (./criteria/NAME.yaml or bundled); else exit 2.

    A file that exists but is invalid is the loader's to refuse (exit 3).
    """
    import os

    if value is None or os.path.lexists(value):
        return value
    names = bundled_names()
    is_name = not ("/" in value or os.sep in value or value.endswith((".yaml", ".yml")))
    if is_name and (value in names or os.path.lexists(Path("criteria") / f"{value}.yaml")):
        return value
    if not is_name:
        raise typer.BadParameter(f"no criteria file {value!r}; bundled: {', '.join(names)}")
    raise typer.BadParameter(
        f"no criteria file {value!r} and no bundled criteria of that name"
        f"{_did_you_mean(value, names)}; bundled: {', '.join(names)}"
    )


def _existing_regions(value: str | None) -> str | None:
    """``-r``: a directory that exists (or something there for the loader to refuse); else exit 2."""
    import os

    if value is None or os.path.lexists(value):
        return value
    raise typer.BadParameter(
        f"no regions directory {value!r}; give a directory of region YAML files "
        "(omit -r for ./regions or the bundled regions)"
    )


def criteria_option(help: str) -> Any:
    """``-c/--criteria``: a file or a bundled name, checked on the flag; ``help`` per command."""
    return typer.Option(
        "-c", "--criteria", metavar="CRITERIA", callback=existing_criteria, help=help
    )


CriteriaOpt = Annotated[
    str | None,
    criteria_option(
        "Criteria YAML file, or a bundled name: "
        + ", ".join(bundled_names())
        + " (./criteria/NAME.yaml wins over the bundled copy)."
    ),
]
RegionsOpt = Annotated[
    str | None,
    typer.Option(
        "-r",
        "--regions",
        metavar="DIR",
        callback=_existing_regions,
        help="Directory of region YAML files.",
    ),
]
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
    enum_option(
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
    enum_option(
        "encoding",
        Encoding,
        "--encoding",
        help="Text encoding for -o files. CSV defaults to utf-8-sig (a BOM, so "
        "Excel reads Hangul); everything else to utf-8.",
    ),
]
MethodOpt = Annotated[str | None, method_option()]
AllowLargeSamplesOpt = Annotated[
    bool,
    typer.Option(
        "--allow-large-samples",
        help="Run more than 1,000,000 SMAA-2 draws (otherwise refused with a time estimate).",
    ),
]



Language = Enum("Language", {"en": "en", "ko": "ko"}, type=str)
LangOpt = Annotated[  # every command has it: handles_errors adds it and sets env.lang
    Language | None,
    enum_option("language", Language, "--lang", help="Headings, report text and messages in ko "
                "(한국어) or en. Default: BIDTOOL_LANG, else the locale (LC_ALL, LC_MESSAGES, "
                "LANG starting with 'ko' → ko). JSON keys, CSV columns and data stay as they are."),
]
