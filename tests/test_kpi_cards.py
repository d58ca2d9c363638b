"""The KPI concept cards: every core topic is taught three ways, and the worked numbers add up.

Each worked-number card's inputs and results are written out here by hand; the test
recomputes the results from the inputs and checks that the card states both. A typo in a
card's figures, or an arithmetic slip, fails here.
"""

from __future__ import annotations

import statistics
from decimal import ROUND_HALF_UP, Decimal

import pytest

#: topic -> (definition card, formula card, worked-number card)
TOPICS = {
    "win rate": (
        "c-kpis-win-rate-definition",
        "c-kpis-win-rate-formula",
        "c-worked-examples-win-rate-vs-close-rate",
    ),
    "quota attainment": (
        "c-kpis-quota-attainment-definition",
        "c-kpis-quota-attainment-formula",
        "c-worked-examples-quota-attainment",
    ),
    "sales velocity": (
        "c-kpis-sales-velocity-definition",
        "c-kpis-sales-velocity-formula",
        "c-worked-examples-sales-velocity",
    ),
    "forecast accuracy": (
        "c-kpis-forecast-accuracy-definition",
        "c-kpis-forecast-accuracy-formula",
        "c-worked-examples-forecast-accuracy",
    ),
    "churn": (
        "c-kpis-churn-definition",
        "c-kpis-churn-formula",
        "c-worked-examples-churn-retention",
    ),
    "weighted pipeline coverage": (
        "c-kpis-weighted-coverage-definition",
        "c-kpis-weighted-coverage-formula",
        "c-worked-examples-weighted-coverage",
    ),
}


def money(x: float) -> str:
    return f"${x:,.0f}"


def half_up(x: float, step: str) -> Decimal:
    """Round as people do on paper (0.825 -> 0.83), not to the nearest binary float."""
    return Decimal(str(x)).quantize(Decimal(step), rounding=ROUND_HALF_UP)


def pct(fraction: float) -> str:
    return f"{round(fraction * 100, 2):g}%"


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_has_a_definition_a_formula_and_a_worked_card(lib, topic):
    definition, formula, worked = (lib.card(cid) for cid in TOPICS[topic])
    assert definition is not None and "kpi" in definition.tags
    assert "formula" not in definition.tags
    assert formula is not None and {"kpi", "formula"} <= set(formula.tags)
    assert "=" in formula.back
    assert worked is not None and "worked-example" in worked.tags
    # the three cards share a topic tag, so `drill review --tag` finds them together
    assert set(definition.tags) & set(formula.tags) & set(worked.tags) - {"kpi", "formula"}


def _check(card, front: list[str], back: list[str]) -> None:
    missing_front = [s for s in front if s not in card.front]
    missing_back = [s for s in back if s not in card.back]
    assert (missing_front, missing_back) == ([], []), card.id


def test_win_rate_worked_numbers(lib):
    pitched, won, lost, still_open = 200, 40, 60, 100
    assert won + lost + still_open == pitched
    win_rate = won / (won + lost)
    close_rate = won / pitched
    assert (win_rate, close_rate) == (0.4, 0.2)
    _check(
        lib.card("c-worked-examples-win-rate-vs-close-rate"),
        [f"{pitched} prospects", f"{won} deals were won", f"{lost} were lost", f"{still_open} are"],
        [
            f"{won} / ({won} + {lost}) = {won} / {won + lost} = {pct(win_rate)}",
            f"{won} / {pitched} = {pct(close_rate)}",
        ],
    )


def test_quota_attainment_worked_numbers(lib):
    quota = 250_000
    bookings = [300_000, 260_000, 240_000, 180_000, 120_000]
    per_rep = [b / quota for b in bookings]
    assert [pct(a) for a in per_rep] == ["120%", "104%", "96%", "72%", "48%"]
    team = sum(bookings) / (quota * len(bookings))
    at_quota = sum(a >= 1 for a in per_rep)
    _check(
        lib.card("c-worked-examples-quota-attainment"),
        [money(quota), "$300k, $260k, $240k, $180k and $120k"],
        [
            *(
                f"{b // 1000}/{quota // 1000} = {pct(a)}"
                for b, a in zip(bookings, per_rep, strict=True)
            ),
            f"{money(sum(bookings))} / {money(quota * len(bookings))} = {pct(team)}",
            f"{at_quota} of {len(bookings)} reps = {pct(at_quota / len(bookings))}",
            f"median rep is at {pct(statistics.median(per_rep))}",
            f"from {pct(min(per_rep))} to {pct(max(per_rep))}",
        ],
    )


def test_sales_velocity_worked_numbers(lib):
    opportunities, win_rate, deal, cycle, faster = 50, 0.20, 20_000, 40, 30
    pipeline_value = opportunities * win_rate * deal
    velocity = pipeline_value / cycle
    assert velocity == 5_000
    _check(
        lib.card("c-worked-examples-sales-velocity"),
        [
            f"{opportunities} qualified opportunities",
            "20% win rate",
            money(deal),
            f"{cycle}-day cycle",
            f"{faster}-day cycle",
        ],
        [
            f"({opportunities} x {win_rate:.2f} x {money(deal)}) / {cycle}",
            f"= {money(pipeline_value)} / {cycle} = {money(velocity)} per day",
            f"{money(pipeline_value)} / {faster} = about {money(pipeline_value / faster)} per day",
            f"{cycle} / {faster} = {cycle / faster:.2f}",
        ],
    )


