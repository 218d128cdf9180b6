"""The evidence rules of a criterion and the limits on evidence files (PRD-02)."""

from __future__ import annotations

import os
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from os2gov.levels.field_errors import Errors
from os2gov.levels.models import AnswerStatus, Criterion

# Evidence files: the types people file documents in, and a size limit per file.
MAX_EVIDENCE_FILE_SIZE = 10 * 1024 * 1024  # 10 MB
MAX_EVIDENCE_URLS = 20
# extension -> the bytes such a file starts with (None: text, checked for NUL bytes)
EVIDENCE_FILE_TYPES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "md": None,
    "txt": None,
}
# A justification explains every answer that is not a plain "met".
EXPLAINED = frozenset({AnswerStatus.PARTLY_MET, AnswerStatus.NOT_MET, AnswerStatus.NOT_APPLICABLE})

_url_validator = URLValidator(schemes=["http", "https"])


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def evidence_file_errors(upload: UploadedFile) -> list[str]:
    """What is wrong with one uploaded evidence file (empty: nothing)."""
    name = upload.name or ""
    problems: list[str] = []
    extension = _extension(name)
    if extension not in EVIDENCE_FILE_TYPES:
        problems.append(
            _("%(name)s: files of this type cannot be uploaded; allowed are %(types)s.")
            % {"name": name, "types": ", ".join(sorted(EVIDENCE_FILE_TYPES))}
        )
        return problems
    size = upload.size or 0
    if size > MAX_EVIDENCE_FILE_SIZE:
        problems.append(
            _("%(name)s is %(size)s MB; a file can be at most %(limit)s MB.")
            % {
                "name": name,
                "size": f"{size / 1024 / 1024:.1f}",
                "limit": MAX_EVIDENCE_FILE_SIZE // 1024 // 1024,
            }
        )
        return problems
    if size == 0:
        problems.append(_("%(name)s is empty.") % {"name": name})
        return problems
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    signatures = EVIDENCE_FILE_TYPES[extension]
    matches = (
        b"\x00" not in head
        if signatures is None
        else any(head.startswith(signature) for signature in signatures)
    )
    if not matches:
        problems.append(
            _("%(name)s is not a %(type)s file, whatever its name says.")
            % {"name": name, "type": extension.upper()}
        )
    return problems


def clean_urls(urls: Sequence[str], errors: Errors) -> list[str]:
    cleaned: list[str] = []
    for url in urls:
        url = (url or "").strip()
        if not url:
            continue
        try:
            _url_validator(url)
        except ValidationError:
            errors.add(
                "evidence_urls",
                _("%(url)s is not a web address (http or https).") % {"url": url[:200]},
                "invalid_url",
            )
            continue
        if url not in cleaned:
            cleaned.append(url)
    if len(cleaned) > MAX_EVIDENCE_URLS:
        errors.add(
            "evidence_urls",
            _("Give at most %(count)s links.") % {"count": MAX_EVIDENCE_URLS},
            "too_many_urls",
        )
    return cleaned


def answer_errors(
    *, criterion: Criterion, status: str, justification: str, evidence_urls: list[str]
) -> Errors:
    """The evidence rules of ``criterion`` applied to an answer (PRD-02)."""
    errors = Errors()
    if status not in AnswerStatus.values:
        errors.add("status", _("Choose one of the answers."), "invalid_status")
        return errors
    if status == AnswerStatus.NOT_APPLICABLE and not criterion.not_applicable_allowed:
        errors.add(
            "status",
            _("%(key)s cannot be answered “not applicable”.") % {"key": criterion.key},
            "not_applicable_not_allowed",
        )
    if status == AnswerStatus.MET and criterion.url_required and not evidence_urls:
        errors.add(
            "evidence_urls",
            _("%(key)s requires a link to the evidence before it can be answered “met”.")
            % {"key": criterion.key},
            "url_required",
        )
    needs_justification = status in EXPLAINED or (
        criterion.justification_required and status != AnswerStatus.UNKNOWN
    )
    if needs_justification and not justification:
        if status in EXPLAINED:
            message = _("Explain the answer “%(status)s” to %(key)s in a justification.") % {
                "status": AnswerStatus(status).label,
                "key": criterion.key,
            }
        else:
            message = _("%(key)s requires a justification.") % {"key": criterion.key}
        errors.add("justification", message, "justification_required")
    return errors
