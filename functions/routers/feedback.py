"""Feedback on the app: anyone signed in submits; admins triage and reply."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from core import feedback
from functions.content_routes import UseCases, add_item_routes, page_reply
from functions.deps import CurrentCaller, ServicesDep
from functions.paging import Cursor, Limit, page_model
from schemas.content import FEEDBACK
from schemas.feedback import Feedback, FeedbackCategory, FeedbackStatus

router = APIRouter(prefix="/feedback", tags=["feedback"])


@router.get(
    "",
    summary="The caller's own feedback (admins: everyone's), newest first",
    response_model=page_model(Feedback),
)
def list_feedback(
    caller: CurrentCaller,
    services: ServicesDep,
    status: Annotated[list[FeedbackStatus] | None, Query()] = None,
    category: Annotated[list[FeedbackCategory] | None, Query()] = None,
    author: Annotated[list[str] | None, Query(description="Author UPNs (admins)")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    page = feedback.list_feedback(
        services.database,
        caller,
        status=tuple(s.value for s in status or ()),
        category=tuple(c.value for c in category or ()),
        authors=tuple(author or ()),
        limit=limit,
        cursor=cursor,
    )
    return page_reply(page)


add_item_routes(
    router,
    FEEDBACK,
    "piece of feedback",
    UseCases(feedback.create, feedback.get, feedback.update),
    creators="anyone signed in",
    changers="admins",
)
