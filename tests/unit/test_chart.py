"""The summary chart renders for no records, one week and 52 weeks, and says what it shows."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from core.chart import COLOURS, chart, describe, render
from schemas.my_activity import Figures, Summary, WeekFigures

SVG = "{http://www.w3.org/2000/svg}"
FIRST = date(2025, 12, 1)


def summary(weeks: list[dict[str, int]]) -> Summary:
    def figures(counts: dict[str, int]) -> dict[str, object]:
        full = {k: counts.get(k, 0) for k in ("engagement", "patrol", "abstraction")}
        return {
            "counts": full,
            "total": sum(full.values()),
            "patrol_minutes": 0,
            "abstraction_hours": 0.0,
            "rostered_hours": None,
            "abstraction_rate": None,
        }

    totals: dict[str, int] = {}
    for week in weeks:
        for kind, n in week.items():
            totals[kind] = totals.get(kind, 0) + n
    return Summary(
        weeks=[
            WeekFigures(week=f"W{n}", starts_on=FIRST + timedelta(weeks=n), **figures(counts))
            for n, counts in enumerate(weeks)
        ],
        totals=Figures(**figures(totals)),
        dip_checks={},
    )


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the service's own output, not untrusted input


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]


def test_chart_for_an_officer_with_no_records_says_so() -> None:
    root = parse(render(summary([{}] * 12)))
    assert root.find(f"{SVG}title").text == "My records per week"
    assert root.find(f"{SVG}desc").text == (
        "You made no records in the 12 weeks starting 1 Dec 2025."
    )
    assert bars(root) == []
    assert "No records in these weeks" in "".join(root.itertext())


def test_chart_of_one_week_stacks_each_kind_with_its_own_colour() -> None:
    root = parse(render(summary([{"patrol": 3, "engagement": 1, "abstraction": 2}])))
    desc = root.find(f"{SVG}desc").text
    assert desc == (
        "Records you made per week in the week of 1 Dec 2025: 6 in total "
        "(3 patrols, 1 engagement, 2 abstractions)."
    )
    drawn = bars(root)
    assert [r.get("fill") for r in drawn] == list(COLOURS.values())
    tops = [float(r.get("y")) for r in drawn]
    assert tops == sorted(tops, reverse=True)
    heights = [float(r.get("height")) for r in drawn]
    assert heights[0] == pytest.approx(3 * heights[1], rel=0.02)


def test_chart_of_52_weeks_fits_the_same_frame_and_names_the_busiest_week() -> None:
    weeks = [{"patrol": n % 5, "engagement": (n * 3) % 4} for n in range(52)]
    weeks[30] = {"patrol": 9, "engagement": 9, "abstraction": 9}
    root = parse(render(summary(weeks)))
    assert root.get("viewBox") == "0 0 360 240"
    assert "Busiest week: the week of 29 Jun, with 27." in root.find(f"{SVG}desc").text
    for bar in bars(root):
        assert float(bar.get("x")) >= 0 and float(bar.get("x")) + float(bar.get("width")) <= 360
        assert float(bar.get("y")) >= 50
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("y") == "220"]
    assert 4 <= len(labels) <= 7


def test_chart_is_labelled_for_screen_readers() -> None:
    root = parse(render(summary([{"patrol": 1}] * 3)))
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby").split()
    assert [root.find(f"{SVG}{tag}").get("id") for tag in ("title", "desc")] == ids


def test_chart_colours_are_three_distinct_colour_blind_safe_ones() -> None:
    assert len(set(COLOURS.values())) == 3
    assert "#E69F00" in COLOURS.values() and "#0072B2" in COLOURS.values()


def test_data_uri_carries_the_same_svg() -> None:
    made = chart(summary([{"patrol": 2}]))
    assert made.data_uri.startswith("data:image/svg+xml;base64,")
    assert describe(summary([{"patrol": 2}])) in made.svg
