"""The one error a method raises when its formula has no defined answer."""

from __future__ import annotations

from bidtool.errors import BidtoolError, ExitCode


class MethodError(BidtoolError):
    """The data cannot be scored by this method (e.g. WPM with a zero cost)."""

    exit_code = ExitCode.INVALID_INPUT
