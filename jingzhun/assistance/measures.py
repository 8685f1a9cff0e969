"""三率一度一日志: the measures of a cadre's work, set-based, with thresholds from the parameters.

- 驻村天数: distinct days with a check-in (在村) or an approved official absence (公务外出, not
  请假) in the posted village, within a posting, in the year up to the date;
- required to date: ``days_required`` × days of posting elapsed in the year ÷ 365;
- 住村率 = days ÷ required, capped at 100 %;
- 入户率 = paired households visited by their cadre in the period ending on the date ÷ paired households;
- 日志完整率 = diary days ÷ check-in days (capped at 100 %);
- 政策知晓率 and 满意度: shares of the surveys of the cadre's paired households in the year;
- composite score: the rates weighted by the parameters, ranked within the county.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from jingzhun.assistance.choices import PostingKind, PresenceKind
from jingzhun.assistance.models import Cadre, Diary, Pairing, Posting, Presence, Survey, Visit
from jingzhun.core.parameters import parameter_value, parameter_values
from jingzhun.core.regioncodes import prefix_q

ONE = Decimal(1)
RESIDENT = (PostingKind.FIRST_SECRETARY, PostingKind.LEADER, PostingKind.MEMBER)


def _period(year: int, date: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 1, 1)
    return start, min(date, datetime.date(year, 12, 31))


@dataclass
class Attendance:
    """One cadre's days in the village in a year up to a date."""

    cadre: int
    id_number: str
    name: str
    village: str
    days: int
    elapsed: int
    required: Decimal
    rate: Decimal
    below: bool


def counted_presences(year: int, date: datetime.date) -> Any:
    """Presence rows that count as a day in the village: in a posting of the cadre, in its village."""
    start, end = _period(year, date)
    in_posting = (
        Q(cadre__postings__village=F("village"))
        & Q(cadre__postings__kind__in=RESIDENT)
        & Q(cadre__postings__start__lte=F("date"))
        & (Q(cadre__postings__end__isnull=True) | Q(cadre__postings__end__gte=F("date")))
    )
    counted = Q(kind=PresenceKind.PRESENT) | Q(kind=PresenceKind.OFFICIAL, approved=True)
    return Presence.objects.filter(in_posting, counted, date__gte=start, date__lte=end)


def attendance(*, year: int, date: datetime.date, region: str = "", cadres: Any = None) -> list[Attendance]:
    """Return the attendance of every resident cadre posted in ``year`` up to ``date`` (in ``region``)."""
    start, end = _period(year, date)
    if end < start:
        return []
    required_days = Decimal(parameter_value("assistance.days_required", year=year, region=region))
    postings = Posting.objects.filter(kind__in=RESIDENT, start__lte=end).filter(Q(end__isnull=True) | Q(end__gte=start))
    if region:
        postings = postings.filter(prefix_q("cadre__village_id", region))
    if cadres is not None:
        postings = postings.filter(cadre__in=cadres)
    elapsed: dict[int, int] = defaultdict(int)
    for cadre_id, p_start, p_end in postings.values_list("cadre_id", "start", "end"):
        first, last = max(p_start, start), min(p_end or end, end)
        elapsed[cadre_id] += max((last - first).days + 1, 0)
    days = dict(
        counted_presences(year, date)
        .filter(cadre_id__in=list(elapsed))
        .values("cadre_id")
        .annotate(n=Count("date", distinct=True))
        .values_list("cadre_id", "n")
    )
    people = Cadre.objects.filter(pk__in=list(elapsed)).values_list("pk", "id_number", "name", "village_id")
    rows = []
    for pk, id_number, name, village in people:
        spent, n = elapsed[pk], days.get(pk, 0)
        required = required_days * spent / 365
        rate = min(Decimal(n) / required, ONE) if required else ONE
        rows.append(
            Attendance(
                cadre=pk,
                id_number=id_number,
                name=name,
                village=village,
                days=n,
                elapsed=spent,
                required=required.quantize(Decimal("0.1"), ROUND_HALF_UP),
                rate=rate.quantize(Decimal("0.0001"), ROUND_HALF_UP),
                below=Decimal(n) < required,
            )
        )
    rows.sort(key=lambda r: (r.village, r.name, r.cadre))
    return rows


def visit_rates(*, cadre_ids: list[int], date: datetime.date, period_days: int) -> dict[int, tuple[int, int]]:
    """Return ``{cadre: (visited, paired)}``: paired households visited by their cadre in the period."""
    paired = dict(
        Pairing.objects.filter(cadre_id__in=cadre_ids)
        .values("cadre_id")
        .annotate(n=Count("household", distinct=True))
        .values_list("cadre_id", "n")
    )
    since = date - datetime.timedelta(days=period_days - 1)
    visited = dict(
        Visit.objects.filter(cadre_id__in=cadre_ids, date__gte=since, date__lte=date)
        .filter(household__pairing__cadre_id=F("cadre_id"))
        .values("cadre_id")
        .annotate(n=Count("household", distinct=True))
        .values_list("cadre_id", "n")
    )
    return {pk: (visited.get(pk, 0), n) for pk, n in paired.items()}


