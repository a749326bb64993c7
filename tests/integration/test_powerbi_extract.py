"""Power BI extracts read back with pyarrow, pandas and DuckDB, on SQLite and PostgreSQL."""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pytest
from fastapi.testclient import TestClient

from core import powerbi
from core.access import Caller
from core.activities import update
from core.services import Services
from exports import powerbi as builders
from schemas.kinds import ACTIVITY_KINDS
from schemas.roles import Role
from tests.conftest import upn
from tests.export_records import SPRING_FORWARD, add_dip_check, add_record

Auth = Callable[[str], dict[str, str]]


def admin(services: Services) -> Caller:
    with services.database.transaction(read_only=True) as tx:
        person = tx.organisation.person(upn("admin"))
    assert person is not None
    return Caller(person=person, role=Role.ADMIN)


def run(
    services: Services, *, full: bool = False, parallel_rows: int = powerbi.PARALLEL_ROWS
) -> powerbi.ExtractReport:
    return powerbi.refresh(
        services.database,
        services.files,
        admin(services),
        seldom_heard=services.settings.seldom_heard,
        full=full,
        parallel_rows=parallel_rows,
    )


def folder(services: Services) -> Path:
    return services.settings.data_dir / "exports" / "powerbi"


def table(services: Services, name: str) -> pa.Table:
    root = folder(services) / "parquet"
    path = root / name if (root / name).is_dir() else root / f"{name}.parquet"
    return ds.dataset(path, format="parquet", partitioning="hive").to_table()


@pytest.fixture
def records(services: Services) -> dict[str, str]:
    db = services.database
    ids = {
        "gmt": add_record(
            db,
            "engagement",
            SPRING_FORWARD - timedelta(minutes=30),
            notes='=HYPERLINK("http://evil.example","click")',
            latitude=52.612345,
            longitude=-1.204567,
            community_groups=["young_people", "general_public"],
            partners=["council"],
        ),
        "bst": add_record(
            db, "engagement", SPRING_FORWARD + timedelta(minutes=30), community_groups=[]
        ),
        "january": add_record(db, "patrol", datetime(2026, 1, 15, 10, tzinfo=UTC)),
        "february": add_record(
            db,
            "patrol",
            datetime(2026, 2, 15, 10, tzinfo=UTC),
            outcomes=["arrest", "words_of_advice"],
            arrests=1,
        ),
        "other_lpa": add_record(
            db,
            "abstraction",
            datetime(2026, 2, 20, 8, tzinfo=UTC),
            officer="stranger",
            team_id="team-b1",
            lpa_id="lpa-b",
        ),
        "deleted": add_record(
            db,
            "patrol",
            datetime(2026, 1, 20, 8, tzinfo=UTC),
            deleted_at=datetime(2026, 1, 21, tzinfo=UTC),
            deleted_by=upn("officer"),
            delete_reason="duplicate",
        ),
    }
    add_dip_check(
        db, "patrol", ids["february"], "meets_standard", datetime(2026, 2, 16, tzinfo=UTC)
    )
    return ids


def test_admin_rebuild_lists_files_and_row_counts(
    client: TestClient, auth: Auth, records: dict[str, str]
) -> None:
    reply = client.post("/api/exports/powerbi", headers=auth("admin"))
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["tables"]["fact_engagement"] == 2
    assert body["tables"]["fact_patrol"] == 2
    assert body["tables"]["fact_abstraction"] == 1
    assert body["tables"]["fact_dip_check"] == 1
    assert body["tables"]["bridge_patrol_outcome"] == 3
    paths = {f["path"]: f["rows"] for f in body["files"]}
    assert paths["parquet/fact_patrol/month=2026-01/fact_patrol-2026-01.parquet"] == 1
    assert paths["csv/dim_team.csv"] == 3


def test_only_admins_rebuild_extracts(client: TestClient, auth: Auth) -> None:
    assert client.post("/api/exports/powerbi", headers=auth("manager")).status_code == 403


