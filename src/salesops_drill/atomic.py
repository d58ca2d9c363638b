"""Writing files so that a crash, a full disk or a planted link never leaves a mess.

Every file drill writes (exports, backups, banks written by import, the content cache,
the safety copies beside the store) goes through :func:`write_atomic`: the data is
written to a temporary file created exclusively (``O_CREAT | O_EXCL``, under a random
name) in the target's own folder, flushed to disk, and only then renamed onto the
target, so a reader sees the old file or the new one, never half of one, and a link
planted at a predictable name is never followed. On any failure the temporary file is
removed. Only regular files are ever written: a directory, device, FIFO or socket at
the target is refused, and an existing file is replaced only when asked (``force``).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from salesops_drill.errors import DrillError, FileExists, UsageError

#: What to write: bytes, or a function that writes the file at the path it is given.
Content = bytes | Callable[[Path], None]


def check_target(dest: Path, force: bool = False) -> None:
    """Refuse a target that cannot or must not be written, before any work is done."""
    try:
        st = os.stat(dest)  # follows a link: what would a reader of ``dest`` open?
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise DrillError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{dest} is a directory; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UsageError(
            f"{dest} is not a regular file (a device, FIFO or socket); "
            "drill writes only regular files"
        )
    if os.path.lexists(dest) and not force:
        raise FileExists(dest)
    if not dest.parent.is_dir():
        raise DrillError(f"cannot write {dest}: the folder {dest.parent} does not exist")


def write_atomic(dest: Path, content: Content, force: bool = False) -> None:
    """Write ``content`` to ``dest`` atomically; see the module docstring.

    Raises UsageError for a target that must not be written (exists without ``force``,
    a directory, not a regular file) and DrillError when writing fails.
    """
    check_target(dest, force)
    mode = _mode_for(dest)
    try:
        with temp_beside(dest) as temp:
            if callable(content):
                content(temp)
            else:
                with temp.open("r+b") as fh:
                    fh.write(content)
            _sync(temp)
            temp.chmod(mode)
            _place(temp, dest, force)
        _sync_folder(dest.parent)
    except OSError as exc:
        raise DrillError(f"cannot write {dest}: {exc.strerror or exc}") from exc


@contextlib.contextmanager
def temp_beside(target: Path, label: str = "tmp") -> Iterator[Path]:
    """A new, empty, private file in ``target``'s folder, removed again on the way out.

    Created exclusively under an unpredictable name, so nothing planted beforehand can
    redirect what is written to it. Whatever the block renames it to stays.
    """
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".{label}", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _mode_for(dest: Path) -> int:
    """A replaced file keeps its permissions; a new one gets the usual (0666 - umask)."""
    try:
        st = os.stat(dest)
        if stat.S_ISREG(st.st_mode):
            return stat.S_IMODE(st.st_mode)
    except OSError:
        pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _place(temp: Path, dest: Path, force: bool) -> None:
    if force:
        os.replace(temp, dest)  # replaces a link itself, never what it points to
        return
    try:
        # A hard link fails if anything (a file, a link) appeared at ``dest`` meanwhile,
        # so a file created since the check is never overwritten.
        os.link(temp, dest)
    except FileExistsError:
        raise FileExists(dest) from None
    except OSError:  # a file system without hard links
        if os.path.lexists(dest):
            raise FileExists(dest) from None
        os.replace(temp, dest)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
