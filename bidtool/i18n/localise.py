"""Messages built in English by lower layers, said again in the reader's language.

Input problems (``file:line: key.path: message``), warnings and the command line's
usage errors are built deep in the library and in Click, before anyone knows the
reader's language, and they stay English in every machine-readable output.  What a
person reads on stderr goes through here: each *family* of message (``expected a
number, got …``, ``unknown key …``, ``No such option: …``) is recognised by its
pattern and rendered from the catalogue key of that family, with its figures, ids,
paths and quoted values carried over untouched.  A message no pattern knows is
returned as it is (English): nothing is guessed.

English templates of every key reproduce the English messages exactly (a test
checks the round trip on a corpus), so the patterns and the catalogue cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bidtool.i18n import Text

Fields = dict[str, str]

# ------------------------------------------------------------------ pieces

_KINDS = {
    "a number": "msg.kind.number",
    "a whole number": "msg.kind.whole",
    "text": "msg.kind.text",
    "true or false": "msg.kind.bool",
    "a mapping": "msg.kind.mapping",
    "a list": "msg.kind.list",
    "a finite number": "msg.kind.finite",
}
_BOUNDS = {
    ">=": "msg.expected_bound.ge",
    ">": "msg.expected_bound.gt",
    "<=": "msg.expected_bound.le",
    "<": "msg.expected_bound.lt",
}
_DID_YOU_MEAN = re.compile(r" \(did you mean ('(?:[^'\\]|\\.)*')\?\)")
_NUMBER_HINT = re.compile(
    r"; write (?P<number>\S+): no quotes or thousands separators; the unit goes in `unit:`$"
)
_EXPONENT_HINT = re.compile(
    r"; write (?P<number>\S+): YAML reads an exponent as a number only with a dot and a sign$"
)
_ALLOWED = re.compile(r"; allowed: (?P<keys>.+)$")


def got(t: Text, value: str) -> str:
    """A value as ``schema`` describes it (``'abc' (text)``, ``a mapping``, ``null``)."""
    if value.endswith(" (text)"):
        return f"{value[: -len(' (text)')]} ({t('msg.got.text')})"
    if value == "a mapping":
        return t("msg.got.mapping")
    if value == "a list":
        return t("msg.got.list")
    return value


def _suffixes(t: Text, message: str) -> tuple[str, str]:
    """The message without its trailing hints, and the hints in ``t``'s language."""
    tail = ""
    for pattern, key in ((_NUMBER_HINT, "msg.hint.number"), (_EXPONENT_HINT, "msg.hint.exponent"),
                         (_ALLOWED, "msg.hint.allowed")):
        m = pattern.search(message)
        if m:
            tail = t(key, **m.groupdict()) + tail
            message = message[: m.start()]
    m = _DID_YOU_MEAN.search(message)
    if m and m.end() == len(message):
        tail = t("msg.hint.did_you_mean", word=m.group(1)) + tail
        message = message[: m.start()]
    return message, tail


# ------------------------------------------------------------------ families

Render = Callable[[Text, Fields], str]


def _plain(key: str, got_fields: tuple[str, ...] = ("got",), nested: tuple[str, ...] = ()) -> Render:
    def render(t: Text, f: Fields) -> str:
        fields = dict(f)
        for name in got_fields:
            if name in fields:
                fields[name] = got(t, fields[name])
        if "choices" in fields:  # pydantic's "'a', 'b' or 'c'"
            fields["choices"] = fields["choices"].replace("' or '", "'" + t("msg.or") + "'")
        for name in nested:
            fields[name] = problem(t, fields[name])
        return t(key, **fields)

    return render


def _hinted(key: str) -> Render:
    """A family with a "did you mean" in the middle (``hint``)."""

    def render(t: Text, f: Fields) -> str:
        fields = dict(f)
        hint = fields.get("hint", "")
        m = _DID_YOU_MEAN.fullmatch(hint)
        fields["hint"] = t("msg.hint.did_you_mean", word=m.group(1)) if m else hint
        return t(key, **fields)

    return render


_AHP_ITEM = re.compile(
    r"(?P<a>.+?) vs (?P<b>.+?): (?P<now>\S+) → (?P<new>\S+) \(CR (?P<cr>\S+); the priorities "
    r"imply (?P<implied>\S+)\)"
)


