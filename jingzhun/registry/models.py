from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from jingzhun.core.audit import AuditedModel
from jingzhun.core.choices import choice_label
from jingzhun.core.idnumbers import parse_id_number
from jingzhun.core.links import url_for
from jingzhun.core.masking import Kind
from jingzhun.core.scoping import ScopedQuerySet
from jingzhun.core.validators import collect, validate_phone, validate_plain_text
from jingzhun.registry.choices import (
    CAUSE_VALUES,
    ETHNICITY_CHOICES,
    EXITED_STATUSES,
    GUARANTEED_DROPOUT_REASONS,
    LEFT_STATUSES,
    OUT_OF_SCHOOL_INDEX_FROM,
    STUDENT_STATUSES,
    Attribute,
    Cause,
    DropoutReason,
    Education,
    Health,
    HousingRating,
    IdentificationStandard,
    Labour,
    LeaveReason,
    Relation,
    SchoolStatus,
    Sex,
    Status,
)
from jingzhun.registry.querysets import HouseholdQuerySet, MemberQuerySet

YEAR_VALIDATORS = [MinValueValidator(2010), MaxValueValidator(2035)]


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    """Return a field for an amount in 元 (two decimals, default 0)."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, default=Decimal("0"), **kwargs)


code_validator = RegexValidator(r"^[0-9A-Za-z-]{4,30}$", _("编号只能由字母、数字和连字符组成（4–30 位）。"))


STATUS_BADGES: dict[str, str] = {
    Status.NOT_EXITED: "text-bg-danger",
    Status.RETURNED: "text-bg-warning",
    Status.PRE_EXITED: "text-bg-info",
    Status.LEFT: "text-bg-secondary",
    Status.REMOVED: "text-bg-secondary",
}


class Household(AuditedModel):
    """建档立卡贫困户: a registered poor household, the unit of identification and exit."""

    scope_field = "village_id"
    # Masked everywhere unless revealed (core.personal).
    personal_fields = {"phone": Kind.PHONE, "helper_phone": Kind.PHONE}

    code = models.CharField(_("户编号"), max_length=30, unique=True, validators=[code_validator])
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("行政村"),
        on_delete=models.PROTECT,
        related_name="households",
        limit_choices_to={"level": "village"},
    )
    attribute = models.CharField(
        _("贫困户属性"), max_length=2, choices=Attribute.choices, default=Attribute.GENERAL_POOR
    )
    status = models.CharField(_("脱贫状态"), max_length=1, choices=Status.choices, default=Status.NOT_EXITED)
    size = models.PositiveSmallIntegerField(_("人数"), validators=[MinValueValidator(1), MaxValueValidator(30)])
    main_cause = models.CharField(_("主要致贫原因"), max_length=2, choices=Cause.choices)
    other_causes = models.CharField(
        _("其他致贫原因"), max_length=60, blank=True, help_text=_("多个原因的代码以逗号分隔")
    )
    identification_standard = models.CharField(
        _("识别标准"), max_length=1, choices=IdentificationStandard.choices, default=IdentificationStandard.NATIONAL
    )
    identification_year = models.PositiveSmallIntegerField(_("识别年度"), validators=YEAR_VALIDATORS)
    planned_exit_year = models.PositiveSmallIntegerField(
        _("计划脱贫年度"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    exit_year = models.PositiveSmallIntegerField(_("脱贫年度"), null=True, blank=True, validators=YEAR_VALIDATORS)
    # Set by the yearly cycle (registry.cycle) when the household leaves the register; never deleted.
    left_on = models.DateField(_("减少/清退日期"), null=True, blank=True, editable=False)
    left_reason = models.CharField(
        _("减少/清退原因"), max_length=1, choices=LeaveReason.choices, blank=True, default="", editable=False
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    helper_name = models.CharField(_("帮扶责任人"), max_length=50, blank=True)
    helper_unit = models.CharField(_("帮扶单位"), max_length=100, blank=True)
    helper_phone = models.CharField(_("帮扶责任人电话"), max_length=20, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("建档时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("贫困户")
        verbose_name_plural = _("贫困户")
        ordering = ["code"]
        indexes = [
            # Covers the dashboard's figures: grouped by (village, status, exit year) and
            # summed from the index alone, in index order, without reading the table.
            models.Index(fields=["village", "status", "exit_year", "size"], name="household_village_figures"),
            # Covers the list's keys: a scope or region range on the village (and a status),
            # ordered by code.
            models.Index(fields=["village", "status", "code"], name="household_village_status_code"),
            models.Index(fields=["status", "exit_year"], name="household_status_exit"),
        ]
        constraints = [
            models.CheckConstraint(
                name="household_exited_has_exit_year",
                condition=~models.Q(status__in=EXITED_STATUSES) | models.Q(exit_year__isnull=False),
                violation_error_message=_("已脱贫户必须填写脱贫年度。"),
            ),
            models.CheckConstraint(
                name="household_exit_not_before_identification",
                condition=models.Q(exit_year__isnull=True) | models.Q(exit_year__gte=F("identification_year")),
                violation_error_message=_("脱贫年度不能早于识别年度。"),
            ),
            models.CheckConstraint(
                name="household_left_dated_and_reasoned",
                condition=(
                    models.Q(status__in=LEFT_STATUSES, left_on__isnull=False) & ~models.Q(left_reason="")
                    | ~models.Q(status__in=LEFT_STATUSES) & models.Q(left_on__isnull=True, left_reason="")
                ),
                violation_error_message=_("自然减少或清退的户须有日期和原因；其他状态的户不能有。"),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return url_for("registry:household-detail", self.code)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[Any]] = {}
        if self.other_causes:
            codes = [c.strip() for c in self.other_causes.split(",") if c.strip()]
            unknown = [c for c in codes if c not in CAUSE_VALUES]
            if unknown:
                errors.setdefault("other_causes", []).append(_("未知的致贫原因代码：%s") % "、".join(unknown))
            elif self.main_cause in codes:
                errors.setdefault("other_causes", []).append(_("其他致贫原因不应重复主要致贫原因。"))
            self.other_causes = ",".join(codes)
        if self.village_id and len(self.village_id) != 12:
            errors.setdefault("village", []).append(_("行政区划代码应为 12 位。"))
        for field in ("phone", "helper_phone"):
            collect(errors, field, validate_phone, getattr(self, field))
        for field in ("helper_name", "helper_unit"):
            collect(errors, field, validate_plain_text, getattr(self, field))
        self._check_years(errors)
        if errors:
            raise ValidationError(errors)

    def _check_years(self, errors: dict[str, list[Any]]) -> None:
        """识别年度 not in the future; planned exit not before identification."""
        this_year = datetime.date.today().year
        if self.identification_year and self.identification_year > this_year:
            message = _("识别年度 %(year)s 晚于今年（%(now)s），请核对。") % {
                "year": self.identification_year,
                "now": this_year,
            }
            errors.setdefault("identification_year", []).append(message)
        if self.identification_year and self.planned_exit_year and self.planned_exit_year < self.identification_year:
            errors.setdefault("planned_exit_year", []).append(
                _("计划脱贫年度 %(planned)s 早于识别年度 %(year)s。")
                % {"planned": self.planned_exit_year, "year": self.identification_year}
            )
        # An exit before identification is the constraint household_exit_not_before_identification.

    @property
    def other_cause_labels(self) -> list[str]:
        field = cast(models.Field, self._meta.get_field("main_cause"))  # the same code list
        return [str(choice_label(field, c)) for c in self.other_causes.split(",") if c]

    @property
    def status_badge(self) -> str:
        """The colour of the status on pages: poor red, returned amber, pre-exit blue, off the register grey."""
        return STATUS_BADGES.get(self.status, "text-bg-success")

    @property
    def is_exited(self) -> bool:
        return self.status in EXITED_STATUSES

    @property
    def has_left(self) -> bool:
        """自然减少 or 清退: off the register, kept for the record."""
        return self.status in LEFT_STATUSES

    def audit_region_code(self) -> str:
        return self.village_id


class Member(AuditedModel):
    """贫困人口: one person of a registered household, identified by the resident ID number."""

    scope_field = "household__village_id"
    personal_fields = {
        "id_number": Kind.ID_NUMBER,
        "phone": Kind.PHONE,
        "birth_date": Kind.BIRTH_DATE,
        "health": Kind.HEALTH,
        "bank_account": Kind.BANK_CARD,
    }

    household = models.ForeignKey(Household, verbose_name=_("所属户"), on_delete=models.CASCADE, related_name="members")
    code = models.CharField(_("人编号"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("证件号码"), max_length=18, db_index=True)
    relation = models.CharField(_("与户主关系"), max_length=2, choices=Relation.choices)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=2, choices=ETHNICITY_CHOICES, default="01")
    education = models.CharField(_("文化程度"), max_length=1, choices=Education.choices, blank=True)
    school_status = models.CharField(_("在校生状况"), max_length=2, choices=SchoolStatus.choices, blank=True)
    dropout_reason = models.CharField(_("失学或辍学原因"), max_length=1, choices=DropoutReason.choices, blank=True)
    health = models.CharField(_("健康状况"), max_length=1, choices=Health.choices, default=Health.HEALTHY)
    labour = models.CharField(_("劳动技能"), max_length=1, choices=Labour.choices, blank=True)
    migrant_months = models.PositiveSmallIntegerField(
        _("务工时间（月）"), default=0, validators=[MaxValueValidator(12)]
    )
    medical_insurance = models.BooleanField(_("参加城乡居民基本医疗保险"), default=False)
    serious_illness_insurance = models.BooleanField(_("参加大病保险"), default=False)
    dibao = models.BooleanField(_("享受低保"), default=False)
    tekun = models.BooleanField(_("特困供养"), default=False)
    deceased = models.BooleanField(_("已死亡"), default=False)
    moved_out = models.BooleanField(_("已迁出"), default=False)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    bank_name = models.CharField(_("开户银行名称"), max_length=100, blank=True, default="")
    bank_account = models.CharField(
        _("银行卡号"),
        max_length=30,
        blank=True,
        default="",
        validators=[RegexValidator(r"^\d{8,30}$", _("银行卡号应为 8–30 位数字，不要带空格或文字。"))],
        help_text=_("惠民惠农补贴的发放账户（个人信息，按证件号码同样脱敏）"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["household_id", "relation", "birth_date"]
        indexes = [
            # Name-prefix search (TextPrefix): the pattern operator class lets PostgreSQL serve
            # LIKE '王%' under any collation (SQLite ignores operator classes and uses a range);
            # the household makes it cover the search's "households with such a member".
            models.Index(
                fields=["name", "household"],
                name="member_name_household",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
            # The living members out of school by birth date, born since OUT_OF_SCHOOL_INDEX_FROM:
            # among them the few hundred school-age children out of school of a city's 650,000
            # members. The education rule's statement bounds the birth dates of its school-age
            # condition (standards.compiler, ``_birth_dates``) and reads them here instead of
            # testing every member.
            models.Index(
                fields=["birth_date"],
                condition=models.Q(deceased=False, moved_out=False, birth_date__gte=OUT_OF_SCHOOL_INDEX_FROM)
                & ~models.Q(school_status__in=sorted(STUDENT_STATUSES))
                & ~models.Q(dropout_reason__in=sorted(GUARANTEED_DROPOUT_REASONS)),
                name="member_out_of_school_birth",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(relation="01"),
                name="member_one_head_per_household",
                violation_error_message=_("每户只能有一名户主。"),
            ),
            models.CheckConstraint(
                name="member_migrant_months_0_12",
                condition=models.Q(migrant_months__lte=12),
                violation_error_message=_("务工时间应在 0–12 个月之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def clean(self) -> None:
        """Cross-check the ID number with sex and birth date (both derive from it); check name and phone."""
        super().clean()
        text_errors: dict[str, list[Any]] = {}
        collect(text_errors, "name", validate_plain_text, self.name)
        collect(text_errors, "phone", validate_phone, self.phone)
        if text_errors:
            raise ValidationError(text_errors)
        if not self.id_number:
            return
        try:
            info = parse_id_number(self.id_number)
        except ValidationError as exc:
            raise ValidationError({"id_number": exc.messages}) from None
        self.id_number = info.number
        errors = {}
        if self.sex and self.sex != info.sex:
            errors["sex"] = _("性别与证件号码不符（证件号码表示%s）。") % Sex(info.sex).label
        if self.birth_date and self.birth_date != info.birth_date:
            errors["birth_date"] = _("出生日期与证件号码不符（证件号码表示 %s）。") % info.birth_date.isoformat()
        if errors:
            raise ValidationError(errors)

    @property
    def is_legacy_id(self) -> bool:
        return len(self.id_number) == 15

    @property
    def counts(self) -> bool:
        """Return True if the member counts for the household (living, not moved out)."""
        return not self.deceased and not self.moved_out

    def age_on(self, day: datetime.date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    def audit_root(self) -> tuple[str, str]:
        return Household._meta.label, str(self.household_id)

    def audit_region_code(self) -> str:
        return self.household.village_id


class HouseholdMemberCounts(models.Model):
    """Member counts of one household (在世在户人数、参保人数、户主人数), kept by the database.

    Triggers on ``registry_member`` (migration ``0004_member_aggregates``) apply every
    insert, update and delete as it happens, whatever wrote it: the edit services, the
    spreadsheet import's bulk writes and COPY, ``QuerySet.update()``, raw SQL. Nothing in
    Python writes these rows. The standards compiler and the quality checks read the
    counts here instead of grouping every member of the region on each run.
    """

    # No database foreign key and no Django cascade: a trigger removes the row with its household.
    household = models.OneToOneField(
        Household,
        verbose_name=_("户"),
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="member_counts",
    )
    living = models.IntegerField(_("在世在户人数"), default=0)
    insured = models.IntegerField(_("参加基本医保和大病保险的在世在户人数"), default=0)
    heads = models.IntegerField(_("户主人数（含已死亡、已迁出）"), default=0)

    class Meta:
        verbose_name = _("户成员计数")
        verbose_name_plural = _("户成员计数")

    def __str__(self) -> str:
        return f"{self.household_id}: {self.living}"


class VillageHouseholdCounts(models.Model):
    """Households and registered people of one village per status and exit year, kept by the database.

    Triggers on ``registry_household`` (migration ``0007_village_household_counts``, SQL in
    ``registry.villagecounts``) apply every insert, update and delete as it happens. The
    dashboard and region pages add up these rows instead of every household in scope.
    ``exit_year`` is 0 for households without one.
    """

    scope_field = "village_id"

    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("行政村"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the key's unique index starts with the village
        related_name="+",
    )
    status = models.CharField(_("脱贫状态"), max_length=1, choices=Status.choices)
    exit_year = models.PositiveSmallIntegerField(_("脱贫年度（0 = 无）"))
    households = models.IntegerField(_("户数"), default=0)
    people = models.IntegerField(_("人数"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("村户数统计")
        verbose_name_plural = _("村户数统计")
        constraints = [
            models.UniqueConstraint(fields=["village", "status", "exit_year"], name="village_household_counts_key"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.status} {self.exit_year}: {self.households}"


class HouseholdYear(AuditedModel):
    """贫困户年度情况: one household's income survey and living conditions for one year.

    Net income is derived in the database (a generated column), never typed twice. A file
    that states only the per-capita net income (national-system exports) keeps that figure
    in ``declared_income_per_capita``; it is used when the year has no income components.
    """

    scope_field = "household__village_id"

    household = models.ForeignKey(Household, verbose_name=_("所属户"), on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    wage_income = money_field(_("工资性收入"))
    business_income = money_field(_("生产经营性收入"))
    property_income = money_field(_("财产性收入"))
    transfer_income = money_field(_("转移性收入"))
    excluded_transfer_income = money_field(
        _("不计入脱贫的转移性收入"),
        help_text=_("教育资助、医疗报销救助、住房补助等（计入转移性收入，但不计入稳定脱贫收入）"),
    )
    production_cost = money_field(_("生产经营性支出"))
    net_income = models.GeneratedField(
        verbose_name=_("家庭纯收入"),
        expression=F("wage_income")
        + F("business_income")
        + F("property_income")
        + F("transfer_income")
        - F("production_cost"),
        output_field=models.DecimalField(max_digits=13, decimal_places=2),
        db_persist=True,
    )
    declared_income_per_capita = models.DecimalField(
        _("申报人均纯收入"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("文件中填写的人均纯收入；没有各项收入时据此判断收入是否达标"),
    )
    food_clothing_secure = models.BooleanField(_("吃穿不愁"), default=True)
    housing_rating = models.CharField(_("住房安全等级"), max_length=1, choices=HousingRating.choices, blank=True)
    relocated = models.BooleanField(_("易地扶贫搬迁户"), default=False)
    relocation_moved_in = models.BooleanField(_("搬迁已入住"), default=False)
    water_quality_ok = models.BooleanField(_("水质达标"), default=True)
    water_litres_per_day = models.PositiveSmallIntegerField(_("水量（升/人·日）"), null=True, blank=True)
    water_fetch_minutes = models.PositiveSmallIntegerField(_("取水往返时间（分钟）"), null=True, blank=True)
    water_guarantee_rate = models.DecimalField(
        _("供水保证率（%）"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    water_safe = models.BooleanField(_("饮水安全"), default=True)
    electricity = models.BooleanField(_("通生活用电"), default=True)
    assistance_measures = models.TextField(_("帮扶措施"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("贫困户年度情况")
        verbose_name_plural = _("贫困户年度情况")
        ordering = ["household_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="household_year_unique"),
            models.CheckConstraint(
                name="household_year_incomes_not_negative",
                condition=models.Q(
                    wage_income__gte=0, property_income__gte=0, transfer_income__gte=0, production_cost__gte=0
                ),
                violation_error_message=_("工资性、财产性、转移性收入和生产经营性支出不能为负数。"),
            ),
            models.CheckConstraint(
                name="household_year_excluded_within_transfer",
                condition=models.Q(excluded_transfer_income__lte=F("transfer_income")),
                violation_error_message=_("不计入脱贫的转移性收入不能超过转移性收入。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年度情况"

    @property
    def computed_net_income(self) -> Decimal:
        """Return the net income from the components (valid before the row is saved)."""
        return (
            self.wage_income + self.business_income + self.property_income + self.transfer_income - self.production_cost
        )

    @property
    def has_income_components(self) -> bool:
        """Return True if any income component or cost is recorded (not all of them 0)."""
        return any(
            getattr(self, name)
            for name in ("wage_income", "business_income", "property_income", "transfer_income", "production_cost")
        )

    @property
    def uses_declared_income(self) -> bool:
        """Return True if per-capita income is the declared figure (no components recorded)."""
        return self.declared_income_per_capita is not None and not self.has_income_components

    def per_capita(self, living_members: int) -> Decimal | None:
        """Return net income per living member (None if nobody counts), or the declared figure without components."""
        if self.uses_declared_income:
            return self.declared_income_per_capita
        if living_members <= 0:
            return None
        return (self.computed_net_income / living_members).quantize(Decimal("0.01"))

    def exit_income_per_capita(self, living_members: int) -> Decimal | None:
        """Return per-capita income that counts toward exit (excluded transfers removed)."""
        if self.uses_declared_income:
            return self.declared_income_per_capita
        if living_members <= 0:
            return None
        return ((self.computed_net_income - self.excluded_transfer_income) / living_members).quantize(Decimal("0.01"))

    @property
    def housing_safe(self) -> bool:
        if self.relocated:
            return self.relocation_moved_in
        return self.housing_rating in ("A", "B")

    def audit_root(self) -> tuple[str, str]:
        return Household._meta.label, str(self.household_id)

    def audit_region_code(self) -> str:
        return self.household.village_id
