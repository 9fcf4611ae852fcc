"""The file formats (DESIGN §2–3) as pydantic models.

These describe what a file may *say*; they are validated against the raw YAML
data, and their errors become :class:`~bidtool.errors.Problem` lines with the
file, line and key path.  Cross-file rules (units, unknown metrics) live in
:mod:`bidtool.io.loading`; the immutable domain objects in :mod:`bidtool.model`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import types
import typing
import urllib.parse
from typing import Annotated, Any, Literal, TypeVar, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bidtool.errors import Problem
from bidtool.io.yaml_source import KeyPath, YamlDocument
from bidtool.names import category_key, did_you_mean

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
Text = Annotated[str, Field(max_length=10_000)]
Number = Annotated[float, Field(allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]

Direction = Literal["benefit", "cost", "max", "min", "+", "-"]
Status = Literal["confirmed", "claimed", "derived", "estimate", "unknown"]
"""How far a figure can be trusted (DESIGN §2): confirmed by the responsible authority or
measured; claimed by the region or bidder; derived by arithmetic; estimated by an analyst;
unknown (no published figure, ``value: null``)."""
MissingPolicy = Literal["error", "worst", "mean", "exclude"]
MethodName = Literal["wsm", "wpm", "topsis", "vikor", "promethee2", "promethee1"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _scalar_value(value: Any) -> Any:
    """Metric values: a finite number, text, true/false, or null."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {value}")
        return float(value) if isinstance(value, float) else value
    raise ValueError(f"expected a number, text, true/false or null, got {type(value).__name__}")


