"""Colour only on a real terminal, and never with NO_COLOR: checked in a pseudo-terminal."""

from __future__ import annotations

import os
import sys

import pexpect


def run_in_pty(args: list[str], cols: int = 100, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    environ["TERM"] = "xterm-256color"
    environ.update(env)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "salesops_drill", *args],
        env=environ,
        dimensions=(40, cols),
        encoding="utf-8",
        timeout=20,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def test_terminal_gets_styles():
    assert "\x1b[" in run_in_pty(["roles", "list"])


def test_no_color_means_no_ansi_at_all():
    out = run_in_pty(["roles", "show", "manager"], NO_COLOR="1")
    assert "\x1b[" not in out
    assert "Responsibilities" in out


def test_dumb_terminal_means_no_ansi():
    assert "\x1b[" not in run_in_pty(["roles", "compare", "rep", "vp"], TERM="dumb")


def test_stats_draws_score_sparklines_on_a_terminal_and_numbers_when_piped(drill_home, tmp_path):
    import subprocess

    from tests.helpers import run, write

    path = write(tmp_path / "a.yaml", '- id: q-mgr-bottlenecks\n  answer: "We measured it."\n')
    assert run("interview", "--role", "manager", "--answers", str(path)).exit_code == 0
    shown = run_in_pty(["stats"], NO_COLOR="1", DRILL_HOME=str(drill_home))
    section = shown[shown.index("Interview scores") : shown.index("Weakest")]
    assert set(section) & set("▁▂▃▄▅▆▇█")
    piped = subprocess.run(
        [sys.executable, "-m", "salesops_drill", "stats"],
        capture_output=True,
        text=True,
        env={**os.environ, "DRILL_HOME": str(drill_home)},
    ).stdout
    section = piped[piped.index("Interview scores") : piped.index("Weakest")]
    assert "problem-solving" in section and not set(section) & set("▁▂▃▄▅▆▇█")


def test_no_color_still_uses_the_whole_terminal_width():
    """Issue 15: NO_COLOR drew at 80 columns in a 120-column terminal."""
    out = run_in_pty(["roles", "compare", "rep", "vp"], cols=120, NO_COLOR="1")
    lines = out.replace("\r", "").splitlines()
    assert "\x1b[" not in out
    assert 100 < max(len(line) for line in lines) <= 120
