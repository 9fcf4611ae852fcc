"""The immutable domain model: regions, criteria, constraints.

Built once by :mod:`bidtool.io.loading` from validated files; everything after
that (matrix, methods, renderers) only reads it.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from bidtool.value_functions import ValueFunction
from bidtool.weighting.ahp import AhpResult

Status = Literal["confirmed", "claimed", "derived", "estimate", "unknown"]
MissingPolicy = Literal["error", "worst", "mean", "exclude"]

STATUS_MARK: dict[str | None, str] = {
    "confirmed": "confirmed",
    "claimed": "claimed",
    "derived": "derived",
    "estimate": "estimate",
    "unknown": "unknown",
    None: "no status",
}
"""Status as outputs show it: by its word, never a letter (a "C" beside an unknown
figure read as "confirmed")."""


def status_word(metric: Metric) -> str:
    """``unknown`` for a figure nobody has, whatever its file says; else its status."""
    if metric.value is None:
        return "unknown"
    return STATUS_MARK.get(metric.status, "no status")


def data_status(metric: Metric) -> str | None:
    """The status data outputs (CSV, JSON) carry: ``unknown`` for a null, else as written."""
    return "unknown" if metric.value is None else metric.status


@dataclass(frozen=True)
class Source:
    """One piece of evidence for a figure; ``url`` is http(s) (checked at load)."""

    title: str
    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class Uncertainty:
    """A distribution for a metric's value (SMAA with data uncertainty)."""

    type: Literal["uniform", "normal", "triangular"]
    low: float | None = None
    high: float | None = None
    mode: float | None = None
    sd: float | None = None


@dataclass(frozen=True)
class ScheduleStep:
    """From ``date`` (``YYYY-MM`` or ``YYYY-MM-DD``) on, the figure is ``value``: a promise
    over time (Gwangju: 40 MW at start, 120 MW at 50,000 GPUs)."""

    date: str
    value: Any
    status: Status
    note: str | None = None
    sources: tuple[Source, ...] = ()
    line: int | None = None

    @property
    def day(self) -> str:
        """The first day the step holds, ``YYYY-MM-DD``."""
        return self.date if len(self.date) == 10 else f"{self.date}-01"


