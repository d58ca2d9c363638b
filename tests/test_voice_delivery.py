"""Delivery feedback from a transcript and the audio: pace, fillers, pauses."""

from __future__ import annotations

import pytest

from salesops_drill.voice.audio import Pause, Speech
from salesops_drill.voice.delivery import (
    Delivery,
    assess,
    count_fillers,
    count_words,
    pace,
    tips,
)


def test_words_are_counted_as_spoken_runs():
    assert count_words("We cut the cycle by 20%, from $2,000 to $1,500.") == 10
    assert count_words("It's a well-known, two-step fix.") == 5
    assert count_words("") == 0 and count_words("  ...  ") == 0


@pytest.mark.parametrize(
    ("words", "seconds", "expected"),
    [
        (150, 60.0, (150.0, "comfortable")),
        (120, 60.0, (120.0, "comfortable")),
        (170, 60.0, (170.0, "comfortable")),
        (50, 30.0, (100.0, "slow")),
        (100, 30.0, (200.0, "fast")),
        (10, 4.9, (None, None)),  # too little speech to tell
        (0, 30.0, (None, None)),
    ],
)
def test_pace_in_words_per_minute_against_the_comfortable_range(words, seconds, expected):
    assert pace(words, seconds) == expected


def test_spoken_fillers_are_counted_from_the_transcript():
    text = (
        "Um, so, we looked at the data and, uh, basically, you know, the stage was, "
        "like, slow. Umm, we fixed it. So we shipped it."
    )
    assert count_fillers(text) == {
        "um": 2,
        "uh": 1,
        "like": 1,
        "you know": 1,
        "so": 2,
        "basically": 1,
    }


def test_so_and_like_count_only_as_fillers():
    clean = (
        "We doubled the team so that reps could focus. So far it works, so much so that "
        "finance agreed. We used tools like Salesforce. You know how reps feel about admin."
    )
    assert count_fillers(clean) == {}
    assert count_fillers("And so, we moved on.") == {"so": 1}
    assert count_fillers("So. That was it.") == {"so": 1}


def speech(duration: float, span, pauses=()) -> Speech:
    return Speech(duration, span, list(pauses))


def test_assess_takes_words_from_the_transcript_and_time_from_the_speech():
    text = " ".join(["word"] * 70) + ". So, um, done."
    delivery = assess(text, speech(40.0, (5.0, 35.0), [Pause(12.0, 2.0)]), "a.wav")
    assert delivery.words == 73
    assert delivery.wpm == pytest.approx(146.0)
    assert delivery.pace == "comfortable"
    assert delivery.fillers == {"um": 1, "so": 1} and delivery.filler_count == 2
    assert delivery.pauses == [Pause(12.0, 2.0)]
    assert delivery.speaking_time == 30.0 and delivery.duration == 40.0
    assert delivery.audio_file == "a.wav"


def test_no_speech_gives_no_pace():
    delivery = assess("", speech(3.0, None))
    assert (delivery.words, delivery.wpm, delivery.pace, delivery.fillers) == (0, None, None, {})


def test_delivery_round_trips_through_its_saved_form():
    delivery = assess(
        "So, um, we cut churn by half. " * 5, speech(20.0, (1.0, 19.0), [Pause(4.0, 1.8)])
    )
    saved = delivery.to_dict()
    assert saved["wpm"] == round(delivery.wpm, 1)
    assert saved["pauses"] == [{"start": 4.0, "length": 1.8}]
    assert saved["pace_range"] == [120, 170]
    back = Delivery.from_dict(saved)
    assert back.fillers == delivery.fillers and back.pauses == delivery.pauses
    assert back.words == delivery.words and back.transcript == delivery.transcript
    with pytest.raises(KeyError):
        Delivery.from_dict({"transcript": "x"})


def test_tips_name_each_habit_worth_changing():
    fine = assess(" ".join(["word"] * 75), speech(30.0, (0.0, 30.0)))
    assert tips(fine) == []
    rushed = assess(
        "Um, uh, so, basically " + " ".join(["word"] * 100),
        speech(30.0, (0.0, 30.0), [Pause(5, 2)]),
    )
    said = " ".join(tips(rushed))
    assert "Slow down" in said and "filler" in said and "Long pauses" in said
    slow = assess(" ".join(["word"] * 40), speech(30.0, (0.0, 30.0)))
    assert "pace" in tips(slow)[0]


def test_the_recording_screen_fits_60_columns_and_turns_to_overtime():
    from salesops_drill.ui.voice_screen import screen_lines

    def lines(elapsed: float, limit: int, level: float) -> list[str]:
        return "".join(text for _, text in screen_lines("Recording", elapsed, limit, level)).split(
            "\n"
        )

    running = lines(12.4, 120, -20.0)
    assert running[0] == "● Recording  0:12   1:48 left "
    assert running[1].startswith("Level " + "█" * 20 + "·" * 10)
    assert all(len(line) <= 60 for line in running)
    over = lines(125.0, 120, -80.0)
    assert "OVER TIME +0:05" in over[0] and "█" not in over[1]


@pytest.mark.parametrize("width", [60, 80])
def test_a_long_file_name_puts_the_clocks_on_their_own_line(width):
    from salesops_drill.ui.voice_screen import STOP_HELP, screen_lines

    label = "Playing q-mgr-forecast-accuracy-second-attempt-longer.wav"
    lines = "".join(t for _, t in screen_lines(label, 12.4, 120, -20.0, width)).split("\n")
    assert all(len(line) < width for line in lines), lines  # the last column free
    if len("● " + label + "  0:12   1:48 left ") < width:
        assert lines[0] == f"● {label}  0:12   1:48 left "
    else:
        assert lines[:2] == [f"● {label}", "0:12   1:48 left "]
    assert lines[-1] == STOP_HELP and lines[-2].startswith("Level ")


def test_the_recording_screen_keeps_the_clock_rule():
    """Whole seconds, and over time only once the clock shows more than the limit."""
    from salesops_drill.ui.voice_screen import screen_lines

    def first(elapsed: float) -> str:
        return "".join(t for _, t in screen_lines("Recording", elapsed, 20, -30.0)).split("\n")[0]

    assert first(20.9).endswith(" 0:00 left ")
    assert first(21.0).endswith(" OVER TIME +0:01 ")
