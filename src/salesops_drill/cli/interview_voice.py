"""``drill interview --voice`` and ``--audio``: answers spoken, transcribed offline.

Checks come first, before any question is asked: the voice extra is installed, the
microphone is there (``--voice``), every ``--audio`` file exists, the speech model is a
model (downloaded on first use when it is the default one). ``--audio`` on its own
answers from the recordings without a terminal, like ``--answers``; with ``--voice``
the recordings are played through the live recording screen instead of the microphone.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesops_drill.errors import UsageError

if TYPE_CHECKING:
    import numpy as np

    from salesops_drill.bank import Question
    from salesops_drill.interview import Answered, InterviewSession
    from salesops_drill.library import Library
    from salesops_drill.voice.answers import SpokenAnswer
    from salesops_drill.voice.delivery import Delivery
    from salesops_drill.voice.transcribe import Transcriber


@dataclass
class VoiceOptions:
    """What the voice options asked for, checked."""

    live: bool
    files: list[Path]
    keep_audio: bool
    model: Path | None
    data_dir: Path
    #: Each recording's samples, read before the interview starts so that a file that
    #: is not audio stops it before anything is saved.
    recordings: list[np.ndarray] = field(default_factory=list)
    transcriber: Transcriber | None = field(default=None, init=False)

    @property
    def scripted(self) -> bool:
        """Answers from recordings, without the live screen."""
        return not self.live

    @classmethod
    def check(
        cls,
        voice: bool,
        audio: list[Path],
        keep_audio: bool,
        model: Path | None,
        answers: Path | None,
    ) -> VoiceOptions:
        from salesops_drill import voice as voice_pkg
        from salesops_drill.cli.common import paths
        from salesops_drill.voice.answers import audio_files, load

        if answers is not None:
            raise UsageError("--answers and --voice/--audio do not go together: choose one")
        option = "--voice" if voice else "--audio"
        voice_pkg.require(option, microphone=voice and not audio)
        files = audio_files(audio)
        if voice and not files:
            from salesops_drill.voice.capture import check_microphone

            check_microphone()
        recordings = [load(path) for path in files]
        return cls(voice, files, keep_audio, model, paths().data_dir, recordings)

    def load_model(self, setting: str, quiet: bool = False) -> None:
        """Find the speech model (``--model``, else the voice_model ``setting``, else the
        default one, downloaded on first use) and load it."""
        from salesops_drill.voice.transcribe import Transcriber, choose_model, download_default

        choice = choose_model(self.model, setting, self.data_dir)
        if choice.missing:
            _note(
                f"Downloading the speech model (Whisper tiny.en, ~75 MB) into {choice.path}; "
                "this happens once.",
                quiet,
            )
            download_default(choice.path, progress=not quiet)
        _note("Loading the speech model...", quiet, transient=True)
        self.transcriber = Transcriber(choice.path)

    def questions_by_name(self, lib: Library) -> list[Question] | None:
        from salesops_drill.voice.answers import questions_by_name

        return questions_by_name(self.files, lib.question)

    @property
    def keep_in(self) -> Path | None:
        """Where recordings are kept (``--keep-audio``): the data dir; None: not kept."""
        return self.data_dir if self.keep_audio else None


def voice_options(
    voice: bool,
    audio: list[Path],
    keep_audio: bool,
    model: Path | None,
    answers: Path | None,
    no_save: bool,
) -> VoiceOptions | None:
    """The voice options checked (None: answers are typed or from a file)."""
    if not (voice or audio):
        if keep_audio or model is not None:
            raise UsageError("--keep-audio and --model go with --voice or --audio")
        return None
    if keep_audio and no_save:
        raise UsageError(
            "--keep-audio keeps recordings with the saved session; it cannot go with --no-save"
        )
    return VoiceOptions.check(voice, audio, keep_audio, model, answers)


def _note(text: str, quiet: bool, transient: bool = False) -> None:
    """A progress line on stderr, only where a person reads it."""
    if quiet or not sys.stderr.isatty():
        return
    if transient:
        sys.stderr.write(text + "\r")
        sys.stderr.flush()
        sys.stderr.write(" " * len(text) + "\r")
    else:
        sys.stderr.write(text + "\n")
    sys.stderr.flush()


def run_recordings(
    session: InterviewSession, opts: VoiceOptions, time_limit: int | None, as_json: bool
) -> None:
    """Answer each planned question from its recording, then print the results."""
    from salesops_drill.interview import time_limit_for
    from salesops_drill.voice.answers import hear, save

    assert opts.transcriber is not None
    results: list[tuple[Answered, SpokenAnswer, Delivery, Path]] = []
    total = len(opts.files)
    plan = zip(session.plan.questions, opts.files, opts.recordings, strict=False)
    for position, (q, path, samples) in enumerate(plan, 1):
        limit = time_limit_for(q, time_limit)
        _note(f"Transcribing {path.name} ({position} of {total})...", as_json, transient=True)
        spoken = hear(samples, opts.transcriber)
        done, delivery = save(session, q, spoken, limit, opts.keep_in)
        session.rate(done, None)
        results.append((done, spoken, delivery, path))
    summary = session.finish()
    if as_json:
        from salesops_drill.interview import answer_dict, session_dict
        from salesops_drill.ui.console import print_json

        answers = [
            {
                **answer_dict(d),
                "audio": str(path),
                "transcript": spoken.transcript,
                "voice": delivery.to_dict(),
            }
            for d, spoken, delivery, path in results
        ]
        print_json(session_dict(session, summary, answers))
        return
    from rich.text import Text

    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_interview import (
        ScoreRow,
        feedback_view,
        question_header,
        scorecard,
    )
    from salesops_drill.ui.render_voice import delivery_view, transcript_view

    console = make_console()
    if session.plan.note:
        console.print(Text(session.plan.note, style="yellow"))
    for i, (done, spoken, delivery, path) in enumerate(results, 1):
        console.print(question_header(done.question, i, total, done.feedback.time_limit_s or 0))
        console.print(transcript_view(spoken.delivery, source=path.name))
        console.print(feedback_view(done.question, done.feedback))
        console.print(delivery_view(delivery, opts.data_dir))
    console.print(scorecard([ScoreRow.of(d) for d, _, _, _ in results], summary))
    if session.saved:
        sid = session.session_id
        tail = f"Saved as session {sid}: see 'drill history show {sid}'."
    else:
        tail = "Not saved (--no-save): your progress and history are unchanged."
    console.print(Text(tail))
    sys.stdout.flush()


def settings_record(opts: VoiceOptions | None) -> dict[str, Any]:
    """What the session's saved settings say about voice."""
    if opts is None:
        return {}
    return {"voice": opts.live, "audio_files": len(opts.files), "keep_audio": opts.keep_audio}
