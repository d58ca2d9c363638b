"""Running the user's text editor on a file, as git and crontab do.

The editor is ``$EDITOR``, else ``$VISUAL``, else the first of a few common ones found
on the PATH. Either variable may hold options (``code --wait``); the file's path is
added as the last argument.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from salesops_drill.errors import DrillError, UsageError

#: Tried in order when neither EDITOR nor VISUAL is set.
DEFAULT_EDITORS: tuple[str, ...] = ("sensible-editor", "editor", "nano", "vim", "vi", "notepad")
VARIABLES: tuple[str, ...] = ("EDITOR", "VISUAL")


def editor_command(env: Mapping[str, str] | None = None) -> list[str]:
    """The editor's command line, without the file; a DrillError if there is none."""
    env = os.environ if env is None else env
    for var in VARIABLES:
        value = env.get(var, "").strip()
        if not value:
            continue
        try:
            argv = shlex.split(value)
        except ValueError as exc:
            raise UsageError(f"${var} ('{value}') is not a command line: {exc}") from None
        if not argv:
            continue
        if shutil.which(argv[0], path=env.get("PATH")) is None:
            raise DrillError(
                f"the editor '{argv[0]}' (from ${var}) was not found; set {var} to an "
                "installed editor, e.g. export EDITOR=nano"
            )
        return argv
    for name in DEFAULT_EDITORS:
        if shutil.which(name, path=env.get("PATH")) is not None:
            return [name]
    raise DrillError("no text editor found: set EDITOR to the one you use, e.g. export EDITOR=nano")


def edit_file(argv: list[str], path: Path) -> None:
    """Run the editor on ``path`` and wait for it; a DrillError if it fails."""
    shown = " ".join(argv)
    try:
        done = subprocess.run([*argv, str(path)], check=False)
    except OSError as exc:
        raise DrillError(f"could not run the editor '{shown}': {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise DrillError(f"the editor '{shown}' exited with status {done.returncode}")
