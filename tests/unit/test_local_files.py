"""The embedded file store: whole files, and folders swapped in one step."""

import os
from pathlib import Path

import pytest

from graph.files import LocalFolder


def _file(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / "src" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    return path


def test_put_writes_the_file_and_returns_its_link(tmp_path: Path) -> None:
    store = LocalFolder(tmp_path / "exports")
    url = store.put("workbooks/a.xlsx", _file(tmp_path, "a", "one"))
    assert url == (tmp_path / "exports/workbooks/a.xlsx").as_uri()
    assert store.read("workbooks/a.xlsx") == b"one"
    assert store.read("workbooks/none.xlsx") is None
    assert not [p for p in (tmp_path / "exports/workbooks").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("name", ["../escape.xlsx", "/etc/passwd", "a/../../b", ""])
def test_names_that_leave_the_folder_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="relative path"):
        LocalFolder(tmp_path).put(name, _file(tmp_path, "a", "x"))


def test_publish_swaps_the_folder_and_links_kept_files(tmp_path: Path) -> None:
    store = LocalFolder(tmp_path / "exports")
    store.publish(
        "powerbi", {"a.csv": _file(tmp_path, "a", "a1"), "d/b.csv": _file(tmp_path, "b", "b1")}, []
    )
    live = tmp_path / "exports/powerbi"
    kept = os.stat(live / "d/b.csv").st_ino
    store.publish("powerbi", {"c.csv": _file(tmp_path, "c", "c2")}, ["d/b.csv"])
    assert live.is_symlink()
    assert sorted(p.relative_to(live).as_posix() for p in live.rglob("*.csv")) == [
        "c.csv",
        "d/b.csv",
    ]
    assert os.stat(live / "d/b.csv").st_ino == kept


def test_a_failed_publish_leaves_the_live_folder_and_no_debris(tmp_path: Path) -> None:
    store = LocalFolder(tmp_path / "exports")
    store.publish("powerbi", {"a.csv": _file(tmp_path, "a", "a1")}, [])
    versions = sorted((tmp_path / "exports/.powerbi.versions").iterdir())
    with pytest.raises(FileNotFoundError):
        store.publish("powerbi", {"b.csv": _file(tmp_path, "b", "b1")}, ["gone.csv"])
    assert (tmp_path / "exports/powerbi/a.csv").read_text() == "a1"
    assert sorted((tmp_path / "exports/.powerbi.versions").iterdir()) == versions


def test_only_the_live_and_the_previous_versions_are_kept(tmp_path: Path) -> None:
    store = LocalFolder(tmp_path / "exports")
    for n in range(4):
        store.publish("powerbi", {"a.csv": _file(tmp_path, "a", str(n))}, [])
    assert len(list((tmp_path / "exports/.powerbi.versions").iterdir())) == 2
    assert store.read("powerbi/a.csv") == b"3"
