"""The registered workflows by model label: filled by ``core.workflow.register``, read there and by
the workflow log's scoped queryset (``core.models.TransitionLogQuerySet``), which cannot import
the engine (the engine imports the models)."""

from typing import Any

REGISTRY: dict[str, Any] = {}
