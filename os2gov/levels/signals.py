"""Recompute the held level when the data under it changes (PRD-05), not only when a page is
viewed.

The handlers only note which products are affected; the recomputation runs after the
transaction commits (``transaction.on_commit``), so a change that is rolled back changes
nothing, and a service writing several rows recomputes each product once. A change of the board
or the secretariat can affect every product, so it recomputes them all.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)

_state = threading.local()
ALL = "all"


def _pending() -> set[Any]:
    pending: set[Any] | None = getattr(_state, "pending", None)
    if pending is None:
        pending = set()
        _state.pending = pending
    return pending


def _flush() -> None:
    from os2gov.catalogue.models import Product, ProductStatus
    from os2gov.levels.compliance import recompute_product_level

    pending = _pending()
    targets = set(pending)
    pending.clear()
    if not targets:
        return
    products = Product.objects.exclude(status=ProductStatus.ARCHIVED)
    if ALL not in targets:
        products = products.filter(pk__in=[pk for pk in targets if pk is not None])
    for product in products.order_by("pk"):
        try:
            recompute_product_level(product)
        except Exception:  # one product's failure must not keep the others stale
            logger.exception("Recomputing the level of %s failed", product)


def schedule(product_id: Any) -> None:
    """Recompute ``product_id`` (or ALL products) once the current transaction commits."""
    _pending().add(product_id)
    # The first flush after the commit recomputes everything noted; later ones find nothing.
    transaction.on_commit(_flush)


def schedule_all_products() -> None:
    schedule(ALL)


def forget_pending() -> None:
    """Drop what is noted but not yet recomputed (for tests that start afresh)."""
    _pending().clear()


def _schedule_decision(decision_id: int, product_id: int | None) -> None:
    """A decision concerns its product, and the products of the groups it concerns (a
    board decision appointing a steering group); its subjects are written after it."""
    if product_id is not None:
        schedule(product_id)

    def products_of_subjects() -> None:
        from django.contrib.contenttypes.models import ContentType

        from os2gov.governance.models import DecisionSubject, Group

        group_ids = DecisionSubject.objects.filter(
            decision_id=decision_id, content_type=ContentType.objects.get_for_model(Group)
        ).values_list("object_id", flat=True)
        product_ids = set(
            Group.objects.filter(pk__in=[int(pk) for pk in group_ids if pk.isdigit()]).values_list(
                "product_id", flat=True
            )
        )
        if product_ids:
            _pending().update(product_ids)
            _flush()

    transaction.on_commit(products_of_subjects)


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    from os2gov.catalogue.models import ConnectionAgreement
    from os2gov.governance.models import BodyMembership, Decision, GroupMembership
    from os2gov.levels.models import Answer, Deviation, Evaluation, Verification

    if isinstance(instance, GroupMembership):
        schedule(instance.group.product_id)
    elif isinstance(instance, BodyMembership):
        schedule_all_products()
    elif isinstance(instance, ConnectionAgreement | Answer | Deviation | Evaluation):
        schedule(instance.product_id)
    elif isinstance(instance, Verification):
        schedule(instance.answer.product_id)
    elif isinstance(instance, Decision):
        _schedule_decision(instance.pk, instance.product_id)


def connect() -> None:
    from os2gov.catalogue.models import ConnectionAgreement
    from os2gov.governance.models import BodyMembership, Decision, GroupMembership
    from os2gov.levels.models import Answer, Deviation, Evaluation, Verification

    for model in (
        GroupMembership,
        BodyMembership,
        ConnectionAgreement,
        Decision,
        Answer,
        Verification,
        Deviation,
        Evaluation,
    ):
        post_save.connect(_changed, sender=model, dispatch_uid=f"levels:save:{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"levels:delete:{model.__name__}")
