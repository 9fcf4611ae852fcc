"""Safe YAML loading that remembers where every key came from.

PyYAML's ``safe_load`` throws line numbers away and silently lets a later
duplicate key win.  Here the document is *composed* (safe: no object
construction), then walked by hand so that

* every key path gets the line it was written on (for ``file:line`` errors),
* duplicate keys are reported instead of overwritten,
* hostile inputs are bounded: file size, node count (the "billion laughs"
  alias bomb expands to 10⁹ nodes from a few hundred bytes) and nesting depth.

Scalars are still resolved by PyYAML's ``SafeConstructor``, so ``yes``,
``1e3``, ``.nan`` and dates mean what YAML 1.1 says they mean.
"""

from __future__ import annotations

import hashlib
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bidtool.errors import InputError, Problem
from bidtool.io.files import read_bytes

MAX_BYTES = 2 * 1024 * 1024
"""Largest input file accepted. A region or criteria file is a few KB; a
multi-megabyte one is a mistake or an attack, and either way not ours to parse."""

MAX_NODES = 200_000
"""Most YAML nodes a document may expand to, aliases counted each time used."""

MAX_DEPTH = 64
"""Deepest nesting accepted."""

KeyPath = tuple[str | int, ...]

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def format_path(path: KeyPath, data: Any = None) -> str:
    """``("criteria", 0, "weight")`` → ``criteria[0].weight``.

    With the document's ``data``, a list item's ``id`` follows its index —
    ``criteria[0](power).children[1](grid_self_sufficiency_pct).weight`` — so a
    reader finds the entry without counting.
    """
    out = ""
    cur = data
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            item = cur[part] if isinstance(cur, list) and 0 <= part < len(cur) else None
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, str) and ident:
                out += f"({ident})"
            cur = item
        else:
            out += f".{part}" if out else str(part)
            cur = cur.get(part) if isinstance(cur, dict) else None
    return out


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML mapping plus the line of every key path in it."""

    file: str
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    """Non-fatal problems (duplicate keys, unreadable scalars): reported with
    the schema's, so one run shows everything."""

    def line_of(self, path: KeyPath) -> int | None:
        """Line of ``path`` or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None

    def problem(self, path: KeyPath, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), self.format(path), message)

    def reported(self, path: KeyPath) -> Problem | None:
        """The problem reading the YAML already reported at ``path``, if any."""
        where = (self.line_of(path), self.format(path))
        return next((p for p in self.problems if (p.line, p.path) == where), None)

    def format(self, path: KeyPath) -> str:
        """The key path as shown to people, ids beside list indices."""
        return format_path(path, self.data)


class _Walker:
    """Turns a composed node graph into plain Python data, with bounds."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[tuple[int | None, KeyPath, str]] = []
        self.nodes = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, line: int | None, path: KeyPath, message: str) -> None:
        self.problems.append((line, path, message))

    def count(self, depth: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(
                f"document expands to more than {MAX_NODES:,} YAML nodes "
                "(an alias/anchor bomb?); refusing to expand it"
            )
        if depth > MAX_DEPTH:
            raise _TooBig(f"nesting deeper than {MAX_DEPTH} levels")

    def walk(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        self.count(depth)
        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
            self.fail(line, path, f"cannot read this value: unsupported YAML tag {node.tag!r}")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.walk_mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        misread = _misread(node)
        if misread is not None:
            # the text as written: one problem here, which later checks drop as reported
            self.fail(line, path, misread)
            return str(node.value)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            self.fail(line, path, f"cannot read this value: {problem}")
            return None
        too_big = _too_big(value, node)
        if too_big:
            self.fail(line, path, too_big)
            # infinity, which every later check refuses at this same place (and drops as
            # already reported), so the mistake is one problem, not a "missing value" too
            return -math.inf if value < 0 else math.inf
        return value

    def walk_mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict[Any, Any]:
        """A mapping's keys, with YAML merge keys (``<<: *base``) resolved by the YAML rules.

        Keys written in the mapping itself override merged ones; among several
        merged mappings (``<<: [*a, *b]``) the earlier wins.  Only a key written
        twice in the same mapping is a duplicate.
        """
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        merged: list[yaml.MappingNode] = []
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE_TAG:
                if "<<" in first_seen:
                    self.fail(
                        key_line,
                        path,
                        f"duplicate merge key '<<' (first on line {first_seen['<<']}); "
                        "merge several mappings with <<: [*a, *b]",
                    )
                    continue
                first_seen["<<"] = key_line
                sources = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                for source in sources:
                    if isinstance(source, yaml.MappingNode):
                        merged.append(source)
                    else:
                        self.fail(
                            key_line,
                            path,
                            "bad merge key: '<<' takes a mapping (<<: *base) "
                            "or a list of mappings (<<: [*a, *b])",
                        )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(
                    key_line, path, "a mapping key must be a plain value, not a list or mapping"
                )
                continue
            try:
                key = self.constructor.construct_object(key_node, deep=True)
            except yaml.YAMLError as exc:
                self.fail(key_line, path, f"cannot read key: {exc}")
                continue
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            child: KeyPath = (*path, key if isinstance(key, (str, int)) else str(key))
            if key in first_seen:
                self.fail(
                    key_line,
                    child,
                    f"duplicate key {key!r} (first defined on line {first_seen[key]}); "
                    "YAML would silently keep only the last one",
                )
                continue
            first_seen[key] = key_line
            self.lines.setdefault(child, key_line)
            result[key] = self.walk(value_node, child, depth + 1)
        if not merged:
            return result
        inherited: dict[Any, Any] = {}
        for source in merged:
            self.count(depth + 1)
            for key, value in self.walk_mapping(source, path, depth + 1).items():
                inherited.setdefault(key, value)
        # merged keys first, as PyYAML orders them; written keys override in place
        return {**inherited, **result}


class _TooBig(Exception):
    pass


_MERGE_TAG = "tag:yaml.org,2002:merge"
_FLOAT_TAG = "tag:yaml.org,2002:float"


_INT_TAG = "tag:yaml.org,2002:int"
_STR_TAG = "tag:yaml.org,2002:str"
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_OCTAL_12 = re.compile(r"([-+]?)0o([0-7_]+)")
_PREFIXED = re.compile(r"([-+]?)0([xb])([0-9a-fA-F_]+)")


def _misread(node: yaml.Node) -> str | None:
    """Why a plain scalar would silently become a number other than the one written, or None.

    YAML 1.1 (PyYAML) reads ``012`` as octal 10, ``1:30`` as base-60 90, ``0x1F4``
    and ``0b101`` as hex and binary, and drops underscores (``12_6.5`` is 126.5);
    ``0o777`` (YAML 1.2 octal) stays text.  None of these is how a figure is written.
    """
    if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):
        return None
    text = str(node.value).strip()
    if node.tag in (_INT_TAG, _FLOAT_TAG):
        if ":" in text:
            return (
                f"{text} reads as a base-60 number in YAML; quote it if you mean text, "
                "or write the number itself"
            )
        prefixed = _PREFIXED.fullmatch(text)
        if prefixed is not None:
            sign, base, digits = prefixed.groups()
            number = int(digits.replace("_", "") or "0", 16 if base == "x" else 2)
            name = "hexadecimal" if base == "x" else "binary"
            return (
                f"{text} reads as a {name} number in YAML; write {sign}{number} if that is the "
                "figure, or quote it if you mean text"
            )
        if node.tag == _INT_TAG and _OCTAL.fullmatch(text) and text.lstrip("+-") != "0":
            sign = "-" if text.startswith("-") else ""
            decimal = text.lstrip("+-").replace("_", "").lstrip("0") or "0"
            return f"write {sign}{decimal} (a leading zero reads as octal in YAML)"
        if "_" in text:
            return (
                f"write {text.replace('_', '')}: YAML drops underscores in numbers "
                f"({text} is read as {text.replace('_', '')}), so write the digits alone"
            )
    elif node.tag == _STR_TAG:
        octal = _OCTAL_12.fullmatch(text)
        if octal is not None:
            sign, digits = octal.groups()
            number = int(digits.replace("_", "") or "0", 8)
            return (
                f"{text} is text in YAML 1.1, not octal; write {sign}{number} if you mean "
                f"octal {digits}, or quote it if you mean text"
            )
    return None


def _too_big(value: Any, node: yaml.Node) -> str | None:
    """Why a number cannot be used as a float64, or None.

    Every figure ends up in float arithmetic; an integer beyond ~1.8e308 would
    raise deep inside it, and ``1.0e+400`` silently becomes infinity.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            float(value)
        except OverflowError:
            digits = len(str(abs(value)))
            return (
                f"number too large ({digits} digits); numbers must lie within ±1.8e308 "
                "(float64)"
            )
    elif isinstance(value, float) and math.isinf(value) and node.tag == _FLOAT_TAG:
        text = str(getattr(node, "value", "")).strip().lower().lstrip("+-")
        if text not in (".inf", "inf"):
            return (
                f"number too large ({node.value}); numbers must lie within ±1.8e308 (float64)"
            )
    return None


def read_text(
    path: Path, display: str, limit: int | None = None, what: str = ""
) -> tuple[str, str]:
    """Read a UTF-8 text file with a size cap; returns (text, sha256 of the bytes).

    Only regular files, never waited on (see :func:`bidtool.io.files.read_bytes`).
    """
    limit = MAX_BYTES if limit is None else limit
    raw = read_bytes(path, display, limit, what)
    try:
        return raw.decode("utf-8-sig"), hashlib.sha256(raw).hexdigest()
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.single(display, "not UTF-8 text", line=line) from None


def _tab_column(text: str, line: int) -> int | None:
    """1-based column of the first tab on ``line`` (0-based), where the parser stopped."""
    lines = text.splitlines()
    if not 0 <= line < len(lines) or "\t" not in lines[line]:
        return None
    return lines[line].index("\t") + 1


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse one YAML document held in ``text``; ``file`` names it in errors."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "syntax error"
        if "nesting depth" in str(what):
            what = f"nesting deeper than {MAX_DEPTH} levels"
        if "expected a single document" in str(exc):
            what = "expected one YAML document, found several (remove the extra '---')"
        tab = _tab_column(text, mark.line) if mark is not None else None
        if tab is not None:
            what = f"tab at column {tab}; YAML indents with spaces"
        raise InputError.single(file, f"invalid YAML: {what}", line=line) from None
    except yaml.YAMLError as exc:
        raise InputError.single(file, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise InputError.single(file, f"nesting deeper than {MAX_DEPTH} levels") from None
    if node is None:
        raise InputError.single(file, "file is empty; expected a YAML mapping")
    walker = _Walker(file)
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(limit, 4 * MAX_DEPTH + 200))
        data = walker.walk(node, (), 0)
    except _TooBig as exc:
        raise InputError.single(file, str(exc), line=node.start_mark.line + 1) from None
    finally:
        sys.setrecursionlimit(limit)
    problems = tuple(Problem(file, line, format_path(path, data), msg) for line, path, msg in walker.problems)
    return YamlDocument(file=file, data=data, lines=walker.lines, problems=problems)


def load_yaml(path: Path, display: str | None = None) -> YamlDocument:
    """Load ``path`` safely. ``display`` is the name used in messages."""
    name = display if display is not None else str(path)
    return parse_yaml(read_text(path, name)[0], name)
