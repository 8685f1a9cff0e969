"""Declarative ledger pages (NetBox's generic views): list, export, detail, edit, delete, attachments.

An app declares a table, a filter set and a form, and routes them with ``ledger_urls``::

    urlpatterns = ledger_urls(
        "records", ExitRecord, list=ExitRecordListView, detail=True, edit=ExitRecordEditView, delete=True
    )

Every view is a ``ScopedViewMixin``: rows come from ``for_user`` (404 outside the scope), the
policy action each view takes is declared (``view``, ``export``, ``add``, ``change``,
``delete``) and checked (403), and ``tests/test_access_matrix.py`` walks the routes.
Writes go through ``core.services`` (``ledger_save``, ``ledger_delete``, ``ledger_lock``).
Personal data is masked unless the role may ``reveal`` it and asks (``?unmask=1``); an
unmasked page or export is logged, and every export leaves an audit event.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms.models import modelform_factory
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from jingzhun.core import formatting
from jingzhun.core.access import allows, require
from jingzhun.core.audit import audit_context, record_event
from jingzhun.core.choices import AuditAction
from jingzhun.core.evidence import attachments_add, attachments_for
from jingzhun.core.exceptions import ConflictError
from jingzhun.core.filters import LedgerFilterSet
from jingzhun.core.forms import LedgerForm
from jingzhun.core.ledger import personal_fields_of
from jingzhun.core.models import AuditEvent
from jingzhun.core.regioncodes import pad_code, region_prefix
from jingzhun.core.scoping import user_may_see_code
from jingzhun.core.services import ledger_delete, ledger_lock, ledger_save, personal_data_log
from jingzhun.core.tables import MASKS, LedgerTable, table_workbook_write
from jingzhun.core.uploads import accept_attribute
from jingzhun.core.views import ScopedViewMixin

ROUTES = ("list", "export", "create", "detail", "edit", "delete", "attachments")


class LedgerViewMixin(ScopedViewMixin):
    """What the generic views share: the model, the route names of its ledger, the page title.

    ``ledger_urls`` sets ``model``, ``ledger_name`` (route names ``<ledger_name>-list`` …),
    ``routes`` (which of them exist) and ``lookup`` on a subclass per route.
    """

    model: Any = None
    ledger_name = ""
    routes: tuple[str, ...] = ()
    lookup = "pk"
    title: Any = ""
    kwargs: dict[str, Any]

    def ledger_url(self, route: str, obj: models.Model | None = None) -> str | None:
        """Return the URL of another page of this ledger (None if it has no such route)."""
        if route not in self.routes:
            return None
        match = getattr(self.request, "resolver_match", None)
        namespace = match.namespace if match is not None else ""
        name = f"{self.ledger_name}-{route}"
        args = [getattr(obj, self.lookup)] if obj is not None else []
        return reverse(f"{namespace}:{name}" if namespace else name, args=args)

    def get_title(self) -> str:
        return self.title or str(self.model._meta.verbose_name_plural)

    def reveal_requested(self) -> bool:
        """Return True if the user asks for personal data unmasked (and may: else 403)."""
        if self.request.GET.get("unmask") != "1":
            return False
        require(self.request.user, "reveal", self.model, _("当前角色无权查看完整的个人敏感信息。"))
        return True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        obj = kwargs.get("object")
        context.update(
            title=self.get_title(),
            verbose_name=self.model._meta.verbose_name,
            urls={route: self.ledger_url(route) for route in ("list", "export", "create")}
            | (
                {route: self.ledger_url(route, obj) for route in ("detail", "edit", "delete", "attachments")}
                if obj is not None
                else {}
            ),
            can={
                action: allows(user, action, self.model) for action in ("add", "change", "delete", "export", "reveal")
            },
        )
        return context


class LedgerListView(LedgerViewMixin, TemplateView):
    """台账列表: the filtered rows in the user's scope as a table, sorted (``?sort=``) and paginated.

    Subclasses set ``table_class`` and ``filterset_class`` and may narrow ``get_queryset``
    (``select_related`` for the columns shown).
    """

    template_name = "core/ledger/list.html"
    table_class: type[LedgerTable] = LedgerTable
    filterset_class: type[LedgerFilterSet] | None = None
    paginate_by = 50
    export_label = gettext_lazy("导出 Excel")
    # Where "新增" leads when rows are not made by the ledger's own form (e.g. a screening page).
    create_url_name = ""
    create_label: Any = ""
    export_filename: Any = ""

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.for_user(self.request.user, self.action)

    def get_filterset(self, queryset: QuerySet) -> LedgerFilterSet | None:
        if self.filterset_class is None:
            return None
        return self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)

    def filtered(self) -> QuerySet:
        """Return the scoped rows the filters select (none when a filter value is invalid)."""
        queryset = self.get_queryset()
        self.filterset = self.get_filterset(queryset)
        if self.filterset is None:
            return queryset
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_table(self, data: Any, *, reveal: bool = False) -> LedgerTable:
        table = self.table_class(data, reveal=reveal, request=self.request)
        if "detail" in self.routes:
            table.row_url = lambda record: self.ledger_url("detail", record)
        table.order_by = self.request.GET.get("sort") or table.order_by
        return table

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        reveal = self.reveal_requested()
        self.object_list = self.filtered()
        table = self.get_table(self.object_list, reveal=reveal)
        paginator = Paginator(table.rows, self.paginate_by)
        table.paginator = paginator
        table.page = paginator.get_page(request.GET.get("page"))
        records = [row.record for row in table.page.object_list]
        table.prepare(records)
        if reveal and table.has_personal_columns():
            personal_data_log(
                user=request.user, model=self.model, count=len(records), export=False, description=self.get_title()
            )
        context = self.get_context_data(
            table=table,
            filter=self.filterset,
            page_obj=table.page,
            paginator=paginator,
            object_list=records,
            reveal=reveal,
            export_label=self.export_label,
            create_label=self.create_label,
        )
        if self.create_url_name:
            context["urls"]["create"] = reverse(self.create_url_name)
        return self.render_to_response(context)


class LedgerExportView(LedgerListView):
    """The list as an Excel workbook: the same filters, order and columns (every page); audited."""

    action = "export"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:  # type: ignore[override]
        self.check_permission()
        reveal = self.reveal_requested()
        table = self.get_table(self.filtered(), reveal=reveal)
        out = io.BytesIO()
        title = self.export_filename or self.get_title()
        count = table_workbook_write(table, out, sheet_name=self.get_title())
        filters = {k: v for k, v in request.GET.items() if k not in ("page", "unmask") and v}
        if reveal and table.has_personal_columns():
            personal_data_log(
                user=request.user,
                model=self.model,
                count=count,
                export=True,
                description=_("导出%(title)s（含完整个人敏感信息）") % {"title": title},
            )
        else:
            with audit_context(actor=request.user):
                record_event(
                    action=AuditAction.EXPORT,
                    model_label=self.model._meta.label,
                    object_pk="*",
                    object_repr=_("导出%(title)s") % {"title": title},
                    region_code=export_region_code(request.user, str(filters.get("region", ""))),
                    after={"count": count, "filters": filters},
                    reason="",
                )
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=f"{title}.xlsx")  # type: ignore[return-value]


class LedgerObjectMixin(LedgerViewMixin):
    """Views of one row: found in the user's scope (404), then the policy action (403)."""

    object: Any = None

    def get_object(self, queryset: QuerySet | None = None) -> Any:
        # A role that may not see this ledger at all is refused (403) before any lookup: the
        # answer then says nothing about which rows exist.
        require(self.request.user, "view", self.model)
        queryset = self.get_queryset() if queryset is None else queryset
        value = self.kwargs.get(self.lookup)
        try:
            obj = queryset.get(**{self.lookup: value})
        except (queryset.model.DoesNotExist, ValueError, ValidationError):
            raise Http404(_("没有找到该记录，或它不在您的管辖范围内。")) from None
        self.check_permission()
        return obj


