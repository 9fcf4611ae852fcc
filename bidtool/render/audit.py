"""``bidtool verify`` and ``bidtool appeal``: their answers as a table, JSON or Markdown
(the appeal also as a section of ``bidtool report --appeal``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from bidtool.i18n import Text as I18n
from bidtool.i18n import text
from bidtool.render.json import dumps

if TYPE_CHECKING:
    from bidtool.appeal import Appeal, Change
    from bidtool.verification import Verification


_WORDS = {
    "absent": "verify.absent",
    "present": "verify.present",
    "(sheet)": "verify.sheet",
    "(top)": "verify.top",
    "(section)": "verify.section",
    "corrections file": "verify.corrections_file",
}
_APPEAL_NOTE = re.compile(
    r"the report has an Appeal section \(corrections (?P<path>.+?)(?P<sha>, sha256 [0-9a-f]{64})?"
    r"\): give --appeal (?P=path) to re-derive it"
)
_CORRECTIONS_DIFFER = re.compile(
    r"(?P<path>.+): sha256 (?P<sha>[0-9a-f]{64}) \(the corrections file differs from the one "
    r"the report was made with\)"
)
_NOTES = {
    "criteria rebuilt from the seal; give -c FILE to check the criteria file itself": (
        "verify.note.rebuilt"
    ),
    "this seal predates sealed map layers (no 'layers' in it): the layers' contents were not "
    "checked; seal again to cover them": "verify.note.no_layers",
    (
        "the content is what the sealed criteria give, but the bytes differ from the "
        "re-derived report's (line endings, JSON layout or key order): compare the "
        "SHA-256 of a published copy only with a byte-identical file"
    ): "verify.note.bytes",
}
_HASH_NOTE = (
    "the report names a criteria file whose bytes differ from the sealed file's "
    "(reformatted?): not counted as a difference, since the file's content is "
    "checkable only with -c"
)


def _word(t: I18n, value: str) -> str:
    """A verdict's fixed word (``absent``, ``line 12``) in ``t``'s language; data as is."""
    if value in _WORDS:
        return t(_WORDS[value])
    if value.startswith("line ") and value[5:].isdigit():
        return t("verify.line", n=value[5:])
    if value.startswith("after line ") and value[11:].isdigit():
        return t("verify.after_line", n=value[11:])
    if value == "Appeal":
        return t.term(value)
    if value.startswith("the appeal of "):
        return t("verify.appeal_of", path=value[len("the appeal of ") :])
    m = _CORRECTIONS_DIFFER.fullmatch(value)
    if m:
        return t("verify.corrections_differ", **m.groupdict())
    return value


def _note(t: I18n, note: str) -> str:
    if note in _NOTES:
        return t(_NOTES[note])
    if note.startswith(_HASH_NOTE):
        rest = note[len(_HASH_NOTE) :]
        return t("verify.note.hash") + (t("verify.note.hash_rest") if rest else "")
    m = _APPEAL_NOTE.fullmatch(note)
    if m:
        return t("verify.note.appeal", path=m.group("path"), sha=m.group("sha") or "")
    return note


def verify_table(v: Verification, lang: str = "en") -> RenderableType:
    """The verdict first, then each difference: part, where, the report's and the sealed text
    (headings and fixed words in ``lang``; the texts compared as they are)."""
    t = text(lang)
    head = Text()
    sha = v.seal_sha256[:16]
    if v.identical:
        head.append(t("verify.identical"), style="bold green")
        head.append(t("verify.identical_said", report=v.report, sha=sha))
    else:
        head.append(t("verify.differs"), style="bold red")
        head.append(t.count("verify.differs_said", v.count, report=v.report, sha=sha))
    parts: list[RenderableType] = [head]
    if v.differences:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        for key in ("verify.col.part", "verify.col.where", "verify.col.report", "verify.col.sealed"):
            table.add_column(t(key), overflow="fold")
        for d in v.differences:
            table.add_row(
                _word(t, d.part), _word(t, d.where), _word(t, d.report), _word(t, d.rederived)
            )
        parts.append(table)
        if v.count > len(v.differences):
            parts.append(Text(t("verify.more", n=v.count - len(v.differences))))
    parts += [Text(t("verify.note", note=_note(t, n)), style="dim") for n in v.notes]
    return Group(*parts)


def verify_json(v: Verification) -> str:
    return dumps(v.to_dict())


# ------------------------------------------------------------------ appeal

APPEAL_TITLE = "Appeal"


def _value(value: object, unit: str | None, t: I18n) -> str:
    if value is None:
        return t("appeal.unknown")
    from bidtool.model import format_value

    return format_value(value) + (f" {unit}" if unit and not isinstance(value, (str, bool)) else "")


def corrections_rows(a: Appeal, lang: str = "en") -> list[list[str]]:
    """One row per corrected figure: metric, the file's figure, the appeal's, its evidence."""
    from bidtool.model import status_word

    t = text(lang)
    rows = []
    for f in a.figures:
        src = f.after.sources[0] if f.after.sources else None
        rows.append([
            f.metric,
            f"{_value(f.before.value, f.before.unit, t)} ({t.term(status_word(f.before))})",
            f"{_value(f.after.value, f.after.unit, t)} ({t.term(status_word(f.after))})",
            "" if src is None else f"{src.title} — {src.url or ''}".strip(" —"),
        ])
    return rows


def conclusion_rows(a: Appeal, lang: str = "en") -> list[list[str]]:
    """One row per region: rank, eligible, P(first) — now and with the corrections."""
    t = text(lang)
    before = {r.id: r for r in a.before.ranking.rows}

    def rank(r: object) -> str:
        rank_, eligible = getattr(r, "rank", None), getattr(r, "eligible", False)
        return str(rank_) if eligible and rank_ is not None else "–"

    def pct(p: float | None) -> str:
        return "–" if p is None else f"{p:.1%}"

    def yes(ok: bool) -> str:
        return t("appeal.yes") if ok else t("appeal.no")

    rows = []
    for r in a.after.ranking.rows:
        o = before[r.id]
        rows.append([
            r.id,
            rank(o), rank(r),
            yes(o.eligible), yes(r.eligible),
            pct(a.before.p_first.get(r.id)), pct(a.after.p_first.get(r.id)),
        ])
    return rows


CONCLUSION_HEADER = ["Region", "Rank now", "Rank corrected", "Eligible now",
                     "Eligible corrected", "P(first) now", "P(first) corrected"]
CORRECTION_HEADER = ["Figure", "Region file", "Appeal", "Evidence"]


def verdict(a: Appeal, lang: str = "en") -> str:
    t = text(lang)
    n = len(a.changes)
    if not n:
        return t("appeal.none", region=a.region)
    return t.count("appeal.some", n, region=a.region)


def statement(c: Change, lang: str = "en") -> str:
    """A changed conclusion as a sentence in ``lang`` (English: the change's own statement,
    which the CSV and JSON carry)."""
    t = text(lang)
    if not t.ko:
        return c.statement

    def rank(value: object) -> str:
        return t("appeal.ineligible") if value is None else str(value)

    def pct(p: object) -> str:
        return "–" if not isinstance(p, float) else f"{p:.1%}"

    def eligibility(value: object) -> str:
        v = value if isinstance(value, dict) else {}
        if v.get("eligible"):
            return t("appeal.eligible")
        return t("appeal.fails", constraints="; ".join(v.get("failed_constraints", [])))

    def figures(items: object) -> str:
        return ", ".join(f"{r}.{m}" for r, m in (items if isinstance(items, list) else []))

    if c.conclusion == "leader":
        def who(ids: object) -> str:
            return ", ".join(ids) if isinstance(ids, list) and ids else t("appeal.nobody")

        return t("appeal.leader", before=who(c.before), after=who(c.after))
    if c.conclusion == "rank":
        return t("appeal.rank", region=c.region, before=rank(c.before), after=rank(c.after))
    if c.conclusion == "eligibility":
        return t("appeal.eligibility", region=c.region, before=eligibility(c.before),
                 after=eligibility(c.after))
    if c.conclusion == "p_first":
        return t("appeal.p_first", region=c.region, before=pct(c.before), after=pct(c.after))
    if c.conclusion == "verify_first":
        before = [tuple(v) for v in c.before] if isinstance(c.before, list) else []
        after = [tuple(v) for v in c.after] if isinstance(c.after, list) else []
        words = []
        new = [list(v) for v in after if v not in before]
        gone = [list(v) for v in before if v not in after]
        if new:
            words.append(t("appeal.verify_now", figures=figures(new)))
        if gone:
            words.append(t("appeal.verify_gone", figures=figures(gone)))
        return t("appeal.verify_first", words="; ".join(words))
    return c.statement


def method_line(a: Appeal, lang: str = "en") -> str:
    t = text(lang)
    smaa = (t("appeal.smaa", samples=f"{a.samples:,}", seed=a.seed) if a.samples
            else t("appeal.smaa_none"))
    source = t("appeal.from", path=a.corrections.path)
    return t("appeal.method", method=a.method, smaa=smaa, source=source)


def appeal_table(a: Appeal, lang: str = "en") -> RenderableType:
    t = text(lang)
    parts: list[RenderableType] = [Text(t("appeal.title", region=a.region), style="bold")]
    corr = Table(box=box.SIMPLE_HEAD, show_edge=False, title=t("appeal.corrected"),
                 title_justify="left")
    for col in CORRECTION_HEADER:
        corr.add_column(t.term(col), overflow="fold")
    for row in corrections_rows(a, lang):
        corr.add_row(*row)
    parts.append(corr)
    parts.append(Text(verdict(a, lang), style="bold red" if a.changes else "bold green"))
    parts += [Text(f"  • {statement(c, lang)}") for c in a.changes]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for col in CONCLUSION_HEADER:
        table.add_column(
            t.term(col), justify="left" if col in ("Region",) or "Eligible" in col else "right"
        )
    for row in conclusion_rows(a, lang):
        table.add_row(*row)
    parts.append(table)
    parts.append(Text(method_line(a, lang), style="dim"))
    return Group(*parts)


def appeal_json(a: Appeal) -> str:
    return dumps(a.to_dict())


def appeal_md(a: Appeal, level: int = 1, lang: str = "en") -> str:
    """The appeal as Markdown; ``level`` 2 for a section of the report."""
    from bidtool.render.markdown import escape, table

    t = text(lang)
    h = "#" * level
    out = [f"{h} {t.term(APPEAL_TITLE)}: {escape(a.region)}\n\n",
           f"{h}# {t('appeal.corrected')}\n\n",
           table([t.term(c) for c in CORRECTION_HEADER], corrections_rows(a, lang)),
           f"\n**{escape(verdict(a, lang))}**\n\n"]
    out += [f"- {escape(statement(c, lang))}\n" for c in a.changes]
    out.append("\n" + table([t.term(c) for c in CONCLUSION_HEADER], conclusion_rows(a, lang),
                            ["l", "r", "r", "l", "l", "r", "r"]))
    out.append(f"\n{escape(method_line(a, lang))}\n\n")
    return "".join(out)


def appeal_csv(a: Appeal) -> str:
    """One row per changed conclusion: conclusion, region, before, after, statement."""
    import json

    from bidtool.render.csv import write_rows

    def text(value: object) -> object:
        return value if value is None or isinstance(value, (str, int, float)) else json.dumps(
            value, ensure_ascii=False)

    return write_rows(
        ["appeal_region", "conclusion", "region", "before", "after", "statement"],
        [[a.region, c.conclusion, c.region, text(c.before), text(c.after), c.statement]
         for c in a.changes],
        a.before.ranking.criteria,
    )
