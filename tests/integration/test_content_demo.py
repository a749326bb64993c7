"""The demo content: valid by the API's rules, the same every time, and scoped like any other."""

import uuid
from datetime import UTC, date, datetime

from core import keyholders, news, useful_info
from core.access import Caller
from core.content_demo import NAMESPACE, add_demo_content
from core.demo import generate
from schemas.person import Person, Rank
from schemas.roles import Role
from store.database import Database

ANCHOR = date(2026, 11, 26)


def caller(person: dict, role: Role) -> Caller:
    return Caller(person=Person.model_validate({**person, "rank": Rank(person["rank"])}), role=role)


def test_demo_content_is_stable_and_read_in_scope_like_any_other(database: Database) -> None:
    data = generate(seed=5, anchor=ANCHOR, records=0)
    with database.transaction() as tx:
        tx.organisation.add("lpa", data.lpas)
        tx.organisation.add("team", data.teams)
        tx.organisation.add("person", data.people)
        counts = add_demo_content(tx, data, anchor=ANCHOR)
        tx.commit()
    assert counts == {
        "useful_info_folders": 5,
        "useful_info_items": 3,
        "keyholders": 4,
        "news": 3,
        "what_works_well": 2,
        "feedback": 1,
    }
    demo = {p["upn"].split("@")[0]: p for p in data.people if p["upn"].startswith("demo.")}
    officer = caller(demo["demo.officer"], Role.OFFICER)
    later = datetime(2026, 11, 27, tzinfo=UTC)
    reel = news.list_news(database, officer, limit=10, clock=lambda: later).items
    assert [item.title for item in reel] == ["Welcome to the NPT app", "New radios from Monday"]
    local = keyholders.list_keyholders(database, officer, limit=10).items
    assert len(local) == 3 and {k.lpa_id for k in local} == {officer.person.lpa_id}
    guidance = str(uuid.uuid5(NAMESPACE, "useful_info_folder:guidance"))
    assert useful_info.get_folder(database, officer, guidance).name == "Force guidance"
    stranger = next(p for p in data.people if p["lpa_id"] != officer.person.lpa_id)
    other = keyholders.list_keyholders(database, caller(stranger, Role.OFFICER), limit=10)
    assert [k.premises for k in other.items] == ["Northgate Library"]
