"""Usage errors and command summaries in the reader's language: the app's Click group.

Click (vendored by Typer) parses the command line before any command runs, so its
errors — ``No such option``, ``Missing argument``, a bad value — never reach
:func:`bidtool.cli.app.handles_errors`.  :class:`BidtoolGroup` is the boundary for
them: in English it leaves everything to Typer; in another language it renders the
usage line, the pointer to ``-h`` and the message from the catalogue
(:func:`bidtool.i18n.localise.usage`), with Click's exit code (2).
"""

from __future__ import annotations

import os
from typing import Any

import typer
from typer._click import exceptions as click  # Typer vendors Click; its exceptions live here
from typer.core import TyperGroup

from bidtool.cli.environment import Environment
from bidtool.i18n import LANGS, Lang, resolve_lang


def _usage_lang(args: list[str]) -> Lang:
    """The language of a usage error: ``--lang`` as written on the command line (the
    parse failed, so nothing parsed it), else ``BIDTOOL_LANG`` or the locale."""
    for k, arg in enumerate(args):
        value = args[k + 1] if arg == "--lang" and k + 1 < len(args) else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGS:
            return value
    return resolve_lang(None, os.environ)


def _say_usage_error(exc: click.UsageError, lang: Lang) -> None:
    """A usage error (Click's or a command's ``BadParameter``) from the catalogue:
    the usage line, where to find help, and the message (:mod:`bidtool.i18n.localise`)."""
    from rich.markup import escape
    from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption

    from bidtool.i18n import localise, text

    t = text(lang)
    ctx = exc.ctx
    lines = []
    if ctx is not None:
        pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
        lines.append(f"{t('usage.usage')} {ctx.command_path} {pieces}".rstrip())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(
                t("usage.try_help", command=ctx.command_path, option=ctx.help_option_names[0])
            )
    hint = None
    if isinstance(exc, BadParameter):
        from typer._click.exceptions import _join_param_hints

        given = exc.param_hint
        if given is None and exc.param is not None:
            given = exc.param.get_error_hint()
        hint = _join_param_hints(given)
    if isinstance(exc, NoSuchOption):
        said = t("usage.no_such_option", name=exc.option_name)
        if exc.possibilities:
            said += t("usage.possibilities", options=", ".join(sorted(exc.possibilities)))
    elif isinstance(exc, MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        key = {"argument": "usage.missing_argument", "option": "usage.missing_option"}.get(
            kind, "usage.missing_parameter"
        )
        said = t(key, hint=hint or "")
    elif isinstance(exc, BadParameter):
        message = localise.usage(t, exc.message)
        said = (
            t("usage.bad_value", hint=hint, message=message)
            if hint
            else t("usage.bad_value_plain", message=message)
        )
    else:
        said = localise.usage(t, exc.message)
    err = Environment.from_process().err()
    for line in lines:
        err.print(line, markup=False)
    err.print(f"[bold red]{escape(t('usage.error'))}[/] {escape(said)}")


SUMMARIES = {
    "rank": "help.rank",
    "validate": "help.validate",
    "regions": "help.regions",
    "compare": "help.compare",
    "sensitivity": "help.sensitivity",
    "screen": "help.screen",
    "diff": "help.diff",
    "committee": "help.committee",
    "report": "help.report",
    "explore": "help.explore",
    "gap": "help.gap",
    "unknowns": "help.unknowns",
    "import": "help.import",
    "seal": "help.seal",
    "verify": "help.verify",
    "appeal": "help.appeal",
    "pivotal": "help.pivotal",
    "export": "help.export",
    "weights": "help.weights",
}
"""Each command's summary in ``bidtool --help``, by catalogue key (English: the first
paragraph of its docstring, which a test keeps equal to the catalogue's)."""


class BidtoolGroup(TyperGroup):
    """The app's group: Click's and the commands' usage errors (exit 2) are said in the
    reader's language (:func:`_say_usage_error`) when that is not English; in English,
    as Typer says them.  The command summaries of ``bidtool --help`` follow
    ``BIDTOOL_LANG`` / the locale (or a ``--lang`` on the command line); the rest of the
    help (options, the panels' titles, each command's own text) stays English."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        import sys

        argv = list(sys.argv[1:] if args is None else args)
        lang = _usage_lang(argv)
        if not standalone_mode or lang == "en":
            return super().main(argv, prog_name, complete_var, standalone_mode, **extra)
        from bidtool.i18n import text

        t = text(lang)
        kept = {name: cmd.short_help for name, cmd in self.commands.items()}
        for name, cmd in self.commands.items():
            if name in SUMMARIES:
                cmd.short_help = t(SUMMARIES[name])
        try:
            result = super().main(argv, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # the help was shown: nothing to add
                sys.exit(exc.exit_code)
            _say_usage_error(exc, lang)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            from typer import rich_utils

            rich_utils.rich_format_error(exc)
            sys.exit(exc.exit_code)
        except typer.Abort:
            from typer import rich_utils

            rich_utils.rich_abort_error()
            sys.exit(1)
        finally:
            for name, short in kept.items():
                self.commands[name].short_help = short
        # without standalone mode Click returns a typer.Exit's code instead of exiting
        sys.exit(result if isinstance(result, int) else 0)
