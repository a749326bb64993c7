"""Reports made of counts, added up across the runs that made them."""

from dataclasses import Field, fields
from typing import Any, ClassVar, Self


class Tally:
    """A dataclass of counts that adds another of its kind to itself, field by field."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    def add(self, other: Self) -> None:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))
