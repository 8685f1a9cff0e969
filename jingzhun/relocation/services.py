"""Use cases of relocation and housing: each saves through the ledger services (scope, policy, version, audit)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from jingzhun.accounts.choices import Role, Sector
from jingzhun.core.regioncodes import prefix_q
from jingzhun.core.services import ledger_delete, ledger_save
from jingzhun.registry.services import household_years_relocation_set
from jingzhun.relocation.models import Facility, Relocation, Renovation, Site


@transaction.atomic
def site_save(*, user: Any, site: Site, expected_version: int | None = None, reason: str = "") -> Site:
    """Create or change a resettlement site."""
    return ledger_save(user=user, instance=site, expected_version=expected_version, reason=reason)


@transaction.atomic
def facility_save(*, user: Any, facility: Facility, expected_version: int | None = None, reason: str = "") -> Facility:
    """Create or change a facility of a site (its project linked from the project library)."""
    return ledger_save(user=user, instance=facility, expected_version=expected_version, reason=reason)


@transaction.atomic
def relocation_save(
    *, user: Any, relocation: Relocation, expected_version: int | None = None, reason: str = ""
) -> Relocation:
    """Create or change a relocated household (one relocation per household: the model's constraint)."""
    return ledger_save(user=user, instance=relocation, expected_version=expected_version, reason=reason)


def renovation_writer_check(user: Any) -> None:
    """Raise PermissionDenied for a sector department other than housing (住建): it keeps no renovations."""
    if getattr(user, "role", "") == Role.SECTOR and getattr(user, "sector", "") != Sector.HOUSING:
        raise PermissionDenied(_("危房改造台账由住建部门维护，其他行业部门只能查看。"))


@transaction.atomic
def renovation_save(
    *, user: Any, renovation: Renovation, expected_version: int | None = None, reason: str = ""
) -> Renovation:
    """Create or change a renovation row; the housing department (住建) and the offices keep them."""
    renovation_writer_check(user)
    return ledger_save(user=user, instance=renovation, expected_version=expected_version, reason=reason)


@transaction.atomic
def renovation_delete(*, user: Any, renovation: Renovation, reason: str) -> None:
    renovation_writer_check(user)
    ledger_delete(user=user, instance=renovation, reason=reason)


def relocation_registry_sync(*, user: Any, year: int, prefix: str = "") -> int:
    """Make the registry's housing facts of ``year`` read the relocation ledger; return the rows changed.

    A household is 易地扶贫搬迁户 in ``year`` when it is relocated in a batch of that year or
    earlier, and 搬迁已入住 when it moved in by 31 December (the registry's housing rule: relocated
    and moved in = safe housing). Written through the registry's service, set-based and audited.
    """
    relocations = Relocation.objects.filter(prefix_q("household__village_id", prefix), batch_year__lte=year)
    return household_years_relocation_set(
        user=user,
        year=year,
        prefix=prefix,
        relocated=relocations.values("household_id"),
        moved_in=relocations.filter(moved_in_on__lte=datetime.date(year, 12, 31)).values("household_id"),
        reason=_("按易地搬迁台账更新搬迁标识"),
    )
