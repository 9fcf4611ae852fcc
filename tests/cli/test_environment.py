"""The CLI's Environment: its consoles print text as given."""

from __future__ import annotations

import io

from bidtool.cli.environment import Environment


def test_consoles_keep_colon_codes_as_text() -> None:
    """``file.yaml:100:`` must not become ``file.yaml💯`` (Rich's emoji codes are off)."""
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, is_terminal=False, debug=False, no_color=True)
    env.err().print("regions/gwangju.yaml:100: metrics.x: bad", markup=False)
    env.console().print("a :smile: b")
    assert err.getvalue() == "regions/gwangju.yaml:100: metrics.x: bad\n"
    assert out.getvalue() == "a :smile: b\n"
