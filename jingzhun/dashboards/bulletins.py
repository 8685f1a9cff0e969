"""月通报: the month's figures of every app, by place, as a page and as a Word document.

Each app contributes sections through ``core.panels.bulletin_register``; this module puts
them in order under an editable opening and closing, compares each section's key figures with
the month before (较上月), names the units the sections commend (通报表扬) and criticise
(通报批评), and renders the Word file with ``core.documents``. The document's time stamps are
the month's end, so the same data give the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from jingzhun.core import documents, formatting
from jingzhun.core.access import require
from jingzhun.core.panels import BulletinContext, BulletinSection, KeyFigure, SectionData, bulletin_build
from jingzhun.core.services import ledger_save
from jingzhun.dashboards.models import Bulletin

NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Change:
    """A key figure of the month beside the month before."""

    figure: KeyFigure
    previous: int | float | Decimal | None  # None: the section had nothing the month before

    @property
    def delta(self) -> Decimal | None:
        return None if self.previous is None else Decimal(str(self.figure.value)) - Decimal(str(self.previous))

    @property
    def tone(self) -> str:
        """good / bad / "" (no change, no previous figure, or a change that is neither)."""
        delta, better = self.delta, self.figure.higher_is_better
        if not delta or better is None:
            return ""
        return "good" if (delta > 0) == better else "bad"

    @property
    def text(self) -> str:
        figure = self.figure
        now = formatting.number(figure.value, figure.digits) + figure.unit
        if self.previous is None:
            return _("{label}{now}（上月无数据）").format(label=figure.label, now=now)
        delta = self.delta or Decimal(0)
        before = formatting.number(self.previous, figure.digits) + figure.unit
        if not delta:
            return _("{label}{now}，与上月持平").format(label=figure.label, now=now)
        word = _("增加") if delta > 0 else _("减少")
        unit = figure.unit if figure.change_unit is None else figure.change_unit
        amount = formatting.number(abs(delta), figure.digits) + unit
        return _("{label}{now}，较上月{word}{amount}（上月{before}）").format(
            label=figure.label, now=now, word=word, amount=amount, before=before
        )


@dataclass
class BulletinContent:
    ctx: BulletinContext
    sections: list[tuple[BulletinSection, SectionData]]
    preface: str
    closing: str
    changes: dict[str, list[Change]] = dataclasses.field(default_factory=dict)  # by section key

    @property
    def items(self) -> list[tuple[BulletinSection, SectionData, str]]:
        """(section, data, the sentence comparing it with the month before) in order, for the page."""
        return [(section, data, self.changes_text(section)) for section, data in self.sections]

    def changes_text(self, section: BulletinSection) -> str:
        """One sentence comparing the section's key figures with the month before ("" if none)."""
        changes = self.changes.get(section.key)
        return _("与上月相比：") + "；".join(c.text for c in changes) + "。" if changes else ""

    @property
    def title(self) -> str:
        return _("{region}脱贫攻坚工作月通报").format(region=self.ctx.region.name)

    @property
    def subtitle(self) -> str:
        return _("{year}年{month}月").format(year=self.ctx.month.year, month=self.ctx.month.month)

    @property
    def issuer(self) -> str:
        return _("{region}脱贫攻坚指挥部办公室").format(region=self.ctx.region.name)

    @property
    def commended(self) -> list[tuple[str, list[str]]]:
        return self.named("commended")

    @property
    def criticised(self) -> list[tuple[str, list[str]]]:
        return self.named("criticised")

    def named(self, attribute: str) -> list[tuple[str, list[str]]]:
        """Return (section title, units) of every section that names units in ``attribute``."""
        return [(str(s.title), getattr(d, attribute)) for s, d in self.sections if getattr(d, attribute)]


def parse_month(text: str) -> datetime.date | None:
    """Return the first day of the month ``YYYY-MM``, or None if ``text`` is not one."""
    try:
        month = datetime.date.fromisoformat(f"{text.strip()}-01")
    except ValueError:
        return None
    return month if 2000 <= month.year <= 2100 else None


def default_preface(ctx: BulletinContext) -> str:
    return _("现将{year}年{month}月{region}脱贫攻坚重点工作进展情况通报如下。").format(
        year=ctx.month.year, month=ctx.month.month, region=ctx.region.name
    )


def default_closing(ctx: BulletinContext) -> str:
    return _(
        "各地各部门要对照本通报反映的问题，逐项建立整改台账，明确责任人和完成时限，立行立改；"
        "受到通报批评的单位要在 10 个工作日内向指挥部办公室书面报告整改情况。"
    )


def bulletin_changes(
    sections: list[tuple[BulletinSection, SectionData]], before: list[tuple[BulletinSection, SectionData]]
) -> dict[str, list[Change]]:
    """Pair each section's key figures with the same figures of the month before, by label."""
    previous = {s.key: {f.label: f.value for f in d.figures} for s, d in before}

    def before_value(key: str, figure: KeyFigure) -> int | float | Decimal | None:
        if key in previous:
            return previous[key].get(figure.label)
        return 0 if figure.zero_when_absent else None

    return {s.key: [Change(f, before_value(s.key, f)) for f in d.figures] for s, d in sections if d.figures}


def bulletin_content(ctx: BulletinContext, *, preface: str = "", closing: str = "") -> BulletinContent:
    sections = bulletin_build(ctx)
    before = bulletin_build(dataclasses.replace(ctx, month=ctx.previous))
    return BulletinContent(
        ctx,
        sections,
        preface.strip() or default_preface(ctx),
        closing.strip() or default_closing(ctx),
        bulletin_changes(sections, before),
    )


def bulletin_render(content: BulletinContent) -> bytes:
    """Return the .docx of the bulletin (the same content gives the same bytes)."""
    ctx = content.ctx
    doc = documents.Document(
        title=content.title,
        subtitle=content.subtitle,
        timestamp=datetime.datetime.combine(ctx.month_end, datetime.time(18)),
        subject=f"{ctx.region.code} {ctx.month:%Y-%m}",
        style=documents.OFFICIAL,
    )
    doc.paragraph(content.preface)
    for number, (section, data) in enumerate(content.sections):
        doc.heading(f"{NUMERALS[number] if number < len(NUMERALS) else number + 1}、{section.title}")
        doc.paragraph(data.summary)
        if changes := content.changes_text(section):
            doc.paragraph(changes)
        doc.table(data.rows, header=data.header)
        if data.chart is not None:
            doc.chart(data.chart)
    for named, label in ((content.commended, _("通报表扬")), (content.criticised, _("通报批评"))):
        if named:
            doc.heading(label)
            for title, units in named:
                doc.paragraph(f"{title}：{'、'.join(units)}。")
    doc.paragraph(content.closing)
    doc.paragraph(content.issuer, align="right", indent=False)
    doc.paragraph(formatting.cn_date(ctx.month_end), align="right", indent=False)
    return doc.render()


@transaction.atomic
def bulletin_generate(*, user: Any, ctx: BulletinContext, preface: str = "", closing: str = "") -> Bulletin:
    """Render the bulletin of ``ctx`` and keep it (who, when, the file and its digest)."""
    require(user, "add", Bulletin, _("当前角色无权生成月通报。"))
    content = bulletin_content(ctx, preface=preface, closing=closing)
    data = bulletin_render(content)
    bulletin = Bulletin(
        region=ctx.region,
        month=ctx.month,
        preface=content.preface,
        closing=content.closing,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    bulletin.file.save(f"{content.title}（{content.subtitle}）.docx", ContentFile(data), save=False)
    return ledger_save(user=user, instance=bulletin)
