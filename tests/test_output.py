"""``bidtool/output.py``: -o never touches anything but the file it names.

Each test is named after a failure seen at 791400d.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, Run

SITES = REPO / "regions" / "geo" / "sites.geojson"
AHP = "schema: bidtool.ahp/1\nelements: [a, b]\nmatrix:\n  - [1, 3]\n  - ['1/3', 1]\n"


@pytest.fixture
def sock(data_dir: Path) -> Iterator[Path]:
    path = data_dir / "s.csv"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.bind(str(path))
    except OSError as exc:  # pragma: no cover - path too long on some systems
        pytest.skip(f"cannot bind a unix socket here: {exc}")
    yield path
    s.close()


def _still_a_fifo(path: Path) -> bool:
    return stat.S_ISFIFO(os.lstat(path).st_mode)


def test_output_onto_fifo_replaced_the_fifo(data_dir: Path, cli: Callable[..., Run]) -> None:
    fifo = data_dir / "pipe.csv"
    os.mkfifo(fifo)
    run = cli("rank", "-o", str(fifo))
    assert run.exit_code == 1, run.stderr
    assert "cannot write" in run.stderr and "not a regular file" in run.stderr
    assert "named pipe" in run.stderr and "Traceback" not in run.stderr
    assert _still_a_fifo(fifo)


def test_output_onto_socket_replaced_the_socket(
    data_dir: Path, sock: Path, cli: Callable[..., Run]
) -> None:
    run = cli("rank", "-o", str(sock))
    assert run.exit_code == 1 and "not a regular file" in run.stderr
    assert stat.S_ISSOCK(os.lstat(sock).st_mode)


def test_output_onto_device_node_replaced_the_device(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    """As root, ``rank -o /dev/full`` replaced the device with a CSV file.

    A private device node (the same major/minor as /dev/full) stands in for
    the real one, so the test can never damage the system even where it fails.
    """
    node = data_dir / "full.csv"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here: {exc}")
    run = cli("rank", "-o", str(node))
    assert run.exit_code == 1
    assert f"cannot write {node}: not a regular file, it is a character device" in run.stderr
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_output_dash_was_a_file_named_dash(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("rank", "-o", "-", "-f", "csv")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith("rank,id,name")  # stdout, and no BOM
    assert not (data_dir / "-").exists()
    for args in (("compare", "gwangju", "busan"), ("gap", "busan"), ("regions",)):
        run = cli(*args, "-o", "-", "-f", "json")
        assert run.exit_code == 0, run.stderr
        assert run.stdout.startswith("{")
    assert not (data_dir / "-").exists()


def test_report_to_stdout_is_text_only(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("report", "-o", "-", "--samples", "0")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith("# ")  # Markdown
    run = cli("report", "-o", "-", "-f", "html", "--samples", "0")
    assert run.exit_code == 0 and run.stdout.lstrip().lower().startswith("<!doctype html")
    run = cli("report", "-o", "-", "-f", "xlsx", "--samples", "0")
    assert run.exit_code == 2 and "not text" in run.stderr and run.stdout == ""
    assert not (data_dir / "-").exists()


@pytest.mark.parametrize(
    ("args", "victim"),
    [
        (("rank", "-f", "csv", "-o", "criteria/default.yaml"), "criteria/default.yaml"),
        (("rank", "-f", "csv", "-o", "regions/busan.yaml"), "regions/busan.yaml"),
        (("rank", "-s", "what-if.yaml", "-f", "csv", "-o", "what-if.yaml"), "what-if.yaml"),
        (("rank", "-c", "geo", "-f", "geojson", "-o", "regions/geo/faults.geojson"), None),
        (("screen", "cands.geojson", "-c", "geo", "-o", "cands.geojson"), "cands.geojson"),
        (("committee", "member.yaml", "-f", "csv", "-o", "member.yaml"), "member.yaml"),
        (("weights", "ahp", "p.yaml", "-f", "json", "-o", "p.yaml"), "p.yaml"),
        (("rank", "-o", "link.csv"), "criteria/default.yaml"),  # a link to an input
        (("report", "-o", "link.md", "--samples", "0"), "regions/busan.yaml"),
    ],
    ids=[
        "criteria",
        "region",
        "scenario",
        "layer",
        "candidates",
        "member",
        "ahp",
        "link-to-input",
        "report",
    ],
)
def test_output_onto_an_input_overwrote_it(
    data_dir: Path, cli: Callable[..., Run], args: tuple[str, ...], victim: str | None
) -> None:
    (data_dir / "what-if.yaml").write_text(
        "regions: {busan: {power_available_mw: 300}}\n", encoding="utf-8"
    )
    shutil.copy(SITES, data_dir / "cands.geojson")
    shutil.copy(REPO / "examples" / "committee" / "member-a-grid-engineer.yaml", "member.yaml")
    (data_dir / "p.yaml").write_text(AHP, encoding="utf-8")
    (data_dir / "link.csv").symlink_to(data_dir / "criteria" / "default.yaml")
    (data_dir / "link.md").symlink_to(Path("regions") / "busan.yaml")
    files = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    run = cli(*args)
    assert run.exit_code == 2, run.stderr
    assert "would overwrite an input of this run" in run.stderr
    if victim is not None:
        assert f"({victim})" in run.stderr
    assert {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()} == files
    assert (data_dir / "link.csv").is_symlink()


def test_output_symlink_was_replaced_by_a_file(data_dir: Path, cli: Callable[..., Run]) -> None:
    (data_dir / "shared").mkdir()
    real = data_dir / "shared" / "ranking.csv"
    real.write_bytes(b"old\n")
    link = data_dir / "ranking.csv"
    link.symlink_to(Path("shared") / "ranking.csv")
    run = cli("rank", "-o", "ranking.csv")
    assert run.exit_code == 0, run.stderr
    assert link.is_symlink() and link.readlink() == Path("shared") / "ranking.csv"
    assert real.read_bytes().startswith(b"\xef\xbb\xbfrank,id,name")
    leftovers = [p.name for p in (data_dir / "shared").iterdir() if p.name != "ranking.csv"]
    assert leftovers == []  # the temporary file was renamed onto the target


def test_output_a_directory_was_a_problem_in_the_input(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    (data_dir / "out.csv").mkdir()
    run = cli("rank", "-o", "out.csv")
    assert run.exit_code == 1
    assert "cannot write out.csv: it is a directory" in run.stderr
    assert "problem in the input" not in run.stderr


def test_unwritable_directory_was_a_problem_in_the_input(
    data_dir: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only directory; mocked, because root may write anywhere."""

    def denied(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("bidtool.output.tempfile.mkstemp", denied)
    run = cli("rank", "-o", "r.csv")
    assert run.exit_code == 1
    assert "cannot write r.csv: permission denied" in run.stderr
    assert "problem in the input" not in run.stderr
    monkeypatch.undo()
    monkeypatch.chdir(data_dir)
    monkeypatch.setattr("bidtool.output.os.replace", denied)
    run = cli("rank", "-o", "r.csv")
    assert run.exit_code == 1 and "cannot write r.csv: permission denied" in run.stderr
    assert not (data_dir / "r.csv").exists()
    assert [p.name for p in data_dir.iterdir() if p.name.startswith(".")] == []


def test_read_only_directory_was_a_problem_in_the_input(
    data_dir: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real read-only directory. Root ignores the mode, so as root the write runs in a
    forked child that has dropped to an unprivileged user (modules already imported)."""
    import json

    # import every module the write and its error message need while still privileged
    assert cli("rank", "-o", "warm-up.csv").exit_code == 0

    def denied(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as m:
        m.setattr("bidtool.output.os.replace", denied)
        assert cli("rank", "-o", "warm-up.csv").exit_code == 1
    ro = data_dir / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    for p in [data_dir.parent, data_dir]:
        p.chmod(0o755)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            run = cli("rank", "-o", "ro/r.csv")
            os.write(write, json.dumps([run.exit_code, run.stderr]).encode())
        except BaseException as exc:
            os.write(write, json.dumps([None, repr(exc)]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as fh:
        exit_code, stderr = json.loads(fh.read() or "[null, \"child failed\"]")
    os.waitpid(pid, 0)
    ro.chmod(0o755)
    assert exit_code == 1, stderr
    assert "cannot write ro/r.csv: permission denied" in stderr
    assert list(ro.iterdir()) == []


@pytest.mark.parametrize("name", ["ranking.pdf", "ranking.html", "ranking.xls", "ranking"])
def test_rank_wrote_csv_under_any_suffix(
    data_dir: Path, cli: Callable[..., Run], name: str
) -> None:
    run = cli("rank", "-o", name)
    assert run.exit_code == 2
    assert ".csv .json .md .txt .geojson .xlsx" in run.stderr
    assert not (data_dir / name).exists()


def test_format_and_suffix_that_disagree_wrote_misleading_file(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    run = cli("rank", "-f", "csv", "-o", "ranking.pdf")
    assert run.exit_code == 2 and "does not match" in run.stderr
    run = cli("rank", "-f", "csv", "-o", "ranking.json")
    assert run.exit_code == 2 and "does not match" in run.stderr
    assert not (data_dir / "ranking.pdf").exists() and not (data_dir / "ranking.json").exists()
    # each command lists what it writes
    run = cli("sensitivity", "--samples", "0", "-o", "s.geojson")
    assert run.exit_code == 2 and ".csv .json .md .txt" in run.stderr
    assert ".geojson" not in run.stderr.split("writes", 1)[1]
    run = cli("screen", str(SITES), "-c", "geo", "-o", "short.md")
    assert run.exit_code == 2 and ".csv .json .txt .geojson" in run.stderr


def test_rank_xlsx_was_csv_text(data_dir: Path, cli: Callable[..., Run]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    assert cli("rank", "-o", "a.xlsx").exit_code == 0
    assert cli("rank", "-f", "xlsx", "-o", "b.xlsx").exit_code == 0
    a, b = (data_dir / "a.xlsx").read_bytes(), (data_dir / "b.xlsx").read_bytes()
    assert a.startswith(b"PK") and a == b  # a zip, and byte-identical across runs
    wb = openpyxl.load_workbook(io.BytesIO(a))
    assert wb.sheetnames == ["Ranking", "Contributions", "Data", "Weights"]
    ranking = wb["Ranking"]
    assert ranking.freeze_panes == "A2"
    assert [c.value for c in ranking[1]][:2] == ["Rank", "Region"]
    assert ranking["A2"].value == 1 and ranking["B2"].value == "Jeonnam (Haenam Solaseado)"
    assert ranking["D2"].number_format == "0.000"
    assert wb["Weights"]["E2"].number_format == "0.0%"
    run = cli("rank", "-f", "xlsx")
    assert run.exit_code == 2 and "not text" in run.stderr and run.stdout == ""
    run = cli("compare", "gwangju", "busan", "-o", "c.xlsx")
    assert run.exit_code == 2 and not (data_dir / "c.xlsx").exists()


def test_rank_xlsx_text_cannot_become_a_formula(data_dir: Path, cli: Callable[..., Run]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    busan = data_dir / "regions" / "busan.yaml"
    evil = '=HYPERLINK("http://x","y")'
    busan.write_text(
        busan.read_text(encoding="utf-8").replace("name: Busan\n", f"name: '{evil}'\n"),
        encoding="utf-8",
    )
    assert cli("rank", "-o", "r.xlsx").exit_code == 0
    wb = openpyxl.load_workbook(data_dir / "r.xlsx")
    cells = [c for row in wb["Ranking"].iter_rows() for c in row if c.value == evil]
    assert cells and all(c.data_type == "s" for c in cells)
