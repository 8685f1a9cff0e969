"""The document service: headings, paragraphs, tables and charts rendered to .docx, the same bytes each time."""

import datetime
import io
import os
import zipfile
from decimal import Decimal

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from jingzhun.core import chart_images, charts, documents
from jingzhun.core.charts import Series
from jingzhun.core.documents import Document, document_render, heading, paragraph, table

STAMP = datetime.datetime(2019, 7, 31, 10, 30)


@pytest.fixture
def cjk_font():
    """Skip where no Chinese font is installed (bin/test installs one as root); never on CI."""
    try:
        chart_images.cjk_font_family()
    except chart_images.ChineseFontMissing:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Chinese font installed (apt-get install fonts-noto-cjk)")


def _read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _sample() -> Document:
    doc = Document(title="安康市脱贫攻坚工作通报", subtitle="2019年第7期", timestamp=STAMP, author="市脱贫办")
    doc.heading("一、总体情况")
    doc.paragraph("截至2019年7月31日，全市资金需求37.93亿元。")
    doc.table([["汉滨区", Decimal("1234.5"), 12], ["汉阴县", None, 3]], header=["县区", "资金（万元）", "项目"])
    doc.chart(charts.bar_chart(["汉滨区", "汉阴县"], Series("项目", [12, 3])), title="图1 各县区项目数")
    return doc


def test_it_writes_the_title_headings_paragraphs_and_tables():
    data = document_render(
        title="通报",
        blocks=[heading("一、总体情况"), paragraph("正文。"), table([["汉滨区", 1234]], header=["县区", "户数"])],
        timestamp=STAMP,
    )
    read = _read(data)
    texts = [p.text for p in read.paragraphs]
    assert texts[0] == "通报"
    assert "一、总体情况" in texts and "正文。" in texts
    heading_paragraph = read.paragraphs[texts.index("一、总体情况")]
    assert heading_paragraph.style.name == "Heading 1"
    [grid] = read.tables
    assert [[c.text for c in row.cells] for row in grid.rows] == [["县区", "户数"], ["汉滨区", "1,234"]]


def test_cells_are_written_the_way_documents_write_values():
    read = _read(
        document_render(
            title="t",
            blocks=[table([[None, True, datetime.date(2019, 7, 31), Decimal("12.5"), "文字"]])],
        )
    )
    assert [c.text for c in read.tables[0].rows[0].cells] == ["—", "是", "2019年7月31日", "12.50", "文字"]


def test_numeric_columns_are_aligned_right_and_the_header_repeats_on_every_page():
    read = _read(document_render(title="t", blocks=[table([["汉滨区", "1,234.50"]], header=["县区", "金额"])]))
    header, row = read.tables[0].rows
    assert row.cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert row.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert header._tr.xpath("./w:trPr/w:tblHeader")


def test_fields_lay_out_labels_and_values_in_a_grid():
    read = _read(
        document_render(title="t", blocks=[documents.fields([("户编号", "6109"), ("人数", 3), ("户主", "张")])])
    )
    assert [[c.text for c in row.cells] for row in read.tables[0].rows] == [
        ["户编号", "6109", "人数", "3"],
        ["户主", "张", "", ""],
    ]


def test_a_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="row 2"):
        table([["a", 1], ["b"]], header=["名称", "数"])


def test_the_page_is_a4_and_numbered_in_the_footer():
    read = _read(document_render(title="t", blocks=[]))
    section = read.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    assert section.footer.paragraphs[0]._p.xpath(".//w:fldSimple[@w:instr='PAGE']")


def test_core_properties_come_from_the_data_not_the_clock():
    read = _read(document_render(title="通报", blocks=[], timestamp=STAMP, author="市脱贫办"))
    properties = read.core_properties
    assert properties.title == "通报"
    assert properties.author == "市脱贫办"
    assert properties.created == STAMP.replace(tzinfo=properties.created.tzinfo)
    assert properties.modified == properties.created


def test_the_same_data_give_the_same_bytes(cjk_font):
    first = _sample().render()
    second = _sample().render()
    assert first == second
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(2019, 7, 31, 10, 30, 0)}


def test_charts_are_embedded_as_png_images(cjk_font):
    read = _read(_sample().render())
    assert len(read.inline_shapes) == 1
    images = [part for part in read.part.package.parts if part.content_type == "image/png"]
    assert images and images[0].blob.startswith(b"\x89PNG")
    assert "图1 各县区项目数" in [p.text for p in read.paragraphs]


@pytest.mark.parametrize(
    "option",
    [
        charts.stacked_bar_chart(
            ["a", "b"],
            [Series("x", [1, 2]), Series("y", [2, None]), Series("率", [0.5, 0.2], kind="line", axis=1)],
            second_unit="%",
        ),
        charts.line_chart(["2017", "2018", "2019"], Series("收入", [3000, 4200, 5100])),
        charts.pie_chart([("中央", 10), ("省级", 3), ("空", 0)]),
        charts.ranked_bar_chart([("收入", 3), ("住房", 5)]),
    ],
)
def test_every_kind_of_chart_draws(cjk_font, option):
    assert chart_images.chart_png(option).startswith(b"\x89PNG")


def test_a_chart_can_be_given_as_plain_data():
    block = documents.chart({"2018": 3000, "2019": Decimal("4200.5")}, title="人均纯收入")
    assert block.option["xAxis"]["data"] == ["2018", "2019"]
    assert block.option["series"][0]["data"] == [3000.0, 4200.5]


def test_without_a_chinese_font_it_says_so_in_chinese_instead_of_drawing_boxes(monkeypatch):
    chart_images.cjk_font_family.cache_clear()
    monkeypatch.setattr(chart_images, "_installed_family", lambda: None)
    monkeypatch.setattr(chart_images.font_manager, "findSystemFonts", lambda: [])
    try:
        with pytest.raises(chart_images.ChineseFontMissing, match="fonts-noto-cjk"):
            document_render(title="t", blocks=[documents.chart({"a": 1})])
    finally:
        chart_images.cjk_font_family.cache_clear()
