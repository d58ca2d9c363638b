"""Shell completion callbacks: role names, question ids and card ids.

They run on every Tab press, inside the shell's prompt, so they must be quick and
silent: content comes from the library cache (no YAML parsing on a cache hit), and any
failure whatsoever completes nothing rather than printing into the user's command line.
"""

from __future__ import annotations


def complete_role(ctx, incomplete: str) -> list[tuple[str, str]]:
    """Role ids starting with what was typed, with their titles (shown by zsh).

    Roles already on the command line are left out, for ``roles compare`` and
    repeated ``--role`` options. (``ctx`` is click's context; typer finds it by name.)
    """
    try:
        from salesops_drill.library import load_overview
        from salesops_drill.paths import resolve_paths

        typed = incomplete.lower()
        given = _given(ctx)
        return [
            (role.id, role.title)
            for role in load_overview(resolve_paths()).roles
            if role.id.startswith(typed) and role.id not in given
        ]
    except Exception:  # a Tab press must never print a traceback into the prompt
        return []


def _given(ctx) -> set[str]:
    """Every word already parsed into the command's parameters."""
    given: set[str] = set()
    for value in (ctx.params if ctx is not None else {}).values():
        if isinstance(value, str):
            given.add(value.lower())
        elif isinstance(value, (list, tuple)):
            given.update(v.lower() for v in value if isinstance(v, str))
    return given


def complete_question_id(incomplete: str) -> list[tuple[str, str]]:
    """Question ids starting with what was typed, with the start of their prompt."""
    try:
        from salesops_drill.library import load_library
        from salesops_drill.paths import resolve_paths

        typed = incomplete.lower()
        return [
            (q.id, _short(q.prompt))
            for q in load_library(resolve_paths()).questions
            if q.id.startswith(typed)
        ]
    except Exception:  # see complete_role
        return []


def complete_card_id(ctx, incomplete: str) -> list[tuple[str, str]]:
    """Card and question ids starting with what was typed, with the start of their front.

    Ids already on the command line are left out (``cards suspend`` takes several).
    """
    try:
        from salesops_drill.library import load_library
        from salesops_drill.paths import resolve_paths

        typed = incomplete.lower()
        given = _given(ctx)
        lib = load_library(resolve_paths())
        return [
            (item.id, _short(getattr(item, "front", None) or getattr(item, "prompt", "")))
            for item in (*lib.cards, *lib.questions)
            if item.id.startswith(typed) and item.id not in given
        ]
    except Exception:  # see complete_role
        return []


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def complete_difficulty(incomplete: str) -> list[tuple[str, str]]:
    """The difficulty words starting with what was typed."""
    from salesops_drill.bank import DIFFICULTY_NAMES

    typed = (incomplete or "").lower()
    return [
        (name, f"difficulty {number}")
        for number, name in DIFFICULTY_NAMES.items()
        if name.startswith(typed)
    ]
