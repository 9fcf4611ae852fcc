"""What counts as an English word left in Korean output (shared by the --lang ko tests)."""

from __future__ import annotations

import re

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

ALLOWED = {
    # method names and acronyms, units, the program's name
    "wsm", "wpm", "topsis", "vikor", "promethee", "promethee1", "promethee2", "ahp", "smaa",
    "roc", "gaia", "bidtool", "kst", "sha", "cr", "km", "kv", "mw", "pf", "yr", "ha", "m",
    "n", "s", "t", "x", "php", "year", "day", "students",
    "b", "a", "k", "q", "c",
}
"""Lower-cased words that are not English prose: method names, acronyms, units."""


def english_words(text: str, data: frozenset[str] = frozenset()) -> list[str]:
    """The Latin-script words in ``text`` that read as English prose.

    Allowed: all-capital acronyms (WSM, TOPSIS, SMAA-2, CR), ids and file names
    (a word joined to ``_``, ``.``, ``/``, a digit), the words in :data:`ALLOWED`, and
    ``data`` (names and sources from the input files, given by the test)."""
    found = []
    for m in WORD.finditer(text):
        word = m.group().strip("'’-")
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if not word or word.isupper() or word.lower() in ALLOWED or word in data:
            continue
        if before in "_./\\@#-:" or after in "_./\\0123456789" or before.isdigit():
            continue
        found.append(word)
    return found
