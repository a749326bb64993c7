"""Demo content for the embedded default: folders, items, keyholders, news, good practice and
feedback, the same every time for the same anchor date. Names and numbers are fictional
(phone numbers from the ranges Ofcom keeps for drama)."""

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from core.content import repository, values_of
from core.demo import DemoData
from core.demo_force import DEMO_TEAM
from core.sanitise import sanitise
from schemas.base import LONDON
from schemas.content import (
    FEEDBACK,
    FOLDER,
    ITEM,
    KEYHOLDER,
    NEWS,
    WHAT_WORKS_WELL,
    ContentList,
)
from schemas.content_fields import FORCE
from schemas.roles import Role
from store.database import Transaction

NAMESPACE = uuid.UUID("6f1d2c1e-3b1a-4d8e-9a57-0c5e2b7d9f10")


class _Rows:
    """Rows of one list, checked by its create model as the API would check them."""

    def __init__(self, anchor: date, people: dict[str, dict[str, Any]]) -> None:
        self.noon = datetime.combine(anchor, time(12), LONDON)
        self.people = people
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def add(self, content: ContentList, key: str, by: str, days_ago: int, **values: Any) -> str:
        server = {n: values.pop(n) for n in list(values) if n not in content.create.model_fields}
        data = content.create.model_validate(values)
        at = self.noon - timedelta(days=days_ago)
        record_id = str(uuid.uuid5(NAMESPACE, f"{content.name}:{key}"))
        row = sanitise(content, values_of(data)) | server
        row |= {
            "id": record_id,
            "version": 1,
            "created_at": at,
            "created_by": self.people[by]["upn"],
            "updated_at": at,
            "updated_by": self.people[by]["upn"],
            "warnings": [],
        }
        self.rows.setdefault(content.name, []).append(row)
        return record_id

    def area(self, who: str) -> dict[str, Any]:
        person = self.people[who]
        return {"team_id": person["team_id"], "lpa_id": person["lpa_id"]}


def _demo_people(data: DemoData) -> dict[str, dict[str, Any]]:
    """The well-known demo accounts by role name: officer, supervisor, admin, ..."""
    found = {}
    for person in data.people:
        if person["team_id"] == DEMO_TEAM and person["upn"].startswith("demo."):
            role: Role = data.roles[person["entra_object_id"]]
            found[role.value] = person
    return found


def _useful_info(rows: _Rows, home: str, other: str) -> None:
    guidance = rows.add(FOLDER, "guidance", "admin", 60, name="Force guidance")
    custody = rows.add(
        FOLDER, "custody", "admin", 60, name="Custody and detention", parent_id=guidance
    )
    local = rows.add(FOLDER, "local", "supervisor", 50, name="Local contacts", lpa_id=home)
    keys = rows.add(
        FOLDER, "keys", "supervisor", 50, name="Keyholders", parent_id=local, lpa_id=home
    )
    rows.add(FOLDER, "other-local", "admin", 50, name="Local contacts", lpa_id=other)
    rows.add(
        ITEM,
        "custody-suites",
        "admin",
        40,
        folder_id=custody,
        title="Custody suites and opening hours",
        body="<p>Central custody is open <strong>24 hours</strong>.</p>"
        "<ul><li>North: 07:00-23:00</li><li>South: closed on bank holidays</li></ul>",
        location="Central police station",
        lpa_id=None,
    )
    rows.add(
        ITEM,
        "pact-guide",
        "admin",
        30,
        folder_id=guidance,
        title="Running a PACT meeting",
        body="<p>Agree up to three priorities and review them every three months.</p>",
        link="https://guidance.northshire.example/pact",
        lpa_id=None,
    )
    rows.add(
        ITEM,
        "council-out-of-hours",
        "supervisor",
        20,
        folder_id=local,
        title="Council out-of-hours contacts",
        body="<p>Noise, fly-tipping and housing: call the duty officer.</p>",
        link="https://council.northshire.example/out-of-hours",
        location="Town hall, Market Street",
        latitude=52.451,
        longitude=-1.652,
        lpa_id=home,
    )
    for n, (premises, address, name, phone) in enumerate(
        (
            ("Mill Lane Community Centre", "1 Mill Lane", "Pat Morgan", "07700 900101"),
            ("St Anne's Church Hall", "14 Church Street", "Sam Okafor", "07700 900102"),
            ("Riverside Bowls Club", "Riverside Walk", "Chris Patel", "0116 496 0103"),
        )
    ):
        rows.add(
            KEYHOLDER,
            f"home-{n}",
            "supervisor",
            15 + n,
            folder_id=keys,
            premises=premises,
            address=address,
            keyholder_name=name,
            phone=phone,
            lpa_id=home,
        )
    rows.add(
        KEYHOLDER,
        "other-0",
        "admin",
        15,
        premises="Northgate Library",
        address="2 Northgate",
        keyholder_name="Alex Reid",
        phone="07700 900104",
        lpa_id=other,
    )


