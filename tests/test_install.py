"""A wheel built from the repo works from an empty directory in a fresh virtualenv.

This is the new user's path: no checkout, no editable install, content read from the
installed package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """Build the wheel and install it into a new venv; return the venv's bin dir."""
    root = tmp_path_factory.mktemp("install")
    wheels = root / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        check=True,
    )
    (wheel,) = wheels.glob("salesops_drill-*.whl")
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True)
    return bindir


def drill(bindir: Path, cwd: Path, *args: str, command: str = "drill"):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["DRILL_HOME"] = str(cwd / "home")
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [str(bindir / command), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_installed_wheel_works_from_empty_directory(installed, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    listing = drill(installed, empty, "roles", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    roles = json.loads(listing.stdout)
    assert [r["id"] for r in roles][:1] == ["rep"] and len(roles) == 6
    assert all(r["questions"] > 0 and r["cards"] > 0 for r in roles)

    show = drill(installed, empty, "roles", "show", "manager")
    assert show.returncode == 0 and "Responsibilities" in show.stdout

    compare = drill(installed, empty, "roles", "compare", "analyst", "manager")
    assert compare.returncode == 0 and "Stepping up" in compare.stdout

    validate = drill(installed, empty, "bank", "validate")
    assert validate.returncode == 0, validate.stdout
    assert "no problems" in validate.stderr

    # the content came from inside the installed package, not from this checkout
    where = json.loads(drill(installed, empty, "paths", "--json").stdout)
    assert str(REPO) not in where["builtin_content"]
    assert list(empty.iterdir()) == [empty / "home"] or list(empty.iterdir()) == []


def test_second_command_name_and_module_entry(installed, tmp_path):
    alias = drill(installed, tmp_path, "--version", command="salesops-drill")
    assert alias.returncode == 0 and alias.stdout.startswith("salesops-drill ")
    module = drill(installed, tmp_path, "-m", "salesops_drill", "--version", command="python")
    assert module.stdout == alias.stdout


def readme_setup_commands() -> list[str]:
    """The ```bash blocks of the README's "Set up" section, one command each."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return [block.split("\n", 1)[1].strip() for block in section.split("```bash")[1:]]


def test_readme_setup_commands_never_install_into_the_system_python():
    """PEP 668 Pythons (Debian 12, Ubuntu 23.04+, Homebrew) refuse a bare ``pip install``:
    each set-up command makes its virtualenv and installs and runs only through it."""
    commands = [c.split("```")[0].strip() for c in readme_setup_commands()]
    assert len(commands) == 2
    for command in commands:
        steps = [step.strip() for step in command.split("&&")]
        assert steps[0] == "python3 -m venv .venv", command
        assert all(step.startswith(".venv/bin/") for step in steps[1:]), command
    assert commands[0].endswith(".venv/bin/drill interview --role manager")
    assert commands[1].endswith(".venv/bin/python -m pytest")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv" not in ci  # CI runs the README's command in the venv it makes
