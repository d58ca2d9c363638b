"""The ``drill review`` screen: one card at a time, single keys, nothing lost on exit.

Keys: Space or Enter shows the answer; 1-4 rate it (Again, Hard, Good, Easy); ``u``
undoes the last rating; ``q``, Ctrl-C or Ctrl-D end the session. Each rating is
committed by :class:`~salesops_drill.review.ReviewSession` inside the key handler, before
the next card is drawn, so a kill or a closed terminal loses nothing already rated.

Text from content files goes into prompt_toolkit as plain (style, text) fragments, which
are never parsed as markup.
"""

from __future__ import annotations

import os
import textwrap
from typing import TYPE_CHECKING

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import StyleAndTextTuples, fragment_list_width
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output.color_depth import ColorDepth
from prompt_toolkit.styles import Style

from salesops_drill.safe_text import visible
from salesops_drill.scheduler import RATINGS

if TYPE_CHECKING:
    from salesops_drill.review import ReviewSession

STYLE = Style.from_dict(
    {
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
)


def wrap(style: str, text: str, width: int) -> list[tuple[str, str]]:
    """Word-wrap each line of ``text``, keeping its indentation on continuation lines."""
    out: list[tuple[str, str]] = []
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


def flow(groups: list[StyleAndTextTuples], width: int, gap: int = 3) -> list[StyleAndTextTuples]:
    """Lay ``groups`` (a key and its label, say) left to right, ``gap`` spaces apart,
    starting a new row where the next would pass ``width``: never split inside one."""
    rows: list[StyleAndTextTuples] = [[]]
    used = 0
    for group in groups:
        size = fragment_list_width(group)
        if rows[-1] and used + gap + size > width:
            rows.append([])
            used = 0
        if rows[-1]:
            rows[-1].append(("", " " * gap))
            used += gap
        rows[-1] += group
        used += size
    return rows


def join_rows(rows: list[StyleAndTextTuples]) -> StyleAndTextTuples:
    out: StyleAndTextTuples = []
    for i, row in enumerate(rows):
        out += [("", "\n")] if i else []
        out += row
    return out


class ReviewScreen:
    def __init__(self, session: ReviewSession, studying: str = "") -> None:
        """``studying``: which role(s) the session covers, for the header line."""
        self.session = session
        self.studying = studying
        self.revealed = False
        self.note = ""
        self.scroll = 0  # first card line shown, for answers taller than the screen
        self.error: BaseException | None = None
        self.app: Application[None] = Application(
            layout=Layout(
                HSplit(
                    [
                        Window(
                            FormattedTextControl(self._top),
                            height=lambda: len(self._top_rows()),
                            wrap_lines=True,
                        ),
                        Window(FormattedTextControl(self._card), wrap_lines=True),
                        Window(
                            FormattedTextControl(self._keys),
                            height=lambda: 1 + len(self._key_rows()),
                            wrap_lines=True,
                        ),
                    ]
                )
            ),
            key_bindings=self._bindings(),
            style=STYLE,
            full_screen=True,
            color_depth=ColorDepth.DEPTH_1_BIT if os.environ.get("NO_COLOR") else None,
            mouse_support=False,
        )

    # -- drawing -----------------------------------------------------------------

    def _width(self) -> int:
        return max(20, self.app.output.get_size().columns - 1)

    def _top_rows(self) -> list[StyleAndTextTuples]:
        """The counter bar, flowed onto as many rows as the width needs."""
        counts = self.session.counts
        done = len(self.session.rated)
        groups: list[StyleAndTextTuples] = [
            [("class:bar", " drill review ")],
            [("class:new", f"New {counts.get('new', 0)}")],
            [("class:learning", f"Learning {counts.get('learning', 0)}")],
            [("class:review", f"Review {counts.get('review', 0)}")],
            [("", f"done {done}")],
        ]
        return flow(groups, self._width())

    def _top(self) -> StyleAndTextTuples:
        return join_rows(self._top_rows())

    def _lines(self, width: int) -> list[tuple[str, str]]:
        """The card as (style, line) pairs, wrapped at word boundaries to ``width``."""
        card = self.session.current
        if card is None:
            return [("", ""), ("", "No more cards. Press any key.")]
        kind = "Interview question" if card.kind == "question" else "Concept card"
        lines: list[tuple[str, str]] = [("", "")]
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

    def _card(self) -> StyleAndTextTuples:
        size = self.app.output.get_size()
        lines = self._lines(self._width())
        # The counter bar above; a scroll hint and the rows of keys below.
        height = max(3, size.rows - len(self._top_rows()) - 1 - len(self._key_rows()))
        self.scroll = max(0, min(self.scroll, len(lines) - height))
        self._more_below = self.scroll + height < len(lines)
        self._more_above = self.scroll > 0
        out: StyleAndTextTuples = []
        for style, line in lines[self.scroll : self.scroll + height]:
            out += [(style, line), ("", "\n")]
        return out

    def _key_rows(self) -> list[StyleAndTextTuples]:
        """The keys, each with its label, flowed onto as many rows as the width needs:
        at 60 columns the four ratings take one row and undo and quit the next."""
        keys: list[StyleAndTextTuples] = []
        if self.session.current is not None and not self.revealed:
            keys.append([("class:key", " Space "), ("", " show answer")])
        elif self.session.current is not None:
            for rating, interval in self.session.previews().items():
                keys.append([("class:key", f" {rating} "), ("", f" {RATINGS[rating]} {interval}")])
        keys += [[("class:key", " u "), ("", " undo")], [("class:key", " q "), ("", " quit")]]
        return flow(keys, self._width())

    def _keys(self) -> StyleAndTextTuples:
        """A scroll hint when the card is taller than the screen, then the keys."""
        hint: StyleAndTextTuples = []
        if getattr(self, "_more_below", False) or getattr(self, "_more_above", False):
            arrow = "↓ more below" if self._more_below else "↑ more above"
            hint = [("class:note", f"{arrow}  "), ("class:key", " ↑ ↓ "), ("", " scroll")]
        return [*hint, ("", "\n"), *join_rows(self._key_rows())]

    # -- keys --------------------------------------------------------------------

    def _bindings(self) -> KeyBindings:
        kb = KeyBindings()

        @kb.add(" ")
        @kb.add("enter")
        def _reveal(event: KeyPressEvent) -> None:
            if self.session.current is None:
                event.app.exit()
                return
            self.revealed = True
            self.note = ""

        for rating in RATINGS:

            @kb.add(str(rating))
            def _rate(event: KeyPressEvent, rating: int = rating) -> None:
                if self.session.current is None:
                    event.app.exit()
                    return
                if not self.revealed:
                    self.note = "Show the answer first (Space), then rate it."
                    return
                self._guard(event, lambda: self.session.rate(rating))
                self.revealed = False
                self.note = ""
                self.scroll = 0
                if self.session.current is None:
                    event.app.exit()

        @kb.add("down")
        @kb.add("j")
        def _down(event: KeyPressEvent) -> None:
            self.scroll += 1

        @kb.add("up")
        @kb.add("k")
        def _up(event: KeyPressEvent) -> None:
            self.scroll = max(0, self.scroll - 1)

        @kb.add("pagedown")
        def _page_down(event: KeyPressEvent) -> None:
            self.scroll += max(1, self.app.output.get_size().rows - 5)

        @kb.add("pageup")
        def _page_up(event: KeyPressEvent) -> None:
            self.scroll = max(0, self.scroll - max(1, self.app.output.get_size().rows - 5))

        @kb.add("u")
        def _undo(event: KeyPressEvent) -> None:
            undone = self._guard(event, self.session.undo)
            self.revealed = False
            self.scroll = 0
            self.note = "Undone: rate this card again." if undone else "Nothing to undo."

        @kb.add("q")
        @kb.add("c-c")
        @kb.add("c-d")
        @kb.add("escape", eager=True)
        def _quit(event: KeyPressEvent) -> None:
            event.app.exit()

        @kb.add("<any>")
        def _other(event: KeyPressEvent) -> None:
            if self.session.current is None:
                event.app.exit()

        return kb

    def _guard(self, event: KeyPressEvent, action):
        """Run a store action; on failure leave the screen so the CLI can report it."""
        try:
            return action()
        except Exception as exc:  # a locked or vanished database, a full disk...
            self.error = exc
            event.app.exit()
            return None

    def run(self) -> None:
        self.app.run()
        if self.error is not None:
            raise self.error
