"""``{% workflow_panel obj %}``: an object's workflow history and the forms of the steps the user may take."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from jingzhun.core.workflow import transitions_available, workflow_for, workflow_history
from jingzhun.core.workflow_views import TransitionForm

register = template.Library()


@register.inclusion_tag("core/_workflow_panel.html", takes_context=True)
def workflow_panel(context: template.Context, obj: Any, compact: bool = False) -> dict[str, Any]:
    """Render the panel of ``obj`` (read through the user's scope by the page).

    ``compact=True`` (a row of a table): the steps only, each a one-line form, no history.
    Steps the user's role may not take are not shown; steps blocked for now (a guard, four-eyes,
    the state) are listed with their reasons.
    """
    request = context["request"]
    workflow = workflow_for(obj)
    options = transitions_available(request.user, obj)
    prefix = f"wf-{workflow.key.replace('.', '-')}-{obj.pk}-" if compact else ""
    actions = [
        (option, TransitionForm(option.transition, auto_id=f"{prefix}{option.transition.name}-%s"))
        for option in options
        if option.allowed
    ]
    state = getattr(obj, workflow.field)
    due = None
    if workflow.deadline is not None and not compact and state not in workflow.final:
        due = workflow.deadline.due(workflow, obj)
    return {
        "workflow": workflow,
        "object": obj,
        "state": state,
        "state_label": workflow.state_label(state),
        "actions": actions,
        "blocked": [o for o in options if not o.allowed and not o.by_role],
        "history": [] if compact else workflow_history(obj),
        "compact": compact,
        "prefix": prefix,
        "due": due,
        "overdue": due is not None and due < timezone.localdate(),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
