"""Data maintenance of the registry. Saves go through the services, so they are checked
against the mandate (a refusal is shown as an error message) and audited."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from os2gov.authority.admin import MandateCheckedAdmin
from os2gov.core.admin_forms import VersionedFormMixin
from os2gov.organisation import services
from os2gov.organisation.models import Organisation
from os2gov.organisation.slugs import danish_slugify


class OrganisationAdminForm(VersionedFormMixin):
    slug = forms.SlugField(
        label=Organisation._meta.get_field("slug").verbose_name,
        required=False,
        max_length=200,
        help_text=gettext_lazy("Leave empty to make it from the name (æ, ø, å become ae, oe, aa)."),
    )
    website = forms.URLField(
        label=Organisation._meta.get_field("website").verbose_name,
        required=False,
        max_length=200,
        assume_scheme="https",
    )

    class Meta:
        model = Organisation
        fields = list(services.EDITABLE_FIELDS)

    def clean_slug(self) -> str:
        return self.cleaned_data.get("slug") or danish_slugify(self.cleaned_data.get("name", ""))


@admin.register(Organisation)
class OrganisationAdmin(MandateCheckedAdmin):
    form = OrganisationAdminForm
    list_display = ("name", "type", "municipality_code", "region_code", "region", "cvr")
    list_filter = ("type", ("region", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("region",)
    search_fields = ("name", "municipality_code", "region_code", "cvr")
    readonly_fields = ("created_at", "updated_at")
    ordering = ("name",)

    def save_model(
        self, request: HttpRequest, obj: Organisation, form: forms.ModelForm, change: bool
    ) -> None:
        data = {field: form.cleaned_data[field] for field in services.EDITABLE_FIELDS}
        if change:
            saved = services.organisation_update(
                actor=request.user,
                organisation=obj,
                data=data,
                expected_updated_at=form.cleaned_data["loaded_version"],
            )
        else:
            saved = services.organisation_create(actor=request.user, data=data)
        # The admin reads the saved object (its pk, for the redirect and log) from ``obj``.
        obj.pk = saved.pk
        obj.slug = saved.slug
        obj.updated_at = saved.updated_at
        obj.created_at = saved.created_at
        obj._state.adding = False

    def has_delete_permission(self, request: HttpRequest, obj: Organisation | None = None) -> bool:
        # Other records point at organisations, and deletions would escape the audit trail.
        return False
