"""Public labels of governed objects, for decision texts and decision subjects.

They name people by ``public_name`` only: decisions are public (COM-02), e-mail addresses
are not.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from os2gov.governance.models import BodyMembership, Group, GroupMembership
from os2gov.governance.people import public_name


def group_label(group: Group) -> str:
    return _("%(group)s of %(product)s") % {"group": group.name, "product": group.product.name}


def membership_label(membership: GroupMembership | BodyMembership) -> str:
    if isinstance(membership, GroupMembership):
        return _("%(person)s (%(organisation)s) as %(role)s in %(group)s") % {
            "person": public_name(membership.person),
            "organisation": membership.organisation.name,
            "role": membership.get_role_display(),
            "group": group_label(membership.group),
        }
    return _("%(person)s (%(organisation)s) as %(position)s in %(body)s") % {
        "person": public_name(membership.person),
        "organisation": membership.organisation.name,
        "position": membership.get_position_display(),
        "body": membership.body.name,
    }


def subject_label(obj: models.Model) -> str:
    if isinstance(obj, GroupMembership | BodyMembership):
        return membership_label(obj)
    if isinstance(obj, Group):
        return group_label(obj)
    if hasattr(obj, "email") and hasattr(obj, "name"):  # a person
        return public_name(obj)
    return str(obj)
