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


def test_an_error_wraps_at_spaces_on_a_terminal_and_stays_one_line_piped(tmp_path):
    import subprocess

    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    environ.update(TERM="xterm-256color", DRILL_HOME=str(tmp_path))
    args = ["-m", "salesops_drill", "roles", "show", "no-such-role"]
    child = pexpect.spawn(
        sys.executable, args, env=environ, dimensions=(40, 40), encoding="utf-8", timeout=20
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    lines = [line for line in child.before.replace("\r", "").split("\n") if line]
    assert len(lines) > 1 and all(len(line) < 40 for line in lines)
    piped = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=environ)
    assert piped.returncode == 2
    assert piped.stderr.count("\n") == 1
    # the same words, only the line breaks differ
    assert " ".join(lines).split() == piped.stderr.split()


def _piped_in_pty(cols: int) -> list[str]:
    """`drill roles show manager | cat` in a terminal ``cols`` wide: stdout is a pipe,
    stderr the terminal."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    environ["TERM"] = "xterm-256color"
    command = f"'{sys.executable}' -m salesops_drill roles show manager | cat"
    child = pexpect.spawn(
        "/bin/sh", ["-c", command], env=environ, dimensions=(40, cols), encoding="utf-8"
    )
    child.expect(pexpect.EOF, timeout=20)
    child.close()
    assert child.exitstatus == 0
    return child.before.replace("\r", "").split("\n")


def test_piped_output_fits_a_narrower_terminal_it_is_watched_in():
    narrow = _piped_in_pty(60)
    assert max(len(line) for line in narrow) <= 60
    assert any(len(line) > 50 for line in narrow)
    # never wider than the stable 80 a file gets
    wide = _piped_in_pty(120)
    assert max(len(line) for line in wide) == 80
