"""Region figures as an Excel workbook and back (``bidtool export regions`` / ``bidtool import``).

A committee that keeps its figures in Excel edits one workbook; bidtool turns it
back into region YAML that ranks exactly as before.

Sheets
------
``Metrics`` — one row per (region, metric), columns :data:`METRIC_COLUMNS`.  A
metric with several ``sources`` takes one row per source: the first row carries
the metric (value, unit, status, …) and source 1 (``source_no`` 1); each further
source is a row with the same ``region`` and ``metric``, its ``source_no`` (2, 3,
…) and only the ``source_*`` columns filled.  ``source`` is the one-line
``source:`` text of user files, ``url`` the metric's own ``url:``, and
``uncertainty`` its ``uncertainty:`` mapping as JSON (``{"type": "normal", "sd": 3}``).
An empty cell is an absent key; an empty ``value`` is ``value: null`` (unknown).

``Regions`` — one row per region, columns :data:`REGION_COLUMNS` (``site_lon`` /
``site_lat`` are ``site.location``; ``site_geometry`` is a path, WKT, or GeoJSON text).

``Catalogue`` — ``regions/metrics.yaml`` when there is one (:data:`CATALOGUE_COLUMNS`,
``categories`` joined by ``"; "``).  On import it validates the figures; it is not
written back (the catalogue is kept as YAML).

Import builds the region YAML text from the cells, one key per line, remembers
which cell each line came from, and runs the very validation ``bidtool validate``
runs on files; every problem is reported at its cell (``regions.xlsx:Metrics!C14``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bidtool.errors import InputError, Problem
from bidtool.io.catalogue import Catalogue
from bidtool.model import Metric, Region

METRICS, REGIONS, CATALOGUE = "Metrics", "Regions", "Catalogue"
METRIC_COLUMNS = (
    "region",
    "metric",
    "value",
    "unit",
    "status",
    "as_of",
    "range_low",
    "range_high",
    "source_title",
    "source_publisher",
    "source_url",
    "source_date",
    "source_quote",
    "note",
    "source_no",
    "source",
    "url",
    "uncertainty",
)
REGION_COLUMNS = (
    "id",
    "name",
    "name_ko",
    "site_name",
    "site_lon",
    "site_lat",
    "site_geometry",
    "site_crs",
    "site_status",
    "site_note",
    "summary",
)
CATALOGUE_COLUMNS = ("metric", "label", "label_ko", "unit", "kind", "categories", "definition")
SOURCE_FIELDS = ("title", "publisher", "url", "date", "quote")
METRIC_FIELDS = (
    "value",
    "unit",
    "status",
    "as_of",
    "range_low",
    "range_high",
    "note",
    "source",
    "url",
    "uncertainty",
)
"""The columns a further-source row (``source_no`` 2, 3, …) leaves empty."""


# ------------------------------------------------------------------ export


def _uncertainty_text(m: Metric) -> str | None:
    u = m.uncertainty
    if u is None:
        return None
    parts = {"type": u.type, "low": u.low, "high": u.high, "mode": u.mode, "sd": u.sd}
    return json.dumps({k: v for k, v in parts.items() if v is not None}, ensure_ascii=False)


def metric_rows(region: Region) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for name, m in region.metrics.items():
        lo, hi = m.range if m.range else (None, None)
        sources = m.sources or ()
        first = sources[0] if sources else None
        rows.append(
            [
                region.id,
                name,
                m.value,
                m.unit,
                m.status,
                m.as_of,
                lo,
                hi,
                *(getattr(first, f) if first else None for f in SOURCE_FIELDS),
                m.note,
                1 if first else None,
                m.source,
                m.url,
                _uncertainty_text(m),
            ]
        )
        for k, s in enumerate(sources[1:], start=2):
            row: list[Any] = [region.id, name, *[None] * (len(METRIC_COLUMNS) - 2)]
            for f in SOURCE_FIELDS:
                row[METRIC_COLUMNS.index(f"source_{f}")] = getattr(s, f)
            row[METRIC_COLUMNS.index("source_no")] = k
            rows.append(row)
    return rows


def region_row(region: Region) -> list[Any]:
    s = region.site
    lon, lat = s.location if s is not None and s.location else (None, None)
    geometry = s.geometry if s is not None else None
    if isinstance(geometry, dict):
        geometry = json.dumps(geometry, ensure_ascii=False)
    return [
        region.id,
        region.name,
        region.name_ko,
        s.name if s else None,
        lon,
        lat,
        geometry,
        s.crs if s else None,
        s.status if s else None,
        s.note if s else None,
        region.summary,
    ]


def export_regions(regions: Sequence[Region], catalogue: Catalogue | None = None) -> bytes:
    """The workbook (``Metrics``, ``Regions``, ``Catalogue``), byte-deterministic."""
    from bidtool.report.xlsx import FIXED, _hyperlinks, _save, _sheet, _workbook

    wb = _workbook("bidtool regions", FIXED)
    rows = [row for r in regions for row in metric_rows(r)]
    ws = _sheet(wb, METRICS, METRIC_COLUMNS, rows)
    _hyperlinks(ws, METRIC_COLUMNS.index("source_url") + 1)
    _hyperlinks(ws, METRIC_COLUMNS.index("url") + 1)
    _sheet(wb, REGIONS, REGION_COLUMNS, [region_row(r) for r in regions])
    entries = catalogue.metrics.values() if catalogue is not None else ()
    _sheet(
        wb,
        CATALOGUE,
        CATALOGUE_COLUMNS,
        [
            [
                d.id,
                d.label,
                d.label_ko,
                d.unit,
                d.kind,
                "; ".join(d.categories) if d.categories else None,
                d.definition,
            ]
            for d in entries
        ],
    )
    return _save(wb, FIXED)


# ------------------------------------------------------------------ import


def column_letter(index: int) -> str:
    """0-based column index → ``A``, ``B``, … ``AA``."""
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass
class _Sheet:
    name: str
    header: list[str]
    rows: list[list[Any]]  # cell values (None for empty), data rows only

    def col(self, name: str) -> int:
        return self.header.index(name)

    def cell(self, row: int, name: str) -> str:
        """``Metrics!C14`` for data row ``row`` (0-based) and column ``name``."""
        return f"{self.name}!{column_letter(self.col(name))}{row + 2}"

    def get(self, row: int, name: str) -> Any:
        return self.rows[row][self.col(name)]


@dataclass
class _Text:
    """YAML text built line by line, with the cell each line came from."""

    lines: list[str] = field(default_factory=list)
    cells: dict[int, str] = field(default_factory=dict)  # 1-based line → cell

    def add(self, line: str, cell: str) -> None:
        self.lines.append(line)
        self.cells[len(self.lines)] = cell

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def _plain(value: Any) -> Any:
    """A cell as the YAML value it stands for (dates as ISO text, NaN as absent)."""
    if _empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    item = getattr(value, "item", None)  # numpy scalars
    return item() if callable(item) and not isinstance(value, str) else value


def _scalar(value: Any) -> str:
    """One YAML flow scalar on one line: strings as JSON (valid YAML), numbers as YAML."""
    if isinstance(value, str):
        # JSON leaves NEL and the Unicode line/paragraph separators raw; YAML folds them
        text = json.dumps(value, ensure_ascii=False)
        return text.replace("\x85", "\\x85").replace("\u2028", "\\u2028").replace(
            "\u2029", "\\u2029"
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        if "e" in text and "." not in text.split("e")[0]:
            mantissa, exp = text.split("e")
            text = f"{mantissa}.0e{exp}"  # YAML 1.1 needs the dot
        return text
    return json.dumps(str(value), ensure_ascii=False)


def _read(path: Path, display: str) -> tuple[dict[str, _Sheet], list[Problem]]:
    import pandas as pd

    try:
        frames = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except FileNotFoundError:
        return {}, [Problem(display, None, "", "file not found")]
    except Exception as exc:  # a zip that is not a workbook, a locked or corrupt file
        return {}, [
            Problem(display, None, "", f"cannot read this as an Excel workbook (.xlsx): {exc}")
        ]
    sheets: dict[str, _Sheet] = {}
    for name, frame in frames.items():
        values = [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]
        header = [str(h).strip() if not _empty(h) else "" for h in (values[0] if values else [])]
        rows = [r for r in values[1:]]
        while rows and all(_empty(v) for v in rows[-1]):
            rows.pop()
        sheets[str(name)] = _Sheet(str(name), header, rows)
    return sheets, []


def _check_sheets(sheets: dict[str, _Sheet], display: str) -> list[Problem]:
    from bidtool.names import did_you_mean

    problems: list[Problem] = []
    wanted = {METRICS: METRIC_COLUMNS, REGIONS: REGION_COLUMNS, CATALOGUE: CATALOGUE_COLUMNS}
    for name, columns in wanted.items():
        sheet = sheets.get(name)
        if sheet is None:
            if name == CATALOGUE:
                continue  # optional
            found = ", ".join(repr(s) for s in sheets) or "none"
            problems.append(
                Problem(
                    f"{display}:{name}",
                    None,
                    "",
                    f"no sheet named {name!r}{did_you_mean(name, list(sheets))} (sheets: "
                    f"{found}); bidtool export regions writes {METRICS}, {REGIONS} and {CATALOGUE}",
                )
            )
            continue
        header = sheet.header
        for col in columns:
            if col not in header:
                end = column_letter(len([h for h in header if h]))
                near = did_you_mean(col, [h for h in header if h])
                problems.append(
                    Problem(
                        f"{display}:{name}!{end}1",
                        None,
                        "",
                        f"missing column {col!r}{near}: row 1 must name the columns "
                        f"{', '.join(columns)}",
                    )
                )
        seen: dict[str, int] = {}
        for i, h in enumerate(header):
            if not h:
                continue
            where = f"{display}:{name}!{column_letter(i)}1"
            if h not in columns:
                problems.append(
                    Problem(
                        where,
                        None,
                        "",
                        f"unknown column {h!r}{did_you_mean(h, list(columns))}; expected "
                        f"{', '.join(columns)}",
                    )
                )
            elif h in seen:
                problems.append(
                    Problem(
                        where,
                        None,
                        "",
                        f"column {h!r} appears twice (also column {column_letter(seen[h])})",
                    )
                )
            seen.setdefault(h, i)
    return problems


@dataclass
class Parsed:
    """The region YAML texts a workbook stands for, and where each line came from."""

    texts: dict[str, _Text]  # region id → text
    catalogue: _Text | None
    display: str


HEADER = "# Region figures: every figure has its page (sources) and how sure it is (status)."
"""The first line of every region file :func:`parse_workbook` writes (the bundled regions
are stored in exactly this form, so export → import gives them back byte for byte)."""


def _entry(key: str, value: Any) -> list[str]:
    """``key: value`` as canonical YAML lines: text in the style PyYAML's emitter picks
    (plain when safe, else quoted; folded at 100 columns, continuation lines indented two
    spaces), numbers and ``null`` as :func:`_scalar` writes them.  Text the emitter cannot
    give back exactly (NEL and the Unicode line separators) is one JSON-quoted line."""
    if isinstance(value, str):
        import yaml

        loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, width=100, sort_keys=False)
        if yaml.load(dumped, Loader=loader) == {key: value}:  # a safe loader
            return dumped.splitlines()
    return [f"{key}: {_scalar(value) if value is not None else 'null'}"]


def _put(out: _Text, lead: str, key: str, value: Any, cell: str, indent: str = "") -> None:
    """Add ``key: value`` (``null`` for None): the first line after ``lead``, any further
    line after ``indent`` (``lead`` when not given), every line from ``cell``."""
    for i, line in enumerate(_entry(key, value)):
        out.add(f"{lead if i == 0 else (indent or lead)}{line}", cell)


def _pair(first: Any, second: Any) -> str:
    """``[first, second]`` on one line (``range``, ``site.location``); a problem with the
    second item is moved to the next column by :func:`_located`."""
    return "[" + ", ".join(_scalar(v) if v is not None else "null" for v in (first, second)) + "]"


def _add(out: _Text, indent: str, key: str, value: Any, cell: str) -> None:
    if value is not None:
        _put(out, indent, key, value, cell)


def _region_text(sheet: _Sheet, r: int) -> _Text:
    out = _Text()
    get = sheet.get
    out.add(HEADER, sheet.cell(r, "id"))
    out.add("schema: bidtool.region/1", sheet.cell(r, "id"))
    _add(out, "", "id", get(r, "id"), sheet.cell(r, "id"))
    name = get(r, "name")
    _put(out, "", "name", name, sheet.cell(r, "name"))
    _add(out, "", "name_ko", get(r, "name_ko"), sheet.cell(r, "name_ko"))
    site_cols = (
        "site_name",
        "site_lon",
        "site_lat",
        "site_geometry",
        "site_crs",
        "site_status",
        "site_note",
    )
    if any(get(r, c) is not None for c in site_cols):
        out.add("site:", sheet.cell(r, "site_name"))
        _add(out, "  ", "name", get(r, "site_name"), sheet.cell(r, "site_name"))
        lon, lat = get(r, "site_lon"), get(r, "site_lat")
        if lon is not None or lat is not None:
            out.add(f"  location: {_pair(lon, lat)}", sheet.cell(r, "site_lon"))
        geometry = get(r, "site_geometry")
        if isinstance(geometry, str) and geometry.lstrip().startswith("{"):
            with contextlib.suppress(json.JSONDecodeError):  # else kept as text, and refused
                geometry = json.loads(geometry)
        if isinstance(geometry, dict):
            out.add(
                f"  geometry: {json.dumps(geometry, ensure_ascii=False)}",
                sheet.cell(r, "site_geometry"),
            )
        else:
            _add(out, "  ", "geometry", geometry, sheet.cell(r, "site_geometry"))
        for key in ("crs", "status", "note"):
            _add(out, "  ", key, get(r, f"site_{key}"), sheet.cell(r, f"site_{key}"))
    _add(out, "", "summary", get(r, "summary"), sheet.cell(r, "summary"))
    out.add("metrics:", sheet.cell(r, "id"))
    return out


def _metric_text(
    out: _Text, sheet: _Sheet, rows: list[int], display: str, problems: list[Problem]
) -> None:
    first = rows[0]
    get = sheet.get
    cell = sheet.cell
    name = get(first, "metric")
    out.add(f"  {name}:", cell(first, "metric"))
    _put(out, "    ", "value", get(first, "value"), cell(first, "value"))
    for key in ("unit", "status", "as_of"):
        value = get(first, key)
        if key == "as_of" and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(int(value)) if float(value).is_integer() else str(value)
        _add(out, "    ", key, value, cell(first, key))
    lo, hi = get(first, "range_low"), get(first, "range_high")
    if lo is not None or hi is not None:
        out.add(f"    range: {_pair(lo, hi)}", cell(first, "range_low"))
    with_sources = [
        r for r in rows if any(get(r, f"source_{f}") is not None for f in SOURCE_FIELDS)
    ]
    if with_sources:
        out.add("    sources:", cell(with_sources[0], "source_title"))
        for r in with_sources:
            lead = "      - "
            for f in SOURCE_FIELDS:
                value = get(r, f"source_{f}")
                if value is None and f != "title":
                    continue
                _put(out, lead, f, value, cell(r, f"source_{f}"), indent="        ")
                lead = "        "
    _add(out, "    ", "source", get(first, "source"), cell(first, "source"))
    _add(out, "    ", "url", get(first, "url"), cell(first, "url"))
    _add(out, "    ", "note", get(first, "note"), cell(first, "note"))
    text = get(first, "uncertainty")
    if text is not None:
        try:
            parsed = json.loads(text) if isinstance(text, str) else None
        except json.JSONDecodeError:
            parsed = None
        if not isinstance(parsed, dict):
            problems.append(
                Problem(
                    f"{display}:{cell(first, 'uncertainty')}",
                    None,
                    f"metrics.{name}.uncertainty",
                    f'expected a JSON object such as {{"type": "normal", "sd": 3}}, got {text!r}',
                )
            )
        else:
            out.add(
                f"    uncertainty: {json.dumps(parsed, ensure_ascii=False)}",
                cell(first, "uncertainty"),
            )


def _source_no(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return -1
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return -1


def parse_workbook(path: Path, display: str) -> Parsed:
    """Read the workbook into region YAML texts; :class:`InputError` with every problem
    the sheets' layout has (the figures themselves are checked by :func:`validate`)."""
    import re

    from bidtool.io.schema import ID_PATTERN

    sheets, problems = _read(path, display)
    if problems:
        raise InputError(problems)
    problems = _check_sheets(sheets, display)
    if problems:
        raise InputError(problems)
    regions, metrics = sheets[REGIONS], sheets[METRICS]
    id_re = re.compile(ID_PATTERN)
    texts: dict[str, _Text] = {}
    region_rows: dict[str, int] = {}
    for r in range(len(regions.rows)):
        rid = regions.get(r, "id")
        where = f"{display}:{regions.cell(r, 'id')}"
        if rid is None:
            problems.append(Problem(where, None, "id", "expected a region id, got an empty cell"))
            continue
        if not isinstance(rid, str) or not id_re.fullmatch(rid):
            problems.append(
                Problem(
                    where,
                    None,
                    "id",
                    f"expected a region id (lowercase letters, digits, '_' or '-'), got {rid!r}",
                )
            )
            continue
        if rid in region_rows:
            problems.append(
                Problem(
                    where, None, "id", f"duplicate region {rid!r} (also row {region_rows[rid] + 2})"
                )
            )
            continue
        region_rows[rid] = r
        texts[rid] = _region_text(regions, r)

    groups: dict[tuple[str, str], list[int]] = {}
    seen: dict[tuple[str, str, int | None], int] = {}
    stray: dict[str, list[int]] = {}
    for r in range(len(metrics.rows)):
        rid, name = metrics.get(r, "region"), metrics.get(r, "metric")
        if rid is None and name is None and all(v is None for v in metrics.rows[r]):
            continue
        if rid is None or (isinstance(rid, str) and rid not in region_rows):
            # one problem per unknown region, at its first row: one mistake, one line
            stray.setdefault(repr(rid), []).append(r)
            continue
        if not isinstance(name, str) or not id_re.fullmatch(name):
            got = "an empty cell" if name is None else repr(name)
            problems.append(
                Problem(
                    f"{display}:{metrics.cell(r, 'metric')}",
                    None,
                    "metric",
                    f"expected a metric name (lowercase letters, digits, '_' or '-'), got {got}",
                )
            )
            continue
        no = _source_no(metrics.get(r, "source_no"))
        if no is not None and no < 1:
            problems.append(
                Problem(
                    f"{display}:{metrics.cell(r, 'source_no')}",
                    None,
                    "source_no",
                    f"expected a whole number 1, 2, …, got {metrics.get(r, 'source_no')!r}",
                )
            )
            continue
        key = (str(rid), name, no)
        if key in seen:
            problems.append(
                Problem(
                    f"{display}:{metrics.cell(r, 'metric')}",
                    None,
                    f"metrics.{name}",
                    f"duplicate row: region {rid!r}, metric {name!r}"
                    + (f", source_no {no}" if no is not None else "")
                    + f" already on row {seen[key] + 2}; give each further source its "
                    "own source_no",
                )
            )
            continue
        seen[key] = r
        groups.setdefault((str(rid), name), []).append(r)

    refused = len(region_rows) < len(regions.rows)
    for rows in stray.values() if not refused else ():
        # (with a refused Regions row, its metrics' rows are strays too: that row says why)
        from bidtool.names import did_you_mean

        rid = metrics.get(rows[0], "region")
        got = "an empty cell" if rid is None else repr(rid)
        hint = did_you_mean(rid, list(region_rows)) if isinstance(rid, str) else ""
        more = f" (and {len(rows) - 1} more rows)" if len(rows) > 1 else ""
        problems.append(
            Problem(
                f"{display}:{metrics.cell(rows[0], 'region')}",
                None,
                "region",
                f"expected a region id from the {REGIONS} sheet "
                f"({', '.join(region_rows) or 'none'}), got {got}{hint}{more}",
            )
        )
    for (rid, name), rows in groups.items():
        rows.sort(key=lambda r: _source_no(metrics.get(r, "source_no")) or 1)
        first, rest = rows[0], rows[1:]
        if _source_no(metrics.get(first, "source_no")) not in (None, 1):
            problems.append(
                Problem(
                    f"{display}:{metrics.cell(first, 'source_no')}",
                    None,
                    f"metrics.{name}",
                    "the metric's first row must be source_no 1 (or empty): it carries the "
                    "value, unit and status",
                )
            )
            continue
        for r in rest:
            for col in METRIC_FIELDS:
                if metrics.get(r, col) is not None:
                    problems.append(
                        Problem(
                            f"{display}:{metrics.cell(r, col)}",
                            None,
                            f"metrics.{name}.{col}",
                            f"a further-source row (source_no {metrics.get(r, 'source_no')}) "
                            f"fills only source_* columns; write {col} on the metric's first "
                            f"row ({first + 2})",
                        )
                    )
        _metric_text(texts[rid], metrics, rows, display, problems)

    catalogue = _catalogue_text(sheets.get(CATALOGUE))
    if problems:
        raise InputError(problems)
    return Parsed(texts, catalogue, display)


