"""``drill stats``."""

from __future__ import annotations

import typer

from salesops_drill.cli.common import JSON_HELP, content_index, open_store
from salesops_drill.cli.complete import complete_role


def stats(
    role: str = typer.Option(
        None,
        "--role",
        "-r",
        help="Only this role's cards and interviews.",
        autocompletion=complete_role,
    ),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Show progress: cards by state, streak, retention, what comes due, mastery by role,
    and how your interview self-ratings compare with the grader's scores.

    Example: drill stats --role manager
    """
    from datetime import timedelta

    from salesops_drill import clock
    from salesops_drill import stats as core

    lib = content_index()
    roles = [lib.roles.resolve(role)] if role else list(lib.roles)
    role_cards = lib.ids_by_role([r.id for r in roles])
    card_ids = list(dict.fromkeys(cid for ids in role_cards.values() for cid in ids))
    now = clock.now()
    offset = now.astimezone().utcoffset() or timedelta(0)
    window = timedelta(days=7 * core.HEATMAP_WEEKS + 7)
    with open_store() as store:
        states = store.states(card_ids)
        daily = store.daily_review_counts(now - window, offset)
        retention = store.retention_counts(now - timedelta(days=core.RETENTION_WINDOW_DAYS))
        rated = store.rated_answers(roles[0].id if role else None)
    calibration = core.calibration(rated, lib.categories)
    result = core.build(card_ids, role_cards, states, daily, retention, now, calibration)
    if json:
        from salesops_drill.ui.console import print_json

        print_json(result.to_dict())
        return
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_stats import render

    make_console().print(render(result))
