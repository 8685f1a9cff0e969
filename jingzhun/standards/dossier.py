"""Word printouts of the registry: the household dossier (一户一档).

Built on the one document service (``core.documents``): the household, its members, its
yearly income and living conditions (with a chart of the per-capita net income against the
poverty line), the assistance measures and helpers, and its verdicts in the official exit
evaluations — what a village keeps in the household's paper file.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jingzhun.accounts.models import User
from jingzhun.core import formatting
from jingzhun.core.charts import AMBER, BLUE, Series, line_chart
from jingzhun.core.documents import Document
from jingzhun.core.personal import IDENTIFIERS, Disclosure, mask_value, personal_fields, reveal_log
from jingzhun.registry.choices import Relation
from jingzhun.registry.models import Household, HouseholdYear, Member
from jingzhun.standards.services import household_verdicts, poverty_line_for

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def household_dossier_filename(household: Household) -> str:
    return f"一户一档_{household.code}.docx"


def household_dossier_render(*, household: Household, user: User, unmask: bool = False) -> bytes:
    """Return the household's dossier (一户一档) as .docx bytes.

    ID numbers, phones and birth dates are masked unless ``unmask`` (health shown to roles
    that may see personal data); an unmasked dossier is allowed only to those roles, and
    each household or member whose numbers are written out is logged as a reveal
    (``core.personal.reveal_log``). The caller has checked that ``household`` is in the
    user's scope. The same data give the same document: its time is the latest change of
    the household's rows. Raise PermissionDenied if ``unmask`` is not allowed to ``user``.
    """
    members = list(household.members.order_by("relation", "birth_date", "code"))
    years = list(household.years.order_by("year"))
    verdicts = household_verdicts(household_code=household.code)
    reveal = _Revealer(user=user, unmask=unmask)
    living = sum(1 for member in members if member.counts)
    changes = [household.updated_at, *(m.updated_at for m in members), *(y.updated_at for y in years)]
    changes += [verdict.result.run.created_at for verdict in verdicts]
    village = household.village
    place = " ".join(r.name for r in [*village.ancestors()[2:], village])

    doc = Document(
        title=_("建档立卡贫困户“一户一档”"),
        subtitle=_("户编号 %(code)s　%(place)s") % {"code": household.code, "place": place},
        timestamp=max(changes),
        subject=household.code,
        keywords=_("一户一档"),
        landscape=True,
    )
    head = next((m for m in members if m.relation == Relation.HEAD), None)
    doc.heading(_("一、家庭基本情况"))
    doc.fields(
        [
            (_("户编号"), household.code),
            (_("户主姓名"), head.name if head else "—"),
            (_("所在地"), place),
            (_("行政区划代码"), household.village_id),
            (_("贫困户属性"), household.get_attribute_display()),
            (_("脱贫状态"), household.get_status_display()),
            (_("家庭人数"), _("%(size)s 人（在册且健在 %(living)s 人）") % {"size": household.size, "living": living}),
            (_("联系电话"), reveal.value(household, "phone")),
            (_("主要致贫原因"), household.get_main_cause_display()),
            (_("其他致贫原因"), "、".join(household.other_cause_labels) or "—"),
            (
                _("识别年度与标准"),
                f"{household.identification_year}年 {household.get_identification_standard_display()}",
            ),
            (
                _("计划脱贫 / 脱贫年度"),
                f"{household.planned_exit_year or '—'} / {household.exit_year or '—'}",
            ),
        ],
        columns=3,
    )

    doc.heading(_("二、家庭成员"))
    doc.table(
        [_member_row(number, member, reveal) for number, member in enumerate(members, 1)],
        header=[
            _("序号"),
            _("姓名"),
            _("证件号码"),
            _("与户主关系"),
            _("性别"),
            _("出生日期"),
            _("文化程度"),
            _("在校生状况"),
            _("健康状况"),
            _("劳动技能"),
            _("务工（月）"),
            _("医保 / 大病保险"),
            _("低保 / 特困"),
            _("状态"),
        ],
    )

    doc.heading(_("三、历年收入情况（元）"))
    doc.table(
        [_income_row(facts, living) for facts in years],
        header=[
            _("年度"),
            _("工资性收入"),
            _("生产经营性收入"),
            _("财产性收入"),
            _("转移性收入"),
            _("其中不计入脱贫"),
            _("生产经营性支出"),
            _("家庭纯收入"),
            _("人均纯收入"),
            _("计入脱贫的人均纯收入"),
        ],
    )
    if years:
        doc.chart(_income_chart(household, years, living), title=_("历年人均纯收入与扶贫标准（元）"), height_cm=6.5)

    doc.heading(_("四、“两不愁三保障”及饮水安全"))
    doc.table(
        [_conditions_row(facts) for facts in years],
        header=[
            _("年度"),
            _("吃穿不愁"),
            _("住房安全"),
            _("饮水安全"),
            _("水质达标"),
            _("水量（升/人·日）"),
            _("取水往返（分钟）"),
            _("供水保证率"),
            _("通生活用电"),
        ],
    )

    doc.heading(_("五、帮扶责任人与帮扶措施"))
    doc.fields(
        [
            (_("帮扶责任人"), household.helper_name or _("未落实")),
            (_("帮扶单位"), household.helper_unit or "—"),
            (_("责任人电话"), reveal.value(household, "helper_phone")),
        ],
        columns=3,
    )
    doc.table(
        [[str(facts.year), facts.assistance_measures or "—"] for facts in reversed(years)],
        header=[_("年度"), _("帮扶措施")],
        align=["center", "left"],
        widths=[2.5, 22.0],
    )

    doc.heading(_("六、退出评估结果"))
    doc.table(
        [
            [
                str(verdict.result.run.year),
                f"#{verdict.result.run_id}（{formatting.cn_date(verdict.result.run.created_at)}）",
                verdict.result.run.ruleset.name,
                _("达标") if verdict.result.passed else _("不达标"),
                "；".join(name for _code, name in verdict.failures) or "—",
            ]
            for verdict in verdicts
        ],
        header=[_("年度"), _("评估"), _("规则集"), _("结果"), _("未达标指标")],
        align=["center", "left", "left", "center", "left"],
    )
    if not verdicts:
        doc.paragraph(_("尚无正式评估结果。"))
    doc.paragraph(
        _("本档案中的证件号码和电话为完整号码，已记录查看日志，请妥善保管，不得外传。")
        if unmask
        else _("本档案中的证件号码和电话已作脱敏处理。"),
        indent=False,
    )
    data = doc.render()
    reveal.log()
    return data


class _Revealer:
    """Write personal data as the one rule says (``core.personal``): masked, or in full after logging the reveal."""

    def __init__(self, *, user: User, unmask: bool) -> None:
        self.user = user
        self.disclosure = Disclosure(user, Member, unmask=unmask)  # raises PermissionDenied if not allowed
        self.revealed: dict[Household | Member, list[str]] = {}

    def value(self, instance: Household | Member, field: str) -> Any:
        value = getattr(instance, field)
        if value in (None, ""):
            return "—"
        kind = personal_fields(instance)[field]
        if not self.disclosure.shows(kind):
            return mask_value(kind, value)
        if kind in IDENTIFIERS:
            self.revealed.setdefault(instance, []).append(field)
        display = getattr(instance, f"get_{field}_display", None)
        return display() if display else value

    def log(self) -> None:
        """Log one reveal per household or member whose personal data the document shows."""
        for instance, fields in self.revealed.items():
            reveal_log(user=self.user, instance=instance, fields=fields)


def _member_row(number: int, member: Member, reveal: _Revealer) -> list[Any]:
    if member.deceased:
        state = _("已死亡")
    elif member.moved_out:
        state = _("已迁出")
    else:
        state = _("在册")
    return [
        number,
        member.name,
        reveal.value(member, "id_number"),
        member.get_relation_display(),
        member.get_sex_display(),
        reveal.value(member, "birth_date"),
        member.get_education_display() or "—",
        member.get_school_status_display() or "—",
        reveal.value(member, "health"),
        member.get_labour_display() or "—",
        member.migrant_months,
        f"{formatting.yes_no(member.medical_insurance)} / {formatting.yes_no(member.serious_illness_insurance)}",
        f"{formatting.yes_no(member.dibao)} / {formatting.yes_no(member.tekun)}",
        state,
    ]


def _income_row(facts: HouseholdYear, living: int) -> list[Any]:
    yuan = formatting.yuan
    return [
        str(facts.year),
        yuan(facts.wage_income),
        yuan(facts.business_income),
        yuan(facts.property_income),
        yuan(facts.transfer_income),
        yuan(facts.excluded_transfer_income),
        yuan(facts.production_cost),
        yuan(facts.net_income),
        yuan(facts.per_capita(living)),
        yuan(facts.exit_income_per_capita(living)),
    ]


def _conditions_row(facts: HouseholdYear) -> list[Any]:
    if facts.relocated:
        housing = _("易地搬迁（已入住）") if facts.relocation_moved_in else _("易地搬迁（未入住）")
    else:
        housing = facts.get_housing_rating_display() or "—"
    rate = facts.water_guarantee_rate
    return [
        str(facts.year),
        facts.food_clothing_secure,
        housing,
        facts.water_safe,
        facts.water_quality_ok,
        facts.water_litres_per_day,
        facts.water_fetch_minutes,
        "—" if rate is None else f"{formatting.number(rate, 1)}%",
        facts.electricity,
    ]


def _income_chart(household: Household, years: list[HouseholdYear], living: int) -> dict[str, Any]:
    """Per-capita net income of each year, and the poverty line of the year where one is entered."""
    periods = [f"{facts.year}" for facts in years]
    income = [_float(facts.per_capita(living)) for facts in years]
    lines = [_float(poverty_line_for(year=facts.year, region_code=household.village_id)) for facts in years]
    series = [Series(_("人均纯收入"), income, color=BLUE)]
    if any(value is not None for value in lines):
        series.append(Series(_("扶贫标准"), lines, color=AMBER))
    return line_chart(periods, series, unit=_("元"))


def _float(value: Any) -> float | None:
    amount = formatting.to_decimal(value)
    return None if amount is None else float(amount)
