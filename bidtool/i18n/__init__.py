"""Every human-facing string, one catalogue per language: ``en.py`` and ``ko.py``.

Table headings, report headings and captions, notes, warnings and the fixed
parts of messages go through :class:`Text`; machine-readable output (JSON
keys, CSV columns, workbook sheet names that are contracts) and data values
(names, labels, sources) do not.  The catalogues are plain dicts in Python
modules, so ``bidtool --help`` and ``validate`` import nothing heavier than
this package.

The language is chosen once per invocation (``--lang``, else ``BIDTOOL_LANG``,
else the POSIX locale: ``LC_ALL``, ``LC_MESSAGES``, ``LANG``) and travels on the
CLI's ``Environment``; library renderers take ``lang=`` (default English).

Usage::

    t = text("ko")
    t("rank.col.score")                    # "점수"
    t("report.regions_eligible", n=5, k=4) # str.format placeholders
    t.name(row.name, row.name_ko)          # a data label in the reader's language
    t.term("estimate")                     # a fixed word from a lower layer: "추정"
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Literal

Lang = Literal["en", "ko"]
LANGS: tuple[Lang, ...] = ("en", "ko")
DEFAULT_LANG: Lang = "en"
LANG_ENV = "BIDTOOL_LANG"
"""Environment variable that overrides the locale (``--lang`` overrides both)."""


def _catalogue(lang: Lang) -> tuple[Mapping[str, str], Mapping[str, str]]:
    """The language's messages (by key) and terms (by their English word)."""
    if lang == "ko":
        from bidtool.i18n import ko

        return ko.MESSAGES, ko.TERMS
    from bidtool.i18n import en

    return en.MESSAGES, en.TERMS


def language_of_locale(environ: Mapping[str, str]) -> Lang:
    """``ko`` when the POSIX locale that governs messages is Korean, else ``en``.

    The first non-empty of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` decides (POSIX
    precedence, XBD §8.2): ``ko_KR.UTF-8`` or ``ko`` → ``ko``.
    """
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return DEFAULT_LANG


def resolve_lang(explicit: str | None, environ: Mapping[str, str]) -> Lang:
    """``--lang`` if given, else ``BIDTOOL_LANG`` (``ko``, ``ko_KR``, ``en`` …), else the locale."""
    if explicit is not None:
        if explicit not in LANGS:
            raise ValueError(f"unknown language {explicit!r}; choose {', '.join(LANGS)}")
        return explicit
    chosen = environ.get(LANG_ENV, "").strip().lower()[:2]
    if chosen in LANGS:
        return chosen
    return language_of_locale(environ)


class Text:
    """The catalogue of one language, called with a key (and ``str.format`` fields)."""

    def __init__(self, lang: Lang) -> None:
        self.lang: Lang = lang
        self._messages, self._terms = _catalogue(lang)

    def __call__(self, key: str, /, **fields: object) -> str:
        template = self._messages[key]
        return template.format(**fields) if fields else template

    def count(self, key: str, n: int, /, **fields: object) -> str:
        """``key.one`` when ``n`` is 1, else ``key.other`` (``{n}`` is filled in)."""
        return self(f"{key}.one" if n == 1 else f"{key}.other", n=n, **fields)

    def term(self, word: str) -> str:
        """A fixed English word that lower layers hand up (a status, a method's score
        name, a direction) in this language; a word not in ``TERMS`` is data, kept as is."""
        return self._terms.get(word, word)

    def name(self, name: str, name_ko: str | None) -> str:
        """A data label in the reader's language: ``name_ko``/``label_ko`` in Korean when given."""
        return name_ko or name if self.lang == "ko" else name

    def both(self, name: str, name_ko: str | None) -> str:
        """English then Korean (``Power supply 전력 공급``) in English; Korean alone in Korean."""
        if self.lang == "ko":
            return name_ko or name
        return f"{name} {name_ko}" if name_ko else name

    @property
    def ko(self) -> bool:
        return self.lang == "ko"


@cache
def text(lang: str = DEFAULT_LANG) -> Text:
    """The :class:`Text` of ``lang`` (``en`` or ``ko``; anything else is English)."""
    return Text(lang if lang in LANGS else DEFAULT_LANG)
