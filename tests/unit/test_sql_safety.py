"""SQL is built with bound parameters: no user value is ever formatted into SQL text."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SQL_CALLS = {"text", "exec_driver_sql", "execute"}


def _formatted_sql(tree: ast.AST) -> list[int]:
    """Lines where SQL text is an f-string, a %-format or a .format() call."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name not in SQL_CALLS or not node.args:
            continue
        first = node.args[0]
        dynamic = isinstance(first, ast.JoinedStr) or (
            isinstance(first, ast.BinOp) and isinstance(first.op, ast.Mod)
        )
        is_format = isinstance(first, ast.Call) and getattr(first.func, "attr", None) == "format"
        if dynamic or is_format:
            found.append(node.lineno)
    return found


def test_no_module_formats_values_into_sql() -> None:
    offenders = []
    for folder in ("store", "core", "functions", "exports", "graph"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for line in _formatted_sql(ast.parse(path.read_text())):
                offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == []


def test_injection_attempts_in_filters_are_plain_values(tmp_path: Path) -> None:
    from sqlalchemy import select

    from store.database import Database
    from store.filters import RecordFilter, Visibility
    from store.migrate import migrate
    from store.tables import activity_tables

    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    migrate(database)
    table = activity_tables["patrol"]
    evil = "x' OR '1'='1"
    clause = Visibility(officers=(evil,)).clause(table)
    filters = RecordFilter(officers=(evil,), choices={"outcomes": ('arrest"%',)})
    from schemas.kinds import PATROL

    query = select(table).where(clause, *filters.clauses(table, PATROL.spec))
    compiled = str(query.compile(database.engine))
    assert evil not in compiled
    with database.engine.connect() as connection:
        assert connection.execute(query).all() == []
    database.dispose()
