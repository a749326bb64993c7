"""Each list's spec is read off its model: columns, indexes, search and read-only fields."""

from schemas.kinds import ABSTRACTION, ENGAGEMENT, ORGANISATION_LISTS, PATROL
from schemas.spec import SUBMISSION_ID, ColumnType


def test_record_id_is_the_indexed_submission_id_column() -> None:
    for kind in (ENGAGEMENT, PATROL, ABSTRACTION):
        column = kind.spec.column("id")
        assert column.graph_name == SUBMISSION_ID
        assert column.indexed and column.required


def test_searchable_text_fields_are_those_of_the_search_issue() -> None:
    assert ENGAGEMENT.spec.searchable == (
        "location",
        "notes",
        "issues_raised",
        "actions_agreed",
        "feedback_text",
    )
    assert PATROL.spec.searchable == ("location", "notes", "operation_name", "tasking_ref")
    assert ABSTRACTION.spec.searchable == ("location", "notes")


def test_columns_the_service_filters_on_are_indexed() -> None:
    for kind in (ENGAGEMENT, PATROL, ABSTRACTION):
        assert {"id", "officer", "team_id", "lpa_id", "started_at"} <= set(kind.spec.indexed)


def test_column_types_and_limits_come_from_the_model() -> None:
    spec = ENGAGEMENT.spec
    assert spec.column("notes").type is ColumnType.NOTE
    assert spec.column("notes").max_length == 4000
    assert spec.column("location").type is ColumnType.TEXT
    assert spec.column("location").max_length == 200
    assert spec.column("community_groups").type is ColumnType.MULTI_CHOICE
    assert spec.column("engagement_type").type is ColumnType.CHOICE
    assert (spec.column("attendees").minimum, spec.column("attendees").maximum) == (0, 10_000)
    assert spec.column("follow_up_on").type is ColumnType.DATE
    assert spec.column("started_at").type is ColumnType.DATETIME
    assert spec.column("feedback_given").type is ColumnType.BOOLEAN


def test_server_set_and_derived_fields_are_read_only() -> None:
    assert {"id", "officer", "team_id", "lpa_id", "version", "created_at"} <= ENGAGEMENT.read_only
    assert "duration_minutes" in PATROL.read_only
    assert "hours" in ABSTRACTION.read_only
    assert "location" not in PATROL.read_only


def test_store_only_fields_are_not_list_columns() -> None:
    names = {c.name for c in PATROL.spec.list_columns}
    assert "version" not in names and "warnings" not in names
    assert "dip_check" not in PATROL.spec.names


def test_labels_read_as_headers() -> None:
    assert ENGAGEMENT.spec.column("lpa_id").label == "LPA ID"
    assert ENGAGEMENT.spec.column("issues_raised").label == "Issues raised"


def test_organisation_lists_have_specs() -> None:
    assert set(ORGANISATION_LISTS) == {"lpa", "team", "person", "priority", "hotspot"}
    person = ORGANISATION_LISTS["person"][1]
    assert "role" not in person.names
    assert person.column("entra_object_id").indexed
