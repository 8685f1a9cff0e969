"""Word documents (.docx): one service for every printout, bulletin (通报), notice and report.

A document is a title and a list of blocks — headings, paragraphs, tables, charts, page
breaks — rendered with python-docx::

    doc = Document(title="一户一档", timestamp=household.updated_at, subject=household.code)
    doc.heading("一、基本情况")
    doc.fields([("户编号", household.code), ("户主", head.name)])
    doc.table([[2019, income]], header=["年度", "人均纯收入（元）"])
    doc.chart(charts.line_chart(years, Series("人均纯收入", values), unit="元"))
    return doc.render()                      # bytes of the .docx

or, the same without the builder, ``document_render(title=…, blocks=[heading(…), table(…)])``.

Cells and fields may be given as values: None is written "—", numbers with thousands
commas, booleans 是/否 and dates 2019年7月31日 (``core.formatting``); format money and
percentages with ``core.formatting`` before passing them, and years and codes as text
(``str(2019)``), which a number would write as 2,019. Charts are the ECharts options of
``core.charts`` drawn as PNG by ``core.chart_images`` (which raises ``ChineseFontMissing``
without a Chinese font).

The same blocks give the same bytes: the core properties (created, modified) are the
``timestamp`` given — take it from the data, e.g. the row's last change — and the files
inside the .docx carry that time too, never the time of rendering.

Styles: ``REPORT`` (default; printouts and tables: 宋体 小四, headings 黑体) or ``OFFICIAL``
(the GB/T 9704 layout of 公文: 仿宋 三号 body, 小标宋 title, page margins 37/35/28/26 mm).
The fonts are those of Chinese offices' Word; another computer substitutes its own.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from jingzhun.core import formatting
from jingzhun.core.chart_images import chart_png
from jingzhun.core.charts import Series, bar_chart

Align = Literal["left", "center", "right", "justify"]
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# A fixed time for documents whose data carry none, so that they still render identically.
DEFAULT_TIMESTAMP = datetime.datetime(2020, 1, 1)
# A cell that reads as a number (1,234.50 / 3.12% / 37.93亿元 / 5人) is aligned right.
_NUMERIC = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?\s*(%|‰|元|万元|亿元|万|亿|人|万人|户|个|公里|分钟|月|年|天)?$")
_HEADER_FILL = "F2F2F2"


@dataclass(frozen=True)
class DocumentStyle:
    """Fonts (names as Word knows them), sizes in points and page margins in cm."""

    title_font: str
    heading_fonts: tuple[str, str, str]
    body_font: str
    table_font: str
    title_size: float
    heading_sizes: tuple[float, float, float]
    body_size: float
    table_size: float
    line_spacing: float | None  # exact line height in points (None: single spacing)
    margins: tuple[float, float, float, float]  # top, bottom, left, right
    first_line_indent: bool = True


REPORT = DocumentStyle(
    title_font="黑体",
    heading_fonts=("黑体", "楷体_GB2312", "宋体"),
    body_font="宋体",
    table_font="宋体",
    title_size=18,
    heading_sizes=(14, 12, 12),
    body_size=12,
    table_size=9,
    line_spacing=None,
    margins=(2.5, 2.5, 2.2, 2.2),
)
OFFICIAL = DocumentStyle(
    title_font="方正小标宋简体",
    heading_fonts=("黑体", "楷体_GB2312", "仿宋_GB2312"),
    body_font="仿宋_GB2312",
    table_font="仿宋_GB2312",
    title_size=22,
    heading_sizes=(16, 16, 16),
    body_size=16,
    table_size=12,
    line_spacing=28,
    margins=(3.7, 3.5, 2.8, 2.6),
)


# -- blocks ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    align: Align = "justify"
    indent: bool = True


@dataclass(frozen=True)
class Table:
    """Rows of cells under an optional header. ``align`` per column (default: numbers right, text left)."""

    rows: Sequence[Sequence[Any]]
    header: Sequence[str] | None = None
    align: Sequence[Align] | None = None
    widths: Sequence[float] | None = None  # column widths in cm
    title: str = ""
    label_columns: Sequence[int] = ()  # columns written as labels (shaded, bold): a form's grid


@dataclass(frozen=True)
class Chart:
    option: Mapping[str, Any]
    title: str = ""
    width_cm: float = 15.0
    height_cm: float = 7.5


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Table | Chart | PageBreak


def heading(text: str, level: int = 1) -> Heading:
    """Return a heading block (level 1: 一、…; 2: （一）…; 3: 1. …, numbered by the caller)."""
    if level not in (1, 2, 3):
        raise ValueError("heading levels are 1, 2 and 3")
    return Heading(text, level)


def paragraph(text: str, *, bold: bool = False, align: Align = "justify", indent: bool = True) -> Paragraph:
    """Return a paragraph block (first line indented by two characters unless ``indent`` is False)."""
    return Paragraph(text, bold, align, indent)


def table(
    rows: Iterable[Sequence[Any]],
    header: Sequence[str] | None = None,
    *,
    align: Sequence[Align] | None = None,
    widths: Sequence[float] | None = None,
    title: str = "",
) -> Table:
    """Return a table block: ``rows`` of cells (values or text) under ``header``.

    Raise ValueError if a row's length differs from the header's (or the first row's).
    """
    materialized = [list(row) for row in rows]
    width = len(header) if header is not None else (len(materialized[0]) if materialized else 0)
    for number, row in enumerate(materialized, 1):
        if len(row) != width:
            raise ValueError(f"row {number} has {len(row)} cells, the table has {width} columns")
    return Table(materialized, list(header) if header is not None else None, align, widths, title)


def fields(pairs: Sequence[tuple[str, Any]], *, columns: int = 2, title: str = "") -> Table:
    """Return a form-like grid of (label, value) pairs, ``columns`` pairs a row, labels shaded."""
    rows: list[list[Any]] = []
    for start in range(0, len(pairs), columns):
        row: list[Any] = []
        for label, value in pairs[start : start + columns]:
            row += [label, value]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    labels = tuple(range(0, 2 * columns, 2))
    return Table(rows, None, ["left"] * (2 * columns), None, title, labels)


def chart(
    option_or_data: Mapping[str, Any], *, title: str = "", width_cm: float = 15.0, height_cm: float = 7.5
) -> Chart:
    """Return a chart block from an ECharts option of ``core.charts``, or from {category: value} data (bars)."""
    option = option_or_data
    if "series" not in option_or_data:
        option = bar_chart(
            [str(k) for k in option_or_data], Series(title, [_number(v) for v in option_or_data.values()])
        )
    return Chart(option, title, width_cm, height_cm)


def page_break() -> PageBreak:
    return PageBreak()


def _number(value: Any) -> float | None:
    amount = formatting.to_decimal(value)
    return None if amount is None else float(amount)


# -- the builder ----------------------------------------------------------------------------------


@dataclass
class Document:
    """A document built block by block; ``render()`` returns the .docx bytes (see the module doc)."""

    title: str
    timestamp: datetime.datetime | datetime.date | None = None
    subtitle: str = ""
    author: str = ""
    subject: str = ""
    keywords: str = ""
    style: DocumentStyle = REPORT
    landscape: bool = False
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def heading(self, text: str, level: int = 1) -> Document:
        return self.add(heading(text, level))

    def paragraph(self, text: str, **kwargs: Any) -> Document:
        return self.add(paragraph(text, **kwargs))

    def table(self, rows: Iterable[Sequence[Any]], header: Sequence[str] | None = None, **kwargs: Any) -> Document:
        return self.add(table(rows, header, **kwargs))

    def fields(self, pairs: Sequence[tuple[str, Any]], **kwargs: Any) -> Document:
        return self.add(fields(pairs, **kwargs))

    def chart(self, option_or_data: Mapping[str, Any], **kwargs: Any) -> Document:
        return self.add(chart(option_or_data, **kwargs))

    def page_break(self) -> Document:
        return self.add(page_break())

    def render(self) -> bytes:
        return document_render(
            title=self.title,
            blocks=self.blocks,
            timestamp=self.timestamp,
            subtitle=self.subtitle,
            author=self.author,
            subject=self.subject,
            keywords=self.keywords,
            style=self.style,
            landscape=self.landscape,
        )


def document_render(
    *,
    title: str,
    blocks: Sequence[Block],
    timestamp: datetime.datetime | datetime.date | None = None,
    subtitle: str = "",
    author: str = "",
    subject: str = "",
    keywords: str = "",
    style: DocumentStyle = REPORT,
    landscape: bool = False,
) -> bytes:
    """Return the .docx bytes of ``title`` followed by ``blocks``.

    ``timestamp`` (from the data; default a fixed date) is the document's created and
    modified time, so the same arguments always give the same bytes. Raise
    ChineseFontMissing if there is a chart and no Chinese font to draw it.
    """
    stamp = _as_datetime(timestamp)
    document = docx.Document()
    _page_setup(document, style, landscape)
    _styles_setup(document, style)
    _footer_page_number(document)
    _title(document, style, title, subtitle)
    for block in blocks:
        if isinstance(block, Heading):
            document.add_paragraph(block.text, style=f"Heading {block.level}")
        elif isinstance(block, Paragraph):
            _paragraph(document, style, block)
        elif isinstance(block, Table):
            _table(document, style, block)
        elif isinstance(block, Chart):
            _chart(document, block)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            raise TypeError(f"not a document block: {block!r}")
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = author
    properties.keywords = keywords
    properties.last_modified_by = author
    properties.comments = ""
    properties.revision = 1
    properties.created = stamp
    properties.modified = stamp
    properties.last_printed = stamp
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_fixed_times(buffer.getvalue(), stamp)


# -- rendering ------------------------------------------------------------------------------------


def _as_datetime(value: datetime.datetime | datetime.date | None) -> datetime.datetime:
    if value is None:
        return DEFAULT_TIMESTAMP
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.replace(microsecond=0)
    return datetime.datetime(value.year, value.month, value.day)


def _with_fixed_times(data: bytes, stamp: datetime.datetime) -> bytes:
    """Return the .docx (a zip) with every member dated ``stamp`` instead of the time of writing."""
    date_time = max(stamp, datetime.datetime(1980, 1, 1)).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return output.getvalue()


def _font(element: Any, font: Any, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set a style's or run's font for Latin and East Asian text alike (Word keeps them apart)."""
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _page_setup(document: Any, style: DocumentStyle, landscape: bool) -> None:
    section = document.sections[0]
    width, height = Cm(21.0), Cm(29.7)  # A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    top, bottom, left, right = style.margins
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)


