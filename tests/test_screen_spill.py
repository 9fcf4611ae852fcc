"""Screening with the measures spilled to disk (issue 14): the same bytes, bounded memory.

``bidtool screen`` keeps only scores, ranks and order in memory and reads each
output block's rows back from a temporary Arrow file; every format must be the
bytes the all-in-memory :class:`~bidtool.screening.Screened` renders, whatever
the chunk size, the record-batch size and the method.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bidtool import screen_spill
from bidtool.documents.json import dumps
from bidtool.documents.screen import document
from bidtool.io.loading import load_criteria
from bidtool.render import screen as render
from bidtool.screen_engine import screen_ranked, screen_source
from bidtool.screen_spill import decode_values, encode_values
from tests.test_screen_engine import ID, SMALL, small  # noqa: F401  (a fixture)

RENDERERS = (render.render_csv, render.render_geojson, render.render_json)


def _outputs(source: Path, crit: Any, **kw: Any) -> list[str]:
    with screen_ranked(source, crit, id_field=ID, display="candidates", **kw) as ranked:
        assert ranked.spill.dir.is_dir()
        got = [r(ranked) for r in RENDERERS]
        table = render.render_table(ranked, 5)
        assert table.title == render.render_table(ranked.to_screened(), 5).title
    assert not ranked.spill.dir.exists()  # removed
    return got


@pytest.mark.parametrize("size", [1, 7, 1000, SMALL])
def test_spilled_outputs_are_the_in_memory_bytes_for_every_chunk_size(
    small: dict[str, Path], size: int, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    crit = load_criteria(str(small["root"] / "criteria.yaml"))
    whole = screen_source(small["parquet"], crit, id_field=ID, display="candidates",
                          chunk_size=10 * SMALL)
    expected = [r(whole) for r in RENDERERS]
    assert expected[2] == dumps(document(whole))  # the streamed JSON is dumps' text
    monkeypatch.setattr(screen_spill, "BATCH", 16)  # many record batches, gathered across
    monkeypatch.setattr(render, "CSV_BLOCK", 9)  # output blocks across batches
    assert _outputs(small["parquet"], crit, chunk_size=size) == expected


@pytest.mark.parametrize("method", ["topsis", "vikor", "promethee2"])
def test_methods_scored_whole_give_the_same_bytes(
    small: dict[str, Path], method: str, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    crit = load_criteria(str(small["root"] / "criteria.yaml"))
    whole = screen_source(small["parquet"], crit, id_field=ID, method=method, chunk_size=7)
    monkeypatch.setattr(screen_spill, "BATCH", 16)
    with screen_ranked(small["parquet"], crit, id_field=ID, method=method,
                       chunk_size=7) as ranked:
        assert render.render_csv(ranked) == render.render_csv(whole)


def test_missing_mean_and_exclude(small: dict[str, Path], tmp_path: Path) -> None:  # noqa: F811
    doc = yaml.safe_load((small["root"] / "criteria.yaml").read_text(encoding="utf-8"))
    doc["criteria"][0]["missing"] = "exclude"
    for policy in ("mean", "worst"):
        doc["criteria"][2]["missing"] = policy
        doc["layers"] = {k: {"path": str(small["root"] / v["path"])}
                         for k, v in doc["layers"].items()}
        path = tmp_path / f"{policy}.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        crit = load_criteria(str(path))
        whole = screen_source(small["parquet"], crit, id_field=ID)
        with screen_ranked(small["parquet"], crit, id_field=ID, chunk_size=13) as ranked:
            assert render.render_csv(ranked) == render.render_csv(whole)


def test_the_dask_runner_contract_spills_as_chunks_arrive(small: dict[str, Path]) -> None:  # noqa: F811
    crit = load_criteria(str(small["root"] / "criteria.yaml"))
    held: list[int] = []

    def run(fn: Any, specs: list[Any], context: Any, done: Callable[[int], None],
            keep: Callable[[Any], Any]) -> list[Any]:
        out = []
        for i, spec in reversed(list(enumerate(specs))):  # any order
            kept = keep(pickle.loads(pickle.dumps(fn(spec, context))))
            held.append(len(kept.ids))
            out.append(kept)
            done(i)
        return out

    whole = screen_source(small["parquet"], crit, id_field=ID)
    with screen_ranked(small["parquet"], crit, id_field=ID, chunk_size=11,
                       run_chunks=run) as ranked:
        assert render.render_csv(ranked) == render.render_csv(whole)
    assert held and not any(held)  # the client keeps no per-candidate lists


def test_values_come_back_as_the_same_python_objects() -> None:
    values = [None, 1.5, -0.0, 3, 2**60, True, "임야", [1, 2], float("inf"), 0]
    back = decode_values(*_arrow(encode_values(values)))
    assert back == values
    assert [type(v) for v in back] == [type(v) for v in values]


def _arrow(encoded: Any) -> Any:
    import pyarrow as pa

    tag, num, obj = encoded
    return tag, num, pa.array(obj, pa.binary())


def test_the_spill_is_removed_when_screening_fails(
    small: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path  # noqa: F811
) -> None:
    from bidtool import screen_engine

    crit = load_criteria(str(small["root"] / "criteria.yaml"))

    def boom(*a: Any, **k: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(screen_engine, "finish_ranked", boom)
    with pytest.raises(KeyboardInterrupt):
        screen_ranked(small["parquet"], crit, id_field=ID, spill_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_streamed_output_failing_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    from bidtool.output import emit_chunks

    target = tmp_path / "shortlist.csv"
    target.write_text("old\n", encoding="utf-8")

    def chunks() -> Any:
        yield "rank,id\r\n"
        raise RuntimeError("the spill could not be read")

    with pytest.raises(RuntimeError):
        emit_chunks(chunks(), target, "utf-8-sig")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["shortlist.csv"]
    emit_chunks(iter(["a,", "b\r\n", "ü"]), target, "utf-8-sig")
    assert target.read_bytes() == "a,b\r\nü".encode("utf-8-sig")  # one BOM


def test_ranks_of_many_tested_in_slices_are_the_pairwise_ranks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np

    from bidtool import ranks

    rng = np.random.default_rng(3)
    s = np.round(rng.uniform(0, 1, (2, 300)), 2)  # many ties, across slice edges
    want = ranks.rank_matrix(s, True)
    monkeypatch.setattr(ranks, "_SLICE", 7)
    assert (ranks._rank_sorted(s) == want).all()
    monkeypatch.setattr(ranks, "PAIRWISE_MAX", 10**6)
    assert (ranks.rank_matrix(s, True) == want).all()


@pytest.mark.parametrize("higher", [True, False])
@pytest.mark.parametrize("m", [50, 400])
def test_spilled_ranking_is_competition_ranks_ties_by_id(higher: bool, m: int) -> None:
    import numpy as np
    import pyarrow as pa

    from bidtool.ranks import competition_ranks
    from bidtool.screen_engine import _rank_spilled

    rng = np.random.default_rng(m)
    scores = np.round(rng.uniform(0, 1, m), 2) * (1 + 1e-13 * rng.integers(0, 2, m))
    eligible = rng.uniform(0, 1, m) > 0.2
    ids = np.array([f"c{rng.integers(0, 10**6):07d}-{k}" for k in range(m)], dtype=object)

    class Ids:
        def gather(self, names: list[str], idx: Any) -> dict[str, Any]:
            return {"id": pa.array(list(ids[idx]), pa.string())}

    ranks, order = _rank_spilled(scores, eligible, Ids(), higher)  # type: ignore[arg-type]
    elig = np.flatnonzero(eligible)
    o, r = competition_ranks(scores[elig], list(ids[elig]), higher)
    inelig = np.flatnonzero(~eligible)
    inelig = inelig[np.argsort(ids[inelig], kind="stable")]
    assert order.tolist() == [*elig[o].tolist(), *inelig.tolist()]
    assert ranks[elig].tolist() == r and not ranks[~eligible].any()
