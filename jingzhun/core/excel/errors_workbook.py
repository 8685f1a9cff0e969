"""The error workbook: the uploaded data given back with every problem marked where it is.

Each sheet that was read is written again with its rows at the same row numbers as in the
uploaded file (the title and note rows above the header are copied as they were, so
"第 12 行" in a message is row 12 on screen). Rows that were not read (empty rows, totals
and signatures under the data) are left out. A cell with an error has a red fill and a
comment with the message (a warning: yellow); a last column 错误提示 sums up each marked
row; a final sheet 错误清单 lists every issue, those of no particular cell included.
"""

from __future__ import annotations

import datetime
import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import IO, Any

import xlsxwriter
from django.utils.translation import gettext as _
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from jingzhun.core.excel.reader import SheetData
from jingzhun.core.excel.schema import ImportIssue
from jingzhun.core.excel.writer import new_workbook

ISSUE_SHEET = "错误清单"
# Comments are costly for Excel to open; past this many only the fill and the 错误提示 column mark a cell.
MAX_COMMENTS = 10_000
ERROR_FILL, ERROR_FONT = "#FFC7CE", "#9C0006"
WARNING_FILL, WARNING_FONT = "#FFEB9C", "#9C5700"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def write_error_workbook(
    sheets: Iterable[SheetData],
    issues: Iterable[ImportIssue],
    out: str | os.PathLike[str] | IO[bytes],
    *,
    only_marked_rows: bool = False,
) -> None:
    """Write the data of ``sheets`` with ``issues`` marked, and the list of all issues, to ``out``.

    ``sheets`` are the sheets as read (``ReadResult.sheets.values()``); an issue belongs to
    the sheet whose ``title`` it names and to the cell of its row and column. Sheets sharing
    a title (the one-sheet layout) are written once. ``only_marked_rows`` leaves out the
    rows without issues (still at their row numbers): writing costs about 20 s per 100,000
    rows of 25 columns, so a large file with a few bad rows is given back much sooner.
    """
    issues = list(issues)
    workbook = new_workbook(out, {"constant_memory": True})
    writer = _Writer(workbook, only_marked_rows=only_marked_rows)
    written: dict[str, list[SheetData]] = {}
    for sheet in sheets:
        written.setdefault(sheet.title, []).append(sheet)
    by_sheet: dict[str, list[ImportIssue]] = defaultdict(list)
    for issue in issues:
        by_sheet[issue.sheet].append(issue)
    names: set[str] = set()
    for title, group in written.items():
        writer.data_sheet(_sheet_name(title, names), group, by_sheet.get(title, []))
    writer.issue_sheet(_sheet_name(ISSUE_SHEET, names), issues, list(written), written)
    workbook.close()


