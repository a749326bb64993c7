"""The content lists are modelled like the activity logs: complete specs the Lists machinery
can provision and sync, read off their models."""

import pytest

from schemas.content import CONTENT_LISTS
from schemas.feedback import FeedbackStatus
from schemas.spec import SUBMISSION_ID, ColumnType
from store.content_tables import content_tables


def test_the_registry_names_every_content_list_once() -> None:
    assert set(CONTENT_LISTS) == {
        "what_works_well",
        "feedback",
        "news",
        "useful_info_folder",
        "useful_info_item",
        "keyholder",
    }
    assert len({c.table for c in CONTENT_LISTS.values()}) == len(CONTENT_LISTS)
    assert len({c.spec.title for c in CONTENT_LISTS.values()}) == len(CONTENT_LISTS)


@pytest.mark.parametrize("name", sorted(CONTENT_LISTS))
def test_every_list_is_keyed_by_the_indexed_submission_id_column(name: str) -> None:
    spec = CONTENT_LISTS[name].spec
    assert spec.key == "id"
    column = spec.column("id")
    assert column.graph_name == SUBMISSION_ID
    assert column.indexed and column.required and column.read_only


@pytest.mark.parametrize("name", sorted(CONTENT_LISTS))
def test_every_table_has_exactly_the_spec_columns_and_the_deletion_columns(name: str) -> None:
    content = CONTENT_LISTS[name]
    table = content_tables[name]
    assert table.name == content.table
    assert set(table.columns.keys()) == {
        *content.spec.names,
        "deleted_at",
        "deleted_by",
        "delete_reason",
    }


@pytest.mark.parametrize("name", sorted(CONTENT_LISTS))
def test_server_fields_are_read_only_and_not_list_columns_where_store_only(name: str) -> None:
    content = CONTENT_LISTS[name]
    assert {"id", "version", "created_at", "created_by", "updated_at"} <= content.read_only
    names = {c.name for c in content.spec.list_columns}
    assert "version" not in names and "warnings" not in names


def test_markup_bodies_are_those_meant_to_carry_formatting() -> None:
    found = {name: c.markup for name, c in CONTENT_LISTS.items() if c.markup}
    assert found == {
        "what_works_well": ("what_was_done", "outcome"),
        "news": ("body",),
        "useful_info_item": ("body",),
    }


def test_only_the_keyholder_list_asks_for_its_own_permissions() -> None:
    assert [n for n, c in CONTENT_LISTS.items() if c.own_permissions] == ["keyholder"]


def test_choices_follow_the_api_spelling() -> None:
    assert [s.value for s in FeedbackStatus] == ["open", "in_progress", "fixed", "wont_fix"]
    www = CONTENT_LISTS["what_works_well"].spec
    assert www.column("evidence").label == "Does it work?"
    assert {c.name for c in www.choice_columns} == {"evidence", "status"}


def test_columns_the_service_filters_on_are_indexed() -> None:
    expected = {
        "what_works_well": {"created_by", "lpa_id", "status", "evidence"},
        "feedback": {"created_by", "status", "category"},
        "news": {"audience", "publish_from"},
        "useful_info_folder": {"parent_id", "lpa_id"},
        "useful_info_item": {"folder_id", "lpa_id"},
        "keyholder": {"folder_id", "lpa_id"},
    }
    for name, columns in expected.items():
        assert columns <= set(CONTENT_LISTS[name].spec.indexed), name


def test_link_columns_are_text_and_bodies_are_notes() -> None:
    item = CONTENT_LISTS["useful_info_item"].spec
    assert item.column("link").type is ColumnType.TEXT
    assert item.column("body").type is ColumnType.NOTE
    assert item.column("body").max_length == 8000
