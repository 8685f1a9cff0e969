"""Checks that the domain apps above quality add to the catalogue over their own ledgers.

An app defines, in its own ``quality_checks`` module, checks registered with
``quality.checks.base.check`` like the ones here (a set-based query returning households or
members annotated with ``q_message``). The modules are found by name when the app registry
is ready, as Django finds ``admin`` modules, so quality never imports an app above it.
"""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules


def checks_discover() -> None:
    """Import every installed app's ``quality_checks`` module (from ``QualityConfig.ready``)."""
    autodiscover_modules("quality_checks")
