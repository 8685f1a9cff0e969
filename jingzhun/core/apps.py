from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jingzhun.core"
    verbose_name = "基础设施"

    def ready(self) -> None:
        from jingzhun.core import checks  # noqa: F401  (system checks)
        from jingzhun.core.audit import audit_receivers_connect
        from jingzhun.core.imports import jobs  # noqa: F401  (registers the spreadsheet_import job)
        from jingzhun.core.menu import menu_discover
        from jingzhun.core.panels import panels_discover

        audit_receivers_connect()
        menu_discover()
        panels_discover()
