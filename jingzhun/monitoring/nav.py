"""Menu entries of return-to-poverty monitoring."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem(
        "exits",
        _("防返贫监测"),
        "monitoring:monitoringobject-list",
        nav=("monitoring",),
        access=("view", "monitoring.MonitoringObject"),
        order=50,
    ),
    MenuItem(
        "exits",
        _("突发事件登记"),
        "monitoring:riskevent-list",
        nav=("monitoring-events",),
        access=("view", "monitoring.RiskEvent"),
        order=55,
    ),
)
