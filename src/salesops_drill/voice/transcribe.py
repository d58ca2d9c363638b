"""Offline speech recognition: where the Whisper model is, checking it, and transcribing.

Pure core, no terminal. faster-whisper (CTranslate2, int8 on the CPU) runs an English
Whisper model. The model is a CTranslate2 model directory: one the user names
(``--model DIR`` or the ``voice_model`` setting), or the default one, downloaded into
the data dir on first use. A named directory is checked before loading, since
faster-whisper takes any path that does not exist for a model name on the Hugging Face
hub and would try to download it.

Decoding settings, measured on speech of known text: beam search of 5 (greedy decoding
drops "um" and "uh"), and no initial prompt (a prompt made the model drop whole
sentences).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesops_drill.errors import DrillError, UsageError

if TYPE_CHECKING:
    import numpy as np

#: The model downloaded when none is given: Whisper tiny, English only (~75 MB).
DEFAULT_MODEL = "tiny.en"
#: Where the default model is published (faster-whisper's own conversions).
DEFAULT_REPO = "Systran/faster-whisper-tiny.en"
#: The files a CTranslate2 Whisper model directory needs (and may have).
REQUIRED_FILES = ("model.bin", "config.json")
TOKENIZER_FILES = ("tokenizer.json", "vocabulary.txt", "vocabulary.json")
DOWNLOAD_PATTERNS = [
    "config.json",
    "preprocessor_config.json",
    "model.bin",
    "tokenizer.json",
    "vocabulary.*",
]
BEAM_SIZE = 5
LANGUAGE = "en"
#: The setting that names a model directory.
SETTING = "voice_model"


@dataclass(frozen=True)
class ModelChoice:
    """The model to use: its directory, and whether it still has to be downloaded."""

    path: Path
    #: Where the choice came from: "--model", "the voice_model setting" or "default".
    source: str
    missing: bool = False


def model_problem(path: Path) -> str | None:
    """Why ``path`` is not a usable CTranslate2 Whisper model directory (None: it is)."""
    if not path.exists():
        return "does not exist"
    if not path.is_dir():
        return "is not a directory (give the folder that holds model.bin)"
    absent = [name for name in REQUIRED_FILES if not (path / name).is_file()]
    if absent:
        return f"is not a CTranslate2 Whisper model: no {' or '.join(absent)} in it"
    if not any((path / name).is_file() for name in TOKENIZER_FILES):
        return "is not a complete Whisper model: no tokenizer.json or vocabulary file in it"
    return None


def default_model_dir(data_dir: Path) -> Path:
    return data_dir / "models" / f"faster-whisper-{DEFAULT_MODEL}"


def choose_model(given: Path | None, setting: str | None, data_dir: Path) -> ModelChoice:
    """The model directory to use, checked. ``given`` (``--model``) wins over the
    setting, which wins over the default; a given or set directory must be a model
    (UsageError otherwise), the default one may still be missing (to be downloaded)."""
    for value, source in ((given, "--model"), (setting, f"the {SETTING} setting")):
        if value is None or str(value).strip() == "":
            continue
        path = Path(str(value)).expanduser()
        problem = model_problem(path)
        if problem is not None:
            raise UsageError(f"speech model {path} ({source}) {problem}")
        return ModelChoice(path, source)
    path = default_model_dir(data_dir)
    return ModelChoice(path, "default", missing=model_problem(path) is not None)


def download_default(dest: Path, progress: bool = True) -> Path:
    """Download the default model into ``dest`` (with progress bars on stderr).

    Files go to a temporary folder beside ``dest`` and are moved into place only when
    all of them arrived, so an interrupted download is never taken for a model. Raises
    DrillError with what to do when there is no connection.
    """
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=".download-", dir=dest.parent))
    try:
        kwargs: dict[str, Any] = {"local_dir": str(partial), "allow_patterns": DOWNLOAD_PATTERNS}
        if not progress:
            from tqdm.auto import tqdm

            class _Quiet(tqdm):  # type: ignore[misc,valid-type]
                def __init__(self, *args: Any, **kw: Any) -> None:
                    kw["disable"] = True
                    super().__init__(*args, **kw)

            kwargs["tqdm_class"] = _Quiet
        try:
            snapshot_download(DEFAULT_REPO, **kwargs)
        except LocalEntryNotFoundError:
            raise DrillError(offline_message(dest), exit_code=2) from None
        except OSError as exc:  # a full disk, a refused connection
            raise DrillError(
                f"could not download the speech model ({exc.strerror or exc}): "
                + give_model_hint(),
                exit_code=2,
            ) from None
        shutil.rmtree(partial / ".cache", ignore_errors=True)  # the hub's bookkeeping
        problem = model_problem(partial)
        if problem is not None:
            raise DrillError(f"the downloaded speech model {problem}", exit_code=2)
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(partial, dest)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return dest


def give_model_hint() -> str:
    return (
        "give a CTranslate2 Whisper model folder with --model DIR "
        f"(or 'drill config set {SETTING} DIR')"
    )


def offline_message(dest: Path) -> str:
    return (
        f"the speech model ({DEFAULT_MODEL}, ~75 MB) is not downloaded yet and cannot be "
        f"fetched now (offline?): connect once and run again to download it into {dest}, "
        f"or {give_model_hint()}"
    )


class Transcriber:
    """A loaded Whisper model; :meth:`transcribe` turns samples into text."""

    def __init__(self, path: Path, threads: int = 0) -> None:
        from faster_whisper import WhisperModel

        self.path = path
        try:
            self._model = WhisperModel(
                str(path), device="cpu", compute_type="int8", cpu_threads=threads
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise UsageError(f"speech model {path} could not be loaded: {exc}") from None

    def transcribe(
        self, samples: np.ndarray, on_progress: Callable[[float], None] | None = None
    ) -> str:
        """The text of ``samples`` (float32, 16 kHz mono). ``on_progress`` is called with
        the seconds of audio done so far, as segments come in."""
        if len(samples) == 0:
            return ""
        segments, _info = self._model.transcribe(
            samples,
            language=LANGUAGE,
            beam_size=BEAM_SIZE,
            initial_prompt=None,
            vad_filter=False,
        )
        parts = []
        for segment in segments:
            parts.append(segment.text.strip())
            if on_progress is not None:
                on_progress(float(segment.end))
        return " ".join(p for p in parts if p)
