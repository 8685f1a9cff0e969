"""Turn the exceptions of services into API errors: 409, 400 with field keys, 403."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status, views
from rest_framework.settings import api_settings

from jingzhun.core.exceptions import ConflictError


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("该记录已被他人修改，请刷新后重新修改。")
    default_code = "conflict"


@contextmanager
def service_errors() -> Iterator[None]:
    """Turn the exceptions of a registry service into API errors (409, 400 with field keys, 403)."""
    try:
        yield
    except ConflictError as exc:  # a ValidationError too, so it must come first
        raise Conflict(" ".join(exc.messages)) from exc
    except DjangoValidationError as exc:
        detail = serializers.as_serializer_error(exc)
        if NON_FIELD_ERRORS in detail:
            detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
        raise serializers.ValidationError(detail) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(" ".join(str(arg) for arg in exc.args) or None) from exc


def exception_handler(exc: Exception, context: dict) -> Any:
    """DRF's handler, keeping the Chinese message of a Django PermissionDenied raised by the policy door."""
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(" ".join(str(arg) for arg in exc.args) or None)
    return views.exception_handler(exc, context)
