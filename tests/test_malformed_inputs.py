"""Bad input gets a clear error, never a traceback: exit 3, file, line and key named.

Each case breaks a private copy of the bundled data in one way and runs the
real command.  Together they cover every kind of problem the loader promises
to catch (issue: "bidtool rank, end to end", point 4).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Edit = Callable[[Path], None]


def replace(rel: str, old: str, new: str, count: int = 1) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test setup: {old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return edit


def write(rel: str, content: str | bytes) -> Edit:
    def edit(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return edit


def remove_regions(root: Path) -> None:
    for p in (root / "regions").glob("*.yaml"):
        p.unlink()


BILLION_LAUGHS = (
    "\n".join(
        ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        + [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]
    )
    + "\n"
)

REGION_HEAD = "schema: bidtool.region/1\nname: X\nmetrics:\n"

CASES: list[tuple[str, Edit, str, str]] = [
    # (id, edit, file named, key path / text that must appear)
    (
        "unknown key with did-you-mean",
        replace("criteria/default.yaml", "        weight: 60\n", "        weigth: 60\n"),
        "criteria/default.yaml:",
        "did you mean 'weight'",
    ),
    (
        "unknown metric field",
        replace("regions/gwangju.yaml", "    value: 120\n", "    value: 120\n    sorce: x\n"),
        "regions/gwangju.yaml:",
        "metrics.power_available_mw.sorce",
    ),
    (
        "duplicate key in region",
        replace(
            "regions/busan.yaml", "  ai_compute_pf:\n", "  ai_compute_pf: 1\n  ai_compute_pf:\n"
        ),
        "regions/busan.yaml:",
        "duplicate key 'ai_compute_pf'",
    ),
    (
        "duplicate key in criteria",
        replace("criteria/default.yaml", "method: wsm\n", "method: wsm\nmethod: wsm\n"),
        "criteria/default.yaml:",
        "duplicate key 'method'",
    ),
    (
        "wrong type for weight",
        replace("criteria/default.yaml", "    weight: 25\n", "    weight: heavy\n"),
        "criteria/default.yaml:",
        "criteria[2](power).weight: expected a number, got 'heavy'",
    ),
    (
        "negative weight",
        replace("criteria/default.yaml", "    weight: 25\n", "    weight: -5\n"),
        "criteria/default.yaml:",
        "expected a number >= 0",
    ),
    (
        "all-zero sibling weights",
        lambda root: [
            replace("criteria/default.yaml", f"    weight: {w}\n", "    weight: 0\n", count=9)(root)
            for w in (15, 25, 20, 10)
        ],
        "criteria/default.yaml:",
        "all sibling weights are zero",
    ),
    (
        "unit mismatch",
        replace(
            "regions/jeonnam.yaml", "    value: 500\n    unit: MW", "    value: 500\n    unit: kW"
        ),
        "regions/jeonnam.yaml:",
        "metrics.power_available_mw.unit: expected 'MW'",
    ),
    (
        "unknown metric in criteria",
        replace(
            "criteria/default.yaml",
            "      - id: cable_landing_km\n",
            "      - id: cable_landing_km\n        metric: cable_landing_kms\n",
        ),
        "criteria/default.yaml:",
        "did you mean 'cable_landing_km'",
    ),
    (
        "NaN value",
        replace("regions/gwangju.yaml", "value: 11.9", "value: .nan"),
        "regions/gwangju.yaml:",
        "grid_self_sufficiency_pct.value: expected a finite number",
    ),
    (
        "infinite weight",
        replace("criteria/default.yaml", "    weight: 25\n", "    weight: .inf\n"),
        "criteria/default.yaml:",
        "criteria[2](power).weight",
    ),
    (
        "empty criteria file",
        write("criteria/default.yaml", ""),
        "criteria/default.yaml",
        "file is empty",
    ),
    (
        "empty region file",
        write("regions/empty.yaml", "# nothing\n"),
        "regions/empty.yaml",
        "file is empty",
    ),
    ("directory with no regions", remove_regions, "regions", "no region files"),
    (
        "billion laughs",
        write("regions/bomb.yaml", BILLION_LAUGHS),
        "regions/bomb.yaml",
        "alias/anchor bomb",
    ),
    (
        "multi-megabyte file",
        write("regions/huge.yaml", REGION_HEAD + "".join(f"  m{i}: {i}\n" for i in range(250_000))),
        "regions/huge.yaml",
        "the limit is 2 MiB",
    ),
    (
        "YAML syntax error",
        write("regions/broken.yaml", REGION_HEAD + "  a: [1, 2\n"),
        "regions/broken.yaml:",
        "invalid YAML",
    ),
    (
        "top level is a list",
        write("regions/list.yaml", "- 1\n- 2\n"),
        "regions/list.yaml:",
        "expected a YAML mapping at the top",
    ),
    (
        "wrong schema",
        replace("regions/ulsan.yaml", "bidtool.region/1", "bidtool.region/9"),
        "regions/ulsan.yaml:2:",  # line 1 is a comment
        "schema: expected one of 'bidtool.region/1'",
    ),
    (
        "missing required name",
        replace("regions/ulsan.yaml", "name: Ulsan\n", ""),
        "regions/ulsan.yaml:",
        "name: required key is missing",
    ),
    (
        "bad direction",
        replace("criteria/default.yaml", "direction: cost", "direction: down"),
        "criteria/default.yaml:",
        "direction: expected one of",
    ),
    (
        "linear worst equals best",
        replace(
            "criteria/default.yaml",
            "{type: linear, worst: 0, best: 100}",
            "{type: linear, worst: 100, best: 100}",
        ),
        "criteria/default.yaml:",
        "worst and best must differ",
    ),
    (
        "piecewise points out of order",
        replace(
            "criteria/default.yaml",
            "[[0, 0.0], [40, 0.5], [120, 1.0]]",
            "[[0, 0.0], [120, 0.5], [40, 1.0]]",
        ),
        "criteria/default.yaml:",
        "strictly increasing",
    ),
    (
        "unknown category",
        replace("regions/pohang.yaml", "value: passed", "value: pased"),
        "regions/pohang.yaml:",
        "metrics.grid_impact_assessment.value: expected one of",
    ),
    (
        "text for a numeric criterion",
        replace("regions/gwangju.yaml", "value: 11.9\n", "value: 11.9 %\n"),
        "regions/gwangju.yaml:",
        "grid_self_sufficiency_pct.value: expected a number",
    ),
    (
        "bad constraint operator",
        replace("criteria/default.yaml", 'op: ">="', 'op: "=>"'),
        "criteria/default.yaml:",
        "constraints[1].op",
    ),
    (
        "constraint on unknown metric",
        replace(
            "criteria/default.yaml",
            "  - metric: outside_capital_region",
            "  - metric: outside_capitol_region",
        ),
        "criteria/default.yaml:",
        "did you mean 'outside_capital_region'",
    ),
    (
        "missing: error with unknown values",
        # file-wide policy; the first leaf without its own `missing:` is ai_compute_pf
        replace("criteria/default.yaml", "\nmissing: mean\n", "\nmissing: error\n"),
        "regions/busan.yaml:",
        "no value for 'ai_compute_pf'",
    ),
    (
        "duplicate criterion id",
        replace(
            "criteria/default.yaml",
            "      - id: tariff_cut_pct",
            "      - id: grid_self_sufficiency_pct",
        ),
        "criteria/default.yaml:",
        "duplicate criterion id 'grid_self_sufficiency_pct'",
    ),
    (
        "invalid region id",
        replace("regions/ulsan.yaml", "id: ulsan", "id: Ul San"),
        "regions/ulsan.yaml:",
        "id: expected an id",
    ),
    (
        "python object tag",
        write(
            "regions/evil.yaml",
            REGION_HEAD + '  x: !!python/object/apply:os.system ["echo pwned"]\n',
        ),
        "regions/evil.yaml:",
        "cannot read this value",
    ),
    (
        "not UTF-8",
        write("regions/latin1.yaml", (REGION_HEAD + "  caf\xe9: 1\n").encode("latin-1")),
        "regions/latin1.yaml:",
        "not UTF-8",
    ),
    (
        "lat/lon swapped",
        replace("regions/gwangju.yaml", "[126.85, 35.23]", "[35.23, 126.85]"),
        "regions/gwangju.yaml:",
        "site.location: looks like [lat, lon]",
    ),
    (
        "group with a metric",
        replace(
            "criteria/default.yaml",
            "    label_ko: 재해 위험\n",
            "    label_ko: 재해 위험\n    unit: km\n",
        ),
        "criteria/default.yaml:",
        "a group (with children) cannot have unit",
    ),
    (
        "leaf without direction",
        lambda root: [
            replace(
                "criteria/default.yaml",
                "        direction: cost\n        weight: 1\n",
                "        weight: 1\n",
            )(root),
            replace(
                "criteria/default.yaml",
                "        value_function: {type: linear, worst: 300, best: 0}\n",
                "",
            )(root),
        ],
        "criteria/default.yaml:",
        "needs a direction",
    ),
    (
        "several YAML documents",
        write("regions/two.yaml", REGION_HEAD + "  a: 1\n---\nb: 2\n"),
        "regions/two.yaml:",
        "expected one YAML document",
    ),
    (
        "nesting bomb",
        write("regions/deep.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n"),
        "regions/deep.yaml",
        "nesting deeper than",
    ),
    (
        "constraint value not a number",
        replace("criteria/default.yaml", "    value: 40\n", "    value: forty\n"),
        "criteria/default.yaml:",
        "constraints[1].value: expected a number",
    ),
]


@pytest.mark.parametrize(
    ("edit", "file", "needle"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
@pytest.mark.parametrize("command", ["rank", "validate"])
def test_malformed_input_is_a_clear_error(
    data_dir: Path, cli: Callable[..., Run], command: str, edit: Edit, file: str, needle: str
) -> None:
    edit(data_dir)
    ranking = data_dir / "ranking.csv"
    ranking.write_text("previous report\n", encoding="utf-8")
    args = [command] + (["-o", "ranking.csv"] if command == "rank" else [])
    if command == "validate":
        args += ["-c", "criteria/default.yaml"]
    run = cli(*args)
    assert run.exit_code == 3, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert file in run.stderr
    assert needle in run.stderr
    assert run.stdout == ""
    # nothing half-written: the earlier report is untouched, no temp files left
    assert ranking.read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith(".")) == []


def test_many_distinct_cases() -> None:
    assert len({c[0] for c in CASES}) >= 25


def test_all_problems_reported_at_once(data_dir: Path, cli: Callable[..., Run]) -> None:
    replace("regions/gwangju.yaml", "value: 11.9", "value: .nan")(data_dir)
    replace("regions/busan.yaml", "  ai_compute_pf:\n", "  ai_compute_pf: 1\n  ai_compute_pf:\n")(
        data_dir
    )
    replace("regions/jeonnam.yaml", "    value: 500\n    unit: MW", "    value: 500\n    unit: kW")(
        data_dir
    )
    run = cli("validate", "-c", "criteria/default.yaml")
    assert run.exit_code == 3
    lines = [ln for ln in run.stderr.splitlines() if ln.startswith("regions/")]
    assert len(lines) == 3, run.stderr
    assert "3 problems" in run.stderr


def test_problem_lines_have_file_line_path_message(data_dir: Path, cli: Callable[..., Run]) -> None:
    replace("regions/jeonnam.yaml", "    value: 500\n    unit: MW", "    value: 500\n    unit: kW")(
        data_dir
    )
    run = cli("validate", "-c", "criteria/default.yaml")
    line = run.stderr.splitlines()[0]
    lineno = next(
        i
        for i, t in enumerate((data_dir / "regions/jeonnam.yaml").read_text().splitlines(), 1)
        if "unit: kW" in t
    )
    assert line.startswith(
        f"regions/jeonnam.yaml:{lineno}: metrics.power_available_mw.unit: "
        "expected 'MW' (regions/metrics.yaml:"
    )
    assert line.endswith("got 'kW'")
