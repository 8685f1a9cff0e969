"""Pages of the business parameters (业务参数): the list with the values in force, one parameter with its history.

Every logged-in user may read them (they are the rules the pages apply); only the city office
and administrators change them (``parameter_set`` says who).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from jingzhun.core.forms import ParameterDeleteForm, ParameterForm
from jingzhun.core.models import AuditEvent, Parameter
from jingzhun.core.parameters import (
    Declaration,
    ParameterUndeclared,
    declaration,
    declarations,
    parameter_delete,
    parameter_editor,
    parameter_rows_in_force,
    parameter_set,
)
from jingzhun.core.regioncodes import region_prefix, significant_prefix


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else timezone.localdate().year


def _region(request: HttpRequest) -> str:
    """The region whose values are shown: ``?region=``, else the user's own ("" for administrators)."""
    chosen = region_prefix(request.GET.get("region", ""))
    if chosen is not None:
        return chosen
    region_id = getattr(request.user, "region_id", None)
    return significant_prefix(region_id) if region_id else ""


def _group_label(group: str) -> str:
    try:
        return str(apps.get_app_config(group).verbose_name)
    except LookupError:
        return group


class ParameterListView(TemplateView):
    """业务参数: every declared parameter with the value in force for a year and a region (one query)."""

    template_name = "core/parameter_list.html"
    access = ("view", "core.Parameter")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year, region = _year(self.request), _region(self.request)
        rows = parameter_rows_in_force(year=year, region=region)
        groups: dict[str, list[dict[str, Any]]] = {}
        for name, declared in declarations().items():
            row = rows.get(name)
            value = row.typed_value if row is not None else declared.default
            groups.setdefault(_group_label(declared.group), []).append(
                {"declaration": declared, "row": row, "value": declared.display(value)}
            )
        editor = parameter_editor(self.request.user)
        context.update(nav="parameters", year=year, region=region, groups=groups, editor=editor)
        return context


class ParameterDetailView(TemplateView):
    """One parameter: its declaration, every stored value, its change history and, for the city office, the form."""

    access = ("view", "core.Parameter")

    template_name = "core/parameter_detail.html"
    declared: Declaration

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            self.declared = declaration(kwargs["name"])
        except ParameterUndeclared:
            raise Http404(_("没有这个业务参数。")) from None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        declared = self.declared
        year, region = _year(self.request), _region(self.request)
        in_force = parameter_rows_in_force(year=year, region=region, prefix=declared.name).get(declared.name)
        editor = parameter_editor(self.request.user)
        form = kwargs.get("form")
        if form is None and editor:
            initial = {"year_from": year, "region": region, "value": declared.display(declared.default)}
            if in_force is not None:
                initial.update(value=in_force.display_value, source=in_force.source)
            form = ParameterForm(initial=initial, example=declared.type.example, multiline=declared.type.multiline)
        context.update(
            nav="parameters",
            declaration=declared,
            default=declared.display(declared.default),
            year=year,
            region=region,
            in_force=in_force,
            rows=Parameter.objects.filter(name=declared.name).select_related("changed_by"),
            # Parameter changes are not data of a region: the whole history is shown to every reader.
            history=AuditEvent.objects.for_root(Parameter._meta.label, declared.name)[:50],
            editor=editor,
            form=form,
            delete_form=ParameterDeleteForm() if editor else None,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not parameter_editor(request.user):
            raise PermissionDenied(_("只有市级指挥部办公室和系统管理员可以修改业务参数。"))
        form = ParameterForm(request.POST, example=self.declared.type.example, multiline=self.declared.type.multiline)
        if form.is_valid():
            data = form.cleaned_data
            try:
                parameter_set(
                    user=request.user,
                    name=self.declared.name,
                    value=data["value"],
                    year_from=data["year_from"],
                    year_to=data["year_to"],
                    region=data["region"],
                    source=data["source"],
                    reason=data["reason"],
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("已保存“%(label)s”的新取值。") % {"label": self.declared.label})
                return HttpResponseRedirect(reverse("parameters:detail", args=[self.declared.name]))
        return self.render_to_response(self.get_context_data(form=form, **kwargs))


def _errors_to_form(form: ParameterForm, exc: ValidationError) -> None:
    """Show the service's errors on the form fields they concern (the rest above the form)."""
    fields = {"region_prefix": "region", "year_from": "year_from", "year_to": "year_to", "value": "value"}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        target = fields.get(field, field if field in form.fields else None)
        form.add_error(target, errors)


class ParameterDeleteView(View):
    """Delete one stored value (the value in force falls back to an older row or to the default)."""

    access = ("delete", "core.Parameter")

    def post(self, request: HttpRequest, name: str, pk: int) -> HttpResponse:
        if not parameter_editor(request.user):
            raise PermissionDenied(_("只有市级指挥部办公室和系统管理员可以修改业务参数。"))
        parameter = get_object_or_404(Parameter, name=name, pk=pk)
        form = ParameterDeleteForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请说明删除原因。"))
        else:
            parameter_delete(user=request.user, parameter=parameter, reason=form.cleaned_data["reason"])
            messages.success(request, _("已删除该取值。"))
        return HttpResponseRedirect(reverse("parameters:detail", args=[name]))
