"""What the ``drill review`` screen shows, as rows of (style, text) fragments.

Kept free of prompt_toolkit, so the first frame can be drawn before prompt_toolkit is
imported (:mod:`salesops_drill.ui.first_frame`), and laid out exactly as the live
screen (:mod:`salesops_drill.ui.review_screen`) lays it out: both draw from this.

The screen is three stacked parts: the counter bar on top, the card in the middle
(scrolled when it is taller than the room left), and the keys at the bottom, under a
line kept for the scroll hint. Styles are class names ("class:front"), which the live
screen maps to colours and :mod:`first_frame` to escape codes.
"""

from __future__ import annotations

import textwrap
import unicodedata
from typing import TYPE_CHECKING

from salesops_drill.safe_text import visible
from salesops_drill.scheduler import RATINGS

if TYPE_CHECKING:
    from salesops_drill.review import ReviewSession

#: (style, text): what prompt_toolkit calls a fragment.
Fragment = tuple[str, str]
Row = list[Fragment]

#: Style class -> style, in prompt_toolkit's words (the live screen's ``Style``);
#: first_frame.py turns the same words into escape codes.
STYLES: dict[str, str] = {
    "bar": "reverse",
    "new": "fg:ansiblue bold",
    "learning": "fg:ansired bold",
    "review": "fg:ansigreen bold",
    "kind": "fg:ansibrightblack",
    "front": "bold",
    "rule": "fg:ansibrightblack",
    "key": "bold reverse",
    "again": "fg:ansired",
    "good": "fg:ansigreen",
    "note": "fg:ansiyellow",
}


def cells(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide East Asian characters take two,
    combining marks none."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def wrap(style: str, text: str, width: int) -> list[Fragment]:
    """Word-wrap each line of ``text``, keeping its indentation on continuation lines."""
    out: list[Fragment] = []
    # prompt_toolkit shows ESC as ^[ itself; one function shows every control alike.
    for line in visible(text).splitlines() or [""]:
        stripped = line.lstrip(" ")
        indent = " " * (len(line) - len(stripped))
        bullet = indent + ("  " if stripped[:2] in ("• ", "- ") else "")
        if stripped[:1].isdigit() and ". " in stripped[:4]:
            bullet = indent + " " * (stripped.index(". ") + 2)
        pieces = textwrap.wrap(
            stripped,
            width=max(10, width - len(indent)),
            initial_indent="",
            subsequent_indent=bullet[len(indent) :],
            break_long_words=True,
            break_on_hyphens=False,
        ) or [""]
        out += [(style, indent + piece) for piece in pieces]
    return out


def flow(groups: list[Row], width: int, gap: int = 3) -> list[Row]:
    """Lay ``groups`` (a key and its label, say) left to right, ``gap`` spaces apart,
    starting a new row where the next would pass ``width``: never split inside one."""
    rows: list[Row] = [[]]
    used = 0
    for group in groups:
        size = sum(cells(text) for _, text in group)
        if rows[-1] and used + gap + size > width:
            rows.append([])
            used = 0
        if rows[-1]:
            rows[-1].append(("", " " * gap))
            used += gap
        rows[-1] += group
        used += size
    return rows


def join_rows(rows: list[Row]) -> Row:
    out: Row = []
    for i, row in enumerate(rows):
        out += [("", "\n")] if i else []
        out += row
    return out


class ReviewFrame:
    """The review screen's state (answer shown, note, scroll) and what it draws.

    ``columns`` and ``rows`` are the terminal's size; text is wrapped one column short
    of the width, so the last column stays free.
    """

    def __init__(self, session: ReviewSession, studying: str = "") -> None:
        """``studying``: which role(s) the session covers, for the header line."""
        self.session = session
        self.studying = studying
        self.revealed = False
        self.note = ""
        self.scroll = 0  # first card line shown, for answers taller than the screen
        self.more_below = False
        self.more_above = False

    @staticmethod
    def width(columns: int) -> int:
        return max(20, columns - 1)

    def top_rows(self, columns: int) -> list[Row]:
        """The counter bar, flowed onto as many rows as the width needs."""
        counts = self.session.counts
        done = len(self.session.rated)
        groups: list[Row] = [
            [("class:bar", " drill review ")],
            [("class:new", f"New {counts.get('new', 0)}")],
            [("class:learning", f"Learning {counts.get('learning', 0)}")],
            [("class:review", f"Review {counts.get('review', 0)}")],
            [("", f"done {done}")],
        ]
        return flow(groups, self.width(columns))

    def card_lines(self, columns: int) -> list[Fragment]:
        """The card as (style, line) pairs, wrapped at word boundaries."""
        width = self.width(columns)
        card = self.session.current
        if card is None:
            return [("", ""), ("", "No more cards. Press any key.")]
        kind = "Interview question" if card.kind == "question" else "Concept card"
        lines: list[Fragment] = [("", "")]
        if self.studying:
            lines = wrap("class:kind", f"Studying: {self.studying}", width)
        lines += wrap("class:kind", f"{kind} · {card.id} · {', '.join(card.tags)}", width)
        lines.append(("", ""))
        lines += wrap("class:front", card.front, width)
        if self.revealed:
            lines += [("", ""), ("class:rule", "─" * min(40, width)), ("", "")]
            lines += wrap("", card.back, width)
        if self.note:
            lines += [("", ""), *wrap("class:note", self.note, width)]
        return lines

    def card_height(self, columns: int, rows: int) -> int:
        """Rows for the card: what the bar, the hint line and the keys leave."""
        return max(3, rows - len(self.top_rows(columns)) - 1 - len(self.key_rows(columns)))

    def card_rows(self, columns: int, rows: int) -> list[Fragment]:
        """The card lines that fit, from the scroll position (kept within range)."""
        lines = self.card_lines(columns)
        height = self.card_height(columns, rows)
        self.scroll = max(0, min(self.scroll, len(lines) - height))
        self.more_below = self.scroll + height < len(lines)
        self.more_above = self.scroll > 0
        return lines[self.scroll : self.scroll + height]

    def key_rows(self, columns: int) -> list[Row]:
        """The keys, each with its label, flowed onto as many rows as the width needs:
        at 60 columns the four ratings take one row and undo and quit the next."""
        keys: list[Row] = []
        if self.session.current is not None and not self.revealed:
            keys.append([("class:key", " Space "), ("", " show answer")])
        elif self.session.current is not None:
            for rating, interval in self.session.previews().items():
                keys.append([("class:key", f" {rating} "), ("", f" {RATINGS[rating]} {interval}")])
        keys += [[("class:key", " u "), ("", " undo")], [("class:key", " q "), ("", " quit")]]
        return flow(keys, self.width(columns))

    def hint_row(self) -> Row:
        """The scroll hint, when the card is taller than its room (after card_rows)."""
        if not (self.more_below or self.more_above):
            return []
        arrow = "↓ more below" if self.more_below else "↑ more above"
        return [("class:note", f"{arrow}  "), ("class:key", " ↑ ↓ "), ("", " scroll")]

    def screen(self, columns: int, rows: int) -> list[Row]:
        """Every row of the screen, top to bottom: ``rows`` of them (the card's room
        padded with empty rows, so the keys sit at the bottom)."""
        top = self.top_rows(columns)
        card = [[line] for line in self.card_rows(columns, rows)]
        card += [[] for _ in range(self.card_height(columns, rows) - len(card))]
        return [*top, *card, self.hint_row(), *self.key_rows(columns)][:rows]
