"""Sealed criteria (``bidtool.seal/1``): the canonical form of a criteria file and its digest.

A committee seals its criteria before the bids are opened and publishes one
SHA-256.  The digest is taken over a *canonical form* of the parsed document —
never over the file's bytes — so comments, key order, quoting and flow or
block style do not change it, while any weight, value-function point,
constraint or metric definition does:

* the YAML is parsed with :mod:`bidtool.io.yaml_source` (safe, duplicate keys
  refused) and validated as a criteria file;
* the data is made JSON-safe (:func:`canonical`): mapping keys become text
  (``true``, ``3`` as YAML spells them),
  dates ISO text, a float holding a whole number the integer (``60.0`` ≡
  ``60``), ``-0.0`` zero;
* it is written as JSON with sorted keys, no whitespace and Python's
  shortest round-trip float repr (:func:`canonical_json`), and hashed as
  UTF-8 (:func:`digest`).

A ``seal.json`` embeds the canonical criteria document and the metric
catalogue's, so ``bidtool verify`` can rebuild the criteria from the seal
alone; this module reads one back and checks it was not edited.

The map layers a criteria file names (``layers:``) are sealed by content:
:func:`layer_digests` gives each layer's SHA-256 of its file's bytes (a
Shapefile's members, a directory of GeoParquet parts and a polygon ``extent``
file each hashed, in a fixed order), and :func:`seal_digest` covers them, so a
swapped fault-line file no longer verifies as the sealed one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import posixpath
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from bidtool.errors import InputError, Problem
from bidtool.io.yaml_source import KeyPath, YamlDocument, format_path, parse_yaml, read_text

SEAL_SCHEMA = "bidtool.seal/1"
MAX_SEAL_BYTES = 4 * 1024 * 1024


def canonical(value: Any) -> Any:
    """``value`` as plain JSON data with one spelling per meaning (see the module doc)."""
    if isinstance(value, dict):
        return {_key(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _key(key: Any) -> str:
    """A mapping key as text, spelt as YAML would match it (``true``, ``3``): a
    categorical map's keys are matched by that text (:func:`bidtool.names.category_key`)."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, (int, float)):
        return canonical_json(key)
    return str(canonical(key))


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, shortest round-trip floats, UTF-8 text (RFC 8785 in spirit)."""
    return json.dumps(
        canonical(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def digest(value: Any) -> str:
    """SHA-256 (hex) of :func:`canonical_json`."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def seal_digest(criteria_document: Any, catalogue_document: Any, layers: Any = None) -> str:
    """The one digest a committee publishes: criteria, metric catalogue and layer contents.

    Without layers (``None`` or empty) it is the digest of
    ``{"catalogue", "criteria"}`` alone, as every seal made before layers were
    sealed, so those seals still check.
    """
    if not layers:
        return digest({"catalogue": catalogue_document, "criteria": criteria_document})
    return digest({"catalogue": catalogue_document, "criteria": criteria_document, "layers": layers})


SHAPEFILE_MEMBERS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
"""The files of a Shapefile that its reader reads, hashed in this order."""
_PARQUET = (".parquet", ".geoparquet")
_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """SHA-256 (hex) of a regular file's bytes, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _members(path: Path, written: str) -> list[tuple[Path, str]]:
    """The files a layer at ``path`` (``written`` as the criteria file spells it) is
    made of: itself; a Shapefile's members in :data:`SHAPEFILE_MEMBERS` order; a
    directory's GeoParquet parts by name (as the reader takes them)."""
    if path.is_dir():
        parts = sorted(
            p for p in path.iterdir()
            if p.suffix.lower() in _PARQUET and not p.name.startswith((".", "_"))
        )
        return [(p, posixpath.normpath(f"{written}/{p.name}")) for p in parts]
    if path.suffix.lower() == ".shp":
        out = []
        for ext in SHAPEFILE_MEMBERS:
            found = next(
                (p for p in (path.with_suffix(ext), path.with_suffix(ext.upper())) if p.exists()),
                None,
            )
            if found is not None:
                out.append((found, str(PurePosixPath(posixpath.normpath(written)).with_name(found.name))))
        return out
    return [(path, posixpath.normpath(written))]


