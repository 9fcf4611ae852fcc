"""The decision room's content: what the page embeds is what the CLI computes."""

from __future__ import annotations

import pytest

import bidtool
from bidtool.room import additive_method, build_room, sliders_of


def test_room_intervals_and_p_first_are_bidtool_sensitivity() -> None:
    inputs = bidtool.load()
    room = build_room(inputs, samples=500, seed=3)
    sens = bidtool.sensitivity(inputs, samples=500, seed=3)
    assert room.sensitivity is not None and sens.smaa is not None
    assert [(s.criterion, s.leader, s.leader_interval) for s in room.sensitivity.sweeps] == [
        (s.criterion, s.leader, s.leader_interval) for s in sens.sweeps
    ]
    assert room.p_first() == {
        rid: pytest.approx(float(p), abs=0) for rid, p in zip(sens.smaa.ids, sens.smaa.p_first)
    }
    near = bidtool.sensitivity(inputs, samples=500, seed=3, weight_draws="dirichlet")
    assert near.smaa is not None
    assert room.p_first(near=True) == dict(zip(near.smaa.ids, map(float, near.smaa.p_first)))


def test_room_utilities_are_the_rankings() -> None:
    inputs = bidtool.load()
    room = bidtool.api.room(inputs, samples=0)
    ranking = bidtool.rank(inputs)
    assert room.ranking.to_dict() == ranking.to_dict()
    assert room.exact and room.reweigh_method == ranking.method
    assert room.sensitivity is not None and room.sensitivity.smaa is None and room.near is None


def test_sliders_follow_the_file_and_say_why_one_is_fixed() -> None:
    sliders = sliders_of(bidtool.load("pairwise"))
    assert [s.criterion.id for s in sliders][:3] == ["infrastructure", "ai_compute_pf",
                                                     "ai_dc_cluster_stage"]
    assert {s.depth for s in sliders} == {0, 1}
    top = [s for s in sliders if s.depth == 0]
    assert all(s.fixed == "ahp" for s in top)
    entropy = sliders_of(bidtool.load(weighting="entropy"))
    assert all(s.fixed == "entropy" for s in entropy)
    assert bidtool.api.room(bidtool.load(), "topsis", samples=0).reweigh_method == (
        additive_method()
    )
