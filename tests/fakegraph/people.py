"""People's Outlook and Shifts in the fake Graph: calendarView, sendMail and a team's shifts.

Wire format as Graph documents it. `calendarView` needs a time window, returns the events that
overlap it with times as `dateTimeTimeZone` in the zone a `Prefer: outlook.timezone` header
asks for (UTC without one, on every page alike), and pages with `@odata.nextLink`. `sendMail`
answers 202 with no body and rejects what Graph rejects: unknown properties, no recipients, a
malformed address. Shifts answers an application token only with `MS-APP-ACTS-AS`, filters on
`sharedShift/startDateTime` and `sharedShift/endDateTime`, and pages at 50 shifts.

One delegated token stands for one person, `me` (their Entra object id).
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tests.fakegraph.server import BASE, FakeGraph, Reply, Request, odata_error

CALENDAR_PAGE_DEFAULT = 10
CALENDAR_PAGE_MAX = 1000
SHIFTS_PAGE = 50
PREFER_ZONE = re.compile(r'outlook\.timezone="([^"]+)"')
WINDOWS_ZONES = {"GMT Standard Time": "Europe/London", "UTC": "UTC"}
ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[A-Za-z]{2,}")
FILTER_CLAUSE = re.compile(
    r"^sharedShift/(?P<field>startDateTime|endDateTime) (?P<op>ge|le|gt|lt) (?P<value>\S+)$"
)
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
MESSAGE_PROPERTIES = {
    "@odata.type", "subject", "body", "torecipients", "ccrecipients", "bccrecipients",
    "replyto", "importance", "attachments", "from", "internetmessageheaders",
}  # fmt: skip


@dataclass
class FakeEvent:
    subject: str
    start: datetime
    end: datetime
    location: str = ""
    is_all_day: bool = False
    id: str = field(default_factory=lambda: "AAMk" + uuid.uuid4().hex)


@dataclass
class FakeShift:
    user_id: str
    start: datetime
    end: datetime
    display_name: str = "Day"
    published: bool = True
    id: str = field(default_factory=lambda: f"SHFT_{uuid.uuid4()}")


@dataclass
class SentMail:
    sender: str
    message: dict[str, Any]
    save_to_sent_items: bool


def _zone(request: Request) -> tuple[str, ZoneInfo]:
    found = PREFER_ZONE.search(request.headers.get("prefer", ""))
    name = found.group(1) if found else "UTC"
    try:
        return name, ZoneInfo(WINDOWS_ZONES.get(name, name))
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC", ZoneInfo("UTC")


def _instant(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _graph_time(moment: datetime, name: str, zone: ZoneInfo) -> dict[str, str]:
    local = moment.astimezone(zone).replace(tzinfo=None)
    return {"dateTime": local.isoformat(timespec="microseconds") + "0", "timeZone": name}


def _lower_keys(value: Any) -> dict[str, Any]:
    return {k.lower(): v for k, v in value.items()} if isinstance(value, dict) else {}


class People:
    """Calendars, mail and Shifts schedules, registered on `graph`."""

    def __init__(self, graph: FakeGraph, *, me: str) -> None:
        self.graph = graph
        self.me = me
        self.calendars: dict[str, list[FakeEvent]] = {}
        self.schedules: dict[str, list[FakeShift]] = {}
        self.sent: list[SentMail] = []
        self.calendar_requests: list[Request] = []
        graph.route("GET", r"/me/calendarView")(self._calendar_view)
        graph.route("POST", r"/me/sendMail")(self._send_mail)
        graph.route("GET", r"/teams/(?P<team>[^/]+)/schedule/shifts")(self._shifts)

    def add_event(self, user_id: str, event: FakeEvent) -> FakeEvent:
        self.calendars.setdefault(user_id, []).append(event)
        return event

    def add_shift(self, team_id: str, shift: FakeShift) -> FakeShift:
        self.schedules.setdefault(team_id, []).append(shift)
        return shift

    def _calendar_view(self, request: Request) -> Reply:
        self.calendar_requests.append(request)
        start = _instant(request.query.get("startDateTime", ""))
        end = _instant(request.query.get("endDateTime", ""))
        if start is None or end is None:
            return odata_error(
                400,
                "ErrorInvalidParameter",
                "This request requires a time window specified by the query string parameters "
                "StartDateTime and EndDateTime.",
            )
        events = [e for e in self.calendars.get(self.me, []) if e.start < end and e.end > start]
        if request.query.get("$orderby", "").startswith("start/dateTime"):
            events.sort(key=lambda e: e.start)
        top = min(int(request.query.get("$top", CALENDAR_PAGE_DEFAULT)), CALENDAR_PAGE_MAX)
        skip = int(request.query.get("$skip", 0))
        name, zone = _zone(request)
        selected = [s for s in request.query.get("$select", "").split(",") if s]
        body: dict[str, Any] = {
            "@odata.context": f"{BASE}/$metadata#users('{self.me}')/calendarView",
            "value": [self._event(e, name, zone, selected) for e in events[skip : skip + top]],
        }
        if skip + top < len(events):
            query = {k: v for k, v in request.query.items() if k != "$skip"}
            body["@odata.nextLink"] = (
                f"{BASE}/me/calendarView?{urlencode(query | {'$skip': skip + top})}"
            )
        return Reply(200, body, {"Preference-Applied": f'outlook.timezone="{name}"'})

    @staticmethod
    def _event(event: FakeEvent, name: str, zone: ZoneInfo, selected: list[str]) -> dict[str, Any]:
        whole = {
            "subject": event.subject,
            "isAllDay": event.is_all_day,
            "start": _graph_time(event.start, name, zone),
            "end": _graph_time(event.end, name, zone),
            "location": {
                "displayName": event.location,
                "locationType": "default",
                "uniqueIdType": "unknown",
                "address": {},
                "coordinates": {},
            },
            "showAs": "busy",
        }
        chosen = {k: v for k, v in whole.items() if not selected or k in selected}
        return {"@odata.etag": f'W/"{event.id[-8:]}"', "id": event.id, **chosen}

    def _send_mail(self, request: Request) -> Reply:
        payload = _lower_keys(request.body)
        unknown = set(payload) - {"message", "savetosentitems"}
        message = _lower_keys(payload.get("message"))
        unknown |= {f"message.{k}" for k in set(message) - MESSAGE_PROPERTIES}
        if unknown or not message:
            what = ", ".join(sorted(unknown)) or "message"
            return odata_error(400, "BadRequest", f"Invalid or missing property: {what}.")
        body = _lower_keys(message.get("body"))
        if body and str(body.get("contenttype", "")).lower() not in ("text", "html"):
            return odata_error(400, "BadRequest", "body.contentType must be text or html.")
        recipients = [
            recipient
            for name in ("torecipients", "ccrecipients", "bccrecipients")
            for recipient in message.get(name) or []
        ]
        addresses = [
            _lower_keys(_lower_keys(r).get("emailaddress")).get("address") for r in recipients
        ]
        if not addresses or not all(isinstance(a, str) and ADDRESS.fullmatch(a) for a in addresses):
            return odata_error(400, "ErrorInvalidRecipients", "At least one recipient isn't valid.")
        save = payload.get("savetosentitems", True)
        as_sent = next(v for k, v in request.body.items() if k.lower() == "message")
        self.sent.append(SentMail(self.me, as_sent, bool(save)))
        return Reply(202)

    def _shifts(self, request: Request) -> Reply:
        team = request.params["team"]
        if team not in self.schedules:
            return odata_error(404, "NotFound", f"No team found with Group Id {team}.")
        if not GUID.match(request.headers.get("ms-app-acts-as", "")):
            return odata_error(
                403,
                "Forbidden",
                "MS-APP-ACTS-AS header needs to be set for application context requests.",
            )
        tests = []
        raw = request.query.get("$filter", "")
        for clause in filter(None, (c.strip() for c in raw.split(" and "))):
            match = FILTER_CLAUSE.match(clause)
            value = _instant(match.group("value")) if match else None
            if match is None or value is None:
                return odata_error(400, "BadRequest", f"Invalid filter clause: {clause}")
            tests.append((match.group("field"), match.group("op"), value))
        shifts = [s for s in self.schedules[team] if all(_holds(s, *t) for t in tests)]
        skip = int(request.query.get("$skiptoken", 0))
        body: dict[str, Any] = {
            "@odata.context": f"{BASE}/$metadata#teams('{team}')/schedule/shifts",
            "value": [_shift(s) for s in shifts[skip : skip + SHIFTS_PAGE]],
        }
        if skip + SHIFTS_PAGE < len(shifts):
            query = {k: v for k, v in request.query.items() if k != "$skiptoken"}
            query["$skiptoken"] = str(skip + SHIFTS_PAGE)
            body["@odata.nextLink"] = f"{BASE}/teams/{team}/schedule/shifts?{urlencode(query)}"
        return Reply(200, body)


def _holds(shift: FakeShift, name: str, op: str, value: datetime) -> bool:
    if not shift.published:
        return False
    moment = shift.start if name == "startDateTime" else shift.end
    return {
        "ge": moment >= value,
        "le": moment <= value,
        "gt": moment > value,
        "lt": moment < value,
    }[op]


def _shift(shift: FakeShift) -> dict[str, Any]:
    times = {
        "displayName": shift.display_name,
        "notes": None,
        "startDateTime": shift.start.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "endDateTime": shift.end.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "theme": "blue",
        "activities": [],
    }
    return {
        "@odata.etag": '"0a000000-0000-0a00-0000-5f0a00000000"',
        "id": shift.id,
        "userId": shift.user_id,
        "schedulingGroupId": "TAG_228940ed-ff84-4e25-b129-1b395cf78be0",
        "createdDateTime": "2026-11-01T08:00:00Z",
        "lastModifiedDateTime": "2026-11-01T08:00:00Z",
        "sharedShift": times if shift.published else None,
        "draftShift": None if shift.published else times,
    }
