"""The household measures kept until now as one free-text field of the household year (帮扶措施) become typed
household measures: one row per item of the text, its kind read from the words the offices use."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    from jingzhun.measures.parsing import measures_parse

    HouseholdYear = apps.get_model("registry", "HouseholdYear")
    HouseholdMeasure = apps.get_model("measures", "HouseholdMeasure")
    now = timezone.now()
    batch = []
    texts = HouseholdYear.objects.exclude(assistance_measures="").values_list(
        "household_id", "year", "assistance_measures"
    )
    for household_id, year, text in texts.iterator(chunk_size=5000):
        for m in measures_parse(text):
            batch.append(
                HouseholdMeasure(
                    household_id=household_id,
                    year=year,
                    kind=m.kind,
                    industry=m.content,
                    long_term=m.long_term,
                    amount=m.amount,
                    note=m.source,
                    created_at=now,
                    updated_at=now,
                )
            )
        if len(batch) >= 5000:
            HouseholdMeasure.objects.bulk_create(batch)
            batch = []
    HouseholdMeasure.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    """The free text is still in the household years: nothing to restore."""


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0001_initial"),
        ("registry", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
