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
from typing import TYPE_CHECKING

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output.color_depth import ColorDepth
from prompt_toolkit.styles import Style

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


class ReviewScreen:
    def __init__(self, session: ReviewSession) -> None:
        self.session = session
        self.revealed = False
        self.note = ""
        self.error: BaseException | None = None
        self.app: Application[None] = Application(
            layout=Layout(
                HSplit(
                    [
                        Window(FormattedTextControl(self._top), height=1),
                        Window(FormattedTextControl(self._card), wrap_lines=True),
                        Window(FormattedTextControl(self._keys), height=2, wrap_lines=True),
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

    def _top(self) -> StyleAndTextTuples:
        counts = self.session.counts
        done = len(self.session.rated)
        return [
            ("class:bar", " drill review "),
            ("", "  "),
            ("class:new", f"New {counts.get('new', 0)}"),
            ("", "  "),
            ("class:learning", f"Learning {counts.get('learning', 0)}"),
            ("", "  "),
            ("class:review", f"Review {counts.get('review', 0)}"),
            ("", f"   done {done}"),
        ]

    def _card(self) -> StyleAndTextTuples:
        card = self.session.current
        if card is None:
            return [("", "\nNo more cards. Press any key.")]
        kind = "Interview question" if card.kind == "question" else "Concept card"
        tags = ", ".join(card.tags)
        out: StyleAndTextTuples = [
            ("class:kind", f"\n{kind} · {card.id} · {tags}\n\n"),
            ("class:front", card.front),
            ("", "\n"),
        ]
        if self.revealed:
            out += [("class:rule", "\n" + "─" * 40 + "\n\n"), ("", card.back), ("", "\n")]
        if self.note:
            out += [("class:note", f"\n{self.note}\n")]
        return out

    def _keys(self) -> StyleAndTextTuples:
        out: StyleAndTextTuples = []
        if self.session.current is not None and not self.revealed:
            out += [("class:key", " Space "), ("", " show answer   ")]
        elif self.session.current is not None:
            for rating, interval in self.session.previews().items():
                out += [("class:key", f" {rating} "), ("", f" {RATINGS[rating]} {interval}   ")]
        out += [("class:key", " u "), ("", " undo   "), ("class:key", " q "), ("", " quit")]
        return [("", "\n"), *out]

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
                if self.session.current is None:
                    event.app.exit()

        @kb.add("u")
        def _undo(event: KeyPressEvent) -> None:
            undone = self._guard(event, self.session.undo)
            self.revealed = False
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
