"""From a recording to a saved answer: the files ``--audio`` names, transcription and
delivery, and what is stored with the answer. Pure core, no terminal.

The transcript is the answer's text, graded exactly as a typed answer is; delivery
(pace, fillers, pauses, the kept WAV's name) is saved beside the grader's feedback
under ``"voice"`` in the answer's feedback JSON, which older versions of drill ignore.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from salesops_drill.errors import UsageError
from salesops_drill.voice.delivery import Delivery, assess

if TYPE_CHECKING:
    import numpy as np

    from salesops_drill.bank import Question
    from salesops_drill.interview import Answered, InterviewSession
    from salesops_drill.voice.transcribe import Transcriber

#: Files a folder given to ``--audio`` is read for (any of them PyAV can decode).
AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".m4a", ".ogg", ".opus", ".webm", ".aac")
#: The largest audio file read: about 30 minutes of CD-quality WAV.
MAX_AUDIO_BYTES = 400 * 1024 * 1024
#: Where ``--keep-audio`` keeps recordings, inside the data dir.
RECORDINGS_DIR = "recordings"
#: The key the voice data is saved under in an answer's feedback JSON.
FEEDBACK_KEY = "voice"


@dataclass(frozen=True)
class SpokenAnswer:
    transcript: str
    delivery: Delivery
    #: The answer's time: how long the recording ran.
    seconds: float
    #: The recording (float32 at 16 kHz), kept until the answer is saved.
    samples: np.ndarray


def audio_files(given: Sequence[Path]) -> list[Path]:
    """The recordings ``--audio`` names, in answer order: each file as given, each
    folder's audio files by name (``answer2`` before ``answer10``). UsageError for a
    path that is missing, unreadable, not audio, or too large."""
    out: list[Path] = []
    for path in given:
        if path.is_dir():
            found = sorted(
                (p for p in path.iterdir() if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file()),
                key=_natural,
            )
            if not found:
                raise UsageError(
                    f"--audio {path}: no audio files in the folder ({', '.join(AUDIO_SUFFIXES)})"
                )
            out += found
        elif not path.exists():
            raise UsageError(f"--audio {path}: no such file or folder")
        elif not path.is_file():
            raise UsageError(f"--audio {path}: not a regular file")
        else:
            out.append(path)
    for path in out:
        size = path.stat().st_size
        if size > MAX_AUDIO_BYTES:
            raise UsageError(
                f"--audio {path}: {size / 2**20:.0f} MB; a recording may be at most "
                f"{MAX_AUDIO_BYTES // 2**20} MB"
            )
        if not os.access(path, os.R_OK):
            raise UsageError(f"--audio {path}: not readable")
    return out


def _natural(path: Path) -> list[object]:
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", path.name)]


def load(path: Path) -> np.ndarray:
    """A recording's samples; UsageError naming the file when it cannot be read."""
    from salesops_drill.voice.audio import AudioError, decode

    try:
        return decode(path)
    except AudioError as exc:
        raise UsageError(f"--audio {path}: {exc}") from None
    except OSError as exc:
        raise UsageError(f"--audio {path}: cannot read it ({exc.strerror or exc})") from None


def hear(
    samples: np.ndarray,
    transcriber: Transcriber,
    seconds: float | None = None,
    on_progress: Callable[[float], None] | None = None,
) -> SpokenAnswer:
    """Transcribe a recording and measure its delivery.

    A recording with no speech in it (a muted microphone) is not sent to the model,
    which would invent a sentence for silence: its transcript is empty.
    """
    from salesops_drill.voice.audio import RATE, analyse

    speech = analyse(samples)
    text = transcriber.transcribe(samples, on_progress) if speech.span else ""
    delivery = assess(text, speech)
    seconds = seconds if seconds is not None else len(samples) / RATE
    return SpokenAnswer(text, delivery, seconds, samples)


def recording_path(data_dir: Path, session_id: int, position: int) -> Path:
    """Where ``--keep-audio`` keeps an answer's recording: unique per session and answer."""
    folder = data_dir / RECORDINGS_DIR
    path = folder / f"session-{session_id}-answer-{position}.wav"
    n = 2
    while path.exists():  # a store restored from an older backup reuses session ids
        path = folder / f"session-{session_id}-answer-{position}-{n}.wav"
        n += 1
    return path


def save(
    session: InterviewSession,
    question: Question,
    spoken: SpokenAnswer,
    limit: int | None,
    keep_in: Path | None = None,
    stopped: bool = False,
) -> tuple[Answered, Delivery]:
    """Grade and save the transcript as the answer, then its delivery beside it
    (:func:`save_delivery`). ``stopped``: the interview was stopped during the recording."""
    done = session.answer(question, spoken.transcript, spoken.seconds, limit, stopped=stopped)
    return done, save_delivery(session, done, spoken, keep_in)


def save_delivery(
    session: InterviewSession, done: Answered, spoken: SpokenAnswer, keep_in: Path | None
) -> Delivery:
    """After the answer is saved: with ``keep_in`` (``--keep-audio``, the data dir), write
    the recording there as a WAV named after the session and answer; then save the
    delivery (naming that WAV) in the answer's feedback. The WAV is written only now
    because a session has its id once its first answer is saved. Nothing is written for
    a session that is not saved (``--no-save``). Returns the delivery to show."""
    delivery = spoken.delivery
    if session.store is None or done.answer_id is None or session.session_id is None:
        return delivery
    if keep_in is not None:
        from salesops_drill.voice.audio import write_wav

        path = recording_path(keep_in, session.session_id, len(session.answered))
        path.parent.mkdir(parents=True, exist_ok=True)
        write_wav(path, spoken.samples)
        delivery = replace(delivery, audio_file=path.name)
    session.store.update_feedback(done.answer_id, {FEEDBACK_KEY: delivery.to_dict()})
    return delivery


def saved_delivery(feedback: object) -> Delivery | None:
    """The delivery saved with an answer (None: typed, or unreadable)."""
    if not isinstance(feedback, dict):
        return None
    data = feedback.get(FEEDBACK_KEY)
    if not isinstance(data, dict):
        return None
    try:
        return Delivery.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return None


def questions_by_name(
    files: Sequence[Path], find: Callable[[str], Question | None]
) -> list[Question] | None:
    """When every file is named after a question id (``q-mgr-forecast.wav``), those
    questions, in file order; else None (the files answer the planned questions in
    order)."""
    found = [find(p.stem) for p in files]
    if files and all(q is not None for q in found):
        return [q for q in found if q is not None]
    return None
