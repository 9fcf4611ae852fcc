"""``-f csv`` (DESIGN §8): Excel-safe, injection-safe, deterministic."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from bidtool.documents.csv import ranking_table as ranking_table
from bidtool.frame import PROVENANCE_HEADER as PROVENANCE_HEADER
from bidtool.frame import provenance as provenance
from bidtool.model import CriteriaSet
from bidtool.ranking import Ranking
from bidtool.render.cells import neutralise, number


def cell(value: Any) -> str:
    """One CSV cell: '' for unknown, true/false, fixed-point floats, neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number(value)
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def write_rows(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    criteria: CriteriaSet | None = None,
) -> str:
    """CSV text with CRLF line ends (RFC 4180) and every text cell neutralised.

    With ``criteria``, every row ends with the :data:`PROVENANCE_HEADER` columns.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    tail: tuple[str, ...] = provenance(criteria) if criteria is not None else ()
    writer.writerow([neutralise(h) for h in (*header, *(PROVENANCE_HEADER if tail else ()))])
    for row in rows:
        writer.writerow([cell(v) for v in (*row, *tail)])
    return buf.getvalue()


def render_ranking(ranking: Ranking, explain: bool = False) -> str:
    return write_rows(*ranking_table(ranking, explain), ranking.criteria)


