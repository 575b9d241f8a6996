from django.db import migrations

# PostgreSQL only: the headline and lead words in a small tsvector of their own, stored
# inline, so ranking a candidate reads it instead of detoasting the whole story's tsvector
# twice more (measured ~60 µs a candidate with three reads of the big one).
POSTGRES = ["ALTER TABLE search_searchdocument ADD COLUMN tsv_head tsvector NOT NULL DEFAULT ''"]
POSTGRES_REVERSE = ["ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv_head"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES}), _run({"postgresql": POSTGRES_REVERSE}))
    ]
