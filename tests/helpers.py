"""Small helpers shared by tests: invoking the CLI, writing content files."""

from __future__ import annotations

import textwrap
from pathlib import Path

from typer.testing import CliRunner

from salesops_drill.cli import app


def run(*args: str, input: str | None = None):
    """Invoke ``drill ARGS`` in-process; stdout and stderr kept apart."""
    return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


GOOD_QUESTION = """
questions:
  - id: q-test-one
    prompt: How would you cut the sales cycle?
    category: problem-solving
    roles: [manager]
    difficulty: 2
    what_it_tests: Structured thinking about cycle length.
    key_points:
      - label: Measure first
        keywords: [baseline, measure]
      - label: Find the slow stage
        keywords: [bottleneck, stage]
      - label: Pilot a fix
        keywords: [pilot, test]
    model_answer:
      steps: [Measure, Find, Fix]
    follow_ups: [What would you measure?]
"""
