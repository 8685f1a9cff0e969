from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "jingzhun.standards"
    verbose_name = _("退出标准")
