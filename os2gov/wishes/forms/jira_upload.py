"""The form of the Jira CSV upload page (WSH-11): the file, the status mapping and the dry run.

The form checks what it can tell at once, each error on its own field: the file is there,
not empty, not too large, and CSV text (the parser's own check, ``decode``); every line of
the status mapping reads "Jira status = wish state" and names a state a wish has
(``validate_status_map``, the command's check). Reading the file as a Jira export is the
import's work, in the background job.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from os2gov.governance.forms import DKFDSForm
from os2gov.wishes.jira.mapping import DEFAULT_STATUSES, MappingError, name_key, validate_status_map
from os2gov.wishes.jira.parser import JiraFileError, decode
from os2gov.wishes.models import WishState

MAX_UPLOAD_SIZE = 10 * 1024 * 1024  # 10 MB: some thousands of issues with descriptions
CSV_EXTENSION = ".csv"
SEPARATOR = "="
STATUS_MAP_MAX = 20_000


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def default_status_lines() -> str:
    """The built-in mapping as the text area shows it: "Jira status = wish state", one a
    line, the state by its name in the current language."""
    labels = {state.value: str(state.label) for state in WishState}
    return "\n".join(
        f"{status} {SEPARATOR} {labels[state]}" for status, state in DEFAULT_STATUSES.items()
    )


def _states_by_name() -> dict[str, str]:
    """A state's name in each of the site's languages -> its code: the text area may have
    been filled in another language than the one it is sent in."""
    names: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.update({name_key(str(state.label)): state.value for state in WishState})
    return names


class JiraUploadForm(DKFDSForm):
    file_name = ""  # the uploaded file's name, once clean_file has read it

    file = forms.FileField(
        label=_("Jira CSV export"),
        widget=forms.FileInput(attrs={"class": "form-file-input", "accept": ".csv,text/csv"}),
        error_messages={
            "required": _("Choose the CSV file exported from Jira."),
            "empty": _("The file is empty. Export the issues from Jira again."),
        },
    )
    status_map = forms.CharField(
        label=_("Status mapping"),
        required=False,
        max_length=STATUS_MAP_MAX,
        widget=forms.Textarea(attrs={"rows": "14", "spellcheck": "false"}),
        help_text=_(
            "One Jira status a line: Jira status = wish state. Change a line to map a "
            "status differently, or add lines for your own statuses; a line you remove keeps "
            "its built-in state. A status the mapping does not know is imported as "
            "submitted and reported."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: show what would change, write nothing"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("status_map", default_status_lines())
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "In Jira: Filters → Export → Export CSV (all fields). At most %(size)s MB; "
            "UTF-8 text, with comma or semicolon between the fields."
        ) % {"size": _megabytes(MAX_UPLOAD_SIZE)}
        # DKFDSForm gives every widget form-input; the file and the checkbox have their own.
        self.fields["file"].widget.attrs["class"] = "form-file-input"
        self.fields["dry_run"].widget.attrs["class"] = "form-checkbox"

    def clean_file(self) -> bytes:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith(CSV_EXTENSION):
            raise forms.ValidationError(
                _(
                    "“%(name)s” is not a CSV file. Choose the CSV file exported from Jira "
                    "(its name ends in .csv)."
                ),
                code="not_csv",
                params={"name": name},
            )
        size = upload.size or 0
        if size > MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s MB; at most %(max)s MB can be imported at once. "
                    "Export fewer issues at a time, for instance one filter per year."
                ),
                code="too_large",
                params={"size": _megabytes(size), "max": _megabytes(MAX_UPLOAD_SIZE)},
            )
        data = upload.read()
        try:
            decode(data)  # empty, binary, UTF-16 or not UTF-8: the parser's own messages
        except JiraFileError as error:
            raise forms.ValidationError(str(error), code="not_text") from None
        self.file_name = name
        return data

    def clean_status_map(self) -> dict[str, str]:
        """The lines the user changed or added, as {Jira status: state code}; lines equal
        to the built-in mapping are left out (they change nothing)."""
        text = self.cleaned_data["status_map"]
        entries: dict[str, str] = {}
        by_name = _states_by_name()
        unreadable: list[str] = []
        unknown: list[str] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            status, separator, state = (part.strip() for part in line.partition(SEPARATOR))
            if not separator or not status or not state:
                unreadable.append(str(number))
                continue
            try:
                checked = validate_status_map(
                    {" ".join(status.split()): by_name.get(name_key(state), state)}
                )
            except MappingError:
                unknown.append(
                    gettext("line %(line)s: “%(state)s”") % {"line": number, "state": state}
                )
                continue
            entries.update(checked)
        errors = []
        if unreadable:
            errors.append(
                forms.ValidationError(
                    ngettext(
                        "Line %(lines)s does not read “Jira status = wish state”.",
                        "Lines %(lines)s do not read “Jira status = wish state”.",
                        len(unreadable),
                    ),
                    code="line",
                    params={"lines": ", ".join(unreadable)},
                )
            )
        if unknown:
            errors.append(
                forms.ValidationError(
                    ngettext(
                        "A wish has no state named as in %(wrong)s.",
                        "A wish has no states named as in %(wrong)s.",
                        len(unknown),
                    )
                    + " "
                    + gettext("A wish's states are: %(states)s."),
                    code="state",
                    params={
                        "wrong": "; ".join(unknown),
                        "states": ", ".join(str(state.label) for state in WishState),
                    },
                )
            )
        if errors:
            raise forms.ValidationError(errors)
        defaults = {name_key(status): state for status, state in DEFAULT_STATUSES.items()}
        return {
            status: state
            for status, state in entries.items()
            if defaults.get(name_key(status)) != state
        }
