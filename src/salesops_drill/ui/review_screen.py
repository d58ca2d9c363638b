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

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output.color_depth import ColorDepth
from prompt_toolkit.styles import Style

from salesops_drill.scheduler import RATINGS
from salesops_drill.ui.review_frame import STYLES, ReviewFrame, join_rows

STYLE = Style.from_dict(STYLES)


class ReviewScreen:
    def __init__(self, frame: ReviewFrame) -> None:
        """``frame``: the session and what the screen shows of it (see review_frame)."""
        self.frame = frame
        self.session = frame.session
        self.error: BaseException | None = None
        self.app: Application[None] = Application(
            layout=Layout(
                HSplit(
                    [
                        Window(
                            FormattedTextControl(self._top),
                            height=lambda: len(self.frame.top_rows(self._columns())),
                            wrap_lines=True,
                        ),
                        Window(FormattedTextControl(self._card), wrap_lines=True),
                        Window(
                            FormattedTextControl(self._keys),
                            height=lambda: 1 + len(self.frame.key_rows(self._columns())),
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

    # -- drawing: what review_frame lays out -----------------------------------------

    def _columns(self) -> int:
        return self.app.output.get_size().columns

    def _top(self) -> StyleAndTextTuples:
        return join_rows(self.frame.top_rows(self._columns()))

    def _card(self) -> StyleAndTextTuples:
        size = self.app.output.get_size()
        out: StyleAndTextTuples = []
        for style, line in self.frame.card_rows(size.columns, size.rows):
            out += [(style, line), ("", "\n")]
        return out

    def _keys(self) -> StyleAndTextTuples:
        """A scroll hint when the card is taller than the screen, then the keys."""
        keys = join_rows(self.frame.key_rows(self._columns()))
        return [*self.frame.hint_row(), ("", "\n"), *keys]

    # -- keys --------------------------------------------------------------------

    def _bindings(self) -> KeyBindings:
        kb = KeyBindings()

        @kb.add(" ")
        @kb.add("enter")
        def _reveal(event: KeyPressEvent) -> None:
            if self.session.current is None:
                event.app.exit()
                return
            self.frame.revealed = True
            self.frame.note = ""

        for rating in RATINGS:

            @kb.add(str(rating))
            def _rate(event: KeyPressEvent, rating: int = rating) -> None:
                if self.session.current is None:
                    event.app.exit()
                    return
                if not self.frame.revealed:
                    self.frame.note = "Show the answer first (Space), then rate it."
                    return
                self._guard(event, lambda: self.session.rate(rating))
                self.frame.revealed = False
                self.frame.note = ""
                self.frame.scroll = 0
                if self.session.current is None:
                    event.app.exit()

        @kb.add("down")
        @kb.add("j")
        def _down(event: KeyPressEvent) -> None:
            self.frame.scroll += 1

        @kb.add("up")
        @kb.add("k")
        def _up(event: KeyPressEvent) -> None:
            self.frame.scroll = max(0, self.frame.scroll - 1)

        @kb.add("pagedown")
        def _page_down(event: KeyPressEvent) -> None:
            self.frame.scroll += max(1, self.app.output.get_size().rows - 5)

        @kb.add("pageup")
        def _page_up(event: KeyPressEvent) -> None:
            page = max(1, self.app.output.get_size().rows - 5)
            self.frame.scroll = max(0, self.frame.scroll - page)

        @kb.add("u")
        def _undo(event: KeyPressEvent) -> None:
            undone = self._guard(event, self.session.undo)
            self.frame.revealed = False
            self.frame.scroll = 0
            self.frame.note = "Undone: rate this card again." if undone else "Nothing to undo."

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
