"""What a caller asks a list for, in the caller's terms (dates in Europe/London)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from core.errors import FieldError, InvalidInput
from schemas.base import LONDON
from store.filters import RecordFilter

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


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


def _start_of(value: date | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), LONDON)


def _after(value: date | datetime | None) -> datetime | None:
    """The first moment after `value`: the next midnight for a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value + timedelta(microseconds=1)
    return datetime.combine(value + timedelta(days=1), time(), LONDON)
