"""Reading the files a user hands drill (banks, CSVs, answers): regular files, bounded.

Opening a FIFO blocks until something writes to it, a device can be endless, and a file
can be far bigger than any real bank: :func:`read_input` opens without blocking, reads
only regular files, and never more than a limit, so each of these is a clear message
instead of a hang or an out-of-memory crash. :func:`read_text` adds the decoding, so
every way a user's text file can fail is one :class:`InputRefused` with a one-line reason.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MB = 1024 * 1024
#: The most a content file (a bank) may hold; see :mod:`~salesops_drill.content_yaml`.
MAX_CONTENT_FILE_BYTES = 48 * MB


class InputRefused(Exception):
    """A file drill will not read; the message says why, without the path. ``line`` is
    where in the file the problem is (1 when it is the file as a whole)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def size_text(size: int) -> str:
    """A size as people say it, for messages: "16 MB", "1.5 MB", "200 KB"."""
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(size / 1024))} KB"


def read_input(path: Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file ``path``, if it is at most ``limit`` bytes.

    ``what`` names the kind of file in messages ("a bank", "a CSV file"). Raises
    InputRefused for something that is not a regular file or is too big, and OSError
    when the file cannot be opened or read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputRefused(f"{_kind(st.st_mode)}, not a file; {what} must be a regular file")
        if st.st_size > limit:
            raise InputRefused(
                f"the file is {size_text(st.st_size)}; {what} may be at most {size_text(limit)}"
            )
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(limit + 1 - total, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise InputRefused(
                    f"the file is over {size_text(limit)}; {what} may be at most that"
                )
        return b"".join(chunks)
    finally:
        os.close(fd)


#: What a message about the encoding tells the user to do, unless the caller says more.
SAVE_AS_UTF8 = "save the file as UTF-8"


def read_text(path: Path, limit: int, what: str, save_as: str = SAVE_AS_UTF8) -> str:
    """The text of the user's file ``path``: UTF-8 (a BOM is dropped), at most ``limit``
    bytes; ``what`` names the kind of file, ``save_as`` how to fix its encoding.

    Raises InputRefused for every way it can fail: missing or unreadable, not a regular
    file, too big, UTF-16, not UTF-8 (with the line of the first bad byte).
    """
    try:
        raw = read_input(path, limit, what)
    except OSError as exc:
        raise InputRefused(f"cannot read file: {exc.strerror or exc}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputRefused(f"the file is UTF-16 ('Unicode text'); {save_as}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputRefused(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); {save_as}",
            line,
        ) from None
