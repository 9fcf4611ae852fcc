"""English: every human-facing string, by key (``bidtool.i18n``; ``ko.py`` has the same keys).

Keys are ``area.item``; ``{field}`` placeholders are ``str.format`` fields; ``.one``/``.other``
pairs are chosen by :meth:`bidtool.i18n.Text.count`.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # the CLI's error boundary and messages
    "cli.warning": "warning:",
    "cli.error": "error:",
    "cli.input_problems.one": "{n} problem in the input; nothing was written.",
    "cli.input_problems.other": "{n} problems in the input; nothing was written.",
    "cli.internal_error": "internal error",
    "cli.internal_error_why": "(a bug in bidtool, not your input)",
    "cli.rerun_debug": "Re-run with --debug for the traceback.",
}
