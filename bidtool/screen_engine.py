"""Screening in chunks: the one chunk function every engine runs.

Contract (kept by ``--engine local`` here and by any other engine, e.g. Dask)::

    specs   = plan_chunks(source, chunk_size, encoding=None)       # list[ChunkSpec]
    context = prepare(criteria, id_field="id", strict=False,
                      skip_unlocated=False, keep_geometry=False)    # ScreenContext
    parts   = [measure_chunk(spec, context) for spec in specs]      # list[ChunkMeasures]
    result  = finish(parts, context, method=None, vikor_v=None)     # Screened

* :class:`ChunkSpec` is small and picklable: one part file, a row range, and the
  chunk's ``index`` in the source.  ``plan_chunks`` reads only metadata (row
  counts) for GDAL and GeoParquet sources; CSV and small GeoJSON are read (and
  fully checked) by bidtool's own reader while planning, so their problems
  are raised there.
* :class:`ScreenContext` is picklable: the criteria, the work CRS and the
  loaded layers (their STRtrees are rebuilt lazily in each process).  Build
  it once with :func:`prepare` and ship it to every worker once.
* :func:`measure_chunk` is pure: the same spec and context give the same
  measures, in any process, in any order.  It reads its rows, checks and
  projects the geometries and measures every spatial metric, keeping only
  per-candidate ids, names and raw metric columns (numpy arrays) — never a
  geometry, unless ``keep_geometry`` asks for WGS84 WKB (for map outputs).
  It never raises for a problem in the data: problems are carried in the
  measures, so that :func:`finish` reports exactly what an all-in-memory run
  reports, whatever the chunking.
* :func:`finish` takes the measures of *every* chunk (any order; they are sorted
  by ``index``), raises :class:`~bidtool.errors.InputError` with the problems,
  else scores and ranks globally through the single scoring path
  (``matrix_from_columns``, ``eligibility_of_columns``, ``ranking.score``,
  ``competition_ranks``): the result is identical to screening all candidates
  at once, byte for byte in every output.

:func:`screen_source` is the local engine: it streams each part sequentially
(:func:`bidtool.spatial.sources.stream_blocks`), so peak memory is one chunk plus
the layers plus the per-candidate measures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bidtool.errors import InputError, Problem
from bidtool.matrix import matrix_from_columns
from bidtool.model import CriteriaSet, format_value
from bidtool.ranking import competition_ranks, eligibility_of_columns, resolve_method, score
from bidtool.spatial.sources import Block, Part, open_source, read_block, stream_blocks
from bidtool.value_functions import Categorical

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from bidtool.matrix import DecisionMatrix
    from bidtool.screen_spill import Ranked, Spill
    from bidtool.screening import Screened
    from bidtool.spatial.features import Features
    from bidtool.spatial.layers import Layer

DEFAULT_CHUNK_SIZE = 50_000
MAX_REPORTED = 5
CAP = 3 * MAX_REPORTED  # problems listed before "… and N more problems like these"

# problem stages: an all-in-memory run stops at the first stage with problems
PROPERTY, BUILD, NONFINITE, LONLAT, INVALID, UNLOCATED, EMPTY, IDS, VALUES = range(9)


@dataclass(frozen=True)
class ChunkSpec:
    """Rows ``start``–``stop`` of one part of the source; ``index`` orders chunks."""

    part: Part
    start: int
    stop: int
    index: int
    source: str  # the source as the user named it


@dataclass
class ScreenContext:
    """Everything a chunk needs besides its rows (picklable)."""

    criteria: CriteriaSet
    crs: str
    layers: dict[str, Layer]
    layer_warnings: list[str]
    id_field: str = "id"
    strict: bool = False
    skip_unlocated: bool = False
    keep_geometry: bool = False

    @property
    def property_metrics(self) -> list[str]:
        """Metrics read from the candidates' own properties, in the order they are checked."""
        spatial = self.criteria.spatial_metrics
        out: list[str] = []
        for name in [leaf.metric for leaf in self.criteria.leaves] + [
            c.metric for c in self.criteria.constraints
        ]:
            if name not in spatial and name not in out:
                out.append(name)
        return out

    @property
    def columns(self) -> list[str]:
        return list(dict.fromkeys([self.id_field, "name", *self.property_metrics]))


@dataclass
class Group:
    """One kind of problem over many features: the first few named, the rest counted."""

    stage: int
    message: str
    items: list[tuple[str, str, str]]  # (file, label, message)
    count: int
    lonlat: bool = False


