"""The role comparison core: pairing by topic and what a step up really adds (no CLI)."""

from __future__ import annotations

import pytest

from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.roles import Item, Role, compare, compare_field, ladder_order, step_up

LADDER = ["rep", "analyst", "senior-analyst", "manager", "director", "vp"]
ADJACENT = list(zip(LADDER, LADDER[1:], strict=False))


def role(rid: str, level: int, **over) -> Role:
    values = dict(
        id=rid,
        title=rid.title(),
        level=level,
        experience=f"{level}+ years",
        min_years=level,
        summary="s",
        responsibilities=(Item("Do things"),),
        skills=(Item("Skill"),),
        education=(Item("Degree"),),
        kpis=("Close rate",),
        reports_to="Boss",
        interview_focus=("Focus",),
    )
    values.update(over)
    return Role(**values)


def topic(text: str, key: str, need: str = "") -> Item:
    return Item(text, key, need)


LOW = role(
    "low",
    1,
    responsibilities=(
        topic("Keep CRM records clean", "crm-data"),
        topic("Produce weekly reports", "reporting"),
        topic("Book meetings", "lead-routing"),
    ),
    skills=(topic("Attention to detail", "detail"), Item("Excel")),
    kpis=("CRM data quality", "Report accuracy"),
    education=(topic("Bachelor's degree", "degree", "preferred"),),
    scope="One team's records",
    certifications=("CSOP",),
)
HIGH = role(
    "high",
    3,
    responsibilities=(
        topic("Own CRM data and audit it", "crm-data"),
        topic("Lead the ops team", "team"),
        topic("Design dashboards for leaders", "reporting"),
    ),
    skills=(Item("excel"), topic("Leadership", "leadership")),
    kpis=("CRM data quality", "Forecast accuracy"),
    education=(
        topic("Bachelor's degree", "degree", "usually-required"),
        topic("MBA", "masters", "preferred"),
    ),
    scope="The whole funnel and CRM",
    leads="An ops team",
    decisions=("Which tools to buy",),
    certifications=("CSOP", "PMP"),
)


def test_same_topic_pairs_across_levels_whatever_the_text():
    comp = compare_field([LOW, HIGH], "responsibilities", "Responsibilities")
    pairs = {p.topic: p.items for p in comp.pairs}
    assert pairs["crm-data"] == {
        "low": topic("Keep CRM records clean", "crm-data"),
        "high": topic("Own CRM data and audit it", "crm-data"),
    }
    assert set(pairs) == {"crm-data", "reporting"}
    assert comp.unique == {
        "low": (topic("Book meetings", "lead-routing"),),
        "high": (topic("Lead the ops team", "team"),),
    }
    # paired rows follow the lower role's order
    assert [p.topic for p in comp.pairs] == ["crm-data", "reporting"]


def test_comparison_runs_up_the_ladder_whatever_the_order_given():
    a = compare_field([HIGH, LOW], "responsibilities", "R")
    b = compare_field([LOW, HIGH], "responsibilities", "R")
    assert a == b
    assert list(a.pairs[0].items) == ["low", "high"]
    assert [r.id for r in ladder_order([HIGH, LOW])] == ["low", "high"]


def test_plain_items_pair_only_by_the_same_text():
    comp = compare_field([LOW, HIGH], "skills", "Skills")
    (pair,) = comp.pairs
    assert pair.topic == ""  # no topic: paired because "Excel" ~ "excel"
    assert pair.items == {"low": Item("Excel"), "high": Item("excel")}
    kpis = compare_field([LOW, HIGH], "kpis", "KPIs")
    assert [p.items["low"].text for p in kpis.shared] == ["CRM data quality"]
    assert kpis.unique == {"low": (Item("Report accuracy"),), "high": (Item("Forecast accuracy"),)}


def test_a_topic_some_but_not_all_roles_have_is_a_pair_with_a_gap():
    top = role("top", 5, responsibilities=(topic("Run the department", "team"),))
    comp = compare_field([LOW, HIGH, top], "responsibilities", "R")
    team = next(p for p in comp.pairs if p.topic == "team")
    assert team.items["low"] is None and team.items["top"].text == "Run the department"
    assert not team.shared
    assert comp.shared == ()  # no topic all three have
    assert comp.unique["low"] == (topic("Book meetings", "lead-routing"),)


def test_a_second_item_on_one_topic_is_listed_alone_not_lost():
    doubled = role("doubled", 2, responsibilities=(Item("Report"), Item("report")))
    comp = compare_field([LOW, doubled], "responsibilities", "R")
    assert comp.unique["doubled"] == (Item("Report"), Item("report"))
    comp = compare_field(
        [doubled, role("other", 3, responsibilities=(Item("REPORT"),))], "responsibilities", "R"
    )
    assert [p.items["doubled"] for p in comp.pairs] == [Item("Report")]
    assert comp.unique["doubled"] == (Item("report"),)


def test_compare_covers_every_compared_field():
    names = [f.name for f in compare([LOW, HIGH])]
    assert names == [
        "responsibilities",
        "skills",
        "kpis",
        "education",
        "certifications",
        "interview_focus",
    ]


