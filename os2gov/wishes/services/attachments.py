"""Files attached to a development wish: a screenshot of the problem, a specification, the
supplier's estimate.

Who may attach, as a coordination group would expect it:

* The people of the submitting municipality (the submitter and their colleagues), while the
  wish is submitted or under review: they know the need and often are not the one person
  who submitted it. Once the group has prioritised the wish, the material it was
  prioritised on does not change behind its back; from then on new material goes through
  the group.
* The coordination group (its public-authority members, under ``wish.prioritise``, the
  mandate under which it prepares and edits wishes), in every state until the wish is
  final: estimates, analyses, test reports during delivery.
* Not suppliers as such, nor a supplier's representative in the group: the group is the
  suppliers' single contact point (WSH-05), so their documents reach a wish through it.

Who may remove: the coordination group, any attachment (e.g. one with personal data in
it), and the person who uploaded it while they may still attach. A removed attachment
leaves the wish page; its row and file stay, and the timeline and audit trail name it.

Files are checked like the evidence files of product levels (levels/evidence.py): an
allowed type whose first bytes match it, not empty, and at most MAX_ATTACHMENT_SIZE.
"""

from __future__ import annotations

import datetime
import os
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from os2gov.authority import service as authority
from os2gov.core.errors import StaleEditError
from os2gov.economy.validation import FieldErrors
from os2gov.wishes.models import Wish, WishAttachment, WishEventKind, WishState
from os2gov.wishes.services._trail import lock_wish, record
from os2gov.wishes.workflow import FINAL

