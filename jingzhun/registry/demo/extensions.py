"""What the other apps add to the demo registry (their demo data stands on its households).

An app above the registry joins ``generate_demo`` by defining, in its own ``demo`` module::

    def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str

which writes its rows for the demo just generated and returns the lines to print (or ""). The
modules are found by name, as Django's admin finds ``admin`` modules, so the registry never
imports an app above it.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def demo_extensions_run(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> list[str]:
    """Run every installed app's ``demo_extend`` in INSTALLED_APPS order; return their summaries."""
    summaries = []
    for config in apps.get_app_configs():
        if not config.name.startswith("jingzhun.") or not module_has_submodule(config.module, "demo"):
            continue
        extend = getattr(import_module(f"{config.name}.demo"), "demo_extend", None)
        if extend is None:
            continue
        summary = extend(scale=scale, households=households, seed=seed, year=year, replace=replace)
        if summary:
            summaries.append(summary)
    return summaries