def diary_rates(*, cadre_ids: list[int], year: int, date: datetime.date) -> dict[int, tuple[int, int]]:
    """Return ``{cadre: (diary days, check-in days)}`` in the year up to the date."""
    start, end = _period(year, date)
    checkins = dict(
        Presence.objects.filter(cadre_id__in=cadre_ids, kind=PresenceKind.PRESENT, date__gte=start, date__lte=end)
        .values("cadre_id")
        .annotate(n=Count("date", distinct=True))
        .values_list("cadre_id", "n")
    )
    diaries = dict(
        Diary.objects.filter(cadre_id__in=cadre_ids, date__gte=start, date__lte=end)
        .values("cadre_id")
        .annotate(n=Count("date", distinct=True))
        .values_list("cadre_id", "n")
    )
    return {pk: (diaries.get(pk, 0), n) for pk, n in checkins.items()}


def survey_rates(*, cadre_ids: list[int], year: int, date: datetime.date) -> dict[int, tuple[float, float]]:
    """Return ``{cadre: (政策知晓率, 满意度)}`` from the surveys of the cadre's paired households in the year."""
    start, end = _period(year, date)
    rows = (
        Survey.objects.filter(household__pairing__cadre_id__in=cadre_ids, date__gte=start, date__lte=end)
        .values("household__pairing__cadre_id")
        # Shares counted, not AVG of a boolean (PostgreSQL has none).
        .annotate(
            n=Count("pk"),
            knows=Count("pk", filter=Q(knows_policy=True)),
            satisfied=Count("pk", filter=Q(satisfied=True)),
        )
        .values_list("household__pairing__cadre_id", "n", "knows", "satisfied")
    )
    return {pk: (knows / n, satisfied / n) for pk, n, knows, satisfied in rows if n}


def _ratio(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return min(Decimal(part) / Decimal(whole), ONE).quantize(Decimal("0.0001"), ROUND_HALF_UP)


@dataclass
class Score:
    """A cadre's scorecard line: the five measures, the composite, the rank in the county, flags."""

    cadre: int
    name: str
    unit: str
    village: str
    county: str
    residence: Decimal | None
    visits: Decimal | None
    diary: Decimal | None
    awareness: Decimal | None
    satisfaction: Decimal | None
    score: Decimal = Decimal(0)
    rank: int = 0
    interview: bool = False
    recall_reasons: list[str] = field(default_factory=list)

    @property
    def recall(self) -> str:
        return "；".join(self.recall_reasons)


def scorecard(*, year: int, date: datetime.date, cadres: Any) -> list[Score]:
    """Return the scorecard of ``cadres`` (a queryset in the user's scope), ranked within each county."""
    params = parameter_values("assistance", year=year)
    people = list(cadres.values_list("pk", "name", "unit__name", "village_id"))
    ids = [row[0] for row in people]
    resident = {row.cadre: row for row in attendance(year=year, date=date, cadres=cadres)}
    visits = visit_rates(cadre_ids=ids, date=date, period_days=params["visit_period_days"])
    diaries = diary_rates(cadre_ids=ids, year=year, date=date)
    surveys = survey_rates(cadre_ids=ids, year=year, date=date)
    weights = {
        "residence": params["weight_residence"],
        "visits": params["weight_visits"],
        "diary": params["weight_diary"],
        "awareness": params["weight_awareness"],
        "satisfaction": params["weight_satisfaction"],
    }
    scores = []
    for pk, name, unit, village in people:
        survey = surveys.get(pk)
        line = Score(
            cadre=pk,
            name=name,
            unit=unit,
            village=village,
            county=village[:6],
            residence=resident[pk].rate if pk in resident else None,
            visits=_ratio(*visits[pk]) if pk in visits else None,
            diary=_ratio(*diaries[pk]) if pk in diaries else None,
            awareness=Decimal(str(round(survey[0], 4))) if survey else None,
            satisfaction=Decimal(str(round(survey[1], 4))) if survey else None,
        )
        measured = [(getattr(line, key), weight) for key, weight in weights.items() if getattr(line, key) is not None]
        total = sum(weight for _value, weight in measured)
        if total:
            line.score = (sum(value * weight for value, weight in measured) / total * 100).quantize(Decimal("0.1"))
        if line.residence is not None and line.residence * 100 < params["recall_residence_rate"]:
            line.recall_reasons.append(_("住村率低于%(n)s%%") % {"n": params["recall_residence_rate"]})
        if line.visits is not None and line.visits * 100 < params["recall_visit_rate"]:
            line.recall_reasons.append(_("入户率低于%(n)s%%") % {"n": params["recall_visit_rate"]})
        scores.append(line)
    by_county: dict[str, list[Score]] = defaultdict(list)
    for line in scores:
        by_county[line.county].append(line)
    bottom = params["interview_bottom"]
    for lines in by_county.values():
        lines.sort(key=lambda s: (-s.score, s.name, s.cadre))
        for rank, line in enumerate(lines, 1):
            line.rank = rank
        for line in lines[max(len(lines) - bottom, 0) :] if bottom else []:
            line.interview = True
    scores.sort(key=lambda s: (s.county, s.rank))
    return scores
