"""Seal the criteria before the bids are opened; rebuild them from the seal to verify a report.

``seal()`` reads a criteria file and the metric catalogue beside the regions,
validates both, and returns the ``bidtool.seal/1`` document: the canonical
criteria and catalogue documents (see :mod:`bidtool.io.seal`), what they mean
(method, weights — global per leaf and as written —, value functions,
constraints, missing policy, metric definitions), the tool version and one
SHA-256 to publish with the call.

``sealed_inputs()`` is the other half: the inputs a report must have been made
from — the criteria rebuilt from the seal (never from a file that may have
changed since), the regions as submitted.  Given the criteria file too, it
first checks that file against the seal and refuses one that no longer
matches (exit 3, each change named with its line).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bidtool._version import __version__
from bidtool.errors import InputError
from bidtool.io.bundled import bundled_root
from bidtool.io.catalogue import catalogue_file, load_catalogue
from bidtool.io.loading import gather_inputs, locate_criteria, locate_regions
from bidtool.io.seal import (
    SEAL_SCHEMA,
    SealFile,
    canonical,
    change_problems,
    digest,
    document_text,
    layer_digests,
    layer_problems,
    seal_digest,
)
from bidtool.io.yaml_source import YamlDocument, parse_yaml, read_text
from bidtool.model import CriteriaSet, Inputs
from bidtool.prepare import (
    apply_scenarios,
    load_criteria,
    load_scenarios,
    measure_spatial,
    objective_weights,
    weigh_inputs,
)


@dataclass(frozen=True)
class Seal:
    """A ``bidtool.seal/1`` document; ``sha256`` is the digest to publish."""

    document: dict[str, Any]

    @property
    def sha256(self) -> str:
        return str(self.document["sha256"])

    def to_dict(self) -> dict[str, Any]:
        return self.document


def _read_doc(path: Path, display: str) -> tuple[YamlDocument, str]:
    text, sha = read_text(path, display)
    return parse_yaml(text, display), sha


def _catalogue(regions: str | None, cwd: Path | None) -> tuple[YamlDocument, str] | None:
    """The regions directory's metric catalogue, validated, or None without one."""
    loc = locate_regions(regions, cwd)
    path = catalogue_file(loc.path) if loc.path.is_dir() else None
    if path is None:
        return None
    display = f"{loc.display}/{path.name}"
    _, problems = load_catalogue(path, display)
    if problems:
        raise InputError(problems)
    return _read_doc(path, display)


