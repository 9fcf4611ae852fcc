"""Find, load and validate criteria and region files into the domain model.

Every problem in every file is collected before anything is raised, so an
analyst fixes a batch of typos in one round, not one per run.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bidtool.errors import InputError, Problem, one_per_place
from bidtool.io.ahp_file import comparison_matrix
from bidtool.io.bundled import bundled_root
from bidtool.io.catalogue import (
    CATALOGUE_NAMES,
    catalogue_file,
    catalogue_problems,
    load_catalogue,
    prefer,
)
from bidtool.io.files import not_regular
from bidtool.io.schema import (
    ID_PATTERN,
    AhpWeightsIn,
    CategoricalVF,
    CriteriaFile,
    CriterionIn,
    LayerIn,
    LinearVF,
    MetricIn,
    PiecewiseVF,
    RegionFile,
    SpatialIn,
    StepVF,
    SwingIn,
    number_hint,
    validate_document,
)
from bidtool.io.where import WhereError, parse_where
from bidtool.io.yaml_source import KeyPath, YamlDocument, parse_yaml, read_text
from bidtool.model import (
    SPATIAL_UNITS,
    Constraint,
    CriteriaSet,
    Criterion,
    Inputs,
    LayerSpec,
    Leaf,
    LevelWeighing,
    Metric,
    Preference,
    Region,
    ScheduleStep,
    Site,
    Source,
    SpatialSpec,
    Uncertainty,
)
from bidtool.names import category_key, did_you_mean
from bidtool.value_functions import Categorical, Linear, Piecewise, Step, ValueFunction

DEFAULT_CRITERIA = "default"
REGION_SUFFIXES = (".yaml", ".yml")
LAYER_SUFFIXES = (".geojson", ".json", ".csv", ".gpkg", ".shp", ".fgb", ".parquet", ".geoparquet")
"""Map layer formats (read by the spatial sources module); a directory of .parquet parts too."""


# ------------------------------------------------------------------ locating


@dataclass(frozen=True)
class Located:
    path: Path
    display: str  # how messages and outputs name it
    bundled: bool


def locate_criteria(arg: str | None, cwd: Path | None = None) -> Located:
    """``-c`` as a path, or a bundled name (``investor``), else the default.

    The current directory's ``criteria/`` wins over the bundled copy (DESIGN §5).
    """
    cwd = cwd or Path.cwd()
    name = arg or DEFAULT_CRITERIA
    if arg is not None and (
        os.path.lexists(arg) or "/" in arg or os.sep in arg or arg.endswith(REGION_SUFFIXES)
    ):
        return Located(Path(arg), arg, bundled=False)
    local = cwd / "criteria" / f"{name}.yaml"
    if os.path.lexists(local):
        # whatever is there (a FIFO, a directory, a dangling link) is read and refused,
        # never silently replaced by the bundled copy
        return Located(local, f"criteria/{name}.yaml", bundled=False)
    shipped = bundled_root() / "criteria" / f"{name}.yaml"
    if shipped.is_file():
        return Located(shipped, f"criteria/{name}.yaml", bundled=True)
    names = sorted(p.stem for p in (bundled_root() / "criteria").glob("*.yaml"))
    raise InputError.single(
        arg or name,
        f"criteria file not found{did_you_mean(name, names)}; bundled: {', '.join(names)}",
    )


def criteria_names(cwd: Path | None = None) -> list[str]:
    """Every criteria file ``validate`` should check: ./criteria/*.yaml, else the bundled."""
    cwd = cwd or Path.cwd()
    local = sorted((cwd / "criteria").glob("*.yaml")) if (cwd / "criteria").is_dir() else []
    if local:
        return [str(p.relative_to(cwd)) for p in local]
    return sorted(p.stem for p in (bundled_root() / "criteria").glob("*.yaml"))


def locate_regions(arg: str | None, cwd: Path | None = None) -> Located:
    cwd = cwd or Path.cwd()
    if arg is not None:
        return Located(Path(arg), arg.rstrip("/") or arg, bundled=False)
    local = cwd / "regions"
    if os.path.lexists(local):
        return Located(local, "regions", bundled=False)
    return Located(bundled_root() / "regions", "regions", bundled=True)


# ------------------------------------------------------------------ parsing


def _read(path: Path, display: str) -> tuple[YamlDocument, str]:
    text, sha = read_text(path, display)
    return parse_yaml(text, display), sha


def _vf(model: Any) -> ValueFunction | None:
    if model is None:
        return None
    if isinstance(model, LinearVF):
        return Linear(model.worst, model.best)
    if isinstance(model, PiecewiseVF):
        return Piecewise(tuple((float(x), float(u)) for x, u in model.points))
    if isinstance(model, StepVF):
        return Step(tuple((float(x), float(u)) for x, u in model.thresholds), model.below)
    if isinstance(model, CategoricalVF):
        return Categorical(dict(model.map), model.default)
    raise TypeError(model)  # pragma: no cover


_DIRECTIONS = {"benefit": 1, "max": 1, "+": 1, "cost": -1, "min": -1, "-": -1}


@dataclass
class _Tree:
    """What building the criteria tree shares across levels."""

    doc: YamlDocument
    problems: list[Problem]
    objective: bool  # weights come from the data: written weights are optional
    seen: dict[str, KeyPath] = field(default_factory=dict)
    weighing: list[LevelWeighing] = field(default_factory=list)
    layers: frozenset[str] = frozenset()


def _level(
    tree: _Tree,
    parent: str,
    nodes: list[CriterionIn],
    ahp: AhpWeightsIn | None,
    roc: list[str] | None,
    owner: KeyPath,
    items: KeyPath,
    swing: SwingIn | None = None,
) -> tuple[Criterion, ...]:
    """One level of siblings: its AHP/ROC/swing weighing (recorded, weighed later), then
    each node.

    ``owner`` is the key path holding the level's ``ahp:``/``roc:``/``swing:`` (a group,
    or the file for the top level); ``items`` the path of the list itself.
    """
    level = (
        _swing_level(parent, nodes, swing, tree.doc, owner, tree.problems)
        if swing is not None
        else _level_weighing(parent, nodes, ahp, roc, tree.doc, owner, tree.problems)
    )
    if level is not None:
        tree.weighing.append(level)
    out = tuple(
        _criterion(tree, c, (*items, i), (1.0, level.source) if level else None)
        for i, c in enumerate(nodes)
    )
    source = "swing" if swing is not None else _source(ahp, roc)
    _check_sibling_weights(nodes, tree.doc, items, tree.problems, source, tree.objective)
    return out


def _criterion(
    tree: _Tree, node: CriterionIn, path: KeyPath, weight: tuple[float, str] | None
) -> Criterion:
    doc, problems, seen = tree.doc, tree.problems, tree.seen
    line = doc.line_of(path)
    if node.id in seen:
        problems.append(
            doc.problem(
                (*path, "id"),
                f"duplicate criterion id {node.id!r} (also at "
                f"{doc.format(seen[node.id])}, line {doc.line_of(seen[node.id])})",
            )
        )
    seen.setdefault(node.id, path)
    children: tuple[Criterion, ...] = ()
    if node.children:
        children = _level(
            tree,
            node.id,
            node.children,
            node.ahp,
            node.roc,
            path,
            (*path, "children"),
            node.swing,
        )
    vf = _vf(node.value_function)
    direction = _DIRECTIONS[node.direction] if node.direction else 1
    if vf is not None and not isinstance(vf, Categorical):
        natural = 1 if vf.increasing else -1
        if node.direction and direction != natural:
            word = "benefit" if direction == 1 else "cost"
            problems.append(
                doc.problem(
                    (*path, "direction"),
                    f"direction {node.direction!r} ({word}) contradicts the value_function, whose "
                    f"utility {'rises' if natural == 1 else 'falls'} with the value",
                )
            )
        direction = natural
    pref = node.preference
    spatial = None
    if node.spatial is not None:
        spatial = _spatial(node.spatial, node.unit, tree.layers, doc, path, problems)
        if node.spatial.kind == "within_distance" and not isinstance(vf, Categorical):
            problems.append(
                doc.problem(
                    (*path, "spatial"),
                    "within_distance is true or false; give the leaf a categorical "
                    "value_function (map: {'true': 0, 'false': 1}) or use it as a constraint",
                )
            )
    if weight is None:
        weight = (float(node.weight) if node.weight is not None else 1.0, "direct")
    return Criterion(
        id=node.id,
        label=node.label or node.id,
        label_ko=node.label_ko,
        weight=weight[0],
        children=children,
        metric=(node.metric or node.id) if not node.children else None,
        unit=node.unit,
        direction=direction,
        value_function=vf,
        preference=Preference(pref.type, pref.q, pref.p, pref.s) if pref else None,
        missing=node.missing,
        line=line,
        weight_source=weight[1],
        weight_range=(node.weight_range[0], node.weight_range[1]) if node.weight_range else None,
        spatial=spatial,
    )


def _spatial(
    spec: SpatialIn,
    unit: str | None,
    layers: frozenset[str],
    doc: YamlDocument,
    path: KeyPath,
    problems: list[Problem],
) -> SpatialSpec | None:
    """A leaf's or constraint's ``spatial:`` block, with its unit and layers checked."""
    kind = spec.kind
    units = SPATIAL_UNITS[kind]
    if unit not in units:
        what = {
            "count_within": " (the radius's unit)",
            "within_distance": " (the setback's unit)",
        }.get(kind, "")
        problems.append(
            doc.problem(
                (*path, "unit") if (*path, "unit") in doc.lines else (*path, "spatial"),
                f"spatial {kind} needs unit{what} one of {', '.join(units)}; got {unit!r}",
            )
        )
        return None
    option = getattr(spec, kind)
    distance = None
    if kind in ("count_within", "within_distance"):
        distance = option.radius if kind == "count_within" else option.distance
        option = option.layer
    names: tuple[str, ...] = (
        () if kind == "area" else ((option,) if isinstance(option, str) else tuple(option))
    )
    ok = True
    for name in names:
        if name not in layers:
            ok = False
            problems.append(
                doc.problem(
                    (*path, "spatial", kind),
                    f"unknown layer {name!r}; declare it under 'layers:' at the top of the file"
                    + (
                        f"{did_you_mean(name, layers)} (declared: {', '.join(sorted(layers))})"
                        if layers
                        else ""
                    ),
                )
            )
    return SpatialSpec(kind, unit, names, distance) if ok else None  # type: ignore[arg-type]


def _layer(
    name: str, spec: LayerIn, doc: YamlDocument, base: Path, problems: list[Problem]
) -> LayerSpec:
    """One ``layers:`` entry: the file must exist and its filter must parse."""
    where: KeyPath = ("layers", name)
    on_disk = base / spec.path
    display = os.path.normpath(str(Path(doc.file).parent / spec.path))
    problem = not_regular(on_disk)
    if problem is not None and on_disk.is_dir() and any(on_disk.glob("*.parquet")):
        problem = None  # a directory of GeoParquet parts
    if problem == "file not found":
        problems.append(
            doc.problem(
                (*where, "path"),
                f"layer file not found: {display} (paths are relative to the criteria file)",
            )
        )
    elif problem is not None:
        problems.append(doc.problem((*where, "path"), f"layer {display}: {problem}"))
    elif on_disk.suffix.lower() not in LAYER_SUFFIXES and not on_disk.is_dir():
        problems.append(
            doc.problem(
                (*where, "path"),
                f"expected a GeoPackage, Shapefile, FlatGeobuf, GeoParquet, GeoJSON or CSV "
                f"layer ({', '.join(LAYER_SUFFIXES)}), got {on_disk.name!r}; convert it "
                "first, e.g. ogr2ogr -f GPKG out.gpkg in.kml",
            )
        )
    if spec.where is not None:
        try:
            parse_where(spec.where)
        except WhereError as exc:
            problems.append(doc.problem((*where, "where"), f"filter {spec.where!r}: {exc}"))
    extent: tuple[float, float, float, float] | str | None = None
    if isinstance(spec.extent, list):
        w, s, e, n = spec.extent
        extent = (w, s, e, n)
    extent_display = None
    if isinstance(spec.extent, str):
        extent = str(base / spec.extent)
        extent_display = os.path.normpath(str(Path(doc.file).parent / spec.extent))
        if not (base / spec.extent).is_file():
            problems.append(
                doc.problem(
                    (*where, "extent"),
                    f"extent file not found: {extent_display} (give a polygon file relative to "
                    "the criteria file, or a box [min_lon, min_lat, max_lon, max_lat])",
                )
            )
    return LayerSpec(
        name=name,
        path=str(on_disk),
        display=display,
        where=spec.where,
        crs=spec.crs,
        wkt=spec.wkt,
        lon=spec.lon,
        lat=spec.lat,
        status=spec.status,
        as_of=spec.as_of,
        line=doc.line_of(where),
        extent=extent,
        extent_display=extent_display,
    )


def _source(ahp: AhpWeightsIn | None, roc: list[str] | None) -> str | None:
    return "ahp" if ahp is not None else "roc" if roc is not None else None


def _ordering_problems(
    ids: list[str], order: list[str], doc: YamlDocument, where: KeyPath, what: str
) -> list[Problem]:
    """An ordering of a level's children must name every child once (``roc:``, ``swing:``)."""
    out = []
    for k, x in enumerate(order):
        if x not in ids:
            out.append(
                doc.problem(
                    (*where, k),
                    f"unknown criterion {x!r} in the {what}; expected one of {', '.join(ids)}"
                    f"{did_you_mean(x, ids)}",
                )
            )
    doubled = sorted({x for x in order if order.count(x) > 1})
    if doubled:
        out.append(doc.problem(where, f"listed more than once: {', '.join(doubled)}"))
    absent = [x for x in ids if x not in order]
    if absent:
        out.append(
            doc.problem(
                where,
                f"the {what} must list every child, most important first; missing: "
                f"{', '.join(absent)}",
            )
        )
    return out


def _swing_level(
    parent: str,
    children: list[CriterionIn],
    swing: SwingIn,
    doc: YamlDocument,
    path: KeyPath,
    problems: list[Problem],
) -> LevelWeighing | None:
    """A ``swing:`` block, parsed and checked: the committee's ranking of the swings and,
    optionally, their points (the weights are computed by the pipeline step
    :func:`bidtool.prepare.weigh_criteria`)."""
    ids = [c.id for c in children]
    where: KeyPath = (*path, "swing")
    found = _ordering_problems(ids, swing.ranking, doc, (*where, "ranking"), "swing ranking")
    if found:
        problems.extend(found)
        return None
    points = tuple(swing.points[c] for c in swing.ranking) if swing.points is not None else None
    if points is not None and not any(points):
        problems.append(
            doc.problem((*where, "points"), "every swing scores 0; the first scores 100")
        )
        return None
    return LevelWeighing(
        parent,
        tuple(ids),
        "swing",
        where,
        doc.format(where),
        doc.line_of(where),
        order=tuple(swing.ranking),
        points=points,
    )


def _level_weighing(
    parent: str,
    children: list[CriterionIn],
    ahp: AhpWeightsIn | None,
    roc: list[str] | None,
    doc: YamlDocument,
    path: KeyPath,
    problems: list[Problem],
) -> LevelWeighing | None:
    """A level's ``roc:`` ordering or ``ahp:`` judgements, parsed and checked (the weights
    are computed by the pipeline step :func:`bidtool.prepare.weigh_criteria`)."""
    ids = [c.id for c in children]
    if roc is not None:
        where: KeyPath = (*path, "roc")
        found = _ordering_problems(ids, roc, doc, where, "ordering")
        if found:
            problems.extend(found)
            return None
        return LevelWeighing(
            parent, tuple(ids), "roc", where, doc.format(where), doc.line_of(where), order=tuple(roc)
        )
    if ahp is None:
        return None
    where = (*path, "ahp")
    matrix, found = comparison_matrix(ids, ahp.matrix, ahp.judgements, doc, where)
    if found:
        problems.extend(found)
        return None
    return LevelWeighing(
        parent,
        tuple(ids),
        "ahp",
        where,
        doc.format(where),
        doc.line_of(where),
        matrix=tuple(tuple(row) for row in matrix),
    )


def _check_sibling_weights(
    nodes: Iterable[CriterionIn],
    doc: YamlDocument,
    path: KeyPath,
    problems: list[Problem],
    derived: str | None = None,
    objective: bool = False,
) -> None:
    nodes = list(nodes)
    if derived:
        for i, n in enumerate(nodes):
            if n.weight is not None:
                problems.append(
                    doc.problem(
                        (*path, i, "weight"),
                        f"criterion {n.id!r} has a weight, but its level is weighed by {derived!r}; "
                        f"remove the weight (or the {derived!r} block)",
                    )
                )
        return
    for i, n in enumerate(nodes):
        if n.weight is None and len(nodes) > 1 and not objective:
            problems.append(
                doc.problem(
                    (*path, i, "id"),
                    f"criterion {n.id!r} needs a weight (relative to its siblings), "
                    "or weigh its level with 'ahp' or 'roc' on the parent",
                )
            )
    weights = [n.weight for n in nodes if n.weight is not None]
    if weights and len(weights) == len(nodes) and sum(weights) <= 0:
        problems.append(doc.problem(path, "all sibling weights are zero; at least one must be > 0"))
    elif not math.isfinite(sum(weights)):
        big = max(range(len(nodes)), key=lambda i: nodes[i].weight or 0.0)
        problems.append(
            doc.problem(
                (*path, big, "weight"),
                f"the weights of this level add up to more than float64 can hold "
                f"({' + '.join(f'{w:g}' for w in weights)}); weights are relative to their "
                "siblings, so write them on a small scale (e.g. 60 and 40)",
            )
        )


def parse_criteria(
    doc: YamlDocument, sha256: str, base_dir: Path | None = None
) -> tuple[CriteriaSet | None, list[Problem]]:
    """Build the criteria tree; ``base_dir`` resolves layer paths (the file's folder)."""
    model, problems = validate_document(doc, CriteriaFile)
    problems = [*doc.problems, *problems]
    if model is None:
        return None, problems
    base = base_dir if base_dir is not None else Path(doc.file).parent
    layers = tuple(_layer(name, spec, doc, base, problems) for name, spec in model.layers.items())
    tree = _Tree(
        doc, problems, objective=model.weighting != "direct", layers=frozenset(model.layers)
    )
    roots = _level(tree, "", model.criteria, model.ahp, model.roc, (), ("criteria",), model.swing)
    constraints = tuple(
        Constraint(
            c.metric,
            c.op,
            c.value,
            c.reason,
            c.if_missing,
            doc.line_of(("constraints", i)),
            _spatial(c.spatial, c.unit, tree.layers, doc, ("constraints", i), problems)
            if c.spatial is not None
            else None,
        )
        for i, c in enumerate(model.constraints)
    )
    for i, c in enumerate(model.constraints):
        if c.unit is not None and c.spatial is None:
            problems.append(
                doc.problem(
                    ("constraints", i, "unit"),
                    "'unit' on a constraint describes a 'spatial' measure; this one has none",
                )
            )
        if c.op in (">=", ">", "<=", "<") and (
            isinstance(c.value, bool) or not isinstance(c.value, (int, float))
        ):
            problems.append(
                doc.problem(
                    ("constraints", i, "value"),
                    f"expected a number for {c.op!r}, got {c.value!r}{number_hint(c.value)}",
                )
            )
    criteria = CriteriaSet(
        name=model.name,
        name_ko=model.name_ko,
        description=model.description,
        method=model.method,
        missing=model.missing,
        criteria=roots,
        constraints=constraints,
        path=doc.file,
        sha256=sha256,
        vikor_v=model.vikor.v if model.vikor else 0.5,
        leaves=CriteriaSet.compute_leaves(roots, model.missing),
        weighting=model.weighting,
        weighing=tuple(tree.weighing),
        layers=layers,
        work_crs=model.work_crs,
        milestones=tuple(model.milestones.items()),
        cost_to_state=_cost_groups(model, roots, doc, problems),
        value_for_money_note=model.value_for_money.note if model.value_for_money else None,
    )
    return criteria, problems


def _ids(nodes: tuple[Criterion, ...]) -> set[str]:
    return {c.id for c in nodes} | {i for c in nodes for i in _ids(c.children)}


def _cost_groups(
    model: CriteriaFile, roots: tuple[Criterion, ...], doc: YamlDocument, problems: list[Problem]
) -> tuple[str, ...]:
    """``value_for_money.cost_to_state``: top-level group ids, each once, not every group."""
    if model.value_for_money is None:
        return ()
    ids = model.value_for_money.cost_to_state
    groups = [c.id for c in roots if c.children]
    kept: list[str] = []
    for i, gid in enumerate(ids):
        path = ("value_for_money", "cost_to_state", i)
        if gid in kept:
            problems.append(doc.problem(path, f"group {gid!r} is listed twice"))
        elif gid not in groups:
            nested = gid in _ids(roots)
            what = "a leaf or a group below the top level" if nested else "no criterion has that id"
            problems.append(
                doc.problem(
                    path,
                    f"expected the id of a top-level group with children "
                    f"({', '.join(groups) or 'none'}), got {gid!r}: {what}"
                    f"{did_you_mean(gid, groups)}; put the state's costs (subsidies, tariff "
                    "cuts) in a group of their own",
                )
            )
        else:
            kept.append(gid)
    if kept and len(kept) == len(groups):
        problems.append(
            doc.problem(
                ("value_for_money", "cost_to_state"),
                "every group is a cost to the state, so nothing is left to count as benefit; "
                "list only the groups that score what an offer costs the state",
            )
        )
    return tuple(kept)


def metric_from(
    m: MetricIn, line: int | None, step_lines: list[int | None] | None = None, **override: Any
) -> Metric:
    u = m.uncertainty
    fields: dict[str, Any] = {
        "value": m.value,
        "unit": m.unit,
        "source": m.source,
        "url": m.url,
        "as_of": m.as_of,
        "status": m.status,
        "note": m.note,
        "line": line,
        "uncertainty": Uncertainty(u.type, u.low, u.high, u.mode, u.sd) if u else None,
        "sources": tuple(
            Source(s.title, s.publisher, s.url, s.date, s.quote) for s in m.sources or ()
        ),
        "range": (m.range[0], m.range[1]) if m.range else None,
        "schedule": tuple(
            ScheduleStep(
                s.date,
                s.value,
                s.status,
                s.note,
                tuple(Source(x.title, x.publisher, x.url, x.date, x.quote) for x in s.sources or ()),
                None if step_lines is None else step_lines[i],
            )
            for i, s in enumerate(m.schedule or ())
        ),
    }
    fields.update(override)
    return Metric(**fields)


def uncertainty_problem(m: MetricIn) -> str | None:
    """An uncertainty that cannot describe this value, or None."""
    u = m.uncertainty
    if u is None:
        return None
    if not _is_number(m.value):
        return f"an uncertainty needs a numeric value, got {m.value!r}"
    if (u.low is not None and m.value < u.low) or (u.high is not None and m.value > u.high):
        lo = "-inf" if u.low is None else f"{u.low:g}"
        hi = "inf" if u.high is None else f"{u.high:g}"
        return f"the value {m.value:g} lies outside its uncertainty range [{lo}, {hi}]"
    return None


def parse_region(
    doc: YamlDocument, sha256: str, stem: str, base_dir: Path | None = None
) -> tuple[Region | None, list[Problem]]:
    model, problems = validate_document(doc, RegionFile)
    problems = [*doc.problems, *problems]
    if model is None:
        return None, problems
    region_id = model.id or stem
    if model.id is not None and model.id != stem:
        problems.append(
            doc.problem(
                ("id",),
                f"id {model.id!r} differs from the file name {stem!r}; a region's id must equal "
                f"its file stem (rename the file to {model.id}.yaml or write id: {stem})",
            )
        )
    elif model.id is None and not re.fullmatch(ID_PATTERN.strip("^$"), stem):
        problems.append(
            doc.problem(
                (),
                f"the file name {stem!r} is not a valid region id (lowercase letters, digits, "
                "'_' or '-'); rename the file",
            )
        )
    metrics = {
        name: metric_from(
            m,
            doc.line_of(("metrics", name)),
            [doc.line_of(("metrics", name, "schedule", i)) for i in range(len(m.schedule or ()))],
        )
        for name, m in model.metrics.items()
    }
    for name, m in model.metrics.items():
        problem = uncertainty_problem(m)
        if problem:
            problems.append(doc.problem(("metrics", name, "uncertainty"), problem))
    site = None
    if model.site is not None:
        s = model.site
        location = (s.location[0], s.location[1]) if s.location else None
        site = Site(s.name, location, s.geometry, s.crs, s.status, s.note)
    region = Region(
        id=region_id,
        name=model.name,
        name_ko=model.name_ko,
        summary=model.summary,
        site=site,
        metrics=metrics,
        path=doc.file,
        sha256=sha256,
        base_dir=str(base_dir) if base_dir is not None else None,
    )
    return region, problems


# ------------------------------------------------------------- cross-checks


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def cross_check(
    criteria: CriteriaSet,
    regions: Iterable[Region],
    docs: dict[str, YamlDocument],
    crit_doc: YamlDocument,
    strict: bool = False,
    defined: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Rules that need both files: known metrics, units, value types, policy.

    Units and kinds of the metrics in ``defined`` (the catalogue's) are checked
    against the catalogue instead, on both sides, so one mistake is one problem.
    Each rule is one function below; this runs them in reading order.
    """
    regions = list(regions)
    known = {name for r in regions for name in r.metrics} | set(criteria.spatial_metrics)
    crit_file = criteria.path
    problems = computed_metric_problems(criteria, regions, docs)
    leaf_paths = _leaf_paths(crit_doc)
    for leaf in criteria.leaves:
        if leaf.criterion.spatial is not None:
            continue  # checked when computed (rank, screen, validate --geometry)
        unknown = unknown_leaf_metric_problem(leaf, known, crit_doc, leaf_paths)
        if unknown is not None:
            problems.append(unknown)
            continue
        for region in regions:
            doc = docs[region.path]
            m = region.metrics.get(leaf.metric)
            if m is None or m.value is None:
                problems.extend(missing_value_problems(leaf, m, doc, crit_file))
                continue
            problems.extend(unit_problems(leaf, m, doc, crit_file, strict, defined))
            problems.extend(value_type_problems(leaf, m, doc, crit_file, defined))
        if leaf.criterion.value_function is None:
            problems.extend(_span_problems(leaf.metric, regions, docs))
    problems.extend(constraint_problems(criteria, regions, docs, crit_doc, known, defined))
    # a region figure wrong for a criterion and for a constraint alike is one problem
    problems = one_per_place(problems)
    if strict:
        problems.extend(strict_evidence_problems(regions, docs))
    return problems


def computed_metric_problems(
    criteria: CriteriaSet, regions: list[Region], docs: dict[str, YamlDocument]
) -> list[Problem]:
    """A region supplies a figure the criteria compute from geometry."""
    computed = criteria.spatial_metrics
    return [
        docs[region.path].problem(
            ("metrics", name),
            f"{name!r} is computed from geometry by {criteria.path} "
            f"({computed[name].describe()}); remove it here or rename the criterion",
        )
        for region in regions
        for name in sorted(computed.keys() & region.metrics.keys())
    ]


def unknown_leaf_metric_problem(
    leaf: Leaf, known: set[str], crit_doc: YamlDocument, leaf_paths: dict[str, KeyPath]
) -> Problem | None:
    """A criterion reads a metric no region file defines."""
    if leaf.metric in known:
        return None
    where = leaf_paths.get(leaf.criterion.id, ("criteria",))
    return crit_doc.problem(
        (*where, "metric") if (*where, "metric") in crit_doc.lines else (*where, "id"),
        f"unknown metric {leaf.metric!r}: no region file defines it"
        f"{did_you_mean(leaf.metric, known)}",
    )


def missing_value_problems(
    leaf: Leaf, m: Metric | None, doc: YamlDocument, crit_file: str
) -> list[Problem]:
    """No value for a criterion whose policy is ``missing: error``."""
    if leaf.missing != "error":
        return []
    return [
        doc.problem(
            ("metrics", leaf.metric) if m is not None else ("metrics",),
            f"no value for {leaf.metric!r}, and {crit_file} says missing: error "
            "(supply the figure, or set missing: worst | mean | exclude)",
        )
    ]


def unit_problems(
    leaf: Leaf,
    m: Metric,
    doc: YamlDocument,
    crit_file: str,
    strict: bool,
    defined: frozenset[str],
) -> list[Problem]:
    """The region's unit differs from the criterion's (or is absent, with --strict)."""
    c = leaf.criterion
    mpath: KeyPath = ("metrics", leaf.metric)
    if leaf.metric not in defined and c.unit and m.unit and m.unit != c.unit:
        return [
            doc.problem(
                (*mpath, "unit"),
                f"expected {c.unit!r} ({crit_file}:{c.line}), got {m.unit!r}",
            )
        ]
    if c.unit and not m.unit and strict:
        return [doc.problem(mpath, f"unit missing; {crit_file}:{c.line} expects {c.unit!r}")]
    return []


def value_type_problems(
    leaf: Leaf, m: Metric, doc: YamlDocument, crit_file: str, defined: frozenset[str]
) -> list[Problem]:
    """The value is not one of the categories, or not a number, the criterion reads."""
    c = leaf.criterion
    mpath: KeyPath = ("metrics", leaf.metric)
    vf = c.value_function
    vpath = (*mpath, "value") if (*mpath, "value") in doc.lines else mpath
    if isinstance(vf, Categorical):
        kinds = {value_kind(k, key=True) for k in vf.mapping}
        if not vf.knows(m.value) or (
            category_key(m.value) not in vf.mapping and value_kind(m.value) not in kinds
        ):
            return [
                doc.problem(
                    vpath,
                    f"expected one of {sorted(vf.mapping)} ({crit_file}:{c.line}), "
                    f"got {_shown(m.value)}{did_you_mean(str(m.value), vf.mapping)}",
                )
            ]
    elif not _is_number(m.value) and leaf.metric not in defined:
        hint = number_hint(m.value)
        return [
            doc.problem(
                vpath,
                f"expected a number for criterion {c.id!r} ({crit_file}:{c.line}), got "
                f"{m.value!r}"
                + (
                    hint
                    or (
                        "; use a categorical value_function for yes/no or category metrics"
                        if not isinstance(m.value, float)
                        else ""
                    )
                ),
            )
        ]
    return []


def constraint_problems(
    criteria: CriteriaSet,
    regions: list[Region],
    docs: dict[str, YamlDocument],
    crit_doc: YamlDocument,
    known: set[str],
    defined: frozenset[str],
) -> list[Problem]:
    """A constraint reads an unknown metric, or compares it with the wrong type."""
    problems: list[Problem] = []
    for i, con in enumerate(criteria.constraints):
        if con.spatial is None and con.metric not in known:
            problems.append(
                crit_doc.problem(
                    ("constraints", i, "metric"),
                    f"unknown metric {con.metric!r}: no region file defines it"
                    f"{did_you_mean(con.metric, known)}",
                )
            )
        if con.spatial is None and con.metric not in defined:
            problems.extend(_constraint_type_problems(con, regions, docs, criteria.path))
    return problems


def strict_evidence_problems(regions: list[Region], docs: dict[str, YamlDocument]) -> list[Problem]:
    """``--strict``: every metric meets the evidence contract; a null says why."""
    problems: list[Problem] = []
    for region in regions:
        doc = docs[region.path]
        for name, m in region.metrics.items():
            path: KeyPath = ("metrics", name)
            problems.extend(evidence_problems(m, doc, path))
            if m.value is None and not m.note:
                problems.append(
                    doc.problem(
                        path, "--strict: a null value needs a note saying why it is unknown"
                    )
                )
    return problems


def evidence_problems(m: Metric, doc: YamlDocument, path: KeyPath) -> list[Problem]:
    """``--strict``: the evidence contract (DESIGN §2) on one metric.

    Every metric has a status; every figure has a source a reader can follow
    (``sources`` with a ``url``); a figure nobody has is ``unknown``, never
    ``confirmed``.
    """
    out = []
    lacks, fixes = [], []
    if m.value is not None and not any(s.url for s in m.sources):
        lacks.append("sources (with a url)")
        fixes.append("sources: [{title, publisher, url, date}]")
    if m.status is None:
        lacks.append("status")
        fixes.append("status: confirmed | claimed | derived | estimate | unknown")
    if lacks:
        out.append(
            doc.problem(
                path,
                f"--strict: provenance missing: {' and '.join(lacks)}; write {'; '.join(fixes)}",
            )
        )
    if m.value is None and m.status not in (None, "unknown"):
        out.append(
            doc.problem(
                (*path, "status"),
                f"--strict: a null figure is unknown, not {m.status}: write status: unknown",
            )
        )
    return out


def value_kind(value: Any, key: bool = False) -> str:
    """What sort of figure a value is: true/false, a number, or text.

    With ``key`` the value is a categorical map key, always text in the file
    (``"true"``, ``"3"``), and is read as what it spells.
    """
    if isinstance(value, bool) or (key and value in ("true", "false")):
        return "true or false"
    if _is_number(value):
        return "a number"
    if isinstance(value, str):
        if key:
            try:
                float(value)
            except ValueError:
                return "text"
            return "a number"
        return "text"
    return type(value).__name__


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _constraint_type_problems(
    con: Constraint, regions: list[Region], docs: dict[str, YamlDocument], crit_file: str
) -> list[Problem]:
    """Region figures a constraint cannot compare: ``maybe`` for a true/false rule.

    Without this a mistyped figure makes the region silently ineligible.
    """
    if con.op in (">=", ">", "<=", "<") and not _is_number(con.value):
        return []  # the constraint's own value is the mistake, reported at the constraint
    want = value_kind(con.value)
    out = []
    for region in regions:
        m = region.metrics.get(con.metric)
        if m is None or m.value is None:
            continue
        got = value_kind(m.value)
        if got == want:
            continue
        doc = docs[region.path]
        mpath: KeyPath = ("metrics", con.metric)
        out.append(
            doc.problem(
                (*mpath, "value") if (*mpath, "value") in doc.lines else mpath,
                f"expected {want} for the constraint {con.describe()} ({crit_file}:{con.line}), "
                f"got {_shown(m.value)}" + (number_hint(m.value) if want == "a number" else ""),
            )
        )
    return out


def _span_problems(
    metric: str, regions: list[Region], docs: dict[str, YamlDocument]
) -> list[Problem]:
    """A column the methods' normalisations (max − min, Σx²) cannot handle in float64."""
    figures = [
        (float(r.metrics[metric].value), r)
        for r in regions
        if metric in r.metrics and _is_number(r.metrics[metric].value)
    ]
    values = [v for v, _ in figures]
    if not values:
        return []
    if math.isfinite(max(values) - min(values)) and math.isfinite(sum(v * v for v in values)):
        return []
    _, region = max(figures, key=lambda f: abs(f[0]))
    doc = docs[region.path]
    mpath: KeyPath = ("metrics", metric)
    return [
        doc.problem(
            (*mpath, "value") if (*mpath, "value") in doc.lines else mpath,
            f"{region.metrics[metric].value:g} is too large to normalise across regions "
            "(the sum of squares overflows float64); check the figure, or give the criterion "
            "a value_function",
        )
    ]


def unused_metric_problems(
    criteria: CriteriaSet, regions: Iterable[Region], docs: dict[str, YamlDocument]
) -> list[Problem]:
    """Region metrics that nothing reads and no other region has: most likely typos.

    ``power_availble_mw`` would otherwise leave ``power_available_mw`` unknown
    without a word, and an unknown figure can change the winner.
    """
    regions = list(regions)
    read = {leaf.metric for leaf in criteria.leaves} | {c.metric for c in criteria.constraints}
    held = Counter(name for r in regions for name in r.metrics)  # linear, not per pair
    out = []
    for region in regions:
        for name in region.metrics:
            if name in read or held[name] > 1:
                continue
            choices = read | {n for n in held if n != name}
            hint = did_you_mean(name, choices)
            out.append(
                docs[region.path].problem(
                    ("metrics", name),
                    f"metric {name!r} is read by no criterion or constraint and no other "
                    f"region has it{hint}"
                    + ("" if hint else "; remove it, or add a criterion that reads it"),
                )
            )
    return out


_CITE = re.compile(r" \(([^()]+:\d+)\)")


def merge_repeated(problems: Iterable[Problem]) -> list[Problem]:
    """One mistake, one line: a region problem found under several criteria files.

    ``validate`` checks the regions once per criteria file, so a wrong unit on
    a metric four files read came out four times, differing only in the
    ``(criteria/x.yaml:12)`` they cite.  Those become one problem citing all.
    """
    groups: dict[tuple[str, int | None, str, str], list[str]] = {}
    for p in problems:
        cites = _CITE.findall(p.message)
        key = (p.file, p.line, p.path, _CITE.sub(" ({})", p.message))
        groups.setdefault(key, [])
        for cite in cites:
            if cite not in groups[key]:
                groups[key].append(cite)
    out = []
    for (file, line, path, template), cites in groups.items():
        message = template.replace("({})", f"({', '.join(cites)})", 1) if cites else template
        out.append(Problem(file, line, path, message))
    return out


def _leaf_paths(doc: YamlDocument) -> dict[str, KeyPath]:
    out: dict[str, KeyPath] = {}

    def visit(nodes: Any, path: KeyPath) -> None:
        if not isinstance(nodes, list):
            return
        for i, node in enumerate(nodes):
            if isinstance(node, dict):
                if isinstance(node.get("id"), str):
                    out.setdefault(node["id"], (*path, i))
                visit(node.get("children"), (*path, i, "children"))

    visit(doc.data.get("criteria") if isinstance(doc.data, dict) else None, ("criteria",))
    return out


def relative_scaling_warning(criteria: CriteriaSet) -> str | None:
    relative = [leaf.id for leaf in criteria.leaves if leaf.criterion.value_function is None]
    if not relative:
        return None
    return (
        f"{len(relative)} criteria have no value_function and are scaled relative to the "
        f"regions being ranked, so adding or removing a region can reorder the others: "
        f"{', '.join(relative)}"
    )


# ------------------------------------------------------------------ entry


@dataclass
class Gathered:
    """Everything the input files say, and every problem found in them (not yet raised,
    so a pipeline step can add its own problems and all are reported at once)."""

    criteria: CriteriaSet | None
    regions: tuple[Region, ...]
    problems: list[Problem]
    read: list[Problem]  # what the YAML layer could not read: preferred over what follows
    warnings: list[str]
    catalogue: tuple[str, str] | None = None

    def inputs(self, more: Iterable[Problem] = ()) -> Inputs:
        """The inputs; :class:`InputError` with these problems and ``more``, if any."""
        problems = [*self.problems, *more]
        if problems:
            # what the YAML layer could not read (012, 1:30) is one problem, not also a
            # wrong type for the criterion or constraint that reads it
            raise InputError(prefer(self.read, problems))
        assert self.criteria is not None
        return Inputs(
            criteria=self.criteria,
            regions=self.regions,
            warnings=tuple(self.warnings),
            catalogue=self.catalogue,
        )


def read_inputs(
    criteria: str | None = None,
    regions: str | None = None,
    strict: bool = False,
    cwd: Path | None = None,
    *,
    criteria_text: tuple[str, Path] | None = None,
) -> Inputs:
    """Read and validate everything; raise :class:`InputError` with *all* problems.

    Nothing is computed here: AHP/ROC/swing weights (:func:`bidtool.prepare.weigh_criteria`)
    and metrics from site geometry (:func:`bidtool.prepare.measure_spatial`) are
    pipeline steps.  ``criteria_text`` — (YAML text, the folder its layer paths are
    relative to) — replaces reading the criteria file (a sealed document); ``criteria``
    then only names it in messages.
    """
    return gather_inputs(criteria, regions, strict, cwd, criteria_text=criteria_text).inputs()


def gather_inputs(
    criteria: str | None = None,
    regions: str | None = None,
    strict: bool = False,
    cwd: Path | None = None,
    *,
    criteria_text: tuple[str, Path] | None = None,
) -> Gathered:
    """Read and validate everything: what the files say and every problem in them."""
    problems: list[Problem] = []
    if criteria_text is not None:
        shown = criteria or "criteria"
        crit_loc = Located(criteria_text[1] / Path(shown).name, shown, bundled=False)
    else:
        crit_loc = locate_criteria(criteria, cwd)
    reg_loc = locate_regions(regions, cwd)

    crit_doc: YamlDocument | None = None
    crit_set: CriteriaSet | None = None
    try:
        if criteria_text is not None:
            text = criteria_text[0]
            crit_doc = parse_yaml(text, crit_loc.display)
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        else:
            crit_doc, sha = _read(crit_loc.path, crit_loc.display)
        crit_set, found = parse_criteria(crit_doc, sha, crit_loc.path.parent)
        crit_set = replace(crit_set, bundled=crit_loc.bundled) if crit_set else None
        problems.extend(found)
    except InputError as exc:
        problems.extend(exc.problems)

    region_list, docs, found = _load_region_dir(reg_loc)
    problems.extend(found)

    unused: list[Problem] = []
    catalogue = None
    cat_path = catalogue_file(reg_loc.path) if reg_loc.path.is_dir() else None
    if cat_path is not None:
        catalogue, found = load_catalogue(cat_path, f"{reg_loc.display}/{cat_path.name}")
        problems.extend(found)
    if crit_set is not None and crit_doc is not None and region_list:
        # cross-file rules run on whatever did parse, so one round shows everything
        crossed = cross_check(
            crit_set,
            region_list,
            docs,
            crit_doc,
            strict,
            frozenset(catalogue.metrics) if catalogue is not None else frozenset(),
        )
        if catalogue is not None:
            defined = catalogue_problems(
                catalogue, crit_set, crit_doc, region_list, docs, _leaf_paths(crit_doc)
            )
            crossed = prefer(defined, crossed)
        elif cat_path is None:
            # without a catalogue, a metric nothing reads and no other region has is a typo
            unused = unused_metric_problems(crit_set, region_list, docs)
            if strict:
                unused_strict = [
                    Problem(p.file, p.line, p.path, f"--strict: {p.message}") for p in unused
                ]
                # a misspelt key (one with a "did you mean") is one problem: its own
                # checks wait for the right name; an extra metric gets both
                typos = [p for p in unused_strict if "(did you mean" in p.message]
                crossed = [*unused_strict, *prefer(typos, crossed)[len(typos) :]]
        problems.extend(crossed)
    elif catalogue is not None and region_list:
        problems.extend(catalogue_problems(catalogue, None, None, region_list, docs, {}))
    read = [p for d in (*docs.values(), *([crit_doc] if crit_doc else [])) for p in d.problems]
    warnings = [
        w for w in [*(str(p) for p in unused), relative_scaling_warning(crit_set)] if w
    ] if crit_set is not None else []
    return Gathered(
        crit_set,
        tuple(region_list),
        problems,
        read,
        warnings,
        (catalogue.path, catalogue.sha256) if catalogue is not None else None,
    )


def load_criteria(criteria: str | None = None, cwd: Path | None = None) -> CriteriaSet:
    """Just the criteria file (for ``bidtool screen``, whose sites are not regions), as
    parsed: AHP/ROC/swing levels are weighed by :func:`bidtool.prepare.load_criteria`."""
    crit, problems = gather_criteria(criteria, cwd)
    if problems:
        raise InputError(problems)
    assert crit is not None
    return crit


def gather_criteria(
    criteria: str | None = None, cwd: Path | None = None
) -> tuple[CriteriaSet | None, list[Problem]]:
    """The criteria file as parsed, and its problems (not raised)."""
    loc = locate_criteria(criteria, cwd)
    doc, sha = _read(loc.path, loc.display)
    crit, problems = parse_criteria(doc, sha, loc.path.parent)
    return (replace(crit, bundled=loc.bundled) if crit else None), problems


def _load_region_dir(loc: Located) -> tuple[list[Region], dict[str, YamlDocument], list[Problem]]:
    problems: list[Problem] = []
    if not loc.path.exists():
        why = not_regular(loc.path)
        what = "regions directory not found" if why == "file not found" else str(why)
        return [], {}, [Problem(loc.display, None, "", what)]
    if not loc.path.is_dir():
        return [], {}, [Problem(loc.display, None, "", "expected a directory of region files")]
    # every *.yaml entry is read: a dangling link, a FIFO or a directory named x.yaml is
    # refused by name, never silently dropped (editor lock links ".#x.yaml" excepted);
    # the metric catalogue (metrics.yaml) is not a region
    files = sorted(
        p
        for p in loc.path.iterdir()
        if p.suffix in REGION_SUFFIXES
        and not (p.name.startswith(".#") and p.is_symlink())
        and p.name not in CATALOGUE_NAMES
    )
    if not files:
        return (
            [],
            {},
            [
                Problem(
                    loc.display,
                    None,
                    "",
                    "no region files (*.yaml) found; expected one file per region",
                )
            ],
        )
    regions: list[Region] = []
    docs: dict[str, YamlDocument] = {}
    ids: dict[str, str] = {}
    for file in files:
        display = f"{loc.display}/{file.name}"
        try:
            doc, sha = _read(file, display)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        region, found = parse_region(doc, sha, file.stem, file.parent)
        problems.extend(found)
        if region is None:
            continue
        if region.id in ids:
            problems.append(
                doc.problem(("id",), f"duplicate region id {region.id!r} (also {ids[region.id]})")
            )
            continue
        ids[region.id] = display
        regions.append(region)
        docs[display] = doc
    return regions, docs, problems


def load_region_dir(regions: str | None = None, cwd: Path | None = None) -> list[Region]:
    """Just the regions (for ``bidtool regions``)."""
    region_list, _, problems = _load_region_dir(locate_regions(regions, cwd))
    if problems:
        raise InputError(problems)
    return region_list
