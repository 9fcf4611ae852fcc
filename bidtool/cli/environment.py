"""What a command runs in: its streams, whether stdout is a terminal, ``--debug``, NO_COLOR.

Made once per invocation by the app's callback and passed to every command
(httpie's ``context.Environment``), so nothing reads ``sys.stdout`` or a
module-global on its own and tests can hand in their own streams.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from bidtool.i18n import Lang, Text, resolve_lang, text

if TYPE_CHECKING:
    from rich.console import Console

    from bidtool.model import Inputs


@dataclass
class Environment:
    stdout: IO[str]
    stderr: IO[str]
    is_terminal: bool
    """Whether stdout is a terminal: the default format is then ``table``, else CSV."""
    debug: bool = False
    no_color: bool = False
    lang: Lang = "en"
    """The language of headings and messages (``--lang``, ``BIDTOOL_LANG`` or the locale)."""

    @classmethod
    def from_process(cls, debug: bool = False) -> Environment:
        """This process's streams and environment (read when a command starts)."""
        return cls(
            stdout=sys.stdout,
            stderr=sys.stderr,
            is_terminal=sys.stdout.isatty(),
            debug=debug,
            no_color=os.environ.get("NO_COLOR", "") != "",
            lang=resolve_lang(None, os.environ),
        )

    @property
    def t(self) -> Text:
        """The message catalogue of :attr:`lang` (``env.t("key", field=…)``)."""
        return text(self.lang)

    def console(self, **kwargs: Any) -> Console:
        """A Rich console on stdout."""
        from rich.console import Console

        kwargs.setdefault("emoji", False)  # `:100:` in `file:100:` or in data stays text
        return Console(file=self.stdout, no_color=self.no_color, **kwargs)

    def err(self) -> Console:
        """A Rich console on stderr: messages, warnings, progress."""
        from rich.console import Console

        return Console(
            file=self.stderr, no_color=self.no_color, highlight=False, soft_wrap=True, emoji=False
        )

    def warn(self, warnings: Sequence[str]) -> None:
        """Each warning on stderr, in :attr:`lang` where its family is catalogued
        (:func:`bidtool.i18n.localise.line`; figures, ids and paths kept)."""
        if warnings:
            from rich.markup import escape

            from bidtool.i18n import localise

            err = self.err()
            for w in warnings:
                said = localise.line(self.t, w)
                # a warning written in English keeps its markup as before; a said one is text
                shown = w if said == w else escape(said)
                err.print(f"[yellow]{self.t('cli.warning')}[/] {shown}", markup=True)

    def say(self, text: str) -> None:
        """A plain line on stderr (``wrote report.html (…)``)."""
        self.err().print(text, markup=False)

    def warn_degenerate(self, inputs: Inputs, method: str | None, vikor_v: float | None) -> None:
        """Warn when ``method`` cannot tell the regions apart (commands built on its ranking)."""
        from bidtool.ranking import rank

        ranking = rank(inputs, method, vikor_v)
        self.warn(ranking.warnings[len(inputs.warnings) :])

    @contextlib.contextmanager
    def progress(self, total: int, label: str) -> Iterator[Callable[[int], None]]:
        """A Rich progress bar on stderr (only on a terminal); yields ``advance(n)``."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        err = self.err()
        with Progress(
            f"[bold]{label}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as bar:
            task = bar.add_task(label, total=total)
            yield lambda n: bar.advance(task, n)

    @contextlib.contextmanager
    def stages(self) -> Iterator[Callable[[str, int], Callable[[int], None]]]:
        """Rich progress bars on stderr (only on a terminal), one per stage of a long command.

        Yields ``stage(label, total)``, which adds a bar and returns its ``advance(n)``.
        """
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        err = self.err()
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
        ) as bar:

            def stage(label: str, total: int) -> Callable[[int], None]:
                task = bar.add_task(label, total=total)
                return lambda n: bar.advance(task, n)

            yield stage
