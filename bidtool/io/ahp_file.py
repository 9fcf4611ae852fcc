"""Pairwise comparisons from YAML: the ``bidtool.ahp/1`` file and ``ahp:`` in criteria files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bidtool.errors import InputError, Problem
from bidtool.io.schema import AhpFile, validate_document
from bidtool.io.yaml_source import KeyPath, YamlDocument, load_yaml
from bidtool.names import did_you_mean
from bidtool.weighting.ahp import parse_judgement


def comparison_matrix(
    names: Sequence[str],
    matrix: Sequence[Sequence[Any]] | None,
    judgements: Mapping[str, Mapping[str, Any]] | None,
    doc: YamlDocument,
    base: KeyPath = (),
) -> tuple[list[list[float]], list[Problem]]:
    """The reciprocal matrix over ``names`` from a full ``matrix`` or sparse ``judgements``.

    ``judgements: {a: {b: 3}}`` means a is 3× as important as b; the
    reciprocal is implied, pairs not given stay missing (0) for Harker's
    method.  Every problem is reported with its key path under ``base``.
    """
    n = len(names)
    a = [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]
    problems: list[Problem] = []
    if matrix is not None:
        if len(matrix) != n or any(len(r) != n for r in matrix):
            shape = f"{len(matrix)} rows of lengths {sorted({len(r) for r in matrix})}"
            problems.append(
                doc.problem(
                    (*base, "matrix"),
                    f"expected a {n}×{n} matrix for {n} elements ({', '.join(names)}), got {shape}",
                )
            )
            return a, problems
        for i, cells in enumerate(matrix):
            for j, cell in enumerate(cells):
                try:
                    a[i][j] = parse_judgement(cell)
                except ValueError as exc:
                    # a number the YAML layer already refused is one problem, not two
                    where = (*base, "matrix", i, j)
                    problems.append(doc.reported(where) or doc.problem(where, str(exc)))
        if problems:
            return a, problems
        for i in range(n):
            for j in range(i, n):
                if abs(a[i][j] * a[j][i] - 1.0) > 1e-3:
                    expected = "1" if i == j else f"{1 / a[i][j]:g}"
                    problems.append(
                        doc.problem(
                            (*base, "matrix", j, i),
                            f"not reciprocal: [{names[i]}][{names[j]}] = {a[i][j]:g} but "
                            f"[{names[j]}][{names[i]}] = {a[j][i]:g} (expected {expected})",
                        )
                    )
        return a, problems
    index = {e: i for i, e in enumerate(names)}
    for row, cols in (judgements or {}).items():
        if row not in index:
            problems.append(
                doc.problem(
                    (*base, "judgements", row),
                    f"unknown element {row!r}; expected one of {', '.join(names)}"
                    f"{did_you_mean(row, names)}",
                )
            )
            continue
        for col, value in cols.items():
            where = (*base, "judgements", row, col)
            if col not in index or col == row:
                what = "an element compared with itself" if col == row else "unknown element"
                problems.append(
                    doc.problem(
                        where,
                        f"{what} {col!r}; expected one of {', '.join(n for n in names if n != row)}"
                        f"{did_you_mean(col, names)}",
                    )
                )
                continue
            try:
                v = parse_judgement(value)
            except ValueError as exc:
                problems.append(doc.reported(where) or doc.problem(where, str(exc)))
                continue
            i, j = index[row], index[col]
            if a[i][j] != 0.0 and abs(a[i][j] - v) > 1e-9 * v:
                problems.append(
                    doc.problem(
                        where,
                        f"{row} vs {col} is judged twice ({1 / a[j][i]:g} and {v:g}); keep one",
                    )
                )
                continue
            a[i][j], a[j][i] = v, 1.0 / v
    return a, problems


def load_ahp(path: Path, display: str | None = None) -> tuple[list[str], list[list[float]]]:
    """Elements and the (possibly incomplete) reciprocal matrix; all problems at once."""
    doc = load_yaml(path, display)
    model, problems = validate_document(doc, AhpFile)
    problems = [*doc.problems, *problems]
    if model is None:
        raise InputError(problems)
    a, found = comparison_matrix(model.elements, model.matrix, model.judgements, doc)
    problems.extend(found)
    if problems:
        raise InputError(problems)
    return list(model.elements), a
