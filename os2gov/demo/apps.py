from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "os2gov.demo"
    label = "demo"