def _ahp_most(t: Text, f: Fields) -> str:
    """``most inconsistent judgement a vs b: 3 → 5 (CR …; the priorities imply …); then …``
    (:func:`bidtool.weighting.ahp.revision_advice`), item by item."""
    items = f["first"].split("; then ")
    said = []
    for item in items:
        m = _AHP_ITEM.fullmatch(item)
        said.append(t("msg.ahp_item", **m.groupdict()) if m else item)
    return t("msg.ahp_most", first=t("msg.ahp_then").join(said))


def _degenerate_zero(t: Text, f: Fields) -> str:
    where = re.sub(r" \+(\d+) more", lambda m: t("msg.more", n=m.group(1)), f["where"])
    return t("msg.degenerate_zero", **{**f, "where": where})


def _expected(t: Text, f: Fields) -> str:
    return t("msg.expected_got", what=t(_KINDS[f["what"]]), got=got(t, f["got"]))


def _bound(t: Text, f: Fields) -> str:
    return t(_BOUNDS[f["op"]], bound=f["bound"], got=got(t, f["got"]))


def _change(t: Text, f: Fields) -> str:
    what = t("msg.seal.criteria" if f["what"] == "the criteria file" else "msg.seal.catalogue")
    return t("msg.seal.no_longer_matches", change=change(t, f["change"]), what=what)


def _unit(t: Text, f: Fields) -> str:
    unit = t("msg.catalogue.no_unit") if f["unit"] == "no unit" else f["unit"]
    if "cite" in f:
        return t("msg.catalogue.unit", unit=unit, cite=f["cite"], got=f["got"])
    return t("msg.catalogue.unit_is", unit=unit)


def change(t: Text, summary: str) -> str:
    """``sealed X, now Y`` (:meth:`bidtool.io.seal.Change.summary`) in ``t``'s language."""
    m = re.fullmatch(r"sealed (?P<sealed>.*), now absent", summary)
    if m:
        return t("msg.change.gone", **m.groupdict())
    m = re.fullmatch(r"not in the seal, now (?P<now>.*)", summary)
    if m:
        return t("msg.change.new", **m.groupdict())
    m = re.fullmatch(r"sealed (?P<sealed>.*), now (?P<now>.*)", summary)
    if m:
        return t("msg.change.changed", **m.groupdict())
    return summary


