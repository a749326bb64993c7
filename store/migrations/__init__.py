"""Alembic's environment and revisions; `load_revision` lets a revision reuse an earlier one's SQL."""

import importlib.util
from pathlib import Path
from types import ModuleType

VERSIONS = Path(__file__).with_name("versions")


def load_revision(name: str) -> ModuleType:
    """The revision file `name` (e.g. "0002_search") as a module of its own: revision files
    start with a digit, so they cannot be imported by name."""
    spec = importlib.util.spec_from_file_location(f"npt_migration_{name}", VERSIONS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
