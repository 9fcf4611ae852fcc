"""The per-candidate measures of a screening run, on disk (:class:`Spill`).

Screening a country holds millions of candidates' measures.  Kept as Python
objects they cost about a kilobyte each; here every chunk's measures are
appended, as they arrive, to one Arrow IPC file in a private temporary
directory, in record batches of at least :data:`BATCH` rows:

* ``id``, ``name``, ``label`` (the reader's label, text sources), ``row`` (the
  row in its part) and ``hash`` (``hash(id)``, for the duplicate check);
* per spatial metric ``s<j>``: the measured float64 column (NaN unknown);
* per property metric ``p<j>.tag`` / ``p<j>.num`` / ``p<j>.obj``: the Python value
  as a tag (0 None, 1 float, 2 int, 3 anything else), a float64 (exact for floats
  and ints up to 2**53) and, for tag 3, the pickled value — so a value comes
  back as the same Python object, of the same type;
* ``wkb``: the WGS84 geometry (map outputs only).

Reading memory-maps the file for one record batch at a time (:meth:`Spill.gather`),
and copies out what it takes: the pages touched do not stay in the process.
The directory is removed by :meth:`Spill.close` (also on errors and Ctrl-C:
use it as a context manager); it is created with ``mkdtemp`` (mode 0700, a
fresh name, so nothing there is followed or reused).
"""

from __future__ import annotations

import contextlib
import pickle
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pyarrow as pa
    from numpy.typing import NDArray

    from bidtool.model import CriteriaSet, Leaf
    from bidtool.screen_engine import ChunkMeasures, ScreenContext
    from bidtool.screening import Screened

BATCH = 65_536
"""Rows per record batch (small chunks are gathered up to this before being written)."""

NONE, FLOAT, INT, OTHER = 0, 1, 2, 3
_EXACT = 2**53


def encode_values(values: Sequence[Any]) -> tuple[NDArray[np.int8], NDArray[np.float64], list[bytes | None]]:
    """A column of Python values as (tag, number, pickled) columns (see the module docstring)."""
    n = len(values)
    tag = np.zeros(n, dtype=np.int8)
    num = np.zeros(n, dtype=np.float64)
    obj: list[bytes | None] = [None] * n
    for k, v in enumerate(values):
        t = type(v)
        if v is None:
            continue
        if t is float:
            tag[k], num[k] = FLOAT, v
        elif t is int and -_EXACT <= v <= _EXACT:
            tag[k], num[k] = INT, v
        else:
            tag[k], obj[k] = OTHER, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)
    return tag, num, obj


def decode_values(tag: NDArray[np.int8], num: NDArray[np.float64], obj: Any) -> list[Any]:
    """:func:`encode_values` undone: the same Python objects."""
    out: list[Any] = num.tolist()
    for k in np.flatnonzero(tag == NONE).tolist():
        out[k] = None
    ints = np.flatnonzero(tag == INT)
    for k, v in zip(ints.tolist(), num[ints].astype(np.int64).tolist()):
        out[k] = v
    other = np.flatnonzero(tag == OTHER).tolist()
    if other:
        for k in other:
            out[k] = pickle.loads(obj[k].as_py())
    return out


