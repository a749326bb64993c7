"""Months, keys and the date dimension of the Power BI extract."""

import random
from datetime import UTC, date, datetime

import pyarrow as pa

from exports.dimensions import (
    Keys,
    date_table,
    dimension_table,
    month_labelled,
    months,
    rounded,
    rounded_array,
    stable_key,
    stable_keys,
)
from schemas.base import LONDON


def test_a_month_starts_at_london_midnight_whatever_the_season() -> None:
    found = months(datetime(2026, 3, 31, 23, 30, tzinfo=UTC), datetime(2026, 4, 2, tzinfo=UTC))
    assert [m.label for m in found] == ["2026-04"]
    april = found[0]
    assert april.start == datetime(2026, 3, 31, 23, 0, tzinfo=UTC)
    assert april.end.astimezone(LONDON).hour == 0


def test_months_run_across_a_year_end() -> None:
    found = months(datetime(2025, 11, 5, tzinfo=UTC), datetime(2026, 2, 1, 12, tzinfo=UTC))
    assert [m.label for m in found] == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_keys_are_stable_positive_63_bit_integers() -> None:
    key = stable_key("patrol", "5b0c9a3e-6f0e-4b7e-9a57-0d3f7f1c2a11")
    assert key == stable_key("patrol", "5b0c9a3e-6f0e-4b7e-9a57-0d3f7f1c2a11")
    assert 0 < key < 2**63
    assert key != stable_key("engagement", "5b0c9a3e-6f0e-4b7e-9a57-0d3f7f1c2a11")
    assert Keys("team")("team-a1") == stable_key("team", "team-a1")
    assert Keys("team")(None) is None


def test_the_date_dimension_covers_whole_financial_years() -> None:
    table = date_table(date(2026, 3, 30), date(2026, 4, 2)).to_pylist()
    assert table[0]["date"] == date(2025, 4, 1) and table[-1]["date"] == date(2027, 3, 31)
    new_year = next(r for r in table if r["date"] == date(2027, 1, 1))
    assert new_year["iso_year"] == 2026 and new_year["iso_week"] == 53
    assert new_year["financial_year"] == "2026/27" and new_year["financial_quarter"] == 4


def test_dimensions_carry_keys_labels_and_rounded_coordinates() -> None:
    spots = dimension_table(
        "hotspot",
        [
            {
                "id": "hs-1",
                "team_id": "t1",
                "lpa_id": "l1",
                "name": "Square",
                "latitude": 52.61234,
                "longitude": -1.20456,
            }
        ],
    ).to_pylist()
    assert spots[0]["hotspot_key"] == stable_key("hotspot", "hs-1")
    assert spots[0]["team_key"] == stable_key("team", "t1")
    assert (spots[0]["latitude"], spots[0]["longitude"]) == (52.612, -1.205)
    people = dimension_table(
        "person",
        [
            {
                "upn": "a@x",
                "entra_object_id": "o",
                "display_name": "A",
                "collar_number": None,
                "rank": "pcso",
                "team_id": "t1",
                "lpa_id": "l1",
            }
        ],
    ).to_pylist()
    assert people[0]["rank"] == "PCSO" and people[0]["person_key"] == stable_key("person", "a@x")


def test_a_month_is_found_by_its_label() -> None:
    march = months(datetime(2026, 3, 10, tzinfo=UTC), datetime(2026, 3, 10, tzinfo=UTC))[0]
    assert month_labelled("2026-03") == march


def test_keys_of_many_naturals_are_the_keys_of_each() -> None:
    naturals = ["a", "5b0c9a3e-6f0e-4b7e-9a57-0d3f7f1c2a11", "é"]
    assert stable_keys("patrol", naturals) == [stable_key("patrol", n) for n in naturals]


def test_coordinates_round_in_arrow_exactly_as_python_rounds() -> None:
    draw = random.Random(7)
    values = [52.3895, -1.0005, 2.675, 0.0005, None, -0.0, 1e-9]
    values += [round(draw.uniform(-3, 56), 5) for _ in range(5_000)]
    found = rounded_array(pa.array(values, pa.float64())).to_pylist()
    assert found == [rounded(v) for v in values]
