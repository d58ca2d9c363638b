"""Writing files so that a crash, a full disk or a planted link never leaves a mess.

Every file drill writes is first written to a temporary file that is created
exclusively (``O_CREAT | O_EXCL``, under a random name) in the target's own folder,
flushed to disk, and only then renamed over the target, so readers see the old file
or the new one, never half of one, and a link planted at a predictable name is never
followed. On any failure the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


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
