"""Drive the real ``drill`` in a pseudo-terminal and read the screen as a person would.

prompt_toolkit redraws only what changed and asks where the cursor is (``ESC[6n``), so
raw output is fed into a terminal emulator (pyte) and every cursor-position request is
answered with the emulator's cursor, as a real terminal would. Assertions read lines of
the emulated screen. Every wait has a timeout, so a hung UI fails instead of hanging.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte

CPR_REQUEST = b"\x1b[6n"
#: ``drill review`` draws its first frame before prompt_toolkit has started (see
#: ui/first_frame.py), and keys sent then wait until it reads them. A screen counts as
#: shown once prompt_toolkit is reading keys: it turns on bracketed paste as it starts.
FIRST_FRAME = b"\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l"
LIVE = b"\x1b[?2004h"
ROWS, COLS = 30, 100
#: Set per test by conftest: False in a test not marked ``slow``.
ALLOWED = True


class Terminal:
    def __init__(
        self,
        args: list[str],
        home: Path,
        env: dict[str, str] | None = None,
        rows: int = ROWS,
        cols: int = COLS,
    ) -> None:
        if not ALLOWED:
            raise AssertionError("a test that drives the CLI in a pty must be marked slow")
        environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
        environ.update(TERM="xterm-256color", DRILL_HOME=str(home), PYTHONUNBUFFERED="1")
        environ.update(env or {})
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""
        #: Only ``drill review`` draws a first frame early (others, an editor say, may
        #: write the same codes to enter the alternate screen).
        self.draws_early = args[:1] == ["review"]
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "salesops_drill", *args],
            env=environ,
            dimensions=(rows, cols),
            timeout=20,
        )

    # -- reading -----------------------------------------------------------------

    def pump(self, seconds: float = 0.05) -> None:
        """Read whatever is available for up to ``seconds`` and feed the emulator."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                chunk = self.child.read_nonblocking(65536, timeout=0.02)
            except pexpect.TIMEOUT:
                chunk = b""
            except pexpect.EOF:
                return
            if chunk:
                self.raw += chunk
                self.stream.feed(chunk)
                for _ in range(chunk.count(CPR_REQUEST)):
                    row, col = self.screen.cursor.y + 1, self.screen.cursor.x + 1
                    self.child.send(f"\x1b[{row};{col}R".encode())
            if time.monotonic() >= deadline:
                return

    def live(self) -> bool:
        """False while a first frame is on screen and prompt_toolkit is not yet reading
        keys (a key sent now would be answered, but later than ``press`` waits)."""
        if not self.draws_early:
            return True
        return self.raw.rfind(LIVE) > self.raw.rfind(FIRST_FRAME)

    @property
    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, predicate: Callable[[str], bool] | str, timeout: float = 15.0) -> str:
        """Pump until the screen satisfies ``predicate`` (or contains the string/regex)."""
        if isinstance(predicate, str):
            pattern = re.compile(predicate)

            def check(text: str) -> bool:
                return bool(pattern.search(text))
        else:
            check = predicate
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.05)
            if check(self.text) and (self.live() or not self.child.isalive()):
                return self.text
            if not self.child.isalive() and check(self.text) is False:
                self.pump(0.2)
                if check(self.text):
                    return self.text
                break
        raise AssertionError(f"screen never matched {predicate!r}:\n{self.text}")

    # -- writing -----------------------------------------------------------------

    def press(self, keys: str, settle: float = 0.15) -> None:
        """Send keys one at a time, reading the screen after each."""
        for key in keys:
            self.child.send(key)
            self.pump(settle)

    def send(self, data: str) -> None:
        self.child.send(data)

    def finish(self, timeout: float = 15.0) -> int:
        """Wait for the process to end; returns its exit status."""
        deadline = time.monotonic() + timeout
        while self.child.isalive() and time.monotonic() < deadline:
            self.pump(0.1)
        self.pump(0.1)
        if self.child.isalive():
            self.child.terminate(force=True)
            raise AssertionError(f"drill did not exit:\n{self.text}")
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -1

    def kill(self, sig: int) -> None:
        os.kill(self.child.pid, sig)
        self.child.wait()
