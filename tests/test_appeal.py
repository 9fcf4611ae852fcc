"""Appeal (issue 16 §2): the conclusions a region's corrections change, checked against
rank, unknowns and sensitivity rerun by hand with and without the corrections."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

import bidtool
from bidtool.errors import InputError
from bidtool.io.corrections import load_corrections
from tests.conftest import REPO, Run

EXAMPLE = str(REPO / "examples" / "appeal-gwangju.yaml")
SAMPLES = 2000


def by_hand(inputs: bidtool.Inputs) -> dict[str, object]:
    ranking = bidtool.rank(inputs)
    unk = bidtool.unknowns(inputs)
    sens = bidtool.sensitivity(inputs, samples=SAMPLES, seed=1).to_dict()
    return {
        "ranks": {r.id: r.rank for r in ranking.rows},
        "eligible": {r.id: r.eligible for r in ranking.rows},
        "leader": [r.id for r in ranking.rows if r.rank == 1],
        "p_first": sens["p_first"],
        "verify_first": [(v.region, v.metric) for v in unk.verify_first],
    }


def test_appeal_on_the_bundled_data_matches_reruns_by_hand() -> None:
    inputs = bidtool.load()
    result = bidtool.appeal(inputs, "gwangju", EXAMPLE, samples=SAMPLES)
    before = by_hand(inputs)
    after = by_hand(bidtool.load(scenarios=[EXAMPLE]))  # a corrections file is a scenario
    changes = {(c.conclusion, c.region): c for c in result.changes}

    # the illustrative correction moves Gwangju ahead of Jeonnam
    assert before["leader"] == ["jeonnam"] and after["leader"] == ["gwangju"]
    assert changes[("leader", None)].statement == "first place: jeonnam → gwangju"
    assert changes[("rank", "gwangju")].statement == "rank of gwangju: 2 → 1"
    # every conclusion the appeal states is what the reruns say, and nothing else changed
    ranks_b, ranks_a = before["ranks"], after["ranks"]
    assert isinstance(ranks_b, dict) and isinstance(ranks_a, dict)
    moved = {rid for rid in ranks_a if ranks_a[rid] != ranks_b[rid]}
    assert {r for (k, r) in changes if k == "rank"} == moved == {"gwangju", "jeonnam"}
    for rid in moved:
        assert (changes[("rank", rid)].before, changes[("rank", rid)].after) == (
            ranks_b[rid], ranks_a[rid])
    assert before["eligible"] == after["eligible"]
    assert not [k for k in changes if k[0] == "eligibility"]
    p_b, p_a = before["p_first"], after["p_first"]
    assert isinstance(p_b, dict) and isinstance(p_a, dict)
    assert result.before.p_first == pytest.approx(p_b, abs=1e-15)
    assert result.after.p_first == pytest.approx(p_a, abs=1e-15)
    assert {r for (k, r) in changes if k == "p_first"} == {r for r in p_a if p_a[r] != p_b[r]}
    assert list(result.before.verify_first) == before["verify_first"]
    assert list(result.after.verify_first) == after["verify_first"]
    assert (("verify_first", None) in changes) == (before["verify_first"] != after["verify_first"])
    # the corrected figure keeps its evidence
    (figure,) = result.figures
    assert figure.metric == "ai_dc_cluster_stage"
    assert (figure.before.value, figure.after.value) == ("none", "under_construction")
    assert figure.after.status == "claimed" and figure.after.sources[0].url.startswith("https://")


def test_appeal_json_and_report_section(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("appeal", "gwangju", "--corrections", EXAMPLE, "-f", "json", "--samples", "500")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["schema"] == "bidtool.appeal/1" and doc["changed"] is True
    assert doc["corrections"][0]["after"]["sources"][0]["url"].startswith("https://www.donga.com")
    assert {"conclusion": "rank", "region": "gwangju", "before": 2, "after": 1,
            "statement": "rank of gwangju: 2 → 1"} in doc["changes"]
    assert doc["after"]["leader"] == ["gwangju"] and doc["before"]["leader"] == ["jeonnam"]
    run = cli("report", "-o", "r.md", "--samples", "0", "--appeal", EXAMPLE)
    assert run.exit_code == 0, run.stderr
    text = Path("r.md").read_text(encoding="utf-8")
    assert "## Appeal: gwangju" in text and "- first place: jeonnam → gwangju" in text
    assert "appeal-gwangju.yaml" in text.split("## Inputs")[1]  # its hash is listed


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("regions:\n  gwangju:\n    tariff_cut_pct: 20\n", "got the bare value 20"),
        ("regions:\n  gwangju:\n    tariff_cut_pct: {value: 20, sources: [{title: t, url: "
         "'https://example.org'}]}\n", "expected 'status'"),
        ("regions:\n  gwangju:\n    tariff_cut_pct: {value: 20, status: claimed}\n",
         "expected 'sources' with a title and url"),
        ("regions:\n  gwangju:\n    tariff_cut_pct: {value: 20, status: claimed, sources: "
         "[{title: t}]}\n", "sources[0]: expected a 'url'"),
        ("regions:\n  gwangju:\n    tariff_cut_pct: {value: 20, status: claimed, sources: "
         "[{title: t, url: 'https://example.org'}]}\nweights: {power: 50}\n", "not the weights"),
        ("regions:\n  busan:\n    tariff_cut_pct: {value: 20, status: claimed, sources: "
         "[{title: t, url: 'https://example.org'}]}\n", "the appeal is 'gwangju''s"),
    ],
    ids=["bare", "no status", "no sources", "no url", "weights", "other region"],
)
def test_corrections_need_evidence(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_corrections(str(path), "gwangju")
    assert message in str(err.value)
    assert f"{path}:" in str(err.value)  # file and line


def test_a_wrong_figure_is_refused_with_its_line(data_dir: Path, cli: Callable[..., Run]) -> None:
    Path("c.yaml").write_text(
        "regions:\n  gwangju:\n    ai_dc_cluster_stage: {value: buildng, status: claimed, "
        "sources: [{title: t, url: 'https://example.org'}]}\n", encoding="utf-8")
    run = cli("appeal", "gwangju", "--corrections", "c.yaml")
    assert run.exit_code == 3
    assert run.stderr.startswith("c.yaml:3: regions.gwangju.ai_dc_cluster_stage")


def test_the_front_door_function_survives_importing_the_module() -> None:
    from bidtool.appeal import Appeal

    assert bidtool.appeal.__module__ == "bidtool.api"
    assert bidtool.Appeal is Appeal and callable(bidtool.verify) and callable(bidtool.seal)


def test_a_missing_corrections_file_is_named_as_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="corrections file not found") as found:
        load_corrections(str(tmp_path / "nowhere.yaml"))
    assert "scenario" not in str(found.value)
