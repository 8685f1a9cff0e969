"""The standards Jingzhun ships (POLICY §0–§3): poverty lines and three rule sets.

Plain data, loaded by a data migration and by ``standards_load`` (which restores a shipped
rule set that an office deleted). Offices copy and edit them in the rule editor; the shipped
versions stay as they are.
"""

from typing import Any

POVERTY_LINE_SOURCE = (
    "国家扶贫标准（2010 年不变价 2300 元）按年度折算的现价；2015、2018、2019 年为通行引用数，"
    "2020 年 4000 元为国务院扶贫办脱贫验收口径（POLICY §0、§2）"
)
POVERTY_LINES = {2014: 2800, 2015: 2855, 2016: 2952, 2017: 3335, 2018: 3535, 2019: 3747, 2020: 4000}


def var(name: str) -> dict[str, str]:
    return {"var": name}


def param(name: str) -> dict[str, str]:
    return {"param": name}


def at_least(field: str, default: float, label: str) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"ge": [var(field), param("min")]}, {"min": {"default": default, "type": "number", "label": label}}


def below(field: str, default: float, label: str) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"lt": [var(field), param("max")]}, {"max": {"default": default, "type": "number", "label": label}}


def rule(
    level: str,
    code: str,
    name: str,
    expression: dict[str, Any],
    parameters: dict[str, Any] | None = None,
    fix_hint: str = "",
) -> dict[str, Any]:
    return {
        "level": level,
        "code": code,
        "name": name,
        "veto": True,
        "expression": expression,
        "parameters": parameters or {},
        "fix_hint": fix_hint,
    }


INCOME = rule(
    "household",
    "income",
    "人均纯收入稳定超过扶贫标准",
    {"gt": [var("income_per_capita"), {"coalesce": [param("line"), var("poverty_line")]}]},
    {"line": {"default": None, "type": "number", "label": "扶贫标准（元，留空按当年标准）"}},
    "落实产业、就业、资产收益等帮扶措施，增加稳定收入；核实收入台账",
)
FOOD_CLOTHING = rule(
    "household", "food_clothing", "不愁吃、不愁穿", var("food_clothing_secure"), fix_hint="落实低保、临时救助等兜底保障"
)
EDUCATION = rule(
    "household",
    "education",
    "义务教育有保障（无辍学学生）",
    {
        "eq": [
            {
                "count_members": {
                    "all": [
                        {"between": [var("member.age"), param("age_min"), param("age_max")]},
                        {"not": var("member.in_school")},
                        {"not": var("member.dropout_guaranteed")},
                    ]
                }
            },
            0,
        ]
    },
    {
        "age_min": {"default": 6, "type": "number", "label": "义务教育起始年龄"},
        "age_max": {"default": 15, "type": "number", "label": "义务教育截止年龄"},
    },
    "劝返复学，落实教育资助；因病因残不能入学的安排送教上门",
)
MEDICAL = rule(
    "household",
    "medical",
    "基本医疗有保障（全员参加基本医保和大病保险）",
    {"all": [{"gt": [var("living_members"), 0]}, {"eq": [var("insured_members"), var("living_members")]}]},
    fix_hint="为未参保成员办理城乡居民基本医疗保险和大病保险",
)
HOUSING = rule(
    "household",
    "housing",
    "住房安全有保障（A/B 级或搬迁已入住）",
    var("housing_safe"),
    fix_hint="C/D 级危房实施改造或搬迁；搬迁户按期入住",
)
WATER = rule(
    "household",
    "water",
    "饮水安全有保障（水质、水量、用水方便、供水保证率）",
    {
        "all": [
            var("water_safe"),
            var("water_quality_ok"),
            {"any": [{"is_null": var("water_litres_per_day")}, {"ge": [var("water_litres_per_day"), param("litres")]}]},
            {"any": [{"is_null": var("water_fetch_minutes")}, {"le": [var("water_fetch_minutes"), param("minutes")]}]},
            {
                "any": [
                    {"is_null": var("water_guarantee_rate")},
                    {"ge": [var("water_guarantee_rate"), param("guarantee")]},
                ]
            },
        ]
    },
    {
        "litres": {"default": 20, "type": "number", "label": "水量下限（升/人·日）"},
        "minutes": {"default": 20, "type": "number", "label": "取水往返时间上限（分钟）"},
        "guarantee": {"default": 90, "type": "number", "label": "供水保证率下限（%）"},
    },
    "实施饮水安全巩固提升工程，解决水质、水量或取水距离问题",
)
IDENTIFIED_THIS_YEAR = rule(
    "household",
    "identified_this_year",
    "当年新识别的贫困户当年不退出",
    {"lt": [var("identification_year"), var("year")]},
    fix_hint="次年再申请退出",
)

