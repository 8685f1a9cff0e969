from jingzhun.core.api.ledger import LedgerViewSet
from jingzhun.monitoring.api.serializers import MonitoringObjectSerializer, RiskEventSerializer
from jingzhun.monitoring.filters import MonitoringObjectFilter, RiskEventFilter
from jingzhun.monitoring.models import MonitoringObject, RiskEvent


class MonitoringObjectViewSet(LedgerViewSet):
    """防返贫监测对象: read, and keep the risk and the help up to date (objects come from the screening)."""

    queryset = MonitoringObject.objects.select_related("household").order_by("-year", "household__code")
    serializer_class = MonitoringObjectSerializer
    filterset_class = MonitoringObjectFilter
    http_method_names = ["get", "put", "patch", "head", "options"]


class RiskEventViewSet(LedgerViewSet):
    """突发事件登记."""

    queryset = RiskEvent.objects.select_related("household").order_by("-occurred_on", "household__code")
    serializer_class = RiskEventSerializer
    filterset_class = RiskEventFilter