def parents_of(model: type[models.Model]) -> list[str]:
    """The row's foreign keys: loaded with it, so its page names them (places, people) without a query each."""
    return [f.name for f in model._meta.concrete_fields if f.many_to_one]


def field_rows(obj: models.Model, names: Sequence[str] | None, *, reveal: bool) -> list[tuple[str, Any]]:
    """Return (label, shown value) of ``obj``'s fields, personal data masked unless ``reveal``."""
    model = type(obj)
    personal = set(personal_fields_of(model))
    if names is None:
        names = [f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key]
    rows = []
    for name in names:
        field = model._meta.get_field(name)
        display = getattr(obj, f"get_{name}_display", None)
        value = display() if display is not None else getattr(obj, name)
        if isinstance(value, bool):
            value = formatting.yes_no(value)
        elif name in personal and value and not reveal:
            value = MASKS[model.personal_fields[name]](str(value))  # type: ignore[attr-defined]
        rows.append((str(getattr(field, "verbose_name", name)), value))
    return rows


class LedgerDetailView(LedgerObjectMixin, TemplateView):
    """台账详情: the row's fields, its evidence (upload when allowed) and its change history."""

    template_name = "core/ledger/detail.html"
    fields: Sequence[str] | None = None

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.for_user(self.request.user).select_related(*parents_of(self.model))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        reveal = self.reveal_requested()
        if reveal and personal_fields_of(self.model):
            personal_data_log(user=request.user, model=self.model, count=1, export=False, description=str(self.object))
        context = self.get_context_data(
            object=self.object,
            rows=field_rows(self.object, self.fields, reveal=reveal),
            attachments=attachments_for(self.object),
            accept=accept_attribute("evidence"),
            history=AuditEvent.objects.for_root(*self.object_root())[:50],
            has_personal=bool(personal_fields_of(self.model)),
            reveal=reveal,
        )
        return self.render_to_response(context)

    def object_root(self) -> tuple[str, str]:
        root = getattr(self.object, "audit_root", None)
        return root() if root is not None else (self.model._meta.label, str(self.object.pk))


