"""Rosters from a duty management system: `npt duties import FILE.csv` and the admin endpoint
load a good file whole and refuse a bad one whole, naming every rejected row."""

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from core.services import Services
from functions.cli import main
from schemas.duty import DutySource
from store.database import Database
from store.duties import RosterScope
from tests.conftest import LPA_A, TEAM_A1, upn

Auth = Callable[[str], dict[str, str]]
CSV = {"Content-Type": "text/csv"}
GOOD = (
    "upn,start,end,duty_type\n"
    "officer@test.example,2026-07-06T07:00,2026-07-06T17:00,Day turn\n"
    "OFFICER@test.example,2026-07-07T07:00:00+01:00,2026-07-07T17:00:00+01:00,Day turn\n"
    "teammate@test.example,2026-07-06T14:00,2026-07-07T00:00,Late turn\n"
    "\n"
)
BAD = (
    "upn,start,end,duty_type\n"
    "officer@test.example,2026-07-06T07:00,2026-07-06T17:00,Day turn\n"
    "nobody@test.example,2026-07-06T07:00,2026-07-06T17:00,Day turn\n"
    "teammate@test.example,2026-07-06T17:00,2026-07-06T07:00,Late turn\n"
    "officer@test.example,2026-07-06T16:00,2026-07-06T20:00,Overtime\n"
    "teammate@test.example,yesterday,2026-07-06T07:00,Late turn\n"
    "teammate@test.example,2026-07-08T07:00\n"
)


YEAR = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))


def duties(database: Database) -> list[tuple[str, str, str]]:
    with database.transaction(read_only=True) as tx:
        found = tx.duties.between(RosterScope(), *YEAR)
    return sorted((d.upn, d.starts_at.isoformat(), d.source.value) for d in found)


def existing_duty(database: Database) -> None:
    with database.transaction() as tx:
        tx.duties.add(
            [
                {
                    "id": "demo-1",
                    "upn": upn("officer"),
                    "team_id": TEAM_A1,
                    "lpa_id": LPA_A,
                    "starts_at": datetime(2026, 7, 1, 7, tzinfo=UTC),
                    "ends_at": datetime(2026, 7, 1, 15, tzinfo=UTC),
                    "duty_type": "Demo",
                    "source": DutySource.DEMO.value,
                }
            ]
        )
        tx.commit()


def test_admin_loads_a_good_roster_in_place_of_the_demo_one(
    client: TestClient, auth: Auth, services: Services
) -> None:
    existing_duty(services.database)
    reply = client.post("/api/admin/duties", content=GOOD, headers=auth("admin") | CSV)
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"duties": 3}
    assert duties(services.database) == [
        (upn("officer"), "2026-07-06T06:00:00+00:00", "imported"),
        (upn("officer"), "2026-07-07T06:00:00+00:00", "imported"),
        (upn("teammate"), "2026-07-06T13:00:00+00:00", "imported"),
    ]
    mine = client.get(
        "/api/me/duties", params={"from": "2026-07-06"}, headers=auth("officer")
    ).json()["items"]
    assert [d["start"] for d in mine] == ["2026-07-06T07:00:00+01:00", "2026-07-07T07:00:00+01:00"]


def test_a_bad_roster_is_refused_with_every_rejected_row_and_nothing_loaded(
    client: TestClient, auth: Auth, services: Services
) -> None:
    existing_duty(services.database)
    before = duties(services.database)
    reply = client.post("/api/admin/duties", content=BAD, headers=auth("admin") | CSV)
    assert reply.status_code == 422
    errors = [(e["field"], e["message"]) for e in reply.json()["errors"]]
    assert errors == [
        ("row 3.upn", "is not a person in the people data"),
        ("row 4.end", "must be after start"),
        ("row 5.start", "overlaps the duty in row 2"),
        ("row 6.start", errors[3][1]),
        ("row 7", "has 2 values, not 4"),
    ]
    assert "2026-11-26T07:00" in errors[3][1]
    assert duties(services.database) == before


WRONG = [
    (
        "person,start,end,duty_type\nofficer@test.example,2026-07-06T07:00,2026-07-06T17:00,D\n",
        "file",
    ),
    ("upn,start,end\nofficer@test.example,2026-07-06T07:00,2026-07-06T17:00\n", "file"),
    ("upn,start,end,duty_type\n", "file"),
    ("", "body"),
]


def test_a_roster_with_the_wrong_columns_or_no_duties_is_refused(
    client: TestClient, auth: Auth, services: Services
) -> None:
    for text, field in WRONG:
        reply = client.post("/api/admin/duties", content=text, headers=auth("admin") | CSV)
        assert reply.status_code == 422, text
        assert reply.json()["errors"][0]["field"] == field
    assert duties(services.database) == []


def test_only_administrators_load_rosters(
    client: TestClient, auth: Auth, services: Services
) -> None:
    for who in ("officer", "supervisor", "manager"):
        reply = client.post("/api/admin/duties", content=GOOD, headers=auth(who) | CSV)
        assert reply.status_code == 403
    assert duties(services.database) == []


def test_a_roster_import_is_in_the_processing_log(
    client: TestClient, auth: Auth, services: Services
) -> None:
    client.post("/api/admin/duties", content=GOOD, headers=auth("admin") | CSV)
    with services.database.transaction(read_only=True) as tx:
        [entry] = tx.audit.list(upn=upn("admin"), limit=10).items
    assert (entry.action.value, entry.kind, entry.detail) == ("collection", "duty", {"duties": 3})


@pytest.fixture
def command_line(services: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Database:
    monkeypatch.setenv("NPT_MODE", "embedded")
    monkeypatch.setenv("NPT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NPT_DATABASE_URL", services.database.url.render_as_string(False))
    return services.database


def test_npt_duties_import_loads_a_good_file(
    command_line: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    assert main(["duties", "import", str(path)]) == 0
    assert capsys.readouterr().out == f"loaded 3 duties from {path}\n"
    assert len(duties(command_line)) == 3


def test_npt_duties_import_lists_rejected_rows_and_changes_nothing(
    command_line: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(BAD)
    assert main(["duties", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "was not loaded; nothing changed" in err
    assert "  row 3.upn: is not a person in the people data\n" in err
    assert "  row 5.start: overlaps the duty in row 2\n" in err
    assert duties(command_line) == []
    assert main(["duties", "import", str(tmp_path / "missing.csv")]) == 2
