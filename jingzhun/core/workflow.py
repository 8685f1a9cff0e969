"""The workflow engine (流程): a transition table per model, guarded, evidenced and logged steps.

A ledger row that goes through dated steps (a finding justified and reviewed, a budget change
requested and decided, a household's exit proposed, publicised and approved) declares its
workflow once, in its app's ``workflows.py`` (imported by the AppConfig's ``ready``)::

    from jingzhun.core.workflow import ANY, Deadline, Evidence, Transition, Workflow, not_by, register, stayed

    register(Workflow(
        ExitProcedure,
        field="status",                      # the state field (a CharField with choices)
        states=ExitStatus,                   # TextChoices or (value, Chinese label) pairs
        final=(ExitStatus.CLOSED,),          # no transition leaves these; not "waiting"
        deadline=Deadline("proposed_on", parameter="exits.review_days"),   # overdue in "my to-do"
        detail_url=lambda p: reverse("exits:detail", args=[p.pk]),
        transitions=[
            Transition("publicise", source=ExitStatus.VERIFIED, target=ExitStatus.PUBLICISED, label=_("村内公示"),
                       evidence=Evidence(_("公示照片"))),
            Transition("approve", source=ExitStatus.PUBLICISED, target=ExitStatus.APPROVED, label=_("乡镇审核"),
                       action="approve", note=True,
                       guards=[stayed(parameter="exits.publicity_days",
                                      message=_("公示须满 %(days)s 天，已公示 %(elapsed)s 天。")),
                               not_by("proposed_by"), standard_passes]),
        ],
    ))

The declarations:

- ``Workflow(model, *, states, transitions, field="status", label=None, final=(), deadline=None,
  detail_url=None, select_related=())`` — ``final`` states are left by no step and never
  wait; ``detail_url(obj)`` is where pages and the to-do list link (else
  ``get_absolute_url``); ``register(workflow)`` makes it known (one per model), and
  ``workflow_for(model | obj | "app.Model")`` / ``workflows()`` find it;
- ``Transition(name, source, target, label, *, action="change", roles=None, guards=(),
  evidence=None, note=False, note_label="说明", effect=None, refused="", offered=True,
  todo=True, style="primary")`` — ``source`` is a state, several, or ``ANY`` (every state but
  the final ones); ``effect(step: Step)`` sets the other fields (who decided, when) before the
  save; ``refused`` is the 403 message; ``offered=False`` is a step for services only;
  ``todo`` — in which source states the step is work waiting for its takers (True, False or
  a tuple of states); the name ``START`` (``"start"``) is the first log entry's;
- ``Evidence(label="佐证材料", required=True, kind="evidence")`` — the files a step takes;
- ``Deadline(field=None, *, days=None, parameter=None, states=(), label="已逾期")`` — overdue
  when ``field`` (None: entering the current state) plus N days has passed.

Then services and pages only call the engine:

- ``workflow_start(*, user, obj, note="", files=(), at=None)`` — the first log entry of a new
  object (its initial state), written by the service that created it;
- ``workflow_start_many(*, user, objects, note="", at=None, batch="")`` — the same first entry for
  many objects created in bulk (an import), one INSERT per few thousand rows;
- ``transition_run(*, user, obj, transition, note="", files=(), at=None)`` — lock the row in
  the user's scope (``OutOfScope``: 404, and a ``PermissionDenied`` for callers that catch
  refusals), ask the access policy for the transition's action (and ``roles``, if given) —
  403 —, then the state, the "who" guards (four-eyes: 403), the other guards, the note and
  the evidence (one ``ValidationError`` with every Chinese reason: ``__all__``, ``note``,
  ``files``); then set the state, run the transition's ``effect``, save (audited), store the
  files as ``core.Attachment`` of the object and write one ``TransitionLog`` — all in one
  transaction. ``at`` backdates the step (a meeting held yesterday); never in the future;
- ``transitions_batch(*, user, objects, transition, note="", files=(), at=None)`` — the
  same for many objects at once, all or nothing (every object's reasons in one error);
- ``transitions_available(user, obj)`` — every transition out of the current state, each
  with the reasons it is blocked (empty when it may be taken now);
- ``may_take(user, obj, transition)`` — would ``transition_run`` pass (note and files aside)?
- ``workflow_history(obj)`` — the log of one object with its evidence, oldest step first.

A guard is a ``Guard`` or any callable ``(obj, user) -> str | None`` returning a Chinese
reason when the step may not be taken. Helpers: ``stayed(days | parameter=, since=)`` (the
object has been in its state, or since a date field, for N days — N possibly a versioned
business parameter read for the object's year and region), ``not_by(field)`` (the user named
in a field may not take the step: the submitter may not approve), ``four_eyes(*transitions)``
(whoever took the last of those steps may not take this one), ``condition(func, q=…)`` (a
callable with the set-based form the to-do list uses). A guard with ``refuses=True`` is a
rule about who, answered with 403; the others are 400 with their reason.

The page fragment ``{% load workflow %}{% workflow_panel obj %}`` shows the history and a
form (note, evidence upload) for each step the user may take, posting to the one generic
view ``/workflow/<app_label.model>/<pk>/<transition>/`` (``workflow:transition``). "My
to-do" (``core.todo``) reads the same declarations, one query per workflow.

**The log is the workflow's audit trail.** ``TransitionLog`` is append-only (database
triggers, like ``AuditEvent``) and records who, when, from, to, which step, the note and the
evidence. The state change itself also reaches the one audit list: an audited model's save
writes its ``AuditEvent`` (before/after) with the step's label and note as the reason; for a
model that is not audited the engine writes that event itself. So every step appears once
in the audit list and once in the object's workflow history, never twice in either.

**Why hand-written rather than django-fsm-2 + django-fsm-log.** django-fsm declares
transitions as decorated model methods with boolean ``conditions`` and a ``permission``
callable; we need a declarative table that "my to-do" can read set-based (which states wait
for which role, with each guard's SQL form), guards that say *why* in Chinese (fsm's
conditions answer yes/no), required notes and evidence files, batch steps that are all or
nothing, roles from our one access policy and scoped row locks (404/403). django-fsm-log
writes its ``StateLog`` from a ``post_transition`` signal (domain flow through signals, which
STYLE §7 rules out), is neither append-only nor scoped, has no evidence and takes the actor
from a decorator argument. Wrapping both would leave most of the engine to write and put a
second audit table beside ours, and ``FSMField`` would mean migrating every state field.
What fsm itself does here — check the source state and assign the target — is a few lines.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jingzhun.core.access import allows, role_in
from jingzhun.core.audit import AuditedModel, audit_context, new_batch, record_event
from jingzhun.core.choices import AuditAction
from jingzhun.core.evidence import attachments_add
from jingzhun.core.models import Attachment, TransitionLog
from jingzhun.core.uploads import validate_upload
from jingzhun.core.workflow_guards import (
    Clock,
    Guard,
    condition,
    four_eyes,
    local_date,
    midnight,
    not_by,
    region_of,
    stayed,
)
from jingzhun.core.workflow_registry import REGISTRY

__all__ = [
    "ANY",
    "START",
    "Availability",
    "Deadline",
    "Evidence",
    "Guard",
    "HistoryEntry",
    "OutOfScope",
    "Step",
    "Transition",
    "Workflow",
    "condition",
    "four_eyes",
    "may_take",
    "not_by",
    "register",
    "stayed",
    "transition_run",
    "transitions_available",
    "transitions_batch",
    "workflow_for",
    "workflow_history",
    "workflow_start",
    "workflow_start_many",
    "workflows",
]

# A label shown to people: a str or a lazy translation (gettext_lazy).
Text = str | Promise

ANY = "*"  # a transition's source: every state but the final ones
START = "start"  # the name of the first log entry (workflow_start); no transition may use it


class OutOfScope(Http404, PermissionDenied):
    """The object is not in the user's scope: pages answer 404 (its existence is not disclosed);
    callers that catch ``PermissionDenied`` treat it as the refusal it also is."""


# -- declarations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """The files a step takes (佐证材料): what to upload, whether at least one is required, which kind.

    Files are checked once (``core.uploads``: extension, size, content) and stored as
    ``core.Attachment`` of the object, listed with the step in its log entry.
    """

    label: Text = "佐证材料"
    required: bool = True
    kind: str = "evidence"


@dataclass(frozen=True)
class Deadline:
    """When an object becomes overdue (逾期) in "my to-do": ``field`` (a date or datetime; None =
    the time it entered its current state, from the log) plus ``days`` or the business
    parameter ``parameter``, in ``states`` (default: every state but the final ones)."""

    field: str | None = None
    days: int | None = None
    parameter: str | None = None
    states: tuple[str, ...] = ()
    label: Text = "已逾期"

    def clock(self) -> Clock:
        return Clock(self.field, self.days, self.parameter)

    def due(self, workflow: Workflow, obj: Any) -> datetime.date | None:
        """Return the last day the object is on time (None if its clock has not started)."""
        clock = self.clock()
        started = clock.started(workflow, obj)
        if started is None:
            return None
        # The days in force this year, as the to-do list reads them (``overdue_q``).
        return started + datetime.timedelta(days=clock.days_for(region_of(obj), timezone.localdate().year))

    def overdue_q(self, workflow: Workflow, user: Any, at: datetime.datetime) -> Q:
        clock = self.clock()
        prefix = user.scope_prefix if user.scope_prefix != "-" else ""
        today = local_date(at)
        days = clock.days_for(prefix, today.year)
        states = self.states or tuple(s for s in workflow.states if s not in workflow.final)
        # Overdue when started + days < today, i.e. started on or before today - days - 1.
        late = clock.started_on_or_before_q(workflow, today - datetime.timedelta(days=days + 1))
        return Q(**{f"{workflow.field}__in": states}) & late


@dataclass(frozen=True)
class Step:
    """What an ``effect`` is given: the locked object (state already set), who, when, the note."""

    workflow: Workflow
    transition: Transition
    obj: Any
    user: Any
    note: str
    at: datetime.datetime
    from_state: str


@dataclass(frozen=True)
class Transition:
    """One step of a workflow: from ``source`` (a state, several, or ``ANY``) to ``target``.

    ``action`` is the access-policy action the step needs on the model (``change``,
    ``approve`` …); ``roles`` narrows it further when given. ``guards`` (``Guard`` objects or
    callables ``(obj, user) -> str | None``) must all pass. ``note``: a note is required
    (``note_label`` names it); ``evidence``: the files it takes. ``effect(step)`` sets the
    object's other fields (who approved, when, a reason) before it is saved. ``offered=False``
    keeps a step for services only (not on pages, not in the to-do list); ``todo=False``
    offers it without counting it as waiting work.
    """

    name: str
    source: str | Sequence[str]
    target: str
    label: Text
    action: str = "change"
    roles: frozenset[str] | None = None
    guards: Sequence[Guard | Callable[[Any, Any], str | None]] = ()
    evidence: Evidence | None = None
    note: bool = False
    note_label: Text = "说明"
    effect: Callable[[Step], None] | None = None
    refused: Text = ""
    offered: bool = True
    todo: bool | Sequence[str] = True
    style: str = "primary"

    def __post_init__(self) -> None:
        sources = (self.source,) if isinstance(self.source, str) else tuple(self.source)
        object.__setattr__(self, "source", sources)
        object.__setattr__(self, "guards", tuple(g if isinstance(g, Guard) else condition(g) for g in self.guards))

    @property
    def sources(self) -> tuple[str, ...]:
        return self.source  # type: ignore[return-value]  # a tuple since __post_init__

    @property
    def checks(self) -> tuple[Guard, ...]:
        return self.guards  # type: ignore[return-value]  # Guards since __post_init__

    def waits_in(self, state: str, workflow: Workflow) -> bool:
        """Return True if the step counts as waiting work for its takers when the object is in ``state``."""
        if not self.offered or not self.leaves(state, workflow):
            return False
        return self.todo if isinstance(self.todo, bool) else state in self.todo

    def leaves(self, state: str, workflow: Workflow) -> bool:
        """Return True if the step may start from ``state``."""
        if ANY in self.sources:
            return state not in workflow.final
        return state in self.sources


class Workflow:
    """The transition table of one model: its state field, states with Chinese labels, steps."""

    def __init__(
        self,
        model: type[models.Model],
        *,
        states: Any,
        transitions: Iterable[Transition],
        field: str = "status",
        label: Text | None = None,
        final: Iterable[str] = (),
        deadline: Deadline | None = None,
        detail_url: Callable[[Any], str] | None = None,
        select_related: Sequence[str] = (),
    ) -> None:
        self.model = model
        self.field = field
        choices = states.choices if hasattr(states, "choices") else list(states)
        self.states: dict[str, Text] = {str(value): text for value, text in choices}
        self.transitions: dict[str, Transition] = {}
        for transition in transitions:
            if transition.name in self.transitions or transition.name == START:
                raise ImproperlyConfigured(f"{self}: transition name {transition.name!r} is taken")
            self.transitions[transition.name] = transition
        self.label: Text = label or model._meta.verbose_name or model.__name__
        self.final = tuple(str(s) for s in final)
        self.deadline = deadline
        self._detail_url = detail_url
        self.select_related = tuple(select_related)
        self._validate()

    def __repr__(self) -> str:
        return f"<Workflow {self.model._meta.label}>"

    def _validate(self) -> None:
        try:
            self.model._meta.get_field(self.field)
            if self.deadline and self.deadline.field:
                self.model._meta.get_field(self.deadline.field)
        except FieldDoesNotExist as exc:
            raise ImproperlyConfigured(f"{self}: {exc}") from None
        if not hasattr(self.model._default_manager, "for_user"):
            raise ImproperlyConfigured(f"{self}: the model needs a scoped manager (ScopedQuerySet)")
        for transition in self.transitions.values():
            for state in (*transition.sources, transition.target):
                if state != ANY and state not in self.states:
                    raise ImproperlyConfigured(f"{self}: {transition.name} names an unknown state {state!r}")
            if transition.style not in ("primary", "danger", "secondary", "success", "warning"):
                raise ImproperlyConfigured(f"{self}: {transition.name} has an unknown style")

    @property
    def key(self) -> str:
        """The model's name in URLs: ``app_label.model`` in lower case (``quality.finding``)."""
        return self.model._meta.label_lower

    @property
    def content_type(self) -> Any:
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(self.model)

    def state_label(self, state: str) -> str:
        return str(self.states.get(state, state or "—"))

    def transition(self, name: str | Transition) -> Transition:
        """Return the step named ``name``; raise ``LookupError`` if the workflow has none."""
        if isinstance(name, Transition):
            name = name.name
        try:
            return self.transitions[name]
        except KeyError:
            raise LookupError(f"{self} has no transition {name!r}") from None

    def leaving(self, state: str) -> list[Transition]:
        """Return the steps that may start from ``state``, in declaration order."""
        return [t for t in self.transitions.values() if t.leaves(state, self)]

    def detail_url(self, obj: Any) -> str:
        if self._detail_url is not None:
            return self._detail_url(obj)
        getter = getattr(obj, "get_absolute_url", None)
        return getter() if getter else ""


