from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "jingzhun.dashboards"
    verbose_name = "指挥中心"

    def ready(self) -> None:
        from jingzhun.dashboards import parameters  # noqa: F401  (declares the business parameters)
