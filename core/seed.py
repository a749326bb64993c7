"""Demo organisation and records for the embedded default, generated only into an empty store."""

from datetime import date

from core.content_demo import add_demo_content
from core.demo import generate
from core.demo_schedule import add_demo_schedule
from schemas.audit import AuditAction, AuditSource
from schemas.base import now_utc
from schemas.kinds import ACTIVITY_KINDS
from store.audit import AuditEvent
from store.database import Database

BATCH = 5_000


def seed_demo(
    database: Database, *, seed: int, anchor: date, records: int
) -> dict[str, int] | None:
    """Counts of what was added, or None when the store already holds an organisation."""
    with database.transaction() as tx:
        if not tx.organisation.is_empty():
            return None
        data = generate(seed=seed, anchor=anchor, records=records)
        org = tx.organisation
        org.add("lpa", data.lpas)
        org.add("team", data.teams)
        org.add("person", data.people)
        org.add("priority", data.priorities)
        org.add("hotspot", data.hotspots)
        org.assign_roles(data.roles)
        counts = {"lpas": len(data.lpas), "teams": len(data.teams), "people": len(data.people)}
        for name, rows in data.activities.items():
            repo = tx.activities(ACTIVITY_KINDS[name])
            for start in range(0, len(rows), BATCH):
                repo.insert_many(rows[start : start + BATCH])
            counts[ACTIVITY_KINDS[name].collection] = len(rows)
        counts |= add_demo_schedule(tx, data.people, seed=seed, anchor=anchor)
        counts |= add_demo_content(tx, data, anchor=anchor)
        tx.audit.record(
            AuditEvent(
                at=now_utc(),
                upn="system",
                action=AuditAction.COLLECTION,
                source=AuditSource.COMMAND_LINE,
                purpose="demo data for the embedded default",
                detail=counts,
            )
        )
        tx.commit()
    database.analyse()
    return counts
