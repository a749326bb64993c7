"""Exports to a SharePoint document library through msgraph-sdk, against the fake Graph."""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core import powerbi
from core.exports import system_caller
from core.services import Services
from graph.calls import GraphSession
from graph.errors import GraphUnavailable
from graph.files import SharePointLibrary
from schemas.audit import AuditSource
from tests.export_records import add_record
from tests.fakegraph import FakeGraph
from tests.fakegraph.drives import FakeDrives
from tests.fakegraph.server import BASE


@pytest.fixture
def drives() -> FakeDrives:
    return FakeDrives(FakeGraph())


@pytest.fixture
def library(drives: FakeDrives) -> SharePointLibrary:
    session = GraphSession(base_url=BASE, http=drives.async_client)
    store = SharePointLibrary(
        lambda: drives.graph.token, session, site_id=drives.site_id, folder="NPT exports"
    )
    store.drive.wait = lambda seconds: None
    return store


def _file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_a_small_file_goes_up_in_one_put_and_reads_back(
    library: SharePointLibrary, drives: FakeDrives, tmp_path: Path
) -> None:
    url = library.put("workbooks/a.xlsx", _file(tmp_path, "a.xlsx", b"PK small"))
    assert url.endswith("NPT exports/workbooks/a.xlsx")
    assert drives.simple_uploads == 1
    assert library.read("workbooks/a.xlsx") == b"PK small"
    assert library.read("workbooks/missing.xlsx") is None


def test_a_file_over_4_mb_goes_up_through_an_upload_session(
    library: SharePointLibrary, drives: FakeDrives, tmp_path: Path
) -> None:
    content = os.urandom(5 * 1024 * 1024 + 123)
    library.put("workbooks/big.xlsx", _file(tmp_path, "big.xlsx", content))
    assert drives.simple_uploads == 0
    assert drives.fragments == 2
    assert library.read("workbooks/big.xlsx") == content


def test_publishing_swaps_the_whole_folder_keeping_unchanged_files(
    library: SharePointLibrary, drives: FakeDrives, tmp_path: Path
) -> None:
    first = {"a.csv": _file(tmp_path, "a1", b"a1"), "sub/b.csv": _file(tmp_path, "b1", b"b1")}
    library.publish("powerbi", first, [])
    second = {"c.csv": _file(tmp_path, "c2", b"c2")}
    url = library.publish("powerbi", second, ["sub/b.csv"])
    assert url.endswith("NPT exports/powerbi")
    assert sorted(library.drive.files("NPT exports/powerbi")) == ["c.csv", "sub/b.csv"]
    assert library.read("powerbi/sub/b.csv") == b"b1"
    assert drives.find("NPT exports/powerbi.previous/a.csv") is not None
    assert drives.find("NPT exports/powerbi.staging") is None


def test_a_failed_publication_leaves_the_live_folder_as_it_was(
    library: SharePointLibrary, drives: FakeDrives, tmp_path: Path
) -> None:
    library.publish("powerbi", {"a.csv": _file(tmp_path, "a1", b"a1")}, [])
    drives.graph.faults.throttle_every = 4
    changed = {f"{n}.csv": _file(tmp_path, f"n{n}", b"new") for n in range(6)}
    with pytest.raises(GraphUnavailable):
        library.publish("powerbi", changed, ["a.csv"])
    drives.graph.faults.throttle_every = 0
    assert library.drive.files("NPT exports/powerbi") == ["a.csv"]
    library.publish("powerbi", changed, ["a.csv"])
    assert len(library.drive.files("NPT exports/powerbi")) == 7


def test_the_power_bi_extract_publishes_to_sharepoint_and_reruns_incrementally(
    services: Services, library: SharePointLibrary, drives: FakeDrives
) -> None:
    services.__dict__["files"] = library
    add_record(services.database, "patrol", datetime(2026, 1, 15, 10, tzinfo=UTC))
    caller = system_caller(AuditSource.TIMER)
    seldom = services.settings.seldom_heard
    first = powerbi.refresh(services.database, library, caller, seldom_heard=seldom)
    assert first.tables["fact_patrol"] == 1
    add_record(services.database, "patrol", datetime(2026, 2, 15, 10, tzinfo=UTC))
    second = powerbi.refresh(services.database, library, caller, seldom_heard=seldom)
    assert second.rewritten["fact_patrol"] == ["2026-02"]
    manifest = json.loads(library.read("powerbi/manifest.json") or b"{}")
    assert set(manifest["tables"]["fact_patrol"]["partitions"]) == {"2026-01", "2026-02"}
    assert drives.find(
        "NPT exports/powerbi/parquet/fact_patrol/month=2026-01/fact_patrol-2026-01.parquet"
    )


def test_a_run_stopped_between_the_two_renames_is_recovered_by_the_next(
    library: SharePointLibrary, drives: FakeDrives, tmp_path: Path
) -> None:
    library.publish("powerbi", {"a.csv": _file(tmp_path, "a1", b"a1")}, [])
    live = drives.find("NPT exports/powerbi")
    assert live is not None
    live.name = "powerbi.previous"
    library.publish("powerbi", {"b.csv": _file(tmp_path, "b2", b"b2")}, ["a.csv"])
    assert sorted(library.drive.files("NPT exports/powerbi")) == ["a.csv", "b.csv"]
