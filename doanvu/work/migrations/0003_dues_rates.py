import datetime

from django.db import migrations

# Since 2011: 2,000 VND a month without a salary, 5,000 with one, 5,000 abroad (docs/domain.md).
RATES = [("no_salary", 2000), ("salary", 5000), ("abroad", 5000)]


def load(apps, schema_editor):
    DuesRate = apps.get_model("work", "DuesRate")
    for category, amount in RATES:
        DuesRate.objects.get_or_create(
            category=category, effective_from=datetime.date(2011, 1, 1), defaults={"monthly_amount": amount}
        )


class Migration(migrations.Migration):
    dependencies = [("work", "0002_catalogue")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
