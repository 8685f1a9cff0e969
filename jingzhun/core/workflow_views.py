"""Pages of the workflow engine: one generic transition view, an object's workflow page, my to-do.

Every step of every workflow is posted to ``/workflow/<app_label.model>/<pk>/<transition>/``:
the object is looked up in the user's scope (404), then ``transition_run`` asks the policy
for the step's action (403) and checks state, guards, note and files (400 with the form
again and every reason). After a step the user goes back to ``next`` (the page the panel
was on) or to the object's page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from jingzhun.core.access import AUTHENTICATED
from jingzhun.core.todo import todo_for, todo_objects
from jingzhun.core.uploads import accept_attribute
from jingzhun.core.views import AccessMixin
from jingzhun.core.workflow import Transition, Workflow, transition_run, workflow_for

# Anyone may open the workflow pages of the objects he can see; each step then asks the
# policy for its own action on the object's model (inside ``transition_run``).
WORKFLOW_ACCESS = ("view", "core.TransitionLog")
INPUT_CLASS = "form-control form-control-sm"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the checks of ``core.uploads`` run in the service)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": INPUT_CLASS}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class TransitionForm(forms.Form):
    """The form of one step: a note (required if the step says so) and its evidence files."""

    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )

    def __init__(self, transition: Transition, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.fields["note"].label = str(transition.note_label)
        self.fields["note"].required = transition.note
        if transition.evidence is not None:
            self.fields["files"] = MultipleFileField(
                label=str(transition.evidence.label),
                required=transition.evidence.required,
                widget=MultipleFileInput(
                    attrs={
                        "class": "form-control form-control-sm",
                        "accept": accept_attribute(transition.evidence.kind),
                    }
                ),
            )


def resolve(model: str, pk: str, user: Any) -> tuple[Workflow, Model]:
    """Return the workflow named in the URL and its object in the user's scope; 404 otherwise."""
    try:
        workflow = workflow_for(model)
        key = workflow.model._meta.pk.to_python(pk)  # type: ignore[union-attr]
    except (LookupError, ValidationError):
        raise Http404(_("没有找到该对象。")) from None
    obj = workflow.model._default_manager.for_user(user).filter(pk=key).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404(_("没有找到该对象。"))
    return workflow, obj


def _next_url(request: HttpRequest, workflow: Workflow, obj: Model) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return workflow.detail_url(obj) or reverse("workflow:object", args=[workflow.key, obj.pk])


class TransitionView(AccessMixin, View):
    """办理: POST one step of an object's workflow (note and evidence files in the form)."""

    access = WORKFLOW_ACCESS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, model: str, pk: str, transition: str) -> HttpResponse:
        workflow, obj = resolve(model, pk, request.user)
        step = workflow.transitions.get(transition)
        if step is None or not step.offered:
            raise Http404(_("没有这个操作。"))
        form = TransitionForm(step, request.POST, request.FILES)
        if form.is_valid():
            try:
                transition_run(
                    user=request.user,
                    obj=obj,
                    transition=step,
                    note=form.cleaned_data["note"],
                    files=form.cleaned_data.get("files") or [],
                )
            except ValidationError as exc:
                for name, errors in (
                    exc.message_dict.items() if hasattr(exc, "error_dict") else [("__all__", exc.messages)]
                ):
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("已办理：%(step)s。") % {"step": step.label})
                return HttpResponseRedirect(_next_url(request, workflow, obj))
        context = {
            "workflow": workflow,
            "object": obj,
            "state": workflow.state_label(getattr(obj, workflow.field)),
            "transition": step,
            "form": form,
            "back": _next_url(request, workflow, obj),
        }
        return render(request, "core/workflow_transition.html", context, status=400)


class WorkflowObjectView(AccessMixin, TemplateView):
    """流程: one object's state, history and the steps the user may take (the panel; alone for htmx)."""

    access = WORKFLOW_ACCESS
    template_name = "core/workflow_object.html"

    def get_template_names(self) -> list[str]:
        if self.request.headers.get("HX-Request"):
            return ["core/_workflow_panel_htmx.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        workflow, obj = resolve(kwargs["model"], kwargs["pk"], self.request.user)
        context.update(workflow=workflow, object=obj, detail_url=workflow.detail_url(obj))
        return context


class TodoView(TemplateView):
    """我的待办: every line of the user's to-do list; with ``?item=`` the objects of one line."""

    access = AUTHENTICATED  # the lines and objects are read through the user's scope
    template_name = "core/todo.html"
    paginate_by = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        items = todo_for(user)
        context.update(nav="todo", items=items)
        key = self.request.GET.get("item", "")
        if key:
            try:
                item, objects = todo_objects(user, key)
            except LookupError:
                raise Http404(_("没有这项待办。")) from None
            page = Paginator(objects, self.paginate_by).get_page(self.request.GET.get("page"))
            rows = [
                (obj, item.workflow.detail_url(obj) or reverse("workflow:object", args=[item.workflow.key, obj.pk]))
                for obj in page.object_list
            ]
            context.update(item=item, page_obj=page, rows=rows, is_paginated=page.has_other_pages())
        return context


class TodoPanelView(TemplateView):
    """The home page's to-do panel (loaded by htmx): counts per line, with links."""

    access = AUTHENTICATED  # counts of the user's own scope
    template_name = "core/_todo_panel.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["items"] = todo_for(self.request.user)
        return context
