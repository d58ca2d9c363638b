"""``drill optimize``: fit FSRS parameters to your own review log."""

from typing import Annotated

import typer

from salesops_drill.cli.common import JsonFlag, open_store, say


def optimize(
    reset: Annotated[
        bool,
        typer.Option("--reset", help="Drop the fitted parameters and go back to FSRS's defaults."),
    ] = False,
    json: JsonFlag = False,
) -> None:
    """Fit the FSRS memory model to your own reviews.

    Intervals and the plan's predictions then follow how you remember rather than the
    average user. Needs a few hundred reviews of cards seen on an earlier day, and the optional
    optimizer: pip install 'salesops-drill[optimize]'. Shows the log loss on your log
    (lower is better) with the parameters in use and with the fitted ones; keeps the
    fitted ones only if they do better.

    Example: drill optimize
    """
    from salesops_drill import clock, fitted
    from salesops_drill import optimize as core
    from salesops_drill.errors import DrillError

    with open_store() as store:
        if reset:
            dropped = fitted.reset(store)
            if json:
                _print_json({"reset": dropped})
            elif dropped:
                say("Back to FSRS's default parameters.")
            else:
                say("Already using FSRS's default parameters.")
            return
        items = core.items_from_log(store.review_log())
        more = core.missing(items)
        if more:
            raise DrillError(
                f"too little history to fit: drill optimize needs {core.MIN_REVIEWS} reviews of "
                f"cards seen on an earlier day, and you have {len(items)}; about {more} more "
                "(a few weeks of daily reviews)"
            )
        current, _ = fitted.load(store)
        fit = core.fit(items, current.parameters if current else None)
        if fit.better:
            now = clock.now()
            fitted.save(
                store,
                fitted.Fitted(
                    fit.parameters,
                    now.isoformat(timespec="seconds"),
                    fit.reviews,
                    fit.log_loss_before,
                    fit.log_loss_after,
                ),
            )
    if json:
        _print_json(
            {
                "reviews": fit.reviews,
                "seconds": round(fit.seconds, 3),
                "log_loss_before": fit.log_loss_before,
                "log_loss_after": fit.log_loss_after,
                "kept": fit.better,
                "parameters": list(fit.parameters),
            }
        )
        return
    before = "the fitted parameters in use" if current else "FSRS's defaults"
    say(f"Fitted FSRS to {fit.reviews:,} of your reviews in {fit.seconds:.1f} s.")
    say(
        f"Log loss on your log (lower is better): {fit.log_loss_before:.4f} with {before}, "
        f"{fit.log_loss_after:.4f} fitted."
    )
    if fit.better:
        say(
            "Saved: scheduling and plan predictions use them from now on "
            "('drill optimize --reset' goes back to the defaults)."
        )
    else:
        say(f"The fit does not predict your reviews better, so {before} stay in use.")


def _print_json(data) -> None:
    from salesops_drill.ui.console import print_json

    print_json(data)
