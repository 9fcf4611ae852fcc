"""Writing results: atomically to files, plainly to stdout (DESIGN §8).

The one place where bidtool writes.  ``-o PATH`` replaces ``PATH`` with a
complete file or leaves it untouched; it never replaces anything that is not
a regular file (a FIFO, ``/dev/full``, a socket), never overwrites an input of
the same run, and writes *through* a symbolic link (the link stays a link).
``-o -`` means stdout.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from bidtool.errors import BidtoolError, ExitCode, OutputError
from bidtool.io.files import input_named, node_kind

STDOUT = "-"
"""``-o -``: write to standard output."""


class OutputClashError(BidtoolError):
    """``-o`` names a file this run reads: a usage mistake (exit 2)."""

    exit_code = ExitCode.USAGE


def is_stdout(output: Path | str | None) -> bool:
    return output is None or str(output) == STDOUT


def _cannot(path: Path, why: str) -> OutputError:
    return OutputError(f"cannot write {path}: {why}; nothing was written")


def target_of(path: Path) -> Path:
    """The file ``-o path`` will replace, after checking it may be replaced.

    A symbolic link resolves to the file it points to; an existing non-regular
    file or an input of this run is refused; the directory must exist.
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _cannot(path, exc.strerror or str(exc)) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise _cannot(path, "it is a directory; give a file name")
        if not stat.S_ISREG(st.st_mode):
            raise _cannot(
                path, f"not a regular file, it is {node_kind(st.st_mode)}; give a file name"
            )
        source = input_named(st)
        if source is not None:
            raise OutputClashError(
                f"-o {path} would overwrite an input of this run ({source}); "
                "choose another output path"
            )
    directory = target.parent if str(target.parent) else Path()
    if not directory.is_dir():
        raise _cannot(path, f"directory {str(directory)!r} does not exist")
    return target


def atomic_write(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` (bytes, or an iterable of byte chunks written as they come) to
    ``path`` via a temporary file and a rename.

    A crash or error part-way — also while the chunks are being made — leaves the
    previous file untouched and no temporary file behind; readers never see half a
    report.  ``path`` is checked first (:func:`target_of`): a symlink is written through.
    """
    target = target_of(path)
    directory = target.parent if str(target.parent) else Path()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in [data] if isinstance(data, bytes) else data:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def emit(
    text: str, output: Path | None, encoding: str = "utf-8", stream: IO[str] | None = None
) -> None:
    """Send ``text`` to ``output`` (atomically), or to ``stream`` (stdout) for ``None``/``-``."""
    if is_stdout(output):
        out = stream if stream is not None else sys.stdout
        out.write(text)
        out.flush()
        return
    assert output is not None
    write_file(text.encode(encoding), output)


def emit_chunks(
    chunks: Iterable[str],
    output: Path | None,
    encoding: str = "utf-8",
    stream: IO[str] | None = None,
) -> None:
    """:func:`emit` for text made piece by piece: never all of it in memory at once."""
    if is_stdout(output):
        out = stream if stream is not None else sys.stdout
        for text in chunks:
            out.write(text)
        out.flush()
        return
    assert output is not None
    encoder = codecs.getincrementalencoder(encoding)()

    def encoded() -> Iterator[bytes]:
        for text in chunks:
            yield encoder.encode(text)
        yield encoder.encode("", final=True)

    write_file(encoded(), output)


def write_file(data: bytes | Iterable[bytes], output: Path) -> None:
    """Write ``data`` to ``output`` atomically, with errors as bidtool errors (exit 1)."""
    try:
        atomic_write(output, data)
    except IsADirectoryError:
        raise _cannot(output, "it is a directory; give a file name") from None
    except PermissionError:
        raise _cannot(output, "permission denied") from None
    except OSError as exc:
        raise OutputError(
            f"cannot write {output}: {exc.strerror or exc}; any previous file there is unchanged"
        ) from None
