"""Seal → report → verify (issue 16 §1): identical when nothing changed; a changed weight,
value-function point or constraint named; a reformatted YAML file is the same criteria."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import bidtool
from bidtool.errors import InputError
from bidtool.io.seal import digest, read_seal
from tests.conftest import Run

CRITERIA = "criteria/default.yaml"


def edit(path: str, old: str, new: str) -> None:
    text = Path(path).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    Path(path).write_text(text.replace(old, new), encoding="utf-8")


def reformat(path: str) -> None:
    """The same data in another style: no comments, keys reversed, flow style, quoted text."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))

    def reverse(value: object) -> object:
        if isinstance(value, dict):
            return {k: reverse(v) for k, v in reversed(list(value.items()))}
        if isinstance(value, list):
            return [reverse(v) for v in value]
        return value

    text = yaml.safe_dump(reverse(data), sort_keys=False, allow_unicode=True,
                          default_flow_style=True, default_style='"', width=70)
    Path(path).write_text("# reformatted, same criteria\n" + text, encoding="utf-8")


@pytest.fixture
def sealed(data_dir: Path, cli: Callable[..., Run]) -> Path:
    run = cli("seal", "-c", CRITERIA)
    assert run.exit_code == 0, run.stderr
    seal = data_dir / "seal.json"
    assert run.stdout == f"sha256 {json.loads(seal.read_text())['sha256']}\n"
    return seal


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("r.json", ["rank", "-f", "json", "-o", "r.json"]),
        ("r.md", ["report", "-o", "r.md", "--samples", "200"]),
        ("r.html", ["report", "-o", "r.html", "--samples", "0"]),
        ("r.xlsx", ["report", "-o", "r.xlsx", "--samples", "0"]),
    ],
)
def test_seal_report_verify_is_identical(
    sealed: Path, cli: Callable[..., Run], name: str, args: list[str]
) -> None:
    assert cli(*args, "-c", CRITERIA).exit_code == 0
    samples = args[args.index("--samples") + 1] if "--samples" in args else "0"
    run = cli("verify", name, "--seal", "seal.json", "-c", CRITERIA, "--samples", samples)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.startswith("identical")
    if name.endswith(".json"):  # without -c the criteria come from the seal alone
        assert bidtool.verify(name, "seal.json").identical


@pytest.mark.parametrize(
    ("old", "new", "where", "named"),
    [
        # one weight
        ("        weight: 60\n", "        weight: 70\n",
         "criteria[0](infrastructure).children[0](ai_compute_pf).weight", "sealed 60, now 70"),
        # one value-function point
        ("points: [[0, 0.0], [40, 0.5], [120, 1.0]]", "points: [[0, 0.0], [40, 0.6], [120, 1.0]]",
         "criteria[2](power).children[0](power_available_mw).value_function.points[1][1]",
         "sealed 0.5, now 0.6"),
        # one constraint
        ("    op: \">=\"\n    value: 40\n", "    op: \">=\"\n    value: 150\n",
         "constraints[1].value", "sealed 40, now 150"),
    ],
    ids=["weight", "value-function point", "constraint"],
)
def test_a_changed_criterion_is_named(
    sealed: Path, cli: Callable[..., Run], old: str, new: str, where: str, named: str
) -> None:
    edit(CRITERIA, old, new)
    # the file itself no longer matches its seal: exit 3, the change named with its line
    run = cli("verify", "r.json", "--seal", "seal.json", "-c", CRITERIA)
    assert run.exit_code == 3
    assert f": {where}: {named} — the criteria file no longer matches its seal" in run.stderr
    assert run.stderr.startswith(f"{CRITERIA}:")
    # a report made from the changed file does not verify against the seal, naming the parts
    assert cli("rank", "-f", "json", "-o", "r.json", "-c", CRITERIA).exit_code == 0
    result = bidtool.verify("r.json", "seal.json")
    assert not result.identical
    paths = {d.where for d in result.differences}
    if "weight" in where:
        assert {"weights.ai_compute_pf", "weights.ai_dc_cluster_stage"} <= paths
        assert result.differences[0].where.startswith("weights.")
    elif "points" in where:
        assert "ranking.pohang.utilities.power_available_mw" in paths
    else:
        assert {"ranking.gwangju.eligible", "ranking.gwangju.failed_constraints"} <= paths
    run = cli("verify", "r.json", "--seal", "seal.json")
    assert run.exit_code == 3 and "differs" in run.stdout and "differs from what" in run.stderr


