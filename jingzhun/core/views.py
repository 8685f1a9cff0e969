"""Base view mixins: one door to every scoped object (404 outside scope, 403 for read-only writes)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from jingzhun.core.access import AUTHENTICATED, require
from jingzhun.core.audit import audit_context, record_event
from jingzhun.core.choices import AuditAction
from jingzhun.core.personal import mask_data


class ScopedViewMixin:
    """One door for pages: rows in the user's scope, and the policy action the view takes.

    ``action`` names what the view does in the access policy (``view``, ``add``,
    ``change``, ``delete``, ``approve`` …). Objects are looked up in the user's scope first,
    so an object outside it is 404 even for writes; then a role the policy does not allow
    the action gets 403.
    """

    model: type[Model]
    request: HttpRequest
    action = "view"
    nav = ""

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.for_user(self.request.user)  # type: ignore[attr-defined]

    def get_object(self, queryset: QuerySet | None = None) -> Model:
        obj = super().get_object(queryset)  # type: ignore[misc]
        self.check_permission()
        return obj

    def check_permission(self) -> None:
        """Raise PermissionDenied (403) unless the policy lets the user take ``action`` here."""
        require(self.request.user, self.action, self.model)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["nav"] = self.nav
        context["model_name"] = self.model._meta.verbose_name
        return context


class ScopedCreateMixin(ScopedViewMixin):
    """For create views: there is no object to look up, so check the role on every request."""

    action = "add"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.request = request
            self.check_permission()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class AccessMixin:
    """For pages that are not about one scoped model: ``access = (action, target)`` asked on every request.

    A role the policy does not allow gets 403 (with ``access_message`` when given); the page
    itself still reads only through scoped querysets.
    """

    access: tuple[str, str]
    access_message: str | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            action, target = self.access
            require(request.user, action, target, self.access_message)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def user_jobs(user: Any) -> QuerySet:
    """Jobs a user may see: his own (administrators: all in scope). Stale jobs are failed first."""
    from jingzhun.core.jobs import jobs_housekeeping
    from jingzhun.core.models import Job

    if not user.is_authenticated:
        return Job.objects.none()
    jobs_housekeeping()
    jobs = Job.objects.for_user(user)
    return jobs if user.is_superuser else jobs.filter(created_by=user)


class JobDetailView(DetailView):
    """后台任务进度: polled by htmx every second until the job is finished."""

    access = AUTHENTICATED  # only the user's own jobs (``user_jobs``)

    template_name = "core/job_detail.html"

    def get_queryset(self) -> QuerySet:
        return user_jobs(self.request.user)

    def get_template_names(self) -> list[str]:
        if self.request.headers.get("HX-Request"):
            return ["core/_job_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        try:
            context["result_template"] = get_template(f"core/job_results/{self.object.kind}.html")
        except TemplateDoesNotExist:
            context["result_template"] = None
        # Row errors of an import quote ID numbers: pages show them masked, like everything else.
        context["shown_result"] = mask_data(self.object.result)
        return context


class JobDownloadView(View):
    """The job's output file (an export, an error workbook) for the user who started it."""

    access = AUTHENTICATED  # only the user's own jobs (``user_jobs``)

    def get(self, request: HttpRequest, pk: str) -> FileResponse:
        job = get_object_or_404(user_jobs(request.user), pk=pk)
        if not job.output_file:
            raise Http404(_("该任务没有结果文件（含个人敏感信息的文件到期后自动删除）。"))
        if job.personal_data:  # every download of a file with personal data in full, administrators' too
            with audit_context(actor=request.user):
                record_event(
                    action=AuditAction.EXPORT_PERSONAL,
                    instance=job,
                    object_repr=_("下载含个人敏感信息的文件：%(title)s") % {"title": job.title},
                    region_code=job.region_code,
                    after={"file": job.params.get("output_name", ""), "result": job.result},
                    reason="",
                )
        return FileResponse(job.output_file.open("rb"), as_attachment=True, filename=job.params.get("output_name"))


class JobRestartView(View):
    """重新运行: start a failed job of the user's again (same parameters and file)."""

    access = AUTHENTICATED  # only the user's own jobs (``user_jobs``)
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: str) -> HttpResponse:
        from jingzhun.core.jobs import job_restart

        job = get_object_or_404(user_jobs(request.user), pk=pk)
        try:
            new = job_restart(job=job, user=request.user)
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=400)
        return redirect("jobs:detail", pk=new.pk)


class AttachmentDownloadView(View):
    """佐证材料下载: the file, only if the user may see the object it belongs to (else 404)."""

    access = ("view", "core.Attachment")

    def get(self, request: HttpRequest, pk: str) -> FileResponse:
        from jingzhun.core.evidence import attachment_owner_visible
        from jingzhun.core.models import Attachment

        attachment = get_object_or_404(Attachment, pk=pk)
        if not attachment_owner_visible(attachment, request.user):
            raise Http404(_("没有找到该材料。"))
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
