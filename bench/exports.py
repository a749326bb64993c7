"""Exports over a demo store on SQLite: rows/s and peak memory, against pandas + openpyxl.

Seeds a store of `--records` demo records (1,000,000 by default), then runs each measurement
in a process of its own, so that its peak memory (max RSS) is its own:

- the workbook of the first `--workbook-rows` records (200,000), through core/exports.py, and
  the same rows through pandas `DataFrame.to_excel` with openpyxl, the peer;
- optionally (`--writers`) the other writers measured on a smaller sample: XlsxWriter in
  constant-memory mode and openpyxl in write-only mode;
- one LPA's weekly workbook, as the timer makes it;
- the full Power BI extract (Parquet and CSV) of every record, then an incremental run
  (`--extract-only` runs just these two).

Targets on a 2-core machine: workbook at least 3x the peer's rows/s with peak memory under
300 MB; the weekly workbook well under a second; the 1,000,000-row extract under 20 s. Each
line also gives the CPU time of the process and of any it started (the extract shares its
months with a second process): on a machine shared with other work, wall time overstates
what an idle machine takes, CPU time much less so.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This script shares its name with the `exports` package: keep its folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

from core.access import Caller  # noqa: E402
from core.exports import WorkbookRequest, system_caller, write_workbook  # noqa: E402
from core.powerbi import refresh  # noqa: E402
from core.seed import seed_demo  # noqa: E402
from core.services import Services  # noqa: E402
from core.settings import Settings  # noqa: E402
from exports.workbook import layout  # noqa: E402
from schemas.audit import AuditSource  # noqa: E402
from schemas.base import LONDON  # noqa: E402
from schemas.kinds import ACTIVITY_KINDS  # noqa: E402
from store.extracts import Extracts  # noqa: E402
from store.filters import RecordFilter, Visibility  # noqa: E402
from store.migrate import migrate  # noqa: E402

EVERYTHING = Visibility(everything=True)


def services_at(folder: Path) -> Services:
    return Services(Settings(data_dir=folder))


def caller() -> Caller:
    return system_caller(AuditSource.COMMAND_LINE)


def rows_until(services: Services, until: datetime) -> list[tuple[Any, list[list[Any]], list[str]]]:
    """The workbook's rows converted as the workbook converts them, for the other writers."""
    sheets = []
    with services.database.transaction(read_only=True) as tx:
        extracts = Extracts(tx.connection)
        for kind in ACTIVITY_KINDS.values():
            shape = layout(kind, with_dip_checks=False)
            pairs = list(zip(shape.names, shape.converters, strict=True))
            rows = [
                [row[n] if c is None else c(row[n]) for n, c in pairs]
                for row in extracts.records(kind, EVERYTHING, RecordFilter(started_before=until))
            ]
            sheets.append((kind, rows, list(shape.headers)))
    return sheets


def child(args: argparse.Namespace) -> dict[str, Any]:
    """One measurement, in this process; prints what it wrote and how long it took."""
    folder = Path(args.folder)
    services = services_at(folder)
    seldom = services.settings.seldom_heard
    out = folder / f"{args.child}.out"
    until = datetime.fromisoformat(args.until) if args.until else None
    started, cpu = time.perf_counter(), cpu_seconds()
    if args.child == "workbook":
        request = WorkbookRequest(end=until.astimezone(LONDON).date() - timedelta(days=1))
        built = write_workbook(services.database, caller(), request, out, seldom_heard=seldom)
        rows = built.rows
    elif args.child == "weekly":
        request = WorkbookRequest(
            lpa_id="lpa-01", start=args.week, end=args.week + timedelta(days=6)
        )
        rows = write_workbook(services.database, caller(), request, out, seldom_heard=seldom).rows
    elif args.child == "extract":
        report = refresh(
            services.database, services.files, caller(), seldom_heard=seldom, full=args.full
        )
        rows = report.records
    else:
        sheets = rows_until(services, until)
        started, cpu = time.perf_counter(), cpu_seconds()
        rows = write_with(args.child, sheets, out)
    return {
        "peak_mb": peak_mb(),
        "rows": rows,
        "seconds": time.perf_counter() - started,
        "cpu": cpu_seconds() - cpu,
        "bytes": out.stat().st_size if out.exists() else 0,
    }


