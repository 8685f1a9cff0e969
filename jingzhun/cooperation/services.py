"""Use cases of East–West cooperation that are more than a ledger save."""

from __future__ import annotations

from pathlib import Path

from jingzhun.regions.services import RegionLoadResult, regions_load

# The eastern partners' divisions (江苏省常州市, 天津市和平区), NBS codes, loaded beside the Shaanxi map.
PARTNERS_CSV = Path(__file__).resolve().parent / "data" / "partners.csv"


def partner_regions_load() -> RegionLoadResult:
    """Load the eastern partners' divisions into the map (idempotent), so that their users have a region."""
    return regions_load(path=PARTNERS_CSV)
