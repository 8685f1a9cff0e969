"""API of background jobs: a client polls the job an import or export started."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from jingzhun.core.api.fields import ChoiceLabelField
from jingzhun.core.api.personal import PersonalDataMixin
from jingzhun.core.models import Job
from jingzhun.core.views import user_jobs


class JobSerializer(PersonalDataMixin, serializers.ModelSerializer):
    """A job; ID numbers, phones and bank cards quoted in its messages (import row errors) are masked."""

    status_display = ChoiceLabelField("status")
    percent = serializers.IntegerField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "status_display",
            "percent",
            "message",
            "result",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, job: Job) -> str | None:
        if not job.output_file:
            return None
        request = self.context.get("request")
        path = f"/jobs/{job.pk}/download/"
        return request.build_absolute_uri(path) if request else path


@extend_schema_view(
    list=extend_schema(summary="我的后台任务", description="当前用户发起的导入、导出等后台任务，最新的在前。"),
    retrieve=extend_schema(summary="后台任务进度与结果", description="轮询此接口直到 status 为 succeeded 或 failed。"),
)
class JobViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = JobSerializer
    queryset = Job.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet[Any]:
        return user_jobs(self.request.user)
