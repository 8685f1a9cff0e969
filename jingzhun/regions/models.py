from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingzhun.core.audit import AuditedModel
from jingzhun.core.regioncodes import ancestor_codes, prefix_of
from jingzhun.core.scoping import ScopedQuerySet
from jingzhun.regions.choices import Level

YEAR_VALIDATORS = [MinValueValidator(2010), MaxValueValidator(2035)]


class RegionQuerySet(ScopedQuerySet):
    def children_of(self, region: "Region") -> "RegionQuerySet":
        return self.filter(parent=region).order_by("code")


class Region(models.Model):
    """统计用区划: one division of the NBS statistical map (province down to village).

    The 12-digit code is the key; a subtree is a code prefix (DESIGN §4).
    """

    scope_field = "code"

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        """Return the significant prefix: every code in this subtree starts with it."""
        return prefix_of(self.code, self.level)

    @property
    def short_name(self) -> str:
        """Return the name without the committee suffix (白家庄村委会 → 白家庄村)."""
        for suffix, replacement in (("村委会", "村"), ("社区居委会", "社区"), ("居委会", "社区")):
            if self.name.endswith(suffix):
                return self.name[: -len(suffix)] + replacement
        return self.name

    def ancestors(self) -> list["Region"]:
        """Return the chain from the province down to this region's parent (one query)."""
        codes = ancestor_codes(self.prefix)
        found = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [found[c] for c in codes if c in found]

    def breadcrumb_for(self, user: Any) -> list[tuple["Region", bool]]:
        """Return the ancestors with whether ``user`` may open each (outside scope: plain text)."""
        prefix = user.scope_prefix
        return [(r, prefix != "-" and r.code.startswith(prefix)) for r in self.ancestors()]


# The facts of a village-year that offices keep (forms, API, spreadsheets), in display order.
VILLAGE_FACT_FIELDS = (
    "rural_population",
    "is_poor_village",
    "is_deep_poverty_village",
    "hardened_road",
    "safe_water",
    "power",
    "standard_clinic",
    "collective_income",
    "broadband",
    "planned_exit_year",
)


# The facts of a county-year that the city office keeps (forms, API, spreadsheets), in display order.
COUNTY_FACT_FIELDS = (
    "is_poor_county",
    "is_deep_poverty_county",
    "planned_exit_year",
    "rural_income_per_capita",
    "tap_water_coverage",
    "wrong_exit_rate",
    "missed_rate",
    "recognition_rate",
)


def _place(facts: models.Model, field: str) -> str:
    """The name of the year facts' place when it is loaded (pages), else its code (bulk writes ask no query)."""
    if getattr(type(facts), field).is_cached(facts):  # the foreign key's descriptor
        region = getattr(facts, field)
        return f"{region.name}（{region.code}）"
    return str(getattr(facts, f"{field}_id"))


class VillageYear(AuditedModel):
    """村级年度情况: the facts of one village in one year (poor-village flag, infrastructure …)."""

    scope_field = "village_id"

    village = models.ForeignKey(Region, verbose_name=_("行政村"), on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    rural_population = models.PositiveIntegerField(_("农村户籍人口"), default=0)
    is_poor_village = models.BooleanField(_("贫困村"), default=False)
    is_deep_poverty_village = models.BooleanField(_("深度贫困村"), default=False)
    hardened_road = models.BooleanField(_("通硬化路"), default=False)
    safe_water = models.BooleanField(_("安全饮水"), default=False)
    power = models.BooleanField(_("通动力电"), default=False)
    standard_clinic = models.BooleanField(_("标准化卫生室"), default=False)
    collective_income = models.DecimalField(_("集体经济收入（万元）"), max_digits=10, decimal_places=2, default=0)
    broadband = models.BooleanField(_("通宽带"), default=False)
    planned_exit_year = models.PositiveSmallIntegerField(
        _("计划出列年度"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    # Optimistic locking of the city office's pages, spreadsheet and API (core.services.ledger_save).
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("村级年度情况")
        verbose_name_plural = _("村级年度情况")
        ordering = ["village_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year"], name="village_year_unique"),
            models.CheckConstraint(
                name="village_year_deep_implies_poor",
                condition=models.Q(is_deep_poverty_village=False) | models.Q(is_poor_village=True),
                violation_error_message=_("深度贫困村必须同时是贫困村。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{_place(self, 'village')} {self.year} 年"

    def audit_region_code(self) -> str:
        return self.village_id


def percent_field(verbose_name: Any) -> models.DecimalField:
    """Return an optional percentage (0–100, one decimal); empty means not yet known."""
    return models.DecimalField(
        verbose_name,
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )


class CountyYear(AuditedModel):
    """县级年度情况: the facts of one county in one year (poor county, exit plan, rural income)."""

    scope_field = "county_id"

    county = models.ForeignKey(
        Region, verbose_name=_("县（区）"), on_delete=models.PROTECT, related_name="county_years"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    is_poor_county = models.BooleanField(_("贫困县"), default=False)
    is_deep_poverty_county = models.BooleanField(_("深度贫困县"), default=False)
    planned_exit_year = models.PositiveSmallIntegerField(
        _("计划摘帽年度"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    rural_income_per_capita = models.DecimalField(
        _("农村居民人均可支配收入（元）"), max_digits=10, decimal_places=0, null=True, blank=True
    )
    tap_water_coverage = percent_field(_("自来水普及率（%）"))
    # 三率一度: the results of the county's sample verification (抽样核查), entered as percentages.
    wrong_exit_rate = percent_field(_("错退率（%）"))
    missed_rate = percent_field(_("漏评率（%）"))
    recognition_rate = percent_field(_("群众认可度（%）"))
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("县级年度情况")
        verbose_name_plural = _("县级年度情况")
        ordering = ["county_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="county_year_unique"),
            models.CheckConstraint(
                name="county_year_deep_implies_poor",
                condition=models.Q(is_deep_poverty_county=False) | models.Q(is_poor_county=True),
                violation_error_message=_("深度贫困县必须同时是贫困县。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{_place(self, 'county')} {self.year} 年"

    def audit_region_code(self) -> str:
        return self.county_id
