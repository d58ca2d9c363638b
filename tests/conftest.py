"""Every test gets its own DRILL_HOME, so no test can touch a real user's data."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def drill_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "drill-home"
    home.mkdir()
    monkeypatch.setenv("DRILL_HOME", str(home))
    monkeypatch.delenv("DRILL_NOW", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    return home


@pytest.fixture
def banks_dir(drill_home: Path) -> Path:
    """The user's banks folder, created."""
    path = drill_home / "banks"
    path.mkdir(parents=True)
    return path