def _catalogue_text(sheet: _Sheet | None) -> _Text | None:
    if sheet is None or not sheet.rows:
        return None
    out = _Text()
    out.add("schema: bidtool.metrics/1", f"{CATALOGUE}!A1")
    out.add("metrics:", f"{CATALOGUE}!A1")
    for r in range(len(sheet.rows)):
        name = sheet.get(r, "metric")
        out.add(f"  {_scalar(name) if name is not None else 'null'}:", sheet.cell(r, "metric"))
        for key in ("label", "label_ko", "unit", "kind", "definition"):
            _add(out, "    ", key, sheet.get(r, key), sheet.cell(r, key))
        cats = sheet.get(r, "categories")
        if cats is not None:
            items = [c.strip() for c in str(cats).split(";") if c.strip()]
            out.add(
                f"    categories: {json.dumps(items, ensure_ascii=False)}",
                sheet.cell(r, "categories"),
            )
    return out


def _located(problem: Problem, files: dict[str, tuple[_Text, str]], display: str) -> Problem:
    """A problem in a generated file, moved to the cell its line came from."""
    for shown, (text, _) in files.items():
        if problem.file == shown:
            cell = text.cells.get(problem.line or 0)
            if cell is None:
                return Problem(display, None, problem.path, problem.message)
            sheet, ref = cell.split("!")
            row = "".join(ch for ch in ref if ch.isdigit())
            if sheet == METRICS and problem.message.startswith("range ["):
                cell = f"{METRICS}!{column_letter(METRIC_COLUMNS.index('range_low'))}{row}"
            elif problem.path.endswith(("range[1]", "location[1]")):
                # the second item of a one-line [low, high] / [lon, lat] pair: the next column
                columns = METRIC_COLUMNS if sheet == METRICS else REGION_COLUMNS
                first = "range_low" if sheet == METRICS else "site_lon"
                cell = f"{sheet}!{column_letter(columns.index(first) + 1)}{row}"
            return Problem(f"{display}:{cell}", None, problem.path, problem.message)
    return problem