def register(workflow: Workflow) -> Workflow:
    """Register ``workflow`` for its model (one per model) and return it."""
    label = workflow.model._meta.label
    if label in REGISTRY and REGISTRY[label] is not workflow:
        raise ImproperlyConfigured(f"{label} already has a workflow")
    REGISTRY[label] = workflow
    return workflow


def workflows() -> list[Workflow]:
    """Return every registered workflow."""
    return list(REGISTRY.values())


def workflow_for(target: Any) -> Workflow:
    """Return the workflow of a model, an instance or a label (``quality.Finding`` or ``quality.finding``).

    Raise ``LookupError`` if none is registered.
    """
    if isinstance(target, str):
        for workflow in REGISTRY.values():
            if target in (workflow.model._meta.label, workflow.key):
                return workflow
        raise LookupError(f"no workflow for {target!r}")
    model: Any = target if isinstance(target, type) else type(target)
    label = model._meta.concrete_model._meta.label
    if label not in REGISTRY:
        raise LookupError(f"no workflow for {label}")
    return REGISTRY[label]


# -- asking ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Availability:
    """One step out of the object's current state and why the user may not take it now (empty: he may)."""

    transition: Transition
    reasons: tuple[str, ...] = ()
    by_role: bool = False  # refused by the access policy: pages do not offer it at all
    refuses: bool = False  # refused by a rule about who (four-eyes)

    @property
    def allowed(self) -> bool:
        return not self.reasons


