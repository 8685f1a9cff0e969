"""The findings table (问题线索), shown on the list page and written, column for column, to its work list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from jingzhun.core.tables import DateColumn, LedgerTable, NumberColumn, PersonalColumn
from jingzhun.quality.checks import CATALOGUE
from jingzhun.quality.choices import FindingStatus, Severity
from jingzhun.regions.tables import PlaceColumn

STATUS_BADGES = {
    FindingStatus.OPEN: "text-bg-danger",
    FindingStatus.ESCALATED: "text-bg-dark",
    FindingStatus.PENDING: "text-bg-info",
    FindingStatus.JUSTIFIED: "text-bg-secondary",
}
WRAP = {"td": {"class": "text-wrap small", "style": "min-width:16rem"}}


class FindingTable(LedgerTable):
    """问题线索工作清单: where, who, which check, how serious, what to fix, status — the page and the Excel."""

    county = PlaceColumn("village_code", level="county", verbose_name=_("县（区）"))
    township = PlaceColumn("village_code", level="township", verbose_name=_("乡镇"))
    village = PlaceColumn("village_code", level="village", verbose_name=_("行政村"))
    village_code = tables.Column(verbose_name=_("行政村代码"))
    household_code = tables.Column(verbose_name=_("户编号"))
    person_name = tables.Column(verbose_name=_("姓名"), default="—")
    head_name = tables.Column(verbose_name=_("户主"), default="—")
    entity = tables.Column(verbose_name=_("对象"))
    id_number = PersonalColumn(verbose_name=_("证件号码"))
    check_code = tables.Column(verbose_name=_("检查项"))
    check_title = tables.Column(accessor="check_code", verbose_name=_("检查项名称"), orderable=False)
    severity = tables.Column(verbose_name=_("严重程度"))
    message = PersonalColumn(verbose_name=_("问题描述"), attrs=WRAP, kind="text")  # may quote the ID number
    how_to_fix = tables.Column(accessor="check_code", verbose_name=_("整改要求"), orderable=False, attrs=WRAP)
    status = tables.Column(verbose_name=_("状态"))
    first_seen_at = DateColumn(verbose_name=_("首次发现"))
    recurrence_count = NumberColumn(verbose_name=_("屡改屡犯次数"))

    export_widths = {
        "county": 10,
        "township": 12,
        "village": 16,
        "village_code": 14,
        "household_code": 18,
        "person_name": 10,
        "head_name": 10,
        "entity": 6,
        "id_number": 20,
        "check_code": 8,
        "check_title": 24,
        "severity": 8,
        "message": 40,
        "how_to_fix": 40,
        "status": 10,
        "first_seen_at": 12,
        "recurrence_count": 8,
    }

    # Columns of the work list for the village to fill in (on paper or in Excel), not shown on the page.
    work_columns = (_("整改责任人"), _("完成时限"))

    class Meta(LedgerTable.Meta):
        attrs = {**LedgerTable.Meta.attrs, "id": "finding-table"}

    def export_headers(self) -> list[str]:
        return [*super().export_headers(), *(str(title) for title in self.work_columns)]

    def export_rows(self) -> Iterator[list[Any]]:
        rows = super().export_rows()
        yield next(rows)  # the headers, the work columns included
        for row in rows:
            yield [*row, *("" for _title in self.work_columns)]

    def render_household_code(self, value: str) -> str:
        return format_html('<a href="{}">{}</a>', reverse("registry:household-detail", args=[value]), value)

    def value_household_code(self, value: str) -> str:
        return value

    def render_check_code(self, value: str, record: Any) -> str:
        return format_html(
            '<a href="{}"><code>{}</code></a>', reverse("quality:finding-detail", args=[record.pk]), value
        )

    def value_check_code(self, value: str) -> str:
        return value

    def check_text(self, code: str, attribute: str) -> str:
        """Return a catalogue text of a check (translated once per table, not once per row)."""
        key = (code, attribute)
        texts = self.cache.setdefault("checks", {})
        if key not in texts:
            check = CATALOGUE.get(code)
            texts[key] = str(getattr(check, attribute)) if check else ""
        return texts[key]

    def render_check_title(self, value: str) -> str:
        return self.check_text(value, "title")

    def render_how_to_fix(self, value: str) -> str:
        return self.check_text(value, "how_to_fix")

    def render_severity(self, value: str, record: Any) -> str:
        badge = "text-bg-danger" if record.severity == Severity.ERROR else "text-bg-warning"
        return format_html('<span class="badge {}">{}</span>', badge, value)

    def value_severity(self, value: str) -> str:
        return value

    def render_status(self, value: str, record: Any) -> str:
        badge = STATUS_BADGES.get(record.status, "text-bg-success")
        html = format_html('<span class="badge {}">{}</span>', badge, value)
        if record.recurrence_count:
            html += format_html(
                ' <span class="badge text-bg-warning" title="{}">{} ×{}</span>',
                _("整改后再次出现"),
                _("屡改屡犯"),
                record.recurrence_count,
            )
        return html

    def value_status(self, value: str) -> str:
        return value
