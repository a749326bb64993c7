"""File storage for exports: a SharePoint document library through Graph, or a local folder.

Two operations: `put` stores one file (a workbook) and gives its link; `publish` replaces a
whole folder (the Power BI extract) so that a reader sees the old folder or the new one, never
a mix, and a run that fails part way leaves the old folder as it was. A destination with no
room left says so with `DestinationFull`, whichever kind it is.
"""

import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Protocol
from uuid import uuid4

from graph.calls import GraphSession
from graph.drive import DriveClient
from graph.errors import GraphError

KEEP_VERSIONS = 2
"""Local folder versions kept: the live one, and the one before it for readers still on it."""
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT})
"""A full disk, or a full quota: both mean the destination cannot take the file."""
INSUFFICIENT_STORAGE = 507
"""Graph's answer when the site's storage quota is used up."""


class DestinationFull(Exception):
    """The export destination has no room for the file; what was there before is untouched."""


def no_room(error: OSError) -> bool:
    return error.errno in NO_ROOM


@contextmanager
def _local_room(root: Path) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        if no_room(error):
            raise DestinationFull(f"The export folder {root} is full.") from error
        raise


@contextmanager
def _library_room(folder: PurePosixPath) -> Iterator[None]:
    try:
        yield
    except GraphError as error:
        if error.status == INSUFFICIENT_STORAGE:
            raise DestinationFull(
                f"The SharePoint library holding {folder} has used its storage quota."
            ) from error
        raise


class FileStore(Protocol):
    def put(self, name: str, source: Path) -> str:
        """Store `source` at `name` (a relative path), replacing any file there; its link."""
        ...

    def read(self, name: str) -> bytes | None:
        """The content of a small file at `name`, or None when there is none."""
        ...

    def publish(self, folder: str, files: Mapping[str, Path], keep: Collection[str]) -> str:
        """Make `folder` hold `files` (relative path -> local file) and the `keep` files it
        already holds, and nothing else, in one step for readers; its link."""
        ...


def clean_name(name: str) -> PurePosixPath:
    """A relative path inside the store; anything that could climb out of it is refused."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(p in ("..", ".", "") for p in path.parts):
        raise ValueError(f"{name!r} is not a relative path inside the export destination")
    return path


class LocalFolder:
    """The embedded stand-in: the data dir's `exports/` folder.

    A published folder is a symbolic link to a version directory; the link is swapped with a
    rename, which POSIX makes atomic. Files are hard-linked where they can be (unchanged files
    from the live version, new ones from the caller's folder), so a version costs only what
    changed. The caller must not change its files afterwards: write new ones instead.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, name: str, source: Path) -> str:
        with _local_room(self.root):
            return self._put(name, source)

    def _put(self, name: str, source: Path) -> str:
        target = self.root / clean_name(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".part")
        os.close(handle)
        try:
            shutil.copyfile(source, temporary)
            os.replace(temporary, target)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target.as_uri()

    def read(self, name: str) -> bytes | None:
        path = self.root / clean_name(name)
        return path.read_bytes() if path.is_file() else None

    def publish(self, folder: str, files: Mapping[str, Path], keep: Collection[str]) -> str:
        with _local_room(self.root):
            return self._publish(folder, files, keep)

    def _publish(self, folder: str, files: Mapping[str, Path], keep: Collection[str]) -> str:
        live = self.root / clean_name(folder)
        versions = live.parent / f".{live.name}.versions"
        stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}-{uuid4().hex[:8]}"
        fresh = versions / stamp
        fresh.mkdir(parents=True)
        current = live.resolve() if live.exists() else None
        published = False
        try:
            for name in keep:
                if current is None:
                    raise FileNotFoundError(f"{name} is kept but {folder} holds nothing yet")
                _link(current / clean_name(name), fresh / clean_name(name))
            for name, source in files.items():
                _link(source, fresh / clean_name(name))
            if live.exists() and not live.is_symlink():
                # A folder from before versioning: move it aside once, as a version.
                os.rename(live, versions / f"0-{stamp}")
            link = live.parent / f".{live.name}.{stamp}.link"
            os.symlink(fresh.relative_to(live.parent), link)
            os.replace(link, live)
            published = True
        finally:
            if not published:
                shutil.rmtree(fresh, ignore_errors=True)
        for old in sorted(versions.iterdir())[:-KEEP_VERSIONS]:
            if old != fresh and old != current:
                shutil.rmtree(old, ignore_errors=True)
        return live.as_uri()


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


class SharePointLibrary:
    """A folder of a SharePoint document library, through Graph (Sites.Selected, write).

    Small files go up in one PUT, larger ones through an upload session in ranged PUTs. A
    folder is published by building it as `<folder>.staging` (a server-side copy of the live
    folder, then the changed files) and renaming it into place; the old one stays as
    `<folder>.previous` until the next run, for readers still on it.
    """

    def __init__(
        self,
        token: Callable[[], str],
        session: GraphSession,
        *,
        site_id: str,
        drive_id: str = "",
        folder: str = "NPT exports",
    ) -> None:
        self.drive = DriveClient(token, session, site_id=site_id, drive_id=drive_id)
        self.folder = clean_name(folder)

    def _path(self, name: str) -> str:
        return (self.folder / clean_name(name)).as_posix()

    def put(self, name: str, source: Path) -> str:
        with _library_room(self.folder):
            return self.drive.upload(self._path(name), source)

    def read(self, name: str) -> bytes | None:
        return self.drive.download(self._path(name))

    def publish(self, folder: str, files: Mapping[str, Path], keep: Collection[str]) -> str:
        with _library_room(self.folder):
            return self._publish(folder, files, keep)

    def _publish(self, folder: str, files: Mapping[str, Path], keep: Collection[str]) -> str:
        live = self._path(folder)
        staging, previous = f"{live}.staging", f"{live}.previous"
        drive = self.drive
        if drive.item(live) is None and drive.item(previous) is not None:
            drive.rename(previous, PurePosixPath(live).name)
        for leftover in (staging, previous):
            if drive.item(leftover) is not None:
                drive.delete(leftover)
        wanted = {clean_name(n).as_posix() for n in (*files, *keep)}
        if keep:
            drive.copy(live, PurePosixPath(staging).name)
            for name in drive.files(staging):
                if name not in wanted:
                    drive.delete(f"{staging}/{name}")
        for name, source in files.items():
            drive.upload(f"{staging}/{clean_name(name).as_posix()}", source)
        if drive.item(live) is not None:
            drive.rename(live, PurePosixPath(previous).name)
        return drive.rename(staging, PurePosixPath(live).name)