def test_a_changed_weight_is_named_in_a_markdown_report(
    sealed: Path, cli: Callable[..., Run]
) -> None:
    edit(CRITERIA, "        weight: 60\n", "        weight: 70\n")
    assert cli("report", "-o", "r.md", "--samples", "0", "-c", CRITERIA).exit_code == 0
    result = bidtool.verify("r.md", "seal.json", samples=0)
    parts = {d.part for d in result.differences}
    assert {"Ranking", "Weights"} <= parts
    assert result.differences[0].part == "Weights"  # the cause before its consequences
    weights = [d for d in result.differences if d.part == "Weights"]
    assert any("Operating public AI compute" in d.report for d in weights)


def test_reformatting_the_yaml_changes_nothing(sealed: Path, cli: Callable[..., Run]) -> None:
    before = read_seal("seal.json").sha256
    reformat(CRITERIA)
    again = bidtool.seal(CRITERIA)
    assert again.sha256 == before
    assert cli("rank", "-f", "json", "-o", "r.json", "-c", CRITERIA).exit_code == 0
    run = cli("verify", "r.json", "--seal", "seal.json", "-c", CRITERIA)
    assert run.exit_code == 0, run.stdout + run.stderr
    # without -c: the file's own hash differs from the sealed file's, nothing else
    result = bidtool.verify("r.json", "seal.json")
    assert result.identical and any("reformatted" in n for n in result.notes)


def test_seal_document(sealed: Path) -> None:
    doc = json.loads(sealed.read_text(encoding="utf-8"))
    assert doc["schema"] == "bidtool.seal/1"
    assert doc["method"] == "wsm" and doc["bidtool_version"] == bidtool.__version__
    assert abs(sum(doc["weights"]["leaves"].values()) - 1) < 1e-12
    assert doc["weights"]["written"]["ai_compute_pf"] == 60
    assert doc["value_functions"]["power_available_mw"]["points"][1] == [40, 0.5]
    assert doc["constraints"][1] == {
        "metric": "power_available_mw", "op": ">=", "value": 40,
        "reason": doc["constraints"][1]["reason"], "if_missing": "pass",
    }
    assert "site_area_m2" in doc["metric_definitions"]
    assert doc["sha256"] == digest(
        {"catalogue": doc["catalogue"]["document"], "criteria": doc["criteria"]["document"]}
    )


