from django.db import migrations

# PostgreSQL only: the small inline tsvector takes the facet tokens too (weight D in the
# story's tsvector) and gets its own GIN index, so the ranking's walk over headline and lead
# matches (``engine._walk``) filters by unit, kind or status without detoasting the story's.
POSTGRES = [
    "UPDATE search_searchdocument SET tsv_head = tsv_head || ts_filter(tsv, '{d}')",
    "CREATE INDEX IF NOT EXISTS search_document_tsv_head ON search_searchdocument "
    "USING gin (tsv_head)",
]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS search_document_tsv_head"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_vocabulary")]

    operations = [
        migrations.RunPython(_run({"postgresql": POSTGRES}), _run({"postgresql": POSTGRES_REVERSE}))
    ]
