from django.db import migrations


def forwards(apps, schema_editor):
    from jingzhun.assistance.legacy import pairings_from_helper_fields

    pairings_from_helper_fields(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