def _as_text(value: Any) -> Any:
    """Dates and year numbers written bare in YAML become text (``2023-11``)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# --------------------------------------------------------------------- regions


class Uncertainty(_Strict):
    """How uncertain a figure is, for SMAA with ``--data-uncertainty``.

    ``uniform {low, high}``, ``normal {sd}`` (around the value, optionally
    truncated to ``low``/``high``), ``triangular {low, mode, high}`` (mode
    defaults to the value).  Bounds are in the metric's own unit.
    """

    type: Literal["uniform", "normal", "triangular"]
    low: Number | None = None
    high: Number | None = None
    mode: Number | None = None
    sd: NonNegative | None = None

    @model_validator(mode="after")
    def _parameters(self) -> Uncertainty:
        needs = {"uniform": ("low", "high"), "normal": ("sd",), "triangular": ("low", "high")}
        lacking = [k for k in needs[self.type] if getattr(self, k) is None]
        if lacking:
            raise ValueError(f"a {self.type} uncertainty needs {' and '.join(lacking)}")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not exceed high ({self.high:g})")
        if self.mode is not None and not (
            (self.low is None or self.low <= self.mode)
            and (self.high is None or self.mode <= self.high)
        ):
            raise ValueError("mode must lie between low and high")
        if self.type == "normal" and self.sd == 0:
            raise ValueError("sd must be > 0 (or drop the uncertainty)")
        return self


def http_url(value: Any) -> Any:
    """An address people can follow: http or https with a host, nothing else.

    Outputs turn these into links, so ``javascript:`` or ``file:`` must never
    get that far.
    """
    if not isinstance(value, str):
        return value
    parts = urllib.parse.urlsplit(value.strip())
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(ch.isspace() or ord(ch) < 32 or ch in '<>"' for ch in value.strip())
    ):
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise ValueError(f"expected an http:// or https:// address, got {shown!r}")
    return value.strip()


Url = Annotated[str, Field(max_length=2_000)]


class SourceIn(_Strict):
    """One piece of evidence for a figure (DESIGN §2); the first is the primary one."""

    title: Text
    publisher: Text | None = None
    url: Url | None = None
    date: Text | None = None
    quote: Text | None = None

    _url = field_validator("url")(classmethod(lambda cls, v: http_url(v)))
    _date = field_validator("date", mode="before")(classmethod(lambda cls, v: _as_text(v)))


DATE_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
"""A month (``2026-01``) or a day (``2026-01-15``): schedule steps and milestones."""


def _date_text(value: Any) -> Any:
    value = _as_text(value)
    if isinstance(value, str) and not re.fullmatch(DATE_PATTERN, value):
        raise ValueError(f"expected a date YYYY-MM or YYYY-MM-DD, got {value!r}")
    return value


def _date_key(text: str) -> str:
    """``2026-01`` → ``2026-01-01``: a month starts on its first day."""
    return text if len(text) == 10 else f"{text}-01"


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


class ScheduleStepIn(_Strict):
    """One step of a promise over time: from ``date`` on, the figure is ``value``."""

    date: Text
    value: Any
    status: Status
    note: Text | None = None
    sources: list[SourceIn] | None = None

    _value = field_validator("value")(classmethod(lambda cls, v: _scalar_value(v)))
    _date = field_validator("date", mode="before")(classmethod(lambda cls, v: _date_text(v)))

    @model_validator(mode="after")
    def _known(self) -> ScheduleStepIn:
        if self.value is None or self.status == "unknown":
            raise ValueError(
                "a schedule step states a figure: give its value and how sure it is "
                "(confirmed, claimed, derived, estimate); leave out steps nobody has published"
            )
        return self


class MetricIn(_Strict):
    value: Any = None
    unit: Text | None = None
    source: Text | None = None
    sources: list[SourceIn] | None = None
    url: Url | None = None
    as_of: Text | None = None
    status: Status | None = None
    range: Annotated[list[Number], Field(min_length=2, max_length=2)] | None = None
    note: Text | None = None
    uncertainty: Uncertainty | None = None
    schedule: Annotated[list[ScheduleStepIn], Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _steps(self) -> MetricIn:
        steps = self.schedule or []
        dates = [_date_key(s.date) for s in steps]
        for i in range(1, len(steps)):
            if dates[i] <= dates[i - 1]:
                raise ValueError(
                    f"schedule dates must ascend: step {i + 1} ({steps[i].date}) is not after "
                    f"step {i} ({steps[i - 1].date})"
                )
        kinds = {_kind_of(s.value) for s in steps}
        if self.value is not None:
            kinds.add(_kind_of(self.value))
        if len(kinds) > 1:
            raise ValueError(
                f"the schedule's values and the metric's value must be of one type, got "
                f"{' and '.join(sorted(kinds))}"
            )
        return self

    @model_validator(mode="after")
    def _evidence(self) -> MetricIn:
        if self.status == "unknown" and self.value is not None:
            raise ValueError(
                f"status unknown means no published figure, but the value is {self.value!r}: "
                "write value: null, or give the figure the status it has"
            )
        if self.range is not None:
            lo, hi = self.range
            if lo > hi:
                raise ValueError(f"range [{lo:g}, {hi:g}]: the low end exceeds the high end")
            if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
                raise ValueError(
                    f"a range needs a numeric value, got {self.value!r}{number_hint(self.value)}"
                )
            if not lo <= self.value <= hi:
                raise ValueError(
                    f"the value {self.value:g} lies outside its range [{lo:g}, {hi:g}]"
                )
            if self.status == "confirmed":
                raise ValueError(
                    "a figure with a range is approximate, an upper bound or conditional, so it "
                    "cannot be confirmed: use claimed (the region's own figure) or estimate"
                )
        return self

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        # `power_available_mw: 120` is allowed in user files (no provenance).
        if isinstance(data, dict):
            if "value" not in data:
                # a deleted `value:` line must not quietly become "unknown"
                raise ValueError("no `value:` here; write `value: null` if unknown")
            return data
        return {"value": data}

    _value = field_validator("value")(classmethod(lambda cls, v: _scalar_value(v)))
    _as_of = field_validator("as_of", mode="before")(classmethod(lambda cls, v: _as_text(v)))
    _url = field_validator("url")(classmethod(lambda cls, v: http_url(v)))


class SiteIn(_Strict):
    name: Text | None = None
    location: Annotated[list[Number], Field(min_length=2, max_length=2)] | None = None
    geometry: Text | dict[str, Any] | None = None  # a file, WKT, or inline GeoJSON
    crs: Text | None = None
    status: Status | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _one_place(self) -> SiteIn:
        if self.location is not None and self.geometry is not None:
            raise ValueError("give either 'location' or 'geometry', not both")
        if self.crs is not None and self.geometry is None:
            raise ValueError("'crs' describes 'geometry'; 'location' is always [lon, lat] WGS84")
        return self

    @field_validator("location")
    @classmethod
    def _lon_lat(cls, v: list[float] | None) -> list[float] | None:
        if v is None:
            return v
        lon, lat = v
        if -90 <= lon <= 90 and 90 < abs(lat) <= 180:
            raise ValueError(f"looks like [lat, lon]; write [lon, lat] (got {list(v)})")
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(
                f"expected [lon, lat] in degrees (WGS84), got {list(v)}; "
                "projected coordinates are not accepted here"
            )
        return v


class RegionFile(_Strict):
    schema_: Literal["bidtool.region/1"] = Field(alias="schema")
    id: Id | None = None
    name: Text
    name_ko: Text | None = None
    site: SiteIn | None = None
    summary: Text | None = None
    metrics: dict[Annotated[str, Field(pattern=ID_PATTERN)], MetricIn]


# ----------------------------------------------------------- metric catalogue

MetricKind = Literal["number", "category", "boolean", "year"]


class CatalogueEntryIn(_Strict):
    """One metric defined once for every region (DESIGN §2)."""

    label: Text
    label_ko: Text | None = None
    unit: Text | None = None
    kind: MetricKind
    categories: Annotated[list[Text], Field(min_length=1)] | None = None
    definition: Annotated[str, Field(min_length=1, max_length=10_000)]

    @field_validator("categories", mode="before")
    @classmethod
    def _text_categories(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [category_key(c) if isinstance(c, (bool, int, float)) else c for c in v]
        return v

    @model_validator(mode="after")
    def _kind_fits(self) -> CatalogueEntryIn:
        if self.kind == "category" and not self.categories:
            raise ValueError("a category metric needs 'categories' (the values it may take)")
        if self.kind != "category" and self.categories is not None:
            raise ValueError(f"'categories' belong to kind: category, not {self.kind}")
        if self.categories is not None and len(set(self.categories)) != len(self.categories):
            raise ValueError("categories must be distinct")
        if self.kind in ("category", "boolean") and self.unit is not None:
            raise ValueError(f"a {self.kind} metric has no unit; remove 'unit'")
        return self


class MetricsCatalogue(_Strict):
    """``regions/metrics.yaml``: what every region metric means."""

    schema_: Literal["bidtool.metrics/1"] = Field(alias="schema")
    name: Text | None = None
    description: Text | None = None
    metrics: Annotated[
        dict[Annotated[str, Field(pattern=ID_PATTERN, max_length=64)], CatalogueEntryIn],
        Field(min_length=1),
    ]


# -------------------------------------------------------------------- criteria


class LinearVF(_Strict):
    """Linear from ``worst`` (utility 0) to ``best`` (utility 1), clipped."""

    type: Literal["linear"]
    worst: Number
    best: Number

    @model_validator(mode="after")
    def _distinct(self) -> LinearVF:
        if self.worst == self.best:
            raise ValueError(f"worst and best must differ (both are {self.worst:g})")
        if not math.isfinite(self.best - self.worst):
            raise ValueError(
                f"the span from worst ({self.worst:g}) to best ({self.best:g}) is too large to "
                "compute with (it overflows float64); use the range a figure can really take"
            )
        return self


Point = Annotated[list[Number], Field(min_length=2, max_length=2)]


def _check_points(points: list[list[float]], what: str) -> list[list[float]]:
    xs = [x for x, _ in points]
    if any(b <= a for a, b in itertools.pairwise(xs)):
        raise ValueError(f"{what} x values must be strictly increasing, got {xs}")
    if any(not math.isfinite(b - a) for a, b in itertools.pairwise(xs)):
        raise ValueError(
            f"{what} x values are too far apart to compute with (the gap overflows float64), "
            f"got {xs}"
        )
    bad = [u for _, u in points if not 0 <= u <= 1]
    if bad:
        raise ValueError(f"{what} utilities must be within [0, 1], got {bad}")
    return points


class PiecewiseVF(_Strict):
    """Linear between ``points`` [[x, u], …]; flat outside them."""

    type: Literal["piecewise"]
    points: Annotated[list[Point], Field(min_length=2)]

    _pts = field_validator("points")(classmethod(lambda cls, v: _check_points(v, "points")))


class StepVF(_Strict):
    """Utility of the highest threshold reached: [[x, u], …]; ``below`` under the first."""

    type: Literal["step"]
    thresholds: Annotated[list[Point], Field(min_length=1)]
    below: Annotated[float, Field(ge=0, le=1)] = 0.0

    _pts = field_validator("thresholds")(classmethod(lambda cls, v: _check_points(v, "thresholds")))


class CategoricalVF(_Strict):
    """A utility per category; keys compare as text (``true``, ``yes``, ``high``)."""

    type: Literal["categorical"]
    map: Annotated[dict[str, Annotated[float, Field(ge=0, le=1)]], Field(min_length=1)]
    default: Annotated[float, Field(ge=0, le=1)] | None = None

    @field_validator("map", mode="before")
    @classmethod
    def _text_keys(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {category_key(k): u for k, u in v.items()}
        return v


ValueFunctionIn = Annotated[
    LinearVF | PiecewiseVF | StepVF | CategoricalVF, Field(discriminator="type")
]


class PreferenceIn(_Strict):
    """PROMETHEE preference function parameters (Brans & Vincke 1985)."""

    type: Literal["usual", "u-shape", "v-shape", "level", "linear", "gaussian"]
    q: NonNegative | None = None
    p: NonNegative | None = None
    s: NonNegative | None = None


class AhpWeightsIn(_Strict):
    """Pairwise judgements over a group's children (or the top-level criteria)."""

    judgements: dict[str, dict[str, Any]] | None = None
    matrix: list[list[Any]] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> AhpWeightsIn:
        if (self.matrix is None) == (self.judgements is None):
            raise ValueError(
                "give either 'judgements' ({a: {b: 3}}) or 'matrix' (rows in child order), "
                "exactly one"
            )
        return self


