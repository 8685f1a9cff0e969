"""Menu entries of the leading group's work (指挥调度)."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem("command", _("领导小组与专项组"), "taskforce:overview", nav=("taskforce",), access=("view", "taskforce")),
    MenuItem("command", _("任务台账"), "taskforce:task-list", nav=("tasks",), access=("view", "taskforce.Task")),
    MenuItem("command", _("会议与调度"), "taskforce:meeting-list", nav=("meetings",), access=("view", "taskforce")),
    MenuItem("command", _("周调度表"), "taskforce:dispatch", nav=("dispatch",), access=("view", "taskforce.Task")),
    MenuItem(
        "command", _("领导批示"), "taskforce:instruction-list", nav=("instructions",), access=("view", "taskforce")
    ),
)
