"""The news reel: admins publish; readers get what is current for their audience."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from core import news
from functions.content_routes import UseCases, add_item_routes, page_reply
from functions.deps import CurrentCaller, ServicesDep
from functions.paging import Cursor, Limit, page_model
from schemas.content import NEWS
from schemas.news import News

router = APIRouter(prefix="/news", tags=["news"])


@router.get(
    "",
    summary="News items published now for the caller's audience, pinned first, then newest",
    description="Items for the whole force and for the caller's LPA whose publishing window "
    "holds the present moment. Admins may ask for `all=true`: every item, scheduled and "
    "expired too.",
    response_model=page_model(News),
)
def list_news(
    caller: CurrentCaller,
    services: ServicesDep,
    every: Annotated[bool, Query(alias="all", description="Every item (admins only).")] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict[str, Any]:
    page = news.list_news(services.database, caller, every=every, limit=limit, cursor=cursor)
    return page_reply(page)


add_item_routes(
    router,
    NEWS,
    "news item",
    UseCases(news.create, news.get, news.update, news.delete),
    creators="admins",
    changers="admins",
)
