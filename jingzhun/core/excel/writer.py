"""The one way exports write spreadsheets: text stays text.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` is a formula to Excel (and to WPS and
LibreOffice): a household head named ``=HYPERLINK("http://…","点击")`` or ``=cmd|' /C calc'!A0``
would run when an office opens the export. ``new_workbook`` makes XlsxWriter write every
string as a string (never a formula, a link or a number), and ``csv_writer`` neutralises such
cells in CSV files (which carry no types) with a leading apostrophe, as OWASP recommends.
Every export, template and error workbook goes through here (an architecture test checks it).
"""

from __future__ import annotations

import csv
import os
from typing import IO, Any

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def new_workbook(out: str | os.PathLike[str] | IO[bytes], options: dict[str, Any] | None = None) -> xlsxwriter.Workbook:
    """Return an XlsxWriter workbook that writes every string as text."""
    text_only = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    return xlsxwriter.Workbook(out, {**(options or {}), **text_only})  # type: ignore[arg-type]  # any path works


def neutralise(value: Any) -> Any:
    """Return a text that a spreadsheet would read as a formula with a leading apostrophe; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _NeutralWriter:
    def __init__(self, handle: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Any) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: Any, **kwargs: Any) -> _NeutralWriter:
    """Return a ``csv.writer`` whose cells never start a formula."""
    return _NeutralWriter(handle, **kwargs)
