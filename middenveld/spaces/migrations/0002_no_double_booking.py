"""On PostgreSQL: two active occupancies never overlap on the same unit.

``EXCLUDE USING gist (unit_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
WHERE (active)``: half-open ranges, so back-to-back bookings are allowed; the
``spaces_occupancy_not_empty`` check already refuses empty ranges. btree_gist lets
the gist index compare ``unit_id`` with ``=``. SQLite has no exclusion constraints;
there the services check and insert inside one immediate (write-locked) transaction.
"""

from django.db import migrations

CONSTRAINT = "spaces_occupancy_no_overlap"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE spaces_occupancy ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(unit_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (active)"
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE spaces_occupancy DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("spaces", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
