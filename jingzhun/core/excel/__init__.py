"""Spreadsheet import engine: everything an import does before validating rows against the models.

- ``schema``: ``Column`` and ``SheetSchema`` describe the accepted sheets; ``ImportIssue`` is
  one problem found, reported as "sheet, row, column: message".
- ``reader``: ``read_workbook`` finds sheets, header rows and columns in messy files and
  returns raw rows with their spreadsheet row numbers.
- ``cleaning``: ``clean_cell`` turns a raw cell into a Python value for its column kind.
- ``errors_workbook``: ``write_error_workbook`` gives the data back with problems marked.
"""

from jingzhun.core.excel.cleaning import clean_cell, clean_text, clean_values
from jingzhun.core.excel.errors_workbook import write_error_workbook
from jingzhun.core.excel.reader import RawRow, ReadResult, SheetData, SpreadsheetError, column_letter, read_workbook
from jingzhun.core.excel.schema import Column, ImportIssue, IssueList, SheetSchema, choice_map, normalize_header

__all__ = [
    "Column",
    "ImportIssue",
    "IssueList",
    "RawRow",
    "ReadResult",
    "SheetData",
    "SheetSchema",
    "SpreadsheetError",
    "choice_map",
    "clean_cell",
    "clean_text",
    "clean_values",
    "column_letter",
    "normalize_header",
    "read_workbook",
    "write_error_workbook",
]
