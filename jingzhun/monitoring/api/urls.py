"""The API of return-to-poverty monitoring, mounted under /api/monitoring/."""

from rest_framework.routers import SimpleRouter

from jingzhun.monitoring.api.views import MonitoringObjectViewSet, RiskEventViewSet

router = SimpleRouter()
router.register("monitoring/objects", MonitoringObjectViewSet, basename="api-monitoring-object")
router.register("monitoring/events", RiskEventViewSet, basename="api-monitoring-event")

urlpatterns = router.urls
