"""Drive items of a document library, by path, through msgraph-sdk's request builders.

Replies are read raw (status, headers, JSON) because two of them matter beyond their body: a
copy answers 202 with a monitor URL in `Location`, and an upload session hands out a URL that
takes ranged PUTs without our token (Graph refuses them with one).
"""

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from graph.calls import GraphSession, configuration, failure
from graph.errors import GraphError, GraphUnavailable

if TYPE_CHECKING:
    from msgraph import GraphServiceClient

SIMPLE_UPLOAD_LIMIT = 4 * 1024 * 1024
"""Files up to this size go up in one PUT; larger ones through an upload session."""
FRAGMENT = 10 * 320 * 1024
"""Upload session fragments must be multiples of 320 KiB."""
COPY_WAIT = 600.0
COPY_POLL = 1.0


def _raw(config: Any) -> Any:
    from kiota_abstractions.native_response_handler import NativeResponseHandler
    from kiota_http.middleware.options import ResponseHandlerOption

    config.options.append(ResponseHandlerOption(NativeResponseHandler()))
    return config


def _checked(reply: httpx.Response) -> httpx.Response:
    if reply.status_code >= 400:
        raise failure(reply.status_code, reply.headers, reply.text[:300])
    return reply


class DriveClient:
    def __init__(
        self,
        token: Callable[[], str],
        session: GraphSession,
        *,
        site_id: str,
        drive_id: str = "",
        wait: Callable[[float], None] = time.sleep,
    ) -> None:
        self.token = token
        self.session = session
        self.site_id = site_id
        self.drive_id = drive_id
        self.wait = wait

    def _run(self, work: Callable[["GraphServiceClient"], Any]) -> Any:
        return self.session.run(self.token, work)

    async def _drive(self, client: "GraphServiceClient") -> str:
        if not self.drive_id:
            info = client.sites.by_site_id(self.site_id).drive.to_get_request_information(
                _raw(configuration())
            )
            reply = _checked(await self._send(client, info))
            self.drive_id = reply.json()["id"]
        return self.drive_id

    async def _item(self, client: "GraphServiceClient", path: str) -> Any:
        drive = await self._drive(client)
        return client.drives.by_drive_id(drive).items.by_drive_item_id(f"root:/{path}:")

    async def _send(self, client: "GraphServiceClient", info: Any) -> httpx.Response:
        """The raw reply, whatever its status (the request carries a native handler)."""
        adapter: Any = client.request_adapter
        reply: httpx.Response = await adapter.send_async(info, None, {})
        return reply

    def item(self, path: str) -> dict[str, Any] | None:
        """The item's metadata, or None when nothing is at `path`."""

        async def work(client: "GraphServiceClient") -> dict[str, Any] | None:
            builder = await self._item(client, path)
            reply = await self._send(
                client, builder.to_get_request_information(_raw(configuration()))
            )
            if reply.status_code == 404:
                return None
            return _checked(reply).json()

        result: dict[str, Any] | None = self._run(work)
        return result

    def download(self, path: str) -> bytes | None:
        async def work(client: "GraphServiceClient") -> bytes | None:
            builder = await self._item(client, path)
            info = builder.content.to_get_request_information(_raw(configuration()))
            reply = await self._send(client, info)
            if reply.status_code == 404:
                return None
            return _checked(reply).content

        result: bytes | None = self._run(work)
        return result

    def upload(self, path: str, source: Path) -> str:
        """Store `source` at `path`, replacing what is there; the item's web link."""
        size = source.stat().st_size

        async def work(client: "GraphServiceClient") -> str:
            builder = await self._item(client, path)
            if size <= SIMPLE_UPLOAD_LIMIT:
                info = builder.content.to_put_request_information(
                    source.read_bytes(), _raw(configuration())
                )
                info.headers.try_add("Content-Type", "application/octet-stream")
                reply = _checked(await self._send(client, info))
                return str(reply.json().get("webUrl", ""))
            return await self._upload_session(client, builder, source, size)

        result: str = self._run(work)
        return result

    async def _upload_session(
        self, client: "GraphServiceClient", builder: Any, source: Path, size: int
    ) -> str:
        from msgraph.generated.drives.item.items.item.create_upload_session.create_upload_session_post_request_body import (  # noqa: E501
            CreateUploadSessionPostRequestBody,
        )
        from msgraph.generated.models.drive_item_uploadable_properties import (
            DriveItemUploadableProperties,
        )

        body = CreateUploadSessionPostRequestBody(
            item=DriveItemUploadableProperties(
                additional_data={"@microsoft.graph.conflictBehavior": "replace"}
            )
        )
        info = builder.create_upload_session.to_post_request_information(
            body, _raw(configuration())
        )
        session = _checked(await self._send(client, info)).json()
        url = session["uploadUrl"]
        async with self.session.http() as http:
            with source.open("rb") as file:
                start = 0
                while start < size:
                    piece = file.read(FRAGMENT)
                    end = start + len(piece) - 1
                    headers = {"Content-Range": f"bytes {start}-{end}/{size}"}
                    # The upload URL is pre-authenticated: Graph refuses our token on it.
                    reply = _checked(await http.put(url, content=piece, headers=headers))
                    start = end + 1
        return str(reply.json().get("webUrl", ""))

    def rename(self, path: str, name: str) -> str:
        """Give the item at `path` a new name in the same folder; its web link."""
        from msgraph.generated.models.drive_item import DriveItem

        async def work(client: "GraphServiceClient") -> str:
            builder = await self._item(client, path)
            info = builder.to_patch_request_information(DriveItem(name=name), _raw(configuration()))
            return str(_checked(await self._send(client, info)).json().get("webUrl", ""))

        result: str = self._run(work)
        return result

    def delete(self, path: str) -> None:
        async def work(client: "GraphServiceClient") -> None:
            builder = await self._item(client, path)
            reply = await self._send(
                client, builder.to_delete_request_information(_raw(configuration()))
            )
            if reply.status_code != 404:
                _checked(reply)

        self._run(work)

    def files(self, path: str) -> list[str]:
        """Paths of every file under the folder at `path`, relative to it."""

        async def work(client: "GraphServiceClient") -> list[str]:
            found: list[str] = []
            folders = [""]
            while folders:
                prefix = folders.pop()
                builder = await self._item(client, f"{path}/{prefix}".rstrip("/"))
                info = builder.children.to_get_request_information(_raw(configuration()))
                while True:
                    page = _checked(await self._send(client, info)).json()
                    for child in page.get("value", []):
                        relative = f"{prefix}{child['name']}"
                        if "folder" in child:
                            folders.append(relative + "/")
                        else:
                            found.append(relative)
                    next_link = page.get("@odata.nextLink")
                    if not next_link:
                        break
                    info = builder.children.with_url(next_link).to_get_request_information(
                        _raw(configuration())
                    )
            return found

        result: list[str] = self._run(work)
        return result

    def copy(self, path: str, name: str) -> None:
        """Copy the item at `path` beside itself as `name`, waiting until Graph has done it."""
        from msgraph.generated.drives.item.items.item.copy.copy_post_request_body import (
            CopyPostRequestBody,
        )
        from msgraph.generated.models.item_reference import ItemReference

        parent = self.item(path)
        if parent is None:
            raise GraphError(f"There is nothing at {path} to copy.", status=404)
        reference = parent.get("parentReference", {})

        async def start(client: "GraphServiceClient") -> str:
            builder = await self._item(client, path)
            body = CopyPostRequestBody(
                parent_reference=ItemReference(
                    drive_id=reference.get("driveId"), id=reference.get("id")
                ),
                name=name,
            )
            reply = _checked(
                await self._send(
                    client, builder.copy.to_post_request_information(body, _raw(configuration()))
                )
            )
            return reply.headers["location"]

        monitor: str = self._run(start)
        deadline = time.monotonic() + COPY_WAIT
        while True:
            reply = asyncio.run(self._poll(monitor))
            status = reply.get("status")
            if status == "completed":
                return
            if status == "failed":
                raise GraphError(f"Graph could not copy {path}: {json.dumps(reply)[:300]}")
            if time.monotonic() > deadline:
                raise GraphUnavailable(f"Graph is still copying {path}.", retry_after=60)
            self.wait(COPY_POLL)

    async def _poll(self, monitor: str) -> dict[str, Any]:
        # The monitor URL is pre-authenticated, like an upload URL.
        async with self.session.http() as http:
            reply = await http.get(monitor)
        if reply.status_code in (200, 202, 303):
            return dict(reply.json())
        raise failure(reply.status_code, reply.headers, reply.text[:300])
