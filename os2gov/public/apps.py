from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "os2gov.public"
    label = "public"
