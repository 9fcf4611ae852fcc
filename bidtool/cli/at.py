"""``--at DATE``: score promises over time as they stand on a date (rank, report, sensitivity)."""

from __future__ import annotations

from typing import Annotated

import typer

AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="DATE",
        help="Score promises as they stand on DATE (YYYY-MM or YYYY-MM-DD, or a milestone "
        "of the criteria file such as go-live): each figure with a schedule takes its last "
        "step on or before DATE; before its first step it is unknown (the missing policy).",
    ),
]
