"""The supervisors' workbook over HTTP, read back with openpyxl."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import openpyxl
import pytest
from fastapi.testclient import TestClient

from core.services import Services
from tests.conftest import upn
from tests.export_records import SPRING_FORWARD, add_dip_check, add_record

Auth = Callable[[str], dict[str, str]]
PERIOD = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
def records(services: Services) -> dict[str, str]:
    """Records either side of the spring clock change, in both LPAs, one deleted."""
    db = services.database
    ids = {
        "before_change": add_record(
            db,
            "engagement",
            SPRING_FORWARD - timedelta(minutes=30),
            notes='=HYPERLINK("http://evil.example","click")',
            longitude=-1.20456,
            latitude=52.61234,
            community_groups=["young_people", "general_public"],
            partners=["council", "housing"],
        ),
        "after_change": add_record(db, "engagement", SPRING_FORWARD + timedelta(minutes=30)),
        "patrol": add_record(
            db,
            "patrol",
            datetime(2026, 3, 10, 9, tzinfo=UTC),
            patrol_type="hotspot_patrol",
            hotspot_id="hs-a1",
            hotspot_minutes=12,
            minutes=45,
        ),
        "abstraction": add_record(
            db, "abstraction", datetime(2026, 3, 11, 7, tzinfo=UTC), minutes=150, planned=False
        ),
        "other_lpa": add_record(
            db,
            "patrol",
            datetime(2026, 3, 12, 9, tzinfo=UTC),
            officer="stranger",
            team_id="team-b1",
            lpa_id="lpa-b",
        ),
        "deleted": add_record(
            db,
            "abstraction",
            datetime(2026, 3, 13, 9, tzinfo=UTC),
            deleted_at=datetime(2026, 3, 14, tzinfo=UTC),
            deleted_by=upn("officer"),
            delete_reason="entered twice",
        ),
    }
    add_dip_check(
        db, "patrol", ids["patrol"], "needs_improvement", datetime(2026, 3, 20, tzinfo=UTC)
    )
    return ids


def _book(reply_content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(BytesIO(reply_content))


def _rows(sheet) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_supervisor_workbook_holds_only_their_lpa_with_labels_and_london_times(
    client: TestClient, auth: Auth, records: dict[str, str]
) -> None:
    reply = client.get("/api/exports/workbook", params=PERIOD, headers=auth("supervisor"))
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in reply.headers["content-disposition"]
    book = _book(reply.content)
    assert book.sheetnames == ["Read me", "Summary", "Engagements", "Patrols", "Abstractions"]
    engagements = {r["ID"]: r for r in _rows(book["Engagements"])}
    patrols = {r["ID"]: r for r in _rows(book["Patrols"])}
    assert set(engagements) == {records["before_change"], records["after_change"]}
    assert set(patrols) == {records["patrol"]}
    assert _rows(book["Abstractions"])[0]["ID"] == records["abstraction"]
    assert len(_rows(book["Abstractions"])) == 1
    before = engagements[records["before_change"]]
    after = engagements[records["after_change"]]
    assert before["Started at"] == datetime(2026, 3, 29, 0, 30)
    assert after["Started at"] == datetime(2026, 3, 29, 2, 30)
    assert before["Engagement type"] == "Beat surgery"
    assert before["Community groups"] == "Young people; General public"
    assert before["Longitude"] == -1.20456
    assert before["Notes"] == '=HYPERLINK("http://evil.example","click")'
    patrol = patrols[records["patrol"]]
    assert patrol["Duration minutes"] == 45
    assert patrol["Patrol type"] == "Hotspot patrol"
    assert patrol["Dip check outcome"] == "Needs improvement"
    assert _rows(book["Abstractions"])[0]["Hours"] == 2.5


def test_user_text_stays_text_and_numbers_stay_numbers_in_the_xml(
    client: TestClient, auth: Auth, records: dict[str, str]
) -> None:
    reply = client.get("/api/exports/workbook", params=PERIOD, headers=auth("supervisor"))
    sheet = _book(reply.content)["Engagements"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == records["before_change"])
    notes = row[header.index("Notes")]
    assert notes.data_type == "s"
    assert row[header.index("Longitude")].data_type == "n"
    assert row[header.index("Started at")].is_date


def test_sheets_have_a_frozen_filtered_header_and_set_widths(
    client: TestClient, auth: Auth, records: dict[str, str]
) -> None:
    reply = client.get("/api/exports/workbook", params=PERIOD, headers=auth("manager"))
    book = _book(reply.content)
    for name, rows in (("Engagements", 2), ("Patrols", 2), ("Abstractions", 1)):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        last = sheet.cell(row=1, column=sheet.max_column).column_letter
        assert sheet.auto_filter.ref == f"A1:{last}{rows + 1}"
        assert sheet.column_dimensions["A"].width >= 36
        assert sheet.cell(row=1, column=1).font.b


def test_summary_and_read_me_describe_the_workbook(
    client: TestClient, auth: Auth, records: dict[str, str]
) -> None:
    reply = client.get("/api/exports/workbook", params=PERIOD, headers=auth("supervisor"))
    book = _book(reply.content)
    read_me = {r[0]: r[1] for r in book["Read me"].iter_rows(values_only=True) if r[0]}
    assert read_me["Classification"] == "OFFICIAL"
    assert "Alpha" in read_me["Scope"]
    assert read_me["From"] == datetime(2026, 3, 1)
    assert read_me["Records"] == 4
    assert upn("supervisor") in read_me["Generated for"]
    summary = list(book["Summary"].iter_rows(values_only=True))
    weekly = [r for r in summary if r[0] == "team-a1"]
    assert sum(r[6] for r in weekly) == 4
    hotspot = next(r for r in summary if r[0] == "hs-a1")
    assert hotspot[2:6] == (1, 12, 12.0, 1)
    abstraction = next(r for r in summary if r[0] == "Court")
    assert abstraction[1:5] == (1, 2.5, 0.0, 2.5)
    young = next(r for r in summary if r[0] == "Young people")
    assert young[1:] == (1, 0.5, None, None, None, None)
    checks = next(r for r in summary if r[0] == "Patrols" and r[1] == 1)
    assert checks[2:5] == (1, 1.0, 0)


@pytest.mark.parametrize(
    ("who", "params", "status"),
    [
        ("officer", {}, 403),
        ("auditor", {}, 403),
        ("supervisor", {"lpa_id": "lpa-b"}, 403),
        ("supervisor", {"team_id": "team-b1"}, 403),
        ("manager", {"lpa_id": "lpa-zz"}, 422),
        ("manager", {"lpa_id": "lpa-a", "team_id": "team-b1"}, 422),
        ("manager", {"from": "2026-04-01", "to": "2026-03-01"}, 422),
    ],
)
def test_workbook_is_refused_outside_the_callers_reach(
    client: TestClient, auth: Auth, who: str, params: dict[str, str], status: int
) -> None:
    reply = client.get("/api/exports/workbook", params=params, headers=auth(who))
    assert reply.status_code == status
    assert reply.headers["content-type"] == "application/problem+json"


def test_manager_can_export_one_team_of_another_lpa(
    client: TestClient, auth: Auth, records: dict[str, str]
) -> None:
    reply = client.get(
        "/api/exports/workbook", params={"team_id": "team-b1"}, headers=auth("manager")
    )
    assert reply.status_code == 200
    patrols = _rows(_book(reply.content)["Patrols"])
    assert [p["ID"] for p in patrols] == [records["other_lpa"]]


def test_saved_workbook_lands_in_the_export_folder_and_is_audited(
    client: TestClient, auth: Auth, services: Services, records: dict[str, str]
) -> None:
    body = {"lpa_id": "lpa-a", **PERIOD}
    reply = client.post("/api/exports/workbook", json=body, headers=auth("manager"))
    assert reply.status_code == 201, reply.text
    saved = reply.json()
    assert saved["rows"] == 4
    path = Path(url2pathname(urlparse(saved["url"]).path))
    assert path.is_file()
    assert path.is_relative_to(services.settings.data_dir / "exports")
    assert len(_rows(openpyxl.load_workbook(path)["Engagements"])) == 2
    with services.database.transaction(read_only=True) as tx:
        entries = tx.audit.list(upn=upn("manager"), limit=10).items
    disclosure = next(e for e in entries if e.action.value == "disclosure")
    assert disclosure.kind == "workbook"
    assert disclosure.detail is not None
    assert disclosure.detail["records"] == 4
    assert disclosure.detail["destination"] == saved["url"]
    assert disclosure.detail["lpa_id"] == "lpa-a"


def test_a_download_is_audited_as_a_disclosure(
    client: TestClient, auth: Auth, services: Services, records: dict[str, str]
) -> None:
    client.get("/api/exports/workbook", params=PERIOD, headers=auth("supervisor"))
    with services.database.transaction(read_only=True) as tx:
        entries = tx.audit.list(upn=upn("supervisor"), limit=10).items
    disclosure = next(e for e in entries if e.action.value == "disclosure")
    assert disclosure.detail is not None
    assert disclosure.detail["records"] == 4
    assert "Alpha" in disclosure.detail["scope"]


def test_an_unknown_field_in_the_order_is_refused(client: TestClient, auth: Auth) -> None:
    reply = client.post("/api/exports/workbook", json={"lpa": "lpa-a"}, headers=auth("manager"))
    assert reply.status_code == 422
