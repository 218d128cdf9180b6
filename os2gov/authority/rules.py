"""The mandate catalogue as django-rules permissions: "authority.<action code>".

Templates and views use the same check as the services::

    {% load rules %}{% has_perm 'authority.wish.start' user product as can_start %}
    request.user.has_perm("authority.kommissorium.adopt", group)

The object is the product, the group or the body the action is about. Without an object,
an action held by a product's group or by "the group itself" is not allowed (there is
nothing to resolve the holder against). This module is loaded by rules' autodiscovery.
"""

from __future__ import annotations

from typing import Any

import rules

from os2gov.authority import service
from os2gov.authority.actions import ACTIONS, GovernedAction
from os2gov.catalogue.models import Product
from os2gov.governance.models import Body, Group

PERMISSION_PREFIX = "authority."


def permission_name(code: str) -> str:
    return PERMISSION_PREFIX + code


def mandate_predicate(action: GovernedAction) -> rules.Predicate:
    def holds_mandate(user: Any, obj: Any = None) -> bool:
        product = obj if isinstance(obj, Product) else None
        group = obj if isinstance(obj, Group) else None
        body = obj if isinstance(obj, Body) else None
        if action.needs_product and product is None and group is None:
            return False
        if action.needs_group and group is None and body is None:
            return False
        return service.allows(user, action.code, product=product, group=group, body=body)

    return rules.Predicate(holds_mandate, name=f"holds_mandate:{action.code}")


def register() -> None:
    for action in ACTIONS:
        rules.set_perm(permission_name(action.code), mandate_predicate(action))


register()
