"""Menu entries of the kit's own pages (audit log, business parameters, API documents)."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem("system", _("操作日志"), "audit:list", nav=("audit",), access=("view", "core.AuditEvent"), order=10),
    MenuItem(
        "system", _("业务参数"), "parameters:list", nav=("parameters",), access=("change", "core.Parameter"), order=20
    ),
    MenuItem("system", _("接口文档"), "api-docs", order=90),
)
