from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "os2gov.organisation"
    label = "organisation"
