from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "jingzhun.monitoring"
    verbose_name = "防返贫监测"

    def ready(self) -> None:
        from jingzhun.monitoring import (
            parameters,  # noqa: F401  (declares the screening thresholds)
            workflows,  # noqa: F401  (registers the monitoring workflow)
        )
