"""Load the shipped poverty lines and rule sets (jingzhun.standards.shipped)."""

from django.db import migrations


def load(apps, schema_editor):
    from jingzhun.standards import shipped

    PovertyLine = apps.get_model("standards", "PovertyLine")
    RuleSet = apps.get_model("standards", "RuleSet")
    Rule = apps.get_model("standards", "Rule")
    for year, amount in shipped.POVERTY_LINES.items():
        PovertyLine.objects.get_or_create(
            year=year, region=None, defaults={"amount": amount, "source": shipped.POVERTY_LINE_SOURCE}
        )
    for data in shipped.RULESETS:
        fields = {k: v for k, v in data.items() if k not in ("code", "rules")}
        ruleset, created = RuleSet.objects.get_or_create(code=data["code"], defaults=fields)
        if created:
            for position, rule in enumerate(data["rules"]):
                Rule.objects.create(ruleset=ruleset, position=position, **rule)


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
