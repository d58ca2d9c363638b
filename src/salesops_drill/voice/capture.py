"""The microphone, through sounddevice (PortAudio): checked before an interview starts,
then recorded answer by answer. No terminal code here.

sounddevice's wheels bundle PortAudio on macOS and Windows; on Linux it needs the
system's library (``libportaudio2``), and importing it without one raises OSError.
Either problem, or no input device, is one line and exit 2 before any question is
asked (:func:`check_microphone`).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from salesops_drill.errors import UsageError
from salesops_drill.voice.audio import FLOOR_DB, RATE, level_db, resample

if TYPE_CHECKING:
    import numpy as np

NO_PORTAUDIO = (
    "--voice needs PortAudio, the audio library sounddevice records with, and it is not "
    "installed (Debian/Ubuntu: sudo apt install libportaudio2; Fedora: sudo dnf install "
    "portaudio; macOS: brew install portaudio); or answer from recordings with --audio FILE.wav"
)
NO_MICROPHONE = (
    "--voice found no microphone (no audio input device{detail}): connect one, or answer "
    "from recordings with --audio FILE.wav"
)
#: Blocks of this length are delivered by PortAudio: the level meter's refresh.
BLOCK_S = 0.05


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError:
        raise UsageError(NO_PORTAUDIO) from None
    return sounddevice


def check_microphone() -> dict[str, Any]:
    """The default input device's description; UsageError (exit 2) when there is none."""
    sd = _sounddevice()
    try:
        info = sd.query_devices(kind="input")
    except (sd.PortAudioError, ValueError) as exc:
        detail = f": {exc}" if str(exc) else ""
        raise UsageError(NO_MICROPHONE.format(detail=detail)) from None
    if not info or int(info.get("max_input_channels", 0)) < 1:
        raise UsageError(NO_MICROPHONE.format(detail=""))
    return dict(info)


class Microphone:
    """Records the default input device from :meth:`start` to :meth:`stop`.

    PortAudio calls back from its own thread with each block; the blocks are kept in a
    list and the latest block's level is what the meter shows. Recorded at 16 kHz when
    the device allows it, else at its own rate and resampled on stop.
    """

    def __init__(self) -> None:
        self._sd = _sounddevice()
        self._blocks: list[np.ndarray] = []
        self._lock = threading.Lock()
        self._level = FLOOR_DB
        self._stream: Any = None
        self._rate = RATE
        self._error: str | None = None

    def start(self) -> None:
        sd = self._sd
        try:
            self._stream = self._open(RATE)
        except sd.PortAudioError:
            info = check_microphone()
            self._rate = int(info.get("default_samplerate") or 44_100)
            try:
                self._stream = self._open(self._rate)
            except sd.PortAudioError as exc:
                raise UsageError(f"cannot record from the microphone: {exc}") from None
        self._stream.start()

    def _open(self, rate: int) -> Any:
        return self._sd.InputStream(
            samplerate=rate,
            channels=1,
            dtype="float32",
            blocksize=int(rate * BLOCK_S),
            callback=self._callback,
        )

    def _callback(self, indata: Any, frames: int, time: Any, status: Any) -> None:
        block = indata[:, 0].copy()
        with self._lock:
            self._blocks.append(block)
            self._level = level_db(block)

    def level(self) -> float:
        with self._lock:
            return self._level

    @property
    def finished(self) -> bool:
        return False  # a microphone never runs out

    def stop(self) -> np.ndarray:
        import numpy as np

        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
        with self._lock:
            blocks, self._blocks = self._blocks, []
        samples = np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.float32)
        return resample(samples, self._rate)
