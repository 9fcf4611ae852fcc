"""bidtool — rank regions bidding for a site against weighted, sourced criteria.

The package is a library first: ``bidtool.loading`` reads and validates the
YAML inputs, ``bidtool.ranking`` scores them, ``bidtool.render`` formats a
result.  ``bidtool.cli`` is a thin Typer skin over those.
"""

__version__ = "0.1.0"
