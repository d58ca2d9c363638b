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


def card_item(i: int, roles: str = "[rep, manager]", tags: str = "", prefix: str = "c-card") -> str:
    """One generated card of a user bank, as its YAML list item (six lines)."""
    return (
        f"  - id: {prefix}-{i:03d}\n"
        f"    front: What is metric {i}?\n"
        f"    back: >-\n      Metric {i} is the share of deals\n      that close.\n"
        f"    roles: {roles}\n"
        f"    tags: {tags or f'[kpi, t{i % 3}]'}\n"
    )


def card_bank(n: int, start: int = 0, prefix: str = "c-card") -> str:
    """A user bank of ``n`` generated cards (see :func:`card_item`)."""
    items = (card_item(i, prefix=prefix) for i in range(start, start + n))
    return "# My bank\ncards:\n" + "\n".join(items)
