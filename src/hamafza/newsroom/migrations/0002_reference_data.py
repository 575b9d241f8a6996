from django.conf import settings
from django.db import migrations

SUBJECTS = ("event", "process", "model", "problem", "need", "capability", "achievement")


def forwards(apps, schema_editor):
    Subject = apps.get_model("newsroom", "Subject")
    NewsCodeCounter = apps.get_model("newsroom", "NewsCodeCounter")
    for code in SUBJECTS:
        Subject.objects.get_or_create(code=code)
    NewsCodeCounter.objects.get_or_create(
        pk=1, defaults={"last_code": settings.NEWS_CODE_START - 1}
    )


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
