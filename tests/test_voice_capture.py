"""Sources of a spoken answer: a recording played back on a clock, and the microphone
through a stand-in for sounddevice (no test opens a real microphone)."""

from __future__ import annotations

import sys
import types

import pytest

from tests.voice_support import need_voice

need_voice(module=True)

import numpy as np  # noqa: E402

from salesops_drill.errors import UsageError  # noqa: E402
from salesops_drill.voice.audio import FLOOR_DB, RATE  # noqa: E402
from salesops_drill.voice.capture import Microphone, check_microphone  # noqa: E402
from salesops_drill.voice.sources import Playback  # noqa: E402


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_playback_follows_the_clock_and_ends_with_the_recording():
    loud = np.full(RATE, 0.5, dtype=np.float32)
    samples = np.concatenate([np.zeros(RATE, dtype=np.float32), loud])  # 1 s quiet, 1 s loud
    clock = FakeClock()
    played = Playback(samples, clock)
    assert not played.finished and played.level() == FLOOR_DB
    played.start()
    clock.now += 0.5
    assert played.level() == FLOOR_DB and not played.finished
    clock.now += 1.0
    assert played.level() == pytest.approx(-6.0, abs=0.1)
    clock.now += 1.0
    assert played.finished
    assert len(played.stop()) == 2 * RATE


def test_playback_stopped_early_keeps_what_was_played():
    clock = FakeClock()
    played = Playback(np.zeros(5 * RATE, dtype=np.float32), clock)
    played.start()
    clock.now += 1.25
    assert len(played.stop()) == int(1.25 * RATE)
    clock.now += 3
    assert len(played.stop()) == int(1.25 * RATE)  # stopping twice changes nothing


def fake_sounddevice(rates: tuple[int, ...], blocks: int = 20) -> types.ModuleType:
    """sounddevice with one input device that takes only ``rates``; starting a stream
    delivers ``blocks`` blocks of a tone to the callback, as PortAudio's thread would."""
    module = types.ModuleType("sounddevice")

    class PortAudioError(Exception):
        pass

    class InputStream:
        def __init__(self, samplerate, channels, dtype, blocksize, callback):
            if samplerate not in rates:
                raise PortAudioError("Invalid sample rate")
            assert channels == 1 and dtype == "float32"
            self.rate, self.size, self.callback = samplerate, blocksize, callback
            self.closed = False

        def start(self):
            t = np.arange(self.size * blocks) / self.rate
            tone = (0.25 * np.sin(2 * np.pi * 200 * t)).astype(np.float32)
            for block in tone.reshape(blocks, self.size):
                self.callback(block.reshape(-1, 1), self.size, None, None)

        def stop(self):
            pass

        def close(self):
            self.closed = True

    def query_devices(device=None, kind=None):
        return {"name": "Fake mic", "max_input_channels": 1, "default_samplerate": 48000.0}

    module.PortAudioError = PortAudioError  # type: ignore[attr-defined]
    module.InputStream = InputStream  # type: ignore[attr-defined]
    module.query_devices = query_devices  # type: ignore[attr-defined]
    return module


def test_the_microphone_records_blocks_and_reports_their_level(monkeypatch):
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice((16_000, 48_000)))
    assert check_microphone()["name"] == "Fake mic"
    mic = Microphone()
    assert mic.level() == FLOOR_DB and not mic.finished
    mic.start()
    assert mic.level() == pytest.approx(20 * np.log10(0.25 / np.sqrt(2)), abs=0.5)
    samples = mic.stop()
    assert len(samples) == 20 * int(RATE * 0.05)  # twenty 50 ms blocks at 16 kHz
    assert samples.dtype == np.float32


def test_a_microphone_without_16k_is_recorded_at_its_own_rate_and_resampled(monkeypatch):
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice((48_000,)))
    mic = Microphone()
    mic.start()
    samples = mic.stop()
    assert len(samples) == pytest.approx(20 * 0.05 * RATE, abs=2)  # one second at 16 kHz


def test_a_microphone_that_cannot_record_at_all_is_one_message(monkeypatch):
    monkeypatch.setitem(sys.modules, "sounddevice", fake_sounddevice(()))
    with pytest.raises(UsageError, match="cannot record from the microphone: Invalid sample"):
        Microphone().start()
