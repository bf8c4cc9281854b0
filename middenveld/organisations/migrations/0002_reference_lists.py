"""Starting lists of target groups and languages (the city edits them afterwards)."""

from django.db import migrations

from middenveld.organisations.data.reference import LANGUAGES, TARGET_GROUPS

LANGS = ("nl", "en", "fr", "tr", "ar", "bg")


def _names(names):
    fields = {f"name_{lang}": name for lang, name in zip(LANGS, names, strict=True)}
    fields["name"] = names[0]
    return fields


def load(apps, schema_editor):
    for model_name, rows in (("TargetGroup", TARGET_GROUPS), ("Language", LANGUAGES)):
        model = apps.get_model("organisations", model_name)
        for order, (code, names) in enumerate(rows):
            model.objects.update_or_create(code=code, defaults={"order": order, **_names(names)})


def unload(apps, schema_editor):
    for model_name, rows in (("TargetGroup", TARGET_GROUPS), ("Language", LANGUAGES)):
        model = apps.get_model("organisations", model_name)
        model.objects.filter(code__in=[code for code, _names in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_register")]

    operations = [migrations.RunPython(load, unload)]
