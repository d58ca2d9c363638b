"""Where things live: resolved once here and passed down, never recomputed deeper."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import NamedTuple

APP_NAME = "salesops-drill"
ENV_HOME = "DRILL_HOME"


class Paths(NamedTuple):
    """The data dir and what lives in it."""

    data_dir: Path

    @property
    def banks_dir(self) -> Path:
        """User content: YAML banks added beside the built-in ones."""
        return self.data_dir / "banks"

    @property
    def progress_db(self) -> Path:
        return self.data_dir / "progress.db"


def resolve_paths(env: dict[str, str] | None = None) -> Paths:
    """``$DRILL_HOME`` when set, else platformdirs' user data dir for the app."""
    env = os.environ if env is None else env
    home = env.get(ENV_HOME, "").strip()
    if home:
        return Paths(Path(home).expanduser())
    from platformdirs import user_data_dir  # imported here: only needed without DRILL_HOME

    return Paths(Path(user_data_dir(APP_NAME, appauthor=False)))


def builtin_data_dir() -> Path:
    """The content shipped with the package.

    In a wheel, ``data/`` is installed inside the package (see pyproject's force-include);
    in a source checkout or an editable install it is the repository's top-level ``data/``.
    The package is always installed as files, so this is what ``importlib.resources``
    would return, without the ~10 ms its import costs on every run.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if packaged.is_dir():
        return packaged
    return here.parents[1] / "data"


YAML_SUFFIXES = (".yaml", ".yml")


def content_files(root: Path) -> list[Path]:
    """YAML files below ``root`` (a file is returned as itself), in a stable order."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


def builtin_files() -> list[Path]:
    return content_files(builtin_data_dir())


def user_files(paths: Paths) -> list[Path]:
    return content_files(paths.banks_dir)


@functools.cache
def _builtin_root() -> Path:
    """:func:`builtin_data_dir`, resolved: where the package is does not change."""
    return builtin_data_dir().resolve()


def is_builtin(origin: str) -> bool:
    """Whether an item's ``origin`` ("path:line") is in the content shipped with drill."""
    path = Path(origin.rsplit(":", 1)[0]) if ":" in origin else Path(origin)
    try:
        path.resolve().relative_to(_builtin_root())
    except ValueError:
        return False
    return True
