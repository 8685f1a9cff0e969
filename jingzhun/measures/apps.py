from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "jingzhun.measures"
    verbose_name = "产业就业帮扶措施"

    def ready(self) -> None:
        from jingzhun.measures import parameters  # noqa: F401  (declares the business parameters)
