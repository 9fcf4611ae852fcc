"""Formatting of single values, shared by every text renderer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bidtool.model import CriteriaSet, Metric, status_word

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bidtool.ranking import RegionResult

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


def raw_value(value: Any) -> str:
    """A metric value as a person writes it: 604,997 · 11.9 · yes · operating."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


def plain_value(value: Any) -> str:
    """A metric value for data files: no thousands separators."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def with_unit(value: Any, unit: str | None) -> str:
    text = raw_value(value)
    return f"{text} {unit}" if unit and value is not None else text


def status_mark(metric: Metric) -> str:
    """The status by its word; ``unknown`` for a figure nobody has."""
    return status_word(metric)


def method_label(method: str, weighting: str) -> str:
    """``wsm``, or ``wsm, entropy weights`` when the weights were computed from the data."""
    return method if weighting == "direct" else f"{method}, {weighting} weights"


def weighting_note(crit: CriteriaSet) -> str:
    """One sentence on where the weights came from, or "" for plain direct weights."""
    if crit.weighting != "direct":
        return (
            f"Weights: computed from the data by {crit.weighting} (the file's weights are "
            "not used)."
        )
    parts = [
        f"AHP for {g.label} (CR {g.result.cr:.3f}{'' if g.result.consistent else ' > 0.10!'})"
        for g in crit.ahp
    ]
    roc = crit.levels_weighed_by("roc")
    if roc:
        parts.append(f"rank-order centroid for {', '.join(roc)}")
    return f"Weights: {'; '.join(parts)}; others direct." if parts else ""


UNKNOWN_SCORED = {
    "worst": "scored as worst",
    "mean": "scored as the mean of the known figures",
    "exclude": "the region is excluded",
    "error": "refused",
}


def unknown_scoring(crit: CriteriaSet) -> str:
    """How the file scores an unknown figure: "scored as worst", or per leaf when mixed."""
    policies = sorted({leaf.missing for leaf in crit.leaves})
    if len(policies) == 1:
        return UNKNOWN_SCORED[policies[0]]
    return "scored by each criterion's missing policy (" + ", ".join(policies) + ")"


def unknown_mark(policy: str, anyone_known: bool = True) -> str:
    """What ``--explain`` appends to an unknown value: ``→ worst``, ``→ mean of known``.

    ``missing: mean`` on a leaf where no region's figure is known scores the worst
    (there is no mean), and says so."""
    if policy == "mean" and not anyone_known:
        return " → worst"
    return {"mean": " → mean of known", "exclude": " → excluded"}.get(policy, " → worst")


def anyone_known(rows: Sequence[RegionResult], leaf_id: str) -> bool:
    """Whether some region's figure on ``leaf_id`` is known (the eligible ones, as
    ``missing: mean`` averages them; all regions if none is eligible)."""
    pool = [r for r in rows if r.eligible] or list(rows)
    return any(leaf_id not in r.imputed for r in pool)


def percent(share: float) -> str:
    """A 0–1 share as people read it: 63 %, 100 %."""
    return f"{share:.0%}"



def criteria_line(crit: CriteriaSet) -> str:
    """``Criteria: default (bundled). ILLUSTRATIVE weights … NOT the government's.``"""
    return f"Criteria: {crit.source_label}. {crit.caveat}"


def criteria_note(crit: CriteriaSet) -> str:
    """:func:`criteria_line` with the file's whole description (which holds the caveat)."""
    desc = " ".join((crit.description or "").split())
    body = desc if crit.caveat in desc else " ".join(x for x in (crit.caveat, desc) if x)
    return f"Criteria: {crit.source_label}. {body}"
