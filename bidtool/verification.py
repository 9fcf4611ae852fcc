"""``bidtool verify``: re-derive a published report from the sealed criteria and compare.

The report (HTML, XLSX or Markdown from ``bidtool report``, or the
``bidtool.ranking/1`` JSON of ``rank -f json``) is made again from the
criteria rebuilt from the seal (:func:`bidtool.sealing.sealed_inputs`) and the
submitted regions, with the same options, and compared with the one given:
byte for byte, and where the bytes differ, part by part — a JSON key path, a
report section and line, or a workbook cell — so the answer is "identical" or
exactly what differs.

The criteria file's own SHA-256 (of its bytes) is the one thing the seal
cannot reproduce when the file was reformatted after sealing: without ``-c``
a report whose only difference is that hash is identical in content and says
so; with ``-c FILE`` the file is checked against the seal and its hash must
match the report's.

This module sits beside :mod:`bidtool.workbook` in the render layer: it reads
files and renders reports, so it is neither a pure renderer nor pipeline.
"""

from __future__ import annotations

import difflib
import html
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bidtool.errors import BidtoolError, ExitCode, InputError
from bidtool.io.files import read_bytes
from bidtool.io.seal import changes, read_seal
from bidtool.io.yaml_source import format_path
from bidtool.model import Inputs
from bidtool.sealing import sealed_inputs

VERIFY_SCHEMA = "bidtool.verify/1"
KINDS = ("html", "xlsx", "md", "json")
SUFFIX_KIND = {".html": "html", ".htm": "html", ".xlsx": "xlsx", ".md": "md", ".json": "json"}
MAX_REPORT_BYTES = 64 * 1024 * 1024
SHOWN = 40
"""Differences listed at most (the count says how many there were)."""
_HASH = re.compile(r"[0-9a-f]{64}")


class ReportDiffersError(BidtoolError):
    """The report is not what the sealed criteria give for these regions (exit 3)."""

    exit_code = ExitCode.INVALID_INPUT


@dataclass(frozen=True)
class Difference:
    """One place where the given report and the re-derived one disagree."""

    part: str  # a JSON key path, a report section, or a sheet
    where: str  # the line or cell
    report: str
    rederived: str

    def to_dict(self) -> dict[str, str]:
        return {"part": self.part, "where": self.where, "report": self.report,
                "rederived": self.rederived}


@dataclass(frozen=True)
class Verification:
    """The answer: identical, or the differences (at most :data:`SHOWN`, ``count`` all)."""

    report: str
    kind: str
    seal: str
    seal_sha256: str
    criteria: str
    criteria_checked: bool
    identical: bool
    differences: tuple[Difference, ...] = ()
    count: int = 0
    notes: tuple[str, ...] = field(default=())
    appeal: str | None = None  # verify --appeal FILE: the corrections file re-derived with

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": VERIFY_SCHEMA,
            "report": self.report,
            "kind": self.kind,
            "seal": {"path": self.seal, "sha256": self.seal_sha256},
            "criteria": {"path": self.criteria, "checked_against_seal": self.criteria_checked},
            "identical": self.identical,
            "differences_count": self.count,
            "differences": [d.to_dict() for d in self.differences],
            "notes": list(self.notes),
            "appeal": self.appeal,
        }


def report_kind(path: str, data: bytes) -> str:
    """html, xlsx, md or json: from the suffix, else from the first bytes."""
    kind = SUFFIX_KIND.get(Path(path).suffix.lower())
    if kind is not None:
        return kind
    head = data[:512].lstrip().lower()
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"{"):
        return "json"
    if head.startswith((b"<!doctype", b"<html")):
        return "html"
    return "md"


def with_appeal(
    content: Any,
    inputs: Inputs,
    corrections: str,
    method: str | None,
    vikor_v: float | None,
    samples: int,
    seed: int,
) -> Any:
    """``content`` (a :class:`bidtool.report.content.Report`) with the Appeal section of
    ``report --appeal FILE``: the appeal of the region ``corrections`` corrects, run
    with the report's method and draws, and the file (its path as given, its SHA-256)
    among the report's inputs.  ``bidtool report`` and ``verify --appeal`` both call it."""
    from dataclasses import replace

    from bidtool.appeal import appeal as run_appeal
    from bidtool.io.corrections import load_corrections

    found = run_appeal(inputs, load_corrections(corrections), method, vikor_v, samples, seed)
    info = found.corrections.scenario.info
    return replace(content, appeal=found, files=(*content.files, (info.path, info.sha256)))