def layer_digests(layers: Any, base: Path) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """Each layer of a canonical criteria document's ``layers:`` by content.

    Returns ``{name: {"sha256": …, "files": [{"file": …, "sha256": …}]}}`` and the
    files that could not be read as ``(layer, file, why)``.  ``file`` is the path
    as the criteria file writes it (relative to that file), so the digest does
    not depend on where the tool runs; ``sha256`` is the bytes' SHA-256 for a
    one-file layer, otherwise the :func:`digest` of its ``files`` list (a
    Shapefile's ``.shp .shx .dbf .prj .cpg``, a directory's GeoParquet parts by
    name, then a polygon ``extent`` file).
    """
    out: dict[str, Any] = {}
    unread: list[tuple[str, str, str]] = []
    if not isinstance(layers, dict):
        return out, unread
    for name in sorted(layers):
        spec = layers[name]
        if not isinstance(spec, dict) or not isinstance(spec.get("path"), str):
            continue
        written = [spec["path"]] + ([spec["extent"]] if isinstance(spec.get("extent"), str) else [])
        files: list[dict[str, str]] = []
        for text in written:
            path = base / text
            members = _members(path, text) if path.exists() else []
            if not members:
                unread.append((name, posixpath.normpath(text), "file not found"))
            for member, label in members:
                try:
                    if not stat.S_ISREG(member.stat().st_mode):
                        raise OSError("not a regular file")
                    files.append({"file": label, "sha256": file_sha256(member)})
                except OSError as exc:
                    unread.append((name, label, exc.strerror or str(exc)))
        combined = files[0]["sha256"] if len(files) == 1 else digest(files)
        out[str(name)] = {"sha256": combined, "files": files}
    return out, unread


def layer_problems(sealed: dict[str, Any], now: dict[str, Any], unread: list[tuple[str, str, str]],
                   criteria_file: str) -> list[Problem]:
    """``FILE: layers.X: layer X changed (sealed sha256 …, now …)`` for every layer whose
    contents differ from the sealed ones (and every file that could not be read);
    ``FILE`` is named from where the tool runs (``criteria_file``'s folder joined)."""
    folder = posixpath.dirname(criteria_file)

    def shown(file: object) -> str:
        return posixpath.normpath(posixpath.join(folder, str(file)))

    out = [
        Problem(shown(file), None, f"layers.{name}", f"layer {name} cannot be read ({why}); the seal "
                "holds its contents' SHA-256")
        for name, file, why in unread
    ]
    unreadable = {name for name, _, _ in unread}
    for name in [*sealed, *(k for k in now if k not in sealed)]:
        if name in unreadable:
            continue
        if name not in now:
            out.append(Problem(criteria_file, None, f"layers.{name}",
                               f"layer {name} is sealed but the criteria name no such layer"))
            continue
        if name not in sealed:
            out.append(Problem(criteria_file, None, f"layers.{name}",
                               f"layer {name} is not in the seal"))
            continue
        if sealed[name].get("sha256") == now[name]["sha256"]:
            continue
        old = {f.get("file"): f.get("sha256") for f in sealed[name].get("files", [])}
        new = {f["file"]: f["sha256"] for f in now[name]["files"]}
        named = False
        for file in [*old, *(k for k in new if k not in old)]:
            if old.get(file) != new.get(file):
                named = True
                out.append(Problem(
                    shown(file), None, f"layers.{name}",
                    f"layer {name} changed (sealed sha256 {old.get(file) or 'absent'}, now "
                    f"{new.get(file) or 'absent'}) — the layer no longer matches its seal",
                ))
        if not named:
            out.append(Problem(
                criteria_file, None, f"layers.{name}",
                f"layer {name} changed (sealed sha256 {sealed[name].get('sha256')}, now "
                f"{now[name]['sha256']}) — the layer no longer matches its seal",
            ))
    return out


def document_text(document: Any) -> str:
    """A canonical document as YAML the criteria parser reads back to the same data."""
    import yaml

    return str(yaml.safe_dump(canonical(document), sort_keys=True, allow_unicode=True))


@dataclass(frozen=True)
class Change:
    """One difference between a sealed document and another: where, and both values."""

    path: KeyPath
    sealed: Any
    now: Any
    absent: str = ""  # "sealed" / "now": the key exists on one side only

    def summary(self) -> str:
        if self.absent == "now":
            return f"sealed {_shown(self.sealed)}, now absent"
        if self.absent == "sealed":
            return f"not in the seal, now {_shown(self.now)}"
        return f"sealed {_shown(self.sealed)}, now {_shown(self.now)}"

    def describe(self, data: Any) -> str:
        """``key.path(id): sealed …, now …`` (ids from ``data``)."""
        return f"{format_path(self.path, data) or '(document)'}: {self.summary()}"


def _shown(value: Any) -> str:
    text = canonical_json(value)
    return text if len(text) <= 120 else text[:117] + "…"


