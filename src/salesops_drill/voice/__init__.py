"""Spoken answers: recording or reading audio, transcribing it offline, and delivery
feedback (pace, filler words, long pauses).

Everything here needs the optional ``voice`` extra (faster-whisper, which brings numpy,
and sounddevice for the microphone) and is imported only when ``--voice`` or ``--audio``
is given, so the default install and start-up never load it. :func:`require` says
which command installs what is missing.
"""

from __future__ import annotations

from salesops_drill.errors import UsageError

#: How to get the extra, said whenever it is missing.
INSTALL_HINT = (
    "install the voice extra: pip install 'salesops-drill[voice]' "
    "(from a source folder: pip install '.[voice]')"
)


def require(option: str, microphone: bool = False) -> None:
    """Raise UsageError (exit 2) naming the install command when the speech recogniser,
    or with ``microphone`` the audio capture library, is not installed."""
    missing = []
    try:
        import faster_whisper  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        missing.append("faster-whisper")
    if microphone:
        try:
            import sounddevice  # noqa: F401
        except ImportError:
            missing.append("sounddevice")
        except OSError:
            pass  # installed, but PortAudio is not: capture.check_microphone says so
    if missing:
        raise UsageError(f"{option} needs {' and '.join(missing)}: {INSTALL_HINT}")
