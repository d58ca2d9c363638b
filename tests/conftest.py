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


@pytest.fixture(scope="session")
def built_content_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The content cache of the built-in content with no user banks, built once per run.

    Parsing every YAML file costs a few hundred milliseconds; hundreds of tests each in a
    fresh data dir would pay it again and again. A cache file made by drill itself, for
    exactly what a fresh data dir holds, is what the second run of a real user reads.
    """
    from salesops_drill.content_cache import CACHE_NAME
    from salesops_drill.library import load_library
    from salesops_drill.paths import resolve_paths

    home = tmp_path_factory.mktemp("content-cache")
    load_library(resolve_paths({"DRILL_HOME": str(home)}))
    cache = home / "cache" / CACHE_NAME
    assert cache.is_file(), "drill did not write its content cache"
    return cache


@pytest.fixture(autouse=True)
def drill_home(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Path:
    """A data dir of the test's own, warm (the content cache already built) unless the
    test is marked ``cold_cache``."""
    home = tmp_path / "drill-home"
    home.mkdir()
    if request.node.get_closest_marker("cold_cache") is None:
        cache = request.getfixturevalue("built_content_cache")
        (home / "cache").mkdir()
        shutil.copyfile(cache, home / "cache" / cache.name)
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


@pytest.fixture(scope="module")
def lib():
    """The built-in content, read afresh (no cache), once per test module."""
    from salesops_drill.library import load_library
    from salesops_drill.paths import resolve_paths

    return load_library(resolve_paths(), use_cache=False)


@pytest.fixture
def store(tmp_path: Path):
    """A progress store of the test's own: a real SQLite file in its temp folder."""
    from salesops_drill.store import Store

    with Store.open(tmp_path / "progress.db") as s:
        yield s