@dataclass
class ChunkMeasures:
    """What a chunk leaves behind: per-candidate ids, names and metric columns."""

    index: int
    display: str
    template: str
    rows: NDArray[np.int64]
    ids: list[str]  # "" where the candidate has no id
    names: list[str | None]
    values: dict[str, Any]  # spatial metric: float64 array (NaN unknown); property: list
    wkb: NDArray[np.object_] | None = None  # WGS84, with keep_geometry
    labels: list[str] | None = None  # the reader's labels (text sources)
    groups: list[Group] = field(default_factory=list)
    problems: list[tuple[tuple[int, int, int], Problem]] = field(default_factory=list)
    problem_count: int = 0
    repaired: list[str] = field(default_factory=list)  # "label (reason)", first few
    repaired_count: int = 0
    unlocated: list[tuple[str, str]] = field(default_factory=list)  # (file, label), first few
    unlocated_count: int = 0
    warnings: list[str] = field(default_factory=list)
    count: int | None = None  # rows, once the columns are spilled (bidtool.screen_spill)
    empty_ids: int = 0  # candidates without an id, once spilled

    def label(self, k: int) -> str:
        if self.labels is not None:
            return self.labels[k].removesuffix(".geometry")
        return self.template.format(int(self.rows[k]))

    def __len__(self) -> int:
        return len(self.ids) if self.count is None else self.count


# ------------------------------------------------------------------ planning


