"""Menu entries of the registry: the overview, the divisions, the households and their import."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register


def _own_region(user: object) -> str:
    return reverse("regions:detail", args=[getattr(user, "region_id", None) or "610000000000"])


menu_register(
    MenuItem("home", _("首页"), "dashboard", nav=("dashboard",)),
    MenuItem(
        "registry", _("贫困户"), "registry:household-list", nav=("households",), access=("view", "registry"), order=10
    ),
    MenuItem("registry", _("行政区划"), _own_region, nav=("regions",), access=("view", "regions"), order=20),
    MenuItem("registry", _("动态调整"), "registry:cycle-list", nav=("cycle",), access=("view", "registry"), order=15),
    MenuItem("registry", _("数据导入"), "registry:import", nav=("import",), access=("add", "registry"), order=30),
)