def changes(sealed: Any, now: Any, path: KeyPath = ()) -> list[Change]:
    """Every leaf-level difference between two canonical documents, in document order.

    Lists of equal length are compared item by item (so one value-function
    point or one constraint is named); lists of different length as a whole.
    """
    if isinstance(sealed, dict) and isinstance(now, dict):
        out: list[Change] = []
        for key in [*sealed, *(k for k in now if k not in sealed)]:
            if key not in now:
                out.append(Change((*path, key), sealed[key], None, "now"))
            elif key not in sealed:
                out.append(Change((*path, key), None, now[key], "sealed"))
            else:
                out.extend(changes(sealed[key], now[key], (*path, key)))
        return out
    if isinstance(sealed, list) and isinstance(now, list) and len(sealed) == len(now):
        return [c for i, (a, b) in enumerate(zip(sealed, now, strict=True)) for c in changes(a, b, (*path, i))]
    return [] if canonical_json(sealed) == canonical_json(now) else [Change(path, sealed, now)]


def change_problems(doc: YamlDocument, sealed: Any, what: str) -> list[Problem]:
    """``file:line: key.path: sealed …, now …`` for every change of ``doc`` against ``sealed``."""
    data = canonical(doc.data)
    out = []
    for c in changes(sealed, data):
        line_path = c.path
        while line_path and doc.line_of(line_path) is None:
            line_path = line_path[:-1]
        line = doc.line_of(line_path) if line_path else None
        named_in = sealed if c.absent == "now" else data
        out.append(
            Problem(
                doc.file,
                line,
                format_path(c.path, named_in),
                f"{c.summary()} — {what} no longer matches its seal",
            )
        )
    return out


@dataclass(frozen=True)
class SealFile:
    """A read ``seal.json``: the published document, checked against its own digest."""

    path: str
    data: dict[str, Any]

    @property
    def sha256(self) -> str:
        return str(self.data["sha256"])

    @property
    def criteria_document(self) -> Any:
        return self.data["criteria"]["document"]

    @property
    def catalogue_document(self) -> Any:
        cat = self.data.get("catalogue")
        return None if cat is None else cat["document"]

    @property
    def layers(self) -> dict[str, Any] | None:
        """The sealed layers' contents (``None``: a seal made before layers were sealed)."""
        layers = self.data.get("layers")
        return layers if isinstance(layers, dict) else None

    @property
    def criteria_path(self) -> str:
        return str(self.data["criteria"]["path"])

    @property
    def bundled(self) -> bool:
        return bool(self.data["criteria"].get("bundled", False))


def read_seal(path: str) -> SealFile:
    """Read and check a ``seal.json``: schema, shape, and the digest over what it embeds.

    An edited seal (its embedded criteria no longer hash to its ``sha256``) is
    refused: exit 3.
    """
    text, _ = read_text(Path(path), path, MAX_SEAL_BYTES, "seal")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError.single(path, f"not JSON: {exc.msg}", line=exc.lineno) from None

    def bad(where: str, message: str) -> InputError:
        return InputError.single(path, message, path=where)

    if not isinstance(data, dict) or data.get("schema") != SEAL_SCHEMA:
        got = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise bad("schema", f"expected {SEAL_SCHEMA!r}, got {got!r} (write one with bidtool seal)")
    crit = data.get("criteria")
    if not isinstance(crit, dict) or not isinstance(crit.get("document"), dict):
        raise bad("criteria.document", "expected the sealed criteria document (a mapping)")
    if not isinstance(crit.get("path"), str):
        raise bad("criteria.path", "expected the sealed criteria file's name")
    cat = data.get("catalogue")
    if cat is not None and (not isinstance(cat, dict) or not isinstance(cat.get("document"), dict)):
        raise bad("catalogue.document", "expected the sealed metric catalogue (a mapping) or null")
    if not isinstance(data.get("sha256"), str):
        raise bad("sha256", "expected the seal's SHA-256")
    layers = data.get("layers")
    if layers is not None and not (
        isinstance(layers, dict)
        and all(isinstance(v, dict) and isinstance(v.get("sha256"), str)
                and isinstance(v.get("files"), list) for v in layers.values())
    ):
        raise bad("layers", "expected each sealed layer as {sha256, files} (or no 'layers')")
    seal = SealFile(path, data)
    again = seal_digest(seal.criteria_document, seal.catalogue_document, layers)
    if again != seal.sha256:
        raise bad(
            "sha256",
            f"the seal's contents hash to {again}, not to its sha256 {seal.sha256}: "
            "the seal was edited after it was made",
        )
    return seal


def parse_document(text: str, display: str) -> YamlDocument:
    """A sealed document (as :func:`document_text`) parsed as the loaders parse files."""
    return parse_yaml(text, display)
