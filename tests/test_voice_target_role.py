"""``--audio`` with what the interview gained beside it: the target role (no ``--role``
needed), ``--no-save`` (nothing written, the speech model setting still read) and files
named after another role's questions refused by name."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import run
from tests.voice_support import FIXTURES, model_dir, need_voice


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Nothing in these tests may reach the model hub."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_target_role_is_used_without_role(drill_home):
    assert run("config", "set", "role", "analyst").exit_code == 0
    result = run(
        "interview", "--audio", str(FIXTURES / "plain.wav"), "--model", str(model_dir()), "--json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["role"] == "analyst" and data["saved"] is True
    (answer,) = data["answers"]
    assert "baseline" in answer["transcript"].lower()
    (session,) = json.loads(run("history", "--json").stdout)
    assert session["role"] == "analyst"


def test_no_save_grades_the_recording_and_writes_nothing(drill_home):
    # The speech model comes from the setting, read without opening the store for writing.
    assert run("config", "set", "voice_model", str(model_dir())).exit_code == 0
    assert run("config", "set", "role", "manager").exit_code == 0
    db = drill_home / "progress.db"
    before = digest(db)
    result = run("interview", "--audio", str(FIXTURES / "plain.wav"), "--no-save", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["saved"] is False and data["session_id"] is None and data["role"] == "manager"
    (answer,) = data["answers"]
    assert "baseline" in answer["transcript"].lower() and answer["voice"]["wpm"]
    assert answer["voice"]["audio_file"] is None
    assert digest(db) == before
    assert json.loads(run("history", "--json").stdout) == []

    shown = run("interview", "--audio", str(FIXTURES / "plain.wav"), "--no-save")
    assert shown.exit_code == 0, shown.stderr
    flat = " ".join(shown.stdout.split())
    assert "Delivery" in flat and "Scorecard" in flat
    assert "Not saved (--no-save): your progress and history are unchanged." in flat
    assert "Saved as session" not in flat
    assert not (drill_home / "recordings").exists()


def test_keep_audio_does_not_go_with_no_save():
    need_voice()
    result = run(
        "interview", "--role", "manager", "--audio", str(FIXTURES / "plain.wav"),
        "--keep-audio", "--no-save",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "drill: error: --keep-audio keeps recordings with the saved session; it cannot go "
        "with --no-save"
    )


def named_after(tmp_path: Path, role: str) -> tuple[Path, str]:
    """A folder with one recording named after a question of ``role`` only."""
    questions = json.loads(run("questions", "list", "--role", role, "--json").stdout)
    only = next(q["id"] for q in questions if q["roles"] == [role])
    folder = tmp_path / "named"
    folder.mkdir()
    shutil.copy(FIXTURES / "plain.wav", folder / f"{only}.wav")
    return folder, only


def test_recordings_named_after_another_roles_questions_are_refused(tmp_path):
    need_voice()
    folder, qid = named_after(tmp_path, "rep")
    assert run("config", "set", "role", "director").exit_code == 0
    result = run("interview", "--audio", str(folder))
    assert result.exit_code == 2
    assert f"--audio: question id is not asked for director: '{qid}'" in result.stderr
    assert json.loads(run("history", "--json").stdout) == []


def test_named_recordings_and_retry_weakest_are_refused_together(tmp_path):
    need_voice()
    folder, _ = named_after(tmp_path, "rep")
    result = run("interview", "--role", "rep", "--audio", str(folder), "--retry-weakest")
    assert result.exit_code == 2
    assert "--audio names its questions by id, and --retry-weakest chooses them" in result.stderr


@pytest.mark.parametrize("columns", [60, 80])
def test_spoken_feedback_fits_60_and_80_columns(monkeypatch, tmp_path, columns):
    from tests.screens import assert_fits, words

    folder = tmp_path / "answers"
    folder.mkdir()
    name = "an-answer-with-a-rather-long-name-for-the-test.wav"
    shutil.copy(FIXTURES / "pause-and-fillers.wav", folder / name)
    args = ["interview", "--role", "manager", "--seed", "2", "--no-save"]
    args += ["--audio", str(folder), "--model", str(model_dir())]
    monkeypatch.setenv("COLUMNS", "200")
    wide = run(*args).stdout
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert_fits(result.stdout, columns, words(wide), wide)
    flat = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stdout).split())
    assert "Delivery" in flat and "words per minute" in flat and "long pause" in flat
    assert f"What you said ({name})" in flat  # the title whole, in the border or inside
