from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "middenveld.api"
    label = "api"
    verbose_name = "API"