def _styles_setup(document: Any, style: DocumentStyle) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _font(normal.element, normal.font, style.body_font, style.body_size)
    normal.paragraph_format.space_after = Pt(0)
    if style.line_spacing:
        normal.paragraph_format.line_spacing = Pt(style.line_spacing)
    for level in (1, 2, 3):
        heading_style = styles[f"Heading {level}"]
        _font(
            heading_style.element,
            heading_style.font,
            style.heading_fonts[level - 1],
            style.heading_sizes[level - 1],
            bold=level != 2,
        )
        heading_style.font.italic = False
        heading_style.font.color.rgb = RGBColor(0, 0, 0)
        heading_style.paragraph_format.space_before = Pt(style.body_size * 0.6)
        heading_style.paragraph_format.space_after = Pt(style.body_size * 0.3)
        heading_style.paragraph_format.keep_with_next = True


def _footer_page_number(document: Any) -> None:
    """Write the page number centred in the footer as 公文 do: — 1 —."""
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    field_element = OxmlElement("w:fldSimple")
    field_element.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field_element.append(run)
    footer._p.append(field_element)
    footer.add_run(" —")  # appended after the field


def _title(document: Any, style: DocumentStyle, title: str, subtitle: str) -> None:
    paragraph_ = document.add_paragraph()
    paragraph_.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph_.paragraph_format.space_after = Pt(style.body_size * 0.5)
    run = paragraph_.add_run(title)
    _font(run._r, run.font, style.title_font, style.title_size, bold=style is REPORT)
    if subtitle:
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        line.paragraph_format.space_after = Pt(style.body_size * 0.5)
        sub = line.add_run(subtitle)
        _font(sub._r, sub.font, style.heading_fonts[1], style.body_size)


