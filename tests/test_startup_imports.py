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


REVIEW_PROBE = """
import sys
from datetime import date
from salesops_drill import clock, goals, planning
from salesops_drill.contentindex import ContentIndex
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.review import select_cards
from salesops_drill.store import Store

paths = resolve_paths()
lib = load_library(paths)
with Store.open(paths.progress_db) as store:
    if sys.argv[1] == "goal":
        goals.save(store, goals.Goal("manager", date(2099, 1, 1), 20))
    cards = select_cards(lib, "manager")
    index = ContentIndex.of(lib)
    session, toward = planning.start_review(store, index, cards, "manager", clock.now)
    assert session.current is not None and (toward is not None) == (sys.argv[1] == "goal")
print(" ".join(sorted(m for m in sys.modules if m.startswith("salesops_drill.plan"))))
"""


@pytest.mark.parametrize(("goal", "planner"), [("none", False), ("goal", True)])
def test_a_review_imports_the_planner_only_for_a_goal(goal, planner):
    """The first card comes sooner: a review with no goal never loads the projection."""
    done = subprocess.run(
        [sys.executable, "-c", REVIEW_PROBE, goal], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert ("salesops_drill.plan_projection" in done.stdout.split()) == planner


def test_the_garbage_collector_is_back_on_once_the_cli_has_loaded():
    """The launcher turns cyclic collection off while the CLI's modules load (see
    gcpause); a command that runs for an hour must not run without it."""
    code = (
        "import gc, sys\n"
        "sys.argv = ['drill', 'roles', 'list']\n"
        "from salesops_drill.launcher import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(str(gc.isenabled()) + ' ' + str(gc.get_freeze_count() > 1000))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "True True"


def test_questions_list_draws_its_blocks_without_rich_tables():
    """The listing writes its own lines: rich's table module (and fractions and decimal
    with it), which a question's panel needs, is not loaded for it."""
    code = (
        "import sys\n"
        "sys.argv = ['drill', 'questions', 'list']\n"
        "from salesops_drill.launcher import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('rich.table' in sys.modules and 'IMPORTED' or 'NOT IMPORTED')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "questions" in done.stdout.splitlines()[-1]
    assert done.stderr.endswith("NOT IMPORTED")