def test_step_up_lists_only_what_is_new_or_larger():
    step = step_up(LOW, HIGH)
    assert (step.frm, step.to, step.years) == ("low", "high", 2)
    assert step.scope == ("One team's records", "The whole funnel and CRM")
    assert step.team == ("", "An ops team")
    assert step.decisions == ("Which tools to buy",)
    assert step.kpis == ("Forecast accuracy",)  # CRM data quality is not new
    # a grown duty on a known topic is not new; a new topic is
    assert step.responsibilities == (topic("Lead the ops team", "team"),)
    assert step.skills == (topic("Leadership", "leadership"),)
    # certifications help but are never a step-up requirement
    assert "certifications" not in step._fields


def test_step_up_education_is_only_what_becomes_required():
    # preferred -> usually required counts; a new preferred MBA does not
    assert step_up(LOW, HIGH).education == (
        topic("Bachelor's degree", "degree", "usually-required"),
    )
    same = role("same", 4, education=(topic("Bachelor's degree", "degree", "usually-required"),))
    assert step_up(HIGH, same).education == ()
    looser = role("looser", 5, education=(topic("A degree helps", "degree", "preferred"),))
    assert step_up(same, looser).education == ()
    strict = role("strict", 6, education=(topic("MBA or master's", "masters", "required"),))
    assert step_up(looser, strict).education == (topic("MBA or master's", "masters", "required"),)
    # an item without a need is never a requirement
    assert step_up(LOW, role("x", 2, education=(Item("Self-study"),))).education == ()


def test_step_up_leaves_out_unchanged_scope_and_team():
    a = role("a", 1, scope="Same scope", leads="Team")
    b = role("b", 2, scope="same  SCOPE", leads="Team")
    step = step_up(a, b)
    assert step.scope is None and step.team is None
    assert step_up(b, role("c", 3)).scope is None  # nothing said: nothing claimed
    assert step_up(role("d", 5), role("e", 3)).years == 0  # never negative


# ---------------------------------------------------------------- the shipped ladder


@pytest.fixture(scope="module")
def ladder():
    lib = load_library(resolve_paths(), use_cache=False)
    return {r.id: r for r in lib.roles}


@pytest.mark.parametrize("low, high", ADJACENT)
def test_each_adjacent_step_pairs_duties_and_skills(ladder, low, high):
    fields = {f.name: f for f in compare([ladder[low], ladder[high]])}
    for name in ("responsibilities", "skills"):
        assert len(fields[name].pairs) >= 2, (name, low, high)
        for pair in fields[name].pairs:
            assert pair.topic and all(pair.items.values())


@pytest.mark.parametrize("low, high", ADJACENT)
def test_each_adjacent_step_up_is_real(ladder, low, high):
    step = step_up(ladder[low], ladder[high])
    assert step.years == ladder[high].min_years - ladder[low].min_years > 0
    assert step.scope is not None  # every rung widens the scope
    assert all(i.required for i in step.education)
    texts = [i.text.lower() for i in step.education]
    assert not any("without a degree" in t for t in texts)


def test_shipped_topic_keys_are_short_and_used_across_levels(ladder):
    """Short keys keep the compare's label column narrow; a key no other role uses
    pairs with nothing, so most keys should recur on the ladder."""
    seen: dict[str, set[str]] = {}
    for r in ladder.values():
        for name in ("responsibilities", "skills", "education"):
            for item in getattr(r, name):
                assert item.topic, (r.id, name, item.text)
                assert len(item.topic) <= 14, item.topic
                seen.setdefault(f"{name}:{item.topic}", set()).add(r.id)
    shared = [k for k, ids in seen.items() if len(ids) > 1]
    assert len(shared) >= len(seen) / 2


def test_manager_to_vp_does_not_call_crm_or_cross_functional_work_new(ladder):
    step = step_up(ladder["manager"], ladder["vp"])
    new = {i.topic for i in step.skills + step.responsibilities}
    assert not new & {"systems", "collaboration", "alignment"}


def test_issue_13_profile_facts(ladder):
    rep_degree = [i for i in ladder["rep"].education if "degree" in i.text.lower()]
    assert len(rep_degree) == 1  # said once
    assert not any("leadership" in i.text.lower() for i in ladder["vp"].education)
    assert "leading" in ladder["vp"].experience
    director = ladder["director"]
    assert "source" not in director.experience.lower()
    assert all(w in director.salary for w in ("$150,000", "median", "2022", "guide"))
    manager = " ".join(i.text for i in ladder["manager"].skills).lower()
    for fact in ("financial systems", "problem-solving", "teamwork", "managerial",
                 "program management", "profitable", "b2b", "salesforce", "hubspot",
                 "dynamics"):  # fmt: skip
        assert fact in manager, fact
    assert any("engineering" in i.text.lower() for i in ladder["analyst"].responsibilities)
    assert any("training program" in i.text.lower() for i in director.responsibilities)
    # a sales-ops director, not a sales director
    duties = " ".join(i.text for i in director.responsibilities).lower()
    for seller_duty in ("follow up", "leads", "onboard", "sales team"):
        assert seller_duty not in duties, seller_duty
    for ops_duty in ("ops team", "forecast", "comp", "enablement", "quotas", "crm"):
        assert ops_duty in duties, ops_duty
