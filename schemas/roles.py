"""Roles come only from the sign-in token, never from the people list."""

from schemas.choices import Choice


class Role(Choice):
    OFFICER = "Officer"
    SUPERVISOR = "Supervisor"
    MANAGER = "Manager"
    ADMIN = "Admin"
    AUDITOR = "Auditor"