Q = r"'(?:[^'\\]|\\.)*'"
PROBLEMS: tuple[tuple[re.Pattern[str], Render], ...] = tuple(
    (re.compile(pattern, re.S), render)
    for pattern, render in (
        # a figure against the metric catalogue (regions/metrics.yaml): first, since its
        # problem part would read as one of the plainer families below
        (rf"(?P<problem>expected .+?) for (?P<metric>{Q}) \((?P<cite>[^()]+:\d+)\), "
         r"got (?P<got>.+)", _plain("msg.catalogue.value", nested=("problem",))),
        (rf"expected (?P<unit>{Q}|no unit) \((?P<cite>[^()]+:\d+)\), got (?P<got>.+)",
         _unit),
        (r"expected a number \((?P<kind>\w+)\)", _plain("msg.catalogue.number")),
        (r"expected a year \(a whole number such as 2027\)", _plain("msg.catalogue.year")),
        (r"expected true or false", _plain("msg.catalogue.bool")),
        (rf"expected (?P<unit>{Q}|no unit)", _unit),
        (r"required key is missing", _plain("msg.required_missing")),
        (rf"unknown key (?P<key>{Q})", _plain("msg.unknown_key")),
        (r"expected 'type' to be one of (?P<choices>.+), got (?P<got>.+)",
         _plain("msg.expected_type")),
        (r"expected one of (?P<choices>.+), got (?P<got>.+)", _plain("msg.expected_one_of")),
        (r"expected (?P<what>a number|a whole number|text|true or false|a mapping|a list|"
         r"a finite number), got (?P<got>.+)", _expected),
        (r"expected a number (?P<op>>=|>|<=|<) (?P<bound>\S+), got (?P<got>.+)", _bound),
        (r"expected an id of lowercase letters, digits, '_' or '-', got (?P<got>.+)",
         _plain("msg.expected_id")),
        (r"expected a YAML mapping at the top, got (?P<got>.+)", _plain("msg.expected_top")),
        (r"expected one of (?P<choices>.+)", _plain("msg.catalogue.one_of")),
        (r"file is empty; expected a YAML mapping", _plain("msg.file_empty")),
        (r"invalid YAML: (?P<what>.+)", _plain("msg.invalid_yaml", nested=("what",))),
        (r"expected one YAML document, found several \(remove the extra '---'\)",
         _plain("msg.several_documents")),
        (r"nesting deeper than (?P<n>\d+) levels", _plain("msg.too_deep")),
        (r"document expands to more than (?P<n>[\d,]+) YAML nodes \(an alias/anchor bomb\?\); "
         r"refusing to expand it", _plain("msg.bomb")),
        (r"file is (?P<size>.+?); the limit is (?P<limit>\d+) MiB \(a region or criteria file is "
         r"normally a few KB\)", _plain("msg.too_big")),
        (rf"unsupported YAML tag (?P<tag>{Q})", _plain("msg.yaml_tag")),
        (r"all sibling weights are zero; at least one must be > 0", _plain("msg.zero_siblings")),
        (rf"unknown metric (?P<metric>{Q}): not defined in (?P<path>\S+?)"
         rf"(?P<hint>(?: \(did you mean {Q}\?\))?); add it there \(label, unit, kind, "
         r"definition\) or fix the name", _hinted("msg.catalogue.unknown_metric")),
        (rf"expected a number for (?P<op>{Q}), got (?P<got>.+)", _plain("msg.constraint_number")),
        (r"no region files \(\*\.yaml\) found; expected one file per region",
         _plain("msg.no_region_files")),
        (rf"duplicate criterion id (?P<id>{Q}) \(also at (?P<other>.+), line (?P<line>\d+)\)",
         _plain("msg.duplicate_criterion")),
        (r"a group \(with children\) cannot have (?P<keys>.+); put them on a leaf criterion",
         _plain("msg.group_leafy")),
        (r"a leaf criterion needs a direction \(benefit \| cost\) or a value_function",
         _plain("msg.leaf_direction")),
        (r"worst and best must differ \(both are (?P<value>.+)\)", _plain("msg.worst_best")),
        (r"(?P<what>\w+) x values must be strictly increasing, got (?P<xs>.+)",
         _plain("msg.x_increasing")),
        (r"looks like \[lat, lon\]; write \[lon, lat\] \(got (?P<got>.+)\)",
         _plain("msg.lat_lon")),
        (rf"no value for (?P<metric>{Q}), and (?P<file>\S+) says missing: error \(supply the "
         r"figure, or set missing: worst \| mean \| exclude\)", _plain("msg.missing_error")),
        (r"not UTF-8 text", _plain("msg.not_utf8")),
        (r"cannot read file: (?P<why>.+)", _plain("msg.cannot_read")),
        (r"cannot read this value: (?P<why>.+)", _plain("msg.cannot_read_value", nested=("why",))),
        (r"expected a regular file, got (?P<kind>[^;]+); give the path of a file",
         _plain("msg.not_regular_file")),
        (rf"duplicate key (?P<key>{Q}) \(first defined on line (?P<line>\d+)\); YAML would "
         r"silently keep only the last one", _plain("msg.duplicate_key")),
        (rf"unknown metric (?P<metric>{Q}): no region file defines it",
         _plain("msg.unknown_metric")),
        (rf"unknown criterion (?P<id>{Q}) in the (?P<what>.+?); expected one of (?P<ids>.+)",
         _plain("msg.unknown_criterion")),
        (rf"duplicate region id (?P<id>{Q}) \(also (?P<other>.+)\)",
         _plain("msg.duplicate_region")),
        (rf"metric (?P<metric>{Q}) is read by no criterion or constraint and no other region "
         r"has it; remove it, or add a criterion that reads it", _plain("msg.unused_metric")),
        (rf"metric (?P<metric>{Q}) is read by no criterion or constraint and no other region "
         r"has it", _plain("msg.unused_metric_typo")),
        (r"(?P<change>.+) — (?P<what>the criteria file|the metric catalogue) no longer matches "
         r"its seal", _change),
        (r"the seal's contents hash to (?P<again>\S+), not to its sha256 (?P<sha>\S+): the seal "
         r"was edited after it was made", _plain("msg.seal.edited")),
        (r"expected 'bidtool\.seal/1', got (?P<got>.+) \(write one with bidtool seal\)",
         _plain("msg.seal.schema")),
        (r"layer (?P<name>\S+) is sealed but the criteria name no such layer",
         _plain("msg.seal.layer_gone")),
        (r"layer (?P<name>\S+) is not in the seal", _plain("msg.seal.layer_new")),
        (r"layer (?P<name>\S+) changed \(sealed sha256 (?P<old>\S+), now (?P<new>\S+)\) — the "
         r"layer no longer matches its seal", _plain("msg.seal.layer_changed")),
        (r"the seal includes a metric catalogue \(metrics\.yaml\) but this directory has none",
         _plain("msg.seal.catalogue_missing")),
        (r"the seal was made without a metric catalogue; this directory has one",
         _plain("msg.seal.catalogue_extra")),
        (r"not JSON: (?P<why>.+)", _plain("msg.not_json")),
        (r"an appeal corrects a region's figures, not the weights; remove 'weights' \(a what-if "
         r"scenario can change them\)", _plain("msg.appeal.weights")),
        (r"expected 'regions: \{REGION: \{metric: \{value, status, sources\}\}\}' with the "
         r"disputed figures", _plain("msg.appeal.regions")),
        (r"an appeal is one region's; this file corrects (?P<regions>.+): one file per region",
         _plain("msg.appeal.one_region")),
        (rf"the appeal is (?P<region>{Q})'s, but this file corrects (?P<other>{Q})",
         _plain("msg.appeal.other_region")),
        (r"expected the corrected figure with its evidence \(\{value: (?P<value>.+?), status: …, "
         r"sources: \[\{title: …, url: …\}\]\}\), got the bare value (?P=value)",
         _plain("msg.appeal.bare_value")),
        (r"expected 'status' \(confirmed, claimed, derived, estimate, unknown\): how sure is the "
         r"corrected figure\?", _plain("msg.appeal.status")),
        (r"expected 'sources' with a title and url: the evidence for the corrected figure",
         _plain("msg.appeal.sources")),
        (r"expected a 'url' \(http or https\): where a reader can check the evidence",
         _plain("msg.appeal.url")),
        (r"(?P<n>\d+) criteria have no value_function and are scaled relative to the regions "
         r"being ranked, so adding or removing a region can reorder the others: (?P<ids>.+)",
         _plain("msg.relative_scaling")),
        (r"AHP consistency ratio (?P<cr>\S+) > (?P<limit>\S+) for (?P<label>.+?) "
         r"\((?P<elements>[^()]*)\): the judgements contradict each other; (?P<advice>.+)",
         _plain("msg.ahp_inconsistent", nested=("advice",))),
        (r"revise the most inconsistent pairs", _plain("msg.ahp_revise")),
        (r"most inconsistent judgement (?P<first>.+)", _ahp_most),
        (r"(?P<method>\w+) is degenerate: all (?P<n>\d+) eligible regions score (?P<score>\S+), "
         r"so (?P=method) cannot tell them apart", _plain("msg.degenerate")),
        (r"(?P<method>\w+) is degenerate: every eligible region has a zero utility on some "
         r"criterion \((?P<where>.+)\); one zero factor makes a weighted product 0, so all "
         r"(?P<n>\d+) score 0 and wpm cannot tell them apart\. Give those criteria a value "
         r"function whose worst utility is above 0, or use another method",
         _degenerate_zero),
        (r"(?P<method>\w+) scores (?P<ids>.+) 0 \(each has a zero utility on some criterion\), "
         r"so it cannot order them: they share a rank", _plain("msg.zero_scores")),
    )
)
"""Input problems and warnings: (pattern of the English message, its rendering)."""


