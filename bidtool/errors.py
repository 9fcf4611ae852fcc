"""One error family, one exit code each.

The CLI turns these into one-line messages on stderr in exactly one place
(``bidtool.cli``); library callers can catch them like any exception.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes (DESIGN §5, contract)."""

    OK = 0
    INTERNAL = 1  #: a bug: short message, traceback only with --debug
    USAGE = 2  #: bad command line (Typer/Click's own code)
    INVALID_INPUT = 3  #: YAML, schema, units, geometry, …
    NOTHING_ELIGIBLE = 4  #: every region failed a must-pass constraint


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can.

    Rendered as ``file:line: key.path: message`` — the form editors and CI
    annotators understand.
    """

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class BidtoolError(Exception):
    """Base class: every error bidtool raises on purpose."""

    exit_code: ExitCode = ExitCode.INTERNAL


def one_per_place(problems: Iterable[Problem]) -> list[Problem]:
    """The first problem found at each ``file:line: key.path``: one mistake, one problem.

    Readers report in order — the YAML layer, then the file's schema, then checks
    across files — so the first is the most direct (``write 12`` before "expected a
    number"); later ones at the same place are consequences of it.
    """
    seen: set[tuple[str, int, str]] = set()
    out: list[Problem] = []
    for p in dict.fromkeys(problems):
        if p.line is not None and p.path:
            place = (p.file, p.line, p.path)
            if place in seen:
                continue
            seen.add(place)
        out.append(p)
    return out


class InputError(BidtoolError):
    """Invalid input. Carries *all* problems found, sorted by file and line."""

    exit_code = ExitCode.INVALID_INPUT

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.path, p.message))
        )
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[InputError], tuple[tuple[Problem, ...]]]:
        # pickled by its problems, not its message, so it crosses process boundaries
        # (the Dask engine's workers) intact
        return (type(self), (self.problems,))

    @classmethod
    def single(cls, file: str, message: str, line: int | None = None, path: str = "") -> InputError:
        return cls([Problem(file, line, path, message)])


class OutputError(BidtoolError):
    """The output could not be written (disk full, permissions …); exit 1."""

    exit_code = ExitCode.INTERNAL


class NothingEligibleError(BidtoolError):
    """Every region failed at least one must-pass constraint."""

    exit_code = ExitCode.NOTHING_ELIGIBLE


class ProblemCollector:
    """Accumulates problems so a loader can report everything at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, line: int | None, path: str, message: str) -> None:
        self.problems.append(Problem(file, line, path, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems)