def _role_reason(user: Any, workflow: Workflow, transition: Transition) -> str | None:
    if allows(user, transition.action, workflow.model) and role_in(user, transition.roles):
        return None
    return str(transition.refused or _("当前角色不能办理“%(step)s”。") % {"step": transition.label})


def _now(at: datetime.date | datetime.datetime | None) -> datetime.datetime:
    if at is None:
        return timezone.now()
    if not isinstance(at, datetime.datetime):
        return midnight(at)
    return at if timezone.is_aware(at) else timezone.make_aware(at)


def _availability(
    user: Any, workflow: Workflow, transition: Transition, obj: Any, at: datetime.datetime
) -> Availability:
    reason = _role_reason(user, workflow, transition)
    if reason:
        return Availability(transition, (reason,), by_role=True)
    state = getattr(obj, workflow.field)
    if not transition.leaves(state, workflow):
        message = _("“%(object)s”当前为“%(state)s”，不能办理“%(step)s”。")
        return Availability(
            transition, (message % {"object": obj, "state": workflow.state_label(state), "step": transition.label},)
        )
    refusals = [str(r) for g in transition.checks if g.refuses and (r := g.check(workflow, obj, user, at))]
    if refusals:
        return Availability(transition, tuple(refusals), refuses=True)
    reasons = [str(r) for g in transition.checks if not g.refuses and (r := g.check(workflow, obj, user, at))]
    return Availability(transition, tuple(reasons))


