from typing import Any

from modeltranslation.translator import TranslationOptions, register

from middenveld.trajectory import models


def _options(model: Any) -> type[TranslationOptions]:
    return type(
        f"{model.__name__}TranslationOptions", (TranslationOptions,), {"fields": model.TRANSLATED}
    )


for _model in (
    models.Section,
    models.Workstream,
    models.Action,
    models.ActionMilestone,
    models.TimelineEntry,
    models.Document,
    models.NewsItem,
    models.ContactInfo,
):
    register(_model)(_options(_model))