def plan_chunks(
    source: Path | str,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    display: str | None = None,
    strict: bool = False,
) -> list[ChunkSpec]:
    """The chunks of a candidates source, at most ``chunk_size`` rows each, in order."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    shown = display or str(source)
    parts = open_source(Path(source), shown, encoding, strict=strict)
    specs: list[ChunkSpec] = []
    for part in parts:
        for start in range(0, max(part.rows, 1), chunk_size):
            stop = min(start + chunk_size, part.rows)
            specs.append(ChunkSpec(part, start, stop, len(specs), shown))
    return specs


def prepare(
    criteria: CriteriaSet,
    id_field: str = "id",
    strict: bool = False,
    skip_unlocated: bool = False,
    keep_geometry: bool = False,
) -> ScreenContext:
    """Load and check the layers once; the context every chunk is measured with."""
    from bidtool.spatial.layers import load_layers

    crs, layers, warnings = load_layers(criteria, strict)
    return ScreenContext(
        criteria, crs, layers, warnings, id_field, strict, skip_unlocated, keep_geometry
    )


# ------------------------------------------------------------------ checking


def _number_problem(value: Any) -> str | None:
    if type(value) is float and not math.isfinite(value):
        from bidtool.spatial.features import number_problem

        return number_problem(value)
    return None


def check_block(
    block: Block, part: Part, strict: bool
) -> tuple[NDArray[np.object_], NDArray[np.bool_], list[Group], list[str], int]:
    """Build and check a block's WKB like :func:`bidtool.spatial.features.check_features`.

    Returns the geometries of the located rows, the located mask, the problem
    groups, and the repaired features (first few, and how many).
    """
    import shapely

    from bidtool.spatial.crs import parse_crs
    from bidtool.spatial.features import _lonlat_problem, _make_valid
    from bidtool.spatial.sources import MAX_FEATURE_BYTES

    display = part.display
    wkb = block.geoms
    groups: dict[tuple[int, str], Group] = {}

    def add(stage: int, message: str, label: str, shown: str | None = None) -> None:
        g = groups.setdefault((stage, message), Group(stage, message, [], 0))
        if len(g.items) < MAX_REPORTED:
            g.items.append((display, label, shown or message))
        g.count += 1

    def label(i: int) -> str:
        return part.template.format(int(block.rows[i]))

    for name, rows in block.nonfinite.items():
        for k in rows:
            bad = _number_problem(block.columns[name][k])
            if bad:
                add(PROPERTY, f"{name}: {bad}", f"{label(int(k))}.{name}", bad)
    located = np.asarray([g is not None for g in wkb], dtype=bool)
    idx = np.flatnonzero(located)
    sizes = np.fromiter((len(wkb[i]) for i in idx), dtype=np.int64, count=len(idx))
    big = sizes > MAX_FEATURE_BYTES
    for i in idx[big]:
        add(BUILD, f"geometry is over {MAX_FEATURE_BYTES // 1_048_576} MiB of WKB: not a "
            "parcel or hazard polygon; split or simplify it", label(int(i)))
    ok = idx[~big]
    geoms = np.empty(len(wkb), dtype=object)
    if len(ok):
        import warnings

        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)  # problems are ours to report
            geoms[ok] = shapely.from_wkb(wkb[ok], on_invalid="ignore")
    missing = located & shapely.is_missing(geoms)
    missing[idx[big]] = False
    for i in np.flatnonzero(missing):
        add(BUILD, "geometry could not be built", label(int(i)))
    empty = located & ~shapely.is_missing(geoms) & shapely.is_empty(geoms)
    for i in np.flatnonzero(empty):
        add(BUILD, "empty geometry: nothing to measure", label(int(i)))
    if any(g.stage <= BUILD for g in groups.values()):
        return geoms[located], located, list(groups.values()), [], 0
    present = geoms[located]
    where_located = np.flatnonzero(located)

    def plabel(i: int) -> str:
        return label(int(where_located[i]))

    coords, owner = shapely.get_coordinates(present, return_index=True)
    for i in np.unique(owner[~np.isfinite(coords).all(axis=1)]):
        add(NONFINITE, "a coordinate is NaN or infinite: every position needs two finite numbers",
            plabel(int(i)))
    if groups:
        return present, located, list(groups.values()), [], 0
    if parse_crs(block.crs).is_geographic and len(present):
        bounds = shapely.bounds(present)
        bad = (np.abs(bounds[:, [0, 2]]) > 180).any(axis=1) | (
            np.abs(bounds[:, [1, 3]]) > 90
        ).any(axis=1)
        if bad.any():
            g = Group(LONLAT, "lonlat", [], 0, lonlat=True)
            for i in np.flatnonzero(bad)[:MAX_REPORTED]:
                g.items.append((display, plabel(int(i)), _lonlat_problem(bounds[i]) or ""))
            g.count = int(bad.sum())
            return present, located, [g], [], 0
    invalid = ~shapely.is_valid(present)
    repaired: list[str] = []
    if invalid.any():
        reasons = [str(r).replace("[", " at [", 1) for r in shapely.is_valid_reason(present[invalid])]
        where = np.flatnonzero(invalid)
        if strict:
            for i, reason in zip(where, reasons):
                add(INVALID, f"invalid geometry ({reason}); --strict does not repair",
                    plabel(int(i)))
            return present, located, list(groups.values()), [], 0
        present = present.copy()
        present[invalid] = _make_valid(present[invalid])
        repaired = [f"{plabel(int(i))} ({r})" for i, r in zip(where[:MAX_REPORTED], reasons)]
    return present, located, [], repaired, int(invalid.sum())


# ------------------------------------------------------------------ measuring


def measure_chunk(spec: ChunkSpec, context: ScreenContext) -> ChunkMeasures:
    """Read, check, project and measure one chunk (pure; see the module docstring)."""
    block = read_block(spec.part, spec.start, spec.stop, context.columns, context.strict)
    return measure_block(block, spec.part, spec.index, context)


def measure_block(block: Block, part: Part, index: int, context: ScreenContext) -> ChunkMeasures:
    """:func:`measure_chunk` on rows already read (the local engine streams them)."""
    from bidtool.spatial.crs import WGS84, transform
    from bidtool.spatial.measures import measure

    out = ChunkMeasures(index, part.display, part.template, block.rows, [], [], {})
    if block.checked:
        geoms, located = block.geoms, np.ones(len(block.geoms), dtype=bool)
        out.labels = block.labels
        out.warnings = block.warnings
        out.unlocated = [(part.display, label) for label in block.unlocated[:CAP]]
        out.unlocated_count = len(block.unlocated)
    else:
        geoms, located, out.groups, out.repaired, out.repaired_count = check_block(
            block, part, context.strict
        )
        where = np.flatnonzero(~located)
        suffix = ".geometry" if part.template.startswith("features[") else ""
        out.unlocated = [
            (part.display, part.template.format(int(block.rows[i])) + suffix) for i in where[:CAP]
        ]
        out.unlocated_count = len(where)
        block = _located(block, located)
        out.rows = block.rows
    refused = out.groups or (out.unlocated_count and not context.skip_unlocated)
    columns = block.columns
    out.ids = [_id_text(v) for v in columns[context.id_field]]
    out.names = [None if v is None or v == "" else str(v) for v in columns["name"]]
    if refused:
        return out
    criteria = context.criteria
    crs = context.crs
    sites = transform(geoms, block.crs, crs)
    memo: dict[str, Any] = {}  # centroids and scale factors, once for every measure
    for name, sspec in criteria.spatial_metrics.items():
        out.values[name] = (
            measure(sspec, sites, context.layers, crs, names=False, memo=memo).values
            if len(sites)
            else np.empty(0)
        )
    leaf_of = {leaf.metric: leaf for leaf in criteria.leaves}
    for j, name in enumerate(context.property_metrics):
        values = list(columns[name])
        out.values[name] = values
        leaf = leaf_of.get(name)
        if leaf is None:
            continue
        vf = leaf.criterion.value_function
        for k, v in enumerate(values):
            if v is None:
                continue
            if isinstance(vf, Categorical):
                good, want = vf.knows(v), f"one of {sorted(vf.mapping)}"
            else:
                good = isinstance(v, (int, float)) and not isinstance(v, bool)
                want = "a number"
            if not good:
                _problem(out, (0, j, k), Problem(
                    part.display, None, f"{out.label(k)}.{name}",
                    f"expected {want} for criterion {leaf.id!r}, got {v!r}",
                ))
    for j, leaf in enumerate(criteria.leaves):
        if leaf.missing != "error":
            continue
        column = out.values[leaf.metric]
        absent: list[int] = (
            np.flatnonzero(np.isnan(column)).tolist() if isinstance(column, np.ndarray)
            else [k for k, v in enumerate(column) if v is None]
        )
        for k in absent:
            _problem(out, (1, j, int(k)), Problem(
                part.display, None, out.label(int(k)),
                f"no value for {leaf.metric!r}, and {criteria.path} says missing: error",
            ))
    if context.keep_geometry:
        import shapely

        out.wkb = np.asarray(shapely.to_wkb(transform(geoms, block.crs, WGS84)), dtype=object)
    return out


def _problem(out: ChunkMeasures, key: tuple[int, int, int], problem: Problem) -> None:
    out.problem_count += 1
    out.problems.append((key, problem))
    if len(out.problems) > 4 * CAP:  # keep the first CAP in (key) order
        out.problems.sort(key=lambda kp: kp[0])
        del out.problems[CAP:]


def _id_text(v: Any) -> str:
    if v is None or v == "":
        return ""
    return format_value(v) if isinstance(v, float) else str(v)


def _located(block: Block, keep: NDArray[np.bool_]) -> Block:
    if keep.all():
        return block
    idx = np.flatnonzero(keep)
    return Block(
        block.geoms[idx],
        {k: [v[i] for i in idx] for k, v in block.columns.items()},
        block.rows[idx],
        block.crs,
        block.checked,
    )


# ------------------------------------------------------------------ finishing


def _capped(problems: list[Problem], total: int | None = None) -> list[Problem]:
    total = len(problems) if total is None else total
    if total <= CAP:
        return problems
    return [
        *problems[:CAP],
        Problem(problems[0].file, None, "", f"… and {total - CAP} more problems like these"),
    ]


def _raise_groups(groups: list[Group]) -> None:
    stage = min(g.stage for g in groups)
    merged: dict[str, Group] = {}
    for g in groups:
        if g.stage != stage:
            continue
        m = merged.setdefault(g.message, Group(g.stage, g.message, [], 0, g.lonlat))
        m.items.extend(g.items[: MAX_REPORTED - len(m.items)])
        m.count += g.count
    problems: list[Problem] = []
    for g in merged.values():
        problems.extend(Problem(f, None, label, msg) for f, label, msg in g.items)
        rest = g.count - MAX_REPORTED
        if rest > 0:
            f = g.items[0][0]
            text = (
                f"{rest} more features have coordinates outside ±180/±90"
                if g.lonlat
                else f"{g.items[0][2]} — and {rest} more features"
            )
            problems.append(Problem(f, None, "", text))
    raise InputError(problems)


def _unlocated(parts: list[ChunkMeasures], source: str, skip: bool) -> list[str]:
    total = sum(m.unlocated_count for m in parts)
    if not total:
        return []
    labels = [x for m in parts for x in m.unlocated][:CAP]
    if not skip:
        raise InputError(_capped([
            Problem(f, None, label,
                    "geometry is null: a candidate without a location cannot be screened; "
                    "add its geometry, or pass --skip-unlocated to leave such features out "
                    "(they are counted in the output)")
            for f, label in labels
        ], total))
    shown = ", ".join(label for _, label in labels[:MAX_REPORTED])
    more = f" and {total - MAX_REPORTED} more" if total > MAX_REPORTED else ""
    return [f"{source}: left out {total} candidate(s) without geometry (--skip-unlocated): "
            f"{shown}{more}"]


def _check_ids(parts: list[ChunkMeasures], id_field: str) -> None:
    ids = [i for m in parts for i in m.ids]
    if "" not in ids and len(set(ids)) == len(ids):
        return
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for m in parts:
        for k, text in enumerate(m.ids):
            label = m.label(k)
            if text == "":
                problems.append(Problem(
                    m.display, None, label,
                    f"no {id_field!r} property to name the candidate (choose the field with "
                    "--id-field)",
                ))
                continue
            if text in seen:
                problems.append(Problem(
                    m.display, None, label, f"duplicate candidate id {text!r} (also {seen[text]})"
                ))
            seen.setdefault(text, label)
    raise InputError(_capped(problems))


def _checked(
    parts: list[ChunkMeasures],
    context: ScreenContext,
    display: str,
    check_ids: Callable[[], None],
) -> tuple[list[str], int]:
    """Raise the problems an all-in-memory run raises, in its order; else the warnings
    and the number of candidates left out for having no geometry."""
    groups = [g for m in parts for g in m.groups]
    if groups:
        _raise_groups(groups)
    warnings = [w for m in parts for w in m.warnings]
    repaired = sum(m.repaired_count for m in parts)
    if repaired:
        shown = ", ".join([r for m in parts for r in m.repaired][:MAX_REPORTED])
        more = f" and {repaired - MAX_REPORTED} more" if repaired > MAX_REPORTED else ""
        warnings.append(
            f"{display}: repaired {repaired} invalid geometr"
            f"{'y' if repaired == 1 else 'ies'} with make_valid: {shown}{more}"
        )
    warnings += _unlocated(parts, display, context.skip_unlocated)
    skipped = sum(m.unlocated_count for m in parts)
    n = sum(len(m) for m in parts)
    if n == 0:
        why = f"all {skipped} features lack geometry" if skipped else "the file has no features"
        raise InputError.single(display, f"no candidates: {why}")
    check_ids()
    found = sorted((p for m in parts for p in m.problems), key=lambda kp: (kp[0][0], kp[0][1]))
    if found:
        # within one (phase, metric) the chunks' problems stay in chunk order, as in one piece
        raise InputError(_capped([p for _, p in found], sum(m.problem_count for m in parts)))
    warnings += context.layer_warnings
    return warnings, skipped


def finish(
    measures: Iterable[ChunkMeasures],
    context: ScreenContext,
    method: str | None = None,
    vikor_v: float | None = None,
    source: str = "",
) -> Screened:
    """Score and rank every chunk's candidates together, exactly as in one piece."""
    from bidtool.screening import Screened
    from bidtool.spatial.sites import spatial_values

    parts = sorted(measures, key=lambda m: m.index)
    criteria = context.criteria
    mcda = resolve_method(criteria, method)
    display = source or (parts[0].display if parts else "")
    warnings, skipped = _checked(
        parts, context, display, lambda: _check_ids(parts, context.id_field)
    )
    n = sum(len(m) for m in parts)
    ids = [i for m in parts for i in m.ids]
    names = [x for m in parts for x in m.names]
    raw: dict[str, list[Any]] = {}
    for name, sspec in criteria.spatial_metrics.items():
        column = np.concatenate([m.values[name] for m in parts])
        raw[name] = spatial_values(sspec, column)
    for name in context.property_metrics:
        raw[name] = [v for m in parts for v in m.values[name]]
    dm = matrix_from_columns(criteria, raw, n)
    eligible, failed, _ = eligibility_of_columns(criteria, raw, dm)
    scored = score(mcda, dm, eligible, criteria.vikor_v if vikor_v is None else vikor_v)
    scores = scored.scores
    contributions = scored.contributions if mcda.additive else None
    elig = np.flatnonzero(eligible)
    sub_order, sub_ranks = (
        np.asarray(a, dtype=np.int64)
        for a in competition_ranks(scores[elig], [ids[i] for i in elig], mcda.higher_is_better)
    )
    ranks = np.zeros(n, dtype=np.int64)
    ranks[elig] = sub_ranks
    inelig = np.flatnonzero(~eligible)
    inelig = inelig[np.argsort(np.asarray([ids[i] for i in inelig], dtype=object), kind="stable")]
    order = np.concatenate([elig[sub_order], inelig]).astype(np.int64)
    geoms = np.full(n, None, dtype=object)
    if context.keep_geometry:
        import shapely

        geoms = np.asarray(
            shapely.from_wkb(np.concatenate([m.wkb for m in parts if m.wkb is not None])),
            dtype=object,
        )
    return Screened(
        criteria, mcda.name, display, ids, names, order, ranks, scores, eligible, failed, raw,
        contributions, geoms, warnings, skipped,
    )


