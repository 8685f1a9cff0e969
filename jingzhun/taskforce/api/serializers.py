"""Serializers of the taskforce API."""

from rest_framework import serializers

from jingzhun.core.api.ledger import LedgerSerializer
from jingzhun.taskforce.models import Meeting, Task, TaskGroup


class TaskGroupSerializer(LedgerSerializer):
    class Meta:
        model = TaskGroup
        fields = ["id", "region", "kind", "name", "parent", "duties", "lead_leader", "lead_department", "order"]


class TaskSerializer(LedgerSerializer):
    status_shown = serializers.CharField(read_only=True, help_text="状态（逾期为未完成且已过完成时限）")

    class Meta:
        model = Task
        fields = [
            "id",
            "group",
            "plan",
            "code",
            "content",
            "region",
            "owner_unit",
            "owner_person",
            "deadline",
            "status",
            "status_shown",
            "completed_on",
            "closed_on",
            "progress",
            "source",
            "meeting",
            "instruction",
            "source_ref",
        ]


class TaskforceMeetingSerializer(LedgerSerializer):
    class Meta:
        model = Meeting
        fields = [
            "id",
            "region",
            "kind",
            "group",
            "date",
            "title",
            "chair",
            "attendees",
            "minutes",
            "decisions",
            "issues_this_week",
            "plan_next_week",
        ]
