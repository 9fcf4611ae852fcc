"""Writing results: atomically to files, plainly to stdout (DESIGN §8)."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from bidtool.errors import InputError, OutputError


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    A crash or error part-way leaves the previous file untouched and no
    temporary file behind; readers never see half a report.
    """
    directory = path.parent if str(path.parent) else Path()
    if not directory.is_dir():
        raise InputError.single(
            str(path), f"cannot write: directory {str(directory)!r} does not exist"
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def emit(text: str, output: Path | None, encoding: str = "utf-8") -> None:
    """Send ``text`` to ``output`` (atomically) or to stdout."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_file(text.encode(encoding), output)


def write_file(data: bytes, output: Path) -> None:
    """Write ``data`` to ``output`` atomically, with errors as bidtool errors."""
    try:
        atomic_write(output, data)
    except IsADirectoryError:
        raise InputError.single(str(output), "cannot write: it is a directory") from None
    except PermissionError:
        raise InputError.single(str(output), "cannot write: permission denied") from None
    except OSError as exc:
        raise OutputError(
            f"cannot write {output}: {exc.strerror or exc}; any previous file there is unchanged"
        ) from None
