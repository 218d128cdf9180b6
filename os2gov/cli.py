"""The ``os2gov`` console script: any Django management command, with the project's settings.

Works from any directory. Without DJANGO_SETTINGS_MODULE it uses the local settings
(SQLite under var/); production sets DJANGO_SETTINGS_MODULE=config.settings.production.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    from config.env import ConfigurationError

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - loads the settings so errors surface here
        execute_from_command_line(argv if argv is not None else sys.argv)
    except ConfigurationError as error:
        # One line naming the variable is more useful to an operator than a traceback.
        sys.stderr.write(f"os2gov: configuration error: {error}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
