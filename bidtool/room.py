"""The decision room's content (DESIGN §12): what ``bidtool explore`` puts on its page.

The page re-weights in the browser, so everything that does not depend on the
weights is computed here, once, by the library code the CLI uses:

* each region's utilities on every leaf — value functions, min–max scaling over
  the eligible regions and the ``missing:`` policy already applied
  (:func:`bidtool.ranking.rank`), so the page's weighted sum is the CLI's;
* eligibility and the failing constraints (they never depend on the weights);
* under each slider, the interval of the criterion's weight in which today's
  leader stays first, from :func:`bidtool.sensitivity.sweep.sweep` (exact for an
  additive method: Triantaphyllou & Sánchez 1997, as ``bidtool sensitivity``);
* P(first) from SMAA-2 (Lahdelma & Salminen 2001) with a fixed seed: weights drawn
  uniformly (``bidtool sensitivity``'s default) and drawn near the file's weights
  (Dirichlet, concentration 100);
* the GAIA plane (:attr:`Room.gaia`), which does not depend on the weights but for
  its decision stick, drawn at the file's weights;
* the map (:attr:`Room.map`): the sites and the criteria's layers projected into
  EPSG:5179, as the report draws them; the page recolours the markers by its live
  ranking.

Only the weights change in the room.  A method that is not additive (its score
is not Σ w·u) cannot be re-computed exactly in the page: the page then re-weights
the weighted sum of the same utilities, says so, and shows the method's own
ranking at the file's weights (:attr:`Room.ranking`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from bidtool.methods import METHODS, get_method
from bidtool.methods.gaia import Gaia
from bidtool.model import Criterion, Inputs
from bidtool.ranking import Ranking, gaia_of, rank
from bidtool.sensitivity.analysis import Sensitivity
from bidtool.sensitivity.smaa import SmaaResult
from bidtool.spatial.mapdata import MapData

NEAR_CONCENTRATION = 100.0
"""Dirichlet concentration of the draws near the file's weights (``sensitivity``'s default)."""


@dataclass(frozen=True)
class Slider:
    """One criterion's weight as the file writes it, relative to its siblings."""

    criterion: Criterion
    parent: str  # the group's id, or "" at the top level
    depth: int  # 0 at the top level
    fixed: str | None  # what sets it if the room cannot move it: ahp, roc, entropy, critic


@dataclass(frozen=True)
class Room:
    """Everything the decision room shows, computed by the library."""

    inputs: Inputs
    ranking: Ranking  # the file's method at the file's weights: the exact result
    reweigh_method: str  # the additive method the page re-computes (the ranking's if additive)
    sliders: tuple[Slider, ...]
    sensitivity: Sensitivity | None  # sweeps (leader intervals) and uniform SMAA-2
    near: SmaaResult | None  # SMAA-2 with weights drawn near the file's weights
    samples: int
    seed: int

    @property
    def exact(self) -> bool:
        """The page's re-computed ranking is the file's method itself (an additive one)."""
        return self.ranking.mcda.additive

    def p_first(self, near: bool = False) -> dict[str, float]:
        """P(first) per eligible region: uniform weights, or (``near``) near the file's."""
        result = self.near if near else (self.sensitivity.smaa if self.sensitivity else None)
        if result is None:
            return {}
        return {rid: float(p) for rid, p in zip(result.ids, result.p_first)}

    @cached_property
    def gaia(self) -> Gaia | None:
        """The GAIA plane of the eligible regions at the file's weights (None with fewer
        than two), as the report draws it: :func:`bidtool.ranking.gaia_of` (Mareschal &
        Brans 1988).  Its decision stick is the file's weights; the sliders do not move it."""
        return gaia_of(self.ranking)

    @cached_property
    def map(self) -> MapData | None:
        """The sites, the outline of Korea and the layers the criteria use, in EPSG:5179
        (:func:`bidtool.spatial.mapdata.map_data`, as the report's map); None when no
        region places a site."""
        if not any(
            r.site is not None and (r.site.location or r.site.geometry)
            for r in self.inputs.regions
        ):
            return None
        from bidtool.spatial.mapdata import map_data

        return map_data(self.inputs)


def _fixed_by(node: Criterion, weighting: str) -> str | None:
    """What sets a weight the room cannot move: the data's weighting (``entropy``,
    ``critic``), the file's judgements (``ahp``, ``roc``), or None (a direct weight)."""
    if weighting != "direct":
        return weighting
    if node.weight_source != "direct":
        return node.weight_source
    return None


def sliders_of(inputs: Inputs) -> tuple[Slider, ...]:
    """Every group and leaf in file order, each with its parent and depth."""
    crit = inputs.criteria
    out: list[Slider] = []

    def visit(nodes: tuple[Criterion, ...], parent: str, depth: int) -> None:
        for node in nodes:
            out.append(Slider(node, parent, depth, _fixed_by(node, crit.weighting)))
            visit(node.children, node.id, depth + 1)

    visit(crit.criteria, "", 0)
    return tuple(out)


def additive_method() -> str:
    """The registered additive method's name (what the page can re-compute exactly)."""
    return next(name for name in METHODS if get_method(name).additive)


def build_room(
    inputs: Inputs,
    method: str | None = None,
    vikor_v: float | None = None,
    samples: int = 10_000,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Room:
    """Rank, sweep every criterion and run SMAA-2 (``samples`` > 0) for the room.

    ``progress(n)`` counts SMAA-2 draws (both runs).
    """
    ranking = rank(inputs, method, vikor_v)
    sens = None
    near = None
    if ranking.eligible_count:
        from bidtool.sensitivity.analysis import assemble, scorer_for
        from bidtool.sensitivity.smaa import smaa

        scorer = scorer_for(inputs, method, vikor_v)
        sens = assemble(scorer, samples, seed, "uniform", None, progress=progress)
        if samples > 0:
            near = smaa(scorer, samples, seed, "dirichlet", NEAR_CONCENTRATION, progress=progress)
    reweigh = ranking.method if ranking.mcda.additive else additive_method()
    return Room(inputs, ranking, reweigh, sliders_of(inputs), sens, near, samples, seed)
