"""What a caller asks a list for, in the caller's terms (dates in Europe/London)."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from core.errors import FieldError, InvalidInput
from schemas.base import LONDON
from store.filters import RecordFilter

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
"""The days a period of figures, a calendar or a duty roster may reach: far enough from either
end of the calendar that the period, and the span before it that figures are compared with, can
always be worked out."""


@dataclass(frozen=True)
class RecordQuery:
    """`start` and `end` bound `started_at`; a date means the whole day in Europe/London."""

    start: date | datetime | None = None
    end: date | datetime | None = None
    officers: tuple[str, ...] = ()
    team_ids: tuple[str, ...] = ()
    lpa_ids: tuple[str, ...] = ()
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def to_filter(self) -> RecordFilter:
        since = _start_of(self.start)
        before = _after(self.end)
        if since is not None and before is not None and since >= before:
            raise InvalidInput([FieldError("to", "must not be before from")])
        return RecordFilter(
            started_from=since,
            started_before=before,
            officers=self.officers,
            team_ids=self.team_ids,
            lpa_ids=self.lpa_ids,
            choices={k: v for k, v in self.choices.items() if v},
        )


EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)


def _start_of(value: date | datetime | None) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(), LONDON)
    return _in_utc(value)


def _after(value: date | datetime | None) -> datetime | None:
    """The first moment after `value`: the next midnight for a date. Nothing starts after the
    calendar's last moment, so that bound is no bound at all."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = _in_utc(value)
        return None if moment == LATEST else moment + timedelta(microseconds=1)
    if value == date.max:
        return None
    return _in_utc(datetime.combine(value + timedelta(days=1), time(), LONDON))


def _in_utc(moment: datetime) -> datetime:
    """`moment` in UTC; a moment whose offset takes it past either end of the calendar is
    that end, before or after every record there is."""
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return LATEST if moment.year == datetime.max.year else EARLIEST


def check_period_days(start: date | datetime | None, end: date | datetime | None) -> None:
    """Refuse a period's `from` (`start`) or `to` (`end`) outside FIRST_DAY to LAST_DAY, as
    given: a moment counts by its own day."""
    errors = [
        FieldError(name, f"must be between {FIRST_DAY} and {LAST_DAY}")
        for name, value in (("from", start), ("to", end))
        if value is not None and not FIRST_DAY <= _day(value) <= LAST_DAY
    ]
    if errors:
        raise InvalidInput(errors)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
