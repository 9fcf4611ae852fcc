"""The bundled data is found from the package, whatever the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from bidtool.io.bundled import bundled_criteria_names, bundled_root


def test_bundled_data_is_found_after_moving_into_bidtool_io(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert (bundled_root() / "criteria").is_dir()
    assert (bundled_root() / "regions").is_dir()
    assert {"default", "investor"} <= set(bundled_criteria_names())
