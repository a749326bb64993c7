"""Links out to the external tools the app opens: configured in settings (NPT_LINKS)."""

from core.access import Caller
from core.settings import Settings
from schemas.content_fields import FORCE
from schemas.links import Link
from schemas.roles import Role


def links_for(settings: Settings, caller: Caller) -> list[Link]:
    """The links meant for everyone and for the caller's LPA; admins, who configure them, get
    every one."""
    if caller.role is Role.ADMIN:
        return list(settings.links)
    return [link for link in settings.links if link.audience in (FORCE, caller.person.lpa_id)]
