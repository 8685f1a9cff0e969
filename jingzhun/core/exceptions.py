"""Exceptions shared by the services of every app."""

from django.core.exceptions import ValidationError


class ConflictError(ValidationError):
    """Someone else saved the row since the user opened it (optimistic locking)."""