def rederive(
    inputs: Inputs,
    kind: str,
    method: str | None,
    vikor_v: float | None,
    samples: int,
    seed: int,
    stage: Callable[[str, int], Callable[[int], None]] | None = None,
    lang: Any = "en",
    appeal: str | None = None,
) -> bytes:
    """The report ``bidtool report`` / ``rank -f json`` writes for ``inputs`` (with
    ``report --appeal FILE``'s section when ``appeal`` names the corrections file)."""
    if kind == "json":
        if appeal is not None:
            raise InputError.single(
                appeal, "a ranking JSON (rank -f json) has no appeal; --appeal verifies a "
                "report (HTML, Markdown or Excel) made with bidtool report --appeal"
            )
        from bidtool.ranking import rank
        from bidtool.render.json import render_ranking

        return render_ranking(rank(inputs, method, vikor_v)).encode("utf-8")
    from bidtool.report.content import build_report

    content = build_report(inputs, method, vikor_v, samples, seed, stage=stage, lang=lang)
    if appeal is not None:
        content = with_appeal(content, inputs, appeal, method, vikor_v, samples, seed)
    if kind == "html":
        from bidtool.report.html import render as render_html

        return render_html(content).encode("utf-8")
    if kind == "md":
        from bidtool.report.markdown import render as render_md

        return render_md(content).encode("utf-8")
    from bidtool.report.xlsx import render as render_xlsx

    return render_xlsx(content)


def _same_but_hash(report: str, rederived: str, sha: str) -> bool:
    """Equal once the criteria file's hash (``sha``) in ``rederived`` may be any hash."""
    if not sha or sha not in rederived:
        return False
    pattern = "[0-9a-f]{64}".join(re.escape(p) for p in rederived.split(sha))
    return re.fullmatch(pattern, report) is not None


def _short(text: Any) -> str:
    s = text if isinstance(text, str) else json.dumps(text, ensure_ascii=False)
    s = " ".join(s.split())
    return s if len(s) <= 160 else s[:157] + "…"


def _json_differences(given: bytes, made: bytes, report: str) -> list[Difference]:
    try:
        old = json.loads(
            given, object_pairs_hook=_Object, parse_constant=_no_constant, parse_float=_finite
        )
    except ValueError as exc:
        raise InputError.single(report, f"not JSON: {exc}") from None
    twice = _duplicates(old)
    if not isinstance(old, dict) or old.get("schema") != "bidtool.ranking/1":
        got = old.get("schema") if isinstance(old, dict) else type(old).__name__
        raise InputError.single(
            report,
            f"expected a bidtool.ranking/1 document (bidtool rank -f json), got {got!r}",
            path="schema",
        )
    new = _by_region(json.loads(made))
    old = _by_region(old)
    out = [
        Difference("json", where, f"duplicate key {key!r}: {_short(first)}, then {_short(last)}",
                   "each key once")
        for where, key, first, last in twice
    ]
    for c in changes(new, old):
        out.append(
            Difference(
                "json",
                format_path(c.path, new),
                "absent" if c.absent == "now" else _short(c.now),
                "absent" if c.absent == "sealed" else _short(c.sealed),
            )
        )
    return out


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number (RFC 8259); bidtool never writes it")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of the range of a number; bidtool never writes it")
    return value


