"""Coordinate reference systems: one projected work CRS for every measure.

shapely is planar, so every geometry is projected into the work CRS
(EPSG:5179, Korea 2000 / Unified CS "UTM-K", by default) with pyproj
transformers built with ``always_xy=True`` — GeoJSON and bidtool always say
(lon, lat) / (x, y), never the authority's axis order.

Planar lengths and areas in a projection differ from the ground by its scale
factor (UTM-K: 0.9996 on the 127.5°E meridian, ≈1.0002 at 129.4°E).  Measures
divide by the pyproj scale factor (:meth:`pyproj.Proj.get_factors`; Snyder,
*Map Projections — A Working Manual*, USGS PP 1395, 1987, §4 and §8) so that
distances and areas are ellipsoidal to well under 0.01 % at Korean scales.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import numpy as np
import shapely
from pyproj import CRS, Proj, Transformer
from pyproj.exceptions import CRSError

if TYPE_CHECKING:
    from numpy.typing import NDArray

WGS84 = "EPSG:4326"
WORK_CRS = "EPSG:5179"


class CrsProblem(ValueError):
    """A CRS that pyproj does not know, or that cannot serve as the work CRS."""


@functools.lru_cache(maxsize=32)
def parse_crs(text: str) -> CRS:
    """``EPSG:5186``, ``5186`` or any pyproj user input; raise :class:`CrsProblem`."""
    try:
        return CRS.from_user_input(int(text) if text.isdigit() else text)
    except CRSError:
        raise CrsProblem(
            f"unknown CRS {text!r}; write an EPSG code such as 'EPSG:5186' or 'EPSG:4326'"
        ) from None


def work_crs(text: str) -> CRS:
    """The work CRS: projected, in metres."""
    crs = parse_crs(text)
    if not crs.is_projected:
        raise CrsProblem(
            f"work_crs {text!r} is not projected; distances need metres (use EPSG:5179 for Korea)"
        )
    unit = crs.axis_info[0].unit_name if crs.axis_info else ""
    if unit not in ("metre", "meter"):
        raise CrsProblem(f"work_crs {text!r} measures in {unit!r}; expected metres")
    return crs


@functools.lru_cache(maxsize=64)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(parse_crs(src), parse_crs(dst), always_xy=True)


def transform(geoms: NDArray[np.object_], src: str, dst: str) -> NDArray[np.object_]:
    """Reproject an array of geometries (vectorised over every coordinate)."""
    if src == dst or len(geoms) == 0:
        return geoms
    tr = _transformer(src, dst)

    def fn(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = tr.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return np.asarray(shapely.transform(geoms, fn), dtype=object)


@functools.lru_cache(maxsize=8)
def _proj(crs: str) -> Proj:
    return Proj(parse_crs(crs))


def scale_factors(
    x: NDArray[np.float64], y: NDArray[np.float64], crs: str
) -> tuple[NDArray[np.float64], NDArray[np.float64] | None]:
    """Areal and (for conformal projections) linear scale at work-CRS points.

    The linear scale is None where the projection is not conformal, since
    there it depends on direction and no single correction is right.
    """
    lon, lat = _transformer(crs, WGS84).transform(x, y)
    f = _proj(crs).get_factors(lon, lat)
    areal = np.asarray(f.areal_scale, dtype=float)
    linear = np.asarray(f.parallel_scale, dtype=float) if is_conformal(crs) else None
    return areal, linear


_CONFORMAL = ("transverse mercator", "conformal", "mercator", "stereographic")


@functools.lru_cache(maxsize=8)
def is_conformal(crs: str) -> bool:
    """Whether the projection keeps angles, so its scale does not depend on direction."""
    op = parse_crs(crs).coordinate_operation
    return op is not None and any(k in op.method_name.lower() for k in _CONFORMAL)


def area_of_use(crs: str) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) in degrees where ``crs`` is meant to be used."""
    a = parse_crs(crs).area_of_use
    return (a.west, a.south, a.east, a.north) if a is not None else None
