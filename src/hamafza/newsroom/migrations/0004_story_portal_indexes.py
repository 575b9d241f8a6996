"""Indexes for the public portal's lists: a unit section's newest stories read from the index
(unit, status, published_at replaces unit, status, its prefix), and the few featured stories of
the national front page without walking every public one."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_story_activity"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="story",
            name="newsroom_st_unit_id_652572_idx",
        ),
        migrations.AddIndex(
            model_name="story",
            index=models.Index(
                fields=["unit", "status", "published_at"], name="newsroom_st_unit_id_0659e0_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="story",
            index=models.Index(
                condition=models.Q(("feature", "featured")),
                fields=["status", "published_at"],
                name="newsroom_story_featured_idx",
            ),
        ),
    ]
