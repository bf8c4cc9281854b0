"""PostgreSQL only: a GIN index for Dutch full-text search over ``search_text``.

SQLite has no such index; search there matches word prefixes with LIKE (see
``selectors.organisation_search``), which is slower but gives the same results.
"""

from django.db import migrations

INDEX = "organisations_search_dutch"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON organisations_organisation "
            "USING gin (to_tsvector('dutch'::regconfig, search_text))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_reference_lists")]

    operations = [migrations.RunPython(create, drop)]
