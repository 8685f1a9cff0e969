"""What the apps add to the access matrix (``tests/test_access_matrix.py``).

An app with pages or API endpoints that take an object brings its own part of the matrix in
``jingzhun/<app>/tests/matrix.py`` (found by name, as Django finds ``admin`` modules), so that
no app edits the matrix itself::

    from tests.matrix import ledger_samples

    def world_extend(world, personas):  # optional: the app's sample objects, in the sample village
        visit = visit_save(user=personas["city"], ...)
        return {"visit": visit}

    SAMPLES = [*ledger_samples("assistance/visits/", "visit", api="assistance/visits")]

    def sees(name, user, visibility, world):  # optional: the app's own visibility kinds
        if visibility == "unit":
            return ...
        return None  # not mine: the matrix decides

``world`` holds the matrix's objects (``village``: the first village of 汉滨区, ``household``
in it, ``project``, ``finding`` …) and ``personas`` the users by name (``city``, ``county``,
``township``, ``village``, ``sector``, ``helping_unit``, ``cooperation``, ``inspector``,
``outsider``, ``admin``).
"""

from __future__ import annotations

import re
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps


def app_matrices() -> list[ModuleType]:
    """Return the ``tests.matrix`` modules of the installed apps, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.matrix"
        if config.name.startswith("jingzhun.") and find_spec(f"{config.name}.tests") and find_spec(name):
            modules.append(import_module(name))
    return modules


def ledger_samples(url_prefix, sample, visibility="place", *, api=None, lookup="pk"):
    """Return the SAMPLES rows of a ledger routed by ``core.generic.ledger_urls`` (and its API).

    ``url_prefix`` is where its pages are mounted (``"exits/records/"``: the detail, edit,
    delete and attachment routes under it take the object), ``sample`` the key of its object
    in ``world``, ``api`` the router prefix of its ``LedgerViewSet`` (``"exits/records"``), and
    ``lookup`` the URL keyword (``pk``, or e.g. ``code``). An app's ``tests/matrix.py`` returns its
    object from ``world_extend`` and lists ``*ledger_samples(...)`` in its SAMPLES.
    """

    def kwargs(w):
        return {lookup: getattr(w[sample], lookup)}

    rows = [(rf"^{re.escape(url_prefix)}<", kwargs, visibility)]
    if api:
        rows.append((rf"^api/\^{re.escape(api)}/", kwargs, visibility))
    return rows
