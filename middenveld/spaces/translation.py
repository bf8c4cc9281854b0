"""Translated catalogue texts (modeltranslation); Dutch is the source and the fallback."""

from modeltranslation.translator import TranslationOptions, register

from middenveld.spaces.models import Building, Facility, Space

for model in (Facility, Building, Space):
    register(model)(
        type(
            f"{model.__name__}TranslationOptions",
            (TranslationOptions,),
            {"fields": model.TRANSLATED},
        )
    )
