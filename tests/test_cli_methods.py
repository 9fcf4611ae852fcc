"""Methods and weights through the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, reference_case


def _write_case(root: Path, case: dict) -> None:
    inp = case["input"]
    (root / "regions").mkdir()
    for i, alt in enumerate(inp["alternatives"]):
        metrics = "".join(f"  {c}: {v}\n" for c, v in zip(inp["criteria"], inp["matrix"][i]))
        (root / "regions" / f"{alt.lower()}.yaml").write_text(
            f"schema: bidtool.region/1\nname: {alt}\nmetrics:\n{metrics}", encoding="utf-8"
        )
    leaves = "".join(
        f"  - {{id: {c}, direction: {'benefit' if t > 0 else 'cost'}, weight: {w}}}\n"
        for c, t, w in zip(inp["criteria"], inp["types"], inp["weights"])
    )
    (root / "case.yaml").write_text(
        f"schema: bidtool.criteria/1\nname: {case['id']}\nmethod: {case['method']}\n"
        f"criteria:\n{leaves}",
        encoding="utf-8",
    )


def test_topsis_hwang_yoon_through_the_cli(
    tmp_path: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = reference_case("topsis_hwang_yoon_1981_fighter_aircraft")
    _write_case(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    run = cli("rank", "--method", "topsis", "-c", "case.yaml", "-r", "regions", "-f", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    scores = {e["id"]: e["score"] for e in doc["ranking"]}
    expected = dict(zip(["a1", "a2", "a3", "a4"], case["expected"]["scores"]))
    for k, v in expected.items():
        assert scores[k] == pytest.approx(v, abs=case["expected"]["tolerance"]["abs"])
    assert [e["id"] for e in doc["ranking"]] == ["a1", "a3", "a4", "a2"]
    assert set(doc["ranking"][0]["extra"]) == {"d_plus", "d_minus"}


def test_method_all_json_and_table(data_dir: Path, cli: Callable[..., Run]) -> None:
    doc = json.loads(cli("rank", "--method", "all", "-f", "json").stdout)
    assert doc["method"] == "all"
    assert set(doc["methods"]) == {"wsm", "wpm", "topsis", "vikor", "promethee2"}
    for name, sub in doc["methods"].items():
        assert sub["schema"] == "bidtool.ranking/1" and sub["method"] == name
        assert len(sub["ranking"]) == 5
    assert doc["agreement"]["spearman"]["wsm"]["wsm"] == 1.0
    assert sorted(c["rank"] for c in doc["consensus"]) == [1, 2, 3, 4, 5]
    table = cli("rank", "--method", "all", "-f", "table").stdout
    assert "Agreement" in table and "promethee2" in table


def test_vikor_v_option(data_dir: Path, cli: Callable[..., Run]) -> None:
    a = json.loads(cli("rank", "-m", "vikor", "--vikor-v", "0.2", "-f", "json").stdout)
    assert a["method_info"]["v"] == 0.2
    assert a["higher_is_better"] is False


AHP = "schema: bidtool.ahp/1\nelements: [a, b, c]\n"


def test_weights_ahp_json_matrix_with_fractions(tmp_path: Path, cli: Callable[..., Run]) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(AHP + 'matrix:\n  - [1, 3, 5]\n  - ["1/3", 1, 2]\n  - ["1/5", "1/2", 1]\n')
    doc = json.loads(cli("weights", "ahp", str(f), "-f", "json").stdout)
    assert doc["schema"] == "bidtool.ahp-result/1"
    assert set(doc) >= {"weights", "lambda_max", "ci", "cr", "random_index"}
    assert doc["random_index"] == 0.58 and doc["cr"] < 0.1
    assert sum(doc["weights"].values()) == pytest.approx(1.0)
    assert doc["weights"]["a"] > doc["weights"]["b"] > doc["weights"]["c"]


def test_weights_ahp_incomplete_and_inconsistent(tmp_path: Path, cli: Callable[..., Run]) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(AHP + "judgements:\n  a: {b: 1.5}\n  b: {c: 2}\n")
    assert cli("weights", "ahp", str(f), "-f", "json").exit_code == 0
    f.write_text(AHP + "judgements:\n  a: {b: 9, c: '1/9'}\n  b: {c: 9}\n")
    run = cli("weights", "ahp", str(f), "-f", "json")
    assert run.exit_code == 0 and "consistency ratio" in run.stderr
    strict = cli("weights", "ahp", str(f), "--strict")
    assert strict.exit_code == 3 and "consistency ratio" in strict.stderr


def test_weights_ahp_bad_input(tmp_path: Path, cli: Callable[..., Run]) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(AHP + "judgements:\n  a: {bb: 3, c: zero}\n")
    run = cli("weights", "ahp", str(f))
    assert run.exit_code == 3
    assert "judgements.a.bb: unknown element 'bb'" in run.stderr
    assert "judgements.a.c: expected a positive number" in run.stderr
    f.write_text(AHP + "matrix:\n  - [1, 3, 5]\n  - [3, 1, 2]\n  - [0.2, 0.5, 1]\n")
    run = cli("weights", "ahp", str(f))
    assert run.exit_code == 3 and "not reciprocal" in run.stderr
