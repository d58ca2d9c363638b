"""Every file drill writes goes through one atomic writer: no planted link is followed, no
device, FIFO or directory is written, nothing is overwritten without --force, and no
temporary file is left behind."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from salesops_drill.atomic import write_atomic
from salesops_drill.errors import DrillError, FileExists, UsageError
from salesops_drill.scheduler import CardState
from salesops_drill.store import Store
from tests.conftest import read_only
from tests.helpers import run, write

NOW_TEXT = "2025-03-10T12:00:00+00:00"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------- the helper


def test_writes_and_replaces_only_with_force(tmp_path):
    dest = tmp_path / "out.txt"
    write_atomic(dest, b"one")
    assert dest.read_bytes() == b"one"
    # The core names no option; the CLI adds "use --force" (test_refused_... below).
    with pytest.raises(FileExists, match=r"out\.txt already exists$"):
        write_atomic(dest, b"two")
    assert dest.read_bytes() == b"one"
    write_atomic(dest, b"two", force=True)
    assert dest.read_bytes() == b"two"
    assert leftovers(tmp_path) == []


def test_new_files_get_the_usual_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", b"x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"old")
    kept.chmod(0o600)
    write_atomic(kept, b"new", force=True)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_failing_writer_leaves_nothing(tmp_path):
    dest = tmp_path / "out.txt"
    dest.write_bytes(b"precious")

    def broken(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(DrillError, match="cannot write .*No space left on device"):
        write_atomic(dest, broken, force=True)
    assert dest.read_bytes() == b"precious"
    assert leftovers(tmp_path) == []


def test_a_symlink_target_is_replaced_never_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    link = tmp_path / "out.txt"
    link.symlink_to(victim)
    with pytest.raises(UsageError, match="already exists"):
        write_atomic(link, b"new")
    write_atomic(link, b"new", force=True)
    assert victim.read_bytes() == b"precious"
    assert not link.is_symlink() and link.read_bytes() == b"new"


def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder):
        with pytest.raises(DrillError, match=f"cannot write {folder / 'x.txt'}"):
            write_atomic(folder / "x.txt", b"x")
        assert list(folder.iterdir()) == []


# ---------------------------------------------------------------- every -o


@pytest.fixture
def outputs(tmp_path, drill_home):
    """Each command that writes a file, as (argv builder, suffix); progress to export."""
    with Store.open(drill_home / "progress.db") as store:
        state = CardState("c-one", "review", stability=3.0, difficulty=5.0)
        from datetime import datetime

        store.record_review(state, 3, datetime.fromisoformat(NOW_TEXT), 1500)
    answers = write(tmp_path / "answers.yaml", "- We measured the baseline first.\n")
    done = run("interview", "--role", "manager", "--answers", str(answers), "--json")
    session = str(json.loads(done.stdout)["session_id"])
    return {
        "history": (["history", "export", session], ".md"),
        "csv": (["export", "csv"], ".csv"),
        "anki": (["export", "anki"], ".apkg"),
        "progress": (["export", "progress"], ".json"),
        "backup": (["backup"], ".db"),
    }


COMMANDS = ["history", "csv", "anki", "progress", "backup"]


@pytest.mark.parametrize("name", COMMANDS)
def test_an_existing_file_is_replaced_only_with_force(outputs, tmp_path, name):
    argv, suffix = outputs[name]
    out = tmp_path / "out" / f"result{suffix}"
    out.parent.mkdir()
    out.write_bytes(b"precious")
    refused = run(*argv, "-o", str(out))
    assert refused.exit_code == 2
    assert refused.stderr == f"drill: error: {out} already exists; use --force to overwrite it\n"
    assert out.read_bytes() == b"precious"
    forced = run(*argv, "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert out.read_bytes() != b"precious"
    assert leftovers(out.parent) == []


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("kind", ["fifo", "link-to-device"])
def test_never_writes_a_device_or_fifo(outputs, tmp_path, name, kind):
    argv, suffix = outputs[name]
    out = tmp_path / f"special{suffix}"
    if kind == "fifo":
        os.mkfifo(out)
    else:
        out.symlink_to("/dev/full")
    result = run(*argv, "-o", str(out), "--force")
    assert result.exit_code == 2
    assert "is not a regular file" in result.stderr and len(result.stderr.splitlines()) == 1
    if kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(out).st_mode)
    else:
        assert out.is_symlink() and os.readlink(out) == "/dev/full"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("name", COMMANDS)
def test_a_directory_is_refused_and_nothing_is_left(outputs, tmp_path, name):
    argv, suffix = outputs[name]
    folder = tmp_path / f"folder{suffix}"
    folder.mkdir()
    result = run(*argv, "-o", str(folder), "--force")
    assert result.exit_code == 2 and "is a directory" in result.stderr
    assert list(folder.iterdir()) == [] and leftovers(tmp_path) == []


@pytest.mark.parametrize("name", COMMANDS)
def test_planted_links_at_temp_names_are_never_followed(outputs, tmp_path, name):
    argv, suffix = outputs[name]
    out = tmp_path / f"result{suffix}"
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    planted = [f".{out.name}.tmp", f".{out.name}.{os.getpid()}.tmp"]
    for pid in range(os.getpid() - 5, os.getpid() + 5):
        planted.append(f".{out.name}.{pid}.tmp")
    for name_ in set(planted):
        (tmp_path / name_).symlink_to(victim)
    result = run(*argv, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert victim.read_bytes() == b"precious"
    assert out.is_file() and not out.is_symlink()
    assert all((tmp_path / n).is_symlink() for n in planted)  # left as they were
