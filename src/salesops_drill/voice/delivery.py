"""How an answer was said: pace, filler words and long pauses.

Pure core, no terminal and no numpy: words per minute and fillers come from the
transcript, pauses from :func:`salesops_drill.voice.audio.analyse` (measured on the
audio, since speech recognisers under-report them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from salesops_drill.voice.audio import PAUSE_MIN_S, Pause, Speech

#: A comfortable speaking pace for an interview answer, in words per minute.
PACE_RANGE = (120, 170)
#: Below this much speech a pace means little ("Yes." in one second is 60 wpm).
PACE_MIN_SECONDS = 5.0
#: The fillers counted in a spoken answer, in the order they are listed.
FILLERS = ("um", "uh", "like", "you know", "so", "basically")
#: "So" opening a sentence is a filler unless it is the start of "so far", "so much"...
_SO_OK = frozenset("far much many long that too".split())
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['\u2019.,-][A-Za-z0-9]+)*")
_TOKEN_RE = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*|[.!?,;:]")


@dataclass(frozen=True)
class Delivery:
    """Delivery feedback on one spoken answer, as saved with it."""

    transcript: str
    #: Length of the recording, and of the speech in it (first word to last), in s.
    duration: float
    speaking_time: float
    words: int
    #: Words per minute of speech (None: too little speech to tell).
    wpm: float | None
    #: "slow", "comfortable" or "fast" against :data:`PACE_RANGE` (None with no pace).
    pace: str | None
    fillers: dict[str, int]
    pauses: list[Pause] = field(default_factory=list)
    #: The WAV kept with ``--keep-audio`` (its file name in the data dir), else None.
    audio_file: str | None = None

    @property
    def filler_count(self) -> int:
        return sum(self.fillers.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "transcript": self.transcript,
            "duration": round(self.duration, 2),
            "speaking_time": round(self.speaking_time, 2),
            "words": self.words,
            "wpm": None if self.wpm is None else round(self.wpm, 1),
            "pace": self.pace,
            "pace_range": list(PACE_RANGE),
            "fillers": dict(self.fillers),
            "filler_count": self.filler_count,
            "pauses": [p.to_dict() for p in self.pauses],
            "pause_min_s": PAUSE_MIN_S,
            "audio_file": self.audio_file,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Delivery:
        """Inverse of :meth:`to_dict`; raises (KeyError, TypeError, ValueError) on a
        dict that is not one."""
        return cls(
            transcript=str(data["transcript"]),
            duration=float(data["duration"]),
            speaking_time=float(data["speaking_time"]),
            words=int(data["words"]),
            wpm=None if data.get("wpm") is None else float(data["wpm"]),
            pace=data.get("pace"),
            fillers={str(k): int(v) for k, v in dict(data.get("fillers") or {}).items()},
            pauses=[Pause(float(p["start"]), float(p["length"])) for p in data.get("pauses", [])],
            audio_file=data.get("audio_file"),
        )


def count_words(transcript: str) -> int:
    """Words said: "20%" and "$2,000" are one word each, as they are spoken as one run."""
    return len(_WORD_RE.findall(transcript))


def pace(words: int, seconds: float) -> tuple[float | None, str | None]:
    """(words per minute, "slow" / "comfortable" / "fast"), or (None, None) when there
    is too little speech to tell."""
    if seconds < PACE_MIN_SECONDS or words == 0:
        return None, None
    wpm = words * 60.0 / seconds
    low, high = PACE_RANGE
    return wpm, "slow" if wpm < low else "fast" if wpm > high else "comfortable"


def count_fillers(transcript: str) -> dict[str, int]:
    """The fillers of :data:`FILLERS` in a transcript, with counts (only those present).

    "um", "uh", "you know", "basically" and a comma-fenced "like" are read as the grader
    reads them in typed answers; "so" counts where it opens a sentence ("So, I think...")
    or stands fenced by a comma ("and so, we"), not in "so far" or "so that".
    """
    from salesops_drill.grading import count_fillers as typed_fillers

    found = typed_fillers(transcript)
    counts = {name: found.get(name, 0) for name in FILLERS}
    counts["so"] = _count_so(transcript)
    return {name: n for name, n in counts.items() if n}


def _count_so(text: str) -> int:
    tokens = [t.casefold() for t in _TOKEN_RE.findall(text)]
    n = 0
    for i, token in enumerate(tokens):
        if token != "so":
            continue
        prev = tokens[i - 1] if i else "."
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if nxt == "," or (prev in ".!?" and nxt not in _SO_OK):
            n += 1
    return n


def assess(transcript: str, speech: Speech, audio_file: str | None = None) -> Delivery:
    """Delivery feedback from a transcript and what the audio says."""
    words = count_words(transcript)
    wpm, verdict = pace(words, speech.speaking_time)
    return Delivery(
        transcript=transcript,
        duration=speech.duration,
        speaking_time=speech.speaking_time,
        words=words,
        wpm=wpm,
        pace=verdict,
        fillers=count_fillers(transcript),
        pauses=list(speech.pauses),
        audio_file=audio_file,
    )


def summary_lines(delivery: Delivery) -> list[str]:
    """Delivery as plain lines (for the Markdown transcript)."""
    low, high = PACE_RANGE
    if delivery.wpm is None:
        pace_line = f"too little speech to measure ({delivery.words} words)"
    else:
        pace_line = f"{delivery.wpm:.0f} words per minute ({delivery.pace}; aim for {low}-{high})"
    fillers = ", ".join(f"{w} x{n}" for w, n in delivery.fillers.items()) or "none"
    pauses = (
        ", ".join(f"{p.length:.1f} s at {_clock(p.start)}" for p in delivery.pauses)
        or "no long pauses"
    )
    out = [f"Pace: {pace_line}", f"Fillers: {fillers}", f"Pauses: {pauses}"]
    if delivery.audio_file:
        out.append(f"Recording: {delivery.audio_file}")
    return out


def _clock(seconds: float) -> str:
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def tips(delivery: Delivery) -> list[str]:
    """One line for each delivery habit worth changing."""
    out = []
    low, high = PACE_RANGE
    if delivery.pace == "fast":
        out.append(f"Slow down: aim for {low}-{high} words per minute, and breathe between points.")
    elif delivery.pace == "slow":
        out.append(f"Pick up the pace a little: {low}-{high} words per minute sounds confident.")
    if delivery.filler_count > 2:
        out.append("Swap filler words for a short silent pause.")
    if delivery.pauses:
        out.append(
            "Long pauses: plan the answer's shape (situation, action, result) before you "
            "start, so you know what comes next."
        )
    return out