class LedgerEditView(LedgerObjectMixin, TemplateView):
    """新增 / 修改: a form saved through ``ledger_save`` with the version the user saw.

    On the create route (``action = "add"``) there is no row to find; on the edit route
    (``action = "change"``) the row is found in scope first (404), then the role (403).
    Subclasses set ``form_class`` (a ``LedgerForm``) or ``fields``.
    """

    template_name = "core/ledger/form.html"
    action = "change"
    form_class: type[forms.ModelForm] | None = None
    fields: Sequence[str] | str = "__all__"

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.for_user(self.request.user).select_related(*parents_of(self.model))

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.request, self.kwargs = request, kwargs
            if self.action == "add":
                self.check_permission()
                self.object = None
            else:
                self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self) -> type[forms.ModelForm]:
        if self.form_class is not None:
            return self.form_class
        return modelform_factory(self.model, form=LedgerForm, fields=self.fields)

    def get_form(self, data: Any = None, files: Any = None) -> forms.ModelForm:
        instance = self.object if self.object is not None else self.model()
        form_class = self.get_form_class()
        kwargs: dict[str, Any] = {"data": data, "files": files, "instance": instance}
        if issubclass(form_class, LedgerForm):
            kwargs["user"] = self.request.user
        return form_class(**kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=self.get_form(), object=self.object))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = self.save(form)
            except ValidationError as exc:
                form_errors_add(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return HttpResponseRedirect(self.get_success_url(saved))
        return self.render_to_response(self.get_context_data(form=form, object=self.object), status=400)

    @transaction.atomic
    def save(self, form: forms.ModelForm) -> models.Model:
        """Save the form's row through ``ledger_save`` (and its many-to-many fields after it)."""
        instance = form.save(commit=False)
        saved = ledger_save(
            user=self.request.user,
            instance=instance,
            expected_version=form.cleaned_data.get("version"),
            reason=form.cleaned_data.get("reason", ""),
        )
        form.save_m2m()
        return saved

    def get_success_url(self, obj: models.Model) -> str:
        return self.ledger_url("detail", obj) or self.ledger_url("list") or "/"


def form_errors_add(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it names one, else above it."""
    if isinstance(exc, ConflictError) or not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("删除原因"), max_length=500, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class LedgerDeleteView(LedgerObjectMixin, TemplateView):
    """删除: a confirmation page with a reason; the row is deleted through ``ledger_delete``."""

    template_name = "core/ledger/confirm_delete.html"
    action = "delete"

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.for_user(self.request.user)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(object=self.object, form=DeleteForm()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        form = DeleteForm(request.POST)
        if form.is_valid():
            try:
                ledger_delete(user=request.user, instance=self.object, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已删除。"))
                return HttpResponseRedirect(self.ledger_url("list") or "/")
        return self.render_to_response(self.get_context_data(object=self.object, form=form), status=400)


class LedgerAttachmentView(LedgerObjectMixin, TemplateView):
    """Add evidence files to a row (POST): the row locked in scope for ``change`` (404 / 403)."""

    action = "change"
    http_method_names = ["post"]

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.for_user(self.request.user)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        try:
            with transaction.atomic():
                locked = ledger_lock(user=request.user, model=self.model, pk=obj.pk, action="change")
                added = attachments_add(
                    user=request.user,
                    owner=locked,
                    files=request.FILES.getlist("files"),
                    label=request.POST.get("label", ""),
                )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            if added:
                messages.success(request, _("已上传 %(n)s 个佐证材料。") % {"n": len(added)})
            else:
                messages.error(request, _("请选择要上传的文件。"))
        return HttpResponseRedirect(self.ledger_url("detail", obj) or "/")


GENERIC = {
    "list": LedgerListView,
    "export": LedgerExportView,
    "detail": LedgerDetailView,
    "edit": LedgerEditView,
    "delete": LedgerDeleteView,
    "attachments": LedgerAttachmentView,
}


def _view_class(given: Any, route: str) -> Any:
    if given is None or given is False:
        return None
    return GENERIC[route] if given is True else given


def ledger_urls(
    prefix: str,
    model: type[models.Model],
    *,
    list: Any = None,
    detail: Any = None,
    edit: Any = None,
    delete: Any = None,
    export: Any = True,
    attachments: Any = None,
    name: str = "",
    lookup: str = "pk",
    converter: str = "int",
) -> list[URLPattern]:
    """Return the URL patterns of one ledger under ``prefix`` (e.g. ``"records"``).

    Each of ``list``, ``detail``, ``edit``, ``delete`` is a view class (a subclass of the
    generic one), ``True`` for the generic view as it is, or None to leave the page out.
    ``export`` (with a list) adds the Excel export of the list (``True``: the list view's
    class made an export; or an export class); ``attachments`` (default: with a detail page)
    the evidence upload. ``edit`` gives both the create page (``new/``, action ``add``)
    and the edit page (``<pk>/edit/``, action ``change``). Routes are named
    ``<name>-list``, ``-export``, ``-create``, ``-detail``, ``-edit``, ``-delete``,
    ``-attachments``; ``name`` defaults to the model's name (``exitrecord``).
    """
    name = name or model._meta.model_name or ""
    prefix = prefix.strip("/")
    base = f"{prefix}/" if prefix else ""
    item = f"{base}<{converter}:{lookup}>/"
    list_class = _view_class(list, "list")
    export_class: type[LedgerViewMixin] | None = None
    if list_class is not None and export is not None and export is not False:
        export_class = export if isinstance(export, type) else _export_of(list_class)
    if attachments is None:
        attachments = detail is not None and detail is not False
    views: dict[str, tuple[str, type[LedgerViewMixin] | None, str]] = {
        "list": (base, list_class, "view"),
        "export": (f"{base}export/", export_class, "export"),
        "create": (f"{base}new/", _view_class(edit, "edit"), "add"),
        "detail": (item, _view_class(detail, "detail"), "view"),
        "edit": (f"{item}edit/", _view_class(edit, "edit"), "change"),
        "delete": (f"{item}delete/", _view_class(delete, "delete"), "delete"),
        "attachments": (f"{item}attachments/", _view_class(attachments, "attachments"), "change"),
    }
    routes = tuple(route for route, (_route, cls, _a) in views.items() if cls is not None)
    patterns = []
    for route, (route_path, cls, action) in views.items():
        if cls is None:
            continue
        attrs = {"model": model, "ledger_name": name, "routes": routes, "lookup": lookup, "action": action}
        if route in ("list", "export") and table_missing(cls):
            # No table declared: one column per field of the model.
            attrs["table_class"] = tables.table_factory(model, LedgerTable)
        view: Any = type(f"{model.__name__}{cls.__name__}", (cls,), {**attrs, "__module__": cls.__module__})
        patterns.append(path(route_path, view.as_view(), name=f"{name}-{route}"))
    return patterns


def table_missing(view_class: type[Any]) -> bool:
    return getattr(view_class, "table_class", LedgerTable) is LedgerTable


def export_region_code(user: Any, value: str) -> str:
    """Return the region an export is filed under: the one its region filter picks (in scope), else the user's."""
    prefix = region_prefix(value) if value else None
    if prefix and user_may_see_code(user, pad_code(prefix)):
        return pad_code(prefix)
    return getattr(user, "region_id", None) or ""


def _export_of(list_class: type[LedgerViewMixin]) -> type[LedgerViewMixin]:
    """Return the export view of a list view class: the same table, filters and queryset, as a workbook."""
    if issubclass(list_class, LedgerExportView):
        return list_class
    return type(re.sub(r"ListView$", "", list_class.__name__) + "ExportView", (LedgerExportView, list_class), {})