def transitions_available(
    user: Any, obj: Any, *, at: datetime.date | datetime.datetime | None = None, offered_only: bool = True
) -> list[Availability]:
    """Return each step out of ``obj``'s current state with the reasons it is blocked for ``user``.

    ``obj`` was read through the user's scope (a scoped view or queryset); this does not look
    it up again. Steps for services only (``offered=False``) are left out unless asked.
    """
    workflow = workflow_for(obj)
    when = _now(at)
    state = getattr(obj, workflow.field)
    return [
        _availability(user, workflow, t, obj, when) for t in workflow.leaving(state) if t.offered or not offered_only
    ]


def may_take(user: Any, obj: Any, transition: str | Transition) -> bool:
    """Return True if ``transition_run`` would let ``user`` take ``transition`` on ``obj`` now.

    Scope, role and guards are asked; the note and the files a step needs are not.
    """
    workflow = workflow_for(obj)
    step = workflow.transition(transition)
    if not workflow.model._default_manager.for_user(user).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        return False
    return _availability(user, workflow, step, obj, timezone.now()).allowed


# -- services ----------------------------------------------------------------------------------


def _actor(user: Any) -> Any:
    """The user to name in logs (None for the unsaved administrator of a management command)."""
    return user if user is not None and user.pk else None


def _lock(user: Any, workflow: Workflow, pks: Sequence[Any]) -> list[Any]:
    """Return the objects locked for this transaction, in ``pks`` order; OutOfScope if one is not in scope."""
    manager: Any = workflow.model._default_manager
    rows = manager.for_user(user).select_for_update(of=("self",)).filter(pk__in=list(pks)).order_by("pk")
    if workflow.select_related:
        rows = rows.select_related(*workflow.select_related)
    found = {obj.pk: obj for obj in rows}
    missing = [pk for pk in pks if pk not in found]
    if missing:
        raise OutOfScope(_("%(what)s不在您的管辖范围内。") % {"what": workflow.label})
    return [found[pk] for pk in pks]


