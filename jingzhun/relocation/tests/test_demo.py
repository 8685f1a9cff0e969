"""The relocation and measures demo over a small registry demo: every ledger filled, deterministic, replaceable."""

import io

import pytest
from django.core.management import call_command

from jingzhun.measures.models import BusinessEntity, CollectiveEconomy, Employment, HouseholdMeasure
from jingzhun.relocation.choices import OldHouse
from jingzhun.relocation.demo import relocation_demo_generate
from jingzhun.relocation.models import Facility, Relocation, Renovation, Site

pytestmark = pytest.mark.django_db


def test_generate_demo_fills_the_relocation_and_measures_ledgers():
    out = io.StringIO()
    call_command("generate_demo", households=600, no_users=True, verbosity=1, stdout=out)
    text = out.getvalue()
    assert "易地搬迁" in text and "帮扶措施" in text
    assert Site.objects.exists() and Facility.objects.exists() and Renovation.objects.exists()
    relocations = Relocation.objects.all()
    assert relocations.count() > 20
    assert set(relocations.values_list("batch_year", flat=True)) <= {2016, 2017, 2018, 2019}
    assert relocations.filter(old_house=OldHouse.PENDING).exists()
    assert relocations.filter(keys_on__isnull=False, moved_in_on__isnull=True).exists()
    assert not Site.objects.filter(planned_units=0).exists()
    assert HouseholdMeasure.objects.filter(kind="industry", long_term=True).exists()
    assert BusinessEntity.objects.exists() and CollectiveEconomy.objects.exists() and Employment.objects.exists()
    first = sorted(relocations.values_list("household__code", "site__code", "area", "old_house"))
    relocation_demo_generate(seed=2017, year=2019)
    assert sorted(Relocation.objects.values_list("household__code", "site__code", "area", "old_house")) == first
