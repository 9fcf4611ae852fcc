"""The metric catalogue ``regions/metrics.yaml`` (DESIGN §2): every metric defined once.

Where a catalogue sits next to the region files, every region metric and every
metric a criterion or constraint reads must be in it, with the catalogue's unit
and kind.  That is what makes "site area" mean the same plot in every region:
the definition is written down once, and a figure in another unit or of another
kind is refused instead of compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bidtool.errors import InputError, Problem
from bidtool.io.schema import MetricsCatalogue, number_hint, validate_document
from bidtool.io.yaml_source import KeyPath, YamlDocument, parse_yaml, read_text
from bidtool.model import Constraint, CriteriaSet, Region
from bidtool.names import category_key, did_you_mean
from bidtool.value_functions import Categorical

CATALOGUE_NAMES = ("metrics.yaml", "metrics.yml")
"""File names in a regions directory that hold the catalogue, not a region."""

NUMERIC_KINDS = ("number", "year")


@dataclass(frozen=True)
class MetricDefinition:
    id: str
    label: str
    label_ko: str | None
    unit: str | None
    kind: str  # number | category | boolean | year
    categories: tuple[str, ...] | None
    definition: str
    line: int | None


@dataclass(frozen=True)
class Catalogue:
    path: str  # as shown to users
    sha256: str
    metrics: dict[str, MetricDefinition]

    def cite(self, name: str) -> str:
        line = self.metrics[name].line
        return f"{self.path}:{line}" if line else self.path


def catalogue_file(regions_dir: Path) -> Path | None:
    """The catalogue beside the region files, if there is one."""
    for name in CATALOGUE_NAMES:
        path = regions_dir / name
        if path.exists() or path.is_symlink():
            return path
    return None


def load_catalogue(path: Path, display: str) -> tuple[Catalogue | None, list[Problem]]:
    """Read and validate the catalogue; problems are returned, not raised."""
    try:
        text, sha = read_text(path, display)
        doc = parse_yaml(text, display)
    except InputError as exc:
        return None, list(exc.problems)
    model, problems = validate_document(doc, MetricsCatalogue)
    problems = [*doc.problems, *problems]
    if model is None:
        return None, problems
    metrics = {
        name: MetricDefinition(
            id=name,
            label=e.label,
            label_ko=e.label_ko,
            unit=e.unit,
            kind=e.kind,
            categories=tuple(e.categories) if e.categories is not None else None,
            definition=e.definition,
            line=doc.line_of(("metrics", name)),
        )
        for name, e in model.metrics.items()
    }
    return Catalogue(display, sha, metrics), problems


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _hint(value: Any, d: MetricDefinition) -> str:
    """How to write a number given as text, for a numeric metric; else empty."""
    return number_hint(value) if d.kind in NUMERIC_KINDS else ""


def kind_problem(value: Any, d: MetricDefinition) -> str | None:
    """Why ``value`` is not a figure of the catalogue's kind, or None."""
    if value is None:
        return None
    if d.kind == "number" and not _is_number(value):
        return f"expected a number ({d.kind})"
    if d.kind == "year" and not (
        _is_number(value) and float(value).is_integer() and 1800 <= value <= 2200
    ):
        return "expected a year (a whole number such as 2027)"
    if d.kind == "boolean" and not isinstance(value, bool):
        return "expected true or false"
    if d.kind == "category":
        cats = d.categories or ()
        if isinstance(value, bool) or category_key(value) not in cats:
            return (
                f"expected one of {', '.join(cats)}"
                + (did_you_mean(value, cats) if isinstance(value, str) else "")
            )
    return None


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def catalogue_problems(
    catalogue: Catalogue,
    criteria: CriteriaSet | None,
    crit_doc: YamlDocument | None,
    regions: Iterable[Region],
    docs: dict[str, YamlDocument],
    leaf_paths: dict[str, KeyPath],
) -> list[Problem]:
    """Every region metric and every metric the criteria read, checked against the catalogue."""
    known = catalogue.metrics
    out: list[Problem] = []

    def unknown(name: str) -> str:
        return (
            f"unknown metric {name!r}: not defined in {catalogue.path}"
            f"{did_you_mean(name, known)}; add it there (label, unit, kind, definition) "
            "or fix the name"
        )

    for region in regions:
        doc = docs[region.path]
        for name, m in region.metrics.items():
            path: KeyPath = ("metrics", name)
            d = known.get(name)
            if d is None:
                out.append(doc.problem(path, unknown(name)))
                continue
            if m.unit is not None and m.unit != d.unit:
                expected = f"{d.unit!r}" if d.unit else "no unit"
                out.append(
                    doc.problem(
                        (*path, "unit"),
                        f"expected {expected} ({catalogue.cite(name)}), got {m.unit!r}",
                    )
                )
            problem = kind_problem(m.value, d)
            if problem:
                out.append(
                    doc.problem(
                        (*path, "value") if (*path, "value") in doc.lines else path,
                        f"{problem} for {name!r} ({catalogue.cite(name)}), got {_shown(m.value)}"
                        f"{_hint(m.value, d)}",
                    )
                )
    if criteria is None or crit_doc is None:
        return out
    for leaf in criteria.leaves:
        c = leaf.criterion
        if c.spatial is not None:
            continue  # computed from geometry; the criteria file defines it
        where = leaf_paths.get(c.id, ("criteria",))
        d = known.get(leaf.metric)
        if d is None:
            out.append(
                crit_doc.problem(
                    (*where, "metric") if (*where, "metric") in crit_doc.lines else (*where, "id"),
                    unknown(leaf.metric),
                )
            )
            continue
        if c.unit is not None and c.unit != d.unit:
            expected = f"{d.unit!r}" if d.unit else "no unit"
            out.append(
                crit_doc.problem(
                    (*where, "unit"),
                    f"expected {expected} for {leaf.metric!r} ({catalogue.cite(leaf.metric)}), "
                    f"got {c.unit!r}",
                )
            )
        vf = c.value_function
        if isinstance(vf, Categorical):
            if d.kind in NUMERIC_KINDS:
                out.append(
                    crit_doc.problem(
                        (*where, "value_function"),
                        f"{leaf.metric!r} is a {d.kind} ({catalogue.cite(leaf.metric)}); "
                        "score it with a linear, piecewise or step value_function",
                    )
                )
            else:
                allowed = ("true", "false") if d.kind == "boolean" else (d.categories or ())
                for key in vf.mapping:
                    if key not in allowed:
                        out.append(
                            crit_doc.problem(
                                (*where, "value_function", "map"),
                                f"{key!r} is not a value of {leaf.metric!r} "
                                f"({catalogue.cite(leaf.metric)}: {', '.join(allowed)})"
                                f"{did_you_mean(key, allowed)}",
                            )
                        )
        elif d.kind not in NUMERIC_KINDS:
            out.append(
                crit_doc.problem(
                    (*where, "value_function") if vf is not None else (*where, "id"),
                    f"{leaf.metric!r} is a {d.kind} ({catalogue.cite(leaf.metric)}); score it "
                    "with a categorical value_function",
                )
            )
    for i, con in enumerate(criteria.constraints):
        if con.spatial is None:
            out.extend(_constraint(catalogue, con, crit_doc, ("constraints", i), unknown))
    return out


