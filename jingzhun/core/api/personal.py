"""Personal data in the API: masked by the serializer, whatever view or action uses it.

``PersonalDataMixin`` goes first in the bases of every serializer whose rows hold personal
data. It applies the one rule of ``core.personal`` to the output: the model's declared
personal fields (plus ``personal_keys`` for annotations such as ``head_id_number``) are
masked, and every other text is scrubbed of ID numbers, phones and bank cards
(``mask_text``: a finding's message or key may quote an ID number). When the view put
``unmask`` in the context — the user asked with ``?unmask=1`` — the serializer checks that
the role may reveal personal data (403 otherwise) and logs the read itself: one event per
object, one per page of a list. So list, detail and action responses (justify, review …)
cannot show personal data without a log, and a view cannot forget it.

``PersonalField`` is the writable field for a personal value: a masked value sent back
unchanged keeps the stored one, so a client may send back what it has read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rest_framework import serializers

from jingzhun.core.personal import IDENTIFIERS, Disclosure, Kind, mask_data, mask_value, personal_fields, reveal_log
from jingzhun.core.personal import reveal_log_bulk as _reveal_log_bulk

TRUE_VALUES = frozenset({"1", "true", "yes", "on"})


def unmask_requested(request: Any) -> bool:
    """Return True if the request asks for personal data unmasked (``?unmask=1``)."""
    params = getattr(request, "query_params", None) or getattr(request, "GET", {})
    return str(params.get("unmask", "")).lower() in TRUE_VALUES


class PersonalField(serializers.CharField):
    """A personal value written in full and read masked (the serializer masks it).

    A masked value sent back unchanged keeps the stored one.
    """

    def __init__(self, *, kind: Kind, **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        instance = getattr(self.parent, "instance", None)
        if instance is not None and "*" in value:
            current = getattr(instance, str(self.source), "") or ""
            if current and value == mask_value(self.kind, current):
                return current
        return value


class PersonalListSerializer(serializers.ListSerializer):
    """A list of personal rows: one audit event for a page read unmasked, not one per row."""

    def to_representation(self, data: Any) -> list[Any]:
        child: Any = self.child
        child._bulk_reveals = []
        try:
            rows = super().to_representation(data)
            revealed = child._bulk_reveals
        finally:
            child._bulk_reveals = None
        if revealed:
            request = self.context.get("request")
            user = getattr(request, "user", None)
            model = type(revealed[0])
            query = "&".join(f"{k}={v}" for k, v in request.query_params.items()) if request is not None else ""
            _reveal_log_bulk(
                user=user,
                model_label=model._meta.label,
                description=f"API {model._meta.verbose_name} {query}"[:200],
                region_code=getattr(user, "region_id", None) or "",
                count=len(revealed),
                export=True,  # a page of rows at once: a bulk read, like an export
            )
        return rows


class PersonalDataMixin:
    """Mask the personal data of the rows (see the module); log what is shown unmasked."""

    # Output keys that hold personal data but are not model fields (annotations, display labels).
    personal_keys: ClassVar[Mapping[str, Kind]] = {}
    context: dict[str, Any]
    _bulk_reveals: list[Any] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        meta = getattr(cls, "Meta", None)
        if meta is not None and not hasattr(meta, "list_serializer_class"):
            meta.list_serializer_class = PersonalListSerializer

    def _disclosure(self, instance: Any) -> Disclosure:
        cached = self.context.get("_personal_disclosure")
        if cached is not None and cached.target is type(instance):
            return cached
        request = self.context.get("request")
        user = getattr(request, "user", None)
        disclosure = Disclosure(user, type(instance), unmask=bool(self.context.get("unmask")))
        self.context["_personal_disclosure"] = disclosure
        return disclosure

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)  # type: ignore[misc]
        disclosure = self._disclosure(instance)
        declared = {**personal_fields(instance), **self.personal_keys}
        shown: list[str] = []
        for key, value in data.items():
            if value in (None, ""):
                continue
            kind = declared.get(key)
            if kind is None:
                if not disclosure.unmask:
                    data[key] = mask_data(value)
            elif disclosure.shows(kind):
                if kind in IDENTIFIERS:
                    shown.append(key)
            else:
                data[key] = mask_value(kind, value)
        if shown:
            if self._bulk_reveals is not None:
                self._bulk_reveals.append(instance)
            else:
                reveal_log(user=disclosure.user, instance=instance, fields=shown)
        return data
