"""bidtool — rank regions bidding for a site against weighted, sourced criteria.

The package is a library first (DESIGN §10)::

    import bidtool

    inputs = bidtool.load()              # or load("investor", "my-regions/", ["what-if.yaml"])
    bidtool.rank(inputs).to_frame()      # pandas, the columns of `bidtool rank -f csv`
    bidtool.unknowns(inputs).to_dict()   # the JSON of `bidtool unknowns -f json`

``bidtool.io`` reads and validates the YAML inputs, ``bidtool.ranking``
scores them, ``bidtool.render`` formats a result; ``bidtool.cli`` is a thin
Typer skin over those.  Importing ``bidtool`` is light: the names below are
loaded on first use, and pandas only inside ``to_frame()``.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from bidtool._version import __version__ as __version__

if TYPE_CHECKING:
    from bidtool.api import (
        appeal,
        gap,
        load,
        pivotal,
        rank,
        screen,
        seal,
        sensitivity,
        unknowns,
    )
    from bidtool.appeal import Appeal
    from bidtool.errors import (
        BidtoolError,
        ExitCode,
        InputError,
        NothingEligibleError,
        OutputError,
        Problem,
    )
    from bidtool.model import CriteriaSet, Inputs, Region
    from bidtool.ranking import Ranking, RegionResult
    from bidtool.screening import Screened
    from bidtool.sensitivity.analysis import Sensitivity
    from bidtool.sensitivity.gap import Gap
    from bidtool.sensitivity.pivotal import Pivotal
    from bidtool.unknowns import UnknownsResult
    from bidtool.verification import Verification, verify

_LAZY = {
    "load": "bidtool.api",
    "rank": "bidtool.api",
    "sensitivity": "bidtool.api",
    "gap": "bidtool.api",
    "unknowns": "bidtool.api",
    "screen": "bidtool.api",
    "seal": "bidtool.api",
    "appeal": "bidtool.api",
    "pivotal": "bidtool.api",
    "Pivotal": "bidtool.sensitivity.pivotal",
    "Appeal": "bidtool.appeal",
    "verify": "bidtool.verification",
    "Verification": "bidtool.verification",
    "Inputs": "bidtool.model",
    "CriteriaSet": "bidtool.model",
    "Region": "bidtool.model",
    "Ranking": "bidtool.ranking",
    "RegionResult": "bidtool.ranking",
    "Sensitivity": "bidtool.sensitivity.analysis",
    "Gap": "bidtool.sensitivity.gap",
    "UnknownsResult": "bidtool.unknowns",
    "Screened": "bidtool.screening",
    "BidtoolError": "bidtool.errors",
    "ExitCode": "bidtool.errors",
    "InputError": "bidtool.errors",
    "NothingEligibleError": "bidtool.errors",
    "OutputError": "bidtool.errors",
    "Problem": "bidtool.errors",
}
"""Public name → the module that defines it, imported on first access (PEP 562)."""

__all__ = [
    "Appeal",
    "BidtoolError",
    "CriteriaSet",
    "ExitCode",
    "Gap",
    "InputError",
    "Inputs",
    "NothingEligibleError",
    "OutputError",
    "Pivotal",
    "Problem",
    "Ranking",
    "Region",
    "RegionResult",
    "Screened",
    "Sensitivity",
    "UnknownsResult",
    "Verification",
    "__version__",
    "appeal",
    "gap",
    "load",
    "pivotal",
    "rank",
    "screen",
    "seal",
    "sensitivity",
    "unknowns",
    "verify",
]


_SHADOWED = frozenset({"sensitivity", "unknowns", "appeal"})
"""Front-door functions named like a submodule (``bidtool/sensitivity/``,
``bidtool/unknowns.py``): ``bidtool.sensitivity`` is the function (DESIGN §10);
the submodules stay importable with ``from bidtool.sensitivity.smaa import …``."""


class _FrontDoor(types.ModuleType):
    """The package module: importing a submodule does not replace a front-door name."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return  # the import system binds a loaded submodule on its parent; keep the function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _FrontDoor


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bidtool' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
