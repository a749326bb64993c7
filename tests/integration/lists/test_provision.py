"""`npt provision` against the fake site: every list and column, twice, and drift reported."""

from core.lists import PROVISIONED, Lists
from core.provision import provision
from core.services import Services
from schemas.kinds import ENGAGEMENT, PATROL
from tests.fakegraph.tenant import Tenant


def _columns(tenant: Tenant, title: str) -> dict[str, dict]:
    return tenant.lists.by_name(title).columns


def test_every_list_is_created_with_its_typed_columns(tenant: Tenant, lists: Lists) -> None:
    titles = {x.display_name for x in tenant.lists.lists.values()}
    assert {spec.title for spec in PROVISIONED} <= titles
    columns = _columns(tenant, ENGAGEMENT.spec.title)
    key = columns["SubmissionId"]
    assert key["enforceUniqueValues"] and key["indexed"] and not key["required"]
    for name in ("StartedAt", "Officer", "TeamId", "LpaId", "EngagementType"):
        assert columns[name]["indexed"], name
    assert columns["Location"]["text"] == {"allowMultipleLines": False, "maxLength": 200}
    assert columns["Location"]["required"] and not columns["Officer"]["required"]
    assert columns["Notes"]["text"]["allowMultipleLines"]
    assert "Beat surgery" in columns["EngagementType"]["choice"]["choices"]
    assert columns["CommunityGroups"]["choice"]["displayAs"] == "checkBoxes"
    assert columns["Attendees"]["number"]["maximum"] == 10_000
    assert columns["FollowUpOn"]["dateTime"]["format"] == "dateOnly"
    assert columns["StartedAt"]["dateTime"]["format"] == "dateTime"
    assert "boolean" in columns["FeedbackGiven"]
    assert "Version" not in columns and "Warnings" not in columns


def test_provisioning_twice_changes_nothing_the_second_time(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    before = len(tenant.graph.requests)
    report = provision(services.database, lists)
    assert not any(x.changed or x.drift for x in report)
    writes = [m for m, _ in tenant.graph.requests[before:] if m != "GET"]
    assert writes == []


def test_a_second_run_adds_what_is_missing_and_reports_drift(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    patrols = _columns(tenant, PATROL.spec.title)
    del patrols["TaskingRef"]
    patrols["StartedAt"]["indexed"] = False
    patrols["Location"] = patrols["Location"] | {"number": {}}
    del patrols["Location"]["text"]
    patrols["Mode"]["choice"]["choices"].remove("Cycle")
    report = {x.title: x for x in provision(services.database, lists)}[PATROL.spec.title]
    assert report.added == ["TaskingRef"] and report.indexed == ["StartedAt"]
    assert any("Location is a number column" in d for d in report.drift)
    assert any("Mode has lost the choices Cycle" in d for d in report.drift)
    assert "number" in patrols["Location"], "drift is reported, never changed silently"
    assert "Cycle" not in patrols["Mode"]["choice"]["choices"]
    assert patrols["StartedAt"]["indexed"] and "TaskingRef" in patrols


def test_a_required_column_that_may_be_left_empty_is_reported(
    services: Services, tenant: Tenant, lists: Lists
) -> None:
    """A list made by hand beforehand may keep Title required, or require a column the spec
    leaves optional; Lists would refuse writes that leave it empty, so provisioning says so."""
    patrols = _columns(tenant, PATROL.spec.title)
    patrols["Title"]["required"] = True
    patrols["TaskingRef"]["required"] = True
    report = {x.title: x for x in provision(services.database, lists)}[PATROL.spec.title]
    assert sorted(d.split(";")[0] for d in report.drift) == [
        "TaskingRef is required",
        "Title is required",
    ]
    assert patrols["Title"]["required"], "drift is reported, never changed silently"
