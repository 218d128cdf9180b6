"""What the public may see of a person: the name, never the e-mail address.

``str(user)`` falls back to the e-mail address when no name is registered, so public pages,
API answers and decision texts use ``public_name`` instead. The one personal address shown
in public is the tovholder's (GRP-07), and only through ``selectors.product_governance``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def public_name(person: Any) -> str:
    return person.name or _("(name not registered)")
