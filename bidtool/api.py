"""The library front door (DESIGN §10): what ``import bidtool`` gives.

Load once, then ask questions of the inputs::

    import bidtool

    inputs = bidtool.load()                       # criteria/default.yaml, regions/
    ranking = bidtool.rank(inputs)
    ranking.to_frame()                            # pandas: the columns of rank -f csv
    ranking.to_dict()                             # the bidtool.ranking/1 JSON document
    bidtool.unknowns(inputs).to_frame()
    bidtool.gap(inputs, "gwangju").to_dict()
    bidtool.gap(inputs, "pohang", costs="examples/commitment-costs.yaml").package
    bidtool.pivotal(inputs).pivotal_claims        # the claims the outcome hangs on
    bidtool.sensitivity(inputs, samples=2000).to_dict()
    bidtool.screen("parcels.geojson", criteria="geo").to_frame()
    bidtool.seal("default").sha256                # the digest to publish with the call
    bidtool.appeal(inputs, "gwangju", "examples/appeal-gwangju.yaml").changes
    bidtool.verify("report.html", "seal.json")    # (bidtool.verification) identical?

Every function calls the same library code the CLI calls, so a notebook and
``bidtool rank -f json`` agree to the byte.  Bad inputs raise
:class:`bidtool.InputError` holding every problem found (``.problems``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from bidtool.errors import InputError
from bidtool.model import Inputs

if TYPE_CHECKING:
    from bidtool.appeal import Appeal
    from bidtool.model import CriteriaSet
    from bidtool.ranking import Ranking
    from bidtool.room import Room
    from bidtool.screening import Screened
    from bidtool.sealing import Seal
    from bidtool.sensitivity.analysis import Sensitivity
    from bidtool.sensitivity.gap import Gap
    from bidtool.sensitivity.pivotal import Pivotal
    from bidtool.unknowns import UnknownsResult

Path_ = str | PathLike[str]
WeightingName = Literal["direct", "entropy", "critic"]
WEIGHTINGS: tuple[str, ...] = ("direct", "entropy", "critic")


def _name(value: object) -> str:
    """An option given as text, a path or an Enum member, as text."""
    inner = getattr(value, "value", value)
    return str(inner)


def load(
    criteria: Path_ | None = "default",
    regions: Path_ | None = None,
    scenarios: Sequence[Path_] = (),
    weighting: WeightingName | None = None,
    *,
    strict: bool = False,
    at: str | None = None,
) -> Inputs:
    """Load and validate the criteria, the regions and any what-if scenarios.

    ``criteria``: a file, or a bundled name (``default``, ``investor``, …);
    ``./criteria/NAME.yaml`` wins over the bundled copy, as on the command
    line.  ``regions``: a directory (default ``./regions``, else the bundled
    regions).  ``scenarios`` are applied in order (later wins); ``weighting``
    (``direct``, ``entropy``, ``critic``) replaces the file's ``weighting:``.
    ``at`` (a date ``YYYY-MM[-DD]`` or a milestone of the criteria file) scores every
    scheduled figure as it stands on that date (:mod:`bidtool.promises`).

    Raises :class:`InputError` with every problem in every file.
    """
    from bidtool.io.loading import DEFAULT_CRITERIA, gather_inputs
    from bidtool.prepare import (
        apply_scenarios,
        load_scenarios,
        measure_spatial,
        objective_weights,
        weigh_inputs,
    )

    crit = None if criteria is None else _name(criteria)
    if crit == DEFAULT_CRITERIA:
        crit = None  # exactly what `bidtool rank` without -c reads
    chosen = None if weighting is None else _name(weighting)
    if chosen is not None and chosen not in WEIGHTINGS:
        raise InputError.single(
            "(weighting)", f"unknown weighting {chosen!r}; choose {', '.join(WEIGHTINGS)}"
        )
    # the pipeline, step by step: read and validate the files, weigh AHP/ROC/swing levels,
    # measure geometry, state scheduled figures at `at`, apply what-if scenarios, then
    # objective weights
    read = gather_inputs(crit, None if regions is None else _name(regions), strict=strict)
    inputs = weigh_inputs(read, strict)
    inputs = measure_spatial(inputs, strict)
    if at is not None:  # promises over time: each scheduled figure as it stands at `at`
        from bidtool.promises import state_at

        inputs = state_at(inputs, at)
    if scenarios:
        inputs = apply_scenarios(inputs, load_scenarios([_name(p) for p in scenarios]))
    return objective_weights(inputs, chosen)


def _inputs(inputs: Inputs | None) -> Inputs:
    return load() if inputs is None else inputs


def rank(
    inputs: Inputs | None = None, method: str | None = None, *, vikor_v: float | None = None
) -> Ranking:
    """Score and rank the regions (``method``: wsm, wpm, topsis, vikor, promethee2; default
    the criteria file's).  Ineligible regions are listed after the eligible ones."""
    from bidtool.ranking import rank as rank_regions

    return rank_regions(_inputs(inputs), method, vikor_v)


def unknowns(
    inputs: Inputs | None = None, method: str | None = None, *, vikor_v: float | None = None
) -> UnknownsResult:
    """What the figures nobody has published could change (DESIGN §9)."""
    from bidtool.unknowns import unknowns as find_unknowns

    return find_unknowns(_inputs(inputs), method, vikor_v)


def gap(
    inputs: Inputs | None,
    region: str,
    target: int = 1,
    method: str | None = None,
    *,
    vikor_v: float | None = None,
    costs: Path_ | None = None,
) -> Gap:
    """What ``region`` would need to change, one criterion at a time, to reach rank
    ``target``; with ``costs`` (a ``bidtool.costs/1`` file) also ``.package``, the cheapest
    package of commitments that reaches it (weighted sum only)."""
    from dataclasses import replace

    from bidtool.sensitivity.gap import gap as find_gap

    inputs = _inputs(inputs)
    the_region = next((r for r in inputs.regions if r.id == region), None)
    if costs is None or the_region is None:  # (an unknown region: gap says so)
        return find_gap(inputs, region, target, method, vikor_v)
    from bidtool.io.costs import load_costs
    from bidtool.sensitivity.package import additive_method, cheapest_package

    additive_method(inputs, method)  # refused before any work
    stated = load_costs(_name(costs), inputs.criteria, the_region)
    found = find_gap(inputs, region, target, method, vikor_v)
    return replace(found, package=cheapest_package(inputs, region, target, stated, method, vikor_v))


def pivotal(
    inputs: Inputs | None = None,
    method: str | None = None,
    *,
    tolerance: float = 0.25,
    vikor_v: float | None = None,
) -> Pivotal:
    """For every claimed or estimated figure: how far overstated or understated it would
    have to be to change who is first or its region's rank (``bidtool.pivotal/1``)."""
    from bidtool.sensitivity.pivotal import pivotal as find_pivotal

    return find_pivotal(_inputs(inputs), method, vikor_v, tolerance)


def sensitivity(
    inputs: Inputs | None = None,
    method: str | None = None,
    *,
    samples: int = 10_000,
    seed: int = 1,
    weight_draws: Literal["uniform", "dirichlet", "ranges", "bands"] = "uniform",
    concentration: float = 100.0,
    data_uncertainty: bool = False,
    unknowns: bool = False,
    vikor_v: float | None = None,
    progress: Callable[[int], None] | None = None,
    bands: str | None = None,
) -> Sensitivity:
    """Weight sweeps, critical weights and (``samples`` > 0) SMAA-2 rank acceptabilities.

    ``bands``: a ``bidtool.bands/1`` file; SMAA-2 then draws the top-level group
    weights uniformly from its bands (``weight_draws`` becomes ``"bands"``).

    Raises :class:`bidtool.NothingEligibleError` when no region passes the constraints.
    """
    from bidtool.io.bands import load_bands
    from bidtool.sensitivity.analysis import analyse

    inputs = _inputs(inputs)
    admissible = load_bands(bands, inputs.criteria) if bands is not None else None
    return analyse(
        inputs,
        method,
        vikor_v,
        samples,
        seed,
        "bands" if admissible is not None else weight_draws,
        concentration,
        data_uncertainty,
        unknowns,
        progress,
        bands=admissible,
    )


def room(
    inputs: Inputs | None = None,
    method: str | None = None,
    *,
    samples: int = 10_000,
    seed: int = 1,
    vikor_v: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> Room:
    """The decision room's content (``bidtool explore``): the ranking, every criterion's
    weight as a slider, the leader's interval per criterion and SMAA-2 P(first)."""
    from bidtool.room import build_room

    return build_room(_inputs(inputs), method, vikor_v, samples, seed, progress)


def screen(
    candidates: Path_,
    criteria: Path_ | CriteriaSet = "default",
    method: str | None = None,
    *,
    id_field: str = "id",
    strict: bool = False,
    skip_unlocated: bool = False,
    vikor_v: float | None = None,
    progress: Callable[[str], None] | None = None,
    chunk_size: int = 50_000,
    encoding: str | None = None,
) -> Screened:
    """Score and rank many candidate sites against ``criteria`` (a file, a bundled name, or
    a loaded criteria set).

    Candidates: GeoPackage, Shapefile (``encoding`` where it has no ``.cpg``), FlatGeobuf,
    GeoParquet (a file or a directory of parts), GeoJSON, or CSV with WKT or lon/lat;
    read and measured ``chunk_size`` at a time, ranked all together."""
    from bidtool.io.loading import DEFAULT_CRITERIA
    from bidtool.model import CriteriaSet
    from bidtool.prepare import load_criteria
    from bidtool.screen_engine import screen_source

    if isinstance(criteria, CriteriaSet):
        crit = criteria
    else:
        name = _name(criteria)
        crit = load_criteria(None if name == DEFAULT_CRITERIA else name, strict=strict)
    return screen_source(
        Path(_name(candidates)),
        crit,
        id_field=id_field,
        method=method,
        vikor_v=vikor_v,
        strict=strict,
        skip_unlocated=skip_unlocated,
        chunk_size=chunk_size,
        encoding=encoding,
        display=_name(candidates),
        progress=None if progress is None else (lambda done, total: progress(f"chunk {done}/{total}")),
    )


def seal(criteria: Path_ | None = "default", regions: Path_ | None = None) -> Seal:
    """Seal ``criteria`` and the metric catalogue beside ``regions`` (``bidtool.seal/1``).

    ``.sha256`` is the digest to publish; ``.to_dict()`` the ``seal.json`` document.
    Checking a report against a seal renders it, so :func:`bidtool.verify` lives in
    the render layer (:mod:`bidtool.verification`), exported at the package root.
    """
    from bidtool.io.loading import DEFAULT_CRITERIA
    from bidtool.sealing import seal as make_seal

    crit = None if criteria is None else _name(criteria)
    if crit == DEFAULT_CRITERIA:
        crit = None
    return make_seal(crit, None if regions is None else _name(regions))


def appeal(
    inputs: Inputs | None,
    region: str,
    corrections: Path_,
    method: str | None = None,
    *,
    vikor_v: float | None = None,
    samples: int = 10_000,
    seed: int = 1,
) -> Appeal:
    """Rerun rank, unknowns and SMAA-2 P(first) with ``region``'s corrected figures (a
    corrections file: a scenario whose every figure has a status and sources) and state
    which conclusions change (``bidtool.appeal/1`` via ``.to_dict()``)."""
    from bidtool.appeal import appeal as run_appeal
    from bidtool.io.corrections import load_corrections

    found = load_corrections(_name(corrections), region)
    return run_appeal(_inputs(inputs), found, method, vikor_v, samples, seed)
