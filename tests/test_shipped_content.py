"""The built-in content meets the bar the product promises: checked on every run."""

from __future__ import annotations

import difflib
import itertools
import re

import pytest

from salesops_drill.bank import CATEGORIES, STAR_CATEGORIES
from salesops_drill.content import validate_paths
from salesops_drill.paths import builtin_files, resolve_paths

ROLES = ["rep", "analyst", "senior-analyst", "manager", "director", "vp"]


def test_every_shipped_file_validates():
    results = validate_paths(builtin_files(), resolve_paths())
    assert [p.message for fc in results for p in fc.problems] == []


def test_the_six_roles_are_shipped(lib):
    assert lib.roles.ids == ROLES


def test_ids_unique_across_questions_and_cards(lib):
    ids = [q.id for q in lib.questions] + [c.id for c in lib.cards]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_has_25_questions_and_3_per_category(lib, role):
    mine = [q for q in lib.questions if role in q.roles]
    assert len(mine) >= 25
    for category in CATEGORIES:
        assert sum(q.category == category for q in mine) >= 3, category


def test_at_least_80_cards_and_25_per_role(lib):
    assert len(lib.cards) >= 80
    for role in ROLES:
        assert sum(role in c.roles for c in lib.cards) >= 25, role


def test_no_near_duplicate_prompts(lib):
    texts = [(q.id, q.prompt.lower()) for q in lib.questions]
    texts += [(c.id, c.front.lower()) for c in lib.cards]
    for (a, ta), (b, tb) in itertools.combinations(texts, 2):
        matcher = difflib.SequenceMatcher(None, ta, tb)
        if matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9:
            assert matcher.ratio() < 0.9, (a, b)


def test_every_question_is_complete(lib):
    for q in lib.questions:
        assert len(q.key_points) >= 3, q.id
        assert all(kp.keywords for kp in q.key_points), q.id
        assert q.follow_ups, q.id
        if q.category in STAR_CATEGORIES:
            assert q.model_answer.is_star, q.id
        else:
            assert q.model_answer.is_star or q.model_answer.get("steps"), q.id


def test_seed_questions_are_in_the_bank_under_their_roles(lib):
    """Every interview question the sources pose is in the bank, for the roles they name."""
    expected = {
        # (role, words that identify the question)
        ("rep", ("complaint",)),
        ("rep", ("sell",)),
        ("rep", ("quota", "satisf|customer")),
        ("analyst", ("approach|process", "analy", "sales data")),
        ("analyst", ("recommendation",)),
        ("analyst", ("trend",)),
        ("manager", ("opposition|pushback|resist",)),
        ("manager", ("bottleneck",)),
        ("manager", ("large|volume", "data|records")),
        ("manager", ("crm",)),
        ("manager", ("conflict",)),
        ("manager", ("target|quota", "consistently|keep|repeated")),
        ("manager", ("complex|project",)),
        ("director", ("bottleneck",)),
        ("director", ("target",)),
        ("director", ("slack|coasting|underperform|effort",)),
        ("director", ("30 days|first month|ideal sales process",)),
        ("vp", ("monthly target|miss",)),
        ("vp", ("industry",)),
        ("vp", ("training program",)),
    }
    for role, patterns in expected:
        found = [
            q
            for q in lib.questions
            if role in q.roles and all(re.search(p, q.prompt.lower()) for p in patterns)
        ]
        assert found, (role, patterns)


def test_sourced_questions_name_a_seed(lib):
    for q in lib.questions:
        if q.source:
            assert re.fullmatch(r"00[0-4]", q.source), (q.id, q.source)


def test_each_seed_contributes_its_questions_to_the_roles_it_names(lib):
    counts: dict[tuple[str, str], int] = {}
    for q in lib.questions:
        for role in q.roles:
            if q.source:
                counts[(role, q.source)] = counts.get((role, q.source), 0) + 1
    expected = {
        ("rep", "001"): 3,
        ("analyst", "001"): 3,
        ("manager", "001"): 3,
        ("vp", "001"): 3,
        ("manager", "000"): 5,
        ("director", "002"): 4,
    }
    for key, minimum in expected.items():
        assert counts.get(key, 0) >= minimum, key


def _model_text(q) -> str:
    return " ".join(
        [q.model_answer.summary] + [line for _, ls in q.model_answer.parts for line in ls]
    )


def test_every_model_answer_covers_its_own_key_points(lib):
    """The grader and the content agree: answering like the model answer covers every point."""
    from salesops_drill.grading import grade

    misses = {q.id: grade(q, _model_text(q)).missed for q in lib.questions}
    assert {qid: m for qid, m in misses.items() if m} == {}


def test_a_vague_answer_covers_almost_nothing(lib):
    from salesops_drill.grading import grade

    vague = (
        "I would look at the data, talk to the team, communicate clearly, set goals and "
        "improve the process so that results get better."
    )
    for q in lib.questions:
        assert len(grade(q, vague).covered) <= 2, q.id


def test_builtin_bank_passes_strict_validation():
    """Every key point has paraphrases, and none is so generic it matches bland answers."""
    from tests.helpers import run

    result = run("bank", "validate", "--strict")
    assert result.exit_code == 0, result.output
    assert "note:" not in result.output
