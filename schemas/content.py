"""The content lists (forms other than the activity logs), each with its models and spec.

The Lists machinery provisions and syncs these like the activity logs: every spec's key is
`id`, the `SubmissionId` column. Links are not a list: they come from settings.
"""

from dataclasses import dataclass

from schemas.base import StrictModel
from schemas.content_fields import ContentRecord, markup_fields
from schemas.feedback import Feedback, FeedbackCreate, FeedbackUpdate
from schemas.news import News, NewsCreate, NewsUpdate
from schemas.spec import ListSpec, list_spec
from schemas.useful_info import (
    Folder,
    FolderCreate,
    FolderUpdate,
    Item,
    ItemCreate,
    ItemUpdate,
    Keyholder,
    KeyholderCreate,
    KeyholderUpdate,
)
from schemas.what_works_well import WhatWorksWell, WhatWorksWellCreate, WhatWorksWellUpdate


@dataclass(frozen=True)
class ContentList:
    name: str
    """The list's name in specs, audit rows and idempotency keys."""
    table: str
    create: type[StrictModel]
    update: type[StrictModel]
    read: type[ContentRecord]
    spec: ListSpec
    own_permissions: bool = False
    """The list holds personal data: it gets its own SharePoint permissions (README)."""

    @property
    def markup(self) -> tuple[str, ...]:
        """Fields whose markup is sanitised before they are stored."""
        return markup_fields(self.create)

    @property
    def read_only(self) -> frozenset[str]:
        return frozenset(c.name for c in self.spec.columns if c.read_only)


def _list(
    name: str,
    title: str,
    table: str,
    models: tuple[type[StrictModel], type[StrictModel], type[ContentRecord]],
    *,
    own_permissions: bool = False,
) -> ContentList:
    create, update, read = models
    spec = list_spec(name, title, read, create)
    return ContentList(name, table, create, update, read, spec, own_permissions)


WHAT_WORKS_WELL = _list(
    "what_works_well",
    "What works well",
    "what_works_well",
    (WhatWorksWellCreate, WhatWorksWellUpdate, WhatWorksWell),
)
FEEDBACK = _list("feedback", "App feedback", "feedback", (FeedbackCreate, FeedbackUpdate, Feedback))
NEWS = _list("news", "News reel", "news", (NewsCreate, NewsUpdate, News))
FOLDER = _list(
    "useful_info_folder",
    "Useful information folders",
    "useful_info_folders",
    (FolderCreate, FolderUpdate, Folder),
)
ITEM = _list(
    "useful_info_item",
    "Useful information",
    "useful_info_items",
    (ItemCreate, ItemUpdate, Item),
)
KEYHOLDER = _list(
    "keyholder",
    "Keyholders",
    "keyholders",
    (KeyholderCreate, KeyholderUpdate, Keyholder),
    own_permissions=True,
)

CONTENT_LISTS: dict[str, ContentList] = {
    c.name: c for c in (WHAT_WORKS_WELL, FEEDBACK, NEWS, FOLDER, ITEM, KEYHOLDER)
}
