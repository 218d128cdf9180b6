"""Every write to the governance data: checked against the mandate catalogue, validated,
atomic, and recorded as a decision of the mandate's holder plus an audit event."""

from os2gov.core.errors import StaleEditError
from os2gov.governance.services.bodies import body_update
from os2gov.governance.services.contact import (
    ContactMessage,
    NoTovholder,
    RateLimited,
    contact_rate_check,
    contact_tovholder,
)
from os2gov.governance.services.decisions import decision_record
from os2gov.governance.services.groups import group_create, group_settings_update
from os2gov.governance.services.memberships import (
    body_membership_add,
    body_membership_end,
    membership_action,
    membership_add,
    membership_end,
)

__all__ = [
    "ContactMessage",
    "NoTovholder",
    "RateLimited",
    "StaleEditError",
    "body_membership_add",
    "body_membership_end",
    "body_update",
    "contact_rate_check",
    "contact_tovholder",
    "decision_record",
    "group_create",
    "group_settings_update",
    "membership_action",
    "membership_add",
    "membership_end",
]
