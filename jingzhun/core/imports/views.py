"""The import page: upload form → background job → its progress page → result or error workbook."""

from __future__ import annotations

import io
from typing import Any, ClassVar

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.views import View
from django.views.generic import FormView

from jingzhun.core.imports.base import Importer
from jingzhun.core.imports.forms import ImportForm
from jingzhun.core.imports.jobs import spreadsheet_import_start


class ImportFormMixin:
    """For any page that takes an import's upload form: 403 for roles that may not import, the job on a valid form.

    Declare ``importer`` and ``form_class`` (an ``ImportForm``); ``import_form()`` binds the
    form to the request, ``import_start(form)`` starts the job and redirects to its page.
    """

    importer: ClassVar[type[Importer]]
    form_class: Any = ImportForm
    # A page that is only the import answers 403 on GET too; a list with an upload form sets False.
    import_page: ClassVar[bool] = True
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and (request.method == "POST" or self.import_page):
            self.importer.require_access(request.user)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def import_form(self) -> ImportForm:
        if self.request.method == "POST":
            return self.form_class(self.request.POST, self.request.FILES)
        return self.form_class()

    def import_start(self, form: ImportForm) -> HttpResponse:
        job = spreadsheet_import_start(
            importer=self.importer,
            user=self.request.user,
            upload=form.cleaned_data["file"],
            dry_run=bool(form.cleaned_data.get("dry_run")),
            options=form.import_options(),
            page=self.request.path,
        )
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))


class ImportView(ImportFormMixin, FormView):
    """导入: the upload form of one importer, its rules and the template to fill in."""

    template_name = "core/import.html"
    nav = ""

    @classmethod
    def for_importer(cls, importer: type[Importer], **attributes: Any) -> type[ImportView]:
        """Return this view for ``importer`` (``access`` declared for the access policy)."""
        return type(
            f"{importer.__name__}View",
            (cls,),
            {"importer": importer, "access": ("add", importer.access_label()), **attributes},
        )

    def get_form(self, form_class: Any = None) -> ImportForm:
        return self.import_form()

    def form_valid(self, form: ImportForm) -> HttpResponse:  # type: ignore[override]
        return self.import_start(form)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "importer": self.importer, "nav": self.nav}


class ImportTemplateView(View):
    """The empty workbook of an importer to fill in."""

    importer: ClassVar[type[Importer]]

    @classmethod
    def for_importer(cls, importer: type[Importer]) -> type[ImportTemplateView]:
        return type(
            f"{importer.__name__}TemplateView",
            (cls,),
            {"importer": importer, "access": ("view", importer.access_label())},
        )

    def get(self, request: HttpRequest) -> FileResponse:
        if not self.importer.template_filename:
            raise Http404
        out = io.BytesIO()
        self.importer.template_write(out)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=self.importer.template_filename)


def import_urls(
    importer: type[Importer], *, route: str = "import/", name: str = "import", **view: Any
) -> list[URLPattern]:
    """Return the import page of ``importer`` at ``route`` (and ``<route>template/`` for its template).

    ``view`` sets attributes of the page (``form_class``, ``template_name``, ``nav``).
    """
    patterns = [path(route, ImportView.for_importer(importer, **view).as_view(), name=name)]
    if importer.template_filename:
        template = ImportTemplateView.for_importer(importer).as_view()
        patterns.append(path(f"{route}template/", template, name=f"{name}-template"))
    return patterns
