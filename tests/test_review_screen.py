"""Word wrapping for the review screen (the screen itself is tested in tests/e2e)."""

from __future__ import annotations

from salesops_drill.ui.review_frame import wrap


def test_wrap_breaks_on_words_and_keeps_indentation():
    text = (
        "  • A key point that is long enough to need wrapping onto a second line\n    2. Step two"
    )
    lines = [line for _, line in wrap("", text, 30)]
    assert all(len(line) <= 30 for line in lines)
    assert lines[0].startswith("  • ") and lines[1].startswith("    ")  # under the text
    assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert lines[-1] == "    2. Step two"


def test_wrap_keeps_blank_lines_and_literal_text():
    lines = wrap("s", "[red]x[/]\n\nsecond", 40)
    assert lines == [("s", "[red]x[/]"), ("s", ""), ("s", "second")]
