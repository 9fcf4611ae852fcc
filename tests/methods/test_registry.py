"""Method objects: one registry, each method registered next to its function (issue 13 §1)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bidtool.methods import COMPARED_METHODS, METHODS, all_methods, get_method
from bidtool.methods.promethee import promethee1_relations, promethee2
from bidtool.methods.topsis import topsis
from bidtool.methods.vikor import vikor
from bidtool.methods.wpm import wpm
from bidtool.methods.wsm import wsm

PACKAGE = Path(__file__).resolve().parents[2] / "bidtool"

X = np.array([[0.2, 3.0, 5.0], [0.9, 1.0, 4.0], [0.5, 2.0, 9.0]])
W = np.array([0.5, 0.3, 0.2])
TYPES = np.array([1.0, -1.0, 1.0])


def test_every_name_has_its_registered_method() -> None:
    assert [m.name for m in all_methods()] == list(METHODS)
    assert {m.name: (m.score_name, m.higher_is_better) for m in all_methods()} == {
        "wsm": ("weighted sum", True),
        "wpm": ("weighted product", True),
        "topsis": ("relative closeness C*", True),
        "vikor": ("VIKOR Q", False),
        "promethee2": ("net outranking flow φ", True),
        "promethee1": ("regions preferred to it (PROMETHEE I)", False),
    }
    assert [m.name for m in all_methods() if m.additive] == ["wsm"]
    assert [m.name for m in all_methods() if m.partial] == ["promethee1"]
    assert tuple(m.name for m in all_methods() if not m.partial) == COMPARED_METHODS
    assert [m.name for m in all_methods() if m.zero_vetoes] == ["wpm"]
    with pytest.raises(KeyError):
        get_method("saw")


def test_method_score_is_its_pure_function() -> None:
    from bidtool.methods.promethee import PreferenceFunction

    prefs = [PreferenceFunction("usual")] * 3
    expected = {
        "wsm": wsm(X, W),
        "wpm": wpm(X, W, TYPES),
        "topsis": topsis(X, W, TYPES)[0],
        "vikor": vikor(X, W, TYPES, v=0.5).q,
        "promethee2": promethee2(X, W, TYPES, prefs).net,
        # PROMETHEE I: how many rows are preferred to each (its partial order's depth)
        "promethee1": np.array(
            [
                sum(r == "P-" for r in row)
                for row in promethee1_relations(
                    list(promethee2(X, W, TYPES, prefs).plus),
                    list(promethee2(X, W, TYPES, prefs).minus),
                )
            ],
            float,
        ),
    }
    for m in all_methods():
        scored = m.score(X, W, TYPES, prefs, 0.5)
        np.testing.assert_array_equal(scored.scores, expected[m.name])
        assert len(scored.extra) == len(X)


def test_method_names_import_no_numpy() -> None:
    """``bidtool --help`` lists the method names: that must not import numpy."""
    code = "import sys, bidtool.methods as m; m.METHODS; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


COMPARISON = re.compile(
    r"""(==|!=)\s*["'](wsm|wpm|topsis|vikor|promethee2|promethee1)["']"""
    r"""|["'](wsm|wpm|topsis|vikor|promethee2|promethee1)["']\s*(==|!=)"""
    r"""|\bin\s*[(\[{][^)\]}]*["'](wsm|wpm|topsis|vikor|promethee2|promethee1)["']"""
)


def test_no_method_name_is_compared_outside_the_methods_package() -> None:
    """Renderers and the pipeline ask the method object, never ``method == "wsm"``."""
    offenders = [
        f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        if "methods" not in path.relative_to(PACKAGE).parts[:1]
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COMPARISON.search(line)
    ]
    assert offenders == []
