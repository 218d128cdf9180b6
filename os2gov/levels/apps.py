from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LevelsConfig(AppConfig):
    name = "os2gov.levels"
    label = "levels"
    verbose_name = _("Product levels")

    def ready(self) -> None:
        from os2gov.core import reminders
        from os2gov.levels import signals
        from os2gov.levels.compliance import daily_level_check

        signals.connect()
        # The daily job notices time-based expiry: a stale evaluation, an expired deviation.
        reminders.register("levels.held_level", daily_level_check)
