"""The move from the household's free-text helper fields (帮扶责任人, 帮扶单位, 帮扶责任人电话) to pairings.

Run once by the migration ``0002`` (and callable again: rows already paired are left alone).
Each distinct 帮扶单位 becomes a helping unit (level guessed from its name, seated in the
household's county), each distinct (unit, name, phone) a cadre of the household's village,
and each household a pairing with its cadre.
"""

from __future__ import annotations

from typing import Any

DEFAULT_UNIT = "未注明帮扶单位"


def unit_level(name: str) -> str:
    """Guess a unit's level from its name: 中央 / 省 / 市 / 县."""
    if name.startswith(("中央", "国家", "中国")):
        return "central"
    if name.startswith(("陕西省", "省")):
        return "province"
    if "市" in name[:4] and not name.endswith(("县", "区")) and "县" not in name[:5] and "区" not in name[:5]:
        return "city"
    return "county"


def pairings_from_helper_fields(apps: Any) -> int:
    """Create units, cadres and pairings from the helper text fields; return the number of pairings made."""
    household_model = apps.get_model("registry", "Household")
    unit_model = apps.get_model("assistance", "HelpingUnit")
    cadre_model = apps.get_model("assistance", "Cadre")
    pairing_model = apps.get_model("assistance", "Pairing")
    region_model = apps.get_model("regions", "Region")
    rows = list(
        household_model.objects.exclude(helper_name="")
        .filter(pairing__isnull=True)
        .values_list("pk", "village_id", "helper_name", "helper_unit", "helper_phone")
        .order_by("village_id", "pk")
    )
    if not rows:
        return 0
    regions = set(region_model.objects.values_list("code", flat=True).filter(level="county"))
    units = {u.name: u for u in unit_model.objects.all()}
    new_units = []
    for _pk, village, _name, unit, _phone in rows:
        name = (unit or DEFAULT_UNIT).strip()[:100]
        if name not in units:
            county = village[:6] + "000000"
            units[name] = unit_model(
                name=name, level=unit_level(name), region_id=county if county in regions else village
            )
            new_units.append(units[name])
    unit_model.objects.bulk_create(new_units)
    units = {u.name: u for u in unit_model.objects.all()}
    cadres = {(c.unit_id, c.name, c.phone): c for c in cadre_model.objects.all()}
    new_cadres = []
    for _pk, village, name, unit, phone in rows:
        key = (units[(unit or DEFAULT_UNIT).strip()[:100]].pk, name.strip()[:50], phone.strip()[:20])
        if key not in cadres:
            cadres[key] = cadre_model(unit_id=key[0], name=key[1], phone=key[2], village_id=village, post="帮扶责任人")
            new_cadres.append(cadres[key])
    cadre_model.objects.bulk_create(new_cadres)
    cadres = {(c.unit_id, c.name, c.phone): c for c in cadre_model.objects.all()}
    pairings = [
        pairing_model(
            household_id=pk,
            cadre_id=cadres[(units[(unit or DEFAULT_UNIT).strip()[:100]].pk, name.strip()[:50], phone.strip()[:20])].pk,
        )
        for pk, _village, name, unit, phone in rows
    ]
    pairing_model.objects.bulk_create(pairings, batch_size=2000)
    return len(pairings)
