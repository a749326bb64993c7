"""The weekly LPA workbooks and the daily extract, as the timers and `npt export` run them."""

import email
from datetime import UTC, date, datetime
from email import policy
from pathlib import Path

import openpyxl
import pytest

from core.exports import last_week, weekly_workbooks
from core.services import Services
from functions import export_cli
from functions.timers import TIMERS
from tests.conftest import upn
from tests.export_records import add_record

MONDAY = date(2026, 3, 16)


def test_last_week_runs_monday_to_sunday() -> None:
    assert last_week(date(2026, 3, 18)) == (date(2026, 3, 9), date(2026, 3, 15))
    assert last_week(MONDAY) == (date(2026, 3, 9), date(2026, 3, 15))


def test_each_lpa_gets_last_weeks_workbook_and_its_supervisors_an_email(
    services: Services,
) -> None:
    add_record(services.database, "patrol", datetime(2026, 3, 10, 9, tzinfo=UTC))
    add_record(services.database, "patrol", datetime(2026, 3, 3, 9, tzinfo=UTC))
    add_record(
        services.database,
        "engagement",
        datetime(2026, 3, 11, 9, tzinfo=UTC),
        officer="stranger",
        team_id="team-b1",
        lpa_id="lpa-b",
    )
    done = weekly_workbooks(
        services.database,
        services.files,
        services.mail,
        seldom_heard=services.settings.seldom_heard,
        today=MONDAY,
    )
    by_lpa = {d["lpa_id"]: d for d in done}
    assert by_lpa["lpa-a"]["rows"] == 1 and by_lpa["lpa-b"]["rows"] == 1
    assert by_lpa["lpa-a"]["recipients"] == [upn("supervisor")]
    assert by_lpa["lpa-b"]["recipients"] == sorted([upn("other_supervisor"), upn("manager")])
    saved = services.settings.data_dir / "exports" / "workbooks" / "lpa-a"
    [book] = saved.iterdir()
    assert openpyxl.load_workbook(book)["Patrols"].max_row == 2
    messages = [
        email.message_from_bytes(p.read_bytes(), policy=policy.default)
        for p in (services.settings.data_dir / "outbox").glob("*.eml")
    ]
    to_a = next(m for m in messages if m["To"] == upn("supervisor"))
    assert by_lpa["lpa-a"]["url"] in to_a.get_content()
    with services.database.transaction(read_only=True) as tx:
        entries = tx.audit.list(upn="system", limit=10).items
    recipients = [e.detail["recipients"] for e in entries if e.detail and e.kind == "workbook"]
    assert [upn("supervisor")] in recipients


def test_the_timers_include_the_daily_extract_and_weekly_workbooks() -> None:
    schedules = {t.name: t.schedule for t in TIMERS}
    assert schedules["powerbi_extract"] == "0 0 2 * * *"
    assert schedules["weekly_lpa_workbooks"] == "0 0 6 * * 1"


def test_npt_export_runs_the_same_code_by_hand(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    add_record(services.database, "abstraction", datetime(2026, 2, 10, 9, tzinfo=UTC))
    parser = export_cli_parser()
    assert export_cli.run(services, parser.parse_args(["export", "powerbi"])) == 0
    out = capsys.readouterr().out
    assert "fact_abstraction: rewrote 2026-02" in out
    assert (services.settings.data_dir / "exports" / "powerbi" / "manifest.json").is_file()
    args = parser.parse_args(["export", "workbook", "--lpa", "lpa-a", "--from", "2026-02-01"])
    assert export_cli.run(services, args) == 0
    assert "1 records at file://" in capsys.readouterr().out
    workbook = next((services.settings.data_dir / "exports" / "workbooks").glob("*.xlsx"))
    assert isinstance(workbook, Path) and "lpa-a" in workbook.name


def export_cli_parser():  # type: ignore[no-untyped-def]
    import argparse

    top = argparse.ArgumentParser(prog="npt")
    export_cli.add_commands(top.add_subparsers(dest="command", required=True))
    return top
