"""Menu entry of data quality."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem("registry", _("数据质量"), "quality:finding-list", nav=("quality",), access=("view", "quality"), order=40),
)
