"""Reading the old free-text 帮扶措施 of a household year into typed measures.

The text holds measures separated by ；;、 or new lines, each usually "类别：内容"
(``产业扶贫：发展魔芋种植；金融扶贫：扶贫小额信贷5万元``). Each becomes (kind, content,
amount, long term); words the offices use decide the kind, anything else is ``other``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jingzhun.measures.choices import MeasureKind

# The first rule whose words occur in an item decides its kind (order matters: 技能培训 before 就业).
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (MeasureKind.TRAINING, ("技能培训", "培训")),
    (MeasureKind.ECOLOGY_POST, ("护林员", "生态岗位")),
    (MeasureKind.WELFARE_POST, ("公益性岗位", "公益岗位", "保洁员", "管护员")),
    (MeasureKind.MICROCREDIT, ("小额信贷", "贴息贷款")),
    (MeasureKind.ASSET_INCOME, ("资产收益", "光伏", "分红")),
    (MeasureKind.INDUSTRY, ("产业", "种植", "养殖", "茶园", "魔芋", "香菇", "核桃")),
    (MeasureKind.EMPLOYMENT, ("就业", "务工", "社区工厂")),
    (MeasureKind.EDUCATION, ("教育", "雨露计划", "助学")),
    (MeasureKind.MEDICAL, ("健康", "医疗", "大病", "签约服务")),
    (MeasureKind.RELOCATION, ("易地扶贫搬迁", "易地搬迁")),
    (MeasureKind.HOUSING, ("危房改造", "危改")),
    (MeasureKind.SOCIAL_SECURITY, ("兜底", "低保", "特困", "五保")),
)
_SEPARATORS = re.compile(r"[；;\n]+")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)")


@dataclass(frozen=True)
class ParsedMeasure:
    kind: str
    content: str
    amount: Decimal
    long_term: bool
    source: str


def measure_kind(item: str) -> str:
    for kind, words in RULES:
        if any(word in item for word in words):
            return str(kind)
    return str(MeasureKind.OTHER)


def _amount(item: str) -> Decimal:
    found = _AMOUNT.search(item)
    if not found:
        return Decimal(0)
    value = Decimal(found.group(1))
    return value * 10000 if found.group(2) == "万元" else value


def measures_parse(text: str) -> list[ParsedMeasure]:
    """Return the typed measures of a free text (empty items left out, each item once)."""
    parsed: list[ParsedMeasure] = []
    seen: set[str] = set()
    for raw in _SEPARATORS.split(text or ""):
        item = raw.strip(" 、，,。")
        if not item or item in seen:
            continue
        seen.add(item)
        kind = measure_kind(item)
        content = item.split("：", 1)[1].strip() if "：" in item else item
        content = content.split(":", 1)[1].strip() if ":" in content and "：" not in item else content
        parsed.append(ParsedMeasure(kind, content[:100], _amount(item), kind == MeasureKind.INDUSTRY, item[:300]))
    return parsed
