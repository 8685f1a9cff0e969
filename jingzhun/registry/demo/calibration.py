"""Figures the demo is calibrated to (Ankang, POLICY §9, and the seed speeches).

Where the public record is silent the value is an assumption, marked as such; the demo
only needs to look like a real registry, not to reproduce one.
"""

from __future__ import annotations

import itertools

# National poverty lines (POLICY §0), yuan per person per year.
POVERTY_LINES = {2014: 2800, 2015: 2855, 2016: 2952, 2017: 3335, 2018: 3535, 2019: 3747, 2020: 4000}

DEFAULT_YEAR = 2019
FIRST_VILLAGE_YEAR = 2016
FIRST_COUNTY_YEAR = 2015
MIN_YEAR, MAX_YEAR = 2017, 2020

# Registered people of Ankang by (planned) exit year. 513,500 were poor at the start of
# 2017 (62,300 + 182,300 + 229,000 + 39,900); 136,000 had exited in 2015–2016. Nobody
# exits in 2014, the year of identification: Shaanxi forbids exit in the year of
# identification, and every household here was identified in 2014 or later.
CITY_PEOPLE_BY_COHORT = {2015: 58_000, 2016: 78_000, 2017: 62_300, 2018: 182_300, 2019: 229_000, 2020: 39_900}
CITY_RURAL_POPULATION = 2_570_000
CITY_PREFIX = "6109"
PROVINCE_PREFIX = "61"
PROVINCE_HOUSEHOLDS = 1_000_000

# Household size (living members) of registered poor households: many single elderly
# people and couples, mean ≈ 3.0.
SIZE_WEIGHTS = {1: 19.0, 2: 24.0, 3: 21.0, 4: 18.5, 5: 10.5, 6: 4.8, 7: 1.6, 8: 0.6}
SIZES = tuple(SIZE_WEIGHTS)
SIZE_CUM_WEIGHTS = tuple(itertools.accumulate(SIZE_WEIGHTS.values()))
MEAN_SIZE = sum(k * w for k, w in SIZE_WEIGHTS.items()) / sum(SIZE_WEIGHTS.values())
CITY_HOUSEHOLDS = round(sum(CITY_PEOPLE_BY_COHORT.values()) / MEAN_SIZE)

# Ankang villages: 992 poor villages, 168 deep-poverty; exit batches as planned in 2016
# (122 for 2017, 405 for 2018, the rest for 2019) and 380 of the earlier batches listed
# again for 2019.
CITY_POOR_VILLAGES = 992
CITY_DEEP_VILLAGES = 168
CITY_VILLAGE_BATCHES = {2017: 122, 2018: 405, 2019: 465}
CITY_RELISTED = 380

# Counties of Shaanxi's poor-county list with their planned exit year, and the deep-poverty
# counties. Ankang: all ten poor, 镇坪 2018, the others 2019 (POLICY §9). The names of
# Ankang's four deep-poverty counties are not confirmed (assumption), nor is the rest of
# the province's list, which only serves the province-scale demo (assumption).
COUNTY_EXIT_PLAN = {
    # 2017
    "610621": 2017,
    "610622": 2017,
    "610630": 2017,
    "610828": 2017,
    # 2018
    "610122": 2018,
    "610124": 2018,
    "610204": 2018,
    "610222": 2018,
    "610327": 2018,
    "610328": 2018,
    "610329": 2018,
    "610331": 2018,
    "610426": 2018,
    "610428": 2018,
    "610429": 2018,
    "610430": 2018,
    "610524": 2018,
    "610525": 2018,
    "610526": 2018,
    "610527": 2018,
    "610528": 2018,
    "610681": 2018,
    "610803": 2018,
    "610825": 2018,
    "610827": 2018,
    "610829": 2018,
    "610927": 2018,
    # 2019
    "610826": 2019,
    "610830": 2019,
    "610831": 2019,
    **dict.fromkeys(("610703", "610722", "610723", "610724", "610725"), 2019),
    **dict.fromkeys(("610726", "610727", "610728", "610729", "610730"), 2019),
    **dict.fromkeys(("610902", "610921", "610922", "610923", "610924"), 2019),
    **dict.fromkeys(("610925", "610926", "610929", "610981"), 2019),
    **dict.fromkeys(("611002", "611021", "611022", "611023", "611024", "611025", "611026"), 2019),
}
DEEP_POVERTY_COUNTIES = frozenset(
    {
        # Ankang (assumption: the real four are not confirmed)
        "610924",  # 紫阳县
        "610925",  # 岚皋县
        "610929",  # 白河县
        "610902",  # 汉滨区
        # elsewhere in Shaanxi (assumption, province demo only)
        "611022",
        "611024",
        "611025",
        "610726",
        "610728",
        "610830",
        "610831",
    }
)

# Rural per-capita disposable income of Ankang by year (8,196 in 2015 to 10,475 in 2020).
RURAL_INCOME = {2015: 8200, 2016: 8650, 2017: 9100, 2018: 9580, 2019: 10050, 2020: 10500}

# Province demo: share of the non-Ankang households per prefecture, and the share of the
# villages that are poor villages in poor and in other counties (assumptions).
PREFECTURE_WEIGHTS = {
    "6101": 0.06,
    "6102": 0.03,
    "6103": 0.10,
    "6104": 0.12,
    "6105": 0.17,
    "6106": 0.07,
    "6107": 0.18,
    "6108": 0.09,
    "6110": 0.18,
}
POOR_VILLAGE_SHARE_POOR_COUNTY = 0.45
POOR_VILLAGE_SHARE_OTHER_COUNTY = 0.06
DEEP_VILLAGE_SHARE = 0.17
PROVINCE_MEAN_VILLAGE_POPULATION = 1250

# ID address codes changed after most residents got their numbers: people keep the old one.
LEGACY_ADDRESS_CODES = {
    "610981": "610928",  # 旬阳市 ← 旬阳县 (2021)
    "610881": "610821",  # 神木市 ← 神木县
    "610482": "610427",  # 彬州市 ← 彬县
    "610681": "610623",  # 子长市 ← 子长县
    "610703": "610721",  # 南郑区 ← 南郑县
    "610603": "610624",  # 安塞区 ← 安塞县
    "610803": "610823",  # 横山区 ← 横山县
    "610503": "610521",  # 华州区 ← 华县
    "610117": "610126",  # 高陵区 ← 高陵县
    "610118": "610125",  # 鄠邑区 ← 户县
    "610305": "610322",  # 凤翔区 ← 凤翔县
}

# 致贫原因: main-cause distribution of ordinary households (因病 ≈ 40 %).
CAUSE_WEIGHTS = {
    "01": 40.0,  # 因病
    "02": 10.0,  # 因残
    "03": 7.0,  # 因学
    "04": 3.0,  # 因灾
    "05": 2.0,  # 缺土地
    "06": 1.0,  # 缺水
    "07": 14.0,  # 缺技术
    "08": 9.0,  # 缺劳力
    "09": 10.0,  # 缺资金
    "10": 2.0,  # 交通条件落后
    "11": 1.5,  # 自身发展动力不足
    "99": 0.5,  # 其他
}
# Causes that need facts in the household (a sick, disabled or studying member).
FACT_CAUSES = frozenset({"01", "02", "03"})
FREE_CAUSES = ("04", "05", "06", "07", "08", "09", "10", "11")
