"""Reading an AHP comparison file (``schema: bidtool.ahp/1``) into a matrix."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bidtool.errors import InputError, Problem
from bidtool.schema import AhpFile, did_you_mean, validate_document
from bidtool.weighting.ahp import AhpResult, ahp_priorities, parse_judgement
from bidtool.yaml_source import load_yaml


def load_ahp(path: Path, display: str | None = None) -> tuple[list[str], np.ndarray]:
    """Elements and the (possibly incomplete) reciprocal matrix; all problems at once."""
    doc = load_yaml(path, display)
    model, problems = validate_document(doc, AhpFile)
    problems = [*doc.problems, *problems]
    if model is None:
        raise InputError(problems)
    names = model.elements
    n = len(names)
    a = np.zeros((n, n))
    np.fill_diagonal(a, 1.0)
    if model.matrix is not None:
        if len(model.matrix) != n or any(len(r) != n for r in model.matrix):
            problems.append(doc.problem(("matrix",), f"expected a {n}×{n} matrix for {n} elements"))
        else:
            for i, cells in enumerate(model.matrix):
                for j, cell in enumerate(cells):
                    try:
                        a[i, j] = parse_judgement(cell)
                    except ValueError as exc:
                        problems.append(doc.problem(("matrix", i, j), str(exc)))
            if not problems:
                bad = np.abs(a * a.T - 1.0) > 1e-3
                for i, j in zip(*np.nonzero(np.triu(bad, 1))):
                    problems.append(
                        doc.problem(
                            ("matrix", int(i), int(j)),
                            f"not reciprocal: a[{names[i]}][{names[j]}] = {a[i, j]:g} but "
                            f"a[{names[j]}][{names[i]}] = {a[j, i]:g} (expected {1 / a[i, j]:g})",
                        )
                    )
    else:
        assert model.judgements is not None
        for row, cols in model.judgements.items():
            if row not in names:
                problems.append(
                    doc.problem(
                        ("judgements", row), f"unknown element {row!r}{did_you_mean(row, names)}"
                    )
                )
                continue
            for col, value in cols.items():
                where = ("judgements", row, col)
                if col not in names or col == row:
                    problems.append(
                        doc.problem(where, f"unknown element {col!r}{did_you_mean(col, names)}")
                    )
                    continue
                try:
                    v = parse_judgement(value)
                except ValueError as exc:
                    problems.append(doc.problem(where, str(exc)))
                    continue
                i, j = names.index(row), names.index(col)
                a[i, j], a[j, i] = v, 1.0 / v
    if problems:
        raise InputError(problems)
    return list(names), a


def weigh_file(path: Path, display: str | None = None) -> tuple[list[str], AhpResult]:
    names, matrix = load_ahp(path, display)
    try:
        return names, ahp_priorities(matrix)
    except Exception as exc:  # MethodError carries the reason
        raise InputError([Problem(display or str(path), None, "", str(exc))]) from None