def test_forecast_accuracy_worked_numbers(lib):
    quarters = [(550, 500), (380, 400), (575, 500), (440, 400)]  # (forecast, actual), $k
    signed = [(f - a) / a for f, a in quarters]
    mape = sum(abs(e) for e in signed) / len(signed)
    bias = sum(signed) / len(signed)
    assert (round(mape, 4), round(bias, 4)) == (0.10, 0.075)
    lines = [
        f"Q{i}: error = {f} - {a} = {f - a:+d}, and {f - a:+d} / {a} = {e * 100:+g}%"
        for i, ((f, a), e) in enumerate(zip(quarters, signed, strict=True), start=1)
    ]
    _check(
        lib.card("c-worked-examples-forecast-accuracy"),
        [", ".join(f"{f} vs {a}" for f, a in quarters)],
        [*lines, f"= {pct(mape)}, i.e. about {pct(1 - mape)} accurate", f"= +{pct(bias)}"],
    )


def test_churn_and_retention_worked_numbers(lib):
    customers, arr = 200, 2_000_000
    lost, lost_arr, downgrades, expansion, new_arr = 30, 100_000, 50_000, 300_000, 400_000
    logo_churn = lost / customers
    kept = arr - lost_arr - downgrades
    grr = kept / arr
    nrr = (kept + expansion) / arr
    assert (logo_churn, grr, nrr) == (0.15, 0.925, 1.075)
    assert logo_churn == pytest.approx(2 * (1 - grr))  # "logo churn is twice revenue churn"
    _check(
        lib.card("c-worked-examples-churn-retention"),
        [
            f"{customers} customers",
            f"{money(arr)} ARR",
            f"{lost} customers leave",
            f"({money(lost_arr)} ARR)",
            f"downgrade by {money(downgrades)}",
            f"expand by {money(expansion)}",
            f"add {money(new_arr)}",
        ],
        [
            f"{lost} / {customers} = {pct(logo_churn)}",
            f"{money(arr)} - {money(lost_arr)} - {money(downgrades)} = {money(kept)}",
            f"{money(kept)} / {money(arr)} = {pct(grr)} (revenue churn {pct(1 - grr)})",
            f"({money(kept)} + {money(expansion)}) / {money(arr)}",
            f"= {money(kept + expansion)} / {money(arr)} = {pct(nrr)}",
            f"The {money(new_arr)} from new customers is left out",
        ],
    )


def test_weighted_coverage_worked_numbers(lib):
    remaining = 400_000
    stages = [(500_000, 0.10), (400_000, 0.25), (200_000, 0.50), (100_000, 0.80)]
    unweighted = sum(v for v, _ in stages)
    weighted_parts = [round(v * p) for v, p in stages]
    weighted = sum(weighted_parts)
    assert (unweighted / remaining, weighted, weighted / remaining) == (3.0, 330_000, 0.825)
    _check(
        lib.card("c-worked-examples-weighted-coverage"),
        [
            f"{money(remaining)} of quota remains",
            *(f"${v // 1000}k at stage {i} ({pct(p)})" for i, (v, p) in enumerate(stages, 1)),
        ],
        [
            f"{money(unweighted)} / {money(remaining)} = {unweighted / remaining:.1f}x",
            " + ".join(money(w) for w in weighted_parts) + f" = {money(weighted)}",
            f"{money(weighted)} / {money(remaining)} = {weighted / remaining:g}, about "
            f"{half_up(weighted / remaining, '0.01')}x",
            f"{money(remaining)} - {money(weighted)} = {money(remaining - weighted)}",
        ],
    )


def test_ltv_cac_worked_numbers_use_gross_margin(lib):
    ltv, margin, cac = 12_500, 0.80, 2_500
    margin_ltv = ltv * margin
    _check(
        lib.card("c-worked-examples-ltv-cac-ratio"),
        [money(ltv), "80%", money(cac)],
        [
            f"{money(ltv)} / {money(cac)} = {ltv // cac}, i.e. {ltv // cac}:1",
            f"{money(ltv)} x {margin:.2f} = {money(margin_ltv)}",
            f"{money(margin_ltv)} / {money(cac)} = {margin_ltv / cac:g}, i.e. "
            f"{margin_ltv / cac:g}:1",
            "~3:1",
        ],
    )

    arpu, churn, margin, cac = 6_000, 0.20, 0.75, 7_500
    revenue_ltv = arpu / churn
    margin_ltv = revenue_ltv * margin
    assert (1 / churn, revenue_ltv / cac, margin_ltv / cac) == (5, 4, 3)
    _check(
        lib.card("c-worked-examples-ltv-cac-annual"),
        [money(arpu), "20%", "75%", money(cac)],
        [
            f"1 / {churn:.2f} = {1 / churn:g} years",
            f"{money(arpu)} / {churn:.2f} = {money(revenue_ltv)} ({revenue_ltv / cac:g}:1",
            f"{money(revenue_ltv)} x {margin:.2f} = {money(margin_ltv)}",
            f"{money(margin_ltv)} / {money(cac)} = {margin_ltv / cac:g}, i.e. "
            f"{margin_ltv / cac:g}:1",
        ],
    )