def _paragraph(document: Any, style: DocumentStyle, block: Paragraph) -> None:
    paragraph_ = document.add_paragraph()
    paragraph_.alignment = _ALIGN[block.align]
    if block.indent and style.first_line_indent and block.align in ("justify", "left"):
        paragraph_.paragraph_format.first_line_indent = Pt(style.body_size * 2)
    run = paragraph_.add_run(block.text)
    run.bold = block.bold or None


def cell_text(value: Any) -> str:
    """Return a value as a table cell writes it (None → —, 1234 → 1,234, True → 是, a date → 2019年7月31日)."""
    if value is None:
        return formatting.MISSING
    if isinstance(value, bool):
        return formatting.yes_no(value)
    if isinstance(value, int | float | Decimal):
        return formatting.number(value, None)
    if isinstance(value, datetime.date):
        return formatting.cn_date(value)
    return str(value)


def _column_alignments(block: Table, texts: list[list[str]], columns: int) -> list[Align]:
    if block.align is not None:
        return list(block.align)
    alignments: list[Align] = []
    for column in range(columns):
        cells = [row[column] for row in texts if row[column] not in ("", formatting.MISSING)]
        numeric = bool(cells) and all(_NUMERIC.match(cell) for cell in cells)
        alignments.append("right" if numeric else "left")
    return alignments