def _news(rows: _Rows, home: str) -> None:
    noon = rows.noon
    for key, days_ago, values in (
        ("welcome", 30, {"title": "Welcome to the NPT app", "pinned": True}),
        ("radios", 3, {"title": "New radios from Monday", "audience": home}),
        ("survey", 45, {"title": "Staff survey closed", "until": 20}),
    ):
        until = values.pop("until", None)
        rows.add(
            NEWS,
            key,
            "admin",
            days_ago,
            body='<p>Read more on the <a href="https://intranet.northshire.example/news">'
            "intranet</a>.</p>",
            publish_from=noon - timedelta(days=days_ago),
            publish_until=None if until is None else noon - timedelta(days=until),
            **{"audience": FORCE, "pinned": False, **values},
        )


def _forms(rows: _Rows) -> None:
    officer, supervisor = rows.people["officer"]["upn"], rows.people["supervisor"]["upn"]
    for key, days_ago, status, values in (
        ("bikes", 40, "shared", {"title": "Bike marking at the station", "evidence": "worked"}),
        ("walks", 10, "new", {"title": "Walk-and-talk with older residents"}),
    ):
        reviewed = status != "new"
        rows.add(
            WHAT_WORKS_WELL,
            key,
            "officer",
            days_ago,
            summary="A short account of what we tried and what changed.",
            what_was_done="<p>Two sessions a month with <strong>partners</strong>.</p>",
            outcome="Fewer reports in the following quarter.",
            topic="Community engagement",
            contact=officer,
            status=status,
            reviewer_notes="Shared with every LPA." if reviewed else None,
            reviewed_by=supervisor if reviewed else None,
            reviewed_at=rows.noon - timedelta(days=days_ago - 5) if reviewed else None,
            **{"evidence": "promising", **values},
            **rows.area("officer"),
        )
    rows.add(
        FEEDBACK,
        "slow-form",
        "officer",
        8,
        category="suggestion",
        description="Let the patrol form remember my usual hotspot.",
        where="Patrol form",
        device="Android phone",
        status="in_progress",
        reply="Good idea: planned for the next release.",
        replied_by=rows.people["admin"]["upn"],
        replied_at=rows.noon - timedelta(days=6),
        **rows.area("officer"),
    )


def add_demo_content(tx: Transaction, data: DemoData, *, anchor: date) -> dict[str, int]:
    """Insert the demo content; counts per list."""
    people = _demo_people(data)
    home = people["officer"]["lpa_id"]
    other = next(lpa["id"] for lpa in data.lpas if lpa["id"] != home)
    rows = _Rows(anchor, people)
    _useful_info(rows, home, other)
    _news(rows, home)
    _forms(rows)
    counts = {}
    for content in (FOLDER, ITEM, KEYHOLDER, NEWS, WHAT_WORKS_WELL, FEEDBACK):
        found = rows.rows.get(content.name, [])
        repository(tx, content).insert_many(found)
        counts[content.table] = len(found)
    return counts
