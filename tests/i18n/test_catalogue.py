"""One catalogue per language (``bidtool/i18n``): the same keys, the same fields, every key used."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from bidtool.i18n import LANG_ENV, language_of_locale, resolve_lang, text
from bidtool.i18n.en import MESSAGES as EN
from bidtool.i18n.en import TERMS as EN_TERMS
from bidtool.i18n.ko import MESSAGES as KO
from bidtool.i18n.ko import TERMS as KO_TERMS

PACKAGE = Path(__file__).resolve().parents[2] / "bidtool"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_no_key_is_missing_in_either_language() -> None:
    assert sorted(set(EN) - set(KO)) == [], "keys missing in ko.py"
    assert sorted(set(KO) - set(EN)) == [], "keys missing in en.py"


def test_terms_are_the_same_words_in_both_languages() -> None:
    """``TERMS`` translate fixed words that lower layers hand up (by the English word)."""
    assert set(EN_TERMS) == set(KO_TERMS)
    assert all(k == v for k, v in EN_TERMS.items())
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py") if p.parent.name != "i18n"
    )
    assert [w for w in EN_TERMS if f'"{w}"' not in source] == []


def test_both_languages_fill_the_same_fields() -> None:
    assert {k: _fields(v) for k, v in EN.items()} == {k: _fields(KO[k]) for k in EN}


def test_no_key_is_unused() -> None:
    """Every key appears as a string literal in the package outside the catalogues
    (``t.count("k", n)`` uses ``k.one``/``k.other``)."""
    source = "\n".join(
        p.read_text(encoding="utf-8")
        for p in PACKAGE.rglob("*.py")
        if p.parent.name != "i18n" or p.name not in ("en.py", "ko.py")
    )
    literals = set(re.findall(r"""["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""", source))
    unused = [
        k for k in EN if k not in literals and re.sub(r"\.(one|other)$", "", k) not in literals
    ]
    assert unused == []


def test_korean_text_is_korean() -> None:
    """A Korean entry that is the English one unchanged was forgotten (units and acronyms
    aside: such entries have no Latin word of three or more letters that is not an acronym)."""
    same = [k for k, v in EN.items() if KO[k] == v and re.search(r"\b[a-z]{3,}\b", v)]
    assert same == []


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "ko_KR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ko_KR.UTF-8"}, "ko"),
        ({"LC_ALL": "ko_KR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "ko"),
        ({"LC_ALL": "", "LANG": "ko"}, "ko"),
    ],
)
def test_language_of_locale(environ: dict[str, str], lang: str) -> None:
    assert language_of_locale(environ) == lang


def test_explicit_language_wins_over_environment_and_locale() -> None:
    assert resolve_lang(None, {LANG_ENV: "ko", "LANG": "en_US.UTF-8"}) == "ko"
    assert resolve_lang(None, {LANG_ENV: "en", "LC_ALL": "ko_KR.UTF-8"}) == "en"
    assert resolve_lang(None, {LANG_ENV: "fr", "LANG": "ko_KR.UTF-8"}) == "ko"
    assert resolve_lang("en", {LANG_ENV: "ko", "LANG": "ko_KR.UTF-8"}) == "en"
    with pytest.raises(ValueError, match="unknown language"):
        resolve_lang("fr", {})


def test_text_fills_fields_and_picks_plural_and_labels() -> None:
    en, ko = text("en"), text("ko")
    assert en.count("cli.input_problems", 1).startswith("1 problem in")
    assert en.count("cli.input_problems", 2).startswith("2 problems in")
    assert ko.count("cli.input_problems", 2).startswith("입력에 문제 2건")
    assert en.name("Busan", "부산광역시") == "Busan" and ko.name("Busan", "부산광역시") == "부산광역시"
    assert ko.name("Busan", None) == "Busan"
    assert en.both("Power", "전력") == "Power 전력" and ko.both("Power", "전력") == "전력"
    assert text("xx").lang == "en"
