"""Import of an assessment's results (考核结果) for one round: its scheme, scores and adjustments.

The workbook has the sheets ``方案`` (指标代码, 指标名称, 权重 — blank for an additive
component, 满分), ``得分`` (考核对象 — a 12-digit division code or the exact name, 指标代码,
得分) and optionally ``加减分`` (考核对象, 事项, 分值 — negative for a deduction, 依据). A
round that does not exist yet is created as a draft with a scheme of its own; a published
round is refused. All or nothing; re-importing the same file changes nothing: components
are matched by code, scores by (body, component), adjustments by (body, item).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.assessments import services
from jingzhun.assessments.choices import RoundStatus
from jingzhun.assessments.models import Adjustment, Component, Entity, Round, Scheme, Score
from jingzhun.core.excel import Column, ReadResult, SheetData, SheetSchema
from jingzhun.core.imports import Counts, Importer, Row, Target
from jingzhun.core.services import ledger_save
from jingzhun.regions.models import Region

SCHEME_SHEET, SCORE_SHEET, ADJUSTMENT_SHEET = "方案", "得分", "加减分"
CODE = re.compile(r"^\d{12}$")


def scheme_schema() -> SheetSchema:
    return SheetSchema(
        SCHEME_SHEET,
        aliases=("考核方案", "指标"),
        columns=(
            Column("code", "指标代码", required=True),
            Column("name", "指标名称", required=True),
            Column("weight", "权重", kind="decimal"),
            Column("max_score", "满分", ("分值上限",), kind="decimal", required=True),
        ),
    )


def score_schema() -> SheetSchema:
    return SheetSchema(
        SCORE_SHEET,
        aliases=("考核得分", "得分表"),
        columns=(
            Column("entity", "考核对象", ("区划代码", "单位"), required=True),
            Column("component", "指标代码", required=True),
            Column("score", "得分", kind="decimal", required=True),
            Column("evidence", "依据"),
        ),
    )


def adjustment_schema() -> SheetSchema:
    return SheetSchema(
        ADJUSTMENT_SHEET,
        aliases=("加分减分", "加减分项"),
        required=False,
        columns=(
            Column("entity", "考核对象", ("区划代码", "单位"), required=True),
            Column("item", "事项", required=True),
            Column("points", "分值", kind="decimal", required=True),
            Column("basis", "依据", ("文号",)),
        ),
    )


@dataclass
class _Part:
    code: str
    name: str
    weight: Decimal | None
    max_score: Decimal
    stored: Component | None


class AssessmentImporter(Importer):
    """One import of a round's results (``manage.py import_assessment FILE --round CODE``)."""

    name = "assessments"
    label = gettext_lazy("导入考核结果")
    access_target = Round
    targets = (
        Target("components", Component, ("scheme_id", "code"), gettext_lazy("考核指标")),
        Target("scores", Score, ("round_id", "entity_id", "component_id"), gettext_lazy("得分")),
        Target("adjustments", Adjustment, ("round_id", "entity_id", "item"), gettext_lazy("加减分")),
    )
    denied_message = gettext_lazy("只有市级考核管理员可以导入考核结果。")
    notes = (
        gettext_lazy("“方案”表：指标代码、指标名称、权重（加分型指标留空）、满分。"),
        gettext_lazy("“得分”表：考核对象（12 位区划代码或准确名称）、指标代码、得分。"),
        gettext_lazy("“加减分”表（可选）：考核对象、事项、分值（减分填负数）、依据。"),
        gettext_lazy("全部正确才写入；已发布的轮次不能再导入。"),
    )

    def __init__(self, *, round_code: str, previous_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.round_code = round_code.strip()
        self.previous_code = (previous_code or "").strip() or None
        self.round: Round | None = Round.objects.filter(code=self.round_code).select_related("scheme").first()
        self.previous: Round | None = None
        self.parts: dict[str, _Part] = {}
        self.entities: dict[str, Entity | Region] = {}
        self.scores: list[tuple[Row, str, str, Decimal, str]] = []
        self.adjustments: list[tuple[Row, str, str, Decimal, str]] = []
        self._counts: dict[str, Counts] = {}

    def sheet_schemas(self) -> Sequence[SheetSchema]:
        return scheme_schema(), score_schema(), adjustment_schema()

    def counts(self) -> dict[str, Counts]:
        return self._counts

    # check -----------------------------------------------------------------------------------

    def check(self, read: ReadResult) -> None:
        if not self.round_code:
            self.file_error(_("请指定考核轮次代码。"))
            return
        if self.round is not None and self.round.status == RoundStatus.PUBLISHED:
            self.file_error(_("考核轮次 %(code)s 已发布并锁定，不能再导入。") % {"code": self.round_code})
            return
        if self.previous_code:
            self.previous = Round.objects.filter(code=self.previous_code).first()
            if self.previous is None:
                self.file_error(_("上一轮次 %(code)s 不存在。") % {"code": self.previous_code})
            elif self.previous_code == self.round_code:
                self.file_error(_("上一轮次不能是本轮自己。"))
        self._check_scheme(read.sheets.get(SCHEME_SHEET))
        self._check_scores(read.sheets.get(SCORE_SHEET))
        self._check_adjustments(read.sheets.get(ADJUSTMENT_SHEET))

    def _check_scheme(self, sheet: SheetData | None) -> None:
        rows = self.rows(sheet)
        stored = {c.code: c for c in Component.objects.filter(scheme_id=self.round.scheme_id)} if self.round else {}
        counts = Counts()
        changed = False
        for row in rows:
            if row.bad:
                continue
            values = row.values
            code = str(values["code"]).strip()
            if code in self.parts:
                self.error(row, "code", _("指标代码 %(code)s 重复。") % {"code": code})
                continue
            weight, full = values.get("weight"), values["max_score"]
            if weight is not None and weight < 0:
                self.error(row, "weight", _("权重不能为负数。"))
                continue
            if full <= 0:
                self.error(row, "max_score", _("满分必须大于 0。"))
                continue
            component = stored.get(code)
            self.parts[code] = _Part(code, values["name"], weight, full, component)
            if component is None:
                counts.created += 1
                changed = True
            elif self._differs(component, self.parts[code]):
                counts.updated += 1
                changed = True
            else:
                counts.unchanged += 1
        if changed and self.round is not None:
            shared = Round.objects.filter(scheme_id=self.round.scheme_id).exclude(pk=self.round.pk)
            if shared.exists():
                self.file_error(
                    _(
                        "“方案”表与本轮次的考核方案“%(scheme)s”不一致，而该方案还用于其他轮次（%(rounds)s），不能在导入时修改。"
                    )
                    % {
                        "scheme": self.round.scheme.name,
                        "rounds": "、".join(shared.values_list("code", flat=True)[:5]),
                    }
                )
        if not self.parts and not any(row.bad for row in rows):
            self.file_error(_("“方案”表没有指标。"))
        self._counts["components"] = counts

    @staticmethod
    def _differs(component: Component, part: _Part) -> bool:
        weight_differs = not component.weight_parameter and component.weight != part.weight
        return component.name != part.name or component.max_score != part.max_score or weight_differs

    def _entity(self, row: Row, key: str) -> str | None:
        """Return the code of the body a cell names (a 12-digit code or an exact name); report if none."""
        text = str(row.values.get(key) or "").strip()
        if text in self.entities:
            return self.entities[text].code
        found: Entity | Region | None = (
            Entity.objects.filter(code=text).first() or Entity.objects.filter(name=text).first()
        )
        if found is None:
            regions = Region.objects.filter(level__in=("city", "county"))
            found = regions.filter(code=text).first() if CODE.match(text) else None
            if found is None and not CODE.match(text):
                named = list(regions.filter(name=text)[:2])
                found = named[0] if len(named) == 1 else None
        if found is None:
            self.error(
                row, key, _("考核对象“%(name)s”不存在：请填写 12 位区划代码或考核对象的准确名称。") % {"name": text}
            )
            return None
        self.entities[text] = self.entities[found.code] = found
        return found.code

    def _check_scores(self, sheet: SheetData | None) -> None:
        seen: dict[tuple[str, str], int] = {}
        for row in self.rows(sheet):
            if row.bad:
                continue
            code = self._entity(row, "entity")
            component = str(row.values["component"]).strip()
            part = self.parts.get(component)
            if part is None:
                self.error(row, "component", _("指标代码 %(code)s 不在“方案”表中。") % {"code": component})
                continue
            score = row.values["score"]
            if score < 0:
                self.error(row, "score", _("得分不能为负数；扣分请填入“加减分”表。"))
                continue
            if score > part.max_score:
                self.warn(
                    row, "score", _("得分超过该指标满分 %(full)s，计算总分时按满分计。") % {"full": part.max_score}
                )
            if code is None:
                continue
            if (code, component) in seen:
                message = _("该对象的该指标得分与第 %(row)s 行重复。") % {"row": seen[(code, component)]}
                self.error(row, "component", message)
                continue
            seen[(code, component)] = row.number
            self.scores.append((row, code, component, score, row.values.get("evidence") or ""))

    def _check_adjustments(self, sheet: SheetData | None) -> None:
        seen: dict[tuple[str, str], int] = {}
        for row in self.rows(sheet):
            if row.bad:
                continue
            code = self._entity(row, "entity")
            item, points = str(row.values["item"]).strip(), row.values["points"]
            if points == 0:
                self.error(row, "points", _("分值不能为 0：加分填正数，减分填负数。"))
                continue
            if code is None:
                continue
            if (code, item) in seen:
                self.error(row, "item", _("该对象的该事项与第 %(row)s 行重复。") % {"row": seen[(code, item)]})
                continue
            seen[(code, item)] = row.number
            self.adjustments.append((row, code, item, points, row.values.get("basis") or ""))
        self._count_rows()

    def _count_rows(self) -> None:
        scores, adjustments = Counts(), Counts()
        stored_scores: dict[tuple[str, str], tuple[Decimal, str]] = {}
        stored_adjustments: dict[tuple[str, str], tuple[Decimal, str]] = {}
        if self.round is not None:
            for entity, component, score, evidence in Score.objects.filter(round=self.round).values_list(
                "entity__code", "component__code", "score", "evidence"
            ):
                stored_scores[(entity, component)] = (score, evidence)
            for entity, item, points, basis in Adjustment.objects.filter(round=self.round).values_list(
                "entity__code", "item", "points", "basis"
            ):
                stored_adjustments[(entity, item)] = (points, basis)
        for counts, rows, stored in (
            (scores, self.scores, stored_scores),
            (adjustments, self.adjustments, stored_adjustments),
        ):
            for _row, code, key, value, note in rows:
                before = stored.get((code, key))
                if before is None:
                    counts.created += 1
                elif before != (value, note):
                    counts.updated += 1
                else:
                    counts.unchanged += 1
        self._counts["scores"], self._counts["adjustments"] = scores, adjustments

    # write -----------------------------------------------------------------------------------

    def write(self) -> None:
        user = self.user
        round = self.round
        if round is None:
            scheme = Scheme(
                owner_id=getattr(user, "region_id", None) or services.CITY_CODE,
                code=self.round_code,
                name=_("%(code)s 考核方案") % {"code": self.round_code},
            )
            ledger_save(user=user, instance=scheme)
            year = _year_of(self.round_code)
            round = services.round_create(
                user=user,
                code=self.round_code,
                scheme=scheme,
                year=year,
                period_end=datetime.date(year, 12, 31),
                previous=self.previous,
            )
        elif self.previous is not None and round.previous_id != self.previous.pk:
            round = services.round_save(user=user, round=round, data={"previous": self.previous})
        components = {c.code: c for c in Component.objects.filter(scheme_id=round.scheme_id)}
        for order, part in enumerate(self.parts.values()):
            component = components.get(part.code) or Component(scheme_id=round.scheme_id, code=part.code, order=order)
            if component.pk is None or self._differs(component, part):
                component.name, component.max_score = part.name, part.max_score
                if not component.weight_parameter:
                    component.weight = part.weight
                component.full_clean()
                component.save()
            components[part.code] = component
        entities = {code: self._entity_saved(code) for code in {c for _r, c, *_ in self.scores + self.adjustments}}
        stored_scores = {
            (s.entity.code, s.component.code): s
            for s in Score.objects.filter(round=round).select_related("entity", "component")
        }
        for _row, code, key, score, evidence in self.scores:
            instance = stored_scores.get((code, key)) or Score(
                round=round, entity=entities[code], component=components[key]
            )
            if instance.pk is None or (instance.score, instance.evidence) != (score, evidence):
                instance.score, instance.evidence = score, evidence
                services.round_child_save(user=user, instance=instance)
        stored_adjustments = {
            (a.entity.code, a.item): a for a in Adjustment.objects.filter(round=round).select_related("entity")
        }
        for _row, code, item, points, basis in self.adjustments:
            adjustment = stored_adjustments.get((code, item)) or Adjustment(
                round=round, entity=entities[code], item=item
            )
            if adjustment.pk is None or (adjustment.points, adjustment.basis) != (points, basis):
                adjustment.points, adjustment.basis = points, basis
                services.round_child_save(user=user, instance=adjustment)
        self.round = round

    def _entity_saved(self, code: str) -> Entity:
        found = self.entities[code]
        if isinstance(found, Entity):
            return found
        entity = services.entity_for_region(found)
        self.entities[code] = entity
        return entity


def _year_of(code: str) -> int:
    match = re.search(r"20[12]\d", code)
    return int(match.group()) if match else datetime.date.today().year
