"""Messages built in English below the CLI, said in Korean (``bidtool.i18n.localise``)."""

from __future__ import annotations

import pytest

from bidtool.i18n import text
from bidtool.i18n.localise import PROBLEMS, USAGE, line, problem, said_problem, said_usage, usage
from tests.i18n.english import english_words

PROBLEM_CORPUS = [
    "required key is missing",
    "unknown key 'wieght' (did you mean 'weight'?)",
    "unknown key 'colour'; allowed: direction, id, label, weight",
    "expected one of 'benefit', 'cost', 'max', 'min', '+' or '-', got 'benfit' (text) "
    "(did you mean 'benefit'?)",
    "expected a number, got 'abc' (text)",
    "expected a number, got '1,500' (text); write 1500: no quotes or thousands separators; "
    "the unit goes in `unit:`",
    "expected a number, got '1e3' (text); write 1.0e+3: YAML reads an exponent as a number "
    "only with a dot and a sign",
    "expected a whole number, got 2.5",
    "expected true or false, got null",
    "expected a mapping, got a list",
    "expected a number >= 0, got -3",
    "expected a number > 0, got 0",
    "expected an id of lowercase letters, digits, '_' or '-', got 'Power' (text)",
    "expected 'type' to be one of 'linear', 'piecewise', 'step' or 'categorical', got 'linar' "
    "(text) (did you mean 'linear'?)",
    "expected a YAML mapping at the top, got a list",
    "expected a number (number) for 'ai_grad_intake_per_year' (regions/metrics.yaml:25), got "
    "'12 MW'; write 12: no quotes or thousands separators; the unit goes in `unit:`",
    "expected a year (a whole number such as 2027) for 'power_ready_year' (regions/metrics.yaml:"
    "40), got 27",
    "expected one of planned, under_construction (did you mean 'planned'?) for 'stage' "
    "(regions/metrics.yaml:9), got 'planed'",
    "expected 'MW' (regions/metrics.yaml:12), got 'kW'",
    "invalid YAML: expected one YAML document, found several (remove the extra '---')",
    "invalid YAML: nesting deeper than 64 levels",
    "document expands to more than 200,000 YAML nodes (an alias/anchor bomb?); refusing to "
    "expand it",
    "file is 4.1 MiB; the limit is 2 MiB (a region or criteria file is normally a few KB)",
    "cannot read this value: unsupported YAML tag 'tag:yaml.org,2002:python/object'",
    "all sibling weights are zero; at least one must be > 0",
    "unknown metric 'cable_landing_kms': not defined in regions/metrics.yaml (did you mean "
    "'cable_landing_km'?); add it there (label, unit, kind, definition) or fix the name",
    "expected a number for '>=', got 'forty' (text)",
    "no region files (*.yaml) found; expected one file per region",
    "duplicate criterion id 'grid' (also at criteria[2](power).children[5](grid), line 107)",
    "a group (with children) cannot have unit; put them on a leaf criterion",
    "a leaf criterion needs a direction (benefit | cost) or a value_function",
    "worst and best must differ (both are 100)",
    "points x values must be strictly increasing, got [0.0, 120.0, 40.0]",
    "looks like [lat, lon]; write [lon, lat] (got [35.23, 126.85])",
    "no value for 'substation_kv', and criteria/default.yaml says missing: error (supply the "
    "figure, or set missing: worst | mean | exclude)",
    "expected no unit for 'share' (regions/metrics.yaml:30), got 'pct'",
    "file is empty; expected a YAML mapping",
    "invalid YAML: mapping values are not allowed here",
    "not UTF-8 text",
    "cannot read file: No such file or directory",
    "duplicate key 'weight' (first defined on line 12); YAML would silently keep only the last one",
    "unknown metric 'power_mw': no region file defines it",
    "duplicate region id 'busan' (also regions/busan2.yaml)",
    "metric 'powr_mw' is read by no criterion or constraint and no other region has it; remove "
    "it, or add a criterion that reads it",
    "--strict: metric 'extra' is read by no criterion or constraint and no other region has it"
    " (did you mean 'extra_mw'?)",
    "sealed 25, now 26 — the criteria file no longer matches its seal",
    "sealed {\"a\":1}, now absent — the metric catalogue no longer matches its seal",
    "not in the seal, now 3 — the criteria file no longer matches its seal",
    "the seal's contents hash to abc123, not to its sha256 def456: the seal was edited after "
    "it was made",
    "expected 'bidtool.seal/1', got 'x' (write one with bidtool seal)",
    "layer faults changed (sealed sha256 abc, now def) — the layer no longer matches its seal",
    "layer quakes is not in the seal",
    "2 criteria have no value_function and are scaled relative to the regions being ranked, "
    "so adding or removing a region can reorder the others: power_mw, land_ha",
    "AHP consistency ratio 0.154 > 0.10 for top (power, talent, site): the judgements "
    "contradict each other; revise the most inconsistent pairs",
    "AHP consistency ratio 0.240 > 0.10 for top (power, talent, site): the judgements "
    "contradict each other; most inconsistent judgement power vs site: 1/5 → 3 (CR 0.041; the "
    "priorities imply 2.7); then talent vs site: 7 → 3 (CR 0.008; the priorities imply 2.9)",
    "wpm is degenerate: all 4 eligible regions score 0.5, so wpm cannot tell them apart",
    "wpm is degenerate: every eligible region has a zero utility on some criterion (busan: "
    "power_mw; ulsan: land_ha +1 more); one zero factor makes a weighted product 0, so all 2 "
    "score 0 and wpm cannot tell them apart. Give those criteria a value function whose worst "
    "utility is above 0, or use another method",
    "wpm scores busan, ulsan 0 (each has a zero utility on some criterion), so it cannot order "
    "them: they share a rank",
    "an appeal corrects a region's figures, not the weights; remove 'weights' (a what-if "
    "scenario can change them)",
    "the appeal is 'busan''s, but this file corrects 'gwangju'",
    "expected the corrected figure with its evidence ({value: 40, status: …, sources: "
    "[{title: …, url: …}]}), got the bare value 40",
    "expected 'status' (confirmed, claimed, derived, estimate, unknown): how sure is the "
    "corrected figure?",
    "expected 'sources' with a title and url: the evidence for the corrected figure",
    "expected a 'url' (http or https): where a reader can check the evidence",
]
USAGE_CORPUS = [
    "No such command 'rnak'.",
    "Got unexpected extra argument (x)",
    "Got unexpected extra arguments (a.yaml b.yaml)",
    "Option '-f' requires an argument.",
    "Input should be a valid integer, unable to parse string as an integer",
    "Input should be greater than or equal to 0",
    "unknown method 'wsmm' (did you mean 'wsm'?); choose wsm, wpm, topsis",
    "format 'csv' is not available for explore; choose html",
    "unknown language 'fr'; choose en, ko",
    "no criteria file 'nope' and no bundled criteria of that name; bundled: default, geo",
    "no regions directory 'x'; give a directory of region YAML files (omit -r for ./regions or "
    "the bundled regions)",
    "give at least two region ids",
    "cannot tell the format from the name 'room.csv'; the room is one HTML page: name it *.html",
    "-f html does not match the name 'room.htm2'; the room is one HTML page: name it *.html",
    "cannot tell the format from 'r.txt'; this command writes .csv .json .md (or give -f and a "
    "matching name)",
    "cannot tell the format from 'r.txt'; use .html, .md, .xlsx",
]
KEYS = frozenset({
    "weight", "wieght", "direction", "id", "label", "benefit", "benfit", "cost", "max", "min",
    "linear", "linar", "piecewise", "step", "categorical", "value_function", "unit", "type",
    "colour", "regions", "status", "sources", "title", "url", "value", "metric", "confirmed",
    "claimed", "derived", "estimate", "unknown", "weights", "REGION", "true", "false", "null",
    "http", "https", "top", "power", "talent", "site", "abc", "Power",
    "csv", "html", "en", "ko", "fr", "nope", "default", "geo", "rnak", "wsmm",
    "busan", "gwangju", "extra", "seal", "explore", "ai_grad_intake_per_year", "power_ready_year",
    "planned", "under_construction", "planed", "stage", "share", "pct", "kind", "number", "kW",
    "cable_landing_kms", "cable_landing_km", "definition", "forty", "grid", "points", "worst",
    "best", "substation_kv", "missing", "error", "mean", "exclude", "MiB", "KB", "criteria", "tag",
    "ulsan", "power_mw", "land_ha", "faults", "quakes", "def",
})
"""YAML keys and values, ids and the inputs quoted back: not prose."""
# what stays English on purpose: the reasons the system and PyYAML give
LEFT_ENGLISH = {"mapping values are not allowed here", "No such file or directory"}


