"""Roles and sectors (DESIGN §1) and what each role may do."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITY = "city", _("市级指挥部办公室")
    COUNTY = "county", _("县级脱贫办")
    TOWNSHIP = "township", _("乡镇")
    VILLAGE = "village", _("村级（村两委/第一书记/驻村工作队）")
    SECTOR = "sector", _("行业部门")
    HELPING_UNIT = "helping_unit", _("帮扶单位")
    COOPERATION = "cooperation", _("东西部协作办")
    INSPECTOR = "inspector", _("督查/审计（只读）")
    ADMIN = "admin", _("系统管理员")


class Sector(models.TextChoices):
    TRANSPORT = "transport", _("交通")
    WATER = "water", _("水利")
    EDUCATION = "education", _("教育")
    HEALTH = "health", _("卫健")
    HOUSING = "housing", _("住建")
    MEDICAL_INSURANCE = "medical_insurance", _("医保")
    CIVIL_AFFAIRS = "civil_affairs", _("民政")
    HUMAN_RESOURCES = "human_resources", _("人社")
    AGRICULTURE = "agriculture", _("农业农村")
    POWER = "power", _("电力")
