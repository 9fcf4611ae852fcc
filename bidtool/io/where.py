"""Attribute filters for layers: ``where: "voltage_kv >= 154 and kind == 'substation'"``.

A small recursive-descent parser — never ``eval`` — over this grammar::

    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | "(" expr ")" | field op literal | field "in" "[" literal, ... "]"
    op      := >= | > | <= | < | == | !=
    literal := number | 'text' | "text" | true | false | null

A feature without the field, or with a value of another type, does not match.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bidtool.model import COMPARISONS

Predicate = Callable[[Mapping[str, Any]], bool]

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
      | (?P<str>'[^']*'|"[^"]*")
      | (?P<op>>=|<=|==|!=|>|<)
      | (?P<punct>[()\[\],])
      | (?P<word>[A-Za-z_][A-Za-z0-9_.\-]*)
    )""",
    re.VERBOSE,
)

_LITERAL_WORDS = {"true": True, "false": False, "null": None}
MAX_LENGTH = 2000


class WhereError(ValueError):
    """A filter that does not parse; the message says where and what was expected."""


@dataclass(frozen=True)
class Where:
    """A parsed filter: call it on a feature's properties."""

    text: str
    predicate: Predicate
    fields: frozenset[str]

    def __call__(self, properties: Mapping[str, Any]) -> bool:
        return self.predicate(properties)


def _tokens(text: str) -> list[tuple[str, Any, int]]:
    out: list[tuple[str, Any, int]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            rest = text[pos:].lstrip()
            at = len(text) - len(rest)
            raise WhereError(f"unexpected {rest[:12]!r} at character {at + 1}")
        kind = m.lastgroup
        assert kind is not None
        raw = m.group(kind)
        start = m.start(kind)
        if kind == "num":
            out.append(("lit", float(raw) if any(c in raw for c in ".eE") else int(raw), start))
        elif kind == "str":
            out.append(("lit", raw[1:-1], start))
        elif kind == "word" and raw.lower() in ("and", "or", "not", "in"):
            out.append((raw.lower(), raw, start))
        elif kind == "word" and raw.lower() in _LITERAL_WORDS:
            out.append(("lit", _LITERAL_WORDS[raw.lower()], start))
        else:
            out.append((kind, raw, start))
        pos = m.end()
    return out


def _compare(op: Callable[[Any, Any], bool], have: Any, want: Any) -> bool:
    if have is None or want is None:
        return (op is operator.eq and have is want) or (op is operator.ne and have is not want)
    numeric = (int, float)
    if isinstance(have, numeric) != isinstance(want, numeric) or (
        isinstance(have, bool) != isinstance(want, bool)
    ):
        return op is operator.ne
    try:
        return bool(op(have, want))
    except TypeError:
        return False


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.i = 0
        self.fields: set[str] = set()

    def _peek(self) -> tuple[str, Any, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _take(self, kind: str, what: str) -> tuple[str, Any, int]:
        tok = self._peek()
        if tok is None or (tok[0] != kind and tok[1] != kind):
            found = "the end" if tok is None else repr(tok[1])
            at = "" if tok is None else f" at character {tok[2] + 1}"
            raise WhereError(f"expected {what}{at}, found {found}")
        self.i += 1
        return tok

    def parse(self) -> Predicate:
        if not self.tokens:
            raise WhereError("empty filter")
        pred = self._or()
        tok = self._peek()
        if tok is not None:
            raise WhereError(
                f"expected 'and', 'or' or the end at character {tok[2] + 1}, found {tok[1]!r}"
            )
        return pred

    def _or(self) -> Predicate:
        parts = [self._and()]
        while (tok := self._peek()) is not None and tok[0] == "or":
            self.i += 1
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else (lambda p: any(f(p) for f in parts))

    def _and(self) -> Predicate:
        parts = [self._not()]
        while (tok := self._peek()) is not None and tok[0] == "and":
            self.i += 1
            parts.append(self._not())
        return parts[0] if len(parts) == 1 else (lambda p: all(f(p) for f in parts))

    def _not(self) -> Predicate:
        tok = self._peek()
        if tok is not None and tok[0] == "not":
            self.i += 1
            inner = self._not()
            return lambda p: not inner(p)
        if tok is not None and tok[1] == "(":
            self.i += 1
            inner = self._or()
            self._take(")", "')'")
            return inner
        return self._comparison()

    def _literal(self) -> Any:
        return self._take("lit", "a number, 'text', true, false or null")[1]

    def _comparison(self) -> Predicate:
        name = str(self._take("word", "a property name")[1])
        self.fields.add(name)
        tok = self._peek()
        if tok is not None and tok[0] == "in":
            self.i += 1
            self._take("[", "'['")
            values = [self._literal()]
            while (t := self._peek()) is not None and t[1] == ",":
                self.i += 1
                values.append(self._literal())
            self._take("]", "']'")
            return lambda p: any(_compare(operator.eq, p.get(name), v) for v in values)
        op = COMPARISONS[str(self._take("op", "a comparison (>=, >, <=, <, ==, !=) or 'in'")[1])]
        want = self._literal()
        return lambda p: _compare(op, p.get(name), want)


def parse_where(text: str) -> Where:
    """Parse a filter, or raise :class:`WhereError` saying what was expected."""
    if len(text) > MAX_LENGTH:
        raise WhereError(f"filter longer than {MAX_LENGTH} characters")
    parser = _Parser(text)
    return Where(text, parser.parse(), frozenset(parser.fields))
