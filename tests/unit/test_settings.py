"""Settings are read once, from NPT_* variables; a typo never falls back to a default mode."""

from pathlib import Path

import pytest

from core.settings import Mode, Settings, SettingsError


def test_embedded_is_the_default_with_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings.from_environ({"NPT_DATA_DIR": str(tmp_path)})
    assert settings.mode is Mode.EMBEDDED
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'npt.db'}"


def test_a_misspelt_mode_is_refused_naming_the_setting() -> None:
    with pytest.raises(SettingsError, match="NPT_MODE"):
        Settings.from_environ({"NPT_MODE": "microsoft356"})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NPT_DB_POOL_SIZE", "many"),
        ("NPT_DB_POOL_SIZE", "0"),
        ("NPT_LOG_LEVEL", "LOUD"),
        ("NPT_SELDOM_HEARD", "young_people,martians"),
    ],
)
def test_malformed_settings_are_refused_naming_the_setting(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_environ({name: value})


def test_seldom_heard_groups_are_configurable() -> None:
    settings = Settings.from_environ({"NPT_SELDOM_HEARD": "homeless, students"})
    assert [g.value for g in settings.seldom_heard] == ["homeless", "students"]