def problem(t: Text, message: str) -> str:
    """An input problem's message (or a warning) in ``t``'s language; unknown: as it is."""
    if not t.ko:
        return message
    said = said_problem(t, message)
    return message if said is None else said


def said_problem(t: Text, message: str) -> str | None:
    """``message`` rendered from its family's key in ``t`` (English too: the round trip the
    tests check), or None when no family matches."""
    if message.startswith("--strict: "):
        rest = said_problem(t, message[len("--strict: ") :])
        return None if rest is None else "--strict: " + rest
    head, tail = _suffixes(t, message)
    for pattern, render in PROBLEMS:
        m = pattern.fullmatch(head)
        if m:
            return render(t, {k: v for k, v in m.groupdict().items() if v is not None}) + tail
    return None


_WHERE = re.compile(r"^(?P<where>[^\s:][^:]*?(?::\d+)?): (?:(?P<path>[^\s:]+): )?(?P<message>.+)$", re.S)


def line(t: Text, text: str, known_path: str | None = None) -> str:
    """A ``file:line: key.path: message`` line (or a plain sentence) in ``t``'s language."""
    if not t.ko:
        return text
    said = problem(t, text)
    if said != text:
        return said
    m = _WHERE.match(text)
    if m is None:
        return text
    prefix = m.group("where") + ": " + (m.group("path") + ": " if m.group("path") else "")
    return prefix + problem(t, m.group("message"))


# ------------------------------------------------------------------ usage errors

