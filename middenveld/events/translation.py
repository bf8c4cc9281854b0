from typing import Any

from modeltranslation.translator import TranslationOptions, register

from middenveld.events import models


def _options(model: Any) -> type[TranslationOptions]:
    return type(
        f"{model.__name__}TranslationOptions", (TranslationOptions,), {"fields": model.TRANSLATED}
    )


for _model in (models.Event, models.EventDocument):
    register(_model)(_options(_model))