def _value_functions(nodes: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for node in nodes or []:
        if node.get("children"):
            out.update(_value_functions(node["children"]))
        else:
            out[str(node["id"])] = node.get("value_function")
    return out


def seal_document(
    crit: CriteriaSet,
    crit_doc: YamlDocument,
    crit_file_sha: str,
    catalogue: tuple[YamlDocument, str] | None,
    base: Path | None = None,
) -> dict[str, Any]:
    """The ``bidtool.seal/1`` document for validated criteria and their catalogue.

    ``base`` is the criteria file's folder, where its layer paths lead: each
    layer's contents are sealed (:func:`bidtool.io.seal.layer_digests`).
    """
    criteria_data = canonical(crit_doc.data)
    catalogue_data = canonical(catalogue[0].data) if catalogue is not None else None
    layers: dict[str, Any] = {}
    if base is not None:
        layers, unread = layer_digests(criteria_data.get("layers"), base)
        if unread:
            raise InputError(layer_problems({}, {}, unread, crit.path))
    return {
        "schema": SEAL_SCHEMA,
        "bidtool_version": __version__,
        "sha256": seal_digest(criteria_data, catalogue_data, layers),
        "criteria": {
            "path": crit.path,
            "bundled": crit.bundled,
            "name": crit.name,
            "file_sha256": crit_file_sha,
            "sha256": digest(criteria_data),
            "document": criteria_data,
        },
        "catalogue": None
        if catalogue is None
        else {
            "path": catalogue[0].file,
            "file_sha256": catalogue[1],
            "sha256": digest(catalogue_data),
            "document": catalogue_data,
        },
        "layers": layers,
        "method": crit.method,
        "missing": crit.missing,
        "missing_by_leaf": {leaf.id: leaf.missing for leaf in crit.leaves},
        "weighting": crit.weighting,
        "weights": {
            "leaves": {leaf.id: leaf.weight for leaf in crit.leaves},
            "written": {n.id: n.weight for n in crit.iter_nodes()},
        },
        "value_functions": _value_functions(criteria_data.get("criteria")),
        "constraints": criteria_data.get("constraints", []),
        "metric_definitions": (catalogue_data or {}).get("metrics", {}),
    }


def seal(criteria: str | None = None, regions: str | None = None, cwd: Path | None = None) -> Seal:
    """Validate ``criteria`` (and the catalogue of ``regions``) and seal them.

    Raises :class:`InputError` (exit 3) for an invalid file: a seal is only
    ever made of criteria that rank.
    """
    loc = locate_criteria(criteria, cwd)
    crit = load_criteria(criteria, cwd=cwd)
    doc, sha = _read_doc(loc.path, loc.display)
    return Seal(seal_document(crit, doc, sha, _catalogue(regions, cwd), loc.path.parent))


def check_against_seal(seal: SealFile, criteria: str | None, cwd: Path | None = None) -> CriteriaSet:
    """``criteria`` (a file or bundled name), refused unless it still matches ``seal``.

    Every change is one problem, ``file:line: key.path(id): sealed …, now …``.
    """
    loc = locate_criteria(criteria, cwd)
    doc, _ = _read_doc(loc.path, loc.display)
    problems = change_problems(doc, seal.criteria_document, "the criteria file")
    if problems:
        raise InputError(problems)
    return load_criteria(criteria, cwd=cwd)


def _check_catalogue(seal: SealFile, regions: str | None, cwd: Path | None) -> None:
    found = _catalogue(regions, cwd)
    sealed = seal.catalogue_document
    if found is None and sealed is None:
        return
    if found is None:
        raise InputError.single(
            locate_regions(regions, cwd).display,
            "the seal includes a metric catalogue (metrics.yaml) but this directory has none",
        )
    if sealed is None:
        raise InputError.single(
            found[0].file, "the seal was made without a metric catalogue; this directory has one"
        )
    problems = change_problems(found[0], sealed, "the metric catalogue")
    if problems:
        raise InputError(problems)


def check_layers(seal: SealFile, base: Path, criteria_display: str) -> None:
    """Refuse (exit 3) layers whose contents differ from the sealed ones, each named:
    ``layer faults changed (sealed sha256 …, now …)``.  A seal made before layers
    were sealed (no ``layers``) checks nothing here."""
    if seal.layers is None:
        return
    now, unread = layer_digests(seal.criteria_document.get("layers"), base)
    problems = layer_problems(seal.layers, now, unread, criteria_display)
    if problems:
        raise InputError(problems)


def sealed_inputs(
    seal: SealFile,
    regions: str | None = None,
    criteria: str | None = None,
    scenarios: Sequence[str] = (),
    weighting: str | None = None,
    *,
    strict: bool = False,
    cwd: Path | None = None,
) -> Inputs:
    """The inputs a report under ``seal`` must come from: sealed criteria, given regions.

    With ``criteria`` the file is first checked against the seal (exit 3 on any
    change) and its name and SHA-256 stand in the outputs; without it the
    name, bundled flag and file SHA-256 recorded in the seal do.  The regions'
    metric catalogue must match the sealed one.
    """
    if criteria is not None:
        checked = check_against_seal(seal, criteria, cwd)
        display, sha, bundled = checked.path, checked.sha256, checked.bundled
        base = locate_criteria(criteria, cwd).path.parent
    else:
        display = seal.criteria_path
        sha = str(seal.data["criteria"].get("file_sha256", ""))
        bundled = seal.bundled
        base = bundled_root() / "criteria" if bundled else (cwd or Path.cwd()) / Path(display).parent
    _check_catalogue(seal, regions, cwd)
    check_layers(seal, base, display)
    inputs = weigh_inputs(
        gather_inputs(
            display,
            regions,
            strict,
            cwd,
            criteria_text=(document_text(seal.criteria_document), base),
        ),
        strict,
    )
    crit = replace(inputs.criteria, path=display, sha256=sha, bundled=bundled)
    inputs = measure_spatial(replace(inputs, criteria=crit), strict)
    if scenarios:
        inputs = apply_scenarios(inputs, load_scenarios(scenarios))
    return objective_weights(inputs, weighting)