def _check_when(when: datetime.datetime) -> None:
    if when > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"at": _("办理时间不能晚于当前时间。")})


def _check_files(step: Transition, files: Sequence[Any], errors: dict[str, list[str]]) -> None:
    if step.evidence is None:
        if files:
            errors.setdefault("files", []).append(_("“%(step)s”不需要上传材料。") % {"step": step.label})
        return
    if step.evidence.required and not files:
        errors.setdefault("files", []).append(_("请上传%(what)s。") % {"what": step.evidence.label})
    for upload in files:
        try:
            validate_upload(upload, kind=step.evidence.kind)
        except ValidationError as exc:
            errors.setdefault("files", []).extend(exc.messages)


def _check(
    user: Any,
    workflow: Workflow,
    step: Transition,
    objects: Sequence[Any],
    note: str,
    files: Sequence[Any],
    when: datetime.datetime,
) -> None:
    """Raise PermissionDenied (role, four-eyes) or one ValidationError with every reason, for every object."""
    reason = _role_reason(user, workflow, step)
    if reason:
        raise PermissionDenied(reason)
    several = len(objects) > 1
    blocked: list[str] = []
    for obj in objects:
        availability = _availability(user, workflow, step, obj, when)
        if availability.refuses:
            raise PermissionDenied("；".join(availability.reasons))
        for text in availability.reasons:
            blocked.append(f"{obj}：{text}" if several else text)
    errors: dict[str, list[str]] = {}
    if blocked:
        errors["__all__"] = blocked
    if step.note and not note.strip():
        errors["note"] = [_("请填写%(what)s。") % {"what": step.note_label}]
    _check_files(step, files, errors)
    if errors:
        raise ValidationError(errors)


