"""Recorded answers as samples: reading and writing them, their level, and long pauses.

Pure core, no terminal. Samples are mono float32 in -1..1 (numpy, which the voice extra
brings with faster-whisper). Speech recognisers under-report pauses (a word's timestamps
stretch over the silence after it), so pauses are measured here on the audio itself:
the signal is cut into short frames, each frame's energy is taken in dB, and a pause is
a run of frames below a threshold that lasts over :data:`PAUSE_MIN_S`.

The threshold adapts to the recording (a laptop microphone in a quiet room and a headset
in a café have very different noise floors): it sits :data:`THRESHOLD_SHARE` of the way
from the recording's noise floor up to its speech level, both read as percentiles of
the frame levels.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

#: The sample rate Whisper models take; recordings are resampled to it.
RATE = 16_000
#: Frame length for levels and pauses: short enough to find the edges of words.
FRAME_S = 0.02
#: A pause is silence longer than this, between two stretches of speech.
PAUSE_MIN_S = 1.5
#: Sound shorter than this inside a silence (a click, a breath) does not end a pause.
BLIP_MAX_S = 0.15
#: Levels are clamped here: digital silence would otherwise be minus infinity.
FLOOR_DB = -80.0
#: Below this speech level the recording holds no speech at all (a muted microphone).
SILENT_DB = -60.0
#: Speech rises and falls by far more than this between syllables and breaths; a
#: recording whose levels stay within it is steady noise (a fan, a hum), not speech.
MIN_RANGE_DB = 10.0
#: Where between the noise floor (0) and the speech level (1) the threshold sits.
THRESHOLD_SHARE = 0.3
#: The percentiles of frame levels read as the noise floor and the speech level.
NOISE_PERCENTILE, SPEECH_PERCENTILE = 10, 95
#: The longest recording read: far longer than any answer, and bounded so that a wrong
#: file (an hour-long podcast) is refused instead of filling memory.
MAX_SECONDS = 30 * 60


@dataclass(frozen=True)
class Pause:
    """A long silence inside the answer: where it starts and how long it lasts (s)."""

    start: float
    length: float

    def to_dict(self) -> dict[str, float]:
        return {"start": round(self.start, 2), "length": round(self.length, 2)}


@dataclass(frozen=True)
class Speech:
    """What the audio itself says about an answer."""

    duration: float
    #: From the first frame of speech to the last (None: no speech found).
    span: tuple[float, float] | None
    pauses: list[Pause]

    @property
    def speaking_time(self) -> float:
        return self.span[1] - self.span[0] if self.span else 0.0


class AudioError(Exception):
    """A file that cannot be read as a recording (the message says why)."""


def decode(path: Path) -> np.ndarray:
    """A recording as mono float32 samples at :data:`RATE`.

    WAV in 16-bit PCM (what drill writes, and most recorders) is read directly; any
    other file goes through PyAV (bundled with faster-whisper), so MP3, M4A, FLAC and
    float WAV work too. Raises AudioError with a reason.
    """
    try:
        return read_wav(path)
    except (wave.Error, EOFError, _NotPcm16):
        pass
    from faster_whisper.audio import decode_audio

    try:
        samples = decode_audio(str(path), sampling_rate=RATE)
    except Exception as exc:  # PyAV raises its own error types for every bad input
        raise AudioError(f"not an audio file drill can read ({_reason(exc)})") from None
    _check_length(len(samples) / RATE)
    return samples


class _NotPcm16(Exception):
    pass


def read_wav(path: Path) -> np.ndarray:
    """A 16-bit PCM WAV file as mono float32 samples at :data:`RATE` (resampled if
    need be). Raises wave.Error for what the stdlib reader cannot read."""
    import numpy as np

    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise _NotPcm16
        channels, rate, frames = w.getnchannels(), w.getframerate(), w.getnframes()
        _check_length(frames / rate if rate else 0)
        raw = w.readframes(frames)
    data = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
    if channels > 1:
        data = data[: len(data) - len(data) % channels].reshape(-1, channels).mean(axis=1)
    return resample(data, rate)


def _check_length(seconds: float) -> None:
    if seconds > MAX_SECONDS:
        raise AudioError(
            f"{seconds / 60:.0f} minutes long; a recorded answer may be at most "
            f"{MAX_SECONDS // 60} minutes"
        )


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:120]


def resample(samples: np.ndarray, rate: int) -> np.ndarray:
    """``samples`` at ``rate`` brought to :data:`RATE` by linear interpolation (enough
    for speech recognition and levels; no-op at the right rate)."""
    import numpy as np

    if rate == RATE or len(samples) == 0:
        return samples.astype(np.float32, copy=False)
    count = int(round(len(samples) * RATE / rate))
    positions = np.arange(count, dtype=np.float64) * (rate / RATE)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def write_wav(path: Path, samples: np.ndarray) -> None:
    """Write ``samples`` (float32 at :data:`RATE`) as a 16-bit mono WAV, atomically."""
    import numpy as np

    from salesops_drill.atomic import write_atomic

    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()

    def write(tmp: Path) -> None:
        with wave.open(str(tmp), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(pcm)

    write_atomic(path, write)


def level_db(samples: np.ndarray) -> float:
    """The RMS level of ``samples`` in dBFS, clamped at :data:`FLOOR_DB`."""
    import numpy as np

    if len(samples) == 0:
        return FLOOR_DB
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return max(FLOOR_DB, 20.0 * np.log10(rms)) if rms > 0 else FLOOR_DB


def meter(db: float) -> float:
    """A level in dBFS as 0..1 for a level meter: -60 dB and below is empty."""
    return min(1.0, max(0.0, (db + 60.0) / 60.0))


def frame_levels(samples: np.ndarray, rate: int = RATE) -> np.ndarray:
    """The level of each :data:`FRAME_S` frame in dBFS (the last partial frame dropped)."""
    import numpy as np

    size = max(1, int(rate * FRAME_S))
    count = len(samples) // size
    if count == 0:
        return np.zeros(0, dtype=np.float64)
    frames = samples[: count * size].astype(np.float64).reshape(count, size)
    rms = np.sqrt(np.mean(np.square(frames), axis=1))
    with np.errstate(divide="ignore"):
        return np.maximum(FLOOR_DB, 20.0 * np.log10(rms))


def threshold(levels: np.ndarray) -> float | None:
    """The level below which a frame is silence, or None when no frame is speech (all
    very quiet, or all at one steady level)."""
    import numpy as np

    if len(levels) == 0:
        return None
    noise = float(np.percentile(levels, NOISE_PERCENTILE))
    speech = float(np.percentile(levels, SPEECH_PERCENTILE))
    if speech < SILENT_DB or speech - noise < MIN_RANGE_DB:
        return None
    return noise + THRESHOLD_SHARE * (speech - noise)


def analyse(samples: np.ndarray, rate: int = RATE, min_pause: float = PAUSE_MIN_S) -> Speech:
    """Where the speech is in a recording, and its long pauses."""
    levels = frame_levels(samples, rate)
    duration = len(samples) / rate
    cut = threshold(levels)
    if cut is None:
        return Speech(duration, None, [])
    loud = [bool(x) for x in levels >= cut]
    runs = _runs(loud)
    blip = int(round(BLIP_MAX_S / FRAME_S))
    # A short burst of sound inside silence (a click, a breath) is not speech.
    speech_runs = [(start, end) for is_loud, start, end in runs if is_loud and end - start > blip]
    if not speech_runs:
        return Speech(duration, None, [])
    pauses = []
    for (_, prev_end), (next_start, _) in zip(speech_runs, speech_runs[1:], strict=False):
        length = (next_start - prev_end) * FRAME_S
        if length > min_pause:
            pauses.append(Pause(prev_end * FRAME_S, length))
    span = (speech_runs[0][0] * FRAME_S, speech_runs[-1][1] * FRAME_S)
    return Speech(duration, span, pauses)


def _runs(flags: list[bool]) -> list[tuple[bool, int, int]]:
    """(value, first index, index after the last) for each run of equal values."""
    out: list[tuple[bool, int, int]] = []
    start = 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            out.append((flags[start], start, i))
            start = i
    return out