@pytest.mark.parametrize("message", PROBLEM_CORPUS)
def test_problem_families_round_trip_in_english_and_are_korean(message: str) -> None:
    """The English template of a family reproduces the English message (patterns and
    catalogue agree); the Korean one leaves no English prose but the quoted inputs."""
    assert said_problem(text("en"), message) == message
    ko = problem(text("ko"), message)
    assert ko != message
    for kept in LEFT_ENGLISH:
        ko = ko.replace(kept, "")
    assert english_words(ko, KEYS) == [], ko
    assert problem(text("en"), message) == message  # English is never rewritten


@pytest.mark.parametrize("message", USAGE_CORPUS)
def test_usage_families_round_trip_and_are_korean(message: str) -> None:
    assert said_usage(text("en"), message) == message
    ko = usage(text("ko"), message)
    assert ko != message and english_words(ko, KEYS) == [], ko


def test_figures_ids_and_paths_are_kept() -> None:
    ko = line(text("ko"), "criteria/x.yaml:56: criteria[2](power).weight: expected a number >= "
              "0, got -3.5")
    assert ko.startswith("criteria/x.yaml:56: criteria[2](power).weight: ")
    assert "0" in ko and "-3.5" in ko and "이상" in ko


def test_an_unknown_message_is_left_as_it_is() -> None:
    said = "the moon is made of cheese"
    assert problem(text("ko"), said) == said and usage(text("ko"), said) == said
    assert line(text("ko"), f"a.yaml:3: k: {said}") == f"a.yaml:3: k: {said}"


