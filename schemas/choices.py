"""Choices are written once, as their labels; the API value is derived from the label."""

import re
from enum import StrEnum
from typing import Any


def snake(label: str) -> str:
    """`Gypsy/Roma/Traveller` -> `gypsy_roma_traveller`, `LGBT+` -> `lgbt`."""
    text = label.lower().replace("+", "").replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


class Choice(StrEnum):
    """A choice whose member is declared with its label; the value is `snake(label)`."""

    label: str

    def __new__(cls, label: str) -> "Choice":
        value = snake(label)
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def options(cls) -> list[dict[str, Any]]:
        return [{"value": m.value, "label": m.label} for m in cls]

    @classmethod
    def from_label(cls, label: str) -> "Choice":
        for member in cls:
            if member.label == label:
                return member
        raise ValueError(f"{label!r} is not a label of {cls.__name__}")
