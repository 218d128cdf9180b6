from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LevelsConfig(AppConfig):
    name = "os2gov.levels"
    label = "levels"
    verbose_name = _("Product levels")
