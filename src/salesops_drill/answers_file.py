"""Answers files for ``drill interview --answers``: YAML read as the text typed, checked.

Pure core: no terminal. The interview itself is :mod:`salesops_drill.interview`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from salesops_drill.errors import UsageError

if TYPE_CHECKING:
    from salesops_drill.bank import Question

#: The longest answer an answers file may give: far more than any interview answer,
#: and grading (and replaying) a longer one would take minutes.
MAX_ANSWER_WORDS = 5_000
MAX_ANSWER_CHARS = 50_000
#: The largest answers file read.
MAX_ANSWERS_FILE_BYTES = 2 * 1024 * 1024
#: Tags an answers file may carry: plain text, lists and mappings, as YAML resolves them
#: (``no`` resolves to bool; the value is still read as the text typed).
_PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


@dataclass(frozen=True)
class ScriptedAnswer:
    text: str
    question_id: str | None = None
    self_rating: int | None = None
    #: The answer to the follow-up question, if the file gives one.
    follow_up: str | None = None


ANSWER_FIELDS = ("id", "answer", "self_rating", "follow_up")


def parse_answers(path_text: str, data: Any) -> list[ScriptedAnswer]:
    """An answers file: ``{id: text}``, a list of texts, a list of
    ``{id, answer, self_rating, follow_up}`` mappings, or ``{id: {answer, ...}}``.
    Raises UsageError naming what is wrong."""
    if isinstance(data, Mapping):
        items = [
            {"id": k, **v} if isinstance(v, Mapping) else {"id": k, "answer": v}
            for k, v in data.items()
        ]
    elif isinstance(data, list):
        items = [x if isinstance(x, Mapping) else {"answer": x} for x in data]
    else:
        raise UsageError(
            f"{path_text}: expected a mapping of question id to answer, or a list of answers"
        )
    if not items:
        raise UsageError(f"{path_text}: no answers in the file")
    out = []
    for i, item in enumerate(items, 1):
        text = item.get("answer")
        if text is None:
            text = ""
        if not isinstance(text, (str, int, float)):
            raise UsageError(f"{path_text}: answer {i} must be text")
        unknown = set(map(str, item)) - set(ANSWER_FIELDS)
        if unknown:
            raise UsageError(
                f"{path_text}: answer {i} has unknown field(s): {', '.join(sorted(unknown))}"
            )
        text = str(text)
        _check_length(path_text, f"answer {i}", text)
        rating = item.get("self_rating")
        if isinstance(rating, str) and rating.strip() in ("1", "2", "3", "4", "5"):
            rating = int(rating)  # read as text, like everything in an answers file
        if rating is not None and (isinstance(rating, bool) or rating not in (1, 2, 3, 4, 5)):
            raise UsageError(f"{path_text}: answer {i}: self_rating must be 1 to 5")
        follow_up = item.get("follow_up")
        if follow_up is not None and not isinstance(follow_up, (str, int, float)):
            raise UsageError(f"{path_text}: answer {i}: follow_up must be text")
        if follow_up is not None:
            _check_length(path_text, f"answer {i}'s follow_up", str(follow_up))
        qid = item.get("id")
        out.append(
            ScriptedAnswer(
                text,
                str(qid) if qid is not None else None,
                rating,
                str(follow_up) if follow_up is not None else None,
            )
        )
    return out


def not_for_role(
    role: str, questions: Sequence[Question], answers: Sequence[ScriptedAnswer | str]
) -> list[str]:
    """Question ids an answers file (or ``--audio`` file names) gives that are not asked
    for ``role`` (unknown ids included), in the given order, each once."""
    asked = {q.id for q in questions if role in q.roles}
    out: list[str] = []
    for item in answers:
        qid = item if isinstance(item, str) else item.question_id
        if qid is not None and qid not in asked and qid not in out:
            out.append(qid)
    return out


def _check_length(path_text: str, what: str, text: str) -> None:
    words = len(text.split())
    if words > MAX_ANSWER_WORDS:
        raise UsageError(
            f"{path_text}: {what} has {words:,} words; "
            f"an answer may have at most {MAX_ANSWER_WORDS:,}"
        )
    if len(text) > MAX_ANSWER_CHARS:
        raise UsageError(
            f"{path_text}: {what} has {len(text):,} characters; "
            f"an answer may have at most {MAX_ANSWER_CHARS:,}"
        )


def read_answers(path_text: str, text: str) -> list[ScriptedAnswer]:
    """An answers file's YAML, read as text: every value is the string typed.

    YAML 1.1 would turn ``no`` into False, ``0x1F`` into 31 and ``1_000`` into 1000; an
    answer is what was typed, so values are never converted (an empty one is a blank
    answer). A duplicate key or a tag is an error with its line; anything else wrong is
    reported by :func:`parse_answers`.
    """
    import yaml

    from salesops_drill.safe_yaml import SafeLoader

    loader = SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise UsageError(f"{path_text}:{line}: YAML syntax error: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"{path_text}: not a YAML answers file ({exc})") from None
    finally:
        loader.dispose()
    return parse_answers(path_text, _as_text(root, path_text))


def _as_text(root: Any, path_text: str) -> Any:
    """Plain data from a YAML node tree, every scalar as its text; None for no document."""
    import yaml

    if root is None:
        return None
    seen: set[int] = set()

    def convert(node: Any) -> Any:
        line = node.start_mark.line + 1
        if id(node) in seen:  # an alias: answers have no use for them
            raise UsageError(f"{path_text}:{line}: aliases (*name) are not allowed here")
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise UsageError(
                f"{path_text}:{line}: tag '{node.tag}' is not allowed: answers are plain text"
            )
        if isinstance(node, yaml.ScalarNode):
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [convert(item) for item in node.value]
        out: dict[str, Any] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise UsageError(f"{path_text}:{key.start_mark.line + 1}: a key must be text")
            if key.value in out:
                raise UsageError(
                    f"{path_text}:{key.start_mark.line + 1}: duplicate key '{key.value}'"
                )
            out[key.value] = convert(value)
        return out

    return convert(root)
