"""Chinese personal names for the demo registry: weighted surnames, given names by era and sex.

Helpers (帮扶责任人) are cadres, not registry members: their given names end with a
character that no member name uses, so a name match between a helper and a poor person
never happens by accident in the demo.
"""

from __future__ import annotations

import itertools
import random

# Common surnames with rough relative frequencies (national ranking, Shaanxi flavour).
_SURNAMES = (
    ("王", 730),
    ("李", 720),
    ("张", 690),
    ("刘", 540),
    ("陈", 450),
    ("杨", 330),
    ("黄", 220),
    ("赵", 200),
    ("吴", 190),
    ("周", 180),
    ("徐", 150),
    ("孙", 140),
    ("马", 130),
    ("朱", 120),
    ("胡", 120),
    ("郭", 110),
    ("何", 110),
    ("高", 105),
    ("林", 90),
    ("罗", 90),
    ("郑", 85),
    ("梁", 80),
    ("谢", 75),
    ("宋", 70),
    ("唐", 70),
    ("许", 65),
    ("韩", 65),
    ("冯", 60),
    ("邓", 60),
    ("曹", 55),
    ("彭", 55),
    ("曾", 50),
    ("肖", 50),
    ("田", 50),
    ("董", 48),
    ("袁", 46),
    ("潘", 44),
    ("于", 42),
    ("蒋", 40),
    ("蔡", 40),
    ("余", 40),
    ("杜", 38),
    ("叶", 36),
    ("程", 36),
    ("苏", 34),
    ("魏", 34),
    ("吕", 32),
    ("丁", 32),
    ("任", 30),
    ("沈", 30),
    ("姚", 28),
    ("卢", 28),
    ("姜", 26),
    ("崔", 26),
    ("钟", 24),
    ("谭", 24),
    ("陆", 22),
    ("汪", 22),
    ("范", 22),
    ("金", 20),
    ("石", 20),
    ("廖", 20),
    ("贾", 20),
    ("夏", 18),
    ("付", 18),
    ("方", 18),
    ("白", 18),
    ("邹", 16),
    ("孟", 16),
    ("熊", 16),
    ("秦", 16),
    ("邱", 15),
    ("江", 15),
    ("尹", 14),
    ("薛", 14),
    ("闫", 14),
    ("段", 13),
    ("雷", 13),
    ("侯", 13),
    ("龙", 12),
    ("史", 12),
    ("陶", 12),
    ("黎", 11),
    ("贺", 11),
    ("顾", 10),
    ("毛", 10),
    ("郝", 10),
    ("龚", 10),
    ("邵", 10),
    ("万", 9),
    ("钱", 9),
    ("严", 9),
    ("武", 9),
    ("戴", 8),
    ("莫", 8),
    ("孔", 8),
    ("向", 8),
    ("汤", 8),
    ("柯", 7),
    ("覃", 6),
    ("储", 6),
    ("饶", 6),
    ("欧阳", 3),
    ("司马", 2),
)
SURNAMES = tuple(s for s, _ in _SURNAMES)
SURNAME_CUM_WEIGHTS = tuple(itertools.accumulate(w for _, w in _SURNAMES))

# Given-name characters by sex and by birth era (before 1960, 1960–1984, 1985 on).
_MALE = (
    "德文明国华建军平林福贵成兴发财海山志忠安富全永长金宝有生春秋根保学荣庆元喜祥顺才",
    "伟强勇涛斌刚波辉鹏峰磊亮杰超东红新宏卫龙锋江飞毅军华明平兵健民俊",
    "浩宇轩博豪俊鑫晨阳凯睿泽铭航然昊宸梓瑞天乐嘉奕皓辰熙逸",
)
_FEMALE = (
    "秀兰英桂芳珍玉凤梅花菊莲琴翠香云华荣彩巧淑秀娥爱春改霞",
    "丽娟敏静霞燕艳红萍玲芳琳慧莉娜婷雪蓉丹利平晓",
    "欣怡涵萱雨琪佳悦可诗梦思婧妍瑶雯馨若晴语彤紫",
)
# Final characters of helpers' names; none of them occurs in a member's name.
HELPER_FINAL = "钧铎锴彧玮昶珺琛瑾璐"
HELPER_MIDDLE = "立振少志建晓海国宏向"

MEMBER_CHARACTERS = frozenset("".join(_MALE + _FEMALE))


def surname(rng: random.Random) -> str:
    return rng.choices(SURNAMES, cum_weights=SURNAME_CUM_WEIGHTS)[0]


def given_name(rng: random.Random, *, female: bool, birth_year: int) -> str:
    """Return a one- or two-character given name typical of the sex and birth era."""
    pools = _FEMALE if female else _MALE
    era = 0 if birth_year < 1960 else 1 if birth_year < 1985 else 2
    pool = pools[era]
    if rng.random() < 0.3:
        return rng.choice(pool)
    return rng.choice(pool) + rng.choice(pool)


def helper_name(rng: random.Random) -> str:
    return surname(rng) + rng.choice(HELPER_MIDDLE) + rng.choice(HELPER_FINAL)


assert not MEMBER_CHARACTERS & set(HELPER_FINAL), "helper names must not look like member names"