# The coordination group attaches under the mandate it prepares and edits wishes under.
ATTACH = "wish.prioritise"
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024  # 10 MB
MAX_ATTACHMENTS_PER_WISH = 20
NAME_MAX = 200
# extension -> (the content type it is served as, the bytes such a file starts with;
# None: text, checked for NUL bytes)
ATTACHMENT_FILE_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    "pdf": ("application/pdf", (b"%PDF",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "csv": ("text/csv", None),
    "md": ("text/markdown", None),
    "txt": ("text/plain", None),
}
# Where the submitting municipality's people may still attach.
MUNICIPALITY_ATTACHES = frozenset({WishState.SUBMITTED, WishState.UNDER_REVIEW})


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def attachment_file_errors(upload: UploadedFile) -> list[tuple[str, str]]:
    """What is wrong with one uploaded file, as (code, message); empty: nothing. The code
    ``too_large`` is the one the API answers 413 for."""
    name = upload.name or ""
    extension = _extension(name)
    if extension not in ATTACHMENT_FILE_TYPES:
        return [
            (
                "file_type",
                _("%(name)s: files of this type cannot be attached; allowed are %(types)s.")
                % {"name": name, "types": ", ".join(sorted(ATTACHMENT_FILE_TYPES))},
            )
        ]
    size = upload.size or 0
    if size > MAX_ATTACHMENT_SIZE:
        return [
            (
                "too_large",
                _("%(name)s is %(size)s MB; a file can be at most %(limit)s MB.")
                % {
                    "name": name,
                    "size": f"{size / 1024 / 1024:.1f}",
                    "limit": MAX_ATTACHMENT_SIZE // 1024 // 1024,
                },
            )
        ]
    if size == 0:
        return [("empty", _("%(name)s is empty.") % {"name": name})]
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    signatures = ATTACHMENT_FILE_TYPES[extension][1]
    matches = (
        b"\x00" not in head
        if signatures is None
        else any(head.startswith(signature) for signature in signatures)
    )
    if not matches:
        return [
            (
                "file_type",
                _("%(name)s is not a %(type)s file, whatever its name says.")
                % {"name": name, "type": extension.upper()},
            )
        ]
    return []


def _person(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active


def _from_submitting_municipality(actor: Any, wish: Wish) -> bool:
    if not _person(actor):
        return False
    if wish.submitter_id is not None and wish.submitter_id == actor.pk:
        return True
    municipality_id = wish.submitter_municipality_id
    return municipality_id is not None and getattr(actor, "organisation_id", None) == (
        municipality_id
    )


def _refusal(outcome: authority.MandateRefused, wish: Wish) -> authority.MandateRefused:
    """The group's refusal, completed with the municipality's right where the wish has one."""
    holders = authority.join_holders([holder.label for holder in outcome.holders])
    municipality = wish.submitter_municipality
    if municipality is None:
        message = _("Only %(holders)s can attach files to this wish.") % {"holders": holders}
    else:
        message = _(
            "Only %(holders)s can attach files to this wish now; people from "
            "%(municipality)s, which submitted it, can while it is submitted or under review."
        ) % {"holders": holders, "municipality": municipality.name}
    return authority.MandateRefused(message, action=outcome.action, holders=outcome.holders)


def attach_mandate(
    actor: Any, wish: Wish, *, on: datetime.date | None = None
) -> authority.Mandate | None:
    """Under which mandate ``actor`` may attach files to ``wish`` now: the coordination
    group's, or None for a person of the submitting municipality (their own right, no
    mandate). Raises MandateRefused naming who may. Reads only."""
    outcome = authority.check(actor, ATTACH, product=wish.product, on=on)
    if isinstance(outcome, authority.Mandate):
        return outcome
    if wish.state in MUNICIPALITY_ATTACHES and _from_submitting_municipality(actor, wish):
        return None
    raise _refusal(outcome, wish)


def remove_mandate(
    actor: Any, attachment: WishAttachment, *, on: datetime.date | None = None
) -> authority.Mandate | None:
    """Under which mandate ``actor`` may remove ``attachment``: the coordination group's,
    or None for its uploader while they may still attach. Raises MandateRefused naming who
    may. Reads only."""
    wish = attachment.wish
    outcome = authority.check(actor, ATTACH, product=wish.product, on=on)
    if isinstance(outcome, authority.Mandate):
        return outcome
    if (
        _person(actor)
        and attachment.uploaded_by_id == actor.pk
        and wish.state in MUNICIPALITY_ATTACHES
        and _from_submitting_municipality(actor, wish)
    ):
        return None
    holders = authority.join_holders([holder.label for holder in outcome.holders])
    raise authority.MandateRefused(
        _(
            "Only %(holders)s can remove this attachment; the person who attached it can "
            "while the wish is submitted or under review."
        )
        % {"holders": holders},
        action=outcome.action,
        holders=outcome.holders,
    )


def wish_attachment_add(*, wish: Wish, actor: Any, file: UploadedFile) -> WishAttachment:
    """Attach ``file`` to ``wish`` (see the module's docstring for who may). The file's
    type and size are checked first; its content type is the one of its extension, never
    the one the browser sent. Written with a timeline and an audit event; no decision."""
    mandate = attach_mandate(actor, wish)
    errors = FieldErrors()
    for code, message in attachment_file_errors(file):
        errors.add("file", message, code)
    if wish.state in FINAL:
        errors.add("file", _("The wish is final: nothing more can be attached."), "final")
    errors.raise_if_any()
    name = (file.name or "")[-NAME_MAX:]
    with transaction.atomic():
        current = lock_wish(wish)
        # The wish may have moved on meanwhile; the right is asked again on the locked row.
        mandate = attach_mandate(actor, current)
        if current.state in FINAL:
            raise StaleEditError(_("The wish moved on meanwhile; reload it."), code="stale")
        if current.attachments.shown().count() >= MAX_ATTACHMENTS_PER_WISH:
            errors.add(
                "file",
                _("A wish can have at most %(count)s attachments; remove one first.")
                % {"count": MAX_ATTACHMENTS_PER_WISH},
                "too_many",
            )
            errors.raise_if_any()
        attachment = WishAttachment(
            wish=current,
            original_name=name,
            content_type=ATTACHMENT_FILE_TYPES[_extension(name)][0],
            size=file.size or 0,
            uploaded_by=actor,
        )
        # The file is written before the row; a rollback leaves at most an unused file.
        attachment.file.save(name, file, save=False)
        attachment.save()
        record(
            wish=current,
            actor=actor,
            kind=WishEventKind.EDITED,
            text=_("Attached “%(name)s” (%(size)s).")
            % {"name": name, "size": filesizeformat(attachment.size)},
            audit_action="wish.attachment.add",
            mandate=mandate,
            changes={"attachment": [None, name]},
            decide=False,
        )
    return attachment


def wish_attachment_remove(*, attachment: WishAttachment, actor: Any) -> WishAttachment:
    """Take ``attachment`` off the wish (see the module's docstring for who may). The row
    and the file stay, marked removed, so the trail can still name them."""
    mandate = remove_mandate(actor, attachment)
    with transaction.atomic():
        current = lock_wish(attachment.wish)
        row = WishAttachment.objects.select_for_update().get(pk=attachment.pk)
        if row.removed_at is not None:
            raise StaleEditError(
                _("Someone removed this attachment meanwhile."), code="already_removed"
            )
        row.removed_at = timezone.now()
        row.removed_by = actor
        row.save(update_fields=["removed_at", "removed_by"])
        record(
            wish=current,
            actor=actor,
            kind=WishEventKind.EDITED,
            text=_("Removed the attachment “%(name)s”.") % {"name": row.original_name},
            audit_action="wish.attachment.remove",
            mandate=mandate,
            changes={"attachment": [row.original_name, None]},
            decide=False,
        )
    attachment.refresh_from_db()
    return attachment


__all__ = [
    "ATTACHMENT_FILE_TYPES",
    "MAX_ATTACHMENT_SIZE",
    "attach_mandate",
    "attachment_file_errors",
    "remove_mandate",
    "wish_attachment_add",
    "wish_attachment_remove",
]
