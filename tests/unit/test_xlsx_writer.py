"""The streaming xlsx writer, read back with openpyxl: text stays text, numbers stay numbers."""

from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest

from exports.workbook import excel_time
from exports.xlsx import Moment, Style, Workbook, column_letter, xml_text


def _write(path: Path, rows: list[list[object]]) -> openpyxl.Workbook:
    with (
        Workbook(path, title="Test") as book,
        book.sheet("Data", [12] * 6, tab=0, header=True) as sheet,
    ):
        for n, row in enumerate(rows):
            sheet.append(row, Style.HEADER if n == 0 else Style.PLAIN)
    return openpyxl.load_workbook(path)


def test_formulas_markup_and_control_characters_come_back_as_the_same_text(tmp_path: Path) -> None:
    texts = [
        '=HYPERLINK("http://x","y")',
        "+44 1234",
        "a < b & c > d",
        "tab\there\nnew line",
        "  padded  ",
    ]
    book = _write(tmp_path / "t.xlsx", [["h"], *[[t] for t in texts]])
    cells = [row[0] for row in book["Data"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == texts
    assert {c.data_type for c in cells} == {"s"}


def test_numbers_booleans_and_dates_keep_their_types(tmp_path: Path) -> None:
    moment = excel_time(datetime(2026, 7, 1, 12, 0, tzinfo=UTC))
    row = [-1.20456, 7, True, date(2026, 3, 29), datetime(2026, 3, 29, 2, 30), moment]
    book = _write(tmp_path / "n.xlsx", [list("abcdef"), row])
    values = [c.value for c in book["Data"][2]]
    assert values[:3] == [-1.20456, 7, True]
    assert values[3] == datetime(2026, 3, 29)
    assert values[4] == datetime(2026, 3, 29, 2, 30)
    assert values[5] == datetime(2026, 7, 1, 13, 0)


def test_london_time_follows_the_clock_changes() -> None:
    winter = excel_time(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    summer = excel_time(datetime(2026, 6, 10, 9, 0, tzinfo=UTC))
    assert isinstance(winter, Moment)
    assert round((winter % 1) * 24, 6) == 9
    assert round((summer % 1) * 24, 6) == 10


def test_blank_values_leave_cells_empty_and_the_filter_spans_the_rows(tmp_path: Path) -> None:
    book = _write(tmp_path / "b.xlsx", [["a", "b", "c"], [None, "", "x"], ["y", None, None]])
    sheet = book["Data"]
    assert [c.value for c in sheet[2]][:3] == [None, None, "x"]
    assert sheet.auto_filter.ref == "A1:F3"
    assert sheet.freeze_panes == "A2"


def test_control_characters_and_escape_lookalikes_use_excels_escapes() -> None:
    assert xml_text("bell\x07") == "bell_x0007_"
    assert xml_text("_x0041_ stays") == "_x005F_x0041_ stays"


def test_text_longer_than_a_cell_holds_is_cut_to_fit() -> None:
    assert len(xml_text("x" * 40_000)) == 32_767


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
)
def test_column_letters(index: int, letters: str) -> None:
    assert column_letter(index) == letters


def test_tabs_are_ordered_by_position_not_by_writing_order(tmp_path: Path) -> None:
    path = tmp_path / "o.xlsx"
    with Workbook(path) as book:
        with book.sheet("Later", [10], tab=1) as sheet:
            sheet.append(["second"])
        with book.sheet("First", [10], tab=0) as sheet:
            sheet.append(["first"])
    assert openpyxl.load_workbook(path).sheetnames == ["First", "Later"]
