"""Tables as pandas DataFrames: the ``to_frame()`` of every result.

A frame has exactly the columns, in the order, of the command's ``-f csv``
output (including the ``criteria`` and ``caveat`` provenance columns), one
row per CSV row, but with the values themselves: full-precision floats,
``True``/``False``, ``None`` for unknown, and text as written (no formula
neutralising — that guards spreadsheets, not DataFrames).  pandas is
imported only when a frame is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from bidtool.model import CriteriaSet

if TYPE_CHECKING:
    import pandas as pd


PROVENANCE_HEADER = ("criteria", "caveat")
"""The last two columns of every CSV computed from a criteria file: which file
(``default (bundled)`` or its path) and its "illustrative, not the government's"
caveat.  Columns, not comment lines, so the file stays one header + rows."""


def provenance(criteria: CriteriaSet) -> tuple[str, str]:
    """The :data:`PROVENANCE_HEADER` cells of ``criteria``."""
    return (criteria.source_label, criteria.caveat)


def _plain(value: Any) -> Any:
    """numpy scalars as Python values, so a column's dtype is inferred as for CSV."""
    item = getattr(value, "item", None)
    return item() if callable(item) and not isinstance(value, (str, bytes)) else value


def table_frame(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    criteria: CriteriaSet | None = None,
) -> pd.DataFrame:
    """A DataFrame of ``header`` and ``rows``, with the :data:`PROVENANCE_HEADER` columns
    (as :func:`bidtool.render.csv.write_rows` writes them) when ``criteria`` is given."""
    import pandas as pd

    tail: tuple[str, ...] = provenance(criteria) if criteria is not None else ()
    columns = [*header, *(PROVENANCE_HEADER if tail else ())]
    data = [[_plain(v) for v in (*row, *tail)] for row in rows]
    return pd.DataFrame(data, columns=columns).infer_objects()


def columns_frame(
    header: Sequence[str],
    columns: Sequence[Sequence[Any]],
    criteria: CriteriaSet | None = None,
) -> pd.DataFrame:
    """Like :func:`table_frame` from columns (screening's column-wise results)."""
    import pandas as pd

    n = len(columns[0]) if columns else 0
    names = list(header)
    cols = [list(c) for c in columns]
    if criteria is not None:
        names += PROVENANCE_HEADER
        cols += [[value] * n for value in provenance(criteria)]
    return pd.DataFrame([list(r) for r in zip(*cols)] if cols else [], columns=names).infer_objects()
