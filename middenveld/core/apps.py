from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "middenveld.core"
    label = "core"
    verbose_name = "Core"
