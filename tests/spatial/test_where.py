"""Layer filters parse without eval and match like SQL-ish users expect."""

from __future__ import annotations

import pytest

from bidtool.io.where import WhereError, parse_where


@pytest.mark.parametrize(
    ("text", "props", "expected"),
    [
        ("voltage_kv >= 154", {"voltage_kv": 345}, True),
        ("voltage_kv >= 154", {"voltage_kv": 22.9}, False),
        ("voltage_kv >= 154", {}, False),  # a feature without the field does not match
        ("voltage_kv >= 154", {"voltage_kv": "345"}, False),  # text is not a number
        (
            "kind == 'substation' and voltage_kv > 100",
            {"kind": "substation", "voltage_kv": 154},
            True,
        ),
        ("kind == 'line' or voltage_kv > 500", {"kind": "substation", "voltage_kv": 765}, True),
        ('not (kind == "line")', {"kind": "substation"}, True),
        ("name in ['Kori', 'Hanbit']", {"name": "Hanbit"}, True),
        ("name in ['Kori', 'Hanbit']", {"name": "Wolsong"}, False),
        ("active == true", {"active": True}, True),
        ("active == true", {"active": 1}, False),
        ("note == null", {}, True),
        ("note != null", {"note": "x"}, True),
        ("a == 1 or b == 2 and c == 3", {"a": 1}, True),  # and binds tighter
    ],
)
def test_matches(text: str, props: dict[str, object], expected: bool) -> None:
    assert parse_where(text)(props) is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty filter"),
        ("voltage_kv >=", "expected a number"),
        ("voltage_kv = 154", "unexpected '= 154' at character 12"),
        ("(a == 1", "expected ')'"),
        ("a == 1 b", "expected 'and', 'or' or the end at character 8"),
        ("__import__('os').system('x')", "at character 17"),
        ("x" * 3000, "longer than"),
    ],
)
def test_errors_say_what_was_expected(text: str, message: str) -> None:
    with pytest.raises(WhereError) as exc:
        parse_where(text)
    assert message in str(exc.value)


def test_fields_are_reported() -> None:
    assert parse_where("a > 1 and (b == 'x' or c in [1, 2])").fields == {"a", "b", "c"}
