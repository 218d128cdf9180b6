"""Data maintenance of the catalogue. Every save goes through the services, so it is
checked against the mandate (a refusal is shown as an error message and nothing is saved),
validated and audited; nothing can be deleted here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import ForeignKey
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from os2gov.authority.admin import MandateCheckedAdmin
from os2gov.catalogue import services
from os2gov.catalogue.models import (
    AGREEMENT_HOLDER_TYPES,
    ConnectionAgreement,
    Product,
    ProductSupplier,
)
from os2gov.core.admin_forms import VersionedFormMixin
from os2gov.organisation.models import Organisation, OrganisationType
from os2gov.organisation.slugs import danish_slugify


class ProductAdminForm(VersionedFormMixin):
    slug = forms.SlugField(
        label=Product._meta.get_field("slug").verbose_name,
        required=False,
        max_length=200,
        help_text=gettext_lazy("Leave empty to make it from the name (æ, ø, å become ae, oe, aa)."),
    )
    repository_url = forms.URLField(
        label=Product._meta.get_field("repository_url").verbose_name,
        required=False,
        max_length=200,
        assume_scheme="https",
    )
    website = forms.URLField(
        label=Product._meta.get_field("website").verbose_name,
        required=False,
        max_length=200,
        assume_scheme="https",
    )

    class Meta:
        model = Product
        fields = list(services.PRODUCT_FIELDS)

    def clean_slug(self) -> str:
        return self.cleaned_data.get("slug") or danish_slugify(self.cleaned_data.get("name", ""))


class AgreementInlineForm(VersionedFormMixin):
    """New agreements are entered whole; an existing one can only be ended (or its end
    moved): the rest of it is fixed."""

    FIXED_ONCE_SAVED = ("organisation", "starts_on", "annual_contribution", "reference")

    class Meta:
        model = ConnectionAgreement
        fields = ["organisation", "starts_on", "ends_on", "annual_contribution", "reference"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name in self.FIXED_ONCE_SAVED:
                self.fields[name].disabled = True

    def clean_ends_on(self) -> Any:
        ends_on = self.cleaned_data.get("ends_on")
        if self.instance.pk is not None and self.instance.ends_on and ends_on is None:
            raise ValidationError(
                _("An ended agreement cannot be reopened; record a new agreement instead."),
                code="cannot_reopen",
            )
        return ends_on


class AgreementInlineFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """Two new agreements of one organisation in the same save must not overlap."""
        super().clean()
        periods: dict[int, list[tuple[Any, Any]]] = {}
        for form in self.forms:
            if not form.has_changed() or not hasattr(form, "cleaned_data"):
                continue
            if form.instance.pk is not None:
                continue
            data = form.cleaned_data
            organisation, starts_on = data.get("organisation"), data.get("starts_on")
            if organisation is None or starts_on is None:
                continue
            ends_on = data.get("ends_on")
            for other_start, other_end in periods.get(organisation.pk, []):
                if (other_end is None or other_end >= starts_on) and (
                    ends_on is None or other_start <= ends_on
                ):
                    raise ValidationError(
                        _("Two of the new agreements of %(organisation)s overlap."),
                        params={"organisation": organisation.name},
                        code="overlapping_agreement",
                    )
            periods.setdefault(organisation.pk, []).append((starts_on, ends_on))


class SupplierInlineForm(VersionedFormMixin):
    class Meta:
        model = ProductSupplier
        fields = ["organisation", *services.SUPPLIER_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["organisation"].disabled = True


class AgreementInline(admin.TabularInline):
    model = ConnectionAgreement
    form = AgreementInlineForm
    formset = AgreementInlineFormSet
    extra = 1
    can_delete = False
    ordering = ("organisation__name", "-starts_on")

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.filter(
                type__in=AGREEMENT_HOLDER_TYPES
            ).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[ConnectionAgreement]:
        return super().get_queryset(request).select_related("organisation")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SupplierInline(admin.TabularInline):
    model = ProductSupplier
    form = SupplierInlineForm
    extra = 1
    can_delete = False
    ordering = ("organisation__name",)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField | None:
        if db_field.name == "organisation":
            kwargs["queryset"] = Organisation.objects.filter(
                type=OrganisationType.SUPPLIER
            ).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[ProductSupplier]:
        return super().get_queryset(request).select_related("organisation")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Product)
class ProductAdmin(MandateCheckedAdmin):
    form = ProductAdminForm
    inlines = [SupplierInline, AgreementInline]
    # The contact person must work for the documentation owner: the model's clean() says
    # so next to the field.
    autocomplete_fields = ("documentation_owner", "documentation_contact")
    list_display = ("name", "status", "licence")
    list_filter = ("status",)
    search_fields = ("name", "short_description")
    readonly_fields = ("created_at", "updated_at")
    ordering = ("name",)

    def save_model(
        self, request: HttpRequest, obj: Product, form: forms.ModelForm, change: bool
    ) -> None:
        data = {field: form.cleaned_data[field] for field in services.PRODUCT_FIELDS}
        if change:
            saved = services.product_update(
                actor=request.user,
                product=obj,
                data=data,
                expected_updated_at=form.cleaned_data["loaded_version"],
            )
        else:
            saved = services.product_create(actor=request.user, data=data)
        # The admin reads the saved object (its pk, for the redirect and log) from ``obj``.
        obj.pk = saved.pk
        obj.slug = saved.slug
        obj.updated_at = saved.updated_at
        obj.created_at = saved.created_at
        obj._state.adding = False

    def save_formset(
        self, request: HttpRequest, form: forms.ModelForm, formset: Any, change: bool
    ) -> None:
        product: Product = formset.instance
        new_objects: list[models.Model] = []
        changed_objects: list[tuple[models.Model, list[str]]] = []
        for inline_form in formset.forms:
            if not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            if formset.model is ConnectionAgreement:
                if inline_form.instance.pk is None:
                    new_objects.append(
                        services.agreement_create(
                            actor=request.user,
                            product=product,
                            organisation=data["organisation"],
                            starts_on=data["starts_on"],
                            ends_on=data["ends_on"],
                            annual_contribution=data["annual_contribution"],
                            reference=data["reference"],
                        )
                    )
                elif "ends_on" in inline_form.changed_data:
                    changed_objects.append(
                        (
                            services.agreement_end(
                                actor=request.user,
                                agreement=inline_form.instance,
                                ends_on=data["ends_on"],
                                expected_updated_at=data["loaded_version"],
                            ),
                            ["ends_on"],
                        )
                    )
            elif formset.model is ProductSupplier:
                supplier_data = {field: data[field] for field in services.SUPPLIER_FIELDS}
                if inline_form.instance.pk is None:
                    new_objects.append(
                        services.supplier_add(
                            actor=request.user,
                            product=product,
                            organisation=data["organisation"],
                            data=supplier_data,
                        )
                    )
                else:
                    changed_objects.append(
                        (
                            services.supplier_update(
                                actor=request.user,
                                supplier=inline_form.instance,
                                data=supplier_data,
                                expected_updated_at=data["loaded_version"],
                            ),
                            list(inline_form.changed_data),
                        )
                    )
        # What the admin's change message reads from a saved formset.
        formset.new_objects = new_objects
        formset.changed_objects = changed_objects
        formset.deleted_objects = []

    def has_delete_permission(self, request: HttpRequest, obj: Product | None = None) -> bool:
        # Agreements and groups point at products, and deletions would escape the audit trail.
        return False
