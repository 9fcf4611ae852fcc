"""``bidtool verify`` and ``bidtool appeal``: their answers as a table, JSON or Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool.render.json import dumps

if TYPE_CHECKING:
    from bidtool.verification import Verification


def verify_table(v: Verification) -> RenderableType:
    """The verdict first, then each difference: part, where, the report's and the sealed text."""
    head = Text()
    if v.identical:
        head.append("identical", style="bold green")
        head.append(f": {v.report} is what the sealed criteria ({v.seal_sha256[:16]}…) give")
    else:
        head.append("differs", style="bold red")
        head.append(
            f": {v.count} difference{'s' if v.count != 1 else ''} between {v.report} and the "
            f"report the sealed criteria ({v.seal_sha256[:16]}…) give"
        )
    parts: list[RenderableType] = [head]
    if v.differences:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        for col in ("Part", "Where", "Report says", "Sealed criteria give"):
            table.add_column(col, overflow="fold")
        for d in v.differences:
            table.add_row(d.part, d.where, d.report, d.rederived)
        parts.append(table)
        if v.count > len(v.differences):
            parts.append(Text(f"… and {v.count - len(v.differences)} more (-f json lists them)"))
    parts += [Text(f"note: {n}", style="dim") for n in v.notes]
    return Group(*parts)


def verify_json(v: Verification) -> str:
    return dumps(v.to_dict())