WEST_INCIDENCE = "贫困发生率上限（西部地区 3%，其他地区 2%）"
VILLAGE_INCIDENCE = rule("village", "incidence", "贫困发生率低于 3%（西部）", *below("incidence", 0.03, WEST_INCIDENCE))
SHAANXI_VILLAGE = [
    rule("village", "incidence", "贫困发生率低于 3%", *below("incidence", 0.03, "贫困发生率上限")),
    rule(
        "village",
        "income_growth",
        "脱贫户人均纯收入占全县农村居民人均可支配收入比重高于上年",
        {
            "any": [
                {"is_null": var("exited_income_share_prev")},
                {"gt": [var("exited_income_share"), var("exited_income_share_prev")]},
            ]
        },
        fix_hint="发展增收产业，提高脱贫户收入",
    ),
    rule(
        "village",
        "collective_economy",
        "有集体经济或合作社、互助资金",
        {"gt": [var("collective_income"), param("min")]},
        {"min": {"default": 0, "type": "number", "label": "集体经济收入下限（万元，须高于）"}},
        "发展村集体经济、合作社或互助资金",
    ),
    rule("village", "road", "通沥青（水泥）路", var("hardened_road"), fix_hint="实施通村硬化路项目"),
    rule("village", "water", "安全饮水", var("safe_water"), fix_hint="实施饮水安全工程"),
    rule("village", "electricity", "户户通生活用电", var("power"), fix_hint="实施农网改造"),
    rule("village", "clinic", "有标准化村卫生室", var("standard_clinic"), fix_hint="建设标准化村卫生室并配备合格村医"),
]

NATIONAL_COUNTY = [
    rule(
        "county",
        "incidence",
        "综合贫困发生率低于 3%（西部）",
        *below("comprehensive_incidence", 0.03, WEST_INCIDENCE),
        fix_hint="加快剩余贫困人口脱贫，整改错退、漏评",
    ),
    rule("county", "wrong_exit_rate", "错退率低于 2%", *below("wrong_exit_rate", 0.02, "错退率上限")),
    rule("county", "missed_rate", "漏评率低于 2%", *below("missed_rate", 0.02, "漏评率上限")),
    rule("county", "recognition", "群众认可度不低于 90%", *at_least("recognition_rate", 0.90, "群众认可度下限")),
]
SHAANXI_COUNTY = [
    rule("county", "incidence", "贫困发生率低于 3%", *below("incidence", 0.03, "贫困发生率上限")),
    rule(
        "county",
        "rural_income",
        "农村居民人均可支配收入不低于全省平均水平的 70%",
        {"ge": [{"div": [var("rural_income_per_capita"), param("province_average")]}, param("ratio")]},
        {
            "province_average": {"default": 10265, "type": "number", "label": "全省农村居民人均可支配收入（元）"},
            "ratio": {"default": 0.7, "type": "number", "label": "须达到全省平均的比例"},
        },
    ),
    rule("county", "road", "行政村通沥青（水泥）路比例不低于 97%", *at_least("village_road_share", 0.97, "比例下限")),
    rule("county", "tap_water", "自来水普及率不低于 90%", *at_least("tap_water_coverage", 0.90, "比例下限")),
    rule("county", "electricity", "户户通生活用电", *at_least("household_electricity_share", 1.0, "比例下限")),
    rule("county", "housing", "住房安全比例不低于 97%", *at_least("safe_housing_share", 0.97, "比例下限")),
    rule("county", "insurance", "贫困人口全部参加新农合和大病保险", *at_least("insured_share", 1.0, "比例下限")),
]

SHAANXI = "61"
SHAANXI_SOURCE = "《陕西省贫困退出工作实施细则》（2017 年 11 月）；2018 年 5 月补充说明（POLICY §3）"

RULESETS: list[dict[str, Any]] = [
    {
        "code": "national-2016",
        "name": "国家贫困退出标准（2016）",
        "source": "中办、国办《关于建立贫困退出机制的意见》（2016 年 4 月）；"
        "《贫困县退出专项评估检查实施办法》（2017）",
        "effective_from": 2016,
        "effective_to": 2020,
        "region_prefix": "",
        "rules": [INCOME, FOOD_CLOTHING, EDUCATION, MEDICAL, HOUSING, VILLAGE_INCIDENCE, *NATIONAL_COUNTY],
    },
    {
        "code": "shaanxi-2017-477",
        "name": "陕西省贫困退出标准“477”（2017 年 8 月）",
        "source": "讲话所称“477”：按 577 去掉户级安全饮水指标（项目假设，可由市扶贫办修改，POLICY §0）",
        "effective_from": 2017,
        "effective_to": 2017,
        "region_prefix": SHAANXI,
        "rules": [INCOME, HOUSING, EDUCATION, MEDICAL, IDENTIFIED_THIS_YEAR, *SHAANXI_VILLAGE, *SHAANXI_COUNTY],
    },
    {
        "code": "shaanxi-2017-577",
        "name": "陕西省贫困退出标准“577”（2017 年 11 月）",
        "source": SHAANXI_SOURCE,
        "effective_from": 2017,
        "effective_to": 2020,
        "region_prefix": SHAANXI,
        "rules": [INCOME, HOUSING, EDUCATION, MEDICAL, WATER, IDENTIFIED_THIS_YEAR, *SHAANXI_VILLAGE, *SHAANXI_COUNTY],
    },
]
