"""The partial index of the members whose ID number an identity check could report (``quality.memberindex``)."""

from django.db import migrations


def create(apps, schema_editor):
    from jingzhun.quality.memberindex import doubtful_index_create

    doubtful_index_create(schema_editor.connection)


def drop(apps, schema_editor):
    from jingzhun.quality.memberindex import doubtful_index_drop

    doubtful_index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0002_category_housing"),
        ("registry", "0005_yearly_cycle"),
    ]

    operations = [migrations.RunPython(create, drop)]
