from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "jingzhun.regions"
    verbose_name = "行政区划"

    def ready(self) -> None:
        from jingzhun.regions import imports  # noqa: F401  (registers the year-fact importers)
