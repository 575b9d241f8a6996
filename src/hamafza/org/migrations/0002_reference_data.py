from django.db import migrations


def forwards(apps, schema_editor):
    from hamafza.org.reference import LANGUAGES, SKILLS

    Domain = apps.get_model("org", "Domain")
    Skill = apps.get_model("org", "Skill")
    Language = apps.get_model("org", "Language")
    for code in ("inter_agency", "intra_agency", "extra_agency", "pr_network"):
        Domain.objects.get_or_create(code=code)
    for code, name, name_en in SKILLS:
        Skill.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