def cpu_seconds() -> float:
    """CPU time of this process and of the processes it started and waited for."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def peak_mb() -> float:
    """This process's peak resident memory. Not `ru_maxrss`: after fork and exec that can
    still hold the parent's high-water mark."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def write_with(writer: str, sheets: list[tuple[Any, list[list[Any]], list[str]]], out: Path) -> int:
    if writer == "pandas":
        import pandas as pd

        with pd.ExcelWriter(out, engine="openpyxl") as excel:
            for kind, rows, headers in sheets:
                frame = pd.DataFrame(rows, columns=headers)
                frame.to_excel(excel, sheet_name=kind.collection.capitalize(), index=False)
    elif writer == "xlsxwriter":
        import xlsxwriter

        book = xlsxwriter.Workbook(
            str(out), {"constant_memory": True, "strings_to_formulas": False}
        )
        stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        for kind, rows, headers in sheets:
            sheet = book.add_worksheet(kind.collection.capitalize())
            sheet.write_row(0, 0, headers)
            for n, row in enumerate(rows, 1):
                for c, value in enumerate(row):
                    if isinstance(value, datetime):
                        sheet.write_datetime(n, c, value, stamp)
                    elif isinstance(value, str):
                        sheet.write_string(n, c, value)
                    elif value is not None:
                        sheet.write(n, c, value)
        book.close()
    elif writer == "openpyxl":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        for kind, rows, headers in sheets:
            sheet = book.create_sheet(kind.collection.capitalize())
            sheet.append(headers)
            for row in rows:
                sheet.append(row)
        book.save(out)
    return sum(len(rows) for _, rows, _ in sheets)


def measure(folder: Path, what: str, **options: Any) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", what, "--folder", str(folder)]
    for name, value in options.items():
        if value is True:
            command.append(f"--{name}")
        elif value is not None:
            command += [f"--{name}", str(value)]
    done = subprocess.run(command, capture_output=True, cwd=ROOT, check=False)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"{what} failed:\n{done.stderr.decode()[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result


def report(name: str, result: dict[str, Any]) -> None:
    rate = result["rows"] / result["seconds"] if result["seconds"] else 0
    print(
        f"{name:<46} {result['rows']:>9,} rows {result['seconds']:>7.2f} s "
        f"{rate:>9,.0f} rows/s  peak {result['peak_mb']:>6.0f} MB  cpu {result['cpu']:>7.2f} s",
        flush=True,
    )


def cutoff(services: Services, rows: int) -> datetime:
    """The first `started_at` after the earliest `rows` records of all kinds together."""
    starts: list[datetime] = []
    with services.database.transaction(read_only=True) as tx:
        extracts = Extracts(tx.connection)
        for kind in ACTIVITY_KINDS.values():
            for n, row in enumerate(extracts.records(kind, EVERYTHING, RecordFilter())):
                if n > rows:
                    break
                starts.append(row["started_at"])
    starts.sort()
    moment = starts[min(rows, len(starts) - 1)]
    local = moment.astimezone(LONDON).date() + timedelta(days=1)
    return datetime(local.year, local.month, local.day, tzinfo=LONDON).astimezone(UTC)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workbook-rows", type=int, default=200_000)
    parser.add_argument("--writers", type=int, default=0, help="rows for the other writers")
    parser.add_argument("--child")
    parser.add_argument("--folder")
    parser.add_argument("--until")
    parser.add_argument("--week", type=date.fromisoformat)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--store", help="an already seeded data dir to use instead of seeding")
    parser.add_argument("--no-peer", action="store_true", help="skip pandas + openpyxl")
    parser.add_argument("--extract-only", action="store_true", help="only the Power BI extract")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return
    if args.store:
        run(Path(args.store), args)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        services = services_at(folder)
        migrate(services.database)
        started = time.perf_counter()
        seed_demo(services.database, seed=1, anchor=date.today(), records=args.records)
        print(f"seeded {args.records:,} records in {time.perf_counter() - started:.0f} s (SQLite)")
        services.close()
        run(folder, args)


def run(folder: Path, args: argparse.Namespace) -> None:
    if not args.extract_only:
        workbooks(folder, args)
    report("Power BI extract, full (Parquet + CSV)", measure(folder, "extract", full=True))
    report("Power BI extract, incremental, nothing changed", measure(folder, "extract"))


def workbooks(folder: Path, args: argparse.Namespace) -> None:
    services = services_at(folder)
    until = cutoff(services, args.workbook_rows).isoformat()
    services.close()
    ours = measure(folder, "workbook", until=until)
    report("workbook (ours, via the store)", ours)
    if not args.no_peer:
        peer = measure(folder, "pandas", until=until)
        report("workbook (pandas to_excel + openpyxl)", peer)
        ratio = (ours["rows"] / ours["seconds"]) / (peer["rows"] / peer["seconds"])
        cpu = (ours["rows"] / ours["cpu"]) / (peer["rows"] / peer["cpu"])
        print(f"{'':<46} ours / peer: {ratio:.1f}x rows/s ({cpu:.1f}x by CPU time)")
    if args.writers:
        sample = cutoff(services_at(folder), args.writers).isoformat()
        report("  sample: ours (store read included)", measure(folder, "workbook", until=sample))
        for writer in ("xlsxwriter", "openpyxl", "pandas"):
            report(f"  sample: {writer}", measure(folder, writer, until=sample))
    monday = date.today() - timedelta(days=date.today().weekday() + 7)
    report("weekly workbook of one LPA", measure(folder, "weekly", week=monday))


if __name__ == "__main__":
    main()
