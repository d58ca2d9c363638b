"""Export questions and concept cards as an Anki package (``.apkg``).

Layout in Anki: one subdeck per role under "Sales Ops" ("Sales Ops::Manager"), and one
note type, "salesops-drill", with the fields in :data:`FIELDS`. Interview questions fill
KeyPoints and ModelAnswer; concept cards leave them empty.

A note lives in one deck, so an item that serves several roles goes to the deck of the
lowest-level role selected for the export (the first one a learner climbing the ladder
meets), and carries a ``role::<id>`` tag for every role it serves, so Anki's browser can
still find it under any of them.

Re-exports update instead of duplicating: a note's GUID is ``genanki.guid_for`` of its
drill id, and the note type's and decks' ids are derived from a hash of their names, so
the same content always gets the same ids. genanki writes the package (an SQLite
database zipped with a media map): that format is easy to get subtly wrong by hand.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from salesops_drill.bank import Card, Question
from salesops_drill.errors import DrillError, UsageError

if TYPE_CHECKING:
    from salesops_drill.library import Library
    from salesops_drill.roles import Role

ROOT_DECK = "Sales Ops"
MODEL_NAME = "salesops-drill"
FIELDS: tuple[str, ...] = ("Front", "Back", "KeyPoints", "ModelAnswer", "Tags")
#: Every exported note carries this tag, so all of drill's notes are one search away.
APP_TAG = "salesops-drill"

QFMT = '<div class="front">{{Front}}</div>'
AFMT = """{{FrontSide}}
<hr id="answer">
<div class="back">{{Back}}</div>
{{#KeyPoints}}<div class="section"><h4>Key points</h4>{{KeyPoints}}</div>{{/KeyPoints}}
{{#ModelAnswer}}<div class="section"><h4>Model answer</h4>{{ModelAnswer}}</div>{{/ModelAnswer}}
{{#Tags}}<div class="tags">{{Tags}}</div>{{/Tags}}"""
CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.front { font-weight: bold; }
.section h4 { margin: 1em 0 0.3em; }
.tags { margin-top: 1em; font-size: 13px; color: #888; }"""


@dataclass(frozen=True)
class AnkiNote:
    """One note as it will be written: its drill id, deck, HTML fields and tags."""

    id: str
    deck: str
    fields: tuple[str, ...]  # in the order of FIELDS, already HTML
    tags: tuple[str, ...]


@dataclass(frozen=True)
class AnkiExport:
    path: Path
    decks: dict[str, int]  # deck name -> notes in it, in ladder order

    @property
    def notes(self) -> int:
        return sum(self.decks.values())


def stable_id(name: str) -> int:
    """A fixed id for a note type or deck, in the range genanki recommends (2**30..2**31)."""
    digest = hashlib.sha1(f"{MODEL_NAME}:{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def deck_name(role: Role) -> str:
    """ "Sales Ops::Manager" for "Sales Operations Manager": the title without the team."""
    short = re.sub(r"\b(?:of\s+)?sales\s+operations\b", " ", role.title, flags=re.IGNORECASE)
    short = " ".join(short.split()) or role.title
    return f"{ROOT_DECK}::{short.replace('::', ':')}"  # '::' would nest another level


def tag(text: str) -> str:
    """An Anki tag: no whitespace (Anki splits tags on it)."""
    return re.sub(r"\s+", "-", text.strip())


def build_notes(lib: Library, role_ids: Sequence[str] = ()) -> list[AnkiNote]:
    """Notes for every question and card serving one of ``role_ids`` (all roles if empty)."""
    ladder = [r for r in lib.roles if not role_ids or r.id in role_ids]
    decks = {r.id: deck_name(r) for r in ladder}

    def home(roles: Sequence[str]) -> str | None:
        for r in ladder:  # ladder order: the lowest level first
            if r.id in roles:
                return decks[r.id]
        return None

    notes: list[AnkiNote] = []
    for q in lib.questions:
        deck = home(q.roles)
        if deck is not None:
            notes.append(_question_note(q, deck))
    for c in lib.cards:
        deck = home(c.roles)
        if deck is not None:
            notes.append(_card_note(c, deck))
    order = {deck: i for i, deck in enumerate(decks.values())}
    notes.sort(key=lambda note: order[note.deck])  # decks in ladder order; stable within
    return notes


def _role_tags(roles: Sequence[str]) -> list[str]:
    return [tag(f"role::{r}") for r in roles]


def _flow(origin: str) -> Callable[[str], str]:
    """How an item's text is written: built-in text reflowed (its line breaks only wrapped
    the source file, see :mod:`salesops_drill.reflow`), a user's own text as written."""
    from salesops_drill.paths import is_builtin
    from salesops_drill.reflow import reflow

    return reflow if is_builtin(origin) else str


def _question_note(q: Question, deck: str) -> AnkiNote:
    flow = _flow(q.origin)
    fields = (
        _html(flow(q.prompt)),
        _html(f"What it tests: {flow(q.what_it_tests)}"),
        "<ul>" + "".join(f"<li>{_html(flow(kp.label))}</li>" for kp in q.key_points) + "</ul>",
        _model_answer_html(q, flow),
        _html(q.category),
    )
    tags = (APP_TAG, *_role_tags(q.roles), tag(f"category::{q.category}"))
    return AnkiNote(q.id, deck, fields, tags)


def _card_note(c: Card, deck: str) -> AnkiNote:
    flow = _flow(c.origin)
    fields = (_html(flow(c.front)), _html(flow(c.back)), "", "", _html(", ".join(c.tags)))
    tags = (APP_TAG, *_role_tags(c.roles), *(tag(t) for t in c.tags))
    return AnkiNote(c.id, deck, fields, tuple(dict.fromkeys(tags)))


def _model_answer_html(q: Question, flow: Callable[[str], str] = str) -> str:
    out = []
    if q.model_answer.summary:
        out.append(f"<p>{_html(flow(q.model_answer.summary))}</p>")
    for name, lines in q.model_answer.parts:
        label = f"<b>{_html(name.capitalize())}:</b>"
        if len(lines) == 1:
            out.append(f"<p>{label} {_html(flow(lines[0]))}</p>")
        else:
            items = "".join(f"<li>{_html(flow(line))}</li>" for line in lines)
            out.append(f"<p>{label}</p><ol>{items}</ol>")
    return "".join(out)


def _html(text: str) -> str:
    """Content is plain text: escape it, and keep its line breaks."""
    return html.escape(text).replace("\r\n", "\n").replace("\n", "<br>")


def check_output(dest: Path, suffix: str, force: bool = False) -> None:
    """Refuse an output path that cannot work before doing any work."""
    from salesops_drill.atomic import check_target

    if dest.suffix.lower() != suffix:
        raise UsageError(f"the output file must end in {suffix}, e.g. -o drill{suffix}")
    if dest.is_dir():
        raise UsageError(
            f"{dest} is a directory; give a file name, e.g. -o {dest / 'drill'}{suffix}"
        )
    check_target(dest, force)


def write_package(
    notes: Sequence[AnkiNote], dest: Path, now: datetime, force: bool = False
) -> AnkiExport:
    """Write ``notes`` to ``dest`` atomically; ``now`` stamps the notes' modification time.

    Anki updates an existing note from a package only when the package's note is newer.
    An existing ``dest`` is replaced only with ``force``.
    """
    import genanki  # imported here: only this command needs it

    from salesops_drill.atomic import write_atomic

    model = genanki.Model(
        stable_id("model"),
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Card 1", "qfmt": QFMT, "afmt": AFMT}],
        css=CSS,
    )
    decks: dict[str, genanki.Deck] = {}
    counts: dict[str, int] = {}
    for note in notes:
        if note.deck not in decks:
            decks[note.deck] = genanki.Deck(stable_id(f"deck:{note.deck}"), note.deck)
            counts[note.deck] = 0
        decks[note.deck].add_note(
            genanki.Note(
                model=model,
                fields=list(note.fields),
                guid=genanki.guid_for(note.id),
                tags=list(note.tags),
            )
        )
        counts[note.deck] += 1
    package = genanki.Package(list(decks.values()))
    write_atomic(
        dest, lambda tmp: package.write_to_file(str(tmp), timestamp=now.timestamp()), force
    )
    return AnkiExport(dest, counts)


def export_anki(
    lib: Library, role_ids: Sequence[str], dest: Path, now: datetime, force: bool = False
) -> AnkiExport:
    """Every question and card for ``role_ids`` (all roles if empty) to an .apkg file."""
    check_output(dest, ".apkg", force)
    notes = build_notes(lib, role_ids)
    if not notes:
        raise DrillError("nothing to export: no questions or cards serve those roles")
    return write_package(notes, dest, now, force)
