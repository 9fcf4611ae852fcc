"""Pipeline steps between reading the input files and ranking them.

:mod:`bidtool.io.loading` reads and validates the files and nothing more;
the steps that compute figures from them run here, explicitly, in the order
the front door (:func:`bidtool.api.load`) calls them.  shapely and pyproj are
imported only when a criterion measures geometry (``validate`` never does).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bidtool.io.loading import read_inputs
from bidtool.model import Inputs


def measure_spatial(inputs: Inputs, strict: bool = False) -> Inputs:
    """Add every metric the criteria compute from site geometry to each region."""
    if not inputs.criteria.spatial_metrics:
        return inputs
    from bidtool.spatial.sites import measure_regions

    regions, notes = measure_regions(inputs.criteria, list(inputs.regions), strict)
    return replace(inputs, regions=tuple(regions), warnings=(*inputs.warnings, *notes))


def load_inputs(
    criteria: str | None = None,
    regions: str | None = None,
    strict: bool = False,
    cwd: Path | None = None,
    geometry: bool = True,
) -> Inputs:
    """Read and validate everything, then (with ``geometry``) measure spatial metrics.

    Raises :class:`~bidtool.errors.InputError` with *all* problems.  Without
    ``geometry`` (``validate``) shapely and pyproj are never imported.
    """
    inputs = read_inputs(criteria, regions, strict, cwd)
    return measure_spatial(inputs, strict) if geometry else inputs
