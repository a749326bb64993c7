"""Every timer of the Functions app, with its schedule, in one place.

Each timer runs a core job with the process-wide services, built lazily: a timer-only instance
never sees the ASGI startup hook.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

import azure.functions as func

from core.dispatch import WORKERS, dispatch
from core.duties import copy_shifts_if_used
from core.exports import scheduled_workbooks
from core.housekeeping import forget_old_idempotency_keys
from core.notifications import keep_subscribed
from core.powerbi import scheduled_extract
from core.retention import purge
from core.services import Services, shared_services
from core.sync import sync
from schemas.audit import AuditSource

log = logging.getLogger("npt.timers")


@dataclass(frozen=True)
class Timer:
    name: str
    schedule: str
    """NCRONTAB with seconds: `second minute hour day month day-of-week`, in UTC."""
    job: Callable[[Services], object]


TIMERS: tuple[Timer, ...] = (
    Timer(
        "forget_idempotency_keys",
        "0 30 3 * * *",
        lambda services: forget_old_idempotency_keys(services.database),
    ),
    Timer("powerbi_extract", "0 0 2 * * *", scheduled_extract),
    Timer("weekly_lpa_workbooks", "0 0 6 * * 1", scheduled_workbooks),
    Timer("copy_shifts", "0 45 1 * * *", copy_shifts_if_used),
    Timer(
        "retention",
        "0 15 4 * * *",
        lambda services: purge(
            services.database, services.settings, dry_run=False, source=AuditSource.TIMER
        ),
    ),
    Timer("lists_outbox", "0 * * * * *", lambda s: dispatch(s.database, s.lists, workers=WORKERS)),
    Timer("lists_sync", "30 */5 * * * *", lambda s: sync(s.database, s.lists).as_dict()),
    Timer("lists_subscriptions", "0 10 */6 * * *", lambda s: keep_subscribed(s.database, s.lists)),
)


def _runner(timer: Timer) -> Callable[[func.TimerRequest], None]:
    def run(clock: func.TimerRequest) -> None:
        result = timer.job(shared_services())
        log.info("timer %s done: %s", timer.name, result)

    run.__name__ = timer.name
    return run


def register(app: func.FunctionApp) -> None:
    for timer in TIMERS:
        app.function_name(name=timer.name)(
            app.timer_trigger(arg_name="clock", schedule=timer.schedule, use_monitor=True)(
                _runner(timer)
            )
        )
