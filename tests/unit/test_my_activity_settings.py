"""Settings of my activity: where duties come from, the Teams behind our teams, mail domains."""

from dataclasses import replace

import pytest

from core.duties import duties_from_shifts
from core.settings import Mode, Settings, SettingsError
from schemas.duty import DutySource


def test_duties_are_imported_unless_shifts_is_chosen() -> None:
    assert Settings.from_environ({}).duties_source is DutySource.IMPORTED
    chosen = Settings.from_environ({"NPT_DUTIES_SOURCE": "Shifts"})
    assert chosen.duties_source is DutySource.SHIFTS


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NPT_DUTIES_SOURCE", "demo"),
        ("NPT_DUTIES_SOURCE", "rota"),
        ("NPT_SHIFTS_TEAMS", "team-a1"),
        ("NPT_SHIFTS_TEAMS", "team-a1=,team-a2=abc"),
    ],
)
def test_malformed_duty_settings_are_refused_naming_the_setting(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_environ({name: value})


def test_shifts_teams_map_our_team_ids_to_teams_ids() -> None:
    settings = Settings.from_environ({"NPT_SHIFTS_TEAMS": "team-a1 = abc, team-a2=def"})
    assert settings.shifts_teams == {"team-a1": "abc", "team-a2": "def"}


def test_mail_domains_are_compared_in_lower_case() -> None:
    settings = Settings.from_environ({"NPT_MAIL_DOMAINS": "Northshire.Police.UK, partner.example"})
    assert settings.mail_domains == ("northshire.police.uk", "partner.example")


def test_production_with_shifts_needs_the_team_mapping() -> None:
    settings = Settings(mode=Mode.MICROSOFT365, duties_source=DutySource.SHIFTS)
    assert any("NPT_SHIFTS_TEAMS" in p for p in settings.production_problems())
    mapped = replace(settings, shifts_teams={"team-a1": "abc"})
    assert not any("NPT_SHIFTS_TEAMS" in p for p in mapped.production_problems())


def test_shifts_is_the_roster_only_with_microsoft_365() -> None:
    shifts = Settings(duties_source=DutySource.SHIFTS)
    assert not duties_from_shifts(shifts)
    assert duties_from_shifts(replace(shifts, mode=Mode.MICROSOFT365))
    assert not duties_from_shifts(Settings(mode=Mode.MICROSOFT365))