def _constraint(
    catalogue: Catalogue, con: Constraint, doc: YamlDocument, path: KeyPath, unknown: Any
) -> list[Problem]:
    d = catalogue.metrics.get(con.metric)
    if d is None:
        return [doc.problem((*path, "metric"), unknown(con.metric))]
    if con.op in (">=", ">", "<=", "<") and d.kind not in NUMERIC_KINDS:
        return [
            doc.problem(
                (*path, "op"),
                f"{con.metric!r} is a {d.kind} ({catalogue.cite(con.metric)}); it can only be "
                "compared with == or !=",
            )
        ]
    if con.op in (">=", ">", "<=", "<") and not _is_number(con.value):
        return []  # the loader already says "expected a number for '>='": one mistake, one problem
    problem = kind_problem(con.value, d)
    if problem:
        return [
            doc.problem(
                (*path, "value"),
                f"{problem} for {con.metric!r} ({catalogue.cite(con.metric)}), got "
                f"{_shown(con.value)}{_hint(con.value, d)}",
            )
        ]
    return []


def prefer(first: list[Problem], then: list[Problem]) -> list[Problem]:
    """``first`` plus those of ``then`` at a place ``first`` has not already reported.

    A wrong unit on a region metric is wrong against the catalogue and against
    the criterion alike; it is reported once, citing the catalogue.
    """
    seen = {(p.file, p.line, p.path) for p in first}
    return first + [p for p in then if (p.file, p.line, p.path) not in seen]
