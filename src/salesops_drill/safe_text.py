"""Text from files and users, made safe to print on a terminal.

A terminal obeys control characters: ``ESC ]0;...BEL`` retitles the window, ``ESC [2J``
clears the screen, OSC 8 plants a link, and the 8-bit C1 forms (``\\x9b`` for
``ESC [``) do the same on some terminals. Everything drill prints that came from a bank,
a CSV or answers file, a stored answer or an error message goes through
:func:`visible` first, which shows each control character instead of sending it:
``ESC`` becomes ``^[`` (as ``cat -v`` and the review screen show it), ``BEL`` ``^G``,
``DEL`` ``^?``, and a C1 character its 7-bit spelling (``\\x9b`` is ``^[[``). Newline
and tab are the only ones left as they are.
"""

from __future__ import annotations


def _caret(code: int) -> str:
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return "^[" + chr(code - 0x40)  # C1: the same control as ESC + this letter


#: Every C0 control but tab and newline, DEL, and every C1 control.
CONTROLS: dict[int, str] = {
    code: _caret(code)
    for code in (*range(0x00, 0x20), *range(0x7F, 0xA0))
    if chr(code) not in "\t\n"
}


def visible(text: str) -> str:
    """``text`` with every control character but newline and tab shown, not obeyed."""
    return text.translate(CONTROLS)
