"""Levels and long pauses measured on generated audio: tones and silences of known lengths."""

from __future__ import annotations

import wave

import pytest

from tests.voice_support import FIXTURES, need_voice

need_voice(module=True)

import numpy as np  # noqa: E402

from salesops_drill.voice import audio  # noqa: E402
from salesops_drill.voice.audio import RATE, AudioError, Pause, analyse  # noqa: E402

RNG = np.random.default_rng(7)


def tone(seconds: float, amp: float = 0.3, freq: float = 220.0) -> np.ndarray:
    """A voiced stretch: a tone with a slow wobble in level, like syllables."""
    t = np.arange(int(seconds * RATE)) / RATE
    envelope = 0.6 + 0.4 * np.abs(np.sin(2 * np.pi * 3 * t))
    return (amp * envelope * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def quiet(seconds: float, noise: float = 0.001) -> np.ndarray:
    """Room noise (about -60 dBFS by default), or digital silence with noise=0."""
    return (noise * RNG.standard_normal(int(seconds * RATE))).astype(np.float32)


def join(*parts: np.ndarray) -> np.ndarray:
    return np.concatenate(parts)


def test_one_long_pause_between_speech_is_found_with_its_start_and_length():
    samples = join(tone(3.0), quiet(2.0), tone(2.0))
    speech = analyse(samples)
    assert len(speech.pauses) == 1
    (pause,) = speech.pauses
    assert pause.start == pytest.approx(3.0, abs=0.05)
    assert pause.length == pytest.approx(2.0, abs=0.05)
    assert speech.span == pytest.approx((0.0, 7.0), abs=0.05)
    assert speech.duration == pytest.approx(7.0, abs=0.01)


def test_a_silence_under_the_minimum_is_no_pause_and_one_over_it_is():
    short = analyse(join(tone(2.0), quiet(1.3), tone(2.0)))
    assert short.pauses == []
    longer = analyse(join(tone(2.0), quiet(1.7), tone(2.0)))
    assert [round(p.length, 1) for p in longer.pauses] == [1.7]


def test_silence_before_the_first_word_and_after_the_last_is_not_a_pause():
    speech = analyse(join(quiet(3.0), tone(2.0), quiet(0.5), tone(1.0), quiet(4.0)))
    assert speech.pauses == []
    assert speech.span == pytest.approx((3.0, 6.5), abs=0.05)
    assert speech.speaking_time == pytest.approx(3.5, abs=0.1)


def test_several_pauses_in_order_in_digital_silence_and_in_noise():
    for noise in (0.0, 0.003):
        samples = join(
            tone(1.0), quiet(1.6, noise), tone(1.0), quiet(0.4, noise), tone(1.0),
            quiet(3.0, noise), tone(1.0),
        )  # fmt: skip
        pauses = analyse(samples).pauses
        assert [(round(p.start, 1), round(p.length, 1)) for p in pauses] == [
            (1.0, 1.6),
            (5.0, 3.0),
        ], noise


def test_the_threshold_follows_the_recording_level():
    # A quiet talker with a noisy microphone: speech at -30 dBFS, noise at -50.
    soft = join(tone(2.0, amp=0.04), quiet(2.0, noise=0.003), tone(2.0, amp=0.04))
    assert [round(p.length, 1) for p in analyse(soft).pauses] == [2.0]
    # The same noise between loud speech is still a pause.
    loud = join(tone(2.0, amp=0.8), quiet(2.0, noise=0.003), tone(2.0, amp=0.8))
    assert [round(p.length, 1) for p in analyse(loud).pauses] == [2.0]


def test_a_click_inside_a_silence_does_not_split_the_pause():
    click = tone(0.05, amp=0.5, freq=1000)
    samples = join(tone(2.0), quiet(1.0), click, quiet(1.0), tone(2.0))
    pauses = analyse(samples).pauses
    assert len(pauses) == 1 and pauses[0].length == pytest.approx(2.05, abs=0.05)


def test_no_speech_at_all_has_no_span_and_no_pauses():
    for samples in (quiet(3.0), quiet(3.0, noise=0.0), np.zeros(0, dtype=np.float32)):
        speech = analyse(samples)
        assert speech.span is None and speech.pauses == [] and speech.speaking_time == 0


def syllables(seconds: float, amp: float = 0.3) -> np.ndarray:
    """Speech without a break: four "syllables" a second, dipping 20 dB between them."""
    t = np.arange(int(seconds * RATE)) / RATE
    envelope = 0.1 + 0.9 * np.abs(np.sin(2 * np.pi * 2 * t))
    return (amp * envelope * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def test_continuous_speech_has_no_pauses():
    speech = analyse(syllables(10.0))
    assert speech.pauses == [] and speech.span == pytest.approx((0.0, 10.0), abs=0.1)


def test_steady_noise_is_not_speech_however_loud():
    for noise in (0.003, 0.05):  # a quiet room at -50 dBFS, a fan at -26
        assert analyse(quiet(5.0, noise)).span is None, noise


def test_quiet_speech_over_a_quiet_floor_is_still_speech():
    samples = join(
        quiet(1.0, 0.0003), tone(2.0, amp=0.005), quiet(2.0, 0.0003), tone(1.0, amp=0.005)
    )
    speech = analyse(samples)  # speech at about -50 dBFS, noise at -70
    assert speech.span == pytest.approx((1.0, 6.0), abs=0.05)
    assert [round(p.length, 1) for p in speech.pauses] == [2.0]


def test_pause_as_saved():
    assert Pause(3.014, 2.0049).to_dict() == {"start": 3.01, "length": 2.0}


def test_levels_and_the_meter():
    assert audio.level_db(np.full(1600, 0.5, dtype=np.float32)) == pytest.approx(-6.02, abs=0.01)
    assert audio.level_db(np.zeros(1600, dtype=np.float32)) == audio.FLOOR_DB
    assert audio.level_db(np.zeros(0, dtype=np.float32)) == audio.FLOOR_DB
    assert audio.meter(-60.0) == 0.0 and audio.meter(0.0) == 1.0
    assert audio.meter(-30.0) == pytest.approx(0.5)
    assert audio.meter(-90.0) == 0.0 and audio.meter(6.0) == 1.0


def test_wav_written_and_read_back(tmp_path):
    samples = join(tone(1.0), quiet(0.5))
    path = tmp_path / "a.wav"
    audio.write_wav(path, samples)
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
    back = audio.decode(path)
    assert len(back) == len(samples)
    assert np.max(np.abs(back - samples)) < 1e-3


def test_other_rates_and_stereo_are_brought_to_16k_mono(tmp_path):
    rate = 44_100
    t = np.arange(rate * 2) / rate
    left = (0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype("<i2")
    stereo = np.stack([left, left], axis=1)
    path = tmp_path / "stereo.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(stereo.tobytes())
    back = audio.decode(path)
    assert len(back) == 2 * RATE
    assert audio.level_db(back) == pytest.approx(20 * np.log10(0.3 / np.sqrt(2)), abs=0.3)


def test_a_file_that_is_not_audio_is_refused_with_a_reason(tmp_path):
    junk = tmp_path / "notes.wav"
    junk.write_text("this is not a recording\n")
    with pytest.raises(AudioError, match="not an audio file"):
        audio.decode(junk)


def test_the_committed_fixture_has_its_pause_where_it_was_put():
    # make_fixtures.sh puts 2.5 s of silence between two spoken parts.
    samples = audio.decode(FIXTURES / "pause-and-fillers.wav")
    pauses = analyse(samples).pauses
    assert len(pauses) == 1
    assert 2.5 <= pauses[0].length <= 3.5
    assert analyse(audio.decode(FIXTURES / "plain.wav")).pauses == []
    assert analyse(audio.decode(FIXTURES / "silence.wav")).span is None
