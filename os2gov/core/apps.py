from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "os2gov.core"
    label = "core"