def _write(
    user: Any,
    workflow: Workflow,
    step: Transition | None,
    obj: Any,
    *,
    note: str,
    when: datetime.datetime,
    batch: str,
    attachments: Sequence[Attachment],
) -> TransitionLog:
    """Set the state (a step) or record it (the start), save audited, and write the log entry."""
    from_state = getattr(obj, workflow.field)
    label = str(step.label if step is not None else _("发起"))
    if step is not None:
        setattr(obj, workflow.field, step.target)
        if any(f.name == "version" for f in obj._meta.concrete_fields):
            obj.version += 1  # a form opened before the step must not write the old state back
        if step.effect is not None:
            step.effect(Step(workflow, step, obj, user, note.strip(), when, from_state))
        reason = f"{label}：{note.strip()}" if note.strip() else label
        with audit_context(actor=_actor(user), reason=reason, batch=batch):
            obj.save()
            if not isinstance(obj, AuditedModel):
                record_event(
                    action=AuditAction.UPDATE,
                    instance=obj,
                    region_code=region_of(obj),
                    before={workflow.field: from_state},
                    after={workflow.field: step.target},
                )
    actor = _actor(user)
    log = TransitionLog(
        content_type=workflow.content_type,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        transition=step.name if step is not None else START,
        transition_label=label[:100],
        from_state=from_state if step is not None else "",
        to_state=getattr(obj, workflow.field),
        user=actor,
        user_name=getattr(actor, "username", "") or "system",
        at=when,
        note=note.strip(),
        region_code=region_of(obj),
        batch=batch,
    )
    log.save()
    if attachments:
        log.evidence.add(*attachments)
    return log


def _store(user: Any, owner: Any, step: Transition | None, files: Sequence[Any]) -> list[Attachment]:
    if not files:
        return []
    kind = step.evidence.kind if step is not None and step.evidence else "evidence"
    label = step.evidence.label if step is not None and step.evidence else _("佐证材料")
    return attachments_add(user=user, owner=owner, files=files, label=str(label), kind=kind)


@transaction.atomic
def workflow_start(
    *,
    user: Any,
    obj: Any,
    note: str = "",
    files: Iterable[Any] = (),
    at: datetime.date | datetime.datetime | None = None,
) -> TransitionLog:
    """Write the first log entry of a new object (its state as created) with the note and files.

    Called by the service that created ``obj``, which has already checked that ``user`` may.
    """
    workflow = workflow_for(obj)
    when = _now(at)
    _check_when(when)
    uploads = [f for f in files if f]
    for upload in uploads:
        validate_upload(upload, kind="evidence")
    attachments = _store(user, obj, None, uploads)
    return _write(user, workflow, None, obj, note=note, when=when, batch="", attachments=attachments)