def test_parquet_tables_have_keys_labels_london_times_and_rounded_coordinates(
    services: Services, records: dict[str, str]
) -> None:
    run(services)
    facts = table(services, "fact_engagement").to_pylist()
    by_id = {row["engagement_id"]: row for row in facts}
    assert set(by_id) == {records["gmt"], records["bst"]}
    gmt, bst = by_id[records["gmt"]], by_id[records["bst"]]
    assert gmt["engagement_type"] == "Beat surgery"
    assert gmt["latitude"] == 52.612 and gmt["longitude"] == -1.205
    assert gmt["notes"].startswith("=HYPERLINK(")
    assert gmt["date_key"] == 20260329 and bst["date_key"] == 20260329
    assert str(table(services, "fact_engagement").schema.field("started_at").type) == (
        "timestamp[us, tz=Europe/London]"
    )
    assert bst["started_at"].hour == 2
    patrols = table(services, "fact_patrol")
    assert records["deleted"] not in patrols.column("patrol_id").to_pylist()
    assert patrols.schema.field("patrol_key").type == pa.int64()
    assert "outcomes" not in patrols.schema.names
    groups = table(services, "bridge_engagement_community_group").to_pylist()
    young = next(g for g in groups if g["community_group"] == "young_people")
    assert young["community_group_label"] == "Young people" and young["seldom_heard"] is True
    assert young["engagement_key"] == gmt["engagement_key"]


def test_csv_is_utf8_with_iso_times_and_neutralised_text(
    services: Services, records: dict[str, str]
) -> None:
    run(services)
    path = folder(services) / "csv/fact_engagement/month=2026-03/fact_engagement-2026-03.csv"
    frame = pd.read_csv(path, encoding="utf-8")
    rows = {r["engagement_id"]: r for r in frame.to_dict("records")}
    gmt, bst = rows[records["gmt"]], rows[records["bst"]]
    assert gmt["notes"] == '\'=HYPERLINK("http://evil.example","click")'
    assert gmt["longitude"] == -1.205
    assert frame["longitude"].dtype == "float64"
    assert gmt["started_at"] == "2026-03-29T00:30:00+00:00"
    assert bst["started_at"] == "2026-03-29T02:30:00+01:00"
    dates = pd.read_csv(folder(services) / "csv/dim_date.csv")
    assert dates.loc[dates["date_key"] == 20260329, "date"].item() == "2026-03-29"


def test_dim_date_has_iso_weeks_financial_years_and_month_names(
    services: Services, records: dict[str, str]
) -> None:
    run(services)
    dates = {r["date_key"]: r for r in table(services, "dim_date").to_pylist()}
    change = dates[20260329]
    assert (change["iso_week"], change["iso_week_label"]) == (13, "2026-W13")
    assert change["financial_year"] == "2025/26" and change["financial_month"] == 12
    assert change["month_name"] == "March" and change["day_name"] == "Sunday"
    april = dates[20250401]
    assert april["financial_year"] == "2025/26" and april["financial_quarter"] == 1
    assert april["financial_month"] == 1
    assert min(dates) == 20250401 and max(dates) == 20260331


def test_a_duckdb_join_of_facts_to_dimensions_reproduces_the_api_counts(
    client: TestClient, auth: Auth, services: Services, records: dict[str, str]
) -> None:
    run(services)
    root = folder(services) / "parquet"
    db = duckdb.connect()
    for name, files in (
        ("facts", f"{root}/fact_*/*/*.parquet"),
        ("lpas", f"{root}/dim_lpa.parquet"),
        ("teams", f"{root}/dim_team.parquet"),
        ("people", f"{root}/dim_person.parquet"),
        ("groups", f"{root}/bridge_engagement_community_group/*/*.parquet"),
    ):
        db.read_parquet(files, union_by_name=True).create_view(name)
    query = """
        select l.lpa_id, count(*) as n
        from facts f
        join lpas l using (lpa_key)
        join teams t using (team_key)
        join people p using (person_key)
        where f.dip_check_key is null
        group by l.lpa_id order by l.lpa_id
    """
    joined = dict(db.sql(query).fetchall())
    api = {}
    for lpa in ("lpa-a", "lpa-b"):
        api[lpa] = sum(
            len(
                client.get(
                    f"/api/{k.collection}", params={"lpa_id": lpa}, headers=auth("manager")
                ).json()["items"]
            )
            for k in ACTIVITY_KINDS.values()
        )
    assert joined == api == {"lpa-a": 4, "lpa-b": 1}
    seldom = db.sql(
        "select count(distinct engagement_key) from groups where seldom_heard"
    ).fetchall()
    assert seldom == [(1,)]


def test_surrogate_keys_are_the_same_in_every_run(
    services: Services, records: dict[str, str]
) -> None:
    run(services)
    first = table(services, "fact_patrol").select(["patrol_id", "patrol_key", "team_key"])
    run(services, full=True)
    second = table(services, "fact_patrol").select(["patrol_id", "patrol_key", "team_key"])
    assert first.sort_by("patrol_id").equals(second.sort_by("patrol_id"))


