"""Small helpers on names shared by every layer: spelling hints and category keys.

They sit in the model layer so that value functions and renderers need not
import the file schema (issue 13 §3).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any


def category_key(value: Any) -> str:
    """The text a categorical value is matched by (YAML turns ``yes`` into True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _edits(a: str, b: str) -> int:
    """Damerau–Levenshtein distance (optimal string alignment): a swap of neighbours is one edit."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _similarity(a: str, b: str) -> tuple[float, int]:
    """difflib's ratio, then the length of the common prefix (``>==`` is nearer ``>=``)."""
    prefix = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return difflib.SequenceMatcher(None, a, b).ratio(), prefix


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` was most likely meant to be, or None.

    Ranked: the same letters in another order (``=>`` → ``>=``, ``aji`` → ``aij``),
    then one edit counting a swap of neighbours as one, then difflib's similarity.
    """
    options = sorted(set(choices))
    if not options or len(word) > 200:
        return None
    folded = word.lower()
    letters = sorted(folded)
    same = [c for c in options if sorted(c.lower()) == letters and c != word]
    if same:
        return min(same, key=lambda c: (_edits(folded, c.lower()), c))
    near = [c for c in options if c != word and _edits(folded, c.lower()) <= 1]
    if near:
        return max(near, key=lambda c: (_similarity(folded, c.lower()), c))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'weight'?)`` or empty; see :func:`closest`."""
    close = closest(word, choices)
    return f" (did you mean {close!r}?)" if close is not None else ""