class SwingIn(_Strict):
    """Swing weights of a level (von Winterfeldt & Edwards 1986; Edwards & Barron 1994).

    ``ranking``: the level's criteria, the swing the committee would make first
    (worst to best figure among the regions) first.  ``points`` (optional):
    each swing scored against the first, which gets 100; without points the
    weights are rank-order centroids (SMARTER).
    """

    ranking: Annotated[list[Id], Field(min_length=1)]
    points: dict[Id, Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]] | None = None

    @model_validator(mode="after")
    def _points_follow_ranking(self) -> SwingIn:
        if self.points is None:
            return self
        extra = [k for k in self.points if k not in self.ranking]
        if extra:
            raise ValueError(
                f"points for {', '.join(repr(k) for k in extra)}, which the ranking does not "
                "list; score exactly the ranked swings"
            )
        missing = [k for k in self.ranking if k not in self.points]
        if missing:
            raise ValueError(
                f"no points for {', '.join(repr(k) for k in missing)}; score every ranked "
                "swing (or drop 'points' to weigh by the ranking alone)"
            )
        first = self.ranking[0]
        if self.points[first] != 100:
            raise ValueError(
                f"the first swing in the ranking ({first!r}) scores 100 and the others are "
                f"scored against it, got {self.points[first]:g}"
            )
        for before, after in zip(self.ranking, self.ranking[1:]):
            if self.points[after] > self.points[before]:
                raise ValueError(
                    f"points contradict the ranking: {after!r} ({self.points[after]:g}) is ranked "
                    f"below {before!r} ({self.points[before]:g}) but scores more; reorder the "
                    "ranking or the points"
                )
        return self


