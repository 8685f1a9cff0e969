"""The API of 东西部协作, mounted under /api/ (router prefixes start with "cooperation/")."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from jingzhun.cooperation.api.views import IndicatorView, viewset_for
from jingzhun.cooperation.ledgers import LEDGERS

router = SimpleRouter()
for prefix, model, _related in LEDGERS:
    router.register(f"cooperation/{prefix}", viewset_for(model), basename=f"cooperation-{model._meta.model_name}")

urlpatterns = [path("cooperation/indicators/", IndicatorView.as_view(), name="cooperation-indicators"), *router.urls]