class Spill:
    """Chunk measures appended to a temporary Arrow IPC file; see the module docstring."""

    def __init__(self, context: ScreenContext, directory: Path | str | None = None) -> None:
        import pyarrow as pa

        self.context = context
        self.spatial = list(context.criteria.spatial_metrics)
        self.properties = context.property_metrics
        fields = [
            pa.field("id", pa.string()),
            pa.field("name", pa.string()),
            pa.field("label", pa.string()),
            pa.field("row", pa.int64()),
            pa.field("hash", pa.int64()),
            *[pa.field(f"s{j}", pa.float64()) for j in range(len(self.spatial))],
        ]
        for j in range(len(self.properties)):
            fields += [
                pa.field(f"p{j}.tag", pa.int8()),
                pa.field(f"p{j}.num", pa.float64()),
                pa.field(f"p{j}.obj", pa.binary()),
            ]
        if context.keep_geometry:
            fields.append(pa.field("wkb", pa.binary()))
        self.schema = pa.schema(fields)
        try:
            self.dir = Path(tempfile.mkdtemp(prefix=".bidtool-screen-", dir=directory))
        except OSError:  # not there, or not writable: the output's error is reported later
            self.dir = Path(tempfile.mkdtemp(prefix="bidtool-screen-"))
        self.path = self.dir / "measures.arrow"
        self._sink: Any = pa.OSFile(str(self.path), "wb")
        self._writer: Any = pa.ipc.new_file(self._sink, self.schema)
        self._pending: list[ChunkMeasures] = []
        self._pending_rows = 0
        self.rows = 0  # rows written or pending
        self.starts: list[int] = [0]  # first row of each record batch, and the end
        self.segments: dict[int, tuple[int, int]] = {}  # chunk index -> (first row, rows)
        self.refused = False  # a chunk was refused: finish raises, nothing more is kept

    # ------------------------------------------------------------------ writing

    def add(self, m: ChunkMeasures) -> ChunkMeasures:
        """Keep ``m``'s per-candidate columns here; return ``m`` without them."""
        from dataclasses import replace

        n = len(m.ids)
        refused = bool(m.groups) or bool(m.unlocated_count and not self.context.skip_unlocated)
        self.refused = self.refused or refused
        if not self.refused:
            self.segments[m.index] = (self.rows, n)
            self.rows += n
            self._pending.append(m)
            self._pending_rows += n
            if self._pending_rows >= BATCH:
                self._flush()
        return replace(
            m, rows=np.empty(0, dtype=np.int64), ids=[], names=[], values={}, wkb=None,
            labels=None, count=n, empty_ids=m.ids.count("") if n else 0,
        )

    def _flush(self) -> None:
        import pyarrow as pa

        parts, self._pending, self._pending_rows = self._pending, [], 0
        if not parts:
            return
        ids = [i for m in parts for i in m.ids]
        if not ids:
            return
        cols: list[Any] = [
            pa.array(ids, pa.string()),
            pa.array([x for m in parts for x in m.names], pa.string()),
            pa.array([x for m in parts for x in _labels(m)], pa.string()),
            pa.array(np.concatenate([m.rows for m in parts]).astype(np.int64)),
            pa.array(np.fromiter(map(hash, ids), dtype=np.int64, count=len(ids))),
        ]
        for name in self.spatial:
            cols.append(pa.array(np.concatenate([np.asarray(m.values[name], dtype=np.float64)
                                                 for m in parts])))
        for name in self.properties:
            tag, num, obj = encode_values([v for m in parts for v in m.values[name]])
            cols += [pa.array(tag), pa.array(num), pa.array(obj, pa.binary())]
        if self.context.keep_geometry:
            cols.append(pa.array(
                [bytes(g) for m in parts if m.wkb is not None for g in m.wkb], pa.binary()
            ))
        self._writer.write_batch(pa.record_batch(cols, schema=self.schema))
        self.starts.append(self.starts[-1] + len(ids))

    def seal(self) -> None:
        """Write what is pending and close the file for reading."""
        if self._writer is not None:
            self._flush()
            self._writer.close()
            self._sink.close()
            self._writer = None

    # ------------------------------------------------------------------ reading

    @contextlib.contextmanager
    def _reader(self) -> Iterator[Any]:
        import pyarrow as pa

        self.seal()
        with pa.memory_map(str(self.path), "r") as source:
            yield pa.ipc.open_file(source)

    def batches(self, names: Sequence[str]) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(first row, {column: copied values})`` for each record batch, in row order."""
        self.seal()
        for b in range(len(self.starts) - 1):
            with self._reader() as reader:
                batch = reader.get_batch(b)
                cols = {name: _copy(batch.column(name), fresh=False) for name in names}
                del batch
            yield self.starts[b], cols
            del cols
            release()

    def gather(self, names: Sequence[str], idx: NDArray[np.int64]) -> dict[str, Any]:
        """Rows ``idx`` (any order) of each column ``names``: numpy for numbers, Arrow else."""
        import pyarrow as pa

        self.seal()
        idx = np.asarray(idx, dtype=np.int64)
        which = np.searchsorted(np.asarray(self.starts), idx, side="right") - 1
        perm = np.argsort(which, kind="stable")
        sorted_which = which[perm]
        bounds = np.searchsorted(sorted_which, np.arange(len(self.starts)))
        back = np.empty(len(idx), dtype=np.int64)
        back[perm] = np.arange(len(idx))
        out: dict[str, list[Any]] = {name: [] for name in names}
        for b in np.unique(sorted_which).tolist():
            sel = perm[bounds[b] : bounds[b + 1]]
            local = pa.array(idx[sel] - self.starts[b])
            # one batch mapped at a time: rows gathered from all over the file would
            # otherwise leave every page of the file resident in this process until the end
            with self._reader() as reader:
                batch = reader.get_batch(b)
                for name in names:
                    out[name].append(batch.column(name).take(local))
                del batch
        result: dict[str, Any] = {}
        taken = pa.array(back)
        for name in names:
            parts = out[name]
            column = (pa.concat_arrays(parts) if parts
                      else pa.array([], self.schema.field(name).type)).take(taken)
            result[name] = _copy(column)
        return result

    def metric_columns(self) -> list[str]:
        """The columns :meth:`decode` needs (with ``hash``, which counts the rows)."""
        names = ["hash", *[f"s{j}" for j in range(len(self.spatial))]]
        for j in range(len(self.properties)):
            names += [f"p{j}.tag", f"p{j}.num", f"p{j}.obj"]
        return names

    def physical(self, chunks: Sequence[int]) -> NDArray[np.int64]:
        """The spill rows of ``chunks`` (chunk indices), in that order."""
        runs = [np.arange(a, a + k, dtype=np.int64)
                for a, k in (self.segments[c] for c in chunks if c in self.segments)]
        return np.concatenate(runs) if runs else np.empty(0, dtype=np.int64)

    def values(self, idx: NDArray[np.int64], wkb: bool = False) -> tuple[dict[str, list[Any]], dict[str, Any]]:
        """The raw metric columns of rows ``idx`` (spatial ones as measured float64), and
        the ``id``, ``name`` (and ``wkb``) columns."""
        names = ["id", "name", *[f"s{j}" for j in range(len(self.spatial))]]
        for j in range(len(self.properties)):
            names += [f"p{j}.tag", f"p{j}.num", f"p{j}.obj"]
        if wkb:
            names.append("wkb")
        got = self.gather(names, idx)
        return self.decode(got), got

    def decode(self, got: dict[str, Any]) -> dict[str, Any]:
        """Metric name -> column (spatial: float64 array; property: Python values)."""
        raw: dict[str, Any] = {}
        for j, name in enumerate(self.spatial):
            raw[name] = got[f"s{j}"]
        for j, name in enumerate(self.properties):
            raw[name] = decode_values(got[f"p{j}.tag"], got[f"p{j}.num"], got[f"p{j}.obj"])
        return raw

    def restore(self, m: ChunkMeasures) -> ChunkMeasures:
        """``m`` with its per-candidate columns read back (as :func:`measure_block` made them)."""
        from dataclasses import replace

        if m.index not in self.segments:
            return m
        start, n = self.segments[m.index]
        idx = np.arange(start, start + n, dtype=np.int64)
        names = ["label", "row", *(["wkb"] if self.context.keep_geometry else [])]
        raw, got = self.values(idx)
        more = self.gather(names, idx)
        labels = more["label"].to_pylist()
        wkb = None
        if self.context.keep_geometry:
            wkb = np.empty(n, dtype=object)
            wkb[:] = more["wkb"].to_pylist()
        return replace(
            m,
            ids=got["id"].to_pylist(),
            names=got["name"].to_pylist(),
            values=raw,
            rows=more["row"],
            labels=None if n and labels[0] is None else labels,
            wkb=wkb,
            count=None,
        )

    def close(self) -> None:
        """Remove the temporary directory (and everything in it)."""
        with contextlib.suppress(Exception):
            if self._writer is not None:
                self._writer.close()
                self._sink.close()
                self._writer = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Spill:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def release() -> None:
    """Give freed memory back to the system: Arrow's pool and glibc's heap keep it
    otherwise, and the peak of a long finish would creep up with every block."""
    import ctypes

    import pyarrow as pa

    with contextlib.suppress(Exception):
        pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _labels(m: ChunkMeasures) -> list[str | None]:
    return list(m.labels) if m.labels is not None else [None] * len(m.ids)


def _copy(column: pa.Array | pa.ChunkedArray, fresh: bool = True) -> Any:
    """A column detached from the memory map: numpy for numbers, an Arrow array else
    (``fresh``: ``column`` was made by ``take`` and already owns its buffers)."""
    import pyarrow as pa

    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    t = column.type
    if pa.types.is_floating(t) or pa.types.is_integer(t):
        return np.array(column.to_numpy(zero_copy_only=False), copy=True)
    return column if fresh else column.take(pa.array(np.arange(len(column))))


@dataclass
class Ranked:
    """A screening's ranking with its candidates' columns left on disk (``bidtool screen``).

    In memory: per candidate its score, eligibility, rank and place in ``order``
    (25 bytes); :meth:`block` reads rows back, best first, as a small
    :class:`~bidtool.screening.Screened` the renderers write; :meth:`to_screened`
    builds the whole :class:`~bidtool.screening.Screened` (the library's result).
    Close it (or use it as a context manager) to remove the spill.
    """

    criteria: CriteriaSet
    method: str
    source: str
    spill: Spill
    order: NDArray[np.int64]  # spill rows: eligible by rank (ties by id), then ineligible by id
    ranks: NDArray[np.int64]
    scores: NDArray[np.float64]
    eligible: NDArray[np.bool_]
    warnings: list[str]
    skipped: int
    parts: list[ChunkMeasures]
    vikor_v: float

    @property
    def leaves(self) -> tuple[Leaf, ...]:
        return self.criteria.leaves

    @property
    def higher_is_better(self) -> bool:
        from bidtool.methods import get_method

        return get_method(self.method).higher_is_better

    def __len__(self) -> int:
        return len(self.order)

    def block(self, start: int, stop: int) -> Screened:
        """Rows ``start``–``stop`` of the ranking (best first) as a small ``Screened``."""
        from bidtool.screen_engine import block_columns
        from bidtool.screening import Screened

        idx = self.order[start:stop]
        geometry = self.spill.context.keep_geometry
        names = ["id", "name", *self.spill.metric_columns(), *(["wkb"] if geometry else [])]
        got = self.spill.gather(names, idx)
        raw, _, _, failed = block_columns(self.criteria, self.spill, got)
        k = len(idx)
        geoms = np.full(k, None, dtype=object)
        if geometry:
            import shapely

            geoms = np.asarray(shapely.from_wkb(np.asarray(got["wkb"].to_pylist(), dtype=object)),
                               dtype=object)
        return Screened(
            self.criteria, self.method, self.source, got["id"].to_pylist(),
            got["name"].to_pylist(), np.arange(k, dtype=np.int64), self.ranks[idx],
            self.scores[idx], self.eligible[idx], failed, raw, None, geoms, self.warnings,
            self.skipped,
        )

    def blocks(self, size: int) -> Iterator[Screened]:
        """The ranking ``size`` rows at a time, best first."""
        for start in range(0, len(self.order), size):
            yield self.block(start, start + size)
            release()

    def to_screened(self) -> Screened:
        """Everything in memory, as :func:`bidtool.screen_engine.finish` makes it."""
        from bidtool.screen_engine import finish

        return finish([self.spill.restore(m) for m in self.parts], self.spill.context,
                      self.method, self.vikor_v, self.source)

    def close(self) -> None:
        self.spill.close()

    def __enter__(self) -> Ranked:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
