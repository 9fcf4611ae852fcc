"""The GAIA plane in the report: an inline SVG, deterministic, every label escaped."""

from __future__ import annotations

import numpy as np

from bidtool.methods.gaia import gaia
from bidtool.prepare import load_inputs
from bidtool.ranking import gaia_of, rank
from bidtool.report import html
from bidtool.report.content import build_report
from bidtool.report.gaia import gaia_svg, poorly_represented


def test_svg_is_deterministic_and_escapes_every_label() -> None:
    g = gaia(
        np.array([[0.5, -0.2, 0.1], [-0.3, 0.4, 0.0], [-0.2, -0.2, -0.1]]),
        [0.5, 0.3, 0.2],
        ["a", "b", "c"],
        ["c1", "c2", "c3"],
    )
    hostile = {"a": "<script>alert(1)</script>", "b": 'B "quoted" & co', "c": "광주"}
    svg = gaia_svg(g, hostile, {"c1": "<b>power</b>"})
    assert svg == gaia_svg(g, hostile, {"c1": "<b>power</b>"})
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg and "&lt;b&gt;power" in svg
    assert "광주" in svg
    assert "δ = " in svg and 'data-region="a"' in svg


def test_the_report_draws_the_bundled_regions_gaia_plane() -> None:
    inputs = load_inputs()
    g = gaia_of(rank(inputs))
    assert g is not None
    assert set(g.alternatives) <= {r.id for r in inputs.regions}
    assert 0.0 < g.delta <= 1.0
    page = html.render(build_report(inputs, samples=0))
    assert 'id="gaia-plane"' in page and "Which criteria conflict?" in page
    assert f"δ = {g.delta:.1%}" in page
    for c in poorly_represented(g):
        label = next(leaf.criterion.label for leaf in inputs.criteria.leaves if leaf.id == c)
        assert label in page