@dataclass(frozen=True)
class Metric:
    """One sourced fact about a region."""

    value: Any
    unit: str | None = None
    source: str | None = None
    url: str | None = None
    as_of: str | None = None
    status: Status | None = None
    note: str | None = None
    line: int | None = None
    uncertainty: Uncertainty | None = None
    sources: tuple[Source, ...] = ()
    range: tuple[float, float] | None = None
    schedule: tuple[ScheduleStep, ...] = ()  # ascending dates; scored with --at DATE

    @property
    def urls(self) -> tuple[str, ...]:
        """Every address given for the figure, primary first."""
        found = [s.url for s in self.sources if s.url] + ([self.url] if self.url else [])
        return tuple(dict.fromkeys(found))

    @property
    def is_missing(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Site:
    name: str | None = None
    location: tuple[float, float] | None = None  # lon, lat (WGS84)
    geometry: Any = None  # a path (relative to the region file), WKT, or a GeoJSON mapping
    crs: str | None = None  # of ``geometry`` when it is not GeoJSON lon/lat
    status: Status | None = None  # how sure the coordinates are
    note: str | None = None


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    name_ko: str | None
    summary: str | None
    site: Site | None
    metrics: Mapping[str, Metric]
    path: str  # as shown to users
    sha256: str
    base_dir: str | None = field(default=None, compare=False)  # resolves site.geometry paths

    @property
    def display_name(self) -> str:
        return f"{self.name} {self.name_ko}" if self.name_ko else self.name

    def metric(self, name: str) -> Metric:
        return self.metrics.get(name, Metric(value=None, note="not in the region file"))


@dataclass(frozen=True)
class Preference:
    """PROMETHEE preference function (usual, u-shape, v-shape, level, linear, gaussian)."""

    type: str
    q: float | None = None
    p: float | None = None
    s: float | None = None


SpatialKind = Literal["area", "distance_to", "count_within", "overlap_fraction", "within_distance"]

LENGTH_UNITS = {"m": 1.0, "km": 1000.0}
AREA_UNITS = {"m2": 1.0, "ha": 1e4, "km2": 1e6}
SHARE_UNITS = {"%": 0.01, "fraction": 1.0}
SPATIAL_UNITS: dict[str, dict[str, float]] = {
    "area": AREA_UNITS,
    "distance_to": LENGTH_UNITS,
    "count_within": LENGTH_UNITS,  # the radius's unit; the value is a count
    "overlap_fraction": SHARE_UNITS,
    "within_distance": LENGTH_UNITS,  # the setback's unit; the value is true/false
}
"""Units each spatial measure accepts, with metres (m², share 0–1) per unit."""


@dataclass(frozen=True)
class LayerSpec:
    """A geographic layer declared in a criteria file (``layers:``)."""

    name: str
    path: str  # on disk
    display: str  # as written, for messages and provenance
    where: str | None = None
    crs: str | None = None  # None: GeoJSON lon/lat (RFC 7946) or CSV lon/lat columns
    wkt: str | None = None  # CSV column holding WKT
    lon: str | None = None  # CSV columns holding lon/lat
    lat: str | None = None
    status: Status | None = None  # how sure the layer's coordinates are
    as_of: str | None = None
    line: int | None = None
    # where the layer is complete: a lon/lat box, or a polygon file (on disk) shown as
    # ``extent_display``; outside it a measure on the layer is unknown, never "nothing there"
    extent: tuple[float, float, float, float] | str | None = None
    extent_display: str | None = None

    def describe(self) -> str:
        return self.display + (f" where {self.where}" if self.where else "")


@dataclass(frozen=True)
class SpatialSpec:
    """A metric computed from site geometry and layers, in ``unit``."""

    kind: SpatialKind
    unit: str
    layers: tuple[str, ...] = ()
    distance: float | None = None  # count_within radius / within_distance setback, in ``unit``

    @property
    def factor(self) -> float:
        """Work-CRS metres (or m², or a 0–1 share) per ``unit``."""
        return SPATIAL_UNITS[self.kind][self.unit]

    @property
    def value_unit(self) -> str | None:
        """The unit of the computed value (``count``; none for true/false)."""
        return {"count_within": "count", "within_distance": None}.get(self.kind, self.unit)

    def describe(self) -> str:
        names = ", ".join(self.layers)
        d = f"{self.distance:g} {self.unit}" if self.distance is not None else ""
        return {
            "area": "area of the site",
            "distance_to": f"distance to the nearest feature of {names}",
            "count_within": f"features of {names} within {d}",
            "overlap_fraction": f"share of the site covered by {names}",
            "within_distance": f"within {d} of {names}",
        }[self.kind]


@dataclass(frozen=True)
class Criterion:
    """A node of the criteria tree: a group (children) or a leaf (metric)."""

    id: str
    label: str
    label_ko: str | None = None
    weight: float = 1.0  # as written, relative to siblings
    children: tuple[Criterion, ...] = ()
    metric: str | None = None
    unit: str | None = None
    direction: int = 1  # +1 benefit, -1 cost
    value_function: ValueFunction | None = None
    preference: Preference | None = None
    missing: MissingPolicy | None = None
    line: int | None = None
    weight_source: str = "direct"  # direct | ahp | roc: how the parent's file set this weight
    weight_range: tuple[float, float] | None = None  # for SMAA --weights ranges
    spatial: SpatialSpec | None = None  # computed from site geometry

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def value_unit(self) -> str | None:
        """The unit values are in (a spatial count's ``unit`` is its radius's)."""
        return self.spatial.value_unit if self.spatial is not None else self.unit


@dataclass(frozen=True)
class Leaf:
    """A leaf criterion with its place in the tree and its global weight."""

    criterion: Criterion
    group: Criterion  # top-level ancestor (itself for a top-level leaf)
    path: tuple[str, ...]
    weight: float  # product of normalised weights along the path; all sum to 1
    missing: MissingPolicy

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def metric(self) -> str:
        return self.criterion.metric or self.criterion.id


COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


@dataclass(frozen=True)
class Constraint:
    """A must-pass rule; a failing region stays listed but is ineligible."""

    metric: str
    op: str
    value: Any
    reason: str | None = None
    if_missing: Literal["fail", "pass"] = "fail"
    line: int | None = None
    spatial: SpatialSpec | None = None  # computed from site geometry

    def describe(self) -> str:
        return f"{self.metric} {self.op} {format_value(self.value)}"

    def check(self, value: Any) -> bool | None:
        """True/False, or None when the value is unknown."""
        if value is None:
            return None
        try:
            return bool(COMPARISONS[self.op](value, self.value))
        except TypeError:
            return False


def format_value(value: Any) -> str:
    """A constraint value or observed value as people write it: 40, 1,000, true."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    if isinstance(value, (int, float)):
        return f"{value:,}"
    return str(value)


@dataclass(frozen=True)
class SwingLevel:
    """A level whose weights are swing weights: the committee's ranking of the swings (worst
    to best figure among the regions) and, optionally, their points (the first 100)."""

    parent: str  # group id, or "" for the top level
    ranking: tuple[str, ...]
    points: tuple[float, ...] | None  # in ranking order; None: rank-order centroids (SMARTER)
    line: int | None = None


@dataclass(frozen=True)
class AhpGroup:
    """AHP judgements that set the weights of one level of the criteria tree."""

    parent: str  # group id, or "" for the top level
    elements: tuple[str, ...]
    result: AhpResult
    path: tuple[str | int, ...]  # key path of the ``ahp:`` mapping
    line: int | None

    @property
    def label(self) -> str:
        return self.parent or "top level"


@dataclass(frozen=True)
class LevelWeighing:
    """A level of the criteria tree whose weights the file sets by AHP judgements, a
    rank-order-centroid ordering or swing weights — as parsed, not yet computed.

    The parser (:mod:`bidtool.io.loading`) records it; the pipeline step
    :func:`bidtool.prepare.weigh_criteria` computes the weights.
    """

    parent: str  # group id, or "" for the top level
    elements: tuple[str, ...]  # the level's criterion ids, in file order
    source: str  # "ahp" | "roc" | "swing"
    path: tuple[str | int, ...]  # key path of the ``ahp:`` / ``roc:`` / ``swing:`` key
    shown: str  # that path as problems show it (with list items' ids)
    line: int | None
    matrix: tuple[tuple[float, ...], ...] = ()  # ahp: reciprocal, 0 = not judged
    order: tuple[str, ...] = ()  # roc, swing: most important first
    points: tuple[float, ...] | None = None  # swing: in ``order``; None = ranking alone


DEFAULT_CAVEAT = (
    "Illustrative weights from this criteria file, not the government's: no official "
    "weighting is implied."
)


@dataclass(frozen=True)
class CriteriaSet:
    name: str
    description: str | None
    method: str
    missing: MissingPolicy
    criteria: tuple[Criterion, ...]
    constraints: tuple[Constraint, ...]
    path: str
    sha256: str
    vikor_v: float = 0.5
    leaves: tuple[Leaf, ...] = field(default=(), compare=False)
    weighting: str = "direct"  # direct | entropy | critic (leaf weights from the data)
    ahp: tuple[AhpGroup, ...] = ()
    swing: tuple[SwingLevel, ...] = ()  # swing-weighted levels, once weighed (prepare)
    layers: tuple[LayerSpec, ...] = ()
    work_crs: str = "EPSG:5179"
    bundled: bool = False  # the copy shipped with bidtool, not a file of the user's
    name_ko: str | None = None  # the file's name in Korean (--lang ko headings)
    milestones: tuple[tuple[str, str], ...] = ()  # (name, YYYY-MM[-DD]) for --at NAME
    cost_to_state: tuple[str, ...] = ()  # top-level groups scoring what an offer costs the state
    value_for_money_note: str | None = None
    weighing: tuple[LevelWeighing, ...] = ()  # AHP/ROC/swing levels still to weigh (prepare)

    @property
    def source_label(self) -> str:
        """How every output names the criteria used: ``default (bundled)``, or the path."""
        if self.bundled:
            return f"{self.path.rsplit('/', 1)[-1].removesuffix('.yaml')} (bundled)"
        return self.path

    @property
    def caveat(self) -> str:
        """The "illustrative, not the government's" caveat every output keeps.

        The first sentence of the file's ``description`` when it says so
        itself (every bundled file does), else :data:`DEFAULT_CAVEAT`.
        """
        text = " ".join((self.description or "").split())
        first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        if re.search(r"illustrative|government|official", first, re.IGNORECASE):
            return first
        return DEFAULT_CAVEAT

    @property
    def spatial_metrics(self) -> dict[str, SpatialSpec]:
        """Metrics computed from geometry, by name (leaves first, then constraints)."""
        out: dict[str, SpatialSpec] = {}
        for leaf in self.leaves:
            if leaf.criterion.spatial is not None:
                out.setdefault(leaf.metric, leaf.criterion.spatial)
        for c in self.constraints:
            if c.spatial is not None:
                out.setdefault(c.metric, c.spatial)
        return out

    def layer(self, name: str) -> LayerSpec:
        return next(layer for layer in self.layers if layer.name == name)

    @staticmethod
    def compute_leaves(
        criteria: tuple[Criterion, ...], default_missing: MissingPolicy
    ) -> tuple[Leaf, ...]:
        """Global leaf weights: the product of per-level normalised weights."""
        out: list[Leaf] = []

        def visit(
            nodes: tuple[Criterion, ...], share: float, top: Criterion | None, path: tuple[str, ...]
        ) -> None:
            total = sum(n.weight for n in nodes)
            for node in nodes:
                w = share * (node.weight / total) if total > 0 else 0.0
                group = top or node
                if node.is_leaf:
                    out.append(
                        Leaf(node, group, (*path, node.id), w, node.missing or default_missing)
                    )
                else:
                    visit(node.children, w, group, (*path, node.id))

        visit(criteria, 1.0, None, ())
        return tuple(out)

    def with_leaf_weights(self, weights: Sequence[float], weighting: str) -> CriteriaSet:
        """The same tree with global leaf weights replaced (objective weighting)."""
        leaves = tuple(
            replace(leaf, weight=float(w)) for leaf, w in zip(self.leaves, weights, strict=True)
        )
        return replace(self, leaves=leaves, weighting=weighting)

    def reweighed(self, weights: Mapping[str, float], source: str | None = None) -> CriteriaSet:
        """The same tree with some nodes' written weights replaced (by criterion id).

        ``source`` relabels where the replaced weights came from (e.g. ``committee``).
        """

        def rebuild(node: Criterion) -> Criterion:
            children = tuple(rebuild(c) for c in node.children)
            if node.id not in weights:
                return replace(node, children=children)
            return replace(
                node,
                weight=float(weights[node.id]),
                children=children,
                weight_source=source or node.weight_source,
            )

        roots = tuple(rebuild(n) for n in self.criteria)
        return replace(self, criteria=roots, leaves=CriteriaSet.compute_leaves(roots, self.missing))

    def levels(self) -> list[tuple[str, tuple[Criterion, ...]]]:
        """Sibling sets whose weights are relative to each other: ("", top level), (group, …)."""
        out: list[tuple[str, tuple[Criterion, ...]]] = [("", self.criteria)]
        out += [(n.id, n.children) for n in self.iter_nodes() if n.children]
        return out

    def group_weight(self, group_id: str) -> float:
        return sum(leaf.weight for leaf in self.leaves if leaf.group.id == group_id)

    def levels_weighed_by(self, source: str) -> list[str]:
        """Levels (a group id, or "top level") whose weights came from ``source`` (ahp, roc)."""
        out = ["top level"] if self.criteria[0].weight_source == source else []
        out += [
            n.id for n in self.iter_nodes() if n.children and n.children[0].weight_source == source
        ]
        return out

    def iter_nodes(self) -> Iterator[Criterion]:
        stack = list(reversed(self.criteria))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    @property
    def groups(self) -> tuple[Criterion, ...]:
        return self.criteria


@dataclass(frozen=True)
class Inputs:
    """Everything a ranking needs, loaded and validated."""

    criteria: CriteriaSet
    regions: tuple[Region, ...]
    warnings: tuple[str, ...] = ()
    scenarios: tuple[Any, ...] = ()  # ScenarioInfo of every scenario applied, in order
    catalogue: tuple[str, str] | None = None  # (path, sha256) of regions/metrics.yaml, if any
    at: str | None = None  # --at: the date (or milestone) scheduled figures are scored at

    @property
    def scenario_label(self) -> str:
        return scenario_label(self.scenarios)


def scenario_label(scenarios: Sequence[Any]) -> str:
    """``""``, or ``scenario: A + B`` for titles."""
    names = [s.name for s in scenarios]
    return f"scenario: {' + '.join(names)}" if names else ""
