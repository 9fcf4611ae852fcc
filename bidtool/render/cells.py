"""Formatting of single values, shared by every text renderer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bidtool.documents.csv import plain_value as plain_value
from bidtool.i18n import text
from bidtool.model import CriteriaSet, Metric, status_word

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bidtool.ranking import Ranking, RegionResult

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""Leading characters that make Excel/LibreOffice treat a cell as a formula (OWASP)."""


def neutralise(text: str) -> str:
    """Make a text cell inert in spreadsheets (OWASP CSV injection).

    A leading ``'`` is the documented way to force text in Excel; it is shown
    only in the formula bar.
    """
    if text and text[0] in FORMULA_TRIGGERS:
        return "'" + text
    return text


def number(value: float | None, digits: int = 6) -> str:
    """Fixed-point number; '' for None. ``-0.000000`` is printed as ``0.000000``."""
    if value is None:
        return ""
    out = f"{value:.{digits}f}"
    return out[1:] if out.startswith("-") and float(out) == 0 else out


def raw_value(value: Any, lang: str = "en") -> str:
    """A metric value as a person writes it: 604,997 · 11.9 · yes · operating."""
    if value is None:
        return text(lang)("cell.unknown")
    if isinstance(value, bool):
        return text(lang)("cell.yes" if value else "cell.no")
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


def with_unit(value: Any, unit: str | None, lang: str = "en") -> str:
    shown = raw_value(value, lang)
    return f"{shown} {unit}" if unit and value is not None else shown


def status_mark(metric: Metric, lang: str = "en") -> str:
    """The status by its word; ``unknown`` for a figure nobody has."""
    return text(lang).term(status_word(metric))


def method_label(method: str, weighting: str, lang: str = "en") -> str:
    """``wsm``, or ``wsm, entropy weights`` when the weights were computed from the data."""
    if weighting == "direct":
        return method
    return text(lang)("cell.method_weighting", method=method, weighting=weighting)


def weighting_note(crit: CriteriaSet, lang: str = "en") -> str:
    """One sentence on where the weights came from, or "" for plain direct weights."""
    t = text(lang)
    if crit.weighting != "direct":
        return t("cell.weights_from_data", weighting=crit.weighting)
    parts = [
        t(
            "cell.weights_ahp",
            group=g.label,
            cr=f"{g.result.cr:.3f}",
            flag="" if g.result.consistent else " > 0.10!",
        )
        for g in crit.ahp
    ]
    roc = crit.levels_weighed_by("roc")
    if roc:
        parts.append(t("cell.weights_roc", levels=", ".join(roc)))
    return t("cell.weights_note", parts="; ".join(parts)) if parts else ""


UNKNOWN_SCORED = {
    "worst": "cell.unknown_scored.worst",
    "mean": "cell.unknown_scored.mean",
    "exclude": "cell.unknown_scored.exclude",
    "error": "cell.unknown_scored.error",
}
"""Catalogue keys: how each ``missing:`` policy scores an unknown figure."""


def unknown_scoring(crit: CriteriaSet, lang: str = "en") -> str:
    """How the file scores an unknown figure: "scored as worst", or per leaf when mixed."""
    t = text(lang)
    policies = sorted({leaf.missing for leaf in crit.leaves})
    if len(policies) == 1:
        return t(UNKNOWN_SCORED[policies[0]])
    return t("cell.unknown_scored.mixed", policies=", ".join(t.term(p) for p in policies))


def unknown_mark(policy: str, anyone_known: bool = True, lang: str = "en") -> str:
    """What ``--explain`` appends to an unknown value: ``→ worst``, ``→ mean of known``.

    ``missing: mean`` on a leaf where no region's figure is known scores the worst
    (there is no mean), and says so."""
    t = text(lang)
    if policy == "mean" and not anyone_known:
        return t("cell.mark.worst")
    key = {"mean": "cell.mark.mean", "exclude": "cell.mark.excluded"}.get(policy, "cell.mark.worst")
    return t(key)


def anyone_known(rows: Sequence[RegionResult], leaf_id: str) -> bool:
    """Whether some region's figure on ``leaf_id`` is known (the eligible ones, as
    ``missing: mean`` averages them; all regions if none is eligible)."""
    pool = [r for r in rows if r.eligible] or list(rows)
    return any(leaf_id not in r.imputed for r in pool)


VALUE_UNKNOWN = " (value unknown)"
"""How the ranking marks a constraint that passes only because its figure is unknown."""


def constraints(items: Sequence[str], lang: str = "en") -> str:
    """Failed or unverified constraints, ``; ``-joined, their fixed words in ``lang``."""
    t = text(lang)
    return "; ".join(
        c.removesuffix(VALUE_UNKNOWN) + t("cell.value_unknown") if c.endswith(VALUE_UNKNOWN) else c
        for c in items
    )


def dominators(row: RegionResult, lang: str = "en") -> str:
    """Who dominates a region: ids, ``*`` on one that holds only as scored (it rests on
    an unknown figure scored by the ``missing`` policy); '' when nobody does."""
    certain = set(row.dominated_by_certain)
    shown = [i if i in certain else f"{i}*" for i in row.dominated_by[:DOMINATORS_SHOWN]]
    more = len(row.dominated_by) - DOMINATORS_SHOWN
    return ", ".join(shown) + (text(lang)("rank.dominators_more", n=more) if more > 0 else "")


DOMINATORS_SHOWN = 5
"""The table and Markdown name this many dominators (best-ranked first); JSON and CSV all."""


def percent(share: float) -> str:
    """A 0–1 share as people read it: 63 %, 100 %."""
    return f"{share:.0%}"


def source_label(crit: CriteriaSet, lang: str = "en") -> str:
    """``default (bundled)`` / ``default (번들)``, or the file's path."""
    if lang == "en" or not crit.bundled:
        return crit.source_label
    name = crit.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    return text(lang)("cell.bundled", name=name)


def criteria_line(crit: CriteriaSet, lang: str = "en") -> str:
    """``Criteria: default (bundled). ILLUSTRATIVE weights … NOT the government's.``

    In Korean the caveat is said in Korean first; the file's own words follow (data)."""
    t = text(lang)
    caveat = f"{t('cell.caveat')} {crit.caveat}" if t.ko else crit.caveat
    return t("cell.criteria", source=source_label(crit, lang), body=caveat)


def criteria_note(crit: CriteriaSet, lang: str = "en") -> str:
    """:func:`criteria_line` with the file's whole description (which holds the caveat)."""
    t = text(lang)
    desc = " ".join((crit.description or "").split())
    body = desc if crit.caveat in desc else " ".join(x for x in (crit.caveat, desc) if x)
    if t.ko:
        body = f"{t('cell.caveat')} {body}"
    return t("cell.criteria", source=source_label(crit, lang), body=body)


def incomparable_with(ranking: Ranking, region_id: str, lang: str = "en") -> str:
    """The regions a partial-order method (PROMETHEE I) cannot compare with ``region_id``,
    by name in the reader's language."""
    po = ranking.partial_order
    if po is None or region_id not in po.ids:
        return ""
    t = text(lang)
    rows = {r.id: r for r in ranking.rows}
    return ", ".join(t.name(rows[i].name, rows[i].name_ko) for i in po.incomparable_with(region_id))


def partial_order_note(ranking: Ranking, lang: str = "en") -> str:
    """How to read the ranks of a partial order (empty for a complete ranking)."""
    po = ranking.partial_order
    if po is None:
        return ""
    pairs = sum(1 for _, _, r in po.pairs() if r == "R")
    return text(lang)("rank.partial_order", method=po.method, pairs=pairs)