def test_an_edited_seal_or_catalogue_is_refused(sealed: Path, cli: Callable[..., Run]) -> None:
    assert cli("rank", "-f", "json", "-o", "r.json", "-c", CRITERIA).exit_code == 0
    doc = json.loads(sealed.read_text(encoding="utf-8"))
    doc["criteria"]["document"]["criteria"][0]["weight"] = 99
    Path("edited.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError, match="the seal was edited after it was made"):
        bidtool.verify("r.json", "edited.json")
    edit("regions/metrics.yaml", "the plot offered for the Center itself",
         "the park around the Center")
    run = cli("verify", "r.json", "--seal", "seal.json")
    assert run.exit_code == 3
    assert "regions/metrics.yaml:" in run.stderr
    assert "metrics.site_area_m2.definition: sealed" in run.stderr


def test_seal_never_replaces_another_seal_silently(sealed: Path, cli: Callable[..., Run]) -> None:
    assert cli("seal", "-c", CRITERIA).exit_code == 0  # the same seal again: fine
    assert cli("seal", "-c", "investor").exit_code == 2
    assert cli("seal", "-c", "investor", "--force").exit_code == 0


GEO = "criteria/geo.yaml"


def flip_one_byte(path: str) -> None:
    data = bytearray(Path(path).read_bytes())
    i = data.rfind(b"5")
    data[i] = ord("6")
    Path(path).write_bytes(bytes(data))


def test_the_seal_covers_the_layers_contents(data_dir: Path, cli: Callable[..., Run]) -> None:
    """A swapped layer file no longer verifies: one changed byte of the fault lines is
    exit 3 naming the layer, its file and both hashes; a reformatted criteria file still
    verifies (issue 16 follow-up: layers sealed by content)."""
    assert cli("seal", "-c", GEO).exit_code == 0
    doc = json.loads((data_dir / "seal.json").read_text(encoding="utf-8"))
    faults = (data_dir / "regions/geo/faults.geojson").read_bytes()
    import hashlib

    sha = hashlib.sha256(faults).hexdigest()
    assert doc["layers"]["faults"] == {
        "sha256": sha, "files": [{"file": "../regions/geo/faults.geojson", "sha256": sha}]
    }
    assert set(doc["layers"]) == {"cable_landings", "faults", "induced", "quakes"}
    assert doc["sha256"] == digest({"catalogue": doc["catalogue"]["document"],
                                    "criteria": doc["criteria"]["document"],
                                    "layers": doc["layers"]})
    # reformatting the criteria YAML (comments, key order, style) still verifies
    reformat(GEO)
    assert cli("rank", "-f", "json", "-o", "r.json", "-c", GEO).exit_code == 0
    run = cli("verify", "r.json", "--seal", "seal.json", "-c", GEO)
    assert run.exit_code == 0, run.stdout + run.stderr
    flip_one_byte("regions/geo/faults.geojson")
    now = hashlib.sha256(Path("regions/geo/faults.geojson").read_bytes()).hexdigest()
    for args in (["-c", GEO], []):
        run = cli("verify", "r.json", "--seal", "seal.json", *args)
        assert run.exit_code == 3, run.stdout + run.stderr
        assert (
            f"regions/geo/faults.geojson: layers.faults: layer faults changed "
            f"(sealed sha256 {sha}, now {now}) — the layer no longer matches its seal"
        ) in run.stderr
        assert "cable_landings" not in run.stderr
    Path("regions/geo/faults.geojson").write_bytes(faults)
    assert cli("verify", "r.json", "--seal", "seal.json", "-c", GEO).exit_code == 0
    Path("regions/geo/faults.geojson").unlink()
    run = cli("verify", "r.json", "--seal", "seal.json")
    assert run.exit_code == 3 and "layer faults cannot be read (file not found)" in run.stderr


def test_a_shapefile_layer_is_sealed_member_by_member(tmp_path: Path) -> None:
    """Every file of a Shapefile in a fixed order, and a polygon extent file, each hashed."""
    from bidtool.io.seal import layer_digests, layer_problems

    geo = tmp_path / "geo"
    geo.mkdir()
    for ext in (".dbf", ".shp", ".prj", ".shx"):
        (geo / f"lines{ext}").write_bytes(ext.encode())
    (geo / "box.geojson").write_text("{}", encoding="utf-8")
    (geo / "lines.txt").write_text("not a member", encoding="utf-8")
    layers = {"lines": {"path": "geo/lines.shp", "extent": "geo/box.geojson"}}
    sealed, unread = layer_digests(layers, tmp_path)
    assert not unread
    files = [f["file"] for f in sealed["lines"]["files"]]
    assert files == ["geo/lines.shp", "geo/lines.shx", "geo/lines.dbf", "geo/lines.prj",
                     "geo/box.geojson"]
    assert sealed["lines"]["sha256"] == digest(sealed["lines"]["files"])
    (geo / "lines.dbf").write_bytes(b"other attributes")
    now, _ = layer_digests(layers, tmp_path)
    problems = layer_problems(sealed, now, [], "criteria/c.yaml")
    assert [(p.file, p.path) for p in problems] == [("criteria/geo/lines.dbf", "layers.lines")]
    assert "layer lines changed (sealed sha256 " in problems[0].message


@pytest.mark.parametrize("kind", ["md", "xlsx"])
def test_verify_rederives_a_report_made_with_an_appeal(
    sealed: Path, cli: Callable[..., Run], kind: str
) -> None:
    """report --appeal FILE → verify --appeal FILE says identical; a changed corrections file
    is named first (the SHA-256 the report records against the file's), then what it moved;
    without --appeal a note says which file to give."""
    import shutil

    from bidtool.io.seal import file_sha256

    shutil.copy(Path(__file__).parent.parent / "examples/appeal-gwangju.yaml", "appeal.yaml")
    before = file_sha256(Path("appeal.yaml"))
    name = f"r.{kind}"
    run = cli("report", "-o", name, "--samples", "0", "--appeal", "appeal.yaml")
    assert run.exit_code == 0, run.stderr
    run = cli("verify", name, "--seal", "seal.json", "--samples", "0", "--appeal", "appeal.yaml")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.startswith("identical")
    if kind == "md":  # (each run rebuilds the report and both appeal runs: once is enough)
        without = bidtool.verify(name, "seal.json", samples=0)
        assert not without.identical
        assert any("give --appeal appeal.yaml" in n and before in n for n in without.notes)
    edit("appeal.yaml", "value: under_construction", "value: planned")
    now = file_sha256(Path("appeal.yaml"))
    result = bidtool.verify(name, "seal.json", samples=0, appeal="appeal.yaml")
    assert not result.identical
    first = result.differences[0]
    assert (first.part, first.where) == ("Appeal", "corrections file")
    assert first.report == f"appeal.yaml: sha256 {before}" and now in first.rederived
    assert len(result.differences) >= 2  # and what the changed corrections moved
    if kind != "md":
        return
    # the corrected figure itself, in the Appeal section
    assert any(d.part.startswith("Corrected") and "planned" in d.rederived
               for d in result.differences[1:])
    run = cli("verify", name, "--seal", "seal.json", "--samples", "0", "--appeal", "appeal.yaml",
              "-f", "json")
    assert run.exit_code == 3
    doc = json.loads(run.stdout)
    assert doc["differences"][0]["where"] == "corrections file"
    assert doc["appeal"] == "appeal.yaml"


def test_a_seal_made_before_layers_were_sealed_still_verifies(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    """A seal without 'layers' (bidtool.seal/1 as first written) keeps its digest and
    verifies, with a note that the layers' contents were not checked."""
    assert cli("seal", "-c", GEO).exit_code == 0
    doc = json.loads((data_dir / "seal.json").read_text(encoding="utf-8"))
    del doc["layers"]
    doc["sha256"] = digest({"catalogue": doc["catalogue"]["document"],
                            "criteria": doc["criteria"]["document"]})
    Path("old.json").write_text(json.dumps(doc), encoding="utf-8")
    assert cli("rank", "-f", "json", "-o", "r.json", "-c", GEO).exit_code == 0
    layer = Path("regions/geo/induced_seismicity.geojson")
    layer.write_bytes(layer.read_bytes() + b"\n")  # other bytes, the same features
    result = bidtool.verify("r.json", "old.json", criteria=GEO)
    assert result.identical
    assert any("predates sealed map layers" in n for n in result.notes)
    with pytest.raises(InputError, match="layer induced changed"):
        bidtool.verify("r.json", "seal.json", criteria=GEO)


def test_a_geoparquet_directory_is_sealed_part_by_part(tmp_path: Path) -> None:
    """A directory layer: its GeoParquet parts by name (hidden and _metadata files are not
    read by the reader, so not sealed); a new part changes the layer."""
    from bidtool.io.seal import layer_digests, layer_problems

    parts = tmp_path / "hazards.parquet"
    parts.mkdir()
    for name in ("part-1.parquet", "part-0.parquet", "_metadata", ".hidden.parquet"):
        (parts / name).write_bytes(name.encode())
    sealed, _ = layer_digests({"hazards": {"path": "hazards.parquet"}}, tmp_path)
    assert [f["file"] for f in sealed["hazards"]["files"]] == [
        "hazards.parquet/part-0.parquet", "hazards.parquet/part-1.parquet"]
    (parts / "part-2.parquet").write_bytes(b"more")
    now, _ = layer_digests({"hazards": {"path": "hazards.parquet"}}, tmp_path)
    problems = layer_problems(sealed, now, [], "c.yaml")
    assert [p.file for p in problems] == ["hazards.parquet/part-2.parquet"]
    assert "sealed sha256 absent, now " in problems[0].message


def test_a_json_report_with_a_duplicated_key_is_not_identical(
    sealed: Path, cli: Callable[..., Run]
) -> None:
    # a tampered score written before the real one: a reader that keeps the first key sees
    # 0.99; Python's json keeps the last, so the parsed document alone looked identical
    assert cli("rank", "-f", "json", "-o", "r.json", "-c", CRITERIA).exit_code == 0
    text = Path("r.json").read_text(encoding="utf-8")
    at = text.index('"score":')
    Path("t.json").write_text(text[:at] + '"score": 0.99, ' + text[at:], encoding="utf-8")
    result = bidtool.verify("t.json", "seal.json")
    assert not result.identical
    assert any("duplicate" in d.report and "score" in d.where for d in result.differences)
    run = cli("verify", "t.json", "--seal", "seal.json")
    assert run.exit_code == 3 and "differs" in run.stderr


@pytest.mark.parametrize("name", ["r.json", "r.md"])
def test_a_report_identical_in_content_but_not_in_bytes_says_so(
    sealed: Path, cli: Callable[..., Run], name: str
) -> None:
    args = ["rank", "-f", "json"] if name.endswith(".json") else ["report", "--samples", "0"]
    assert cli(*args, "-o", name, "-c", CRITERIA).exit_code == 0
    data = Path(name).read_bytes()
    Path(name).write_bytes(data.replace(b"\n", b"\r\n"))  # line endings changed in transit
    result = bidtool.verify(name, "seal.json", samples=0)
    assert result.identical  # the content is what the seal gives…
    assert any("bytes differ" in n for n in result.notes), result.notes  # …but not the bytes


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_a_json_report_with_a_non_finite_number_is_refused(
    sealed: Path, cli: Callable[..., Run], value: str
) -> None:
    # JSON has no NaN or infinity; Python's json reads them anyway, and comparing one used
    # to end in an internal error (exit 1) instead of naming the report
    assert cli("rank", "-f", "json", "-o", "r.json", "-c", CRITERIA).exit_code == 0
    text = Path("r.json").read_text(encoding="utf-8")
    at = text.index('"score":')
    end = text.index(",", at)
    Path("t.json").write_text(text[:at] + f'"score": {value}' + text[end:], encoding="utf-8")
    run = cli("verify", "t.json", "--seal", "seal.json")
    assert run.exit_code == 3, (run.stdout, run.stderr)
    assert "t.json" in run.stderr and "not JSON" in run.stderr
