"""The demo force: deterministic, shaped like a real force, and every record valid for the API."""

import random
import re
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import pytest

from core.demo import DemoData, generate
from schemas.kinds import ACTIVITY_KINDS, ORGANISATION_LISTS
from schemas.person import Rank
from schemas.roles import Role
from store import tables

ANCHOR = date(2026, 11, 26)
NOW = datetime.combine(ANCHOR, time(), tzinfo=UTC) + timedelta(days=1)
RECORDS = 20_000
TEXT_FIELDS = ("notes", "issues_raised", "actions_agreed", "feedback_text", "location")


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(seed=7, anchor=ANCHOR, records=RECORDS)


def all_records(data: DemoData) -> list[dict]:
    return [row for rows in data.activities.values() for row in rows]


def test_same_seed_and_anchor_give_the_same_data() -> None:
    first = generate(seed=3, anchor=ANCHOR, records=2_000)
    assert first == generate(seed=3, anchor=ANCHOR, records=2_000)
    assert first != generate(seed=4, anchor=ANCHOR, records=2_000)


def test_rows_have_exactly_the_columns_of_their_tables(data: DemoData) -> None:
    for rows, table in (
        (data.lpas, tables.lpas),
        (data.teams, tables.teams),
        (data.people, tables.people),
        (data.priorities, tables.priorities),
        (data.hotspots, tables.hotspots),
    ):
        columns = set(table.columns.keys())
        assert all(set(row) == columns for row in rows), table.name
    for kind, rows in data.activities.items():
        columns = set(tables.activity_tables[kind].columns.keys())
        assert columns == {
            *ACTIVITY_KINDS[kind].spec.names,
            "deleted_at",
            "deleted_by",
            "delete_reason",
        }
        assert all(set(row) == columns for row in rows), kind


def test_every_generated_record_passes_the_api_rules(data: DemoData) -> None:
    sample = random.Random(0)
    for kind, rows in data.activities.items():
        spec = ACTIVITY_KINDS[kind]
        writable = spec.create.model_fields.keys()
        for row in sample.sample(rows, 2_000):
            record = spec.create.model_validate({name: row[name] for name in writable})
            assert record.breaches(NOW) == [], row
            assert all(row[name] == value for name, value in record.derived().items()), row
            spec.read.model_validate({k: v for k, v in row.items() if not k.startswith("delete")})
            assert row["deleted_at"] is None and row["version"] == 1 and row["warnings"] == []
            assert row["created_by"] == row["updated_by"] == row["officer"]
            assert row["created_at"] == row["updated_at"] > (row["ended_at"] or row["started_at"])


def test_organisation_rows_pass_their_models(data: DemoData) -> None:
    for name, rows in (
        ("lpa", data.lpas),
        ("team", data.teams),
        ("person", data.people),
        ("priority", data.priorities),
        ("hotspot", data.hotspots),
    ):
        model, _ = ORGANISATION_LISTS[name]
        for row in rows:
            model.model_validate(row)


def test_demo_accounts_come_first_with_their_roles(data: DemoData) -> None:
    expected = [
        ("demo.officer@northshire.example", "pc", Role.OFFICER),
        ("demo.supervisor@northshire.example", "sgt", Role.SUPERVISOR),
        ("demo.manager@northshire.example", "insp", Role.MANAGER),
        ("demo.admin@northshire.example", "staff", Role.ADMIN),
        ("demo.auditor@northshire.example", "staff", Role.AUDITOR),
    ]
    first = data.people[:5]
    assert [(p["upn"], p["rank"], data.roles[p["entra_object_id"]]) for p in first] == expected
    assert {(p["team_id"], p["lpa_id"]) for p in first} == {("team-01-01", "lpa-01")}
    demo_team = [p for p in data.people[5:] if p["team_id"] == "team-01-01"]
    officers = [p for p in demo_team if data.roles[p["entra_object_id"]] == Role.OFFICER]
    assert len([p for p in officers if p["rank"] in ("pc", "pcso")]) >= 2


def test_upns_and_object_ids_are_unique(data: DemoData) -> None:
    upns = [p["upn"] for p in data.people]
    object_ids = [p["entra_object_id"] for p in data.people]
    assert len(set(upns)) == len(upns)
    assert len(set(object_ids)) == len(object_ids)
    assert set(data.roles) == set(object_ids)
    assert all(re.fullmatch(r"[a-z]+\.[a-z]+\d*@northshire\.example", upn) for upn in upns)


def test_everyone_has_a_unique_collar_or_staff_number(data: DemoData) -> None:
    collars = [p["collar_number"] for p in data.people]
    assert all(collars) and len(set(collars)) == len(collars)


def test_the_force_has_ten_lpas_of_five_to_eight_teams_and_about_six_hundred_people(
    data: DemoData,
) -> None:
    assert [lpa["id"] for lpa in data.lpas] == [f"lpa-{n:02d}" for n in range(1, 11)]
    per_lpa = Counter(team["lpa_id"] for team in data.teams)
    assert all(5 <= per_lpa[lpa["id"]] <= 8 for lpa in data.lpas)
    assert all(re.fullmatch(r"team-\d\d-\d\d", team["id"]) for team in data.teams)
    assert len({team["name"] for team in data.teams}) == len(data.teams)
    assert 500 <= len(data.people) <= 750
    assert {p["rank"] for p in data.people} == {rank.value for rank in Rank}


