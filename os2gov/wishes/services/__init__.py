"""Every write to development wishes. Writes go through these functions only: each checks
the mandate (or participation right) first, validates, and writes the change, the wish's
timeline event, the audit event and (under a mandate) the holder's Decision in one
transaction."""

from os2gov.wishes.services._trail import StaleEditError
from os2gov.wishes.services.priority import (
    priority_refresh,
    priority_weights_set,
    wish_assess,
    wish_estimate,
    wish_rank_set,
)
from os2gov.wishes.services.submission import (
    wish_done_definition_set,
    wish_submit,
    wish_update,
)
from os2gov.wishes.services.support import wish_support, wish_support_withdraw
from os2gov.wishes.services.transitions import (
    TransitionNotAllowed,
    TransitionRefused,
    wish_approve,
    wish_begin_delivery,
    wish_begin_follow_up,
    wish_close,
    wish_deliver,
    wish_mark_duplicate,
    wish_mark_outside_business_need,
    wish_park,
    wish_prioritise,
    wish_realise,
    wish_recommend,
    wish_reject,
    wish_review,
    wish_review_delivery,
    wish_start,
    wish_transition,
    wish_unpark,
)

__all__ = [
    "StaleEditError",
    "TransitionNotAllowed",
    "TransitionRefused",
    "priority_refresh",
    "priority_weights_set",
    "wish_approve",
    "wish_assess",
    "wish_begin_delivery",
    "wish_begin_follow_up",
    "wish_close",
    "wish_deliver",
    "wish_done_definition_set",
    "wish_estimate",
    "wish_mark_duplicate",
    "wish_mark_outside_business_need",
    "wish_park",
    "wish_prioritise",
    "wish_rank_set",
    "wish_realise",
    "wish_recommend",
    "wish_reject",
    "wish_review",
    "wish_review_delivery",
    "wish_start",
    "wish_submit",
    "wish_support",
    "wish_support_withdraw",
    "wish_transition",
    "wish_unpark",
    "wish_update",
]
