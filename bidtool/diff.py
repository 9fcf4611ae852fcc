"""What changed between two versions of the inputs, and how the ranking moved.

Two criteria files (same regions), two region directories (same criteria),
or two git revisions of the repository's ``criteria/`` and ``regions/``.
Weights are compared as global leaf weights (what a criterion finally
counts for), figures by value, unit, source and status, and the outcome by
each region's score and rank under each version.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bidtool.errors import InputError, Problem
from bidtool.model import Inputs, Metric
from bidtool.prepare import load_inputs
from bidtool.ranking import Ranking, rank


@dataclass(frozen=True)
class WeightChange:
    criterion: str
    label: str
    before: float | None  # None: not in that version
    after: float | None


@dataclass(frozen=True)
class FigureChange:
    region: str
    metric: str
    fields: tuple[str, ...]  # which of value, unit, source, status changed
    before: Metric | None
    after: Metric | None


@dataclass(frozen=True)
class Move:
    region: str
    name: str
    rank_before: int | None
    rank_after: int | None
    score_before: float | None
    score_after: float | None
    eligible_before: bool | None
    eligible_after: bool | None


@dataclass(frozen=True)
class Diff:
    label_a: str
    label_b: str
    a: Ranking
    b: Ranking
    weights: tuple[WeightChange, ...]
    figures: tuple[FigureChange, ...]
    moves: tuple[Move, ...]
    other: tuple[str, ...]  # method, constraints, value functions …


TOLERANCE = 1e-12


def _weights(a: Inputs, b: Inputs) -> list[WeightChange]:
    wa = {leaf.id: leaf for leaf in a.criteria.leaves}
    wb = {leaf.id: leaf for leaf in b.criteria.leaves}
    out = []
    for cid in [*wa, *(k for k in wb if k not in wa)]:
        x, y = wa.get(cid), wb.get(cid)
        before = x.weight if x else None
        after = y.weight if y else None
        if before is None or after is None or abs(before - after) > TOLERANCE:
            label = (y or x).criterion.label  # type: ignore[union-attr]
            out.append(WeightChange(cid, label, before, after))
    return out


def _other(a: Inputs, b: Inputs) -> list[str]:
    ca, cb = a.criteria, b.criteria
    out = []
    if ca.method != cb.method:
        out.append(f"method: {ca.method} → {cb.method}")
    if ca.missing != cb.missing:
        out.append(f"missing: {ca.missing} → {cb.missing}")
    if ca.weighting != cb.weighting:
        out.append(f"weighting: {ca.weighting} → {cb.weighting}")
    cons_a = {c.describe() for c in ca.constraints}
    cons_b = {c.describe() for c in cb.constraints}
    out += [f"constraint removed: {c}" for c in sorted(cons_a - cons_b)]
    out += [f"constraint added: {c}" for c in sorted(cons_b - cons_a)]
    la = {leaf.id: leaf.criterion for leaf in ca.leaves}
    for leaf in cb.leaves:
        old = la.get(leaf.id)
        if old is None:
            continue
        new = leaf.criterion
        for what in ("value_function", "direction", "unit", "spatial", "metric"):
            if getattr(old, what) != getattr(new, what):
                out.append(f"{leaf.id}: {what.replace('_', ' ')} changed")
    return out


def _figures(a: Inputs, b: Inputs) -> list[FigureChange]:
    ra = {r.id: r for r in a.regions}
    rb = {r.id: r for r in b.regions}
    out = []
    for rid in [*ra, *(k for k in rb if k not in ra)]:
        x, y = ra.get(rid), rb.get(rid)
        names = list((x.metrics if x else {}).keys())
        names += [k for k in (y.metrics if y else {}) if k not in names]
        for name in names:
            before = x.metrics.get(name) if x else None
            after = y.metrics.get(name) if y else None
            if before is None or after is None:
                out.append(
                    FigureChange(
                        rid, name, ("added" if before is None else "removed",), before, after
                    )
                )
                continue
            fields = tuple(
                f
                for f in ("value", "unit", "source", "status", "as_of")
                if getattr(before, f) != getattr(after, f)
            )
            if fields:
                out.append(FigureChange(rid, name, fields, before, after))
    return out


def _moves(a: Ranking, b: Ranking) -> list[Move]:
    rows_a = {r.id: r for r in a.rows}
    rows_b = {r.id: r for r in b.rows}
    order = [r.id for r in b.rows] + [rid for rid in rows_a if rid not in rows_b]
    out = []
    for rid in order:
        x, y = rows_a.get(rid), rows_b.get(rid)
        out.append(
            Move(
                rid,
                (y or x).display_name,  # type: ignore[union-attr]
                x.rank if x else None,
                y.rank if y else None,
                x.score if x else None,
                y.score if y else None,
                x.eligible if x else None,
                y.eligible if y else None,
            )
        )
    return out


def compare_inputs(
    a: Inputs, b: Inputs, label_a: str, label_b: str, method: str | None = None
) -> Diff:
    ranking_a = rank(a, method)
    ranking_b = rank(b, method)
    return Diff(
        label_a,
        label_b,
        ranking_a,
        ranking_b,
        tuple(_weights(a, b)),
        tuple(_figures(a, b)),
        tuple(_moves(ranking_a, ranking_b)),
        tuple(_other(a, b)),
    )


def diff_paths(
    a: str, b: str, criteria: str | None, regions: str | None, method: str | None = None
) -> Diff:
    """Two criteria files (regions from ``regions``), or two region directories."""
    pa, pb = Path(a), Path(b)
    if pa.is_dir() and pb.is_dir():
        inputs = load_inputs(criteria, a), load_inputs(criteria, b)
    elif pa.is_dir() or pb.is_dir():
        raise InputError.single(
            a if not pa.is_dir() else b,
            "compare two criteria files or two region directories, not one of each",
        )
    else:
        inputs = load_inputs(a, regions), load_inputs(b, regions)
    return compare_inputs(inputs[0], inputs[1], a, b, method)


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise InputError.single("(git)", "git is not installed") from None


def resolve_commit(repo: Path, rev: str) -> str:
    """The commit id ``rev`` names; a revision is never read as an option.

    ``bidtool diff --git --output=victim HEAD`` once handed ``--output=…`` to
    ``git archive``, which truncated the file.  Now every revision is verified
    with ``git rev-parse --verify --end-of-options REV^{commit}`` and only the
    resolved hexadecimal id reaches ``git archive``.
    """
    where = f"{repo}@{rev}"
    if not rev or rev.startswith("-"):
        raise InputError.single(
            where, f"{rev!r} is not a git revision (a revision cannot start with '-')"
        )
    proc = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    commit = proc.stdout.decode("ascii", "replace").strip()
    if proc.returncode != 0 or not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", commit):
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError.single(
            where,
            f"cannot read criteria/ and regions/ at {rev!r}: not a commit in {repo}"
            + (f" ({message[-1]})" if message else "; try a branch, a tag or HEAD~1"),
        )
    return commit


def _check_members(tar: tarfile.TarFile, rev: str) -> None:
    """Only directories and regular files: a symbolic link in a revision is refused."""
    bad = [
        Problem(
            f"{rev}:{m.name}",
            None,
            "",
            "a symbolic link in that revision; bidtool reads only regular files from git "
            "(commit the file itself)"
            if m.issym() or m.islnk()
            else "not a regular file in that revision",
        )
        for m in tar.getmembers()
        if not (m.isdir() or m.isfile())
    ]
    if bad:
        raise InputError(bad)


@contextmanager
def checkout(repo: Path, rev: str) -> Iterator[Path]:
    """``criteria/`` and ``regions/`` at ``rev``, extracted to a temporary directory."""
    commit = resolve_commit(repo, rev)
    # after --end-of-options git reads the tree-ish and then paths (no "--")
    proc = _git(repo, "archive", "--format=tar", "--end-of-options", commit, "criteria", "regions")
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError.single(
            f"{repo}@{rev}",
            f"cannot read criteria/ and regions/ at {rev!r}: "
            + (message[-1] if message else f"git exited {proc.returncode}"),
        )
    with tempfile.TemporaryDirectory(prefix="bidtool-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
            _check_members(tar, rev)
            tar.extractall(tmp, filter="data")
        yield Path(tmp)


def diff_git(
    repo: Path, rev_a: str, rev_b: str, criteria: str | None, method: str | None = None
) -> Diff:
    """The same criteria file (by bundled-style name) and regions at two revisions."""
    name = criteria or "default"
    loaded: list[Inputs] = []
    for rev in (rev_a, rev_b):
        with checkout(repo, rev) as root:
            if not (root / "regions").is_dir():
                raise InputError.single(f"{rev}:regions/", "not in that revision")
            if not (root / "criteria" / f"{Path(name).stem}.yaml").is_file():
                raise InputError.single(
                    f"{rev}:criteria/{Path(name).stem}.yaml", "not in that revision"
                )
            try:
                loaded.append(load_inputs(Path(name).stem, None, cwd=root))
            except InputError as exc:
                raise InputError(
                    [type(p)(f"{rev}:{p.file}", p.line, p.path, p.message) for p in exc.problems]
                ) from None
    return compare_inputs(loaded[0], loaded[1], rev_a, rev_b, method)
