"""The product's self-assessment and the secretariat's verification of it.

Answering a criterion is not a decision of a body: it is the tovholder's statement on the
product's behalf, so it writes an audit event (under the mandate ``criteria.answer``) and an
answer revision, not a Decision. The same goes for a verification, which is the
secretariat's check of one revision (``criteria.verify``). Every change of an answer is kept
as a revision, and a changed answer loses its verification until it is verified again.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.catalogue.models import Product
from os2gov.core.audit import record_event
from os2gov.core.locking import lock_unchanged, refuse_if_changed
from os2gov.levels.evidence import answer_errors, clean_urls, evidence_file_errors
from os2gov.levels.models import (
    Answer,
    AnswerRevision,
    AnswerStatus,
    Criterion,
    EvidenceFile,
    Rating,
    Verification,
)
from os2gov.levels.services._common import Errors, today

ANSWER_ACTION = "criteria.answer"
VERIFY_ACTION = "criteria.verify"


def answer_save(
    *,
    actor: Any,
    product: Product,
    criterion: Criterion,
    status: str,
    justification: str = "",
    evidence_urls: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
    expected_revision: int | None = None,
    on: datetime.date | None = None,
) -> Answer:
    """Answer ``criterion`` (a manual criterion of the current level model) for
    ``product``. ``expected_revision`` is the revision the person saw (None for a first
    answer): an answer changed since then is not overwritten (StaleEditError). Uploaded
    ``files`` are added to the evidence. An answer that changes nothing is left as it is."""
    day = on or today()
    mandate = authority.require(actor, ANSWER_ACTION, product=product, on=day)
    errors = Errors()
    if criterion.is_structural:
        errors.add(
            "criterion",
            _("%(key)s is computed from the governance data; it is not answered.")
            % {"key": criterion.key},
            "structural_criterion",
        )
        errors.raise_if_any()
    if not criterion.model.is_current:
        errors.add(
            "criterion",
            _("%(key)s belongs to version %(version)s of the level model; answer the current one.")
            % {"key": criterion.key, "version": criterion.model.version},
            "not_current_model",
        )
    justification = (justification or "").strip()
    urls = clean_urls(evidence_urls, errors)
    rule_errors = answer_errors(
        criterion=criterion, status=status, justification=justification, evidence_urls=urls
    )
    for field, messages in rule_errors.by_field.items():
        errors.by_field.setdefault(field, []).extend(messages)
    for upload in files:
        for problem in evidence_file_errors(upload):
            errors.add("files", problem, "invalid_file")
    errors.raise_if_any()

    with transaction.atomic():
        answer = (
            Answer.objects.select_for_update(of=("self",))
            .filter(product=product, criterion=criterion)
            .select_related("verification")
            .first()
        )
        refuse_if_changed(
            answer,
            expected_revision,
            field="revision",
            message=_(
                "Someone else answered this criterion after you opened it. Reload it "
                "to see their answer, then make yours again."
            ),
        )
        now = timezone.now()
        if answer is not None:
            unchanged = (
                answer.status == status
                and answer.justification == justification
                and list(answer.evidence_urls) == urls
                and not files
            )
            if unchanged:
                return answer
            old: dict[str, Any] = {
                "status": answer.status,
                "justification": answer.justification,
                "evidence_urls": list(answer.evidence_urls),
            }
            lost_verification = answer.verification_id is not None
            answer.status = status
            answer.justification = justification
            answer.evidence_urls = urls
            answer.revision += 1
            answer.answered_by = actor
            answer.answered_at = now
            answer.verification = None
            answer.save()
        else:
            old = {"status": None, "justification": None, "evidence_urls": None}
            lost_verification = False
            answer = Answer.objects.create(
                product=product,
                criterion=criterion,
                status=status,
                justification=justification,
                evidence_urls=urls,
                revision=1,
                answered_by=actor,
                answered_at=now,
            )
        for upload in files:
            EvidenceFile.objects.create(
                answer=answer,
                file=upload,
                name=(upload.name or "")[:200],
                size=upload.size or 0,
                added_in=answer.revision,
                uploaded_by=actor,
            )
        file_names = list(answer.files.order_by("pk").values_list("name", flat=True))
        AnswerRevision.objects.create(
            answer=answer,
            number=answer.revision,
            status=status,
            justification=justification,
            evidence_urls=urls,
            evidence_files=file_names,
            answered_by=actor,
            answered_at=now,
        )
        changes: dict[str, Any] = {
            field: [old[field], new]
            for field, new in (
                ("status", status),
                ("justification", justification),
                ("evidence_urls", urls),
            )
            if old[field] != new
        }
        if files:
            changes["files_added"] = [None, [upload.name for upload in files]]
        if lost_verification:
            changes["verification"] = ["verified", None]
        record_event(
            actor=actor,
            action="level_answer.save",
            target=answer,
            mandate=mandate.audit_text,
            summary=_("Answered %(key)s for %(product)s: %(status)s.")
            % {
                "key": criterion.key,
                "product": product.name,
                "status": AnswerStatus(status).label,
            },
            changes=changes,
        )
    return answer


def verification_record(
    *,
    actor: Any,
    answer: Answer,
    rating: str,
    basis: str,
    revision: int,
    on: datetime.date | None = None,
) -> Verification:
    """The secretariat's rating of the answer's revision ``revision`` (the one the verifier
    looked at), with its basis. Refused (MandateRefused) for anyone outside the
    secretariat; an answer changed since then is not verified (StaleEditError)."""
    day = on or today()
    mandate = authority.require(actor, VERIFY_ACTION, product=answer.product, on=day)
    errors = Errors()
    if rating not in Rating.values:
        errors.add("rating", _("Choose green, yellow or red."), "invalid_rating")
    basis = (basis or "").strip()
    if not basis:
        errors.add("basis", _("Give the basis of the rating."), "basis_required")
    errors.raise_if_any()
    with transaction.atomic():
        current = lock_unchanged(
            Answer.objects.select_related("criterion"),
            answer.pk,
            field="revision",
            expected=revision,
            message=lambda changed: (
                _(
                    "The answer changed after you opened it (it is now revision %(revision)s). "
                    "Verify the current answer."
                )
                % {"revision": changed.revision}
            ),
        )
        if current.status == AnswerStatus.UNKNOWN:
            raise ValidationError(
                {
                    "answer": ValidationError(
                        _("The product has not answered %(key)s yet; there is nothing to verify.")
                        % {"key": current.criterion.key},
                        code="nothing_to_verify",
                    )
                }
            )
        answer_revision = AnswerRevision.objects.get(answer=current, number=current.revision)
        verification = Verification.objects.create(
            answer=current,
            revision=answer_revision,
            rating=rating,
            basis=basis,
            verified_by=actor,
        )
        current.verification = verification
        current.save(update_fields=["verification"])
        record_event(
            actor=actor,
            action="level_answer.verify",
            target=current,
            mandate=mandate.audit_text,
            summary=_("Verified %(key)s for %(product)s: %(rating)s.")
            % {
                "key": current.criterion.key,
                "product": answer.product.name,
                "rating": Rating(rating).label,
            },
            changes={"rating": [None, rating], "revision": [None, revision]},
        )
    answer.verification = verification
    answer.revision = current.revision
    return verification
