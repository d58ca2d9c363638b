"""``drill stats``."""

import sys
from typing import Annotated

import typer

from salesops_drill.cli.common import JsonFlag, content_index, open_store
from salesops_drill.cli.complete import complete_role


def stats(
    role: Annotated[
        str,
        typer.Option(
            "--role",
            "-r",
            help="Only this role: its cards, its questions, and reviews and interview answers "
            "of them.",
            autocompletion=complete_role,
        ),
    ] = None,
    json: JsonFlag = False,
) -> None:
    """Show progress: cards by state, streak, retention, what comes due, mastery by role,
    interview scores week by week, the questions that stay weak, and how your interview
    self-ratings compare with the grader's scores.

    Example: drill stats --role manager
    """
    from datetime import timedelta

    from salesops_drill import clock
    from salesops_drill import stats as core

    lib = content_index()
    roles = [lib.roles.resolve(role)] if role else list(lib.roles)
    role_cards = lib.ids_by_role([r.id for r in roles])
    card_ids = list(dict.fromkeys(cid for ids in role_cards.values() for cid in ids))
    # With --role every figure counts that role's cards and questions only; without it,
    # everything in the log (cards since removed from the banks included).
    only = card_ids if role else None
    now = clock.now()
    with open_store() as store:
        scheduled = store.schedules()
        daily = store.daily_review_counts(core.counted_days(now), only)
        since = now - timedelta(days=core.RETENTION_WINDOW_DAYS)
        retention = store.retention_counts(since, only)
        rated, scored = store.rated_and_scored(only)
        fit_hint = None if json else _optimize_hint(store)
    categories = lib.categories
    calibration = core.calibration(rated, categories)
    trends = core.score_trends(scored, now, categories)
    result = core.build(card_ids, role_cards, scheduled, daily, retention, now, calibration, trends)
    result = result._replace(role=roles[0].id if role else None)
    if json:
        from salesops_drill.ui.console import print_json

        print_json(result.to_dict())
        return
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_stats import render

    console = make_console()
    # Sparklines on a terminal; piped, the weekly numbers themselves.
    console.print(render(result, spark=sys.stdout.isatty()))
    if fit_hint:
        from rich.text import Text

        console.print(Text(f"\n{fit_hint}", style="cyan"))


#: Set once the log has enough spaced reviews to fit: counting them reads the whole
#: log (seconds at a million reviews), and once there are enough there always are.
HINT_READY_KEY = "optimize_hint_spaced"


def _optimize_hint(store) -> str | None:
    """A nudge toward drill optimize once the log is long enough and nothing is fitted."""
    from salesops_drill import fitted

    if store.get_config(fitted.KEY):
        return None
    known = store.get_config(HINT_READY_KEY)
    if known and known.isdigit():
        spaced = int(known)
    else:
        from salesops_drill.optimize import MIN_REVIEWS  # here: once counted, not needed

        if store.counts()[0] < MIN_REVIEWS:  # too few reviews at all: no need to count
            return None
        spaced = store.spaced_reviews()
        if spaced < MIN_REVIEWS:
            return None
        store.set_config(HINT_READY_KEY, str(spaced))
    return (
        f"Tip: at least {spaced:,} of your reviews came a day or more after the card's last one: "
        "enough to fit FSRS to your own memory with 'drill optimize'."
    )
