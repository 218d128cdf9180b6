"""Forms of the level pages. They only read input; the evidence rules and the mandate checks
live in the services, whose field errors go back on the form (``add_service_errors``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from os2gov.governance.forms import DKFDSForm, add_service_errors, describe_fields
from os2gov.levels.evidence import EVIDENCE_FILE_TYPES, MAX_EVIDENCE_FILE_SIZE, MAX_EVIDENCE_URLS
from os2gov.levels.models import Answer, AnswerStatus, Criterion, Rating


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files (none included); each one is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in items if item]


def _file_limits() -> str:
    return str(
        _("Allowed types: %(types)s. At most %(size)s MB a file.")
        % {
            "types": ", ".join(sorted(EVIDENCE_FILE_TYPES)),
            "size": MAX_EVIDENCE_FILE_SIZE // 1024 // 1024,
        }
    )


class AnswerForm(DKFDSForm):
    status = forms.ChoiceField(label=_("Answer"))
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text=_(
            "Explain the answer. Needed for every answer other than “met”, and for "
            "criteria that ask for it."
        ),
    )
    evidence_urls = forms.CharField(
        label=_("Links to the evidence"),
        widget=forms.Textarea(attrs={"rows": "3"}),
        required=False,
        max_length=20000,
    )
    evidence_files = MultipleFileField(label=_("Add evidence files"), required=False)
    expected_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, criterion: Criterion, answer: Answer | None = None, **kwargs: Any
    ) -> None:
        if answer is not None:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("status", answer.status)
            initial.setdefault("justification", answer.justification)
            initial.setdefault("evidence_urls", "\n".join(answer.evidence_urls))
            initial.setdefault("expected_revision", answer.revision)
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [
            (value, label)
            for value, label in AnswerStatus.choices
            if value != AnswerStatus.NOT_APPLICABLE or criterion.not_applicable_allowed
        ]
        self.fields["evidence_urls"].help_text = _(
            "One web address (http or https) a line, at most %(count)s."
        ) % {"count": MAX_EVIDENCE_URLS}
        self.fields["evidence_files"].help_text = _file_limits()
        describe_fields(self)  # the hints set above

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's errors next to the fields; its ``files`` are this form's
        ``evidence_files``."""
        if hasattr(error, "error_dict"):
            error = ValidationError(
                {
                    ("evidence_files" if name == "files" else name): errors
                    for name, errors in error.error_dict.items()
                }
            )
        add_service_errors(self, error)

    def urls(self) -> list[str]:
        text: str = self.cleaned_data.get("evidence_urls") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class VerificationForm(DKFDSForm):
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    basis = forms.CharField(
        label=_("Basis of the rating"),
        widget=forms.Textarea,
        max_length=5000,
        help_text=_("What you checked, and why the evidence does or does not bear the answer out."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, answer: Answer, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("revision", answer.revision)
        super().__init__(*args, **kwargs)
