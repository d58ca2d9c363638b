"""Listing commands stay fast: they never import the heavy interactive or scheduling libraries.

Checked by module presence, not by timing (speed itself is in benchmarks/startup.py).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("questionary", "prompt_toolkit", "fsrs", "sqlite3", "yaml", "pydantic")
#: The voice extra: never loaded unless --voice or --audio is given.
VOICE = ("faster_whisper", "ctranslate2", "numpy", "sounddevice", "huggingface_hub", "av")

PROBE = """
import json, sys
sys.argv = ["drill", *sys.argv[1:]]
from salesops_drill.launcher import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy})))
"""


def loaded(*args: str) -> set[str]:
    code = PROBE.replace("{heavy}", repr(set(HEAVY + VOICE)))
    warm = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    assert warm.returncode == 0, warm.stderr  # the first run may build the content cache
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    return {m.split(".")[0] for m in json.loads(done.stderr.strip().splitlines()[-1])}


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["roles", "list"],
        ["roles", "show", "manager"],
        ["roles", "compare", "analyst", "manager"],
        ["questions", "list", "--role", "manager"],
    ],
)
def test_listing_commands_import_nothing_heavy(args):
    assert loaded(*args) == set()


@pytest.mark.parametrize(
    "args", [["--version"], ["roles", "list"], ["interview", "--help"], ["config", "--json"]]
)
def test_the_voice_extra_is_never_imported_without_a_voice_option(args):
    assert not loaded(*args) & set(VOICE)
