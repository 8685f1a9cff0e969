"""Read an uploaded workbook the way offices really fill it in, before any validation.

``read_workbook`` opens ``.xlsx``/``.xlsm``/``.xlsb``/``.xls``/``.ods`` (python-calamine) or
``.csv`` (UTF-8 with or without BOM, UTF-16 with BOM, GBK/GB18030), matches its sheets to
the schemas, finds the header row under any title and note rows, maps headers to column
keys through their aliases, and returns the data rows with their spreadsheet row numbers.
Raw values are left as read; ``cleaning`` turns them into Python values.

Merged cells: for ``.xlsx`` and ``.xls`` calamine gives the merged ranges, and the value of
each range is copied to every cell of it (offices merge 县/乡镇/村 cells down a block of
households, and household cells down a block of members; two-row headers work the same
way). ``.csv`` and ``.ods`` keep no merge information: there an empty cell of a column
declared ``fill_merged`` takes the value from the row above, when the row is not otherwise
empty, and a warning says how many cells were filled. Rows that were empty in the file stay
empty (a merged range running past the data does not create rows).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from jingzhun.core.excel.schema import Column, ImportIssue, IssueList, SheetSchema, normalize_header
from jingzhun.core.uploads import check_unpacked_size, check_upload_size

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
CSV_SUFFIXES = (".csv",)
HEADER_SCAN_ROWS = 30
MIN_HEADER_MATCHES = 2
# A lone sheet with this many columns of its own of a second schema holds that schema too,
# even with a required column missing (reported as such, not as a missing sheet).
ONE_SHEET_PARTIAL_MATCHES = 3
# Rows under the data that are not data: totals and signatures.
FOOTER_MARKERS = (
    "合计",
    "总计",
    "小计",
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "负责人",
    "注：",
    "注:",
    "说明：",
    "备注：",
)
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"

FileSource = str | os.PathLike[str] | IO[bytes]


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read (type, encoding, damage, password). The message is Chinese."""

    def __init__(self, message: str, *, filename: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.filename = filename

    @property
    def issue(self) -> ImportIssue:
        return ImportIssue(self.filename, None, None, None, self.message)


class RawRow:
    """One data row: its number as the spreadsheet shows it, and its raw cells by column key.

    Columns of the schema that the file lacks are absent from ``values``; ``cells`` is the
    whole row as read (unknown columns included), for the error workbook.

    A row read from a file keeps only its cells and its sheet's column index: ``values`` is
    made when first asked for, and ``release`` lets it go again, so that a city-sized file
    holds one part's dictionaries at a time, not one per row (≈ 0.8 KB a row). Changes made
    with ``set`` outlive ``release``; ``get`` reads a cell without making the dictionary.
    """

    __slots__ = ("_changed", "_index", "_values", "cells", "number")

    def __init__(
        self,
        number: int,
        values: dict[str, Any] | None = None,
        cells: Sequence[Any] = (),
        *,
        index: dict[str, int] | None = None,
    ) -> None:
        self.number = number
        self.cells = cells
        self._index = index  # column key → position in cells (None: ``values`` given as such)
        self._values = values if values is not None or index is not None else {}
        self._changed: dict[str, Any] | None = None

    def __repr__(self) -> str:
        return f"RawRow({self.number}, {self.values!r})"

    @property
    def values(self) -> dict[str, Any]:
        if self._values is None:
            cells = self.cells
            values = {key: cells[i] for key, i in self._index.items()}  # type: ignore[union-attr]
            if self._changed:
                values.update(self._changed)
            self._values = values
        return self._values

    def get(self, key: str, default: Any = None) -> Any:
        """Return the raw value of column ``key`` (``default`` if the file lacks it)."""
        if self._values is not None:
            return self._values.get(key, default)
        if self._changed and key in self._changed:
            return self._changed[key]
        index = self._index.get(key)  # type: ignore[union-attr]
        return default if index is None else self.cells[index]

    def column_keys(self) -> list[str]:
        """Return the column keys of the row (without making ``values``)."""
        if self._values is not None:
            return list(self._values)
        keys = list(self._index)  # type: ignore[arg-type]
        return keys + [k for k in self._changed if k not in self._index] if self._changed else keys  # type: ignore[operator]

    def set(self, key: str, value: Any) -> None:
        """Change the raw value of column ``key`` (kept through ``release``)."""
        if self._index is not None:
            if self._changed is None:
                self._changed = {}
            self._changed[key] = value
        if self._values is not None:
            self._values[key] = value

    def release(self) -> None:
        """Let ``values`` go (it is made again from the cells and the changes when asked for)."""
        if self._index is not None:
            self._values = None


@dataclass
class SheetData:
    """One sheet matched to a schema: where its header is, what it maps, and its rows."""

    schema: SheetSchema
    title: str  # the sheet's name in the file (a CSV: the file name without extension)
    header_row: int  # 1-based
    headers: dict[str, str]  # column key → the header as written in the file
    columns: dict[str, int]  # column key → 0-based column index
    unknown_headers: list[str]
    rows: list[RawRow]
    # The header row and the rows above it as in the file (a merged title is in its first cell only).
    header_cells: list[Any] = field(default_factory=list)
    title_rows: list[list[Any]] = field(default_factory=list)


@dataclass
class ReadResult(IssueList):
    """Everything read from one file.

    ``sheets`` is keyed by schema name; schemas whose sheet is absent are missing from it.
    ``one_sheet`` is True when a workbook of a single sheet (or a CSV) holds the columns of
    several schemas at once, e.g. household fields repeated on every member row: then every
    such schema has its own ``SheetData`` over the same rows (same title and row numbers),
    and the caller splits them, e.g. households by 户编号, taking household fields from the
    first row of each household (merged cells of ``.xlsx``/``.xls`` are already filled down).
    """

    filename: str
    sheets: dict[str, SheetData]
    issues: list[ImportIssue]
    one_sheet: bool = False


@dataclass
class _Grid:
    """One sheet as a rectangle of raw cells (row 0 is the spreadsheet's row 1)."""

    title: str
    rows: list[list[Any]]
    merges: list[tuple[tuple[int, int], tuple[int, int]]] | None
    hidden: bool = False
    blank: list[bool] = field(default_factory=list)  # rows empty in the file, before merged values are copied
    top: list[list[Any]] = field(default_factory=list)  # the first rows as in the file, before merged values are copied


@dataclass
class _Match:
    """How one schema fits the header row of one grid."""

    schema: SheetSchema
    columns: dict[int, Column]  # column index → column (first occurrence)
    duplicates: list[tuple[Column, int, int]]  # column, first index, repeated index
    distinctive: int  # matched columns no other schema knows by that header

    @property
    def missing(self) -> list[Column]:
        found = {column.key for column in self.columns.values()}
        return [column for column in self.schema.columns if column.required and column.key not in found]

    @property
    def present(self) -> bool:
        """Return True if the header clearly holds this schema: all required columns and one of its own."""
        return not self.missing and self.distinctive > 0


@dataclass
class _Candidate:
    """A sheet with a header row, and how each schema fits that header."""

    grid: _Grid
    header: int  # 0-based
    names: list[str]  # the normalized header of each column ("" for none)
    matches: dict[str, _Match]  # by schema name


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_workbook(
    file: FileSource, filename: str, schemas: Sequence[SheetSchema], *, ignore_sheets: Collection[str] = ()
) -> ReadResult:
    """Return the sheets of ``file`` matched to ``schemas``, with their raw rows and the issues found.

    ``file`` is a path or a binary file object; ``filename`` (the name it was uploaded
    under) decides the format by its extension. Sheets named in ``ignore_sheets`` (e.g. the
    template's instructions) and hidden sheets are not read.

    A sheet is matched to a schema by its name or an alias; a sheet with another name by its
    header (the schema whose required columns are all there, or else the one with the most
    columns). The header row is the row among the first 30 that holds the most known
    headers. Unknown columns and skipped sheets are warnings; missing required sheets and
    columns, two sheets for one schema and two columns for one field are errors.

    Raise SpreadsheetError if the file cannot be read at all, or is larger than the import
    limit, packed or unpacked (``core.uploads``: every import path, page, API or command,
    reads through here).
    """
    _check_size(file, filename)
    suffix = Path(filename).suffix.lower()
    if suffix in CSV_SUFFIXES:
        grids = [_read_csv(file, filename)]
    elif suffix in SPREADSHEET_SUFFIXES:
        grids = _read_spreadsheet(file, filename, ignore_sheets)
    else:
        raise SpreadsheetError(
            _("不支持的文件类型“%(suffix)s”，请上传 .xlsx、.xls、.ods 或 .csv 文件。")
            % {"suffix": suffix or _("无扩展名")},
            filename=filename,
        )
    return _Reader(filename, schemas).read(grids)


class _Reader:
    def __init__(self, filename: str, schemas: Sequence[SheetSchema]) -> None:
        self.filename = filename
        self.schemas = list(schemas)
        self.issues: list[ImportIssue] = []
        # Normalized header → the schemas that know it, to score header rows and find each schema's own columns.
        self.known: dict[str, set[str]] = {}
        for schema in self.schemas:
            for name in schema.header_lookup:
                self.known.setdefault(name, set()).add(schema.name)

    def warn(self, sheet: str, message: str, row: int | None = None) -> None:
        self.issues.append(ImportIssue(sheet, row, None, None, message, "warning"))

    def error(self, sheet: str, message: str, row: int | None = None) -> None:
        self.issues.append(ImportIssue(sheet, row, None, None, message))

    def read(self, grids: list[_Grid]) -> ReadResult:
        candidates: list[_Candidate] = []
        for grid in grids:
            if grid.hidden:
                if self._named(grid.title):
                    self.warn(grid.title, _("工作表“%(sheet)s”已隐藏，未导入。") % {"sheet": grid.title})
                continue
            grid.blank = [_blank(row) for row in grid.rows]
            if all(grid.blank):
                continue
            grid.top = [list(row) for row in grid.rows[:HEADER_SCAN_ROWS]]
            copies = _apply_merges(grid)
            header = self._find_header(grid, copies)
            if header is None:
                if self._named(grid.title):
                    self.error(
                        grid.title,
                        _("在前 %(rows)s 行中没有找到表头行，请确认表头使用模板中的列名。")
                        % {"rows": HEADER_SCAN_ROWS},
                    )
                else:
                    self.warn(grid.title, _("工作表“%(sheet)s”中没有可识别的表头，未导入。") % {"sheet": grid.title})
                continue
            names = _header_names(grid.rows[header], header, copies)
            candidates.append(_Candidate(grid, header, names, {s.name: self._match(s, names) for s in self.schemas}))

        assigned = self._assign(candidates)
        one_sheet = len(candidates) == 1 and len(assigned) > 1
        sheets: dict[str, SheetData] = {}
        by_grid: dict[int, list[SheetSchema]] = {}
        for schema_name, grid_index in assigned.items():
            by_grid.setdefault(grid_index, []).append(next(s for s in self.schemas if s.name == schema_name))
        for grid_index, grid_schemas in by_grid.items():
            candidate = candidates[grid_index]
            for data in self._sheet_data(candidate, [candidate.matches[s.name] for s in grid_schemas]):
                sheets[data.schema.name] = data
        for schema in self.schemas:
            if schema.required and schema.name not in sheets:
                others = "、".join(schema.aliases)
                self.error(
                    schema.name,
                    _("文件中没有“%(sheet)s”工作表（也可命名为：%(aliases)s）。")
                    % {"sheet": schema.name, "aliases": others}
                    if others
                    else _("文件中没有“%(sheet)s”工作表。") % {"sheet": schema.name},
                )
        ordered = {s.name: sheets[s.name] for s in self.schemas if s.name in sheets}
        return ReadResult(self.filename, ordered, self.issues, one_sheet)

    # --- matching ---------------------------------------------------------------------------

    def _named(self, title: str) -> list[SheetSchema]:
        key = normalize_header(title)
        return [s for s in self.schemas if key in {normalize_header(n) for n in s.names}]

    def _find_header(self, grid: _Grid, copies: set[tuple[int, int]]) -> int | None:
        best, best_score = None, MIN_HEADER_MATCHES - 1
        for index, row in enumerate(grid.rows[:HEADER_SCAN_ROWS]):
            score = len({name for name in _header_names(row, index, copies) if name in self.known})
            if score > best_score:
                best, best_score = index, score
        return best

    def _match(self, schema: SheetSchema, names: list[str]) -> _Match:
        columns: dict[int, Column] = {}
        first: dict[str, int] = {}
        duplicates: list[tuple[Column, int, int]] = []
        distinctive = 0
        for index, name in enumerate(names):
            column = schema.header_lookup.get(name)
            if column is None:
                continue
            if column.key in first:
                duplicates.append((column, first[column.key], index))
                continue
            first[column.key] = index
            columns[index] = column
            distinctive += self.known[name] == {schema.name}
        return _Match(schema, columns, duplicates, distinctive)

    def _assign(self, candidates: list[_Candidate]) -> dict[str, int]:
        """Return schema name → index of the candidate sheet that holds it.

        A lone sheet holding several schemas is the one-sheet layout. Otherwise sheets named
        after a schema take it first, then the other sheets take the free schema their header
        holds (all its required columns and one of its own), or else the free schema of which
        they have the most columns.
        """
        if len(candidates) == 1:
            matches = candidates[0].matches
            together = [name for name, match in matches.items() if match.present]
            partial = [
                name
                for name, match in matches.items()
                if not match.present and match.distinctive >= ONE_SHEET_PARTIAL_MATCHES
            ]
            if together and len(together) + len(partial) > 1:
                return {name: 0 for name in matches if name in together or name in partial}
        assigned: dict[str, int] = {}
        unnamed: list[int] = []
        for index, candidate in enumerate(candidates):
            named = self._named(candidate.grid.title)
            if not named:
                unnamed.append(index)
                continue
            self._take(assigned, named[0].name, index, candidates)
        for index in unnamed:
            title = candidates[index].grid.title
            free = [m for m in candidates[index].matches.values() if m.schema.name not in assigned]
            present = [m for m in free if m.present]
            pool = present or [m for m in free if m.distinctive >= MIN_HEADER_MATCHES]
            if not pool:
                self.warn(title, _("工作表“%(sheet)s”与任何要导入的表都对不上，未导入。") % {"sheet": title})
                continue
            best = max(pool, key=lambda m: len(m.columns))
            self._take(assigned, best.schema.name, index, candidates)
        return assigned

    def _take(self, assigned: dict[str, int], schema_name: str, index: int, candidates: list[_Candidate]) -> None:
        if schema_name in assigned:
            first, second = candidates[assigned[schema_name]].grid.title, candidates[index].grid.title
            self.error(
                second,
                _("工作表“%(first)s”和“%(second)s”都是%(sheet)s，请合并为一个工作表；本表未导入。")
                % {"first": first, "second": second, "sheet": schema_name},
            )
            return
        assigned[schema_name] = index

    # --- rows -------------------------------------------------------------------------------

    def _sheet_data(self, candidate: _Candidate, matches: list[_Match]) -> list[SheetData]:
        grid, header, names = candidate.grid, candidate.header, candidate.names
        title, header_cells = grid.title, grid.rows[header]
        header_number = header + 1
        for match in matches:
            for column, first, repeated in match.duplicates:
                self.issues.append(
                    ImportIssue(
                        title,
                        header_number,
                        column.key,
                        column.header,
                        _("第 %(first)s 列“%(a)s”和第 %(second)s 列“%(b)s”都对应“%(header)s”，请删除其中一列。")
                        % {
                            "first": column_letter(first),
                            "a": _text(header_cells[first]),
                            "second": column_letter(repeated),
                            "b": _text(header_cells[repeated]),
                            "header": column.header,
                        },
                    )
                )
            for column in match.missing:
                others = "、".join(column.aliases)
                self.issues.append(
                    ImportIssue(
                        title,
                        header_number,
                        column.key,
                        column.header,
                        (
                            _("缺少必填列“%(header)s”（也可写作：%(aliases)s）。")
                            % {"header": column.header, "aliases": others}
                            if others
                            else _("缺少必填列“%(header)s”。") % {"header": column.header}
                        ),
                    )
                )
        matched = {index for match in matches for index in match.columns}
        unknown = [
            (index, _text(cell)) for index, cell in enumerate(header_cells) if index not in matched and names[index]
        ]
        if unknown:
            self.warn(
                title,
                _("以下列无法识别，不会导入：%(columns)s。如是有用的数据，请改用模板中的列名。")
                % {"columns": "、".join(f"{text}（{column_letter(i)} 列）" for i, text in unknown)},
                header_number,
            )
        self._warn_headless_data(grid, header, names)

        data_rows = range(header + 1, len(grid.rows))
        if grid.merges is None:
            fill = sorted({i for m in matches for i, c in m.columns.items() if c.fill_merged})
            self._fill_down(grid, header + 1, fill)

        key_indexes = sorted({i for m in matches for i, c in m.columns.items() if c.key in m.schema.key_columns})
        kept: list[int] = []
        for r in data_rows:
            if grid.blank[r]:
                continue
            if _is_footer(grid.rows[r], key_indexes):
                self.warn(title, _("这是合计、签字或说明行，未导入。"), r + 1)
                continue
            kept.append(r)
        if not kept:
            self.warn(title, _("表头下面没有数据行。"), header_number)

        result = []
        for match in matches:
            indexes = sorted(match.columns)
            keys = [match.columns[i].key for i in indexes]
            rows = _rows(grid.rows, kept, keys, indexes)
            result.append(
                SheetData(
                    schema=match.schema,
                    title=title,
                    header_row=header_number,
                    headers={match.columns[i].key: _text(header_cells[i]) for i in indexes},
                    columns={match.columns[i].key: i for i in indexes},
                    unknown_headers=[text for _i, text in unknown],
                    rows=rows,
                    header_cells=grid.top[header],
                    title_rows=grid.top[:header],
                )
            )
        return result

    def _warn_headless_data(self, grid: _Grid, header: int, names: list[str]) -> None:
        headless = [i for i, name in enumerate(names) if not name]
        if not headless:
            return
        found = [i for i in headless if any(not _empty(row[i]) for row in grid.rows[header + 1 :] if i < len(row))]
        if found:
            self.warn(
                grid.title,
                _("%(columns)s 列有数据但没有表头，不会导入。")
                % {"columns": "、".join(column_letter(i) for i in found)},
                header + 1,
            )

    def _fill_down(self, grid: _Grid, start: int, indexes: list[int]) -> None:
        for index in indexes:
            last: Any = ""
            filled = 0
            for r in range(start, len(grid.rows)):
                row = grid.rows[r]
                if grid.blank[r]:
                    continue
                if _empty(row[index]):
                    if not _empty(last):
                        row[index] = last
                        filled += 1
                else:
                    last = row[index]
            if filled:
                self.warn(
                    grid.title,
                    _("“%(header)s”列有 %(count)s 个空白单元格按上一行的值填充（视为合并单元格），请核对。")
                    % {"header": _text(grid.rows[start - 1][index]), "count": filled},
                )


def _rows(grid_rows: list[list[Any]], kept: list[int], keys: list[str], indexes: list[int]) -> list[RawRow]:
    index = dict(zip(keys, indexes, strict=True))  # shared by the sheet's rows
    return [RawRow(r + 1, None, grid_rows[r], index=index) for r in kept]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _empty(value: Any) -> bool:
    return value == "" or value is None or (isinstance(value, str) and not value.strip())


def _blank(row: list[Any]) -> bool:
    return not any(cell != "" and cell is not None and not (isinstance(cell, str) and cell.isspace()) for cell in row)


def _is_footer(row: list[Any], key_indexes: list[int]) -> bool:
    """Return True for a total or signature row: it starts with 合计, 填表人 … and has no key of its own."""
    for i in key_indexes:
        # Cheap test first: a data row has a key that is not such a text.
        value = row[i]
        if value != "" and not (isinstance(value, str) and value.lstrip().startswith(FOOTER_MARKERS)):
            return False
    first = next((cell for cell in row if not _empty(cell)), "")
    if not isinstance(first, str) or not first.lstrip().startswith(FOOTER_MARKERS):
        return False
    return all(_empty(row[i]) or row[i] == first for i in key_indexes)


def _apply_merges(grid: _Grid) -> set[tuple[int, int]]:
    """Copy the value of every merged range to all its cells, except into rows that were empty.

    Return the cells among the first rows that got a copy from a cell to their left: a
    header merged across two columns names only the first of them.
    """
    copies: set[tuple[int, int]] = set()
    height = len(grid.rows)
    for (top, left), (bottom, right) in grid.merges or ():
        if top >= height or left >= len(grid.rows[top]):
            continue
        value = grid.rows[top][left]
        for r in range(top, min(bottom, height - 1) + 1):
            if grid.blank[r] and r != top:
                continue
            row = grid.rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                row[c] = value
                if c != left and r < HEADER_SCAN_ROWS:
                    copies.add((r, c))
    return copies


def _header_names(row: list[Any], index: int, copies: set[tuple[int, int]]) -> list[str]:
    return ["" if (index, c) in copies else normalize_header(cell) for c, cell in enumerate(row)]


# --- file formats ---------------------------------------------------------------------------


def _check_size(file: FileSource, filename: str) -> None:
    try:
        if isinstance(file, str | os.PathLike):
            size = os.path.getsize(file)
            with open(file, "rb") as handle:
                check_upload_size(size, kind="spreadsheet", name=filename)
                check_unpacked_size(handle, name=filename)
            return
        position = file.tell()
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(position)
        check_upload_size(size, kind="spreadsheet", name=filename)
        check_unpacked_size(file, name=filename)
    except ValidationError as exc:
        raise SpreadsheetError(" ".join(exc.messages), filename=filename) from exc


def _read_bytes(file: FileSource) -> bytes:
    if isinstance(file, str | os.PathLike):
        return Path(file).read_bytes()
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read()


def _head(file: FileSource) -> bytes:
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as handle:
            return handle.read(512)
    file.seek(0)
    head = file.read(512)
    file.seek(0)
    return head


def _decode(data: bytes, filename: str) -> str:
    """Return the text of a CSV file: UTF-16 (with BOM), UTF-8 (BOM or not), else GB18030 (a superset of GBK)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(
        _("无法识别文件的编码（既不是 UTF-8 也不是 GBK/GB18030）。")
        + _("请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后重新上传。"),
        filename=filename,
    )


def _read_csv(file: FileSource, filename: str) -> _Grid:
    data = _read_bytes(file)
    if data.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        raise SpreadsheetError(
            _("文件扩展名是 .csv，但内容是 Excel 工作簿，请把扩展名改回 .xlsx 或 .xls 后重新上传。"), filename=filename
        )
    text = _decode(data, filename)
    sample = text[:8192]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise SpreadsheetError(_("CSV 文件格式有误：%(error)s") % {"error": exc}, filename=filename) from exc
    width = max((len(row) for row in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return _Grid(Path(filename).stem, rows, None)


def _read_spreadsheet(file: FileSource, filename: str, ignore_sheets: Collection[str]) -> list[_Grid]:
    head = _head(file)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise SpreadsheetError(
            _("该文件实际上是网页（HTML）格式，只是扩展名为 Excel。请用 Excel 打开后另存为 .xlsx 再上传。"),
            filename=filename,
        )
    ignored = {normalize_header(name) for name in ignore_sheets}
    try:
        if isinstance(file, str | os.PathLike):
            workbook = CalamineWorkbook.from_path(file)
        else:
            workbook = CalamineWorkbook.from_filelike(file)
        with workbook:
            grids = []
            texts: dict[str, str] = {}  # one object per distinct text: a registry repeats its labels on every row
            for meta in workbook.sheets_metadata:
                if meta.typ != SheetTypeEnum.WorkSheet or normalize_header(meta.name) in ignored:
                    continue
                hidden = meta.visible != SheetVisibleEnum.Visible
                if hidden:
                    grids.append(_Grid(meta.name, [], None, hidden=True))
                    continue
                sheet = workbook.get_sheet_by_name(meta.name)
                grids.append(_Grid(meta.name, _sheet_rows(sheet, texts), sheet.merged_cell_ranges))
                del sheet  # the sheet as read by calamine, not kept while the next one is read
            return grids
    except PasswordError as exc:
        raise SpreadsheetError(_("文件设置了打开密码，请取消密码后重新上传。"), filename=filename) from exc
    except (CalamineError, ValueError, OSError) as exc:
        if head.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
            message = _("无法读取文件：文件已损坏或不是有效的 Excel 文件（%(error)s）。") % {"error": exc}
        else:
            message = _("无法读取文件：内容不是 Excel 或 ODS 工作簿。如果是 CSV 文件，请把扩展名改为 .csv。")
        raise SpreadsheetError(message, filename=filename) from exc


def _sheet_rows(sheet: Any, texts: dict[str, str]) -> list[list[Any]]:
    """Return the sheet's cells from A1 as lists, row by row, the same text cells sharing one object.

    Row by row (``iter_rows``) and with repeated texts shared, a sheet of a million cells takes
    about half the memory of ``to_python``'s lists. ``iter_rows`` starts at the sheet's first
    used column: the columns left of it are put back as empty cells, as ``to_python`` gives them.
    """
    if sheet.height == 0:
        return []
    left = sheet.start[1] if sheet.start else 0
    pad = [""] * left
    rows = [
        [*pad, *(texts.setdefault(v, v) if type(v) is str else v for v in row)]
        if left
        else [texts.setdefault(v, v) if type(v) is str else v for v in row]
        for row in sheet.iter_rows()
    ]
    height = sheet.end[0] + 1 if sheet.end else len(rows)
    if len(rows) < height:  # rows above the first used one, when they are not given
        width = max((len(r) for r in rows), default=0)
        rows[:0] = [[""] * width for _ in range(height - len(rows))]
    return rows
