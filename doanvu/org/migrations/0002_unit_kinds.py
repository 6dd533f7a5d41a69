from django.db import migrations

KINDS = [
    # code, name, rank, is_branch (members belong here), is_grassroots
    ("central", "Trung ương Đoàn", 0, False, False),
    ("province", "Tỉnh đoàn / Thành đoàn", 10, False, False),
    ("district", "Huyện đoàn / Quận đoàn / Thị đoàn / Thành đoàn", 20, False, False),
    ("bloc", "Đoàn khối", 22, False, False),
    ("attached", "Đoàn trực thuộc", 24, False, False),
    ("grassroots", "Đoàn cơ sở", 30, False, True),
    ("grassroots_branch", "Chi đoàn cơ sở", 32, True, True),
    ("inter_branch", "Liên chi đoàn", 35, False, False),
    ("branch", "Chi đoàn", 40, True, False),
    ("sub_branch", "Phân đoàn / Tổ đoàn", 50, True, False),
]


def add_kinds(apps, schema_editor):
    UnitKind = apps.get_model("org", "UnitKind")
    for code, name, rank, is_branch, is_grassroots in KINDS:
        UnitKind.objects.update_or_create(
            code=code, defaults={"name": name, "rank": rank, "is_branch": is_branch, "is_grassroots": is_grassroots}
        )


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
