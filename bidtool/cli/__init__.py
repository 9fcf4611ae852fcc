"""The ``bidtool`` command line: a thin Typer skin over the library.

``app`` holds the Typer app and the one error boundary; ``options`` the shared
options; ``output`` the resolution of ``-f``/``-o``/``--encoding`` into one
:class:`~bidtool.cli.output.Output`; ``environment`` the streams and flags a
command runs in; and one module per command reads its arguments, calls the
library and renders the result.  Heavy modules (numpy, the loaders, Rich
tables) are imported inside the commands so that ``bidtool --help`` starts as
fast as Typer itself; a test asserts that pandas, numpy and shapely stay out
of ``--help`` and ``validate``.
"""

from __future__ import annotations

import importlib

from bidtool.cli.app import app, handles_errors, main
from bidtool.cli.options import STRICT_HELP
from bidtool.cli.output import COMMAND_FORMATS, Format, Output

COMMANDS = (
    "rank",
    "validate",
    "regions",
    "compare",
    "sensitivity",
    "screen",
    "diff",
    "committee",
    "report",
    "explore",
    "gap",
    "unknowns",
    "export",
    "import_regions",
    "weights",
    "seal",
    "verify",
    "appeal",
    "pivotal",
)
"""The command modules; importing one registers its command(s), in this order in --help."""

for _name in COMMANDS:
    importlib.import_module(f"bidtool.cli.{_name}")

__all__ = [
    "COMMANDS",
    "COMMAND_FORMATS",
    "STRICT_HELP",
    "Format",
    "Output",
    "app",
    "handles_errors",
    "main",
]
