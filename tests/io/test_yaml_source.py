"""Line-numbered YAML: merge keys by the YAML rules, bounded numbers, helpful syntax errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bidtool.errors import InputError
from bidtool.io.yaml_source import format_path, parse_yaml
from tests.conftest import Run

BASE = "base: &base {unit: MW, value: 1, status: confirmed}\n"


def test_explicit_key_after_merge_key_overrides_and_is_not_a_duplicate() -> None:
    doc = parse_yaml(BASE + "power:\n  <<: *base\n  unit: kW\n  value: 2\n", "r.yaml")
    assert doc.problems == ()
    assert doc.data["power"] == {"unit": "kW", "value": 2, "status": "confirmed"}
    assert doc.line_of(("power", "unit")) == 4  # the explicit key's own line


def test_earlier_merged_mapping_wins_over_later() -> None:
    doc = parse_yaml("a: &a {x: 1}\nb: &b {x: 2, y: 3}\nc:\n  <<: [*a, *b]\n", "r.yaml")
    assert doc.problems == ()
    assert doc.data["c"] == {"x": 1, "y": 3}


def test_real_duplicate_keys_around_a_merge_stay_errors() -> None:
    doc = parse_yaml(BASE + "power:\n  <<: *base\n  unit: kW\n  unit: GW\n", "r.yaml")
    assert [p.message.split(" (")[0] for p in doc.problems] == ["duplicate key 'unit'"]
    assert doc.problems[0].line == 5


def test_self_merging_anchor_is_refused_not_a_crash() -> None:
    with pytest.raises(InputError, match="nesting deeper than"):
        parse_yaml("a: &a {<<: *a}\n", "r.yaml")


def test_merge_key_in_a_region_file_loads(data_dir: Path, cli: Callable[..., Run]) -> None:
    path = data_dir / "regions" / "jeonnam.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  power_available_mw:\n    value: 500\n    unit: MW\n"
    assert old in text
    path.write_text(
        text.replace("metrics:\n", "x-mw: &mw {unit: MW}\nmetrics:\n", 1).replace(
            old, "  power_available_mw:\n    <<: *mw\n    value: 500\n    unit: MW\n"
        ),
        encoding="utf-8",
    )
    # x-mw is not a region key: the schema (not the YAML layer) reports it
    run = cli("validate", "-c", "criteria/default.yaml")
    assert "duplicate" not in run.stderr
    assert "unknown key 'x-mw'" in run.stderr


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("x: " + "9" * 400 + "\n", "number too large (400 digits)"),
        ("x: -" + "9" * 400 + "\n", "number too large (400 digits)"),
        ("x: 1.0e+400\n", "number too large (1.0e+400)"),
        ("x: [1, 2, " + "1" * 310 + "]\n", "number too large (310 digits)"),
    ],
)
def test_numbers_beyond_float64_are_reported_where_written(text: str, found: str) -> None:
    doc = parse_yaml(text, "r.yaml")
    assert len(doc.problems) == 1
    assert found in doc.problems[0].message
    assert doc.problems[0].line == 1


def test_explicit_infinity_is_left_to_the_schema() -> None:
    doc = parse_yaml("x: .inf\n", "r.yaml")
    assert doc.problems == () and doc.data["x"] == float("inf")


def test_tab_indentation_names_the_column() -> None:
    with pytest.raises(InputError) as exc:
        parse_yaml("metrics:\n  a: 1\n\tb: 2\n", "r.yaml")
    assert str(exc.value) == "r.yaml:3: invalid YAML: tab at column 1; YAML indents with spaces"


def test_format_path_shows_ids_beside_indices() -> None:
    data = {"criteria": [{"id": "power", "children": [{"id": "mw"}, {"x": 1}]}]}
    assert format_path(("criteria", 0, "children", 0, "weight"), data) == (
        "criteria[0](power).children[0](mw).weight"
    )
    assert format_path(("criteria", 0, "children", 1), data) == "criteria[0](power).children[1]"
    assert format_path(("criteria", 0, "weight")) == "criteria[0].weight"


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("012", "write 12 (a leading zero reads as octal in YAML)"),
        ("-012", "write -12 (a leading zero reads as octal in YAML)"),
        ("1:30", "1:30 reads as a base-60 number in YAML; quote it if you mean text"),
        ("0x1F4", "write 500 if that is the figure"),
        ("0b101", "write 5 if that is the figure"),
        ("0o777", "write 511 if you mean octal 777"),
        ("12_6.5", "write 126.5"),
        ("1_00", "write 100"),
    ],
)
def test_yaml_1_1_octal_sexagesimal_hex_binary_underscore_not_read_silently(
    written: str, fix: str
) -> None:
    doc = parse_yaml(f"value: {written}\n", "r.yaml")
    assert [p.message for p in doc.problems if fix in p.message], doc.problems
    assert doc.problems[0].line == 1 and doc.problems[0].path == "value"
    assert doc.data["value"] == written  # the text as written, never 10 or 90


@pytest.mark.parametrize("written", ["12", "0", "0.5", "012.5", '"012"', "'1:30'", "1.5e+3", "-3"])
def test_ordinary_numbers_and_quoted_text_still_read(written: str) -> None:
    assert parse_yaml(f"value: {written}\n", "r.yaml").problems == ()


def test_quoted_0o777_hint_is_not_write_0() -> None:
    from bidtool.io.schema import number_hint

    assert "write 0" not in number_hint("0o777")
    assert "write 8" in number_hint("08")


def test_region_octal_value_is_one_problem_exit_3(data_dir: Path, cli: Callable[..., Run]) -> None:
    path = data_dir / "regions" / "busan.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    value: 30\n" in text  # cable_landing_km
    path.write_text(text.replace("    value: 30\n", "    value: 0216\n", 1), encoding="utf-8")
    r = cli("rank", "-c", "criteria/default.yaml", "-r", "regions")
    assert r.exit_code == 3
    assert "write 216 (a leading zero reads as octal in YAML)" in r.stderr
    assert "1 problem in the input" in r.stderr, r.stderr