def test_roles_are_mostly_officers_with_a_supervisor_per_team_and_few_others(
    data: DemoData,
) -> None:
    roles = Counter(data.roles.values())
    assert roles[Role.ADMIN] == 2 and roles[Role.AUDITOR] == 2
    assert 2 <= roles[Role.MANAGER] <= 5
    assert roles[Role.OFFICER] > 0.8 * len(data.people)
    supervisors = {
        p["team_id"] for p in data.people if data.roles[p["entra_object_id"]] == Role.SUPERVISOR
    }
    assert supervisors == {team["id"] for team in data.teams}


def test_teams_have_current_priorities_and_hotspots_in_england(data: DemoData) -> None:
    current = Counter(p["team_id"] for p in data.priorities if p["current"])
    hotspots = Counter(h["team_id"] for h in data.hotspots)
    year_ago = ANCHOR - timedelta(days=365)
    for team in data.teams:
        assert 1 <= current[team["id"]] <= 3 and 2 <= hotspots[team["id"]] <= 4
    assert any(not p["current"] for p in data.priorities)
    for priority in data.priorities:
        assert year_ago <= priority["set_on"] < ANCHOR
        reviewed = priority["reviewed_on"]
        assert reviewed is None or priority["set_on"] <= reviewed < ANCHOR
    for hotspot in data.hotspots:
        assert 52.0 < hotspot["latitude"] < 53.2 and -2.0 < hotspot["longitude"] < -0.5
        assert round(hotspot["latitude"], 5) == hotspot["latitude"]


def test_records_fall_in_the_year_before_the_anchor_split_by_kind(data: DemoData) -> None:
    start = NOW - timedelta(days=366)
    counts = {kind: len(rows) for kind, rows in data.activities.items()}
    assert sum(counts.values()) == RECORDS
    for kind, share in (("patrol", 0.40), ("engagement", 0.35), ("abstraction", 0.25)):
        assert abs(counts[kind] / RECORDS - share) < 0.02
    for row in all_records(data):
        assert start <= row["started_at"] < NOW - timedelta(days=1)
        assert row["started_at"].tzinfo is UTC


def test_weekdays_and_daytime_are_busier(data: DemoData) -> None:
    starts = [row["started_at"] for row in all_records(data)]
    weekdays = Counter(s.weekday() for s in starts)
    hours = Counter(s.hour for s in starts)
    assert min(weekdays[d] for d in range(5)) > 1.3 * max(weekdays[5], weekdays[6])
    assert sum(hours[h] for h in range(9, 18)) > 5 * sum(hours[h] for h in range(0, 6))


def test_records_are_by_officers_and_supervisors_in_their_own_team(data: DemoData) -> None:
    people = {p["upn"]: p for p in data.people}
    for row in all_records(data):
        person = people[row["officer"]]
        assert data.roles[person["entra_object_id"]] in (Role.OFFICER, Role.SUPERVISOR)
        assert (row["team_id"], row["lpa_id"]) == (person["team_id"], person["lpa_id"])


def test_hotspot_patrols_visit_their_teams_hotspots_mostly_for_the_evidence_based_dose(
    data: DemoData,
) -> None:
    hotspot_team = {h["id"]: h["team_id"] for h in data.hotspots}
    visits = [p for p in data.activities["patrol"] if p["patrol_type"] == "hotspot_patrol"]
    assert all(hotspot_team[p["hotspot_id"]] == p["team_id"] for p in visits)
    dosed = [p for p in visits if 10 <= p["hotspot_minutes"] <= 16]
    assert len(dosed) > 0.5 * len(visits)


def test_about_sixty_percent_link_a_current_priority_of_their_team(data: DemoData) -> None:
    current = {p["id"]: p["team_id"] for p in data.priorities if p["current"]}
    for kind in ("engagement", "patrol"):
        rows = data.activities[kind]
        linked = [row for row in rows if row["priority_id"]]
        assert all(current[row["priority_id"]] == row["team_id"] for row in linked)
        assert 0.55 < len(linked) / len(rows) < 0.67
    assert all(row["priority_id"] is None for row in data.activities["abstraction"])


def test_about_seventy_percent_of_records_have_coordinates(data: DemoData) -> None:
    rows = all_records(data)
    located = [row for row in rows if row["latitude"] is not None]
    assert 0.65 < len(located) / len(rows) < 0.75
    assert all(row["longitude"] is not None for row in located)


def test_free_text_has_common_middling_and_rare_words(data: DemoData) -> None:
    rows = all_records(data)
    words_per_row = [
        set(re.findall(r"[a-z][a-z'-]+", " ".join(row.get(f) or "" for f in TEXT_FIELDS).lower()))
        for row in rows
    ]
    frequency = Counter(word for words in words_per_row for word in words)
    share = {word: count / len(rows) for word, count in frequency.items()}
    assert len(share) > 800
    assert sum(1 for s in share.values() if s >= 0.08) >= 10
    assert sum(1 for s in share.values() if 0.005 <= s <= 0.02) >= 50
    assert sum(1 for s in share.values() if s <= 0.002) >= 20
    for word in ("patrolled", "patrolling", "reassurance", "residents", "shopkeepers", "youths"):
        assert share[word] > 0.001, word


def test_free_text_stays_within_the_field_limits(data: DemoData) -> None:
    for row in all_records(data):
        assert 1 <= len(row["location"]) <= 200
        assert all(len(row.get(f) or "") <= 4000 for f in TEXT_FIELDS)