class _Object(dict[str, Any]):
    """A JSON object that remembers keys written more than once: ``json`` keeps the last,
    other readers the first, so a report with one is never identical."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        seen: dict[str, Any] = {}
        self.twice: list[tuple[str, Any, Any]] = []
        for key, value in pairs:
            if key in seen:
                self.twice.append((key, seen[key], value))
            else:
                seen[key] = value


def _duplicates(value: Any, path: str = "") -> list[tuple[str, str, Any, Any]]:
    """``(key path, key, first value, last value)`` of every key written twice."""
    out: list[tuple[str, str, Any, Any]] = []
    if isinstance(value, _Object):
        out += [(f"{path}.{k}" if path else k, k, a, b) for k, a, b in value.twice]
        for k, v in value.items():
            out += _duplicates(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _duplicates(v, f"{path}[{i}]")
    return out


def _by_region(doc: dict[str, Any]) -> dict[str, Any]:
    """The ranking keyed by region id (``ranking.gwangju.eligible``), with the order apart,
    so a region that moved is compared with itself, not with whoever took its place."""
    rows = doc.get("ranking")
    if not isinstance(rows, list) or not all(isinstance(r, dict) and "id" in r for r in rows):
        return doc
    keyed = {str(r["id"]): r for r in rows}
    order = [str(r["id"]) for r in rows]
    return {**doc, "ranking": keyed, "ranking_order": order}


def _sections(lines: Sequence[str], kind: str) -> list[str]:
    """The section each line belongs to: the last heading above it."""
    out, current = [], "(top)"
    for line in lines:
        if kind == "md" and line.startswith("#"):
            current = line.lstrip("#").strip()
        elif kind == "html":
            found = re.search(r"<h[1-3][^>]*>(.*?)</h[1-3]>", line)
            if found:
                current = html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()
        out.append(current)
    return out


def _text_differences(given: bytes, made: bytes, kind: str) -> list[Difference]:
    old = given.decode("utf-8", errors="replace").splitlines()
    new = made.decode("utf-8", errors="replace").splitlines()
    if kind == "html":  # one tag per line, so a change is named by its own element
        old = [p for line in old for p in re.split(r"(?=<(?:tr|h[1-6]|p|li|section|figure)\b)", line) if p]
        new = [p for line in new for p in re.split(r"(?=<(?:tr|h[1-6]|p|li|section|figure)\b)", line) if p]
    section = _sections(new, kind)
    old_section = _sections(old, kind)
    out = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            a = old[i1 + k] if i1 + k < i2 else None
            b = new[j1 + k] if j1 + k < j2 else None
            part = section[j1 + k] if b is not None else old_section[i1 + k]
            where = f"line {i1 + k + 1}" if a is not None else f"after line {i2}"
            text_a = _short(_plain(a, kind)) if a is not None else "absent"
            text_b = _short(_plain(b, kind)) if b is not None else "absent"
            out.append(Difference(part, where, text_a, text_b))
    return out


def _plain(line: str, kind: str) -> str:
    if kind != "html":
        return line
    return html.unescape(re.sub(r"<[^>]+>", " ", line))


def _xlsx_differences(given: bytes, made: bytes, report: str) -> list[Difference]:
    import io

    from openpyxl import load_workbook

    try:
        old = load_workbook(io.BytesIO(given), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise InputError.single(report, f"not an Excel workbook: {exc}") from None
    new = load_workbook(io.BytesIO(made), read_only=True, data_only=True)
    out = []
    for name in dict.fromkeys([*new.sheetnames, *old.sheetnames]):
        if name not in old.sheetnames or name not in new.sheetnames:
            missing = "absent" if name not in old.sheetnames else "present"
            present = "absent" if name not in new.sheetnames else "present"
            out.append(Difference(name, "(sheet)", missing, present))
            continue
        rows_old = [list(r) for r in old[name].iter_rows(values_only=True)]
        rows_new = [list(r) for r in new[name].iter_rows(values_only=True)]
        from openpyxl.utils import get_column_letter

        for i in range(max(len(rows_old), len(rows_new))):
            ro = rows_old[i] if i < len(rows_old) else []
            rn = rows_new[i] if i < len(rows_new) else []
            for j in range(max(len(ro), len(rn))):
                a = ro[j] if j < len(ro) else None
                b = rn[j] if j < len(rn) else None
                if a != b:
                    cell = f"{get_column_letter(j + 1)}{i + 1}"
                    where = cell
                    label = rn[0] if rn and j > 0 and isinstance(rn[0], str) else None
                    if label:
                        where += f" ({_short(label)})"
                    out.append(Difference(name, where, _short(str(a)), _short(str(b))))
    if not out and given != made:
        out.append(Difference("(file)", "bytes", "differ", "differ (same cell values)"))
    return out


def _report_text(given: bytes, kind: str) -> str:
    """The report's text to search: the file's for HTML and Markdown, every cell's for Excel."""
    if kind != "xlsx":
        return given.decode("utf-8", errors="replace")
    import io

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(given), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file; compared elsewhere
        return ""
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
    )


def recorded_corrections(given: bytes, kind: str) -> list[tuple[str, str]]:
    """The corrections files a report made with ``--appeal`` records among its inputs:
    ``(path, sha256)`` — a ``.yaml``/``.yml`` path with a SHA-256 beside it, in the line
    (or row) after an Appeal section's "corrections from PATH"."""
    text = _report_text(given, kind)
    # the Appeal section says "corrections from PATH" in the report's language
    from bidtool.i18n import LANGS
    from bidtool.i18n import text as catalogue

    said = "|".join(
        re.escape(catalogue(lang)("appeal.from", path="\0").split("\0")[0]) for lang in LANGS
    )
    named = re.findall(rf"(?:{said})([^\s<;]+?\.ya?ml)", text)
    out = []
    for path in dict.fromkeys(html.unescape(n) for n in named):
        found = re.search(re.escape(path) + r"[^\n]{1,80}?([0-9a-f]{64})", text)
        out.append((path, found.group(1) if found else ""))
    return out


