"""Every write to the level data: mandate first, then validation, then one transaction with
the Decision (where a body or group decides) and the audit event."""

from os2gov.levels.services.answers import answer_save, verification_record
from os2gov.levels.services.approvals import (
    level_approve,
    level_recommend,
    product_approve,
    product_recommend,
)
from os2gov.levels.services.criteria import (
    criterion_remove,
    criterion_save,
    level_model_draft,
    level_model_publish,
    level_save,
)
from os2gov.levels.services.deviations import deviation_accept, evaluation_record

__all__ = [
    "answer_save",
    "criterion_remove",
    "criterion_save",
    "deviation_accept",
    "evaluation_record",
    "level_approve",
    "level_model_draft",
    "level_model_publish",
    "level_recommend",
    "level_save",
    "product_approve",
    "product_recommend",
    "verification_record",
]