def test_every_family_has_a_key_in_both_catalogues() -> None:
    from bidtool.i18n import en, ko

    assert len(PROBLEMS) >= 30 and len(USAGE) >= 20
    assert {k for k in en.MESSAGES if k.startswith(("msg.", "usage."))} == {
        k for k in ko.MESSAGES if k.startswith(("msg.", "usage."))
    }


def test_verify_notes_and_words_in_korean() -> None:
    """The fixed notes and words of a verify verdict (the JSON keeps them English)."""
    from bidtool.render.audit import _note, _word

    t = text("ko")
    notes = [
        "criteria rebuilt from the seal; give -c FILE to check the criteria file itself",
        "this seal predates sealed map layers (no 'layers' in it): the layers' contents were "
        "not checked; seal again to cover them",
        "the report has an Appeal section (corrections appeal.yaml, sha256 " + "0" * 64
        + "): give --appeal appeal.yaml to re-derive it",
    ]
    for note in notes:
        said = _note(t, note)
        assert english_words(said, KEYS | {"FILE", "layers", "appeal"}) == [], said
        assert _note(text("en"), note) == note or said != note
    assert [_word(t, w) for w in ("absent", "line 12", "after line 3", "(section)")] == [
        "없음", "12행", "3행 뒤", "(절)"
    ]
