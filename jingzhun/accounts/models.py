from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingzhun.accounts.choices import Role, Sector
from jingzhun.core.masking import Kind
from jingzhun.core.regioncodes import significant_prefix


class User(AbstractUser):
    """系统用户: a person working in an office, with a role and the region it covers.

    The region's code prefix is the user's scope everywhere (pages, API, exports, search);
    only administrators may have no region, which means the whole map.
    """

    personal_fields = {"phone": Kind.PHONE}

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.INSPECTOR)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("管辖区域"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sector = models.CharField(_("行业部门"), max_length=30, choices=Sector.choices, blank=True)
    unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="user_region_required_unless_admin",
                condition=models.Q(role=Role.ADMIN) | models.Q(region__isnull=False),
                violation_error_message=_("除系统管理员外，每个用户都必须指定管辖区域。"),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.role == Role.SECTOR and not self.sector:
            raise ValidationError({"sector": _("行业部门用户必须指定所属行业。")})

    @property
    def scope_prefix(self) -> str:
        """Return the code prefix of the user's region ("" = everywhere, for administrators)."""
        if self.region_id is None:
            return "" if self.role == Role.ADMIN or self.is_superuser else "-"
        return significant_prefix(self.region_id)
