"""Useful information: folders (two levels, force-wide or one LPA's), items, and keyholders.

Keyholders are personal data and live in a list of their own, so that a force can give that
list its own SharePoint permissions.
"""

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from schemas.base import Column, StrictModel, Text
from schemas.content_fields import ContentRecord, HttpsUrl, RichText
from schemas.kinds import partial

Name = Annotated[Text, Column(searchable=True), Field(min_length=1, max_length=200)]
Reference = Annotated[Text, Column(indexed=True), Field(min_length=1, max_length=64)]
Area = Annotated[
    Text,
    Column(indexed=True),
    Field(max_length=64, description="The LPA it belongs to; null for force-wide."),
]
PHONE = re.compile(r"^\+?[0-9 ()-]+$")


def _phone(value: str) -> str:
    if not PHONE.match(value) or sum(c.isdigit() for c in value) < 6:
        raise ValueError("must be a phone number: digits, spaces, brackets, dashes, a leading +")
    return value


class FolderCreate(StrictModel):
    """A top-level folder (force-wide, or one LPA's) or a sub-folder, which takes its parent's
    area; folders nest two levels at most."""

    name: Annotated[Text, Field(min_length=1, max_length=100)]
    description: Annotated[Text, Field(max_length=255)] | None = None
    parent_id: Reference | None = None
    lpa_id: Area | None = None


class FolderUpdate(StrictModel):
    """A folder is renamed or redescribed; it keeps its place and area."""

    name: Annotated[Text, Field(min_length=1, max_length=100)] | None = None
    description: Annotated[Text, Field(max_length=255)] | None = None


class Folder(FolderCreate, ContentRecord):
    """A folder as the API reports it."""


class ItemCreate(StrictModel):
    """An item in a folder; its area is the folder's."""

    folder_id: Reference
    title: Name
    body: Annotated[RichText, Column(searchable=True), Field(max_length=8000)] | None = None
    link: HttpsUrl | None = None
    location: Annotated[Text, Field(max_length=200)] | None = None
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None


ItemUpdate = partial(ItemCreate, "ItemUpdate")


class Item(ItemCreate, ContentRecord):
    """An item as the API reports it; `lpa_id` is its folder's (null for force-wide)."""

    lpa_id: Area | None = None


class KeyholderFields(StrictModel):
    folder_id: Reference | None = None
    premises: Name
    address: Annotated[Text, Field(min_length=1, max_length=255)]
    keyholder_name: Annotated[Text, Field(min_length=1, max_length=200)]
    phone: Annotated[Text, Field(min_length=6, max_length=30), AfterValidator(_phone)]


class KeyholderCreate(KeyholderFields):
    """A keyholder of one LPA's premises; `lpa_id` defaults to the caller's LPA."""

    lpa_id: Annotated[Text, Field(min_length=1, max_length=64)] | None = None


KeyholderUpdate = partial(KeyholderFields, "KeyholderUpdate")


class Keyholder(KeyholderFields, ContentRecord):
    """A keyholder as the API reports it, only to its LPA and to admins."""

    lpa_id: Annotated[Text, Column(indexed=True), Field(max_length=64)]
