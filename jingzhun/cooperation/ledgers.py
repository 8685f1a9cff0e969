"""The cooperation ledgers in menu order: URL prefix (pages and API), model, related rows a list shows."""

from __future__ import annotations

from typing import Any

from jingzhun.cooperation import models as m

LEDGERS: tuple[tuple[str, type[Any], tuple[str, ...]], ...] = (
    ("pairings", m.Pairing, ()),
    ("agreements", m.Agreement, ("pairing",)),
    ("targets", m.AgreementTarget, ("agreement",)),
    ("funds", m.AidFund, ("pairing", "project")),
    ("exchanges", m.Exchange, ()),
    ("trainings", m.Training, ()),
    ("labour", m.LabourRecord, ()),
    ("purchases", m.Purchase, ()),
    ("investments", m.Investment, ()),
    ("donations", m.Donation, ()),
    ("meetings", m.Meeting, ()),
    ("needs", m.VillageNeed, ("pairing",)),
)