USAGE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), key)
    for pattern, key in (
        (rf"No such command (?P<name>{Q})\.", "usage.no_such_command"),
        (r"Got unexpected extra argument \((?P<args>.*)\)", "usage.extra_argument"),
        (r"Got unexpected extra arguments \((?P<args>.*)\)", "usage.extra_arguments"),
        (rf"Option (?P<name>{Q}) requires an argument\.", "usage.needs_argument"),
        (rf"Option (?P<name>{Q}) requires (?P<n>\d+) arguments\.", "usage.needs_arguments"),
        (rf"Option (?P<name>{Q}) does not take a value\.", "usage.takes_no_value"),
        (rf"(?P<value>{Q}) is not a valid integer\.", "usage.not_integer"),
        (rf"(?P<value>{Q}) is not a valid float\.", "usage.not_float"),
        (r"(?P<value>\S+) is not in the range (?P<range>.+)\.", "usage.not_in_range"),
        (rf"unknown (?P<what>[\w -]+?) (?P<value>{Q})(?P<hint>(?: \(did you mean {Q}\?\))?); "
         r"choose (?P<choices>.+)", "usage.unknown_choice"),
        (rf"(?P<what>[\w -]+?) (?P<value>{Q}) is not available(?P<where>.*?); choose "
         r"(?P<choices>.+)", "usage.not_available"),
        (r"Input should be a valid integer, unable to parse string as an integer",
         "usage.input_integer"),
        (r"Input should be a valid number, unable to parse string as a number",
         "usage.input_number"),
        (r"Input should be greater than or equal to (?P<bound>\S+)", "usage.input_ge"),
        (r"Input should be greater than (?P<bound>\S+)", "usage.input_gt"),
        (r"Input should be less than or equal to (?P<bound>\S+)", "usage.input_le"),
        (r"Input should be less than (?P<bound>\S+)", "usage.input_lt"),
        (rf"no criteria file (?P<value>{Q}) and no bundled criteria of that name"
         rf"(?P<hint>(?: \(did you mean {Q}\?\))?); bundled: (?P<names>.+)", "usage.no_criteria"),
        (rf"no criteria file (?P<value>{Q}); bundled: (?P<names>.+)", "usage.no_criteria_file"),
        (rf"no regions directory (?P<value>{Q}); give a directory of region YAML files "
         r"\(omit -r for \./regions or the bundled regions\)", "usage.no_regions"),
        (r"give at least two region ids", "usage.two_regions"),
        (rf"-f (?P<fmt>\S+) does not match the name (?P<name>{Q}); the room is one HTML page: "
         r"name it \*\.html", "usage.room_mismatch"),
        (rf"cannot tell the format from the name (?P<name>{Q}); the room is one HTML page: "
         r"name it \*\.html", "usage.room_no_format"),
        (rf"cannot tell the format from (?P<name>{Q}); this command writes (?P<suffixes>.+?) "
         r"\(or give -f and a matching name\)", "usage.no_format"),
        (rf"cannot tell the format from (?P<name>{Q}); use (?P<suffixes>.+)",
         "usage.no_format_use"),
        (rf"-f (?P<fmt>\S+) does not match the name (?P<name>{Q}); name the file (?P<want>\S+)",
         "usage.format_mismatch"),
        (rf"(?P<value>{Q}) is not available here; choose (?P<choices>.+)",
         "usage.format_unavailable"),
    )
)
"""Click's and the CLI's usage messages: (pattern of the English message, catalogue key)."""

_WHAT = {"method": "usage.what.method", "format": "usage.what.format",
         "weighting": "usage.what.weighting", "encoding": "usage.what.encoding",
         "language": "usage.what.language"}


def usage(t: Text, message: str) -> str:
    """A usage error's message (Click's or a ``BadParameter``'s) in ``t``'s language."""
    if not t.ko:
        return message
    said = said_usage(t, message)
    return message if said is None else said


def said_usage(t: Text, message: str) -> str | None:
    """``message`` rendered from its family's key in ``t``, or None (then as a problem)."""
    for pattern, key in USAGE:
        m = pattern.fullmatch(message)
        if m:
            fields = {k: v or "" for k, v in m.groupdict().items()}
            if fields.get("hint"):
                fields["hint"] = t("msg.hint.did_you_mean", word=fields["hint"][15:-2])
            if fields.get("where", "").startswith(" for "):
                fields["where"] = t("usage.for_command", command=fields["where"][len(" for ") :])
            if "what" in fields:
                fields["what"] = t(_WHAT[fields["what"]]) if fields["what"] in _WHAT else (
                    fields["what"])
            return t(key, **fields)
    return said_problem(t, message)

