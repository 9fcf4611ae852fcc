"""The Typer app, its callback (``--debug``, ``--version``) and the one error boundary."""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from bidtool import __version__
from bidtool.cli.environment import Environment
from bidtool.cli.options import LangOpt, bundled_names
from bidtool.cli.usage import BidtoolGroup

if TYPE_CHECKING:
    from bidtool.errors import BidtoolError


app = typer.Typer(
    cls=BidtoolGroup,
    name="bidtool",
    help=(
        "Rank regions bidding for Korea's National AI Computing Center (국가AI컴퓨팅센터) "
        "— or any site — against weighted, sourced criteria.\n\n"
        "Bundled data: criteria (-c "
        + ", ".join(bundled_names())
        + ") and regions/*.yaml; files in the current directory take precedence.\n\n"
        "[bold]Examples[/bold]\n\n"
        "  bidtool rank\n\n"
        "  bidtool rank --explain -c investor\n\n"
        "  bidtool rank -o ranking.csv\n\n"
        "  bidtool validate --strict\n\n"
        "  bidtool compare gwangju jeonnam\n\n"
        "  bidtool screen parcels.geojson -c geo -o shortlist.geojson\n\n"
        "  bidtool report -o report.html"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])

_CTX = "_bidtool_context"
"""The keyword under which Typer hands the error boundary the invocation's Context."""
_LANG = "lang"
"""The keyword of ``--lang``, which the error boundary adds to every command."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bidtool {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for internal errors.")
    ] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    ctx.obj = Environment.from_process(debug)


def environment_of(ctx: typer.Context | None) -> Environment:
    """The environment the app's callback made for this invocation."""
    env = ctx.find_root().obj if ctx is not None else None
    return env if isinstance(env, Environment) else Environment.from_process()


def _report(env: Environment, exc: BidtoolError) -> None:
    from dataclasses import replace

    from bidtool.errors import InputError
    from bidtool.i18n import localise

    err = env.err()
    t = env.t
    if isinstance(exc, InputError):
        for problem in exc.problems:
            # file:line: key.path stay as they are; the message in the reader's language
            said = replace(problem, message=localise.problem(t, problem.message))
            err.print(str(said), markup=False)
        err.print(
            f"[bold red]{t('cli.error')}[/] " + t.count("cli.input_problems", len(exc.problems))
        )
    else:
        from rich.markup import escape

        # the message is text: "pip install 'bidtool[dask]'" must not be read as markup
        err.print(f"[bold red]{t('cli.error')}[/] " + escape(localise.line(t, str(exc))))


def handles_errors(func: F) -> F:
    """The one place where errors become messages and exit codes.

    The command's first parameter, ``env``, is filled in here with the
    invocation's :class:`Environment`: Typer sees a Context parameter in its
    place and passes that, and the environment comes from the Context's root.
    Every command also gets ``--lang`` here; its value becomes ``env.lang``.
    """
    signature = inspect.signature(func, eval_str=True)
    params = list(signature.parameters.values())
    assert params and params[0].name == "env", f"{func.__name__} must take env first"
    context = inspect.Parameter(_CTX, inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from typer.exceptions import TyperException

        from bidtool.errors import BidtoolError, ExitCode
        from bidtool.io.files import forget_inputs

        env = environment_of(kwargs.pop(_CTX, None))
        lang = kwargs.pop(_LANG, None)
        if lang is not None:
            env.lang = lang.value
        forget_inputs()  # inputs are remembered so that -o never overwrites one
        try:
            return func(env, *args, **kwargs)
        except BidtoolError as exc:
            _report(env, exc)
            raise typer.Exit(int(exc.exit_code)) from None
        except (typer.Exit, typer.Abort, TyperException, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # stdout closed early (`bidtool rank | head`): not an error
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, env.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:
            if env.debug:
                raise
            t = env.t
            env.err().print(
                f"[bold red]{t('cli.internal_error')}[/] {t('cli.internal_error_why')}: "
                f"{type(exc).__name__}: {exc}\n{t('cli.rerun_debug')}",
                markup=True,
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None

    exposed = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params[1:]]
    lang = inspect.Parameter(
        _LANG, inspect.Parameter.KEYWORD_ONLY, annotation=LangOpt, default=None
    )
    wrapper.__signature__ = signature.replace(parameters=[*exposed, lang, context])  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def main() -> None:
    """Console-script entry point."""
    app()
