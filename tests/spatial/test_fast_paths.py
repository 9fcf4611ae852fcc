"""The fast paths of the spatial measures give exactly what the straightforward computation gives."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from bidtool.model import LayerSpec
from bidtool.spatial.layers import Layer
from bidtool.spatial.measures import (
    _points_within,
    _within_geos,
    nearest_features,
    overlap_fraction,
)

SPEC = LayerSpec("layer", "layer.geojson", "layer.geojson")


def _layer(geoms: list[shapely.Geometry]) -> Layer:
    return Layer(SPEC, np.asarray(geoms, dtype=object), [{} for _ in geoms], False, len(geoms))


coord = st.floats(-5_000.0, 5_000.0, allow_nan=False).map(lambda v: round(v, 1))
xy = st.tuples(coord, coord)


@st.composite
def sites(draw: st.DrawFn) -> shapely.Geometry:
    x, y = draw(xy)
    kind = draw(st.sampled_from(["point", "box", "rotated", "line", "concave"]))
    size = draw(st.floats(1.0, 400.0))
    if kind == "point":
        return shapely.Point(x, y)
    if kind == "line":
        return shapely.LineString([(x, y), (x + size, y + size / 3), (x + size / 2, y - size)])
    if kind == "concave":  # its centroid lies outside it
        s = size
        return shapely.Polygon([(x, y), (x + s, y), (x + s, y + s), (x + 0.9 * s, y + s),
                                (x + 0.9 * s, y + 0.1 * s), (x, y + 0.1 * s)])  # fmt: skip
    box = shapely.box(x, y, x + size, y + size / 2)
    if kind == "rotated":
        return shapely.affinity.rotate(box, draw(st.floats(0.0, 180.0)))
    return box


@st.composite
def features(draw: st.DrawFn) -> shapely.Geometry:
    kind = draw(st.sampled_from(["point", "line", "multiline", "multipoint"]))
    if kind == "point":
        return shapely.Point(draw(xy))
    if kind == "multipoint":
        return shapely.MultiPoint(draw(st.lists(xy, min_size=1, max_size=3)))
    line = draw(st.lists(xy, min_size=2, max_size=6, unique=True))
    if kind == "line":
        return shapely.LineString(line)
    other = draw(st.lists(xy, min_size=2, max_size=4, unique=True))
    return shapely.MultiLineString([line, other])


def _straightforward(
    sites_: np.ndarray, layer: Layer
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    (si, fi), d = layer.tree.query_nearest(sites_, return_distance=True, all_matches=False)
    return si, fi, d


@settings(max_examples=150, deadline=None)
@given(st.lists(sites(), min_size=1, max_size=40), st.lists(features(), min_size=1, max_size=30))
def test_nearest_features_is_geos_query_nearest(
    site_list: list[shapely.Geometry], feature_list: list[shapely.Geometry]
) -> None:
    sites_ = np.asarray(site_list, dtype=object)
    pytest.importorskip("scipy")
    layer = _layer(feature_list)
    assert layer.samples is not None
    si, fi, d = nearest_features(sites_, layer, {})
    want_si, want_fi, want_d = _straightforward(sites_, layer)
    assert np.array_equal(si, want_si)
    assert np.array_equal(d, want_d)  # bit for bit: GEOS measures the chosen pair
    # the same feature, or (a tie) one exactly as near
    same = fi == want_fi
    assert np.array_equal(
        shapely.distance(sites_[si[~same]], layer.geoms[fi[~same]]), want_d[~same]
    )


def test_nearest_features_resolves_ties_as_geos_does() -> None:
    # two lines exactly as far from every site
    layer = _layer([shapely.LineString([(0, 10), (100, 10)]),
                    shapely.LineString([(0, -10), (100, -10)])])  # fmt: skip
    sites_ = np.asarray([shapely.Point(x, 0) for x in range(0, 100, 7)], dtype=object)
    assert np.array_equal(nearest_features(sites_, layer, {})[1],
                          _straightforward(sites_, layer)[1])  # fmt: skip


def test_polygon_layers_use_geos_nearest_search() -> None:
    layer = _layer([shapely.box(0, 0, 10, 10), shapely.Point(50, 50)])
    assert layer.samples is None
    sites_ = np.asarray([shapely.Point(5, 5), shapely.Point(40, 40)], dtype=object)
    _, fi, d = nearest_features(sites_, layer, {})
    assert fi.tolist() == [0, 1]
    assert d[0] == 0.0


def test_many_samples_within_reach_are_all_considered() -> None:
    # a long line densely sampled near a far site, and a second line a hair nearer
    pytest.importorskip("scipy")
    far = shapely.LineString([(-50_000, 10_000), (50_000, 10_000)])
    near = shapely.LineString([(-50_000, -9_999.9), (50_000, -9_999.9)])
    layer = _layer([far, near])
    sites_ = np.asarray([shapely.box(-30, -20, 30, 20)], dtype=object)
    _, fi, d = nearest_features(sites_, layer, {})
    assert fi.tolist() == [1]
    assert np.array_equal(d, _straightforward(sites_, layer)[2])


def _overlap_straightforward(sites_: np.ndarray, layer: Layer) -> np.ndarray:
    """The share of each site inside the dissolved layer: an intersection for every pair."""
    dissolved = layer.dissolved
    si, pi = shapely.STRtree(dissolved).query(sites_, predicate="intersects")
    out = np.zeros(len(sites_))
    poly = shapely.get_dimensions(sites_) == 2
    on_poly = poly[si]
    covered = shapely.area(shapely.intersection(sites_[si[on_poly]], dissolved[pi[on_poly]]))
    out += np.bincount(si[on_poly], weights=covered, minlength=len(sites_))
    out[poly] = out[poly] / shapely.area(sites_[poly])
    out[np.unique(si[~on_poly])] = 1.0
    return np.clip(out, 0.0, 1.0)


@st.composite
def hazards(draw: st.DrawFn) -> shapely.Geometry:
    x, y = draw(xy)
    return shapely.Point(x, y).buffer(draw(st.floats(50.0, 3_000.0)), quad_segs=draw(
        st.integers(1, 8)))


@settings(max_examples=100, deadline=None)
@given(st.lists(sites(), min_size=1, max_size=40), st.lists(hazards(), min_size=1, max_size=12))
def test_overlap_fraction_is_the_intersection_share(
    site_list: list[shapely.Geometry], hazard_list: list[shapely.Geometry]
) -> None:
    sites_ = np.asarray(site_list, dtype=object)
    layer = _layer(hazard_list)
    got = overlap_fraction(sites_, [layer]).values
    want = _overlap_straightforward(sites_, layer)
    inside = shapely.contains_properly(shapely.union_all(layer.geoms), sites_) & (
        shapely.get_dimensions(sites_) == 2
    )
    # a site wholly inside is covered exactly 1 (the intersection's area may differ from
    # the site's own in the last bit); every other site exactly as before
    assert np.array_equal(got[~inside], want[~inside])
    assert (got[inside] == 1.0).all()
    assert np.allclose(want[inside], 1.0, rtol=0, atol=1e-12)


def _count_within(sites_: np.ndarray, layer: Layer, radius: np.ndarray) -> np.ndarray:
    """The fast path (k-d tree counts where certain, GEOS for the rest)."""
    counts, rest = _points_within(sites_, layer, radius, {})
    if len(rest):
            counts[rest] += _within_geos(sites_[rest], layer, radius[rest],
                                     shapely.get_coordinates(shapely.centroid(sites_[rest])))  # fmt: skip
    return counts


@settings(max_examples=150, deadline=None)
@given(
    st.lists(sites(), min_size=1, max_size=40),
    st.lists(xy, min_size=1, max_size=40),
    st.floats(1.0, 3_000.0),
    st.floats(0.0, 0.01),
)
def test_points_within_counts_exactly(
    site_list: list[shapely.Geometry], points: list[tuple[float, float]], metres: float,
    spread: float,
) -> None:
    pytest.importorskip("scipy")
    sites_ = np.asarray(site_list, dtype=object)
    layer = _layer([shapely.Point(p) for p in points])
    assert layer.samples is not None and layer.samples.points
    radius = metres * (1 + spread * np.linspace(-1, 1, len(sites_)))  # like the scale factor
    want = np.asarray([
        int((shapely.distance(site, layer.geoms) <= rad).sum())
        for site, rad in zip(sites_, radius)
    ])  # fmt: skip
    assert np.array_equal(_count_within(sites_, layer, radius), want)


def test_a_straight_line_layer_is_sampled_coarsely() -> None:
    pytest.importorskip("scipy")
    layer = _layer([shapely.LineString([(0, 0), (100_000, 0)])])  # no area to its extent
    assert layer.samples is not None
    assert layer.samples.spacing == 500.0
    assert len(layer.samples.owner) == 201


def test_arrow_blocks_flag_nan_and_infinity_but_not_nulls() -> None:
    import pyarrow as pa

    from bidtool.spatial.sources import _arrow_block

    wkb = [shapely.to_wkb(shapely.Point(i, i)) for i in range(7)]
    chunks = [
        pa.table({"geometry": pa.array(wkb[:4] , pa.binary()),
                  "price": pa.array([1.0, None, float("nan"), 2.0])}),
        pa.table({"geometry": pa.array([*wkb[4:6], None], pa.binary()),
                  "price": pa.array([float("inf"), -float("inf"), None])}),
    ]  # fmt: skip
    table = pa.concat_tables(chunks)  # two chunks, as a reader hands them over
    block = _arrow_block(table, "geometry", ["price"], 10, "EPSG:4326")
    assert block.nonfinite["price"].tolist() == [2, 4, 5]
    assert list(block.geoms) == [*wkb[:6], None]
    assert block.columns["price"][:2] == [1.0, None]
    assert block.rows.tolist() == list(range(10, 17))
