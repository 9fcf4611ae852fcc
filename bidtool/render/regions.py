"""``bidtool regions``: the list of regions, or one region's sourced facts."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool.errors import InputError
from bidtool.i18n import Text as Catalogue
from bidtool.i18n import text
from bidtool.model import Region, data_status
from bidtool.names import did_you_mean
from bidtool.render import csv as csv_render
from bidtool.render import markdown as md
from bidtool.render.cells import plain_value, status_mark, with_unit
from bidtool.render.json import dumps
from bidtool.render.table import STATUS_STYLE


def find(regions: Sequence[Region], region_id: str) -> Region:
    for r in regions:
        if r.id == region_id:
            return r
    ids = [r.id for r in regions]
    raise InputError.single(
        region_id, f"no such region{did_you_mean(region_id, ids)}; known: {', '.join(ids)}"
    )


def _status_counts(region: Region, t: Catalogue) -> str:
    counts = Counter(status_mark(m) for m in region.metrics.values() if m.value is not None)
    unknown = sum(m.value is None for m in region.metrics.values())
    words = ("confirmed", "claimed", "derived", "estimate", "no status")
    parts = [t("regions.count", n=counts[k], status=t.term(k)) for k in words if counts[k]]
    more = t("regions.count", n=unknown, status=t.term("unknown"))
    return ", ".join(parts) + (f" · {more}" if unknown else "")


def list_table(regions: Sequence[Region], lang: str = "en") -> Table:
    t = text(lang)
    table = Table(
        title=t("regions.title"),
        header_style="bold",
        caption=t("regions.caption"),
        caption_justify="left",
    )
    table.add_column("ID", no_wrap=True)
    table.add_column(t("rank.col.region"))
    table.add_column(t("regions.col.site"))
    table.add_column(t("regions.col.metrics"), no_wrap=True)
    for r in regions:
        name = Text(t.name(r.name, r.name_ko))
        if r.name_ko and not t.ko:
            name.append("\n" + r.name_ko, style="dim")
        table.add_row(
            r.id,
            name,
            r.site.name if r.site and r.site.name else "",
            _status_counts(r, t),
            end_section=True,
        )
    return table


def _list_rows(regions: Sequence[Region]) -> list[list[Any]]:
    return [
        [
            r.id,
            r.name,
            r.name_ko or "",
            r.site.name if r.site and r.site.name else "",
            len(r.metrics),
            sum(m.value is None for m in r.metrics.values()),
            r.path,
        ]
        for r in regions
    ]


LIST_HEADER = ["id", "name", "name_ko", "site", "metrics", "unknown", "path"]


def list_text(regions: Sequence[Region], fmt: str) -> str:
    if fmt == "json":
        return dumps(
            {
                "schema": "bidtool.regions/1",
                "regions": [dict(zip(LIST_HEADER, row)) for row in _list_rows(regions)],
            }
        )
    if fmt == "md":
        return md.table(LIST_HEADER, [[str(c) for c in row] for row in _list_rows(regions)])
    return csv_render.write_rows(LIST_HEADER, _list_rows(regions))


DETAIL_HEADER = ["metric", "value", "unit", "status", "as_of", "source", "url", "note"]


def _detail_rows(region: Region) -> list[list[Any]]:
    return [
        [
            name,
            m.value,
            m.unit,
            data_status(m),
            m.as_of,
            m.source or (m.sources[0].title if m.sources else None),
            m.urls[0] if m.urls else None,
            m.note,
        ]
        for name, m in sorted(region.metrics.items())
    ]


def region_document(region: Region) -> dict[str, Any]:
    site = region.site
    return {
        "schema": "bidtool.region-view/1",
        "id": region.id,
        "name": region.name,
        "name_ko": region.name_ko,
        "path": region.path,
        "sha256": region.sha256,
        "summary": region.summary,
        "site": None
        if site is None
        else {
            "name": site.name,
            "location": list(site.location) if site.location else None,
            "note": site.note,
        },
        "metrics": {
            row[0]: {
                **dict(zip(DETAIL_HEADER[1:], row[1:])),
                "range": list(m.range) if m.range else None,
                "sources": [dataclasses.asdict(s) for s in m.sources],
            }
            for row, m in zip(_detail_rows(region), (m for _, m in sorted(region.metrics.items())))
        },
    }


def detail_text(region: Region, fmt: str) -> str:
    if fmt == "json":
        return dumps(region_document(region))
    rows = [[r[0], plain_value(r[1]), *r[2:]] for r in _detail_rows(region)]
    if fmt == "md":
        head = (
            f"# {md.escape(region.name)} {md.escape(region.name_ko or '')}\n\n"
            f"{md.escape(region.summary or '')}\n\n"
        )
        return head + md.table(DETAIL_HEADER, [[str(c or "") for c in row] for row in rows])
    return csv_render.write_rows(DETAIL_HEADER, rows)


def detail_table(region: Region, lang: str = "en") -> RenderableType:
    t = text(lang)
    table = Table(
        title=f"{region.id}: {t.both(region.name, region.name_ko)}".strip(),
        title_justify="left",
        header_style="bold",
        caption=t("explain.status_legend"),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column(t("regions.col.metric"), no_wrap=True)
    table.add_column(t("explain.col.value"), justify="right", no_wrap=True)  # status below
    table.add_column(t("report.col.as_of"), no_wrap=True)
    table.add_column(t("regions.col.source_note"), ratio=1, min_width=16)
    for name, m in sorted(region.metrics.items()):
        mark = status_mark(m)
        src = Text(m.source or "")
        for s in m.sources:
            src.append(("\n" if src.plain else "") + s.title)
            if s.url:
                src.append(f" {s.url}", style=f"link {s.url}")
        if m.note:
            src.append(("\n" if src.plain else "") + m.note, style="dim")
        cell = Text(with_unit(m.value, m.unit, lang), style="red" if m.value is None else "")
        cell.append("\n" + t.term(mark), style=STATUS_STYLE.get(mark, ""))
        table.add_row(
            name,
            cell,
            m.as_of or "",
            src,
            end_section=True,
        )
    parts: list[RenderableType] = []
    if region.summary:
        parts.append(Text(region.summary))
    if region.site and region.site.name:
        loc = region.site.location
        where = f" ({loc[0]:.4f}E, {loc[1]:.4f}N)" if loc else ""
        parts.append(Text(t("regions.site", site=region.site.name, where=where), style="dim"))
    parts.append(table)
    return Group(*parts)