def block_columns(
    criteria: CriteriaSet, spill: Spill, measured: dict[str, Any]
) -> tuple[dict[str, Any], DecisionMatrix, NDArray[np.bool_], list[list[str]]]:
    """One block of spilled rows as ``finish`` sees them: the raw columns (spatial values as
    stored), the decision matrix, the eligibility and the failed constraints."""
    from bidtool.spatial.sites import spatial_values

    raw = spill.decode(measured)
    for name, sspec in criteria.spatial_metrics.items():
        raw[name] = spatial_values(sspec, raw[name])
    rows = len(next(iter(measured.values())))
    dm = matrix_from_columns(criteria, raw, rows)
    eligible, failed, _ = eligibility_of_columns(criteria, raw, dm)
    return raw, dm, eligible, failed


def finish_ranked(
    measures: Iterable[ChunkMeasures],
    spill: Spill,
    context: ScreenContext,
    method: str | None = None,
    vikor_v: float | None = None,
    source: str = "",
) -> Ranked:
    """:func:`finish` for spilled measures, holding ~25 bytes per candidate in memory.

    Additive methods are scored block by block (:data:`~bidtool.screen_spill.BATCH`
    rows): a first pass finds each block's eligibility and the min–max bounds of the
    eligible rows (:func:`~bidtool.ranking.utility_bounds`; bounds of blocks combine
    exactly), a second scores each block through :func:`~bidtool.ranking.score` with
    those bounds.  Other methods (PROMETHEE compares every pair; TOPSIS, VIKOR and the
    others normalise over all rows), and leaves with ``missing: mean`` and unknown
    figures, are scored by :func:`finish` on the columns read back whole, as before.
    Either way only the scores, the eligibility, the ranks and the order stay; the
    outputs read their rows back from the spill block by block (:class:`Ranked`).
    """
    from bidtool.ranking import mean_leaves, utility_bounds
    from bidtool.screen_spill import Ranked

    parts = sorted(measures, key=lambda m: m.index)
    criteria = context.criteria
    mcda = resolve_method(criteria, method)
    v = criteria.vikor_v if vikor_v is None else vikor_v
    display = source or (parts[0].display if parts else "")
    warnings, skipped = _checked(
        parts, context, display, lambda: _check_spilled_ids(parts, spill, context.id_field)
    )
    n = spill.rows
    leaves = criteria.leaves
    eligible = np.zeros(n, dtype=bool)
    nrel = int(sum(leaf.criterion.value_function is None for leaf in leaves))
    lo_e, hi_e = np.full(nrel, np.inf), np.full(nrel, -np.inf)
    lo_a, hi_a = lo_e.copy(), hi_e.copy()
    unknown = np.zeros(len(leaves), dtype=bool)
    names = spill.metric_columns()
    blocked = mcda.additive
    if blocked:
        for start, got in spill.batches(names):
            _, dm, elig, _ = block_columns(criteria, spill, got)
            eligible[start : start + len(elig)] = elig
            lo, hi = utility_bounds(dm, elig)
            lo_e, hi_e = np.minimum(lo_e, lo), np.maximum(hi_e, hi)
            lo, hi = utility_bounds(dm, np.ones(len(elig), dtype=bool))
            lo_a, hi_a = np.minimum(lo_a, lo), np.maximum(hi_a, hi)
            unknown |= dm.missing.any(axis=0)
        blocked = not (mean_leaves(leaves) & unknown).any()
    if not blocked:
        whole = finish([spill.restore(m) for m in parts], context, method, vikor_v, source)
        phys = spill.physical([m.index for m in parts])
        scores = np.empty(n)
        scores[phys] = whole.scores
        eligible[phys] = whole.eligible
        ranks = np.zeros(n, dtype=np.int64)
        ranks[phys] = whole.ranks
        order = phys[whole.order]
        del whole
        return Ranked(criteria, mcda.name, display, spill, order, ranks, scores, eligible,
                      warnings, skipped, parts, v)
    bounds = (lo_e, hi_e) if eligible.any() else (lo_a, hi_a)
    scores = np.empty(n)
    for start, got in spill.batches(names):
        _, dm, _, _ = block_columns(criteria, spill, got)
        elig = eligible[start : start + dm.shape[0]]
        scores[start : start + len(elig)] = score(mcda, dm, elig, v, bounds=bounds).scores
    ranks, order = _rank_spilled(scores, eligible, spill, mcda.higher_is_better)
    _give_back()
    return Ranked(criteria, mcda.name, display, spill, order, ranks, scores, eligible,
                  warnings, skipped, parts, v)


