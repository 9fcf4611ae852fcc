"""The whole robustness analysis in one call: sweeps, critical weights and SMAA-2.

``bidtool sensitivity``, the report and the library front door
(:func:`bidtool.sensitivity`) all assemble their result here, so the three
never drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bidtool.errors import NothingEligibleError
from bidtool.model import Inputs

if TYPE_CHECKING:
    import pandas as pd

    from bidtool.io.bands import Bands
    from bidtool.sensitivity.scorer import Scorer
    from bidtool.sensitivity.smaa import SmaaResult, WeightModel
    from bidtool.sensitivity.sweep import Sweep


@dataclass(frozen=True)
class Sensitivity:
    """How robust the ranking is: one sweep per criterion, and SMAA-2 unless skipped."""

    scorer: Scorer
    base_ranks: dict[str, int]  # eligible region → rank with the declared weights
    sweeps: tuple[Sweep, ...]
    smaa: SmaaResult | None
    concentration: float | None

    @property
    def order(self) -> list[str]:
        """Eligible regions, best first with the declared weights."""
        return sorted(self.base_ranks, key=lambda i: (self.base_ranks[i], i))

    def to_dict(self) -> dict[str, Any]:
        """The ``bidtool.sensitivity/1`` document (what ``-f json`` prints)."""
        from bidtool.documents.sensitivity import document

        return document(self)

    def to_frame(self) -> pd.DataFrame:
        """The ``-f csv`` table (long: one measure per row) as a pandas DataFrame."""
        from bidtool.documents.sensitivity import table
        from bidtool.frame import table_frame

        return table_frame(*table(self), self.scorer.inputs.criteria)


def scorer_for(inputs: Inputs, method: str | None = None, vikor_v: float | None = None) -> Scorer:
    """The scorer every robustness measure uses; :class:`NothingEligibleError` when no
    region passes the constraints (there is nothing to be robust about)."""
    from bidtool.sensitivity.scorer import Scorer

    scorer = Scorer.build(inputs, method, vikor_v)
    if not scorer.ids:
        raise NothingEligibleError("no region passes the must-pass constraints")
    return scorer


def assemble(
    scorer: Scorer,
    samples: int = 10_000,
    seed: int = 1,
    weight_draws: WeightModel = "uniform",
    concentration: float | None = 100.0,
    data_uncertainty: bool = False,
    unknowns: bool = False,
    progress: Callable[[int], None] | None = None,
    sweep_progress: Callable[[int], None] | None = None,
    bands: Bands | None = None,
) -> Sensitivity:
    """Sweep every criterion's weight and, with ``samples`` > 0, run SMAA-2.

    ``progress(n)`` counts SMAA-2 draws; ``sweep_progress(n)`` the sweeps (one per
    top-level group and leaf).

    ``concentration`` is recorded in the result for the reader (``None``: not
    shown; the report's uniform draws); Dirichlet draws use 100 when it is ``None``.
    """
    from bidtool.sensitivity.smaa import smaa
    from bidtool.sensitivity.sweep import sweep

    ranks = scorer.ranks(scorer.weights)[0]
    base = {rid: int(r) for rid, r in zip(scorer.ids, ranks)}
    sweeps = tuple(sweep(scorer, progress=sweep_progress))
    result = None
    if samples > 0:
        result = smaa(
            scorer,
            samples,
            seed,
            weight_draws,
            100.0 if concentration is None else concentration,
            data_uncertainty,
            progress=progress,
            unknowns=unknowns,
            bands=bands,
        )
    return Sensitivity(scorer, base, sweeps, result, concentration)


def analyse(
    inputs: Inputs,
    method: str | None = None,
    vikor_v: float | None = None,
    samples: int = 10_000,
    seed: int = 1,
    weight_draws: WeightModel = "uniform",
    concentration: float | None = 100.0,
    data_uncertainty: bool = False,
    unknowns: bool = False,
    progress: Callable[[int], None] | None = None,
    bands: Bands | None = None,
) -> Sensitivity:
    """:func:`scorer_for` then :func:`assemble`: the whole analysis in one call."""
    return assemble(
        scorer_for(inputs, method, vikor_v),
        samples,
        seed,
        weight_draws,
        concentration,
        data_uncertainty,
        unknowns,
        progress,
        bands=bands,
    )
