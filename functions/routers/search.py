"""GET /api/search: full text and filters across the three activity logs, with facets."""

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime, BaseModel

from core import search as use_case
from core.queries import RecordQuery
from functions.deps import CurrentCaller, ServicesDep
from functions.paging import Cursor, Limit
from functions.routers.activities import _choice_filters
from schemas.base import Instant
from schemas.kinds import ABSTRACTION, ACTIVITY_KINDS, ENGAGEMENT, PATROL

router = APIRouter(tags=["search"])
When = date | AwareDatetime
Kind = StrEnum("Kind", {name: name for name in ACTIVITY_KINDS})  # type: ignore[misc]
Choices = dict[str, tuple[str, ...]]
DESCRIPTION = """Words are matched in every text field (stemmed: "patrolling" finds "patrol"),
the last word as a prefix while it is being typed; "double quotes" make a phrase. Operators
typed by users are read as plain words. Every filter of the list endpoints applies, plus each
kind's enum fields (an enum filter limits the search to its kind). Without words: the filtered
records, newest first. `sort=relevance` ranks by how well the words match (newest first is the
default, as in every list). `total` and `facets` count every match in the caller's scope only.
Snippets are HTML: text escaped, matches in `<mark>`."""


class Sorting(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"


class SearchHit(BaseModel):
    kind: str
    id: str
    started_at: Instant
    officer: str
    snippet: str


class SearchFacets(BaseModel):
    kind: dict[str, int]
    team_id: dict[str, int]
    month: dict[str, int]


class SearchPage(BaseModel):
    items: list[SearchHit]
    next: str | None
    total: int
    facets: SearchFacets


@router.get(
    "/search",
    summary="Search engagements, patrols and abstractions in scope",
    description=DESCRIPTION,
    response_model=SearchPage,
)
def search(
    caller: CurrentCaller,
    services: ServicesDep,
    engagement: Annotated[Choices, Depends(_choice_filters(ENGAGEMENT))],
    patrol: Annotated[Choices, Depends(_choice_filters(PATROL))],
    abstraction: Annotated[Choices, Depends(_choice_filters(ABSTRACTION))],
    q: Annotated[str, Query(max_length=500, description="Words to find.")] = "",
    kind: Annotated[list[Kind] | None, Query(description="Any of these kinds.")] = None,
    start: Annotated[When | None, Query(alias="from")] = None,
    end: Annotated[When | None, Query(alias="to")] = None,
    officer: Annotated[list[str] | None, Query(description="Officer UPNs")] = None,
    team_id: Annotated[list[str] | None, Query()] = None,
    lpa_id: Annotated[list[str] | None, Query()] = None,
    sort: Annotated[Sorting, Query()] = Sorting.NEWEST,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    query = use_case.SearchQuery(
        q=q,
        kinds=tuple(k.value for k in kind or ()),
        records=RecordQuery(
            start=start,
            end=end,
            officers=tuple(officer or ()),
            team_ids=tuple(team_id or ()),
            lpa_ids=tuple(lpa_id or ()),
        ),
        choices={"engagement": engagement, "patrol": patrol, "abstraction": abstraction},
        sort=use_case.Sort(sort.value),
    )
    result = use_case.search(services.database, caller, query, limit=limit, cursor=cursor)
    return {
        "items": result.page.items,
        "next": result.page.next,
        "total": result.total,
        "facets": result.facets,
    }