def _appeal_cause(
    given: bytes, kind: str, appeal: str | None, diffs: list[Difference], notes: list[str]
) -> list[Difference]:
    """Name the corrections file as the cause: the report's recorded digest against the
    given file's, or the report's Appeal section when ``--appeal`` was not given."""
    recorded = recorded_corrections(given, kind)
    if appeal is None:
        for path, sha in recorded:
            notes.append(
                f"the report has an Appeal section (corrections {path}"
                + (f", sha256 {sha}" if sha else "")
                + f"): give --appeal {path} to re-derive it"
            )
        return diffs
    from bidtool.io.seal import file_sha256

    try:
        now = file_sha256(Path(appeal))
    except OSError:
        return diffs
    out = list(diffs)
    for path, sha in recorded:
        if sha and sha != now:
            out.insert(0, Difference(
                "Appeal", "corrections file",
                f"{path}: sha256 {sha}",
                f"{appeal}: sha256 {now} (the corrections file differs from the one the "
                "report was made with)",
            ))
    if not recorded:
        out.insert(0, Difference("Appeal", "(section)", "absent", f"the appeal of {appeal}"))
    return out


def _names_cause(d: Difference, lang: Any) -> bool:
    """A difference in the weights — a JSON weight key, the Weights section or sheet — names
    the cause; the scores and ranks that differ are its consequences."""
    if d.part == "json":
        return d.where.split(".")[0] in ("weights", "groups", "missing", "weighting")
    from bidtool.i18n import text

    return d.part in ("Weights", text(lang)("report.h.weights"))


def verify(
    report: str,
    seal: str,
    regions: str | None = None,
    criteria: str | None = None,
    *,
    method: str | None = None,
    samples: int = 10_000,
    seed: int = 1,
    scenarios: Sequence[str] = (),
    weighting: str | None = None,
    vikor_v: float | None = None,
    strict: bool = False,
    stage: Callable[[str, int], Callable[[int], None]] | None = None,
    lang: Any = "en",
    appeal: str | None = None,
) -> Verification:
    """Is ``report`` what the criteria sealed in ``seal`` give for ``regions``?

    ``method``, ``samples``, ``seed``, ``scenarios``, ``weighting`` and ``lang`` (of a
    report's headings) must be those the report was made with (``bidtool report``'s defaults by default; a
    JSON ranking names its method itself).  Raises :class:`InputError` (exit 3)
    for an edited seal, a criteria file (``criteria``) or metric catalogue that
    no longer matches it, or a report that is not one bidtool writes.
    """
    sealed = read_seal(seal)
    # the commitment first: an edited seal or a changed criteria file is named before
    # anything is compared
    inputs = sealed_inputs(sealed, regions, criteria, scenarios, weighting, strict=strict)
    given = read_bytes(Path(report), report, MAX_REPORT_BYTES, "report")
    kind = report_kind(report, given)
    if kind == "json" and method is None:
        try:
            found = json.loads(given).get("method")
            method = found if isinstance(found, str) else None
        except (ValueError, AttributeError):
            method = None
    made = rederive(inputs, kind, method, vikor_v, samples, seed, stage, lang, appeal)
    notes: list[str] = []
    if sealed.layers is None and sealed.criteria_document.get("layers"):
        notes.append(
            "this seal predates sealed map layers (no 'layers' in it): the layers' "
            "contents were not checked; seal again to cover them"
        )
    if criteria is None:
        notes.append(
            "criteria rebuilt from the seal; give -c FILE to check the criteria file itself"
        )
    if given == made:
        diffs: list[Difference] = []
    elif kind == "json":
        diffs = _json_differences(given, made, report)
    elif kind == "xlsx":
        diffs = _xlsx_differences(given, made, report)
    else:
        diffs = _text_differences(given, made, kind)
    sha = inputs.criteria.sha256
    if criteria is None:
        kept = [d for d in diffs if not _same_but_hash(d.report, d.rederived, sha)]
        if len(kept) < len(diffs):
            notes.append(
                "the report names a criteria file whose bytes differ from the sealed file's "
                "(reformatted?): not counted as a difference, since the file's content is "
                "checkable only with -c"
                + ("; everything else the report shows matches the sealed criteria" if not kept else "")
            )
        diffs = kept
    if diffs and kind != "json":
        diffs = _appeal_cause(given, kind, appeal, diffs, notes)
    if not diffs and given != made:
        notes.append(
            "the content is what the sealed criteria give, but the bytes differ from the "
            "re-derived report's (line endings, JSON layout or key order): compare the "
            "SHA-256 of a published copy only with a byte-identical file"
        )
    # the cause first: a changed weight is named before the scores and ranks it moved
    diffs = sorted(diffs, key=lambda d: 0 if _names_cause(d, lang) else 1)
    return Verification(
        report=report,
        kind=kind,
        seal=seal,
        seal_sha256=sealed.sha256,
        criteria=inputs.criteria.path,
        criteria_checked=criteria is not None,
        identical=not diffs,
        differences=tuple(diffs[:SHOWN]),
        count=len(diffs),
        notes=tuple(notes),
        appeal=appeal,
    )