def test_editing_one_record_rewrites_only_its_month(
    services: Services, records: dict[str, str]
) -> None:
    first = run(services)
    assert first.rewritten["fact_patrol"] == ["2026-01", "2026-02"]
    root = folder(services)
    january = root / "parquet/fact_patrol/month=2026-01/fact_patrol-2026-01.parquet"
    before = january.stat().st_ino
    kind = ACTIVITY_KINDS["patrol"]
    with services.database.transaction(read_only=True) as tx:
        person = tx.organisation.person(upn("officer"))
    assert person is not None
    officer = Caller(person=person, role=Role.OFFICER)
    changes = kind.update.model_validate({"location": "Station Road"})
    update(services.database, officer, kind, records["february"], changes, 1)
    second = run(services)
    assert second.rewritten == {
        "fact_engagement": [],
        "fact_patrol": ["2026-02"],
        "fact_abstraction": [],
        "fact_dip_check": [],
    }
    assert january.stat().st_ino == before
    february = table(services, "fact_patrol").to_pylist()
    assert {r["patrol_id"]: r["location"] for r in february}[records["february"]] == "Station Road"
    assert run(services).rewritten["fact_patrol"] == []


def test_a_failure_part_way_leaves_the_previous_extract_intact(
    services: Services, records: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(services)
    manifest = (folder(services) / "manifest.json").read_text()
    add_record(services.database, "patrol", datetime(2026, 3, 5, 9, tzinfo=UTC))
    add_record(services.database, "engagement", datetime(2026, 1, 5, 9, tzinfo=UTC))
    written = builders.ExtractWriter.partition

    def fail_on_patrols(self, fact, month, rows):  # type: ignore[no-untyped-def]
        if fact.table == "fact_patrol":
            raise OSError("disk full")
        return written(self, fact, month, rows)

    monkeypatch.setattr(builders.ExtractWriter, "partition", fail_on_patrols)
    with pytest.raises(OSError, match="disk full"):
        run(services)
    assert (folder(services) / "manifest.json").read_text() == manifest
    assert table(services, "fact_engagement").num_rows == 2
    assert table(services, "fact_patrol").num_rows == 2
    monkeypatch.undo()
    report = run(services)
    assert report.tables["fact_patrol"] == 3 and report.tables["fact_engagement"] == 3


def test_manifest_describes_rows_types_and_month_fingerprints(
    services: Services, records: dict[str, str]
) -> None:
    run(services)
    manifest = json.loads((folder(services) / "manifest.json").read_text())
    assert manifest["schema_version"] == builders.SCHEMA_VERSION
    patrol = manifest["tables"]["fact_patrol"]
    assert patrol["rows"] == 2 and patrol["partitioned_by"] == "month"
    assert patrol["columns"]["started_at"] == "timestamp[us, tz=Europe/London]"
    assert set(patrol["partitions"]) == {"2026-01", "2026-02"}
    assert patrol["partitions"]["2026-01"]["fingerprint"]
    assert manifest["tables"]["dim_person"]["rows"] == 9


def test_an_extract_run_is_audited_as_a_disclosure(
    services: Services, records: dict[str, str]
) -> None:
    run(services)
    with services.database.transaction(read_only=True) as tx:
        entries = tx.audit.list(upn=upn("admin"), limit=5).items
    disclosure = entries[0]
    assert disclosure.action.value == "disclosure" and disclosure.kind == "powerbi"
    assert disclosure.detail is not None
    assert disclosure.detail["records"] == 6
    assert disclosure.detail["scope"] == "Whole force"


def test_a_run_shared_with_a_second_process_writes_the_same_extract(
    services: Services, records: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def files() -> dict[str, bytes]:
        root = folder(services)
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*.csv"))
            if p.is_file()
        }

    def partitions() -> dict[str, object]:
        tables = json.loads((folder(services) / "manifest.json").read_text())["tables"]
        return {name: entry.get("partitions", entry.get("files")) for name, entry in tables.items()}

    collected = []
    collect = powerbi._Worker.collect

    def spy(self, writer, progress):  # type: ignore[no-untyped-def]
        collected.append(self.process.args)
        return collect(self, writer, progress)

    monkeypatch.setattr(powerbi._Worker, "collect", spy)
    # No extract yet: the worker starts once the months are known.
    first = run(services, full=True, parallel_rows=0)
    csv, parts = files(), partitions()
    parquet = {name: table(services, name) for name in first.tables}
    alone = run(services, full=True)
    assert alone.tables == first.tables and alone.rewritten == first.rewritten
    assert files() == csv and partitions() == parts
    # A large extract to rebuild: the worker starts before the fingerprints are read.
    again = run(services, full=True, parallel_rows=0)
    assert again.tables == first.tables
    assert files() == csv and partitions() == parts
    assert len(collected) == 2
    for name, data in parquet.items():
        assert table(services, name).equals(data), name
