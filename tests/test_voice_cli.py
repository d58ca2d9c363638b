"""``drill interview --audio`` end to end with the real speech model, and every message
the voice options give when something is missing. No test opens a microphone or
downloads anything: recordings come from committed fixtures, the model from the
pinned package in the test extra, and the hub is switched off (HF_HUB_OFFLINE)."""

from __future__ import annotations

import json
import shutil
import sys
import types
from pathlib import Path

import pytest

from tests.helpers import run, write
from tests.voice_support import FIXTURES, model_dir, need_voice

VOICE_BANK = """
questions:
  - id: q-voice-forecast
    prompt: Tell me about a time you made the forecast more accurate.
    category: behavioral
    roles: [manager]
    difficulty: 2
    time_limit_s: 120
    what_it_tests: Fixing a forecast with a method and a measured result.
    key_points:
      - label: Built a better model
        keywords: [weighted pipeline, pipeline model]
      - label: Tested it first
        keywords: [pilot]
      - label: Measured the result
        keywords: [forecast error]
    model_answer:
      situation: The forecast was off by a fifth every quarter.
      task: Make it accurate enough to plan hiring on.
      action: [Built a weighted pipeline model, Piloted it with two teams]
      result: Forecast error fell to five percent.
    follow_ups: [What would you do differently?]
  - id: q-voice-cycle
    prompt: How would you shorten a long sales cycle?
    category: problem-solving
    roles: [manager]
    difficulty: 2
    time_limit_s: 90
    what_it_tests: Structured thinking about cycle length.
    key_points:
      - label: Measure first
        keywords: [baseline, measure]
      - label: Find the slow stage
        keywords: [slowest stage, bottleneck]
      - label: Pilot a fix
        keywords: [pilot]
    model_answer:
      steps: [Measure, Find, Fix]
    follow_ups: [What would you measure?]
"""


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Nothing in these tests may reach the model hub."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def voice_bank(banks_dir: Path) -> Path:
    return write(banks_dir / "voice.yaml", VOICE_BANK)


@pytest.fixture
def answers_folder(tmp_path: Path, voice_bank: Path) -> Path:
    """Two recordings named after the questions they answer."""
    folder = tmp_path / "recordings"
    folder.mkdir()
    shutil.copy(FIXTURES / "pause-and-fillers.wav", folder / "q-voice-forecast.wav")
    shutil.copy(FIXTURES / "plain.wav", folder / "q-voice-cycle.wav")
    return folder


def interview(*args: str):
    return run("interview", "--role", "manager", *args)


# -- the real model, end to end --------------------------------------------------------


def test_recordings_are_transcribed_graded_and_saved_with_their_delivery(
    answers_folder, drill_home
):
    result = interview(
        "--audio", str(answers_folder), "--model", str(model_dir()), "--keep-audio", "--json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    cycle, forecast = data["answers"]  # a folder's files in order of name
    assert [cycle["question_id"], forecast["question_id"]] == ["q-voice-cycle", "q-voice-forecast"]

    # The transcript is what was said (the model may mishear a word or two) ...
    said = forecast["transcript"].lower()
    for words in ("weighted pipeline model", "pilot with two teams", "two quarters"):
        assert words in said, said
    # ... graded as a typed answer is: numbers spoken as words are read by value.
    fb = forecast["feedback"]
    assert {h["label"] for h in fb["covered"]} >= {"Built a better model", "Tested it first"}
    assert any("20" in n for n in fb["numbers"]) and fb["quantified"] is True
    assert cycle["feedback"]["coverage"] >= 2 / 3

    # Delivery: fillers from the transcript, the pause from the audio, pace in range.
    voice = forecast["voice"]
    assert voice["transcript"] == forecast["transcript"]
    assert {"so", "basically", "you know"} <= set(voice["fillers"])
    (pause,) = voice["pauses"]
    assert 2.5 <= pause["length"] <= 3.5 and 9.0 <= pause["start"] <= 13.0
    assert 100 <= voice["wpm"] <= 190
    assert cycle["voice"]["pauses"] == [] and cycle["voice"]["fillers"] == {}
    assert fb["seconds_used"] == pytest.approx(voice["duration"], abs=0.1)

    # --keep-audio: a WAV per answer in the data dir, named in the saved delivery.
    kept = sorted(p.name for p in (drill_home / "recordings").iterdir())
    assert kept == sorted([voice["audio_file"], cycle["voice"]["audio_file"]])

    # The transcript is the saved answer; history shows it with the delivery and the WAV.
    shown = run("history", "show", str(data["session_id"]))
    assert shown.exit_code == 0, shown.stderr
    flat = " ".join(shown.stdout.split())
    assert "weighted pipeline model" in flat
    assert "words per minute" in flat and voice["audio_file"] in flat
    markdown = run("history", "export", str(data["session_id"]), "-o", str(drill_home / "t.md"))
    assert markdown.exit_code == 0, markdown.stderr
    text = (drill_home / "t.md").read_text()
    assert "words per minute" in text and voice["audio_file"] in text


def test_recordings_in_order_answer_the_planned_questions_and_print_feedback(tmp_path):
    silent = tmp_path / "2-silent.wav"
    shutil.copy(FIXTURES / "silence.wav", silent)
    result = interview(
        "--audio",
        str(FIXTURES / "plain.wav"),
        "--audio",
        str(silent),
        "--model",
        str(model_dir()),
        "--seed",
        "5",
    )
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Question 1/2" in out and "Question 2/2" in out
    assert "What you said (plain.wav)" in out and "baseline" in out
    assert "No speech heard: scored as a blank answer." in out
    assert "Delivery" in out and "words per minute" in out
    assert "Scorecard" in out and "Saved as session" in out
    (session,) = json.loads(run("history", "--json").stdout)
    assert session["questions"] == 2 and session["complete"] is True


# -- refused before anything is saved ----------------------------------------------


def no_sessions() -> bool:
    listed = run("history", "--json")
    return listed.exit_code != 0 or json.loads(listed.stdout) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--audio", "nowhere.wav"], "--audio nowhere.wav: no such file or folder"),
        (["--keep-audio"], "--keep-audio and --model go with --voice or --audio"),
        (["--voice", "--json"], "--json needs --answers or --audio"),
    ],
)
def test_option_mistakes_are_one_line_and_exit_2(args, message):
    need_voice()
    result = interview(*args)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("drill: error: ")
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_answers_and_audio_together_are_refused(tmp_path):
    need_voice()
    answers = write(tmp_path / "a.yaml", "- An answer.\n")
    result = interview("--answers", str(answers), "--audio", str(FIXTURES / "plain.wav"))
    assert result.exit_code == 2 and "do not go together" in result.stderr


