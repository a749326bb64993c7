"""Useful information: folders and the items in them (keyholders have their own router)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from core import useful_info
from functions.content_routes import UseCases, add_item_routes, page_reply
from functions.deps import CurrentCaller, ServicesDep
from functions.paging import Cursor, Limit, page_model
from schemas.content import FOLDER, ITEM
from schemas.useful_info import Folder, Item

WHO = "admins; supervisors in their own LPA"
folders = APIRouter(prefix="/useful-info/folders", tags=["useful information"])
items = APIRouter(prefix="/useful-info/items", tags=["useful information"])


@folders.get(
    "",
    summary="Folders the caller may read, by name",
    description="Force-wide folders and those of the caller's LPA (managers, admins and "
    "auditors: every LPA). `parent_id` lists one folder's sub-folders; `top_level=true` only "
    "folders without a parent.",
    response_model=page_model(Folder),
)
def list_folders(
    caller: CurrentCaller,
    services: ServicesDep,
    parent_id: Annotated[str | None, Query(max_length=64)] = None,
    top_level: bool = False,
    lpa_id: Annotated[list[str] | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    page = useful_info.list_folders(
        services.database,
        caller,
        parent_id=parent_id,
        top_level=top_level,
        lpa_ids=tuple(lpa_id or ()),
        limit=limit,
        cursor=cursor,
    )
    return page_reply(page)


@items.get(
    "",
    summary="Useful information items the caller may read, by title; search by title",
    description="`folder_id` lists one folder's items; `q` finds items whose title contains "
    "it (any case).",
    response_model=page_model(Item),
)
def list_items(
    caller: CurrentCaller,
    services: ServicesDep,
    folder_id: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    page = useful_info.list_items(
        services.database, caller, folder_id=folder_id, q=q, limit=limit, cursor=cursor
    )
    return page_reply(page)


add_item_routes(
    folders,
    FOLDER,
    "folder",
    UseCases(
        useful_info.create_folder,
        useful_info.get_folder,
        useful_info.update_folder,
        useful_info.delete_folder,
    ),
    creators=WHO,
    changers=WHO,
)
add_item_routes(
    items,
    ITEM,
    "useful information item",
    UseCases(
        useful_info.create_item,
        useful_info.get_item,
        useful_info.update_item,
        useful_info.delete_item,
    ),
    creators=WHO,
    changers=WHO,
)
