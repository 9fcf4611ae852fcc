"""Screen many candidate parcels against a criteria file (``bidtool screen``).

The same pipeline as ``rank`` — constraints, value functions, the chosen
method, competition ranks — but column-wise over numpy arrays, so 100,000
parcels are scored in about the time the spatial queries take.  Spatial
metrics use one STRtree per layer for all candidates at once
(:mod:`bidtool.spatial.measures`).  Each candidate's other properties are
metrics by name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bidtool.errors import InputError, Problem
from bidtool.io.files import not_regular
from bidtool.methods import get_method
from bidtool.methods.registry import Method
from bidtool.model import CriteriaSet, Leaf, format_value
from bidtool.ranking import competition_ranks, resolve_method
from bidtool.spatial.features import Features, read_features
from bidtool.value_functions import Categorical

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Screened", "check_candidates", "competition_ranks", "load_candidates", "screen"]

Progress = Callable[[str], None]
MAX_REPORTED = 5


@dataclass(frozen=True)
class Screened:
    """Ranked candidates, columns as arrays; ``order`` lists rows best first."""

    criteria: CriteriaSet
    method: str
    source: str  # the candidates file, as given
    ids: list[str]
    names: list[str | None]
    order: np.ndarray  # eligible by rank (ties by id), then ineligible by id
    ranks: np.ndarray  # int, 0 where ineligible
    scores: np.ndarray  # NaN where ineligible (non-WSM methods)
    eligible: np.ndarray
    failed: list[list[str]]
    raw: dict[str, list[Any]]  # leaf metric -> value per candidate
    contributions: np.ndarray | None  # WSM: candidates × leaves
    geoms: np.ndarray  # WGS84, for GeoJSON output
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0  # features left out for having no geometry (--skip-unlocated)

    @property
    def leaves(self) -> tuple[Leaf, ...]:
        return self.criteria.leaves

    @property
    def mcda(self) -> Method:
        return get_method(self.method)

    @property
    def higher_is_better(self) -> bool:
        return self.mcda.higher_is_better

    def to_dict(self) -> dict[str, Any]:
        """The ``bidtool.screen/1`` document: what ``screen -f json`` prints."""
        from bidtool.documents.screen import document

        return document(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per candidate, best first, the columns of ``screen -f csv`` in order."""
        from bidtool.documents.screen import columns
        from bidtool.frame import columns_frame

        return columns_frame(*columns(self), self.criteria)


def load_candidates(
    path: Path, display: str, strict: bool = False, skip_unlocated: bool = False
) -> Features:
    """Read candidates; refuse an empty set, and features without geometry unless
    ``skip_unlocated`` (then they are counted in :attr:`Features.skipped` and warned of)."""
    problem = not_regular(path)
    if problem is not None:
        raise InputError.single(
            display, f"candidates {problem}" if problem == "file not found" else problem
        )
    features = read_features(path, display, strict=strict)
    check_candidates(features, skip_unlocated)
    return features


def check_candidates(features: Features, skip_unlocated: bool = False) -> None:
    """No silent drops: unlocated features are an error (or a warning, if asked); none is."""
    if features.unlocated and not skip_unlocated:
        raise InputError(
            _capped(
                [
                    Problem(
                        features.display,
                        None,
                        label,
                        "geometry is null: a candidate without a location cannot be screened; "
                        "add its geometry, or pass --skip-unlocated to leave such features out "
                        "(they are counted in the output)",
                    )
                    for label in features.unlocated
                ]
            )
        )
    _refuse_empty(features)
    if features.unlocated:
        n = len(features.unlocated)
        shown = ", ".join(features.unlocated[:MAX_REPORTED])
        more = f" and {n - MAX_REPORTED} more" if n > MAX_REPORTED else ""
        features.warnings.append(
            f"{features.display}: left out {len(features.unlocated)} candidate(s) without "
            f"geometry (--skip-unlocated): {shown}{more}"
        )


def _refuse_empty(features: Features) -> None:
    if len(features) == 0:
        why = (
            f"all {features.skipped} features lack geometry"
            if features.skipped
            else "the file has no features"
        )
        raise InputError.single(features.display, f"no candidates: {why}")


def _ids(features: Features, id_field: str) -> tuple[list[str], list[str | None]]:
    problems: list[Problem] = []
    ids: list[str] = []
    seen: dict[str, str] = {}
    for label, p in zip(features.labels, features.properties):
        v = p.get(id_field)
        if v in (None, ""):
            problems.append(
                Problem(
                    features.display,
                    None,
                    label.removesuffix(".geometry"),
                    f"no {id_field!r} property to name the candidate (choose the field with "
                    "--id-field)",
                )
            )
            ids.append("")
            continue
        text = format_value(v) if isinstance(v, float) else str(v)
        if text in seen:
            problems.append(
                Problem(
                    features.display,
                    None,
                    label.removesuffix(".geometry"),
                    f"duplicate candidate id {text!r} (also {seen[text]})",
                )
            )
        seen.setdefault(text, label.removesuffix(".geometry"))
        ids.append(text)
    if problems:
        raise InputError(_capped(problems))
    names = [
        (str(p["name"]) if p.get("name") not in (None, "") else None) for p in features.properties
    ]
    return ids, names


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= 3 * MAX_REPORTED:
        return problems
    rest = len(problems) - 3 * MAX_REPORTED
    return [
        *problems[: 3 * MAX_REPORTED],
        Problem(problems[0].file, None, "", f"… and {rest} more problems like these"),
    ]


def _column(
    name: str,
    leaf: Leaf | None,
    features: Features,
    problems: list[Problem],
) -> list[Any]:
    values = [p.get(name) for p in features.properties]
    vf = leaf.criterion.value_function if leaf else None
    if leaf is None:
        return values
    for i, v in enumerate(values):
        if v is None:
            continue
        if isinstance(vf, Categorical):
            ok = vf.knows(v)
            want = f"one of {sorted(vf.mapping)}"
        else:
            ok = isinstance(v, (int, float)) and not isinstance(v, bool)
            want = "a number"
        if not ok:
            problems.append(
                Problem(
                    features.display,
                    None,
                    f"{features.labels[i].removesuffix('.geometry')}.{name}",
                    f"expected {want} for criterion {leaf.id!r}, got {v!r}",
                )
            )
    return values


def screen(
    criteria: CriteriaSet,
    candidates: Features,
    id_field: str = "id",
    method: str | None = None,
    vikor_v: float | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> Screened:
    """Score and rank every candidate; raise :class:`InputError` with all problems.

    The candidates are one chunk of :mod:`bidtool.screen_engine` (the same
    chunk function and the same global scoring as streamed sources).
    """
    from bidtool.screen_engine import prepare, screen_features

    step = progress or (lambda label: None)
    resolve_method(criteria, method)
    _refuse_empty(candidates)
    _ids(candidates, id_field)
    step("loading layers")
    context = prepare(criteria, id_field, strict, skip_unlocated=True, keep_geometry=True)
    step("projecting candidates")
    for name in criteria.spatial_metrics:
        step(f"measuring {name}")
    result = screen_features(candidates, context, method, vikor_v)
    step("scoring")
    return result