def validate(parsed: Parsed, criteria: str | None = None, strict: bool = False) -> dict[str, str]:
    """Run the validation ``bidtool validate`` runs on region files (with ``criteria``, and
    the workbook's catalogue); return ``{region id: YAML text}`` or raise
    :class:`InputError` with every problem at its cell."""
    from bidtool.io.loading import gather_inputs, unused_metric_problems
    from bidtool.io.yaml_source import parse_yaml
    from bidtool.prepare import weigh_inputs

    display = parsed.display
    with tempfile.TemporaryDirectory(prefix="bidtool-import-") as tmp:
        folder = Path(tmp) / "regions"
        folder.mkdir()
        shown = str(folder)
        files: dict[str, tuple[_Text, str]] = {}
        for rid, text in parsed.texts.items():
            (folder / f"{rid}.yaml").write_text(text.text, encoding="utf-8")
            files[f"{shown}/{rid}.yaml"] = (text, rid)
        if parsed.catalogue is not None:
            (folder / "metrics.yaml").write_text(parsed.catalogue.text, encoding="utf-8")
            files[f"{shown}/metrics.yaml"] = (parsed.catalogue, "")
        try:
            inputs = weigh_inputs(gather_inputs(criteria, shown, strict=strict), strict)
        except InputError as exc:
            raise InputError(_located(p, files, display) for p in exc.problems) from None
        if parsed.catalogue is None:
            # without a catalogue a metric nothing reads is a warning in a file; a workbook
            # row is easier to mistype, so here it is an error (it would rank as unknown)
            docs = {name: parse_yaml(text.text, name) for name, (text, rid) in files.items() if rid}
            unused = unused_metric_problems(inputs.criteria, inputs.regions, docs)
            if unused:
                raise InputError(_located(p, files, display) for p in unused)
    return {rid: text.text for rid, text in parsed.texts.items()}


