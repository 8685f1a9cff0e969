"""The taskforce API: groups, tasks and meetings, read in the user's scope.

Writes go through the pages (the services check the group membership a plain ledger save
would not), so these endpoints are read-only.
"""

from jingzhun.core.api.viewsets import ScopedReadOnlyViewSet
from jingzhun.taskforce.api.serializers import TaskforceMeetingSerializer, TaskGroupSerializer, TaskSerializer
from jingzhun.taskforce.filters import MeetingFilter, TaskFilter, TaskGroupFilter
from jingzhun.taskforce.models import Meeting, Task, TaskGroup


class TaskGroupViewSet(ScopedReadOnlyViewSet):
    queryset, serializer_class, filterset_class = TaskGroup.objects.all(), TaskGroupSerializer, TaskGroupFilter


class TaskViewSet(ScopedReadOnlyViewSet):
    queryset, serializer_class, filterset_class = Task.objects.all(), TaskSerializer, TaskFilter


class MeetingViewSet(ScopedReadOnlyViewSet):
    queryset, serializer_class, filterset_class = Meeting.objects.all(), TaskforceMeetingSerializer, MeetingFilter
