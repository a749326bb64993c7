"""Rostered duties: Microsoft Shifts through Graph, or duties kept in the store."""

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import ValidationError

from graph.calls import GraphSession, pages
from graph.credentials import TokenSource
from graph.errors import GraphError
from schemas.duty import Duty, DutySource
from schemas.person import Person

if TYPE_CHECKING:
    from msgraph import GraphServiceClient

MARGIN = timedelta(days=1)
"""Shifts filters on whole shifts inside a range; a day either side catches those that overlap."""
UNNAMED = "Shift"


class Roster(Protocol):
    def duties(self, person: Person, since: datetime, before: datetime) -> list[Duty]:
        """The person's duties overlapping [since, before), earliest first."""
        ...


class ShiftsRoster:
    """`/teams/{id}/schedule/shifts` as the application (Schedule.Read.All).

    Only published shifts (`sharedShift`) count: a draft is not yet anyone's duty. Shifts
    knows people by their Entra object id and our teams by a mapping to Teams team ids.
    """

    def __init__(
        self, tokens: TokenSource, session: GraphSession, teams: Mapping[str, str]
    ) -> None:
        self.tokens = tokens
        self.session = session
        self.teams = teams

    def duties(self, person: Person, since: datetime, before: datetime) -> list[Duty]:
        oid = person.entra_object_id
        return self.team_duties(person.team_id, {oid: person}, since, before, acting_as=oid)

    def team_duties(
        self,
        team_id: str,
        people: Mapping[str, Person],
        since: datetime,
        before: datetime,
        *,
        acting_as: str,
    ) -> list[Duty]:
        """Duties of `people` (by Entra object id) in the team's schedule; others are skipped.

        An application token must name a user it acts for (`MS-APP-ACTS-AS`): a team member.
        """
        teams_id = self.teams.get(team_id)
        if teams_id is None:
            return []

        async def read(client: "GraphServiceClient") -> list[dict[str, Any]]:
            from msgraph.generated.teams.item.schedule.shifts.shifts_request_builder import (
                ShiftsRequestBuilder,
            )

            query = ShiftsRequestBuilder.ShiftsRequestBuilderGetQueryParameters(
                filter=(
                    f"sharedShift/startDateTime ge {_utc_text(since - MARGIN)} and "
                    f"sharedShift/endDateTime le {_utc_text(before + MARGIN)}"
                )
            )
            builder = client.teams.by_team_id(teams_id).schedule.shifts
            return await pages(client, builder, query, {"MS-APP-ACTS-AS": acting_as})

        found = []
        for item in self.session.run(self.tokens.app_token, read):
            person = people.get(str(item.get("userId")))
            shared = item.get("sharedShift")
            if person is None or not isinstance(shared, dict):
                continue
            duty = _duty(item, shared, person, team_id)
            if duty.starts_at < before and duty.ends_at > since:
                found.append(duty)
        return sorted(found, key=lambda d: (d.starts_at, d.id))


class StoredRoster:
    """Imported or demo duties, read from the store by a function core passes in."""

    def __init__(self, read: Callable[[Person, datetime, datetime], list[Duty]]) -> None:
        self.read = read

    def duties(self, person: Person, since: datetime, before: datetime) -> list[Duty]:
        return self.read(person, since, before)


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _duty(item: dict[str, Any], shared: dict[str, Any], person: Person, team_id: str) -> Duty:
    try:
        return Duty.model_validate(
            {
                "id": str(item.get("id"))[:64],
                "upn": person.upn,
                "team_id": team_id,
                "lpa_id": person.lpa_id,
                "starts_at": shared.get("startDateTime"),
                "ends_at": shared.get("endDateTime"),
                "duty_type": (str(shared.get("displayName") or "").strip() or UNNAMED)[:100],
                "source": DutySource.SHIFTS,
            }
        )
    except ValidationError:
        raise GraphError(
            f"Shifts sent a shift without readable times ({item.get('id')})."
        ) from None
