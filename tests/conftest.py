"""Every test gets its own DRILL_HOME, so no test can touch a real user's data."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

#: Files whose every test is slow: the real CLI in a pseudo-terminal, a wheel installed
#: into a fresh virtualenv. ``pytest -m "not slow"`` leaves them out for a quick loop;
#: plain ``pytest`` (and CI) runs everything.
SLOW_PATHS = ("e2e", "test_install.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if any(part in SLOW_PATHS for part in Path(str(item.fspath)).parts):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _pty_tests_are_marked_slow(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that starts the CLI in a pty must be marked slow, so the fast loop stays fast."""
    from tests.e2e import terminal

    terminal.ALLOWED = request.node.get_closest_marker("slow") is not None
    yield
    terminal.ALLOWED = True


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


@contextlib.contextmanager
def read_only(directory: Path) -> Iterator[Path]:
    """Make ``directory`` unwritable for this process, even as root.

    Permission bits stop ordinary users; root ignores them, so as root the directory is
    made immutable (chattr +i), which stops root too. Where neither is possible the test
    is skipped, saying why.
    """
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(directory)]).returncode != 0:
            pytest.skip("running as root and cannot make a directory immutable here")
        try:
            yield directory
        finally:
            subprocess.run([chattr, "-i", str(directory)], check=True)
    else:
        directory.chmod(0o500)
        try:
            yield directory
        finally:
            directory.chmod(0o700)