def workflow_start_many(
    *,
    user: Any,
    objects: Iterable[Any],
    note: str = "",
    at: datetime.date | datetime.datetime | None = None,
    batch: str = "",
) -> int:
    """Write the first log entry of many new objects of one workflow in bulk (an import's rows); return how many.

    The same entry as ``workflow_start`` without files, for rows saved by a bulk writer that
    has already checked that ``user`` may create them; one INSERT per few thousand rows.
    """
    from jingzhun.core.bulk import insert_rows

    objects = list(objects)
    if not objects:
        return 0
    workflow = workflow_for(objects[0])
    when = _now(at)
    _check_when(when)
    actor = _actor(user)
    label = str(_("发起"))
    fields = (
        "content_type_id",
        "object_id",
        "object_repr",
        "transition",
        "transition_label",
        "from_state",
        "to_state",
        "user_id",
        "user_name",
        "at",
        "recorded_at",
        "note",
        "region_code",
        "batch",
    )
    content_type_id = workflow.content_type.pk
    user_id = getattr(actor, "pk", None)
    user_name = getattr(actor, "username", "") or "system"
    now = timezone.now()
    note = note.strip()
    rows = (
        (
            content_type_id,
            str(obj.pk),
            str(obj)[:200],
            START,
            label,
            "",
            getattr(obj, workflow.field),
            user_id,
            user_name,
            when,
            now,
            note,
            region_of(obj),
            batch,
        )
        for obj in objects
    )
    insert_rows(TransitionLog, fields, rows)
    return len(objects)


@transaction.atomic
def transition_run(
    *,
    user: Any,
    obj: Any,
    transition: str | Transition,
    note: str = "",
    files: Iterable[Any] = (),
    at: datetime.date | datetime.datetime | None = None,
) -> TransitionLog:
    """Take one step on ``obj`` for ``user`` and return its log entry (``log.subject`` is the saved object).

    Raise ``OutOfScope`` (404) if the object is not in the user's scope, ``PermissionDenied``
    (403) if the policy or a four-eyes rule refuses, ``ValidationError`` (every reason:
    state, guards, note, files) otherwise; nothing is written then.
    """
    workflow = workflow_for(obj)
    step = workflow.transition(transition)
    when = _now(at)
    _check_when(when)
    [locked] = _lock(user, workflow, [obj.pk])
    uploads = [f for f in files if f]
    _check(user, workflow, step, [locked], note, uploads, when)
    attachments = _store(user, locked, step, uploads)
    log = _write(user, workflow, step, locked, note=note, when=when, batch="", attachments=attachments)
    log.subject = locked
    return log


@transaction.atomic
def transitions_batch(
    *,
    user: Any,
    objects: Iterable[Any],
    transition: str | Transition,
    note: str = "",
    files: Iterable[Any] = (),
    at: datetime.date | datetime.datetime | None = None,
) -> list[TransitionLog]:
    """Take the same step on many objects of one model at once: all of them, or none.

    Every object is checked first (the error lists each blocked object with its reasons);
    then every step is written in one transaction under one batch id (shared by the log
    entries and the audit events). Files are stored once, with the first object, and listed
    in every entry. For the objects picked on a page (tens to hundreds), not whole registries.
    """
    items = list(objects)
    if not items:
        return []
    workflow = workflow_for(items[0])
    if any(workflow_for(o) is not workflow for o in items):
        raise ValueError("transitions_batch takes objects of one model")
    step = workflow.transition(transition)
    when = _now(at)
    _check_when(when)
    pks = list(dict.fromkeys(o.pk for o in items))
    locked = _lock(user, workflow, pks)
    uploads = [f for f in files if f]
    _check(user, workflow, step, locked, note, uploads, when)
    attachments = _store(user, locked[0], step, uploads)
    batch = new_batch()
    logs = []
    for obj in locked:
        log = _write(user, workflow, step, obj, note=note, when=when, batch=batch, attachments=attachments)
        log.subject = obj
        logs.append(log)
    return logs


@dataclass
class HistoryEntry:
    log: TransitionLog
    from_label: str
    to_label: str
    files: list[Attachment] = field(default_factory=list)


def workflow_history(obj: Any) -> list[HistoryEntry]:
    """Return the log of ``obj`` with state labels and evidence, oldest step first (two queries)."""
    workflow = workflow_for(obj)
    logs = list(TransitionLog.objects.of(obj).prefetch_related("evidence"))
    return [
        HistoryEntry(
            log,
            workflow.state_label(log.from_state) if log.from_state else "",
            workflow.state_label(log.to_state),
            list(log.evidence.all()),
        )
        for log in logs
    ]
