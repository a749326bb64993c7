"""Every timer of the Functions app, with its schedule, in one place.

Each timer runs a core job with the process-wide services, built lazily: a timer-only instance
never sees the ASGI startup hook.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

import azure.functions as func

from core.housekeeping import forget_old_idempotency_keys
from core.services import Services, shared_services

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