def test_a_file_that_is_not_audio_or_a_folder_without_audio_is_refused(tmp_path):
    need_voice()
    junk = write(tmp_path / "answer.wav", "not a recording")
    result = interview("--audio", str(junk))
    assert result.exit_code == 2
    assert f"--audio {junk}: not an audio file drill can read" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = interview("--audio", str(empty))
    assert result.exit_code == 2 and "no audio files in the folder" in result.stderr
    assert no_sessions()


def test_more_recordings_than_questions_asked_is_refused():
    need_voice()
    result = interview(
        "--audio", str(FIXTURES / "plain.wav"), "--audio", str(FIXTURES / "silence.wav"),
        "--questions", "3",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--audio has 2 recordings but --questions is 3" in result.stderr


def test_a_model_path_that_is_not_a_model_is_named_before_loading(tmp_path):
    need_voice()
    plain = str(FIXTURES / "plain.wav")
    missing = interview("--audio", plain, "--model", str(tmp_path / "no-such-model"))
    assert missing.exit_code == 2
    assert f"speech model {tmp_path / 'no-such-model'} (--model) does not exist" in missing.stderr
    empty = tmp_path / "empty-model"
    empty.mkdir()
    (empty / "config.json").write_text("{}")
    result = interview("--audio", plain, "--model", str(empty))
    assert result.exit_code == 2
    assert "is not a CTranslate2 Whisper model: no model.bin in it" in result.stderr
    assert no_sessions()


def test_the_model_setting_is_used_and_checked(tmp_path):
    need_voice()
    assert run("config", "set", "voice_model", str(tmp_path / "gone")).exit_code == 0
    result = interview("--audio", str(FIXTURES / "plain.wav"))
    assert result.exit_code == 2
    assert "(the voice_model setting) does not exist" in result.stderr


def test_no_model_and_offline_says_how_to_get_one(drill_home):
    need_voice()
    result = interview("--audio", str(FIXTURES / "plain.wav"))
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert "not downloaded yet and cannot be fetched now (offline?)" in message
    assert "--model DIR" in message and "drill config set voice_model DIR" in message
    # Nothing half-downloaded is left to be taken for a model later.
    models = drill_home / "models"
    assert not models.exists() or list(models.iterdir()) == []
    assert no_sessions()


# -- the voice extra, PortAudio and the microphone -------------------------------------


def test_without_the_voice_extra_the_install_command_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "faster_whisper", None)  # as if not installed
    for args in (["--audio", str(FIXTURES / "plain.wav")], ["--voice"]):
        result = interview(*args)
        assert result.exit_code == 2
        assert "pip install 'salesops-drill[voice]'" in result.stderr
        assert args[0] in result.stderr and "faster-whisper" in result.stderr


def test_voice_without_sounddevice_names_it(monkeypatch):
    need_voice()
    monkeypatch.setitem(sys.modules, "sounddevice", None)
    result = interview("--voice")
    assert result.exit_code == 2
    assert "--voice needs sounddevice: install the voice extra" in result.stderr


def test_no_portaudio_is_one_line_and_exit_2(monkeypatch, tmp_path):
    """sounddevice raises OSError on import when the system has no PortAudio library."""
    need_voice()
    stub = write(
        tmp_path / "stub" / "sounddevice.py", "raise OSError('PortAudio library not found')\n"
    )
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.syspath_prepend(str(stub.parent))
    result = interview("--voice")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--voice needs PortAudio" in lines[0]
    assert "libportaudio2" in lines[0] and "--audio FILE.wav" in lines[0]


def fake_sounddevice(devices_error: str | None) -> types.ModuleType:
    """sounddevice as it behaves on a machine with PortAudio but no input device."""
    module = types.ModuleType("sounddevice")

    class PortAudioError(Exception):
        pass

    def query_devices(device=None, kind=None):
        raise PortAudioError(devices_error) if devices_error else ValueError()

    def input_stream(*args, **kwargs):
        raise AssertionError("a test opened a microphone")

    module.PortAudioError = PortAudioError  # type: ignore[attr-defined]
    module.query_devices = query_devices  # type: ignore[attr-defined]
    module.InputStream = input_stream  # type: ignore[attr-defined]
    return module


@pytest.mark.parametrize("error", ["Error querying device -1", None])
def test_no_microphone_is_one_line_and_exit_2(monkeypatch, error):
    need_voice()
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice(error))
    result = interview("--voice")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--voice found no microphone" in lines[0]
    assert no_sessions()