def _shade(cell: Any) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), _HEADER_FILL)
    cell._tc.get_or_add_tcPr().append(shading)


def _cell(cell: Any, text: str, style: DocumentStyle, align: Align, *, bold: bool = False) -> None:
    paragraph_ = cell.paragraphs[0]
    paragraph_.alignment = _ALIGN[align]
    paragraph_.paragraph_format.line_spacing = 1.0
    run = paragraph_.add_run(text)
    _font(run._r, run.font, style.table_font, style.table_size, bold=bold or None)


def _table(document: Any, style: DocumentStyle, block: Table) -> None:
    if block.title:
        caption = document.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = caption.add_run(block.title)
        run.bold = True
    texts = [[cell_text(value) for value in row] for row in block.rows]
    columns = len(block.header) if block.header is not None else (len(texts[0]) if texts else 0)
    if columns == 0:
        return
    alignments = _column_alignments(block, texts, columns)
    table_ = document.add_table(rows=(1 if block.header is not None else 0) + len(texts), cols=columns)
    table_.style = "Table Grid"
    table_.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = iter(table_.rows)
    if block.header is not None:
        head = next(rows)
        header_properties = head._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")  # the header row is repeated on every page
        repeat.set(qn("w:val"), "true")
        header_properties.append(repeat)
        for cell, text in zip(head.cells, block.header, strict=True):
            _cell(cell, str(text), style, "center", bold=True)
            _shade(cell)
    for row, values in zip(rows, texts, strict=True):
        for column, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            label = column in block.label_columns
            _cell(cell, text, style, "left" if label else alignments[column], bold=label)
            if label:
                _shade(cell)
    if block.widths:
        for column, width in zip(table_.columns, block.widths, strict=False):
            for cell in column.cells:
                cell.width = Cm(width)
    document.add_paragraph()


def _chart(document: Any, block: Chart) -> None:
    png = chart_png(block.option, width_cm=block.width_cm, height_cm=block.height_cm)
    paragraph_ = document.add_paragraph()
    paragraph_.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph_.add_run().add_picture(io.BytesIO(png), width=Cm(block.width_cm))
    if block.title:
        caption = document.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.add_run(block.title)
