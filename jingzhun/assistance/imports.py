"""Spreadsheet imports of 驻村帮扶.

``AssistanceImporter`` (``manage.py import_assistance FILE``): sheets 帮扶单位 (单位名称, 单位级别
中央/省/市/县), 驻村工作队 (optional: 行政区划代码, 派出单位, 队长证件号码, 第一书记证件号码),
驻村干部 (证件号码, 姓名, 单位 — of the file or already registered, 行政区划代码 of the posted village,
职务, 派驻开始, 派驻结束) and 结对帮扶 (户编号, 干部证件号码). Units are matched by name, cadres by
ID number, postings by (cadre, village, start), teams by village, pairings by household: importing
the same file again changes nothing.

``PresenceImporter`` (``manage.py import_presence FILE``): sheet 驻村考勤 (证件号码, 日期,
行政区划代码, 类型 在村 / 公务外出 / 请假), one row per cadre and day.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.assistance.choices import PRESENCE_LABELS, PostingKind, UnitLevel
from jingzhun.assistance.models import Cadre, HelpingUnit, Pairing, Posting, Presence, WorkTeam
from jingzhun.core.access import allows
from jingzhun.core.excel import ReadResult, SheetSchema
from jingzhun.core.excel.schema import Column
from jingzhun.core.imports import Importer, Target
from jingzhun.core.imports.binding import stored_values
from jingzhun.core.imports.writing import existing, fetch
from jingzhun.regions.models import Region
from jingzhun.registry.models import Household

LEVELS = {str(label): value for value, label in UnitLevel.choices} | {
    f"{label}级": value for value, label in UnitLevel.choices
}
UNIT_SHEET = SheetSchema(
    "帮扶单位",
    columns=(
        Column("name", "单位名称", required=True),
        Column("level", "单位级别", kind="choice", choices=LEVELS, required=True),
        Column("head", "主要负责人", aliases=("单位负责人",)),
    ),
)
TEAM_SHEET = SheetSchema(
    "驻村工作队",
    required=False,
    columns=(
        Column("village", "行政区划代码", kind="region_code", required=True),
        Column("unit", "派出单位", aliases=("单位",), required=True),
        Column("leader", "队长证件号码", kind="id_number"),
        Column("first_secretary", "第一书记证件号码", kind="id_number"),
    ),
)
CADRE_SHEET = SheetSchema(
    "驻村干部",
    columns=(
        Column("id_number", "证件号码", aliases=("身份证号", "身份证号码"), kind="id_number", required=True),
        Column("name", "姓名", required=True),
        Column("unit", "单位", aliases=("派出单位",), required=True),
        Column("village", "行政区划代码", kind="region_code", required=True),
        Column("post", "职务"),
        Column("start", "派驻开始", kind="date", required=True),
        Column("end", "派驻结束", kind="date"),
        Column("phone", "联系电话"),
    ),
)
PAIRING_SHEET = SheetSchema(
    "结对帮扶",
    columns=(
        Column("household", "户编号", required=True),
        Column("cadre", "干部证件号码", aliases=("证件号码",), kind="id_number", required=True),
    ),
)


def posting_kind(post: str) -> str:
    """Return the posting kind a post names: 第一书记, 队长, or a team member."""
    if "第一书记" in post:
        return PostingKind.FIRST_SECRETARY
    if "队长" in post:
        return PostingKind.LEADER
    return PostingKind.MEMBER


class AssistanceImporter(Importer):
    name = "assistance"
    label = gettext_lazy("导入帮扶单位、驻村干部和结对帮扶")
    targets = (
        Target("units", HelpingUnit, ("name",), gettext_lazy("帮扶单位")),
        Target("cadres", Cadre, ("id_number",), gettext_lazy("驻村干部")),
        Target("postings", Posting, ("cadre_id", "village_id", "start"), gettext_lazy("派驻记录")),
        Target("teams", WorkTeam, ("village_id",), gettext_lazy("驻村工作队")),
        Target("pairings", Pairing, ("household_id",), gettext_lazy("结对帮扶")),
    )
    access_target = "assistance"
    denied_message = gettext_lazy("当前角色只能查看，不能导入驻村帮扶数据。")
    notes = (
        gettext_lazy("“帮扶单位”每个单位一行；“驻村干部”每人每次派驻一行，单位须在本文件或系统中已登记。"),
        gettext_lazy("“结对帮扶”每户一行，以干部证件号码关联；“驻村工作队”可选，每村一行。"),
    )

    def sheet_schemas(self) -> Sequence[SheetSchema]:
        return (UNIT_SHEET, TEAM_SHEET, CADRE_SHEET, PAIRING_SHEET)

    def check(self, read: ReadResult) -> None:
        units = self._plan_units(self.rows(read.sheets.get(UNIT_SHEET.name)))
        cadre_rows = self.rows(read.sheets.get(CADRE_SHEET.name))
        villages = set(
            Region.objects.filter(
                level="village", code__in={r.values.get("village") for r in cadre_rows if r.values.get("village")}
            ).values_list("code", flat=True)
        )
        team_rows = self.rows(read.sheets.get(TEAM_SHEET.name))
        villages |= set(
            Region.objects.filter(
                level="village", code__in={r.values.get("village") for r in team_rows if r.values.get("village")}
            ).values_list("code", flat=True)
        )
        cadres = self._plan_cadres(cadre_rows, units, villages)
        self._plan_teams(team_rows, units, cadres, villages)
        self._plan_pairings(self.rows(read.sheets.get(PAIRING_SHEET.name)), cadres)
        self.check_units_seated()

    # Units -------------------------------------------------------------------------------------

    def _plan_units(self, rows: list[Any]) -> dict[str, Any]:
        names = self.unique(rows, "name", _("单位名称"))
        stored = existing(HelpingUnit.objects.all(), "name", names)
        may_add = allows(self.user, "add", HelpingUnit)
        may_change = allows(self.user, "change", HelpingUnit)
        visible = set(HelpingUnit.objects.for_user(self.user).filter(name__in=names).values_list("name", flat=True))
        # A new unit is seated in the importer's region; a whole-map import seats it in the
        # prefecture of its first cadre's village (set in _plan_cadres).
        default_region = self.user.region_id
        units: dict[str, Any] = {}
        for row in rows:
            name = row.values.get("name")
            if name not in names or row.bad:
                continue
            current = stored.get(name)
            if current is None and not may_add:
                self.error(
                    row, "name", _("当前角色不能新增帮扶单位“%(name)s”，请由市级指挥部办公室登记。") % {"name": name}
                )
                continue
            if (
                current is not None
                and current.level == row.values["level"]
                and (not row.values.get("head") or current.head == row.values.get("head"))
            ):
                units[name] = current
                continue
            if current is not None and (not may_change or name not in visible):
                self.error(row, "name", _("当前角色不能修改帮扶单位“%(name)s”。") % {"name": name})
                continue
            before = stored_values(current)
            instance = current or HelpingUnit(region_id=default_region)
            fields = ["name", "level", *(["head"] if row.values.get("head") else [])]
            if self.bind(row, instance, fields, exclude=("region",)):
                self.stage("units", (name,), row, instance, before, fields)
                units[name] = instance
        return units

    def _unit(self, name: str, units: dict[str, Any]) -> Any:
        if name in units:
            return units[name]
        units[name] = HelpingUnit.objects.filter(name=name).first()
        return units[name]

    # Cadres and postings -----------------------------------------------------------------------------

    def _plan_cadres(self, rows: list[Any], units: dict[str, Any], villages: set[str]) -> dict[str, Any]:
        ids = {r.values["id_number"] for r in rows if r.values.get("id_number")}
        stored = existing(Cadre.objects.all(), "id_number", ids)
        visible = set(Cadre.objects.for_user(self.user).filter(id_number__in=ids).values_list("id_number", flat=True))
        cadres: dict[str, Any] = dict(stored)
        postings = {(p.cadre_id, p.village_id, p.start): p for p in Posting.objects.filter(cadre__id_number__in=ids)}
        seen: dict[str, int] = {}
        for row in rows:
            values = row.values
            id_number = values.get("id_number")
            if not id_number or {"id_number", "village", "unit"} & row.bad:
                continue
            unit = self._unit(values["unit"], units)
            if unit is None:
                self.error(row, "unit", _("单位“%(name)s”未登记：请在“帮扶单位”表中列出。") % {"name": values["unit"]})
                continue
            if values["village"] not in villages:
                self.error(row, "village", _("%(code)s 不是行政村的区划代码。") % {"code": values["village"]})
                continue
            if not self.in_scope(values["village"]):
                self.error(row, "village", self.outside_scope(values["village"]))
                continue
            if unit.region_id is None:
                unit.region_id = values["village"][:4] + "00000000"
            current = stored.get(id_number)
            if current is not None and id_number not in visible:
                self.error(row, "id_number", _("该干部已登记在您的管辖范围以外，不能导入。"))
                continue
            if id_number not in seen:
                seen[id_number] = row.number
                before = stored_values(current)
                cadre = current or Cadre()
                data = {
                    "id_number": id_number,
                    "name": values["name"],
                    "unit": unit,
                    "village_id": values["village"],
                    "post": values.get("post") or "",
                    "phone": values.get("phone") or (current.phone if current else ""),
                }
                for key, value in data.items():
                    setattr(cadre, key, value)
                fields = ["id_number", "name", "post", "phone"]
                if not self.bind(row, cadre, fields, values={k: getattr(cadre, k) for k in fields}):
                    continue
                self.stage(
                    "cadres", (id_number,), row, cadre, before, [*fields, "unit", "village"], region=values["village"]
                )
                cadres[id_number] = cadre
            cadre = cadres.get(id_number)
            if cadre is None:
                continue
            posting_key = (cadre.pk, values["village"], values["start"])
            current_posting = postings.get(posting_key) if cadre.pk else None
            before = stored_values(current_posting)
            posting = current_posting or Posting(cadre=cadre, village_id=values["village"], start=values["start"])
            posting.kind = posting_kind(values.get("post") or "")
            end, start = values.get("end"), values["start"]
            posting.end = end
            if end and end < start:
                self.error(row, "end", _("派驻结束日期不能早于开始日期。"))
                continue
            self.stage(
                "postings",
                (id_number, values["village"], values["start"]),
                row,
                posting,
                before,
                ["kind", "end"],
                region=values["village"],
                parent=id_number,
            )
        return cadres

    # Teams and pairings -------------------------------------------------------------------------

    def _plan_teams(self, rows: list[Any], units: dict[str, Any], cadres: dict[str, Any], villages: set[str]) -> None:
        codes = self.unique(rows, "village", _("行政区划代码"))
        stored = existing(WorkTeam.objects.all(), "village_id", codes)
        missing = {r.values.get(k) for r in rows for k in ("leader", "first_secretary") if r.values.get(k)} - set(
            cadres
        )
        cadres.update(existing(Cadre.objects.all(), "id_number", missing))
        for row in rows:
            code = row.values.get("village")
            if code not in codes or row.bad:
                continue
            if code not in villages:
                self.error(row, "village", _("%(code)s 不是行政村的区划代码。") % {"code": code})
                continue
            unit = self._unit(row.values["unit"], units)
            if unit is None:
                self.error(row, "unit", _("单位“%(name)s”未登记。") % {"name": row.values["unit"]})
                continue
            people = {}
            for key in ("leader", "first_secretary"):
                id_number = row.values.get(key)
                if id_number and id_number not in cadres:
                    self.error(row, key, _("证件号码 %(id)s 的干部未登记。") % {"id": id_number})
                people[key] = cadres.get(id_number) if id_number else None
            if any(row.values.get(k) and people[k] is None for k in people):
                continue
            current = stored.get(code)
            before = stored_values(current)
            team = current or WorkTeam(village_id=code)
            team.unit = unit
            team.leader = people["leader"]
            team.first_secretary = people["first_secretary"]
            self.stage("teams", (code,), row, team, before, ["unit", "leader", "first_secretary"], region=code)

    def _plan_pairings(self, rows: list[Any], cadres: dict[str, Any]) -> None:
        codes = self.unique(rows, "household", _("户编号"))
        households = existing(Household.objects.all(), "code", codes)
        missing = {r.values.get("cadre") for r in rows if r.values.get("cadre")} - set(cadres)
        cadres.update(existing(Cadre.objects.all(), "id_number", missing))
        stored = {
            p.household_id: p for p in fetch(Pairing.objects.all(), "household_id", [h.pk for h in households.values()])
        }
        for row in rows:
            code = row.values.get("household")
            if code not in codes or row.bad:
                continue
            household = households.get(code)
            if household is None:
                self.error(row, "household", _("户编号 %(code)s 未在建档立卡数据中。") % {"code": code})
                continue
            cadre = cadres.get(row.values["cadre"])
            if cadre is None:
                self.error(row, "cadre", _("证件号码 %(id)s 的干部未登记。") % {"id": row.values["cadre"]})
                continue
            current = stored.get(household.pk)
            before = stored_values(current)
            pairing = current or Pairing(household=household)
            pairing.cadre = cadre
            self.stage("pairings", (household.pk,), row, pairing, before, ["cadre"], region=household.village_id)

    def check_units_seated(self) -> None:
        for planned in self.planned["units"].values():
            if planned.instance.region_id is None:
                self.error(
                    planned.row,
                    "name",
                    _("单位“%(name)s”没有驻村干部，无法确定所在地；请以本单位所在地区的账号导入。")
                    % {"name": planned.instance.name},
                )

    def write(self) -> None:
        self.save("units")
        for planned in self.planned["cadres"].values():
            planned.instance.unit_id = planned.instance.unit.pk
        self.save("cadres")
        ids = dict(
            Cadre.objects.filter(id_number__in=list({p.parent for p in self.planned["postings"].values()})).values_list(
                "id_number", "pk"
            )
        )
        for planned in self.planned["postings"].values():
            planned.instance.cadre_id = ids[planned.parent]
        self.save("postings")
        for target in ("teams", "pairings"):
            for planned in self.planned[target].values():
                for name in ("unit", "leader", "first_secretary", "cadre"):
                    related = getattr(planned.instance, name, None) if hasattr(type(planned.instance), name) else None
                    if related is not None:
                        setattr(planned.instance, f"{name}_id", related.pk)
            self.save(target)


class PresenceImporter(Importer):
    name = "assistance_presence"
    label = gettext_lazy("导入驻村考勤")
    targets = (Target("presences", Presence, ("cadre_id", "date"), gettext_lazy("驻村考勤")),)
    access_target = Presence
    denied_message = gettext_lazy("当前角色只能查看，不能导入驻村考勤。")
    notes = (gettext_lazy("每名干部每天一行；类型为 在村、公务外出 或 请假；公务外出须经审核批准后计入在村天数。"),)
    schema = SheetSchema(
        "驻村考勤",
        columns=(
            Column("cadre", "证件号码", aliases=("身份证号",), kind="id_number", required=True),
            Column("date", "日期", kind="date", required=True),
            Column("village", "行政区划代码", kind="region_code", required=True),
            Column("kind", "类型", kind="choice", choices=PRESENCE_LABELS, required=True),
        ),
    )

    def sheet_schemas(self) -> Sequence[SheetSchema]:
        return (self.schema,)

    def check(self, read: ReadResult) -> None:
        rows = [r for r in self.rows(read.sheets.get(self.schema.name)) if not {"cadre", "date"} & r.bad]
        ids = {r.values["cadre"] for r in rows}
        cadres = existing(Cadre.objects.all(), "id_number", ids)
        visible = set(Cadre.objects.for_user(self.user).filter(id_number__in=ids).values_list("id_number", flat=True))
        villages = set(
            Region.objects.filter(level="village", code__in={r.values.get("village") for r in rows}).values_list(
                "code", flat=True
            )
        )
        stored = {
            (p.cadre_id, p.date): p
            for p in Presence.objects.filter(cadre__id_number__in=ids, date__in={r.values["date"] for r in rows})
        }
        first: dict[tuple[str, Any], int] = {}
        for row in rows:
            values = row.values
            key = (values["cadre"], values["date"])
            if key in first:
                self.error(row, "date", _("该干部当天的考勤重复（第 %(row)s 行已有）。") % {"row": first[key]})
                continue
            first[key] = row.number
            cadre = cadres.get(values["cadre"])
            if cadre is None or values["cadre"] not in visible:
                self.error(
                    row, "cadre", _("证件号码 %(id)s 的干部未登记或不在您的管辖范围内。") % {"id": values["cadre"]}
                )
                continue
            if "village" in row.bad or "kind" in row.bad:
                continue
            if values["village"] not in villages:
                self.error(row, "village", _("%(code)s 不是行政村的区划代码。") % {"code": values["village"]})
                continue
            current = stored.get((cadre.pk, values["date"]))
            before = stored_values(current)
            presence = current or Presence(cadre=cadre, date=values["date"])
            presence.village_id = values["village"]
            presence.kind = values["kind"]
            if presence.kind != "official":
                presence.approved = False
            self.stage(
                "presences",
                (cadre.pk, values["date"]),
                row,
                presence,
                before,
                ["village", "kind", "approved"],
                region=values["village"],
            )
