"""Hooks other apps fill, found by name (as ``generate_demo`` finds ``demo_extend``), never imported.

An installed app may define, in its own ``dispatch`` module:

- ``dispatch_extend(*, user, on) -> list[DispatchCount]``: counts per county for the weekly
  dispatch sheet (e.g. overdue rectification problems), see ``taskforce.dispatch``;
- ``target_achievements(*, year, regions) -> dict[str, dict[str, int]]``: what the official
  evaluations and exits achieved, per 12-digit region code, as ``{"people": n, "villages": n,
  "counties": n}`` (any of them), which the targets' pace reads instead of the numbers typed in.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps


def app_hooks(name: str) -> list[Callable[..., Any]]:
    """Return the functions ``name`` of the installed apps' ``dispatch`` modules (this app's aside)."""
    found = []
    for config in apps.get_app_configs():
        if config.name == "jingzhun.taskforce" or not config.name.startswith("jingzhun."):
            continue
        module = f"{config.name}.dispatch"
        if find_spec(module) is None:
            continue
        hook = getattr(import_module(module), name, None)
        if hook is not None:
            found.append(hook)
    return found
