"""Reflow text whose line breaks are a source file's wrapping, not the author's meaning.

A YAML literal block (``|``) keeps every line break of the file, so prose wrapped at 80
columns in the source reaches an export as short ragged lines (Anki shows each break as
``<br>``). :func:`reflow` joins such soft breaks and keeps the meaningful ones:

- a blank line stays: it is a paragraph break;
- a line that starts a list item (``-``, ``*``, ``•``, ``1.``, ``1)``, ``1 ``, ``a)``), a
  labelled line (``Ops: ...``) or a formula (`` = ``) starts a line of its own, however
  far it is indented (an indented line that is none of these continues a list item);
- a line after one that ends a statement (``.``, ``!``, ``?``, ``:``, ``;``, a closing
  bracket or quote, a figure such as ``10%`` or ``3x``) or holds a formula (`` = ``)
  starts a line of its own: folded YAML (``>``) turns a blank line into exactly such a
  single break, so it is a paragraph break already;
- any other break, inside a sentence, becomes a space.

Only built-in content is reflowed on export: a user's own text is exported exactly as
written, so it imports back unchanged.
"""

from __future__ import annotations

import re

#: A list item or a labelled line ("Sales ops: the daily running..."), once indented.
_OWN_LINE = re.compile(
    r"""^(?:[-*•‣◦▪+–]\s
    |\(?\d{1,3}[.)]?\s
    |\(?[a-zA-Z][.)]\s
    |[A-Z][\w /'()&-]{0,30}:(?:\s|$))""",
    re.VERBOSE,
)
#: The end of a complete statement: a sentence, a label, a figure, a closing bracket.
_COMPLETE = re.compile(r"""(?:[.!?:;)\]}"'”’%]|\d|\dx)$""")


def reflow(text: str) -> str:
    """``text`` with its soft line breaks (inside a sentence) turned into spaces."""
    if "\n" not in text:
        return text
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    for line in lines:
        if out and _joins(out[-1], line):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def _joins(previous: str, line: str) -> bool:
    """Whether ``line`` continues the sentence ``previous`` left open."""
    if not previous.strip() or not line.strip():
        return False  # a blank line on either side: a paragraph break
    if _OWN_LINE.match(line.lstrip()) or " = " in line:
        return False
    before = previous.rstrip()
    return not (_COMPLETE.search(before) or " = " in before)
