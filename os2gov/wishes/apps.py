from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishesConfig(AppConfig):
    name = "os2gov.wishes"
    label = "wishes"
    verbose_name = _("Development wishes")

    def ready(self) -> None:
        from os2gov.wishes import notifications

        # Notifications after commit, and their daily digest (run by `os2gov remind`).
        notifications.register()
