"""Check content files (roles, questions, cards) with line-exact errors, across files.

Each file is read by :mod:`content_yaml` (safe YAML, limits) and checked field by field
by :mod:`content_fields`; here the files are checked together: duplicate ids and
references to roles no file defines. Every problem is ``PATH:LINE: message``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from salesops_drill import schema
from salesops_drill.content_fields import validate_node
from salesops_drill.content_yaml import FileContent, parse_file
from salesops_drill.paths import Paths, builtin_files, content_files, user_files
from salesops_drill.wording import closest, did_you_mean

if TYPE_CHECKING:
    from salesops_drill.item_cache import ItemCache


def _display(path: Path) -> str:
    """The path as the user knows it: relative to the cwd when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def check_files(
    files: Sequence[Path], relative: bool = True, reuse: ItemCache | None = None
) -> list[FileContent]:
    """Parse and validate files one by one (no cross-file checks).

    ``relative``: name files relative to the current directory where they are below it.
    ``reuse``: take items whose text is unchanged from there (see item_cache).
    """
    results = []
    for path in files:
        display = _display(path) if relative else str(path)
        if reuse is not None:
            results.append(reuse.check(path, display))
            continue
        node, fc = parse_file(path, display)
        if node is not None:
            validate_node(node, fc)
        results.append(fc)
    return results


def cross_check(results: Sequence[FileContent], known_roles: Iterable[str] = ()) -> None:
    """Duplicate ids and unknown role references, across every file given.

    One id twice is allowed only as a built-in card and the user's version of it (a
    card of an edits file, see ``FileContent.edits``), in either order.
    """
    role_ids = set(known_roles)
    role_seen: dict[str, str] = {}
    item_seen: dict[str, tuple[str, str]] = {}  # id -> (where, "builtin"/"edits"/"")
    for fc in results:
        for role, line in fc.roles:
            rid = role["id"]
            if rid in role_seen:
                fc.error(line, f"duplicate role id '{rid}' (also at {role_seen[rid]})")
            else:
                role_seen[rid] = f"{fc.path}:{line}"
            role_ids.add(rid)
        for kind in ("questions", "cards"):
            role = ""  # only a card can be a built-in card or the user's version of one
            if kind == "cards":
                role = "builtin" if fc.builtin else "edits" if fc.edits else ""
            for item, line in getattr(fc, kind):
                iid = item["id"]
                if iid not in item_seen:
                    item_seen[iid] = (f"{fc.path}:{line}", role)
                elif {role, item_seen[iid][1]} == {"builtin", "edits"}:
                    item_seen[iid] = (item_seen[iid][0], "done")  # a second version is not
                else:
                    fc.error(line, f"duplicate id '{iid}' (also at {item_seen[iid][0]})")
    _check_topics(results)
    for fc in results:
        for ref, line in fc.role_refs:
            if ref != schema.ALL_ROLES and ref not in role_ids:
                hint = closest(ref, sorted(role_ids))
                extra = did_you_mean(hint)
                fc.error(
                    line, f"unknown role '{ref}' (known: {', '.join(sorted(role_ids))}){extra}"
                )


def _check_topics(results: Sequence[FileContent]) -> None:
    """Each tag once in the order concept cards are introduced in, and each a card's tag.

    A tag no card has is an error, not a warning: like an unknown role it is a name that
    points at nothing, nearly always a misspelt tag ("kpis" for "kpi"), and the cards it
    meant would silently come last. Cards of every file given count, the built-in
    versions of edited cards too, so an edit cannot make a built-in entry wrong.
    """
    seen: dict[str, str] = {}
    for fc in results:
        for item, line in fc.topics:
            tag = item["tag"]
            if tag in seen:
                fc.error(line, f"duplicate topic '{tag}' (also at {seen[tag]})")
            else:
                seen[tag] = f"{fc.path}:{line}"
    if not seen:
        return
    tags = {tag for fc in results for card, _ in fc.cards for tag in card["tags"]}
    for fc in results:
        for item, line in fc.topics:
            tag = item["tag"]
            if tag not in tags:
                hint = closest(tag, sorted(tags))
                extra = did_you_mean(hint)
                fc.error(line, f"topic '{tag}' is not a tag of any card{extra}")


def validate_paths(targets: Sequence[Path], paths: Paths) -> list[FileContent]:
    """Validate ``targets`` (files or folders) in the context of all other content.

    Ids and role references are checked against the built-in content and the user's
    banks too, but only the problems of the targeted files are returned. The built-in
    content comes from the content cache (built if need be, as any command would), so
    only the user's files are parsed here; unless a target is itself a built-in file,
    which must be left out of the context.
    """
    files: list[Path] = []
    for t in targets:
        found = content_files(t)
        if t.is_dir() or not found:
            files.extend(found or [t])
        else:
            files.extend(found)
    wanted = {p.resolve() for p in files}
    builtin = builtin_files()
    if any(p.resolve() in wanted for p in builtin):
        context = check_files([p for p in builtin if p.resolve() not in wanted])
    else:
        context = _builtin_context(paths, builtin)
    context += check_files([p for p in user_files(paths) if p.resolve() not in wanted])
    target_results = check_files(files)
    cross_check([*context, *target_results])
    return target_results


def _builtin_context(paths: Paths, builtin: Sequence[Path]) -> list[FileContent]:
    """What ``check_files(builtin)`` would give cross_check, from the loaded library.

    The ids, tags and topics of each built-in file's valid items, at their lines (the
    built-in versions of the cards the user edited too), named as ``check_files`` names
    files: all that cross_check reads of files whose own problems are not reported.
    """
    from salesops_drill.library import load_library

    lib = load_library(paths)
    files = {str(p): FileContent(_display(p), builtin=True) for p in builtin}

    def add(kind: str, origin: str, item: dict[str, object]) -> None:
        path, line = origin.rsplit(":", 1)
        fc = files.get(path)
        if fc is not None:  # an item of the user's banks: those are parsed
            getattr(fc, kind).append((item, int(line)))

    for role in lib.roles:
        add("roles", role.origin, {"id": role.id})
    for question in lib.questions:
        add("questions", question.origin, {"id": question.id})
    for card in (*lib.cards, *lib.replaced):
        add("cards", card.origin, {"id": card.id, "tags": card.tags})
    for topic in lib.topics:
        add("topics", topic.origin, {"tag": topic.tag})
    return list(files.values())
