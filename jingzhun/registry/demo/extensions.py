"""What the other apps add to the demo registry (their demo data stands on its households).

An app above the registry joins ``generate_demo`` by defining, in its own ``demo`` module::

    def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str

which writes its rows for the demo just generated and returns the lines to print (or ""). They
run in the order of INSTALLED_APPS, except that a module may set ``DEMO_ORDER`` (default 0; a
higher one runs later, e.g. checks over what every other app wrote). The modules are found by
name, as Django's admin finds ``admin`` modules, so the registry never imports an app above it.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def demo_extensions_run(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> list[str]:
    """Run every installed app's ``demo_extend`` in INSTALLED_APPS order; return their summaries."""
    modules = [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if config.name.startswith("jingzhun.") and module_has_submodule(config.module, "demo")
    ]
    summaries = []
    for module in sorted(modules, key=lambda m: getattr(m, "DEMO_ORDER", 0)):  # stable: apps' order otherwise
        extend = getattr(module, "demo_extend", None)
        if extend is None:
            continue
        summary = extend(scale=scale, households=households, seed=seed, year=year, replace=replace)
        if summary:
            summaries.append(summary)
    return summaries
