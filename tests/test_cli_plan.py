"""``drill plan`` through the CLI: setting, showing and clearing goals, and every message."""

from __future__ import annotations

import json
import re
import time

import pytest

from salesops_drill.store import Store
from tests.helpers import run

NOW = "2026-03-02T14:00"  # a Monday


@pytest.fixture(autouse=True)
def pinned(monkeypatch):
    """A fixed clock, and UTC as the machine's zone, so study days are the same anywhere."""
    monkeypatch.setenv("DRILL_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def flat(text: str) -> str:
    """Output with wrapping undone, for phrases that may break across lines."""
    return " ".join(text.split())


def test_no_goal_yet():
    result = run("plan")
    assert result.exit_code == 0
    assert result.stdout.strip() == (
        "No goal set. Set one with: drill plan --role ROLE --date YYYY-MM-DD [--minutes-per-day M]"
    )
    assert json.loads(run("plan", "--json").stdout) == []
    one = run("plan", "--role", "manager")
    assert one.stdout.strip() == (
        "No goal for manager. Set one with: drill plan --role manager --date YYYY-MM-DD"
    )


def test_setting_a_goal_shows_the_plan():
    result = run("plan", "--role", "manager", "--date", "2026-03-16")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    lines = out.splitlines()
    assert lines[0] == "Goal set: manager interview on 2026-03-16."
    assert lines[1] == "It is now your target role: review and interview study it."
    assert lines[2] == "manager: interview on Mon 2026-03-16, 14 days left"
    text = flat(out)
    assert "Cards seen 0 of 202" in text
    # Over all the role's cards; with none seen yet, "0% if you stop" is not said.
    assert re.search(
        r"Recall on the day \d+% of the 202 cards if you keep to the plan \(predicted\)", text
    )
    assert "if you stop" not in text
    assert "Today 0 reviews, 29 new cards, about " in text
    assert "15 s a card, until you have timed reviews" in text
    assert "Mock interviews 0 done; one due today: drill interview --role manager" in text
    assert "Planned work" in out
    chart = out[out.index("Planned work") :].splitlines()[2:]
    assert len(chart) == 14
    assert chart[0].split()[0] == "today" and chart[-1].split()[:2] == ["Sun", "03-15"]
    assert "mock" in chart[0] and "weakest first" in chart[-1]
    assert all(len(line) <= 80 for line in lines)
    assert all(line == line.rstrip() for line in lines)  # no cell padding at line ends
    assert result.stderr == ""


def test_a_goal_makes_its_role_the_target_role(tmp_path):
    run("config", "set", "role", "analyst")
    run("plan", "--role", "manager", "--date", "2026-03-16")
    assert json.loads(run("config", "--json").stdout)["role"] == "manager"
    # Said once: setting the goal again for the target role does not repeat it.
    again = run("plan", "--role", "manager", "--date", "2026-03-18")
    assert again.stdout.splitlines()[:2] == [
        "Goal set: manager interview on 2026-03-18.",
        "manager: interview on Wed 2026-03-18, 16 days left",
    ]
    # Without --role, a date sets the goal for the target role.
    run("config", "set", "role", "vp")
    by_target = run("plan", "--date", "2026-03-20")
    assert by_target.exit_code == 0, by_target.stderr
    assert by_target.stdout.startswith("Goal set: vp interview on 2026-03-20.")
    assert json.loads(run("config", "--json").stdout)["role"] == "vp"
    # The interview asks the target role's questions without --role.
    path = tmp_path / "answers.yaml"
    path.write_text('- "I would start from the pipeline"\n', encoding="utf-8")
    answers = run("interview", "--answers", str(path), "--json")
    assert answers.exit_code == 0, answers.stderr
    assert json.loads(answers.stdout)["role"] == "vp"


def test_the_plan_as_json():
    run("plan", "--role", "analyst", "--date", "2026-03-20", "--minutes-per-day", "45")
    [data] = json.loads(run("plan", "--json").stdout)
    assert data["role"] == "analyst" and data["date"] == "2026-03-20"
    assert data["minutes_per_day"] == 45 and data["days_left"] == 18
    assert data["cards_seen"] == 0 and data["cards_total"] > 0
    assert 0.8 < data["predicted_recall"]["keep_to_plan"] <= 1
    assert data["predicted_recall"]["stop_today"] == 0
    assert data["today_work"]["new"] > 0 and data["today_work"]["seconds_measured"] is False
    assert len(data["days"]) == 18 and data["days"][0]["date"] == "2026-03-02"
    assert sum(d["new"] for d in data["days"]) == data["cards_total"]
    assert all(d["minutes"] <= 45 for d in data["days"])
    assert data["shortfall"] is None
    assert data["mock_interviews"]["due_today"] is True


def test_one_goal_per_role_and_all_are_shown():
    run("plan", "--role", "manager", "--date", "2026-03-16")
    run("plan", "--role", "analyst", "--date", "2026-04-01")
    run("plan", "--role", "manager", "--date", "2026-03-20")  # replaces manager's
    data = json.loads(run("plan", "--json").stdout)
    assert [(d["role"], d["date"]) for d in data] == [
        ("manager", "2026-03-20"),
        ("analyst", "2026-04-01"),
    ]
    text = run("plan").stdout
    assert "manager: interview on Fri 2026-03-20" in text and "analyst: interview" in text
    only = json.loads(run("plan", "--role", "analyst", "--json").stdout)
    assert [d["role"] for d in only] == ["analyst"]


def test_a_date_from_today_sets_the_goal_that_many_days_ahead():
    # the help's example, true whatever the day (the injected clock says 2026-03-02)
    assert run("plan", "--role", "manager", "--date", "+21").exit_code == 0
    assert run("plan", "--role", "analyst", "--date", "+2w").exit_code == 0
    dates = {g["role"]: g["date"] for g in json.loads(run("plan", "--json").stdout)}
    assert dates == {"manager": "2026-03-23", "analyst": "2026-03-16"}


def test_a_past_date_today_and_a_bad_date_are_refused():
    past = run("plan", "--role", "manager", "--date", "2026-03-01")
    assert past.exit_code == 2
    assert past.stderr.strip() == (
        "drill: error: the interview date 2026-03-01 is in the past (today is 2026-03-02); "
        "give a date from 2026-03-03 on"
    )
    today = run("plan", "--role", "manager", "--date", "2026-03-02")
    assert today.exit_code == 2
    assert today.stderr.strip() == (
        "drill: error: the interview is today (2026-03-02): there is no day left to plan. "
        "Warm up with 'drill review' and a mock 'drill interview' instead"
    )
    bad = run("plan", "--role", "manager", "--date", "16/03/2026")
    assert bad.exit_code == 2
    assert bad.stderr.strip() == (
        "drill: error: --date '16/03/2026' is not a date: give it as YYYY-MM-DD, or as "
        "days or weeks from today (+14, +3w)"
    )
    far = run("plan", "--role", "manager", "--date", "2030-01-01")
    assert far.exit_code == 2 and "more than 730 days away" in far.stderr
    assert json.loads(run("plan", "--json").stdout) == []  # nothing was saved


def test_an_unknown_role_is_refused_with_a_guess():
    result = run("plan", "--role", "manger", "--date", "2026-03-16")
    assert result.exit_code == 2
    assert result.stderr.startswith("drill: error: unknown role 'manger'. Valid roles: ")
    assert "Did you mean 'manager'?" in result.stderr
    no_role = run("plan", "--date", "2026-03-16")
    assert no_role.exit_code == 2 and "give the role with --role" in no_role.stderr


def shortfall_text(out: str) -> str:
    """The 'Not enough time' paragraph, unwrapped."""
    start = out.index("Not enough time: ")
    return flat(out[start : out.index("\n\n", start)])


def test_too_few_minutes_say_what_is_covered_and_what_would_cover_it_all():
    result = run("plan", "--role", "manager", "--date", "2026-03-12", "--minutes-per-day", "10")
    assert result.exit_code == 0  # saved all the same: the date and minutes may be fixed
    assert result.stderr == ""  # said once, in the plan (it used to be repeated as a warning)
    assert result.stdout.count("Not enough time") == 1
    said = shortfall_text(result.stdout)
    found = re.fullmatch(
        r"Not enough time: at 10 min a day you will have seen (\d+) of the 202 manager cards "
        r"by Fri 03-06(?P<rest>.*)\. All of them by Fri 03-06 need (\d+) min a day, or an "
        r"interview date from (\S+) on\.",
        said,
    )
    assert found, said
    covered, minutes, day = int(found[1]), int(found[3]), found[4]
    assert 0 < covered < 202 and minutes > 10 and day > "2026-03-12"
    [data] = json.loads(run("plan", "--json").stdout)
    short = data["shortfall"]
    assert short == {
        "cards_covered": covered,
        "covered_by": "2026-03-06",
        "cards_introduced_later": short["cards_introduced_later"],
        "cards_left_out": short["cards_left_out"],
        "cards_total": 202,
        "minutes_needed": minutes,
        "date_needed": day,
    }
    later, left_out = short["cards_introduced_later"], short["cards_left_out"]
    assert covered + later + left_out == 202
    # The chart is the same plan: its new cards are those covered in time, then the later
    # ones, and no more; the message names both.
    new = [d["new"] for d in data["days"]]
    by = [d["date"] <= "2026-03-06" for d in data["days"]]
    assert sum(n for n, early in zip(new, by, strict=True) if early) == covered
    assert sum(n for n, early in zip(new, by, strict=True) if not early) == later
    assert later == 0 or f"{later} more only after it" in said or f"other {later} only" in said
    assert left_out == 0 or f"the last {left_out} not at all" in said
    # Either fix covers everything.
    enough = run("plan", "--role", "manager", "--minutes-per-day", str(minutes))
    assert enough.exit_code == 0 and "Not enough time" not in enough.stdout
    later_date = run("plan", "--role", "manager", "--date", day, "--minutes-per-day", "10")
    assert later_date.exit_code == 0 and "Not enough time" not in later_date.stdout


def test_minutes_that_fit_every_card_only_late_say_so_and_the_figures_agree():
    """20 min a day for 14 days: every card fits, but 50 or so only in the week kept for
    reviews. The chart, today's work and the recall on the day are that one plan."""
    result = run("plan", "--role", "manager", "--date", "2026-03-16", "--minutes-per-day", "20")
    said = shortfall_text(result.stdout)
    [data] = json.loads(run("plan", "--json").stdout)
    short = data["shortfall"]
    assert short["cards_left_out"] == 0 and short["cards_introduced_later"] > 0
    covered, later = short["cards_covered"], short["cards_introduced_later"]
    assert covered + later == 202 == sum(d["new"] for d in data["days"])
    assert said.startswith(
        f"Not enough time: at 20 min a day you will have seen {covered} of the 202 manager "
        f"cards by Sun 03-08 and the other {later} only after it, in the days kept for reviews."
    )
    assert all(d["minutes"] <= 20 for d in data["days"])
    text = flat(result.stdout)
    today = data["days"][0]
    assert data["today_work"]["new"] == today["new"]
    assert f"Today {today['reviews']} reviews, {today['new']} new cards, about " in text
    assert re.search(rf" today █+ {today['cards_shown']} +{today['new']} ", text)
    recall = round(100 * data["predicted_recall"]["keep_to_plan"])
    assert f"Recall on the day {recall}% of the 202 cards if you keep to the plan" in text


def test_minutes_too_few_for_some_cards_at_all_leave_them_out_of_the_recall():
    result = run("plan", "--role", "manager", "--date", "2026-03-16", "--minutes-per-day", "5")
    said = shortfall_text(result.stdout)
    [data] = json.loads(run("plan", "--json").stdout)
    short = data["shortfall"]
    left_out = short["cards_left_out"]
    assert left_out > 0
    assert sum(d["new"] for d in data["days"]) == 202 - left_out
    assert f"the last {left_out} not at all: they count as forgotten in the recall on the day" in (
        said
    )
    # The cards left out count 0: the recall on the day cannot pass the share planned.
    assert data["predicted_recall"]["keep_to_plan"] <= (202 - left_out) / 202


def test_once_cards_are_seen_the_recall_if_you_stop_is_shown(drill_home):
    from datetime import datetime, timedelta, timezone

    from salesops_drill.library import load_library
    from salesops_drill.paths import resolve_paths
    from salesops_drill.review import select_cards
    from salesops_drill.scheduler import CardState

    run("plan", "--role", "manager", "--date", "2026-03-16")
    then = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    cards = select_cards(load_library(resolve_paths()), "manager")[:60]
    with Store.open(drill_home / "progress.db") as store:
        for card in cards:
            state = CardState(card.id, "review", None, 20.0, 5.0, then + timedelta(days=20), then)
            store.record_review(state, 3, then, 9000)
    text = flat(run("plan").stdout)
    assert "Cards seen 60 of 202" in text
    found = re.search(
        r"Recall on the day (\d+)% of the 202 cards if you keep to the plan, (\d+)% if you "
        r"stop studying now \(predicted\)",
        text,
    )
    assert found, text
    # 60 of 202 cards well remembered, the rest never seen: under 30% if you stop.
    assert 0 < int(found[2]) < 30 < int(found[1])


@pytest.mark.parametrize("columns", [60, 80])
def test_no_line_ends_in_blanks(monkeypatch, columns):
    """Rich pads grid and table cells to their column: none of that reaches the output."""
    monkeypatch.setenv("COLUMNS", str(columns))
    run("plan", "--role", "director", "--date", "2026-03-10", "--minutes-per-day", "5")
    run("plan", "--role", "senior-analyst", "--date", "2026-06-30")
    for args in (["plan"], ["plan", "--role", "director", "--minutes-per-day", "4"]):
        out = run(*args).stdout
        assert "Planned work" in out
        blank_ends = [line for line in out.splitlines() if line != line.rstrip()]
        assert not blank_ends, out


def test_minutes_alone_change_the_goal_already_set():
    missing = run("plan", "--role", "manager", "--minutes-per-day", "30")
    assert missing.exit_code == 2
    assert "no goal for manager to change; set one with --date YYYY-MM-DD as well" in (
        missing.stderr
    )
    run("plan", "--role", "manager", "--date", "2026-03-16")
    assert run("plan", "--minutes-per-day", "40").exit_code == 0  # the only goal
    [data] = json.loads(run("plan", "--json").stdout)
    assert (data["date"], data["minutes_per_day"]) == ("2026-03-16", 40)
    zero = run("plan", "--role", "manager", "--minutes-per-day", "0")
    assert zero.exit_code == 2
    assert zero.stderr.strip() == "drill: error: --minutes-per-day must be from 1 to 1440"
    too_many = run("plan", "--role", "manager", "--minutes-per-day", "1441")
    assert too_many.exit_code == 2 and "must be from 1 to 1440" in too_many.stderr
    assert run("plan", "--role", "manager", "--minutes-per-day", "1440").exit_code == 0


def test_clearing_goals():
    assert run("plan", "--clear").stdout.strip() == "No goal set; nothing to clear."
    run("plan", "--role", "manager", "--date", "2026-03-16")
    run("plan", "--role", "analyst", "--date", "2026-03-20")
    several = run("plan", "--clear")
    assert several.exit_code == 2
    assert several.stderr.strip() == (
        "drill: error: goals are set for analyst, manager: say which to clear with --role"
    )
    assert run("plan", "--clear", "--role", "mgr").stdout.strip() == "Goal for manager removed."
    assert run("plan", "--clear", "--role", "manager").stdout.strip() == (
        "No goal for manager; nothing to clear."
    )
    assert run("plan", "--clear").stdout.strip() == "Goal for analyst removed."
    assert json.loads(run("plan", "--json").stdout) == []
    unknown = run("plan", "--clear", "--role", "astronaut")
    assert unknown.exit_code == 2 and "unknown role 'astronaut'" in unknown.stderr
    mixed = run("plan", "--clear", "--date", "2026-03-16")
    assert mixed.exit_code == 2 and "--clear takes only --role" in mixed.stderr


def test_a_goal_for_a_role_no_longer_in_the_banks_can_still_be_cleared(drill_home):
    with Store.open(drill_home / "progress.db") as store:
        store.set_config("goal:retired-role", '{"date": "2026-03-16", "minutes_per_day": null}')
    result = run("plan", "--clear", "--role", "retired-role")
    assert result.stdout.strip() == "Goal for retired-role removed."


def test_an_unreadable_stored_goal_is_a_warning(drill_home):
    with Store.open(drill_home / "progress.db") as store:
        store.set_config("goal:manager", "{broken")
    result = run("plan")
    assert result.exit_code == 0
    assert "drill: warning: the stored goal for manager cannot be read" in result.stderr
    assert "No goal set." in result.stdout


def test_on_the_day_and_after_it(monkeypatch):
    run("plan", "--role", "manager", "--date", "2026-03-04")
    monkeypatch.setenv("DRILL_NOW", "2026-03-04T07:00")
    today = run("plan")
    assert today.exit_code == 0
    assert "manager: interview on Wed 2026-03-04" in today.stdout
    assert "The interview is today: 'drill review' shows the weakest cards first." in (
        flat(today.stdout)
    )
    assert "Planned work" not in today.stdout
    monkeypatch.setenv("DRILL_NOW", "2026-03-05T10:00")
    after = run("plan")
    assert "The interview date has passed. Set a new one with 'drill plan --role manager" in (
        flat(after.stdout)
    )
    assert json.loads(run("plan", "--json").stdout)[0]["days_left"] == -1


def test_the_plan_reads_at_60_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    result = run("plan", "--role", "director", "--date", "2026-03-10", "--minutes-per-day", "30")
    assert result.exit_code == 0
    assert all(len(line) <= 60 for line in result.stdout.splitlines())
    assert "Planned work" in result.stdout and "today" in result.stdout


@pytest.mark.parametrize("command", ["plan", "optimize"])
def test_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Example: drill " + command in result.stdout


def test_a_long_plan_is_charted_by_week():
    result = run("plan", "--role", "rep", "--date", "2026-05-01")  # 60 days
    assert result.exit_code == 0
    out = result.stdout
    assert "Planned work, by week" in out
    rows = out[out.index("Planned work, by week") :].splitlines()[2:]
    assert len(rows) == 9  # 60 days: eight whole weeks and four days
    assert rows[0].split()[0] == "03-02..03-08" and rows[-1].split()[0] == "04-27..04-30"
    assert "mocks" in rows[0] and "weakest first" in rows[-1]
    [data] = json.loads(run("plan", "--json").stdout)
    assert len(data["days"]) == 60  # the data stays a day a row
    shown = [int(row.split()[2]) for row in rows]
    assert sum(shown) == sum(d["cards_shown"] for d in data["days"])


def test_a_backup_carries_goals_and_fitted_parameters(tmp_path, drill_home):
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from salesops_drill import fitted

    run("plan", "--role", "manager", "--date", "2026-03-16", "--minutes-per-day", "25")
    own = fitted.Fitted(tuple(DEFAULT_PARAMETERS), "2026-03-01T10:00:00", 500, 0.40, 0.38)
    with Store.open(drill_home / "progress.db") as store:
        fitted.save(store, own)
    out = tmp_path / "backup.db"
    assert run("backup", "-o", str(out)).exit_code == 0
    run("plan", "--clear")
    run("optimize", "--reset")
    assert json.loads(run("plan", "--json").stdout) == []
    assert run("restore", str(out)).exit_code == 0
    [data] = json.loads(run("plan", "--json").stdout)
    assert (data["role"], data["date"], data["minutes_per_day"]) == ("manager", "2026-03-16", 25)
    with Store.open(drill_home / "progress.db") as store:
        assert fitted.load(store) == (own, None)


@pytest.mark.parametrize("columns", [60, 80])
def test_every_plan_screen_fits_without_cuts_or_split_words(monkeypatch, columns):
    """Daily and weekly charts, a shortfall, several goals, and both help pages: no line
    past the width, no "…" the wide form lacks, no word split across lines."""
    from tests.screens import assert_fits, words

    def at(width: int, *args: str) -> str:
        monkeypatch.setenv("COLUMNS", str(width))
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        return result.stdout  # stderr's warning is one line when piped, as all are

    run("plan", "--role", "director", "--date", "2026-03-10", "--minutes-per-day", "5")
    run("plan", "--role", "senior-analyst", "--date", "2026-06-30", "--minutes-per-day", "30")
    screens = [["plan"], ["plan", "--role", "director"], ["plan", "--role", "senior-analyst"]]
    screens += [["plan", "--help"], ["optimize", "--help"]]
    for args in screens:
        wide = at(400, *args)
        out = at(columns, *args)
        assert_fits(out, columns, words(wide), wide)
    # Every chart row keeps its numbers (a squeezed table once dropped them at 60).
    for role, first in (("director", "today"), ("senior-analyst", "03-02..03-08")):
        out = at(columns, "plan", "--role", role)
        [data] = json.loads(run("plan", "--role", role, "--json").stdout)
        chart = out[out.index("Planned work") :].splitlines()[1:]
        assert chart[0].split() == ["Week" if "." in first else "Day", "Cards", "New", "Min"]
        rows = [line for line in chart if re.match(r" (today|\w{3} \d\d-\d\d|\d\d-\d\d\.)", line)]
        assert rows[0].split()[0] == first
        assert len(rows) == (len(data["days"]) + 6) // 7 if "." in first else len(data["days"])
        assert all(re.search(r"█*\s+\d+\s+\d+\s+\d+(\s|$)", line) for line in rows), out
    assert "Not enough time" in at(columns, "plan")


def test_one_card_after_the_deadline_is_worded_as_one():
    from datetime import date
    from types import SimpleNamespace

    from salesops_drill.plan_projection import Shortfall
    from salesops_drill.ui.render_plan import shortfall_line

    short = Shortfall(174, 1, 0, 175, date(2026, 12, 12), 16, date(2026, 12, 21))
    report = SimpleNamespace(
        shortfall=short,
        today=date(2026, 12, 1),
        goal=SimpleNamespace(minutes_per_day=15, role="analyst"),
    )
    line = shortfall_line(report)
    assert "174 of the 175 analyst cards by Sat 12-12 and the last one only after it" in line
    assert "the other 1" not in line
