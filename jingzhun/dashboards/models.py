"""Documents the command centre writes: the monthly bulletins (月通报), kept with who generated them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jingzhun.core.ledger import LedgerModel


def bulletin_path(instance: Bulletin, filename: str) -> str:
    return f"bulletins/{instance.region_id}/{instance.month:%Y-%m}/{filename}"


class Bulletin(LedgerModel):
    """月通报: the Word file of one month and region as generated, with its editable opening and closing."""

    scope_field = "region_id"

    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT)
    month = models.DateField(_("月份"), help_text=_("当月第一天"))
    preface = models.TextField(_("开头语"), max_length=2000)
    closing = models.TextField(_("结束语"), max_length=2000)
    file = models.FileField(_("文件"), upload_to=bulletin_path, max_length=200)
    sha256 = models.CharField(_("文件摘要（SHA-256）"), max_length=64)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("月通报")
        ordering = ["-month", "-created_at"]

    def __str__(self) -> str:
        return f"{self.region.name} {self.month:%Y年%m月} 月通报"
