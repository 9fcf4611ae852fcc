"""Output formats and where they go: ``-f``, ``-o`` and ``--encoding`` resolved once.

Every command turns its three output options into one :class:`Output` with
:func:`resolve_output` and hands its renderers to it; the formats each
command accepts are listed in :data:`COMMAND_FORMATS` (a test proves every
listed format renders and no other is accepted).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from bidtool.cli.environment import Environment
from bidtool.i18n import Lang


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    geojson = "geojson"
    xlsx = "xlsx"
    html = "html"  # bidtool explore's page only
    gpkg = "gpkg"
    parquet = "parquet"


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
    ".gpkg": Format.gpkg,
    ".parquet": Format.parquet,
}

OTHER_SUFFIXES = (".pdf", ".html", ".htm", ".xls", ".xlsx", ".ods", ".doc", ".docx", ".png", ".svg")
"""Names that promise a format bidtool would not be writing there."""

BINARY_FORMATS = (Format.xlsx, Format.gpkg, Format.parquet)
"""Not text: only written to a file (``-o``)."""
MAP_FORMATS = (Format.gpkg, Format.parquet)
"""GeoPackage and GeoParquet: for ``screen`` (GIS tools open them as they are)."""
ALL_FORMATS = tuple(f for f in Format if f is not Format.html and f not in MAP_FORMATS)
TEXT_AND_TABLE = (Format.table, Format.csv, Format.json, Format.md)
TEXT_FORMATS = (Format.csv, Format.json, Format.md)
"""What commands without a map offer besides ``table``."""

COMMAND_FORMATS: dict[str, tuple[Format, ...]] = {
    "rank": ALL_FORMATS,
    "rank --method all": TEXT_AND_TABLE,
    "regions": tuple(f for f in ALL_FORMATS if f is not Format.xlsx),
    "compare": TEXT_AND_TABLE,
    "sensitivity": TEXT_AND_TABLE,
    "screen": (Format.table, Format.csv, Format.json, Format.geojson, *MAP_FORMATS),
    "diff": TEXT_AND_TABLE,
    "committee": TEXT_AND_TABLE,
    "gap": TEXT_AND_TABLE,
    "gap --costs": TEXT_AND_TABLE,
    "unknowns": TEXT_AND_TABLE,
    "weights ahp": TEXT_AND_TABLE,
    "explore": (Format.html,),
    "verify": (Format.table, Format.json),
    "appeal": TEXT_AND_TABLE,
    "weights swing": TEXT_AND_TABLE,
    "pivotal": TEXT_AND_TABLE,
}
"""The formats each command's ``-f`` accepts: exactly the keys of its renderer mapping
(``tests/test_cli_options.py`` proves every listed format renders and no other is accepted)."""

REPORT_WIDTH = 120
"""Width of plain-text tables written to files with ``-o``."""


def _choose_format(
    command: str, fmt: Format | None, output: Path | None, env: Environment
) -> Format:
    """``-f``, else the ``-o`` suffix, else table on a terminal and CSV when piped.

    A suffix the command does not write, or one that contradicts ``-f``, is a
    usage error (exit 2): ``ranking.pdf`` must never hold CSV text.
    """
    accepted = COMMAND_FORMATS.get(command, TEXT_AND_TABLE)
    suffixes = [s for s, f in SUFFIX_FORMAT.items() if f in accepted]
    suffix = output.suffix.lower() if output is not None else ""
    if fmt is not None and fmt not in accepted:
        names = ", ".join(f.value for f in accepted)
        raise typer.BadParameter(
            f"{fmt.value!r} is not available here; choose {names}", param_hint="'-f' / '--format'"
        )
    if fmt in BINARY_FORMATS and output is None:
        what = "an Excel workbook" if fmt is Format.xlsx else f"a {fmt.value} file"
        raise typer.BadParameter(
            f"{what} is not text: give -o FILE.{fmt.value}", param_hint="'-f' / '--format'"
        )
    if output is None:
        return fmt or (Format.table if env.is_terminal else Format.csv)
    implied = SUFFIX_FORMAT.get(suffix)
    if fmt is None and (implied is None or implied not in accepted):
        raise typer.BadParameter(
            f"cannot tell the format from {str(output)!r}; this command writes "
            f"{' '.join(suffixes)} (or give -f and a matching name)",
            param_hint="'-o' / '--output'",
        )
    if fmt is not None and (implied is not None or suffix in OTHER_SUFFIXES):
        text_in_txt = suffix == ".txt" and fmt not in BINARY_FORMATS
        if implied is not fmt and not text_in_txt:
            raise typer.BadParameter(
                f"-f {fmt.value} does not match the name {output.name!r}; "
                f"name the file *{next(s for s, f in SUFFIX_FORMAT.items() if f is fmt)}",
                param_hint="'-o' / '--output'",
            )
    from bidtool.output import target_of

    target_of(output)  # refuse an unwritable -o before the work (checked again on writing)
    return fmt or implied  # type: ignore[return-value]


@dataclass(frozen=True)
class Output:
    """Where and how a command's result is written: one object for ``-f``/``-o``/``--encoding``."""

    format: Format
    path: Path | None
    encoding: str
    env: Environment

    @property
    def lang(self) -> Lang:
        """The language of headings (the environment's)."""
        return self.env.lang

    @property
    def width(self) -> int:
        """Table width: the terminal's on stdout, :data:`REPORT_WIDTH` in files."""
        return REPORT_WIDTH if self.path is not None else self.env.console().width

    def text(self, text: str) -> None:
        from bidtool.output import emit

        emit(text, self.path, self.encoding, stream=self.env.stdout)

    def rich(self, renderable: Any) -> None:
        """Show a Rich renderable, or write it as plain text to the file."""
        if self.path is None:
            self.env.console(highlight=False).print(renderable)
            return
        import io

        from rich.console import Console

        buf = io.StringIO()
        Console(
            file=buf, width=REPORT_WIDTH, color_system=None, highlight=False, emoji=False
        ).print(renderable)
        self.text(buf.getvalue())

    def render(self, table: Callable[[], Any], text: Mapping[Format, Callable[[], str]]) -> None:
        """``table()`` for ``table``, else the text renderer mapped to the format."""
        if self.format is Format.table:
            self.rich(table())
        else:
            supports(self.format, text)
            self.text(text[self.format]())


def supports(fmt: Format, renderers: Any) -> None:
    if fmt not in renderers:
        names = ", ".join(["table", *(f.value for f in renderers)])
        raise typer.BadParameter(
            f"{fmt.value!r} is not available here; choose {names}", param_hint="'-f' / '--format'"
        )


def resolve_output(
    env: Environment,
    command: str,
    fmt: Format | None,
    path: Path | None,
    encoding: Encoding | None = None,
) -> Output:
    """The one resolution of ``-f``, ``-o`` and ``--encoding`` (usage errors exit 2)."""
    chosen = _choose_format(command, fmt, path, env)
    if encoding is not None:
        enc = encoding.value
    else:
        enc = "utf-8-sig" if (chosen is Format.csv and path is not None) else "utf-8"
    return Output(chosen, path, enc, env)
