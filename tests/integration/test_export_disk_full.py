"""A full export destination: the caller gets a 507 problem saying so, nothing is disclosed,
the files already there stay whole and readable, and the next run after space is freed works.

The disk fills part way through copying files into the destination: `os.sendfile` (what
`shutil.copyfile` uses on Linux) answers ENOSPC after a few files, as a full filesystem does.
`os.link` answers EXDEV so that every file is copied, as when the scratch folder and the
destination are on different disks.
"""

import errno
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from urllib.request import url2pathname

import openpyxl
import pyarrow.dataset as ds
import pytest
from fastapi.testclient import TestClient

from core.errors import StorageFull
from core.exports import weekly_workbooks
from core.services import Services
from graph.calls import GraphSession
from graph.files import DestinationFull, SharePointLibrary
from schemas.audit import AuditAction
from tests.export_records import add_record
from tests.fakegraph import FakeGraph
from tests.fakegraph.quota import QuotaDrives
from tests.fakegraph.server import BASE

Auth = Callable[[str], dict[str, str]]
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
FULL_TITLE = "The export destination is full"


class FillingDisk:
    """Copies succeed for `room` more sendfile calls, then the disk is full."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.room: int | None = None
        real = os.sendfile

        def sendfile(out_fd: int, in_fd: int, offset: Any, count: int) -> int:
            if self.room is not None:
                if self.room <= 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                self.room -= 1
            return real(out_fd, in_fd, offset, count)

        def no_link(source: Any, target: Any, **_: Any) -> None:
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

        monkeypatch.setattr(os, "sendfile", sendfile)
        monkeypatch.setattr(os, "link", no_link)

    def fill_after(self, calls: int) -> None:
        self.room = calls

    def free(self) -> None:
        self.room = None


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[FillingDisk]:
    yield FillingDisk(monkeypatch)


def _disclosures(services: Services) -> int:
    with services.database.transaction(read_only=True) as tx:
        entries = tx.audit.list(limit=200).items
    return sum(1 for e in entries if e.action is AuditAction.DISCLOSURE)


def _extract(services: Services) -> dict[str, int]:
    root = services.settings.data_dir / "exports" / "powerbi" / "parquet"
    return {
        name: ds.dataset(root / name, format="parquet", partitioning="hive").count_rows()
        for name in ("fact_engagement", "fact_patrol")
    }


def _assert_full(reply: Any) -> None:
    assert reply.status_code == 507
    assert reply.headers["content-type"] == "application/problem+json"
    problem = reply.json()
    assert problem["title"] == FULL_TITLE
    assert problem["type"] == "urn:npt:problem:storage-full"
    assert "unchanged" in problem["detail"]


def test_a_full_disk_while_publishing_the_extract_keeps_the_previous_one(
    services: Services, client: TestClient, auth: Auth, disk: FillingDisk
) -> None:
    add_record(services.database, "engagement", datetime(2026, 3, 3, 10, tzinfo=UTC))
    add_record(services.database, "patrol", datetime(2026, 3, 4, 10, tzinfo=UTC))
    first = client.post("/api/exports/powerbi", headers=auth("admin"))
    assert first.status_code == 200
    before = _extract(services)
    manifest = (services.settings.data_dir / "exports/powerbi/manifest.json").read_bytes()
    disclosed = _disclosures(services)
    for day in range(1, 6):
        started = datetime(2026, 4, day, 9, tzinfo=UTC)
        add_record(services.database, "engagement", started)
        add_record(services.database, "patrol", started + timedelta(hours=1))

    disk.fill_after(3)
    _assert_full(client.post("/api/exports/powerbi", headers=auth("admin")))

    assert _extract(services) == before == {"fact_engagement": 1, "fact_patrol": 1}
    assert (services.settings.data_dir / "exports/powerbi/manifest.json").read_bytes() == manifest
    versions = services.settings.data_dir / "exports" / ".powerbi.versions"
    live = (services.settings.data_dir / "exports" / "powerbi").resolve()
    assert [v for v in versions.iterdir() if v != live] == []
    assert _disclosures(services) == disclosed

    disk.free()
    assert client.post("/api/exports/powerbi", headers=auth("admin")).status_code == 200
    assert _extract(services) == {"fact_engagement": 6, "fact_patrol": 6}


def test_a_full_disk_while_saving_a_workbook_keeps_the_previous_file(
    services: Services, client: TestClient, auth: Auth, disk: FillingDisk
) -> None:
    add_record(services.database, "engagement", datetime(2026, 3, 3, 10, tzinfo=UTC))
    saved = client.post("/api/exports/workbook", headers=auth("supervisor"), json=MARCH)
    assert saved.status_code == 201
    path = Path(url2pathname(urlparse(saved.json()["url"]).path))
    previous = path.read_bytes()
    disclosed = _disclosures(services)
    add_record(services.database, "engagement", datetime(2026, 3, 5, 10, tzinfo=UTC))

    disk.fill_after(0)
    _assert_full(client.post("/api/exports/workbook", headers=auth("supervisor"), json=MARCH))

    assert path.read_bytes() == previous
    sheet = openpyxl.load_workbook(path)["Engagements"]
    assert len(list(sheet.iter_rows(min_row=2, values_only=True))) == 1
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    assert _disclosures(services) == disclosed


def test_a_full_disk_during_the_weekly_workbooks_is_a_storage_problem(
    services: Services, disk: FillingDisk
) -> None:
    disk.fill_after(0)
    with pytest.raises(StorageFull):
        weekly_workbooks(
            services.database,
            services.files,
            None,
            seldom_heard=services.settings.seldom_heard,
            today=datetime(2026, 3, 11, tzinfo=UTC).date(),
        )
    workbooks = services.settings.data_dir / "exports" / "workbooks"
    assert list(workbooks.rglob("*.xlsx")) == []
    assert list(workbooks.rglob("*.part")) == []


def test_a_library_over_its_quota_is_a_full_destination(tmp_path: Path) -> None:
    drives = QuotaDrives(FakeGraph(), quota=1_000)
    session = GraphSession(base_url=BASE, http=drives.async_client)
    library = SharePointLibrary(lambda: drives.graph.token, session, site_id=drives.site_id)
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    small.write_bytes(b"a" * 600)
    large.write_bytes(b"b" * 600)
    library.publish("powerbi", {"a.csv": small}, [])
    with pytest.raises(DestinationFull, match="quota"):
        library.publish("powerbi", {"b.csv": large}, ["a.csv"])
    assert library.read("powerbi/a.csv") == b"a" * 600
    assert library.drive.files("NPT exports/powerbi") == ["a.csv"]
    with pytest.raises(DestinationFull):
        library.put("workbooks/big.xlsx", large)
