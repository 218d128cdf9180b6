from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorityConfig(AppConfig):
    name = "os2gov.authority"
    label = "authority"
    verbose_name = _("Mandates")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from os2gov.accounts.models import User
        from os2gov.governance.models import BodyMembership, Group, GroupMembership

        for model in (BodyMembership, GroupMembership):
            post_save.connect(_membership_changed, sender=model, dispatch_uid=f"authority:{model}")
            post_delete.connect(
                _membership_changed, sender=model, dispatch_uid=f"authority:del:{model}"
            )
        post_save.connect(_group_changed, sender=Group, dispatch_uid="authority:group")
        post_delete.connect(_group_changed, sender=Group, dispatch_uid="authority:del:group")
        post_save.connect(_person_changed, sender=User, dispatch_uid="authority:person")


# Roles and a product's groups are remembered on the objects a request works with; when a
# membership or group is saved through one of those very objects, they are forgotten, so a
# check right after the change sees it.


def _membership_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from os2gov.authority.roles import forget_roles

    forget_roles([instance._state.fields_cache.get("person")])


def _group_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from os2gov.authority.predicates import forget_governing_groups

    forget_governing_groups(instance._state.fields_cache.get("product"))


def _person_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from os2gov.authority.roles import forget_roles

    forget_roles([instance])
