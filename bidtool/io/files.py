"""Reading inputs safely: regular files only, never waited on, never unbounded.

Every reader of an input file (YAML, scenarios, AHP and member files, map
layers, candidates) goes through :func:`read_bytes`.  A FIFO would block the
open, ``/dev/zero`` never ends and its ``st_size`` is 0, a directory or a
dangling link is a mistake worth naming: all of them are refused (exit 3)
before a byte is read, and a regular file is read with a hard cap that does
not trust ``st_size``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bidtool.errors import InputError

_read: dict[tuple[int, int], str] = {}
"""(device, inode) → display name of every input read since :func:`forget_inputs`,
so an output that would land on one of them can be refused (``bidtool.output``)."""


def forget_inputs() -> None:
    """Start a new run: no input read yet."""
    _read.clear()


def input_named(st: os.stat_result) -> str | None:
    """The display name of the input of this run that is the file ``st``, if any."""
    return _read.get((st.st_dev, st.st_ino))


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def node_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a directory"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def remember_input(path: Path | str, display: str) -> None:
    """Count ``path`` as an input of this run (for readers that open files themselves)."""
    try:
        st = Path(path).stat()
    except OSError:
        return
    _read.setdefault((st.st_dev, st.st_ino), display)


def not_regular(path: Path | str) -> str | None:
    """``None`` if ``path`` is (or links to) a regular file, else why not, in words.

    Never opens the path, so it cannot block on a FIFO.
    """
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        if p.is_symlink():
            return (
                f"broken symbolic link (it points to {str(p.readlink())!r}, which does not exist)"
            )
        return "file not found"
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if stat.S_ISREG(st.st_mode):
        return None
    if stat.S_ISDIR(st.st_mode):
        return "expected a file, got a directory"
    return f"expected a regular file, got {node_kind(st.st_mode)}; give the path of a file"


def _too_big(display: str, size: int | None, limit: int, what: str) -> InputError:
    shown = f"{size / 1_048_576:.1f} MiB" if size is not None else "larger than the limit"
    return InputError.single(
        display,
        f"file is {shown}; the limit is {limit / 1_048_576:.0f} MiB "
        + (what or "(a region or criteria file is normally a few KB)"),
    )


def read_bytes(path: Path | str, display: str, limit: int, what: str = "") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Refuses (``InputError`` naming ``display``) anything that is not a
    regular file, checked with ``stat`` before opening; opens with
    ``O_NONBLOCK`` in case the path is swapped for a FIFO in between, and
    reads at most ``limit + 1`` bytes whatever ``st_size`` claims.
    """
    problem = not_regular(path)
    if problem is not None:
        raise InputError.single(display, problem)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError.single(display, f"cannot read file: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError.single(
                display, f"expected a regular file, got {node_kind(st.st_mode)}"
            )
        _read.setdefault((st.st_dev, st.st_ino), display)
        if st.st_size > limit:
            raise _too_big(display, st.st_size, limit, what)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise InputError.single(display, f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise _too_big(display, None, limit, what)
    return raw
