"""The taskforce API: groups, tasks and meetings, read in the user's scope.

Writes go through the pages (the services check the group membership a plain ledger save
would not), so these endpoints are read-only.
"""

from jingzhun.core.api.ledger import LedgerViewSet
from jingzhun.taskforce.api.serializers import MeetingSerializer, TaskGroupSerializer, TaskSerializer
from jingzhun.taskforce.filters import MeetingFilter, TaskFilter, TaskGroupFilter
from jingzhun.taskforce.models import Meeting, Task, TaskGroup

READ_ONLY = ["get", "head", "options"]


class TaskGroupViewSet(LedgerViewSet):
    queryset, serializer_class, filterset_class = TaskGroup.objects.all(), TaskGroupSerializer, TaskGroupFilter
    http_method_names = READ_ONLY


class TaskViewSet(LedgerViewSet):
    queryset, serializer_class, filterset_class = Task.objects.all(), TaskSerializer, TaskFilter
    http_method_names = READ_ONLY


class MeetingViewSet(LedgerViewSet):
    queryset, serializer_class, filterset_class = Meeting.objects.all(), MeetingSerializer, MeetingFilter
    http_method_names = READ_ONLY