def write_regions(texts: dict[str, str], out_dir: Path, force: bool = False) -> list[Path]:
    """Write every region file atomically; refuse (writing nothing) to replace an existing
    file unless ``force``."""
    from bidtool.output import OutputClashError, write_file

    if out_dir.exists() and not out_dir.is_dir():
        raise OutputClashError(f"-o {out_dir} is not a directory; give the regions directory")
    targets = [out_dir / f"{rid}.yaml" for rid in texts]
    existing = [p for p in targets if p.exists() or p.is_symlink()]
    if existing and not force:
        names = ", ".join(str(p) for p in existing)
        raise OutputClashError(
            f"would overwrite {names}; nothing was written. Give --force to replace them, or "
            "import into another directory"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    for rid, path in zip(texts, targets):
        write_file(texts[rid].encode("utf-8"), path)
    return targets


# ------------------------------------------------------------------ one call each


def export_workbook(regions: str | None, output: Path) -> int:
    """``bidtool export regions``: load the regions (and their catalogue), write the
    workbook atomically; return how many regions it holds."""
    from bidtool.io.catalogue import catalogue_file, load_catalogue
    from bidtool.io.loading import load_region_dir, locate_regions
    from bidtool.output import target_of, write_file

    target_of(output)  # an unwritable -o is refused before the work
    loc = locate_regions(regions)
    region_list = load_region_dir(regions)
    scheduled = [
        Problem(r.path, m.schedule[0].line or m.line, f"metrics.{name}.schedule",
                "the workbook has no columns for a schedule (promises over time) yet; export "
                "refuses rather than drop it: keep this region in YAML, or remove the schedule "
                "from a copy before exporting")
        for r in region_list
        for name, m in r.metrics.items()
        if m.schedule
    ]
    if scheduled:
        raise InputError(scheduled)
    catalogue = None
    path = catalogue_file(loc.path)
    if path is not None:
        catalogue, problems = load_catalogue(path, f"{loc.display}/{path.name}")
        if problems:
            raise InputError(problems)
    write_file(export_regions(region_list, catalogue), output)
    return len(region_list)


def import_workbook(
    path: Path,
    display: str,
    out_dir: Path,
    criteria: str | None = None,
    force: bool = False,
    strict: bool = False,
) -> list[Path]:
    """``bidtool import``: read, validate (every problem at its cell), then write the
    region files; nothing is written while any problem remains."""
    texts = validate(parse_workbook(path, display), criteria, strict)
    return write_regions(texts, out_dir, force)