class _Writer:
    def __init__(self, workbook: xlsxwriter.Workbook, *, only_marked_rows: bool) -> None:
        self.workbook = workbook
        self.only_marked_rows = only_marked_rows
        self.comments = 0
        self.formats: dict[tuple[str, str], Format] = {}
        self.bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        self.bold_error = workbook.add_format(
            {"bold": True, "bg_color": ERROR_FILL, "font_color": ERROR_FONT, "border": 1, "text_wrap": True}
        )

    def format(self, kind: str, severity: str) -> Format | None:
        """Return the format for a cell of ``kind`` ("plain" or "date") with ``severity`` ("" for none)."""
        if kind == "plain" and not severity:
            return None
        if (kind, severity) not in self.formats:
            properties: dict[str, Any] = {}
            if kind == "date":
                properties["num_format"] = "yyyy-mm-dd"
            if severity == "error":
                properties |= {"bg_color": ERROR_FILL, "font_color": ERROR_FONT}
            elif severity == "warning":
                properties |= {"bg_color": WARNING_FILL, "font_color": WARNING_FONT}
            self.formats[kind, severity] = self.workbook.add_format(properties)
        return self.formats[kind, severity]

    def write(self, ws: Worksheet, row: int, col: int, value: Any, severity: str = "") -> None:
        if isinstance(value, datetime.date | datetime.time):
            ws.write_datetime(row, col, value, self.format("date", severity))
            return
        fmt = self.format("plain", severity)
        if isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, int | float) and math.isfinite(value):
            ws.write_number(row, col, value, fmt)
        elif value is None or value == "":
            if fmt is not None:
                ws.write_blank(row, col, None, fmt)
        else:
            # write_string, never write: text such as "=1+1" or "0012" must come back as typed.
            ws.write_string(row, col, str(value), fmt)

    def comment(self, ws: Worksheet, row: int, col: int, text: str) -> None:
        if self.comments >= MAX_COMMENTS:
            return
        self.comments += 1
        ws.write_comment(row, col, text, {"x_scale": 2.5, "y_scale": 1.5})

    def data_sheet(self, name: str, group: list[SheetData], issues: list[ImportIssue]) -> None:
        first = group[0]
        columns: dict[str, int] = {}
        for sheet in group:
            columns.update(sheet.columns)
        width = max([len(first.header_cells), *(len(row.cells) for row in first.rows)])
        # (row, column index or None) → issues; None collects those of no cell of the copy.
        marks: dict[tuple[int, int | None], list[ImportIssue]] = defaultdict(list)
        for issue in issues:
            if issue.row is None:
                continue
            index = columns.get(issue.column_key) if issue.column_key else None
            marks[issue.row, index].append(issue)
        rows_with_marks: dict[int, list[ImportIssue]] = defaultdict(list)
        for (row, _index), found in marks.items():
            rows_with_marks[row].extend(found)

        ws = self.workbook.add_worksheet(name)
        ws.set_column(0, max(width - 1, 0), 14)
        ws.set_column(width, width, 60)
        header = first.header_row - 1
        ws.freeze_panes(header + 1, 0)
        for r, cells in enumerate(first.title_rows):
            for c, value in enumerate(cells):
                if value not in ("", None):
                    ws.write_string(r, c, _plain(value))
        self.header(ws, header, first.header_cells, marks, rows_with_marks.get(header + 1, []), width)
        for raw in first.rows:
            found_in_row = rows_with_marks.get(raw.number)
            if found_in_row or not self.only_marked_rows:
                self.row(ws, raw.number - 1, raw.cells, marks, found_in_row, width)

    def header(
        self,
        ws: Worksheet,
        r: int,
        cells: Any,
        marks: dict[tuple[int, int | None], list[ImportIssue]],
        found_in_row: list[ImportIssue],
        width: int,
    ) -> None:
        """Write the header row; problems of the header as a whole (missing columns) go on 错误提示."""
        for c, value in enumerate(cells):
            found = marks.get((r + 1, c))
            ws.write_string(r, c, _plain(value), self.bold_error if found else self.bold)
            if found:
                self.comment(ws, r, c, "\n".join(issue.message for issue in found))
        ws.write_string(r, width, _("错误提示"), self.bold_error if found_in_row else self.bold)
        if found_in_row:
            self.comment(ws, r, width, "\n".join(_short(issue) for issue in found_in_row))

    def row(
        self,
        ws: Worksheet,
        r: int,
        cells: Any,
        marks: dict[tuple[int, int | None], list[ImportIssue]],
        found_in_row: list[ImportIssue] | None,
        width: int,
    ) -> None:
        for c, value in enumerate(cells):
            found = marks.get((r + 1, c)) if found_in_row else None
            if found:
                self.write(ws, r, c, value, _severity(found))
                self.comment(ws, r, c, "\n".join(issue.message for issue in found))
            else:
                self.write(ws, r, c, value)
        if found_in_row:
            text = "；".join(_short(issue) for issue in found_in_row)
            ws.write_string(r, width, text, self.format("plain", _severity(found_in_row)))

    def issue_sheet(
        self, name: str, issues: list[ImportIssue], titles: list[str], written: dict[str, list[SheetData]]
    ) -> None:
        order = {title: i for i, title in enumerate(titles)}

        def position(issue: ImportIssue) -> tuple[int, int, int]:
            columns: dict[str, int] = {}
            for sheet in written.get(issue.sheet, []):
                columns.update(sheet.columns)
            # Within a row, problems of a cell come first, in column order, then those of the whole row.
            column = columns.get(issue.column_key or "", len(columns) + 1)
            return order.get(issue.sheet, -1), issue.row or 0, column

        ws = self.workbook.add_worksheet(name)
        ws.set_column(0, 0, 16)
        ws.set_column(1, 1, 8)
        ws.set_column(2, 2, 18)
        ws.set_column(3, 3, 90)
        ws.freeze_panes(1, 0)
        for c, title in enumerate((_("工作表"), _("行"), _("列"), _("错误"))):
            ws.write_string(0, c, title, self.bold)
        for r, issue in enumerate(sorted(issues, key=position), start=1):
            ws.write_string(r, 0, issue.sheet)
            if issue.row is not None:
                ws.write_number(r, 1, issue.row)
            if issue.column_header:
                ws.write_string(r, 2, issue.column_header)
            message = issue.message if issue.is_error else _("（提示）") + issue.message
            ws.write_string(r, 3, message, self.format("plain", "" if issue.is_error else "warning"))
        if self.comments >= MAX_COMMENTS:
            ws.write_string(
                len(issues) + 2,
                0,
                _("问题较多，只有前 %(count)s 个单元格附了批注；其余请看本表。") % {"count": MAX_COMMENTS},
            )


def _severity(issues: list[ImportIssue]) -> str:
    return "error" if any(issue.is_error for issue in issues) else "warning"


def _short(issue: ImportIssue) -> str:
    text = f"{issue.column_header}：{issue.message}" if issue.column_header else issue.message
    return text if issue.is_error else _("（提示）") + text


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_name(title: str, taken: set[str]) -> str:
    """Return a valid, unused worksheet name for ``title`` (at most 31 characters, no []:*?/\\)."""
    base = _SHEET_NAME_FORBIDDEN.sub("_", title).strip("'") or "Sheet"
    name, n = base[:31], 1
    while name.lower() in taken:
        n += 1
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name