WeightingName = Literal["direct", "entropy", "critic"]

LayerNames = Annotated[list[Id], Field(min_length=1)]


class LayerIn(_Strict):
    path: Text
    where: Text | None = None
    crs: Text | None = None
    wkt: Text | None = None
    lon: Text | None = None
    lat: Text | None = None
    status: Status | None = None
    as_of: Text | None = None
    source: Text | None = None
    note: Text | None = None
    # where the layer is complete: a lon/lat box [min_lon, min_lat, max_lon, max_lat]
    # or a GeoJSON/CSV file of polygons (relative to the criteria file)
    extent: Annotated[list[Number], Field(min_length=4, max_length=4)] | Text | None = None

    _as_of = field_validator("as_of", mode="before")(classmethod(lambda cls, v: _as_text(v)))

    @model_validator(mode="after")
    def _columns(self) -> LayerIn:
        if (self.lon is None) != (self.lat is None):
            raise ValueError("CSV coordinates need both 'lon' and 'lat' column names")
        if self.wkt is not None and self.lon is not None:
            raise ValueError("give either a 'wkt' column or 'lon'/'lat' columns, not both")
        if isinstance(self.extent, list):
            w, s, e, n = self.extent
            if not (-180 <= w < e <= 180 and -90 <= s < n <= 90):
                raise ValueError(
                    "extent: expected [min_lon, min_lat, max_lon, max_lat] in degrees with "
                    f"min < max, got {list(self.extent)}; or give a polygon file"
                )
        return self


