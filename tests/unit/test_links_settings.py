"""Links come from NPT_LINKS (JSON), with three defaults; only https URLs are accepted."""

import json

import pytest

from core.access import Caller
from core.links import links_for
from core.settings import Settings, SettingsError
from schemas.person import Person, Rank
from schemas.roles import Role


def caller(role: Role, lpa_id: str = "lpa-a") -> Caller:
    person = Person(
        upn="someone@test.example",
        entra_object_id="oid",
        display_name="Someone",
        rank=Rank.PC,
        team_id="team-a1",
        lpa_id=lpa_id,
    )
    return Caller(person=person, role=role)


def test_the_defaults_are_the_three_tools_of_the_domain() -> None:
    links = Settings.from_environ({}).links
    assert [link.name for link in links] == [
        "Social media",
        "Hotspot policing",
        "Community messaging",
    ]
    assert all(link.url.startswith("https://") for link in links)


def test_configured_links_replace_the_defaults() -> None:
    raw = json.dumps(
        [
            {"name": "Alerts", "url": "https://alerts.example/", "description": "Messaging"},
            {"name": "Local", "url": "https://local.example/", "audience": "lpa-b"},
        ]
    )
    links = Settings.from_environ({"NPT_LINKS": raw}).links
    assert [(link.name, link.audience) for link in links] == [
        ("Alerts", "force"),
        ("Local", "lpa-b"),
    ]


@pytest.mark.parametrize(
    "raw",
    [
        '[{"name": "Old", "url": "http://plain.example/"}]',
        '[{"name": "Bad", "url": "javascript:alert(1)"}]',
        '[{"name": "Relative", "url": "/tools"}]',
        '[{"url": "https://nameless.example/"}]',
        '[{"name": "Extra", "url": "https://x.example/", "colour": "red"}]',
        '{"name": "Not a list", "url": "https://x.example/"}',
        "not json",
    ],
)
def test_a_bad_links_setting_stops_the_service_naming_it(raw: str) -> None:
    with pytest.raises(SettingsError, match="NPT_LINKS"):
        Settings.from_environ({"NPT_LINKS": raw})


def test_people_get_the_force_links_and_their_own_lpas_admins_get_all() -> None:
    raw = json.dumps(
        [
            {"name": "Everyone", "url": "https://all.example/"},
            {"name": "Alpha only", "url": "https://a.example/", "audience": "lpa-a"},
            {"name": "Bravo only", "url": "https://b.example/", "audience": "lpa-b"},
        ]
    )
    settings = Settings.from_environ({"NPT_LINKS": raw})
    names = [link.name for link in links_for(settings, caller(Role.OFFICER, "lpa-a"))]
    assert names == ["Everyone", "Alpha only"]
    assert len(links_for(settings, caller(Role.ADMIN, "lpa-a"))) == 3
