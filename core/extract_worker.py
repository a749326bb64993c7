"""The second process of a large Power BI extract run (core/powerbi.py starts it).

Reads its order as JSON on stdin (the database URL, the scratch folder, the seldom-heard groups
and the months to write), writes those months into the folder over its own connection, and
says what it wrote as one JSON line per month on stdout. A full disk is reported as such, so
the run that started it can say so too.
"""

import json
import sys
from dataclasses import asdict
from pathlib import Path

from core.powerbi import write_months
from exports.dimensions import Month, month_labelled
from exports.powerbi import ExtractWriter, Fact
from store.database import Database
from store.extracts import Extracts


def main() -> None:
    order = json.load(sys.stdin)
    database = Database(order["database"], pool_size=1)
    writer = ExtractWriter(Path(order["folder"]))
    jobs = [(table, month_labelled(label)) for table, label in order["jobs"]]
    seldom = frozenset(order["seldom_heard"])

    def done(fact: Fact, month: Month) -> None:
        written = {name: asdict(writer.written[name][month.label]) for name in fact.tables}
        reply = {"table": fact.table, "month": month.label, "written": written}
        print(json.dumps(reply), flush=True)

    try:
        with database.transaction(read_only=True) as tx:
            write_months(writer, Extracts(tx.connection), seldom, jobs, done=done)
    except OSError as error:
        print(json.dumps({"errno": error.errno, "error": error.strerror}), flush=True)
        raise SystemExit(1) from error
    finally:
        database.dispose()


if __name__ == "__main__":
    main()
