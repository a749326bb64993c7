"""A streaming .xlsx writer: each row goes straight into the zip, so memory stays flat.

It writes only what the exports need, as SpreadsheetML (ECMA-376) parts: typed cells, a few
fixed styles, a frozen header row, an autofilter and column widths. Text is always written as
an inline string cell, so no text can ever be read as a formula, and numbers are written as
given. A general library spends tens of microseconds on each cell; this spends about one.
"""

import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum
from io import TextIOWrapper
from pathlib import Path
from typing import IO, Any

MAX_ROWS = 1_048_576
"""Excel's rows per sheet, the header row included."""
MAX_TEXT = 32_767
"""Excel's characters per cell; longer text is cut (our own limits are far lower)."""
EXCEL_EPOCH = datetime(1899, 12, 30)
DAY = timedelta(days=1)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class Style(IntEnum):
    """Cell formats, by their index in the styles part written below."""

    PLAIN = 0
    HEADER = 1
    DATETIME = 2
    DATE = 3
    DECIMAL = 4
    PERCENT = 5
    TITLE = 6
    WRAP = 7


STYLES = (
    XML_HEAD + f'<styleSheet xmlns="{MAIN}">'
    '<numFmts count="4">'
    '<numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="166" formatCode="0.00"/>'
    '<numFmt numFmtId="167" formatCode="0.0%"/>'
    "</numFmts>"
    '<fonts count="3">'
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>'
    "</fonts>"
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/>'
    "</patternFill></fill></fills>"
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/>'
    "</border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="8">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1"'
    ' applyBorder="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

SPACE = " \t\n\r"
UNIX_EPOCH = 25_569.0
"""1970-01-01 as an Excel serial number."""


class Moment(float):
    """A wall-clock date and time as an Excel serial number (days since 1899-12-30)."""

    @classmethod
    def of(cls, stamp: float, offset: float) -> "Moment":
        """From a Unix timestamp and the time zone's offset from UTC then, both in seconds."""
        return cls((stamp + offset) / 86_400 + UNIX_EPOCH)


_UNSAFE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _escaped(match: re.Match[str]) -> str:
    found = match.group()
    if found in _ENTITIES:
        return _ENTITIES[found]
    if found.startswith("_x"):
        # Excel reads `_xHHHH_` as an escaped character; escape the underscore to keep it.
        return "_x005F_" + found[1:]
    return f"_x{ord(found):04X}_"


def xml_text(text: str) -> str:
    """Text made safe for an element: entities, control characters in Excel's `_xHHHH_`."""
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1] + "\u2026"
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escaped, text)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _quoted(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _attributes(styles: Sequence[Style]) -> list[str]:
    return [f' s="{int(s)}"' if s else "" for s in styles]


class Sheet:
    """Rows appended in order; `None` and empty text leave the cell blank."""

    def __init__(self, write: Any, columns: int, number_styles: Sequence[Style] | None) -> None:
        self._write = write
        self._letters = [column_letter(i) for i in range(columns)]
        self._number_styles = _attributes(number_styles or [Style.PLAIN] * columns)
        self.rows = 0

    def append(
        self,
        values: Sequence[Any],
        style: Style = Style.PLAIN,
        numbers: Sequence[Style] | None = None,
    ) -> None:
        """One row; `style` (a header or a title) applies to every cell of it, `numbers`
        formats this row's numbers column by column instead of the sheet's own."""
        if self.rows >= MAX_ROWS:
            raise OverflowError(f"a sheet holds at most {MAX_ROWS} rows")
        self.rows += 1
        row = str(self.rows)
        forced = f' s="{int(style)}"' if style else ""
        number_styles = self._number_styles if numbers is None else _attributes(numbers)
        cells: list[str] = []
        add = cells.append
        for letter, number_style, value in zip(self._letters, number_styles, values, strict=False):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                if not value:
                    continue
                space = ' xml:space="preserve"' if value[0] in SPACE or value[-1] in SPACE else ""
                if len(value) > MAX_TEXT or _UNSAFE.search(value) is not None:
                    value = xml_text(value)
                add(
                    f'<c r="{letter}{row}"{forced} t="inlineStr"><is><t{space}>{value}</t></is></c>'
                )
            elif kind is Moment:
                add(f'<c r="{letter}{row}" s="2"><v>{value!r}</v></c>')
            elif kind is int or kind is float:
                add(f'<c r="{letter}{row}"{forced or number_style}><v>{value!r}</v></c>')
            elif kind is bool:
                add(f'<c r="{letter}{row}"{forced} t="b"><v>{int(value)}</v></c>')
            elif kind is datetime:
                if value.tzinfo is not None:
                    raise ValueError("write wall-clock times: convert to a time zone first")
                add(f'<c r="{letter}{row}" s="2"><v>{(value - EXCEL_EPOCH) / DAY!r}</v></c>')
            elif kind is date:
                add(f'<c r="{letter}{row}" s="3"><v>{(value - EXCEL_EPOCH.date()).days}</v></c>')
            else:
                add(
                    f'<c r="{letter}{row}"{forced} t="inlineStr"><is><t>'
                    f"{xml_text(str(value))}</t></is></c>"
                )
        self._write(f'<row r="{row}">{"".join(cells)}</row>')


@dataclass
class _Written:
    name: str
    tab: int
    part: str
    columns: int
    rows: int = 0
    autofilter: bool = False


class Workbook:
    """Sheets are written one at a time, in any tab order; `close` writes the package parts."""

    def __init__(
        self,
        target: Path | IO[bytes],
        *,
        title: str = "",
        compresslevel: int = 1,
        large: bool = False,
    ) -> None:
        """`large` allows sheets over 2 GiB of XML (ZIP64), which some readers dislike in
        small files: ask for it only when the rows are many."""
        self._zip = zipfile.ZipFile(
            target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
        )
        self._title = title
        self._large = large
        self._sheets: list[_Written] = []

    def __enter__(self) -> "Workbook":
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self._zip.close()

    @contextmanager
    def sheet(
        self,
        name: str,
        widths: Sequence[float],
        *,
        tab: int,
        header: bool = False,
        number_styles: Sequence[Style] | None = None,
    ) -> Iterator[Sheet]:
        """A sheet at tab position `tab`; with `header`, row 1 is frozen and filtered."""
        written = _Written(
            name, tab, f"xl/worksheets/sheet{len(self._sheets) + 1}.xml", len(widths)
        )
        self._sheets.append(written)
        with self._zip.open(written.part, "w", force_zip64=self._large) as raw:
            text = TextIOWrapper(raw, encoding="utf-8", newline="")
            text.write(_sheet_head(widths, selected=tab == 0, frozen=header))
            sheet = Sheet(text.write, len(widths), number_styles)
            yield sheet
            written.rows = sheet.rows
            written.autofilter = header and sheet.rows > 0
            last = f"{column_letter(len(widths) - 1)}{max(sheet.rows, 1)}"
            tail = f'<autoFilter ref="A1:{last}"/>' if written.autofilter else ""
            text.write(
                f"</sheetData>{tail}"
                '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3"'
                ' footer="0.3"/></worksheet>'
            )
            text.flush()
            text.detach()

    def close(self) -> None:
        sheets = sorted(self._sheets, key=lambda s: s.tab)
        names = []
        for position, sheet in enumerate(sheets):
            if sheet.autofilter:
                last = f"${column_letter(sheet.columns - 1)}${sheet.rows}"
                names.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{position}"'
                    f' hidden="1">{xml_text(_quoted(sheet.name))}!$A$1:{last}</definedName>'
                )
        entries = "".join(
            f'<sheet name="{xml_text(s.name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, s in enumerate(sheets, 1)
        )
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        self._zip.writestr(
            "xl/workbook.xml",
            XML_HEAD + f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{entries}</sheets>{defined}</workbook>",
        )
        kind = RELATIONSHIPS
        links = "".join(
            f'<Relationship Id="rId{n}" Type="{kind}/worksheet" Target="{s.part[3:]}"/>'
            for n, s in enumerate(sheets, 1)
        )
        styles_id = len(sheets) + 1
        self._zip.writestr(
            "xl/_rels/workbook.xml.rels",
            XML_HEAD + f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{links}'
            f'<Relationship Id="rId{styles_id}" Type="{kind}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        self._zip.writestr("xl/styles.xml", STYLES)
        self._zip.writestr("docProps/core.xml", _core_properties(self._title))
        self._zip.writestr(
            "_rels/.rels",
            XML_HEAD + f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{kind}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{PACKAGE_RELATIONSHIPS}/metadata/core-properties"'
            ' Target="docProps/core.xml"/></Relationships>',
        )
        self._zip.writestr("[Content_Types].xml", _content_types(sheets))
        self._zip.close()


def _sheet_head(widths: Sequence[float], *, selected: bool, frozen: bool) -> str:
    pane = (
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft"/>'
        if frozen
        else ""
    )
    cols = "".join(
        f'<col min="{n}" max="{n}" width="{width:.2f}" customWidth="1"/>'
        for n, width in enumerate(widths, 1)
    )
    tab = ' tabSelected="1"' if selected else ""
    return (
        XML_HEAD + f'<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        f'<sheetViews><sheetView{tab} workbookViewId="0">'
        f"{pane}</sheetView></sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{cols}</cols><sheetData>"
    )


def _core_properties(title: str) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_text(title)}</dc:title><dc:creator>Neighbourhood policing</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _content_types(sheets: Sequence[_Written]) -> str:
    office = "application/vnd.openxmlformats-officedocument"
    overrides = "".join(
        f'<Override PartName="/{s.part}" ContentType="{office}.spreadsheetml.worksheet+xml"/>'
        for s in sheets
    )
    return (
        XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{office}.spreadsheetml.sheet.'
        'main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{office}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/>'
        f"{overrides}</Types>"
    )
