"""A quote in a value looked up in Lists stays inside its OData literal and cannot change the
filter, through the real msgraph-sdk and the fake Graph, which refuses a malformed filter."""

from urllib.parse import quote

import pytest

from graph.batch import Operation, Outcome, Write
from graph.mapping import to_fields
from graph.odata import equals, filter_parameter, literal
from schemas.kinds import PATROL
from schemas.spec import SUBMISSION_ID
from tests.fakegraph.tenant import Tenant
from tests.integration.lists.test_graph_port import TITLE, tenant

IRISH = "o'brien@force.example"
HOSTILE = "nobody' or fields/SubmissionId ne 'nobody"
__all__ = ["tenant"]


def _add(tenant: Tenant, *submission_ids: str) -> str:
    list_id = tenant.port.lists()[TITLE]
    writes = [
        Write(str(i), list_id, Operation.CREATE, fields=to_fields(PATROL.spec, {"id": value}))
        for i, value in enumerate(submission_ids)
    ]
    assert {r.outcome for r in tenant.port.write(writes)} == {Outcome.DONE}
    return list_id


def test_text_literals_double_their_quotes_and_numbers_stay_bare() -> None:
    assert literal(IRISH) == "'o''brien@force.example'"
    assert literal("''") == "''''''"
    assert literal(42) == "42"
    assert equals("fields/SubmissionId", "a'b") == "fields/SubmissionId eq 'a''b'"


def test_only_property_paths_and_plain_values_make_a_clause() -> None:
    with pytest.raises(ValueError):
        equals("fields/SubmissionId eq 'x' or fields/Title", "x")
    with pytest.raises(TypeError):
        literal(True)


def test_a_value_with_a_quote_finds_exactly_its_own_item(tenant: Tenant) -> None:
    list_id = _add(tenant, IRISH, "s1", HOSTILE)
    for value in (IRISH, HOSTILE):
        found = tenant.port.find(list_id, value)
        assert found is not None and found.fields[SUBMISSION_ID] == value


def test_a_quote_in_input_cannot_widen_the_filter(tenant: Tenant) -> None:
    list_id = _add(tenant, "s1", "s2")
    assert tenant.port.find(list_id, "s9' or fields/SubmissionId ne 's9") is None
    assert tenant.port.find(list_id, "s1' or '1' eq '1") is None


def test_the_fake_refuses_a_filter_whose_quote_was_not_doubled(tenant: Tenant) -> None:
    list_id = _add(tenant, IRISH)
    items = f"/sites/{tenant.lists.site_id}/lists/{list_id}/items"
    raw = quote(f"fields/{SUBMISSION_ID} eq '{IRISH}'", safe="/='")
    assert tenant.port.raw.send("GET", f"{items}?$filter={raw}").status == 400
    escaped = filter_parameter(equals(f"fields/{SUBMISSION_ID}", IRISH))
    reply = tenant.port.raw.send("GET", f"{items}?{escaped}&$expand=fields")
    assert reply.status == 200 and len(reply.body["value"]) == 1
