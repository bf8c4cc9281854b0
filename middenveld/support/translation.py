from modeltranslation.translator import TranslationOptions, register

from middenveld.support.models import Topic


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = Topic.TRANSLATED
