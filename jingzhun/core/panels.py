"""Panels of the command centre (指挥中心) and the home page, and the measures its map is coloured by.

Each app that has something for the leaders' view declares it in ``<app>/panels.py`` (found
by name at start-up, like ``nav.py``, so ``core`` imports no app)::

    from jingzhun.core.panels import Figure, MapMeasure, Panel, PanelData, measure_register, panel_register


    def _funds(ctx: PanelContext) -> PanelData | None:
        line = fund_total(Project.objects.for_user(ctx.user).in_region(ctx.prefix))
        return PanelData([Figure(_("执行率"), formatting.percent(line.execution))], link=reverse("projects:funds"))


    panel_register(Panel("funds", _("资金执行"), _funds, access=("view", "projects"), order=40))
    measure_register(MapMeasure("execution", _("资金执行率"), _execution, access=("view", "projects"), unit="%"))

and ``bulletin_register(BulletinSection(key, title, build, access=…))`` for a section of
the monthly bulletin (月通报), whose ``build(ctx)`` gives a ``SectionData`` (a summary, a
table by place, a chart, the units to commend or criticise, and the key figures the bulletin
compares with the month before) for ``ctx.month``.

A panel's ``build`` returns what it shows for the place and year of the context (figures,
optionally a chart option of ``core.charts`` and ranked rows), or None when it has nothing
there. A measure's ``values`` returns ``{code of a child region: number}`` for the children of
the context's region (the map colours them, the tiles rank them). A user sees the panels
and measures the access policy lets him ``access``, filled from the rows in his scope only.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.module_loading import autodiscover_modules

from jingzhun.core.access import allows

GOOD, BAD, WARN = "good", "bad", "warn"


@dataclass(frozen=True)
class PanelContext:
    """Where and when the panels are built: the user, the region he looks at, the year, today."""

    user: Any
    region: Any  # regions.Region, inside the user's scope
    year: int
    today: datetime.date
    # What several panels and measures of one request read (e.g. the region's overview), made once.
    shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def prefix(self) -> str:
        return str(self.region.prefix)

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """Return ``make()``, computed once for this context whichever panel asks first."""
        if key not in self.shared:
            self.shared[key] = make()
        return self.shared[key]


@dataclass(frozen=True)
class Figure:
    """One key figure of a panel: its label, its value as shown, and a tone (good / bad / warn)."""

    label: str
    value: str
    tone: str = ""
    hint: str = ""


@dataclass(frozen=True)
class Row:
    """One ranked line of a panel (a county, a unit, a project): label, value shown, and a link."""

    label: str
    value: str
    url: str = ""
    tone: str = ""


@dataclass
class PanelData:
    figures: list[Figure]
    chart: dict[str, Any] | None = None
    rows: list[Row] = field(default_factory=list)
    link: str = ""  # the page that shows the whole of it
    note: str = ""


@dataclass(frozen=True)
class Panel:
    key: str
    title: Any
    build: Callable[[PanelContext], PanelData | None]
    access: tuple[str, str]  # (action, policy target): who sees the panel
    order: int = 100
    wide: bool = False  # takes two columns of the grid


@dataclass(frozen=True)
class MapMeasure:
    """A figure per child region that the map can be coloured by."""

    key: str
    label: Any
    values: Callable[[PanelContext], dict[str, float | None]]
    access: tuple[str, str]
    unit: Any = ""
    higher_is_better: bool = True
    order: int = 100


_PANELS: dict[str, Panel] = {}
_MEASURES: dict[str, MapMeasure] = {}


def panel_register(*panels: Panel) -> None:
    """Add panels (called from an app's ``panels.py``); a key names one panel only."""
    for panel in panels:
        _PANELS[panel.key] = panel


def measure_register(*measures: MapMeasure) -> None:
    """Add map measures (called from an app's ``panels.py``)."""
    for measure in measures:
        _MEASURES[measure.key] = measure


def panels_discover() -> None:
    """Import every installed app's ``panels`` module (from ``CoreConfig.ready``)."""
    autodiscover_modules("panels")


def panels_for(user: Any) -> list[Panel]:
    """Return the panels ``user`` may see, in order."""
    return sorted((p for p in _PANELS.values() if allows(user, *p.access)), key=lambda p: (p.order, p.key))


def panels_build(ctx: PanelContext, *, keys: tuple[str, ...] = ()) -> list[tuple[Panel, PanelData]]:
    """Build the panels the context's user may see (only ``keys`` when given); skip empty ones."""
    built = []
    for panel in panels_for(ctx.user):
        if keys and panel.key not in keys:
            continue
        data = panel.build(ctx)
        if data is not None:
            built.append((panel, data))
    return built


# The campaign's hard dates for the countdown: each source gives (date, what is due) for a context.
_DEADLINES: list[Callable[[PanelContext], list[tuple[datetime.date, str]]]] = []


def deadlines_register(source: Callable[[PanelContext], list[tuple[datetime.date, str]]]) -> None:
    """Add a source of hard dates to the command centre's countdown (from an app's ``panels.py``)."""
    if source not in _DEADLINES:
        _DEADLINES.append(source)


def deadlines_for(ctx: PanelContext) -> list[tuple[datetime.date, str]]:
    """Return the hard dates every source gives for the context, in date order."""
    return sorted({item for source in _DEADLINES for item in source(ctx)})


def measures_for(user: Any) -> list[MapMeasure]:
    """Return the map measures ``user`` may see, in order."""
    return sorted((m for m in _MEASURES.values() if allows(user, *m.access)), key=lambda m: (m.order, m.key))


def measure_get(user: Any, key: str) -> MapMeasure | None:
    """Return the measure ``key`` if ``user`` may see it (else None)."""
    measure = _MEASURES.get(key)
    return measure if measure is not None and allows(user, *measure.access) else None


# -- the monthly bulletin (月通报) ---------------------------------------------------------------


@dataclass(frozen=True)
class BulletinContext:
    """The month and place a bulletin reports on; rows in the user's scope only."""

    user: Any
    region: Any  # regions.Region
    month: datetime.date  # the first day of the month

    @property
    def prefix(self) -> str:
        return str(self.region.prefix)

    @property
    def month_end(self) -> datetime.date:
        following = (self.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return following - datetime.timedelta(days=1)

    @property
    def previous(self) -> datetime.date:
        """The first day of the month before."""
        return (self.month - datetime.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class KeyFigure:
    """A figure of a section that the bulletin compares with the month before (较上月)."""

    label: str
    value: int | float | Decimal
    unit: str = ""
    digits: int = 0
    higher_is_better: bool | None = None  # None: a change is neither good nor bad
    change_unit: str | None = None  # the unit of the change when it differs (a rate in %: 个百分点)
    # A count is 0 in a month whose section had nothing to say; a rate or a stock is unknown then.
    zero_when_absent: bool = True


@dataclass
class SectionData:
    """One section of a bulletin: what it says, its table and chart, and the units it names."""

    summary: str
    header: list[str]
    rows: list[list[Any]]
    chart: dict[str, Any] | None = None
    commended: list[str] = field(default_factory=list)  # 通报表扬
    criticised: list[str] = field(default_factory=list)  # 通报批评
    figures: list[KeyFigure] = field(default_factory=list)  # compared with the month before


@dataclass(frozen=True)
class BulletinSection:
    key: str
    title: Any
    build: Callable[[BulletinContext], SectionData | None]
    access: tuple[str, str]
    order: int = 100


_SECTIONS: dict[str, BulletinSection] = {}


def bulletin_register(*sections: BulletinSection) -> None:
    """Add sections to the monthly bulletin (called from an app's ``panels.py``)."""
    for section in sections:
        _SECTIONS[section.key] = section


def bulletin_build(ctx: BulletinContext) -> list[tuple[BulletinSection, SectionData]]:
    """Build the sections the context's user may see, in order; skip those with nothing to say."""
    built = []
    sections = sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
    for section in sections:
        if not allows(ctx.user, *section.access):
            continue
        data = section.build(ctx)
        if data is not None:
            built.append((section, data))
    return built