def _rank_spilled(
    scores: NDArray[np.float64], eligible: NDArray[np.bool_], spill: Spill, higher: bool
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Ranks and order exactly as :func:`finish` makes them with
    :func:`~bidtool.ranks.competition_ranks` (its :func:`~bidtool.ranks.rank_matrix`,
    ties by id), reading back only the ids of tied and ineligible candidates."""
    import pyarrow.compute as pc

    from bidtool.ranks import PAIRWISE_MAX, rank_matrix, ranks_sorted

    n = len(scores)
    ranks = np.zeros(n, dtype=np.int64)
    order = np.empty(n, dtype=np.int64)
    elig = np.flatnonzero(eligible)
    e = len(elig)
    if e:
        s = scores[elig]
        if not higher:
            np.negative(s, out=s)
        if e > PAIRWISE_MAX and np.isfinite(s).all():
            r2, asc = ranks_sorted(s[None, :])  # rank_matrix's own path, and its sort
            del s
            r, o = r2[0], asc[0][::-1].copy()  # best first, but for ties
            del r2, asc
            if not (r[o][1:] >= r[o][:-1]).all():  # never for finite scores; to be sure
                o = np.argsort(r, kind="stable")
        else:
            r = rank_matrix(s[None, :], True)[0]
            o = np.argsort(r, kind="stable")
        ranks[elig] = r
        rs = r[o]
        del r
        tied = np.zeros(e, dtype=bool)
        same = rs[1:] == rs[:-1]
        tied[1:] |= same
        tied[:-1] |= same
        del same
        t = np.flatnonzero(tied)
        del tied
        if t.size:
            ids = spill.gather(["id"], elig[o[t]])["id"]
            id_rank = np.empty(len(t), dtype=np.int64)
            id_rank[np.asarray(pc.sort_indices(ids))] = np.arange(len(t))
            o[t] = o[t][np.lexsort((id_rank, rs[t]))]
        del rs
        order[:e] = elig[o]
        del o
    del elig
    inelig = np.flatnonzero(~eligible)
    if len(inelig):
        ids = spill.gather(["id"], inelig)["id"]
        order[e:] = inelig[np.asarray(pc.sort_indices(ids), dtype=np.int64)]
    return ranks, order


def _check_spilled_ids(parts: list[ChunkMeasures], spill: Spill, id_field: str) -> None:
    """:func:`_check_ids` without reading every id back: duplicates are looked for among
    equal hashes; only if one is found (or an id is empty) are the ids read back."""
    if not any(m.empty_ids for m in parts):
        hashes = np.empty(spill.rows, dtype=np.int64)
        for start, got in spill.batches(["hash"]):
            hashes[start : start + len(got["hash"])] = got["hash"]
        hashes.sort()
        clash = np.unique(hashes[1:][hashes[1:] == hashes[:-1]])
        del hashes
        if not clash.size:
            return
        rows = [start + np.flatnonzero(np.isin(got["hash"], clash))
                for start, got in spill.batches(["hash"])]
        ids = spill.gather(["id"], np.concatenate(rows))["id"].to_pylist()
        if len(set(ids)) == len(ids):
            return
    _check_ids([spill.restore(m) for m in parts], id_field)


# ------------------------------------------------------------------ engines

Progress = Callable[[int, int], None]
"""``progress(done, total)``: chunks measured so far, of how many."""

RunChunks = Callable[..., list[ChunkMeasures]]
"""Another engine: ``run_chunks(measure_chunk, specs, context, done) -> measures``; one
that takes a fifth argument ``keep`` calls ``keep(measures)`` as each chunk arrives and
returns what it returned (the spilled, slim measures)."""


def screen_source(
    source: Path | str,
    criteria: CriteriaSet,
    *,
    id_field: str = "id",
    method: str | None = None,
    vikor_v: float | None = None,
    strict: bool = False,
    skip_unlocated: bool = False,
    keep_geometry: bool = True,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    display: str | None = None,
    progress: Progress | None = None,
    run_chunks: RunChunks | None = None,
    spill_dir: Path | str | None = None,
) -> Screened:
    """Plan, measure every chunk, :func:`finish`: the whole result in memory (the library's).

    Locally (the default) each part is streamed sequentially; ``run_chunks``
    (another engine, e.g. Dask) is called as ``run_chunks(measure_chunk, specs,
    context, done)`` and returns the measures of every spec, ``done(i)`` being
    called as chunk ``i`` finishes.  The measures wait on disk while the chunks are
    measured (:class:`~bidtool.screen_spill.Spill`, in ``spill_dir`` or ``TMPDIR``).
    """
    with screen_ranked(
        source, criteria, id_field=id_field, method=method, vikor_v=vikor_v, strict=strict,
        skip_unlocated=skip_unlocated, keep_geometry=keep_geometry, chunk_size=chunk_size,
        encoding=encoding, display=display, progress=progress, run_chunks=run_chunks,
        spill_dir=spill_dir, whole=True,
    ) as ranked:
        return ranked.to_screened()


def screen_ranked(
    source: Path | str,
    criteria: CriteriaSet,
    *,
    id_field: str = "id",
    method: str | None = None,
    vikor_v: float | None = None,
    strict: bool = False,
    skip_unlocated: bool = False,
    keep_geometry: bool = True,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    encoding: str | None = None,
    display: str | None = None,
    progress: Progress | None = None,
    run_chunks: RunChunks | None = None,
    spill_dir: Path | str | None = None,
    whole: bool = False,
) -> Ranked:
    """:func:`screen_source` with bounded memory (``bidtool screen``): every chunk's measures
    are spilled to disk as they arrive and :func:`finish_ranked` keeps only the scores, the
    ranks and the order.  Close the result (a context manager) to remove the spill; it is
    removed here if anything fails.  ``whole``: skip the scoring (the caller wants
    :meth:`~bidtool.screen_spill.Ranked.to_screened`)."""
    from bidtool.screen_spill import Spill
    from bidtool.spatial.sources import forget_text

    shown = display or str(source)
    spill: Spill | None = None
    try:
        specs = plan_chunks(source, chunk_size, encoding, shown, strict)
        context = prepare(criteria, id_field, strict, skip_unlocated, keep_geometry)
        spill = Spill(context, spill_dir)
        parts = _measure(specs, context, spill, chunk_size, strict, progress, run_chunks)
        forget_text()
        _give_back()
        if whole:
            from bidtool.screen_spill import Ranked

            v = criteria.vikor_v if vikor_v is None else vikor_v
            mcda = resolve_method(criteria, method)
            return Ranked(criteria, mcda.name, shown, spill, np.empty(0, dtype=np.int64),
                          np.empty(0, dtype=np.int64), np.empty(0), np.empty(0, dtype=bool),
                          [], 0, parts, v)
        return finish_ranked(parts, spill, context, method, vikor_v, shown)
    except BaseException:
        if spill is not None:
            spill.close()
        raise
    finally:
        forget_text()  # a CSV or small GeoJSON read while planning is not kept


def _give_back() -> None:
    """Return the memory the chunks freed to the system before finishing, so that what
    finishing needs adds to a lower base (glibc keeps freed heap pages otherwise)."""
    import gc

    from bidtool.screen_spill import release

    gc.collect()
    release()


def _measure(
    specs: list[ChunkSpec],
    context: ScreenContext,
    spill: Spill,
    chunk_size: int,
    strict: bool,
    progress: Progress | None,
    run_chunks: RunChunks | None,
) -> list[ChunkMeasures]:
    """Every chunk measured (by ``run_chunks``, or streamed here) and spilled as it comes."""
    total = len(specs)
    if run_chunks is not None:
        import inspect

        finished = [0]

        def tick(i: int) -> None:
            finished[0] += 1
            if progress is not None:
                progress(finished[0], total)

        if len(inspect.signature(run_chunks).parameters) >= 5:  # it spills as chunks arrive
            return list(run_chunks(measure_chunk, specs, context, tick, spill.add))
        return [spill.add(m) for m in run_chunks(measure_chunk, specs, context, tick)]
    done: list[ChunkMeasures] = []
    parts_seen: list[Part] = list(dict.fromkeys(s.part for s in specs))
    for part in parts_seen:
        for block in stream_blocks(part, chunk_size, context.columns, strict):
            done.append(spill.add(measure_block(block, part, len(done), context)))
            if progress is not None:
                progress(len(done), total)
    return done


def screen_features(
    features: Features,
    context: ScreenContext,
    method: str | None = None,
    vikor_v: float | None = None,
) -> Screened:
    """Candidates already in memory (the library's :func:`bidtool.screening.screen`)."""
    part = Part("", features.display, "text", len(features), "{}")
    names = context.columns
    block = Block(
        features.geoms,
        {c: [p.get(c) for p in features.properties] for c in names},
        np.arange(len(features), dtype=np.int64),
        features.crs,
        True,
        features.labels,
        list(features.warnings),  # with check_candidates' note of unlocated features
    )
    result = finish([measure_block(block, part, 0, context)], context, method, vikor_v,
                    features.display)
    return replace(result, skipped=features.skipped)


def chunk_sizes(specs: Sequence[ChunkSpec]) -> list[int]:
    """Rows per planned chunk (for progress and sizing)."""
    return [s.stop - s.start for s in specs]