class CountWithinIn(_Strict):
    layer: Id | LayerNames
    radius: Annotated[float, Field(gt=0, allow_inf_nan=False)]


class WithinDistanceIn(_Strict):
    layer: Id | LayerNames
    distance: NonNegative


class SpatialIn(_Strict):
    """Exactly one measure computed from the site geometry."""

    area: dict[str, Any] | None = None
    distance_to: Id | LayerNames | None = None
    count_within: CountWithinIn | None = None
    overlap_fraction: Id | LayerNames | None = None
    within_distance: WithinDistanceIn | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> SpatialIn:
        given = [k for k in type(self).model_fields if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "expected exactly one of area, distance_to, count_within, overlap_fraction, "
                f"within_distance; got {', '.join(given) or 'none'}"
            )
        if self.area:
            raise ValueError("'area' takes no options: write area: {}")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in type(self).model_fields if getattr(self, k) is not None)


class CriterionIn(_Strict):
    id: Id
    label: Text | None = None
    label_ko: Text | None = None
    description: Text | None = None
    weight: NonNegative | None = None
    children: list[CriterionIn] | None = None
    metric: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    unit: Text | None = None
    direction: Direction | None = None
    value_function: ValueFunctionIn | None = None
    preference: PreferenceIn | None = None
    missing: MissingPolicy | None = None
    ahp: AhpWeightsIn | None = None
    roc: list[Id] | None = None
    swing: SwingIn | None = None
    weight_range: Annotated[list[NonNegative], Field(min_length=2, max_length=2)] | None = None
    spatial: SpatialIn | None = None

    @model_validator(mode="after")
    def _leaf_or_group(self) -> CriterionIn:
        if self.weight_range is not None:
            lo, hi = self.weight_range
            if lo > hi:
                raise ValueError(f"weight_range [{lo:g}, {hi:g}]: the low end exceeds the high end")
            if self.weight is not None and not lo <= self.weight <= hi:
                raise ValueError(
                    f"weight {self.weight:g} lies outside its weight_range [{lo:g}, {hi:g}]"
                )
        given = [k for k in ("ahp", "roc", "swing") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(
                f"weigh the children one way: {' or '.join(repr(k) for k in given)}, not both"
            )
        if self.children is None and given:
            raise ValueError(
                "'ahp' and 'roc' weigh a group's children (so does 'swing'); "
                "this criterion has none"
            )
        if self.children is not None:
            if not self.children:
                raise ValueError("a group needs at least one child criterion")
            leafy = [
                k
                for k in ("metric", "unit", "direction", "value_function", "preference", "spatial")
                if getattr(self, k) is not None
            ]
            if leafy:
                raise ValueError(
                    f"a group (with children) cannot have {', '.join(leafy)}; "
                    "put them on a leaf criterion"
                )
        elif self.direction is None and self.value_function is None:
            raise ValueError(
                "a leaf criterion needs a direction (benefit | cost) or a value_function"
            )
        return self


class ConstraintIn(_Strict):
    metric: Annotated[str, Field(pattern=ID_PATTERN)]
    op: Literal[">=", ">", "<=", "<", "==", "!="]
    value: Any
    reason: Text | None = None
    if_missing: Literal["fail", "pass"] = "fail"
    spatial: SpatialIn | None = None  # compute the metric from geometry
    unit: Text | None = None  # of a spatial metric

    _value = field_validator("value")(classmethod(lambda cls, v: _scalar_value(v)))


class VikorIn(_Strict):
    v: Annotated[float, Field(ge=0, le=1)] = 0.5


class ValueForMoneyIn(_Strict):
    """``value_for_money:``: which top-level groups score what a region's offer costs the
    state (subsidies, tariff cuts); the report plots benefit against that cost."""

    cost_to_state: Annotated[list[Id], Field(min_length=1)]
    note: Text | None = None  # why these groups are costs to the state


class CriteriaFile(_Strict):
    schema_: Literal["bidtool.criteria/1"] = Field(alias="schema")
    name: Text
    name_ko: Text | None = None
    description: Text | None = None
    method: MethodName = "wsm"
    missing: MissingPolicy = "error"
    criteria: Annotated[list[CriterionIn], Field(min_length=1)]
    constraints: list[ConstraintIn] = []
    vikor: VikorIn | None = None
    weighting: WeightingName = "direct"
    ahp: AhpWeightsIn | None = None
    roc: list[Id] | None = None
    swing: SwingIn | None = None
    layers: dict[Id, LayerIn] = {}
    work_crs: Text = "EPSG:5179"
    milestones: dict[Id, Text] = {}

    _milestones = field_validator("milestones", mode="before")(
        classmethod(lambda cls, v: {k: _date_text(d) for k, d in v.items()} if isinstance(v, dict) else v)
    )
    value_for_money: ValueForMoneyIn | None = None

    @model_validator(mode="after")
    def _one_weighting(self) -> CriteriaFile:
        given = [k for k in ("ahp", "roc", "swing") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(
                "weigh the top-level criteria one way: "
                f"{' or '.join(repr(k) for k in given)}, not both"
            )
        return self


# -------------------------------------------------------------------- scenarios


class ScenarioFile(_Strict):
    """``--scenario FILE``: what-if overrides of region metrics and criterion weights."""

    schema_: Literal["bidtool.scenario/1"] | None = Field(default=None, alias="schema")
    name: Text | None = None
    description: Text | None = None
    regions: dict[Id, dict[Annotated[str, Field(pattern=ID_PATTERN)], MetricIn]] = {}
    weights: dict[Id, NonNegative] = {}

    @model_validator(mode="after")
    def _something(self) -> ScenarioFile:
        if not self.regions and not self.weights:
            raise ValueError("a scenario needs 'regions' (metric overrides) or 'weights'")
        return self


# ------------------------------------------------------- errors → problems

M = TypeVar("M", bound=BaseModel)


def _unwrap(tp: Any) -> Any:
    """Strip Annotated/Optional so we can see the model or container inside."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _allowed_keys(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model found at ``loc`` (for "did you mean")."""
    tp: Any = root
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            fld = tp.model_fields.get(part) if isinstance(part, str) else None
            if fld is None:
                by_alias = {f.alias: f for f in tp.model_fields.values() if f.alias}
                fld = by_alias.get(part) if isinstance(part, str) else None
            if fld is None:
                return []
            tp = fld.annotation
        elif origin is list:
            tp = typing.get_args(tp)[0]
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        elif origin is tuple:
            return []
        elif origin in (Union, types.UnionType):
            members = [_unwrap(a) for a in typing.get_args(tp)]
            for member in members:
                if isinstance(member, type) and issubclass(member, BaseModel):
                    tag = member.model_fields.get("type")
                    if tag is not None and part in typing.get_args(tag.annotation):
                        tp = member
                        break
            else:
                return []
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return sorted((f.alias or name) for name, f in tp.model_fields.items())
    return []


_NUMBER_TEXT = re.compile(r"^\s*([-+]?)(\d{1,3}(?:[,_ ]\d{3})+|\d+)(\.\d+)?\s*([^\d\s,.].*)?$")


_EXPONENT_TEXT = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+\s*$")


def number_in_text(value: Any) -> str | None:
    """``"1,500"`` → ``"1500"``: the number a text value was meant to be, or None."""
    if not isinstance(value, str):
        return None
    if _EXPONENT_TEXT.match(value):
        # YAML 1.1 reads 1e3 and 1.7e308 as text: it wants a dot and a signed exponent
        mantissa, exponent = value.strip().lower().split("e")
        if "." not in mantissa:
            mantissa += ".0"
        sign = "" if exponent[0] in "+-" else "+"
        return f"{mantissa}e{sign}{exponent}"
    if re.match(r"\s*[-+]?0[xXoObB]", value):
        return None  # 0x1F4, 0o777: not "0" followed by a unit
    match = _NUMBER_TEXT.match(value)
    if match is None:
        return None
    sign, whole, frac, _unit = match.groups()
    return sign + (re.sub(r"[,_ ]", "", whole).lstrip("0") or "0") + (frac or "")


def number_hint(value: Any) -> str:
    """``; write 1500: no quotes …`` for a number written as text, else empty."""
    number = number_in_text(value)
    if number is None:
        return ""
    if "e" in number:
        return f"; write {number}: YAML reads an exponent as a number only with a dot and a sign"
    return f"; write {number}: no quotes or thousands separators; the unit goes in `unit:`"


def _choices(expected: str) -> list[str]:
    """``"'benefit', 'cost' or '+'"`` (pydantic's wording) → the choices."""
    return re.findall(r"'((?:[^'\\]|\\.)*)'", expected)


def _describe(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"{shown!r} (text)"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


_EXPECTED = {
    "float_type": "a number",
    "int_type": "a whole number",
    "string_type": "text",
    "bool_type": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "list_type": "a list",
    "tuple_type": "a list",
    "finite_number": "a finite number",
}


def _message(err: Any, root: type[BaseModel], data_path: KeyPath) -> str:
    kind = err["type"]
    got = _describe(err.get("input"))
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        key = str(data_path[-1]) if data_path else ""
        allowed = _allowed_keys(root, tuple(err["loc"][:-1]))
        hint = did_you_mean(key, allowed)
        known = f"; allowed: {', '.join(allowed)}" if allowed and not hint else ""
        return f"unknown key {key!r}{hint}{known}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "?"))
        hint = did_you_mean(str(err.get("input")), _choices(expected))
        return f"expected one of {expected}, got {got}{hint}"
    if kind in _EXPECTED:
        hint = number_hint(err.get("input")) if kind in ("float_type", "int_type") else ""
        return f"expected {_EXPECTED[kind]}, got {got}{hint}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        sign = {
            "greater_than_equal": ">=",
            "greater_than": ">",
            "less_than_equal": "<=",
            "less_than": "<",
        }[kind]
        bound = next(iter(ctx.values()), "?")
        return f"expected a number {sign} {bound}, got {got}"
    if kind == "string_pattern_mismatch":
        return f"expected an id of lowercase letters, digits, '_' or '-', got {got}"
    if kind in ("too_short", "too_long"):
        return f"expected {err['msg'].lower()}, got {got}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        expected = str(ctx.get("expected_tags", "?"))
        tag = ctx.get("tag")
        hint = did_you_mean(str(tag), _choices(expected)) if tag is not None else ""
        shown = _describe(tag) if tag is not None else got
        return f"expected 'type' to be one of {expected}, got {shown}{hint}"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return f"{err['msg']}, got {got}"


def _data_path(data: Any, loc: tuple[Any, ...]) -> KeyPath:
    """Map a pydantic ``loc`` onto the real key path (dropping union tags)."""
    path: list[str | int] = []
    cur = data
    for i, part in enumerate(loc):
        if (isinstance(cur, dict) and part in cur) or (
            isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        ):
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and part == "schema_" and "schema" in cur:
            path.append("schema")
            cur = cur["schema"]
        elif isinstance(part, str) and not isinstance(cur, (dict, list)):
            continue  # a union/tag name pydantic inserted
        elif isinstance(cur, dict) and cur.get("type") == part:
            continue  # the tag of a discriminated union (value_function: {type: linear})
        elif isinstance(cur, dict) and i == len(loc) - 1:
            # a missing key: point at the mapping that lacks it
            name = "schema" if part == "schema_" else part
            path.append(name)
            cur = None
        else:
            continue
    return tuple(path)


def validate_document(doc: YamlDocument, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate ``doc.data`` against ``model``; every error becomes a Problem."""
    if not isinstance(doc.data, dict):
        return None, [
            Problem(
                doc.file,
                doc.line_of(()),
                "",
                f"expected a YAML mapping at the top, got {_describe(doc.data)}",
            )
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            path = _data_path(doc.data, loc)
            line_path = (
                path if path in doc.lines else path[:-1] if err["type"] == "missing" else path
            )
            msg = _message(err, model, path)
            problems.append(Problem(doc.file, doc.line_of(line_path), doc.format(path), msg))
        # a value the YAML layer could not read (and already reported) is one problem, not two
        reported = {(p.line, p.path) for p in doc.problems}
        return None, [p for p in problems if (p.line, p.path) not in reported]


# ------------------------------------------------------------------ AHP file


class MemberFile(_Strict):
    """One committee member's view of a criteria tree (``bidtool committee``)."""

    schema_: Literal["bidtool.member/1"] = Field(alias="schema")
    name: Text
    role: Text | None = None
    weights: dict[Id, NonNegative] = {}  # criterion id -> weight relative to its siblings
    ahp: dict[Annotated[str, Field(max_length=64)], AhpWeightsIn] = {}  # "top" or a group id


class AhpFile(_Strict):
    """``bidtool weights ahp FILE``: a pairwise comparison (issue contract)."""

    schema_: Literal["bidtool.ahp/1"] = Field(alias="schema")
    elements: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)]
    matrix: list[list[Any]] | None = None
    judgements: dict[str, dict[str, Any]] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> AhpFile:
        if (self.matrix is None) == (self.judgements is None):
            raise ValueError("give either 'matrix' or 'judgements' (exactly one)")
        if len(set(self.elements)) != len(self.elements):
            raise ValueError("elements must be distinct")
        return self
